//! Running the user's editor on a file: which editor (`HUSH_EDITOR`, `SOPS_EDITOR`, `EDITOR`,
//! else `vi`, split like a shell would), and waiting for it while termination signals are
//! caught, so that the caller always gets to clean up its private plaintext.
//!
//! Signals while the editor runs: SIGINT (Ctrl-C) also reaches the editor, which decides what
//! it means (vi ignores it, a script dies of it; hush reports the latter as interrupted).
//! SIGTERM and SIGHUP are passed on to the editor as SIGTERM, and the edit is abandoned.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::low_level::signal_name;

use crate::error::{Error, Result};

/// The editor command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub program: String,
    pub args: Vec<String>,
}

impl Editor {
    /// The first of `HUSH_EDITOR`, `SOPS_EDITOR`, `EDITOR` that is set and not empty, else
    /// `vi`; split into words as a POSIX shell would (`code --wait`, `"my editor" -f`).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Editor> {
        let line = ["HUSH_EDITOR", "SOPS_EDITOR", "EDITOR"]
            .iter()
            .find_map(|v| get(v).filter(|s| !s.trim().is_empty()))
            .unwrap_or_else(|| "vi".to_string());
        let mut words = shell_words::split(&line)
            .map_err(|e| Error::NoEditor {
                editor: line.clone(),
                reason: format!("cannot split the command line: {e}"),
            })?
            .into_iter();
        let program = words.next().ok_or_else(|| Error::NoEditor {
            editor: line.clone(),
            reason: "the command is empty".into(),
        })?;
        Ok(Editor {
            program,
            args: words.collect(),
        })
    }

    /// Runs the editor on `file` and waits for it.
    pub fn run(&self, file: &Path, signals: &Signals) -> Result<EditorExit> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .arg(file)
            .spawn()
            .map_err(|e| Error::NoEditor {
                editor: self.program.clone(),
                reason: e.to_string(),
            })?;
        let mut forwarded = None;
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| Error::NoEditor {
                editor: self.program.clone(),
                reason: e.to_string(),
            })? {
                break status;
            }
            if forwarded.is_none()
                && let Some(sig) = signals.terminating()
            {
                let pid = rustix::process::Pid::from_child(&child);
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
                forwarded = Some(sig);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // A Ctrl-C the editor survived was meant for the editor.
        signals.interrupt.store(false, Ordering::SeqCst);
        Ok(match (forwarded, status.signal(), status.code()) {
            (Some(sig), _, _) => EditorExit::Interrupted(sig),
            (None, Some(sig), _) => EditorExit::Interrupted(signal_name(sig).unwrap_or("a signal")),
            (None, None, Some(0)) => EditorExit::Closed,
            (None, None, code) => EditorExit::Failed(match code {
                Some(c) => format!("exited with status {c}"),
                None => "failed".to_string(),
            }),
        })
    }
}

/// How the editor ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditorExit {
    /// Exit status 0: look at the file.
    Closed,
    /// A non-zero exit status.
    Failed(String),
    /// Killed by, or abandoned because of, this signal.
    Interrupted(&'static str),
}

/// SIGINT, SIGTERM and SIGHUP caught for as long as this lives, so that a terminal closing
/// or a `kill` does not end hush before it removed its plaintext.
pub struct Signals {
    interrupt: Arc<AtomicBool>,
    terminate: Arc<AtomicBool>,
    hangup: Arc<AtomicBool>,
    ids: Vec<signal_hook::SigId>,
}

impl Signals {
    pub fn catch() -> Result<Signals> {
        let mut s = Signals {
            interrupt: Arc::default(),
            terminate: Arc::default(),
            hangup: Arc::default(),
            ids: Vec::new(),
        };
        for (sig, flag) in [
            (SIGINT, s.interrupt.clone()),
            (SIGTERM, s.terminate.clone()),
            (SIGHUP, s.hangup.clone()),
        ] {
            let id = signal_hook::flag::register(sig, flag)
                .map_err(|e| Error::Usage(format!("cannot catch signals: {e}")))?;
            s.ids.push(id);
        }
        Ok(s)
    }

    /// SIGTERM or SIGHUP, if one arrived.
    pub fn terminating(&self) -> Option<&'static str> {
        if self.terminate.load(Ordering::SeqCst) {
            Some("SIGTERM")
        } else if self.hangup.load(Ordering::SeqCst) {
            Some("SIGHUP")
        } else {
            None
        }
    }

    /// Any caught signal, SIGINT included (for waits outside the editor).
    pub fn pending(&self) -> Option<&'static str> {
        self.terminating()
            .or_else(|| self.interrupt.load(Ordering::SeqCst).then_some("SIGINT"))
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(vars: &[(&str, &str)]) -> Result<Editor> {
        Editor::from_vars(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn editor_precedence_and_splitting() {
        let e = editor(&[("EDITOR", "nano"), ("SOPS_EDITOR", "code --wait")]).unwrap();
        assert_eq!(e.program, "code");
        assert_eq!(e.args, ["--wait"]);
        let e = editor(&[("HUSH_EDITOR", "'my editor' -f"), ("SOPS_EDITOR", "x")]).unwrap();
        assert_eq!(e.program, "my editor");
        assert_eq!(e.args, ["-f"]);
        assert_eq!(editor(&[("EDITOR", "  ")]).unwrap().program, "vi");
        assert!(editor(&[("EDITOR", "'unclosed")]).is_err());
    }

    #[test]
    fn exit_statuses_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let signals = Signals::catch().unwrap();
        let sh = |script: &str| Editor {
            program: "sh".into(),
            args: vec!["-c".into(), script.into(), "editor".into()],
        };
        assert_eq!(
            sh("test -f \"$1\"").run(&file, &signals).unwrap(),
            EditorExit::Closed
        );
        assert_eq!(
            sh("exit 3").run(&file, &signals).unwrap(),
            EditorExit::Failed("exited with status 3".into())
        );
        assert_eq!(
            sh("kill -KILL $$").run(&file, &signals).unwrap(),
            EditorExit::Interrupted("SIGKILL")
        );
        let missing = Editor {
            program: "/nonexistent/editor".into(),
            args: vec![],
        };
        let err = missing.run(&file, &signals).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::ExitCode::NoEditorFound);
    }
}
