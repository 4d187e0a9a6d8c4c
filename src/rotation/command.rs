//! Shell commands around rotation: the `command:CMD` generator (its standard output is the
//! value) and the `on_rotate` `run:` action (the new value on its standard input). Both run
//! through `sh -c` with standard error passed through to the user; neither the value nor the
//! command's output is ever put in an argument, a log or an error message.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Runs the generator `command` and returns its standard output without one trailing
/// newline. A non-zero exit or an empty output is an error.
pub fn run(command: &str) -> Result<Zeroizing<Vec<u8>>> {
    let failed = |reason: String| Error::GeneratorFailed { reason };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| failed(format!("cannot start sh: {e}")))?;
    // Room for any sensible value up front, so no reallocation leaves a copy behind.
    let mut out = Zeroizing::new(Vec::with_capacity(64 * 1024));
    if let Some(mut stdout) = child.stdout.take() {
        stdout
            .read_to_end(&mut out)
            .map_err(|e| failed(format!("cannot read its output: {e}")))?;
    }
    let status = child
        .wait()
        .map_err(|e| failed(format!("cannot wait for it: {e}")))?;
    if !status.success() {
        return Err(failed(format!(
            "{}; its standard error is above",
            describe(status)
        )));
    }
    if out.last() == Some(&b'\n') {
        out.pop();
    }
    if out.is_empty() {
        return Err(failed(
            "it printed nothing; a generator prints the new value on standard output".into(),
        ));
    }
    Ok(out)
}

/// Runs `command` in `dir` with `value` on its standard input and `env` added to its
/// environment. Returns `Err(reason)` when it cannot start or does not exit with status 0.
pub fn run_with_value(
    command: &str,
    dir: &std::path::Path,
    env: &[(&str, &str)],
    value: &[u8],
) -> std::result::Result<(), String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start sh: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input closes the pipe early: not a failure.
        match stdin.write_all(value) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(format!("cannot pass the value on its standard input: {e}"));
            }
            _ => {}
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for it: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(describe(status))
    }
}

/// "exited with status N" or "was killed by signal N".
fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("the command exited with status {code}"),
        (None, Some(signal)) => format!("the command was killed by signal {signal}"),
        (None, None) => format!("the command failed ({status})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_minus_one_newline() {
        assert_eq!(&run("printf 'a b\\n\\n'").unwrap()[..], b"a b\n");
        assert_eq!(&run("printf x").unwrap()[..], b"x");
    }

    #[test]
    fn failures_name_the_status() {
        let e = run("exit 3").unwrap_err().to_string();
        assert!(e.contains("status 3"), "{e}");
        let e = run("true").unwrap_err().to_string();
        assert!(e.contains("printed nothing"), "{e}");
    }

    #[test]
    fn actions_read_the_value_on_stdin() {
        let here = std::path::Path::new(".");
        assert!(run_with_value("test \"$(cat)\" = v1", here, &[], b"v1").is_ok());
        assert!(run_with_value("test \"$X\" = y", here, &[("X", "y")], b"").is_ok());
        assert_eq!(
            run_with_value("exit 4", here, &[], b"v").unwrap_err(),
            "the command exited with status 4"
        );
    }
}
