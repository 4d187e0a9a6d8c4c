//! Runs the child and stays with it: forwards signals, applies rotations from the watcher,
//! restarts it when asked, and returns its exit code once it exits on its own.
//!
//! One loop owns the child and reacts to events from two threads: the signal relay
//! (signal-hook; `SIGCHLD` tells the child changed state) and the file watcher. The child is
//! only reaped by this loop, so its pid is never signalled after it was reused.
//!
//! Signals: `SIGINT`, `SIGTERM`, `SIGHUP`, `SIGQUIT`, `SIGUSR1` and `SIGUSR2` sent to hush by
//! a process (`kill`, a container runtime) are passed to the child. Those the kernel sends on
//! behalf of a terminal (Ctrl-C, hangup) already reached the child, which shares hush's
//! process group, so they are not sent twice.

use std::process::{Child, ExitStatus};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};
use signal_hook::consts::{SIGCHLD, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2};
use signal_hook::iterator::SignalsInfo;
use signal_hook::iterator::exfiltrator::WithOrigin;
use signal_hook::low_level::siginfo::Cause;

use crate::error::{Error, Result};

/// What the supervising loop reacts to.
pub(super) enum Event {
    /// A signal for hush; `from_terminal` when the kernel sent it for a terminal.
    Signal { signal: i32, from_terminal: bool },
    /// `SIGCHLD`: the child may have exited.
    ChildChanged,
    /// The watched file has new content (sealed bytes).
    FileChanged(Vec<u8>),
    /// The watched file cannot be read (the message names no secret).
    FileUnreadable(String),
}

/// What to do with the running child after a rotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnChange {
    /// Stop it (`SIGTERM`, then `SIGKILL` after the stop timeout) and start it again.
    Restart,
    /// Send it this signal; it re-reads the file itself.
    Signal(Signal),
}

/// A report for the user while the child runs; never contains a secret.
#[derive(Debug)]
pub enum Notice {
    /// New values were delivered.
    Rotated { action: String },
    /// The changed file could not be opened; the child keeps the values it has.
    RotationFailed(Error),
    /// The watched file cannot be read; the child keeps the values it has.
    Unreadable(String),
}

/// Starts the child and takes rotated values.
pub(super) trait Launcher {
    fn spawn(&mut self) -> Result<Child>;
    /// Decrypts a new version of the sealed file and stages its values for the child.
    fn reload(&mut self, sealed: &[u8]) -> Result<()>;
}

/// How rotations are applied.
pub(super) struct Policy {
    pub on_change: OnChange,
    pub stop_timeout: Duration,
}

/// The event stream: signals relayed from the moment it exists, so a child spawned after it
/// cannot exit unnoticed.
pub(super) struct Events {
    pub sender: Sender<Event>,
    receiver: Receiver<Event>,
    signals: signal_hook::iterator::Handle,
}

impl Events {
    pub(super) fn start() -> Result<Events> {
        let (sender, receiver) = channel();
        let relayed = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD];
        let mut signals =
            SignalsInfo::<WithOrigin>::new(relayed).map_err(|source| Error::Exec {
                what: "cannot install signal handlers".into(),
                source,
            })?;
        let handle = signals.handle();
        let relay = sender.clone();
        std::thread::Builder::new()
            .name("hush-signals".into())
            .spawn(move || {
                for origin in signals.forever() {
                    let event = match origin.signal {
                        SIGCHLD => Event::ChildChanged,
                        signal => Event::Signal {
                            signal,
                            from_terminal: origin.cause == Cause::Kernel,
                        },
                    };
                    if relay.send(event).is_err() {
                        return;
                    }
                }
            })
            .map_err(|source| Error::Exec {
                what: "cannot start the signal relay".into(),
                source,
            })?;
        Ok(Events {
            sender,
            receiver,
            signals: handle,
        })
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.signals.close();
    }
}

/// Runs the child until it exits on its own and returns hush's exit code for it.
pub(super) fn supervise(
    launcher: &mut dyn Launcher,
    events: &Events,
    policy: &Policy,
    notify: &dyn Fn(Notice),
) -> Result<u8> {
    let child = launcher.spawn()?;
    let mut run = Run {
        launcher,
        policy,
        notify,
        child,
        restart_pending: false,
        kill_at: None,
    };
    loop {
        let event = match run.kill_at {
            None => events
                .receiver
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => events
                .receiver
                .recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        let step = match event {
            Ok(event) => run.handle(event)?,
            Err(RecvTimeoutError::Timeout) => {
                // The old child ignored the stop signal for the whole stop timeout.
                send(&run.child, Signal::KILL);
                run.kill_at = None;
                None
            }
            // Every sender is gone (cannot happen while `events` lives): wait plainly.
            Err(RecvTimeoutError::Disconnected) => {
                Some(run.child.wait().map(exit_code).map_err(wait_failed)?)
            }
        };
        if let Some(code) = step {
            return Ok(code);
        }
    }
}

/// The supervising loop's state.
struct Run<'a> {
    launcher: &'a mut dyn Launcher,
    policy: &'a Policy,
    notify: &'a dyn Fn(Notice),
    child: Child,
    /// A rotation stopped the child: start it again once it exited.
    restart_pending: bool,
    /// When to stop asking the old child nicely.
    kill_at: Option<Instant>,
}

impl Run<'_> {
    /// Reacts to one event; returns the exit code once the child exited for good.
    fn handle(&mut self, event: Event) -> Result<Option<u8>> {
        match event {
            Event::ChildChanged => return self.child_changed(),
            Event::Signal {
                signal,
                from_terminal,
            } => self.forward(signal, from_terminal),
            Event::FileChanged(sealed) => self.rotate(&sealed),
            Event::FileUnreadable(message) => (self.notify)(Notice::Unreadable(message)),
        }
        Ok(None)
    }

    fn child_changed(&mut self) -> Result<Option<u8>> {
        let Some(status) = self.child.try_wait().map_err(wait_failed)? else {
            return Ok(None);
        };
        if !std::mem::take(&mut self.restart_pending) {
            return Ok(Some(exit_code(status)));
        }
        self.kill_at = None;
        self.child = self.launcher.spawn()?;
        Ok(None)
    }

    fn forward(&mut self, signal: i32, from_terminal: bool) {
        if !from_terminal && let Some(sig) = Signal::from_named_raw(signal) {
            send(&self.child, sig);
        }
        if ![SIGHUP, SIGUSR1, SIGUSR2].contains(&signal) {
            // The user asked the child to end: do not start it again.
            self.restart_pending = false;
        }
    }

    fn rotate(&mut self, sealed: &[u8]) {
        if let Err(e) = self.launcher.reload(sealed) {
            (self.notify)(Notice::RotationFailed(e));
            return;
        }
        let action = match self.policy.on_change {
            OnChange::Restart if self.restart_pending => return,
            OnChange::Restart => {
                send(&self.child, Signal::TERM);
                self.restart_pending = true;
                self.kill_at = Some(Instant::now() + self.policy.stop_timeout);
                "restarting the command".to_string()
            }
            OnChange::Signal(sig) => {
                send(&self.child, sig);
                format!("sent SIG{} to the command", signal_name(sig))
            }
        };
        (self.notify)(Notice::Rotated { action });
    }
}

/// Signals the child if it has not been reaped (a zombie still holds its pid).
fn send(child: &Child, signal: Signal) {
    let pid = i32::try_from(child.id()).ok().and_then(Pid::from_raw);
    if let Some(pid) = pid {
        // ESRCH: it is already gone, and SIGCHLD will tell.
        let _ = kill_process(pid, signal);
    }
}

fn wait_failed(source: std::io::Error) -> Error {
    Error::Exec {
        what: "cannot wait for the command".into(),
        source,
    }
}

/// The child's exit code, or 128 + the signal that killed it (as shells report it).
pub(super) fn exit_code(status: ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => u8::try_from(code & 0xff).unwrap_or(1),
        (None, Some(sig)) => u8::try_from(128 + sig).unwrap_or(255),
        (None, None) => 1,
    }
}

/// Names signals by their short name, `HUP` for `SIGHUP`.
const SIGNAL_NAMES: [(&str, Signal); 8] = [
    ("HUP", Signal::HUP),
    ("INT", Signal::INT),
    ("QUIT", Signal::QUIT),
    ("TERM", Signal::TERM),
    ("USR1", Signal::USR1),
    ("USR2", Signal::USR2),
    ("WINCH", Signal::WINCH),
    ("ALRM", Signal::ALARM),
];

fn signal_name(signal: Signal) -> &'static str {
    SIGNAL_NAMES
        .iter()
        .find(|(_, s)| *s == signal)
        .map_or("?", |(n, _)| n)
}

impl OnChange {
    /// Parses `restart` or `signal:NAME` (`signal:HUP`, `signal:SIGUSR1`).
    pub fn parse(text: &str) -> std::result::Result<OnChange, String> {
        if text == "restart" {
            return Ok(OnChange::Restart);
        }
        let name = text.strip_prefix("signal:").ok_or_else(|| {
            format!("`{text}`: expected `restart` or `signal:NAME` (such as `signal:HUP`)")
        })?;
        let short = name.strip_prefix("SIG").unwrap_or(name);
        SIGNAL_NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(short))
            .map(|(_, s)| OnChange::Signal(*s))
            .ok_or_else(|| {
                let known: Vec<&str> = SIGNAL_NAMES.iter().map(|(n, _)| *n).collect();
                format!("unknown signal `{name}`; use one of {}", known.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_change_parses_restart_and_signal_names() {
        assert_eq!(OnChange::parse("restart"), Ok(OnChange::Restart));
        assert_eq!(
            OnChange::parse("signal:HUP"),
            Ok(OnChange::Signal(Signal::HUP))
        );
        assert_eq!(
            OnChange::parse("signal:SIGusr1"),
            Ok(OnChange::Signal(Signal::USR1))
        );
        assert!(OnChange::parse("signal:KILLME").is_err());
        assert!(OnChange::parse("reload").is_err());
    }

    #[test]
    fn exit_codes_follow_the_shell_convention() {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(exit_code(ExitStatus::from_raw(3 << 8)), 3);
        assert_eq!(exit_code(ExitStatus::from_raw(15)), 143);
    }
}
