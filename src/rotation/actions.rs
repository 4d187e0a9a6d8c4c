//! The `on_rotate` actions of the policy, run after a rotation made a new version current:
//! re-seal one value of a sealed file (through `hush set`'s minimal-diff rewrite), run a
//! command with the value on its standard input, or signal a process named by a pid file
//! (e.g. a `hush exec-env --pid-file` supervisor, which passes the signal to its child).
//! Each returns why it failed as text that never contains the value.

use std::path::{Path, PathBuf};

use rustix::process::{Pid, Signal, kill_process};

use crate::config::secrets::Action;
use crate::envelope::seal::KeyUnwrapper;
use crate::ops::io::Input;
use crate::ops::set::{self, NewValue, SetOptions};

/// What an action is run with.
pub struct ActionContext<'a> {
    /// The canonical reference rotated.
    pub reference: &'a str,
    /// The version now current.
    pub version: &'a str,
    pub value: &'a [u8],
    /// The config file's directory: relative paths and commands start there.
    pub base: &'a Path,
    pub unwrapper: &'a dyn KeyUnwrapper,
}

/// Runs one action.
pub fn run(action: &Action, cx: &ActionContext) -> Result<(), String> {
    match action {
        Action::Update { file, path } => update(&cx.base.join(file), path, cx),
        Action::Run { command } => {
            let env = [
                ("HUSH_SECRET_REF", cx.reference),
                ("HUSH_SECRET_VERSION", cx.version),
            ];
            super::command::run_with_value(command, cx.base, &env, cx.value)
        }
        Action::Signal { pid_file, signal } => send(&cx.base.join(pid_file), signal),
    }
}

fn update(file: &Path, path: &str, cx: &ActionContext) -> Result<(), String> {
    let text = std::str::from_utf8(cx.value).map_err(|_| {
        "the value is not UTF-8 text, so it cannot go into a sealed file".to_string()
    })?;
    let format = Input::File(file.to_path_buf())
        .format(None)
        .map_err(|e| e.to_string())?;
    set::set(SetOptions {
        file: file.to_path_buf(),
        format,
        path: path.to_string(),
        value: NewValue::Raw(text.to_string()),
        unwrapper: cx.unwrapper,
    })
    .map(|_| ())
    .map_err(|e| e.to_string())
}

fn send(pid_file: &Path, signal: &str) -> Result<(), String> {
    let shown = pid_file.display();
    let text = std::fs::read_to_string(pid_file)
        .map_err(|e| format!("cannot read the pid file {shown}: {e}"))?;
    let pid = text
        .trim()
        .parse::<i32>()
        .ok()
        .and_then(Pid::from_raw)
        .ok_or_else(|| format!("{shown} does not hold a process id"))?;
    let sig = match signal {
        "HUP" => Signal::HUP,
        "USR1" => Signal::USR1,
        "USR2" => Signal::USR2,
        "TERM" => Signal::TERM,
        "INT" => Signal::INT,
        other => return Err(format!("cannot send signal {other}")),
    };
    kill_process(pid, sig).map_err(|e| {
        format!(
            "cannot send SIG{signal} to process {} (from {shown}): {e}",
            pid.as_raw_nonzero()
        )
    })
}

/// The directory relative action paths start from: the config file's.
pub fn base_dir(config_path: &Path) -> PathBuf {
    crate::config::absolute(config_path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"))
}
