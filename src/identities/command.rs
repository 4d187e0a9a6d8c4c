//! Running `SOPS_AGE_KEY_CMD` / `SOPS_AGE_SSH_PRIVATE_KEY_CMD`: the command line is split
//! like a shell would (no shell runs), stdin is empty, stderr goes to the user (so the
//! command can explain itself), and stdout is captured into a zeroizing buffer.
//! `SOPS_AGE_RECIPIENT` is set as sops sets it.

use std::io::Read;
use std::process::{Command, Stdio};

use zeroize::Zeroizing;

use super::SIZE_LIMIT;

/// Runs `cmd_line`; errors describe the failure without echoing the command or its output.
pub(super) fn run(cmd_line: &str, recipient: Option<&str>) -> Result<Zeroizing<Vec<u8>>, String> {
    let words =
        shell_words::split(cmd_line).map_err(|e| format!("cannot split the command line: {e}"))?;
    let (program, args) = words.split_first().ok_or("the command is empty")?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(r) = recipient {
        cmd.env("SOPS_AGE_RECIPIENT", r);
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    let mut out = Zeroizing::new(Vec::with_capacity(4096));
    let read = match child.stdout.take() {
        Some(stdout) => stdout.take(SIZE_LIMIT).read_to_end(&mut out).map(drop),
        None => Ok(()),
    };
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for `{program}`: {e}"))?;
    read.map_err(|e| format!("cannot read the output of `{program}`: {e}"))?;
    if status.success() {
        Ok(out)
    } else {
        Err(format!("`{program}` failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_stdout_and_passes_the_recipient() {
        let out = run(
            "sh -c 'printf \"%s\" \"$SOPS_AGE_RECIPIENT\"'",
            Some("age1abc"),
        )
        .unwrap();
        assert_eq!(&out[..], b"age1abc");
    }

    #[test]
    fn failures_do_not_echo_output() {
        let err = run("sh -c 'echo SECRET; exit 3'", None).unwrap_err();
        assert_eq!(err, "`sh` failed (exit status: 3)");
        assert!(
            run("'unterminated", None)
                .unwrap_err()
                .contains("missing closing quote")
        );
        assert_eq!(run("  ", None).unwrap_err(), "the command is empty");
        assert!(
            run("/nonexistent/hush-test-cmd", None)
                .unwrap_err()
                .starts_with("cannot run `/nonexistent/hush-test-cmd`")
        );
    }
}
