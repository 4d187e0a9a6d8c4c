//! Secret hygiene of the running binary: no core dumps, and `exec-env`/`exec-file`
//! children that do not get hush's identity variables. The child of `hush exec-env` looks
//! at its parent (hush) through `/proc/$PPID`. (The dumpable flag is checked by the unit
//! tests of `hush::hardening`: this machine's kernel lets a same-uid root process without
//! `CAP_SYS_PTRACE` read a non-dumpable process's `/proc` files, so no child-side probe is
//! reliable here.)

mod common;
use common::*;
use std::path::PathBuf;

fn sealed(s: &Scratch) -> PathBuf {
    let plain = s.write("app.yaml", "DB_PASSWORD: hunter2\n");
    ok(&s.hush(&[
        "encrypt",
        "--age",
        AGE_RECIPIENT,
        "-i",
        plain.to_str().expect("utf-8"),
    ]));
    plain
}

/// The soft `Max core file size` of `/proc/PID/limits` text.
fn core_soft_limit(limits: &str) -> String {
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap_or_else(|| panic!("no core line in {limits}"));
    line["Max core file size".len()..]
        .split_whitespace()
        .next()
        .expect("soft limit")
        .to_string()
}

#[test]
fn hush_runs_without_core_dumps() {
    let s = Scratch::new();
    let file = sealed(&s);
    let out = s.hush(&[
        "exec-env",
        file.to_str().expect("utf-8"),
        "--",
        "sh",
        "-c",
        "cat /proc/$PPID/limits",
    ]);
    assert_eq!(core_soft_limit(&stdout(ok(&out))), "0");
}

const IDENTITY_VARS: [&str; 8] = [
    "SOPS_AGE_KEY",
    "SOPS_AGE_KEY_FILE",
    "SOPS_AGE_KEY_CMD",
    "HUSH_AGE_KEY_FILE",
    "HUSH_AGE_PASSPHRASE",
    "HUSH_KEYRING",
    "SOPS_AGE_SSH_PRIVATE_KEY_FILE",
    "SOPS_AGE_SSH_PRIVATE_KEY_CMD",
];

/// `env` as the child of `hush exec-env`/`exec-file` sees it, with every identity variable
/// set for hush (to values that still let it decrypt).
fn child_env(s: &Scratch, command: &str, extra: &[&str]) -> String {
    let file = sealed(s);
    let key_file = s.key_file();
    let key_file = key_file.to_str().expect("utf-8");
    let mut cmd = s.hush_cmd(&[]);
    cmd.arg(command).args(extra).arg(&file).arg("--");
    if command == "exec-file" {
        cmd.args(["sh", "-c", "env # {}"]);
    } else {
        cmd.arg("env");
    }
    cmd.env("SOPS_AGE_KEY", AGE_IDENTITY)
        .env("SOPS_AGE_KEY_FILE", key_file)
        .env("SOPS_AGE_KEY_CMD", format!("cat {key_file}"))
        .env("HUSH_AGE_KEY_FILE", key_file)
        .env("HUSH_AGE_PASSPHRASE", "not-needed")
        .env("HUSH_KEYRING", "0")
        .env("SOPS_AGE_SSH_PRIVATE_KEY_FILE", "")
        .env("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "")
        .env("UNRELATED", "kept");
    stdout(ok(&cmd.output().expect("run hush")))
}

fn names(env: &str) -> Vec<&str> {
    env.lines().filter_map(|l| l.split('=').next()).collect()
}

#[test]
fn children_do_not_inherit_identity_variables() {
    let s = Scratch::new();
    for (command, extra) in [("exec-env", &[][..]), ("exec-file", &["--fifo"][..])] {
        let env = child_env(&s, command, extra);
        let names = names(&env);
        assert!(names.contains(&"UNRELATED"), "{command}: {env}");
        for var in IDENTITY_VARS {
            assert!(!names.contains(&var), "{command} passed {var}");
        }
        assert!(!env.contains("AGE-SECRET-KEY"), "{command}");
    }
    assert!(names(&child_env(&s, "exec-env", &[])).contains(&"DB_PASSWORD"));
}

#[test]
fn keep_identity_env_passes_them_on_request() {
    let s = Scratch::new();
    let env = child_env(&s, "exec-env", &["--keep-identity-env"]);
    let names = names(&env);
    for var in ["SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "HUSH_AGE_PASSPHRASE"] {
        assert!(names.contains(&var), "{var} missing: {names:?}");
    }
}

#[test]
fn keep_identity_env_and_pristine_conflict() {
    let s = Scratch::new();
    let file = sealed(&s);
    let out = s.hush(&[
        "exec-env",
        "--pristine",
        "--keep-identity-env",
        file.to_str().expect("utf-8"),
        "--",
        "env",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
