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

/// The data key of the sealed YAML `file`, unwrapped from its age entry by the age CLI.
fn data_key(s: &Scratch, file: &std::path::Path) -> Vec<u8> {
    let doc = hush::document::parse(
        hush::document::Format::Yaml,
        std::fs::read(file).expect("sealed file"),
        file,
    )
    .expect("sealed YAML");
    let enc = doc.metadata.expect("sops block")["age"][0]["enc"]
        .as_str()
        .expect("age enc")
        .to_string();
    let armored = s.write("key.age", enc);
    let out = std::process::Command::new(tool("age", "HUSH_AGE_BIN"))
        .args(["-d", "-i"])
        .args([s.key_file(), armored])
        .output()
        .expect("run age");
    let key = ok(&out).stdout.clone();
    assert_eq!(key.len(), 32);
    key
}

/// Every writable mapping of process `pid` (heap, stacks, anonymous memory), read through
/// `/proc/PID/mem`; mappings that cannot be read are skipped.
fn writable_memory(pid: u32) -> Vec<u8> {
    use std::io::{Read, Seek, SeekFrom};
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).expect("maps");
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem"))
        .expect("/proc/PID/mem is readable by the test (it runs as root, as CI does)");
    let mut out = Vec::new();
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        if !perms.starts_with("rw") {
            continue;
        }
        let (start, end) = range.split_once('-').expect("range");
        let start = u64::from_str_radix(start, 16).expect("start");
        let end = u64::from_str_radix(end, 16).expect("end");
        let mut region = vec![0u8; (end - start) as usize];
        if mem.seek(SeekFrom::Start(start)).is_ok() && mem.read_exact(&mut region).is_ok() {
            out.extend_from_slice(&region);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_supervising_exec_env_keeps_neither_the_data_key_nor_the_identity_in_memory() {
    use std::os::unix::ffi::OsStrExt;
    let s = Scratch::new();
    let file = sealed(&s);
    let key = data_key(&s, &file);
    let ready = s.path("ready");
    let mut hush = s
        .hush_cmd(&[
            "exec-env",
            file.to_str().expect("utf-8"),
            "--",
            "sh",
            "-c",
            "echo $$ > \"$READY.tmp\"; mv \"$READY.tmp\" \"$READY\"; exec sleep 60",
        ])
        .env("READY", &ready)
        .spawn()
        .expect("run hush");
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !ready.exists() {
        assert!(
            std::time::Instant::now() < give_up,
            "the child never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let memory = writable_memory(hush.id());
    let sleeper = std::fs::read_to_string(&ready).expect("child pid");
    hush.kill().ok();
    hush.wait().ok();
    let _ = std::process::Command::new("kill")
        .arg(sleeper.trim())
        .status();
    // The scan sees hush's memory: its arguments (on its stack) are there.
    assert!(contains(&memory, file.as_os_str().as_bytes()));
    assert!(
        !contains(&memory, &key),
        "the data key is still in hush's memory"
    );
    assert!(
        !contains(&memory, AGE_IDENTITY.as_bytes()),
        "the identity is still in hush's memory"
    );
}
