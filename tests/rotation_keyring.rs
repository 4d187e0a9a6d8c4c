//! `hush secret`/`rotate`/`rollback` with `keyring:` references against the real kernel
//! keyring (keyutils). Each test re-runs itself under `keyctl session -`, so every hush and
//! keyctl process it starts shares one fresh session keyring; the state is checked with
//! `keyctl` itself (not through hush).

#![cfg(target_os = "linux")]

mod common;

use std::process::{Command, Output, Stdio};

use common::*;

const USER: &str = "db";

/// Set in the re-run of a test inside its session keyring.
const INSIDE: &str = "HUSH_TEST_INSIDE_KEYCTL_SESSION";

fn keyctl_bin() -> std::path::PathBuf {
    tool("keyctl", "HUSH_KEYCTL_BIN")
}

/// `true` inside the test's session keyring. Outside, re-runs the test `name` of this
/// binary under `keyctl session -`, asserts that it ran and passed, and returns `false`.
fn in_session_keyring(name: &str) -> bool {
    if std::env::var_os(INSIDE).is_some() {
        return true;
    }
    let o = run(Command::new(keyctl_bin())
        .args(["session", "-"])
        .arg(std::env::current_exe().expect("test binary"))
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1"));
    assert!(
        o.status.success() && stdout(&o).contains("1 passed"),
        "the test inside `keyctl session -` failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    false
}

struct Env {
    s: Scratch,
    /// A service name of this run only (the kernel's persistent keyring is shared).
    service: String,
}

impl Env {
    fn new() -> Env {
        Env {
            s: Scratch::new(),
            service: format!("hush-test-{}", std::process::id()),
        }
    }

    fn reference(&self) -> String {
        format!("keyring:{}/{USER}", self.service)
    }

    fn cmd(&self, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        c.env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
        c
    }

    fn hush(&self, args: &[&str]) -> Output {
        run(&mut self.cmd("store", args))
    }

    fn put(&self, value: &str) {
        let r = self.reference();
        let mut child = self
            .cmd("store", &["secret", "put", &r, "--value-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(value.as_bytes())
            .expect("stdin");
        ok(&child.wait_with_output().expect("put"));
    }

    fn keyctl(&self, args: &[&str]) -> Output {
        run(Command::new(keyctl_bin()).args(args))
    }

    /// The value of the keyring entry `user` as keyutils holds it (`None`: no such key).
    fn server(&self, user: &str) -> Option<String> {
        let description = format!("keyring-rs:{user}@{}", self.service);
        let found = self.keyctl(&["search", "@s", "user", &description]);
        if !found.status.success() {
            return None;
        }
        let id = stdout(&found).trim().to_string();
        Some(stdout(ok(&self.keyctl(&["pipe", &id]))))
    }

    fn version_value(&self, n: u64) -> String {
        self.server(&format!("{USER}@hush/v{n}"))
            .unwrap_or_else(|| panic!("version entry {n} missing"))
    }

    fn index(&self) -> serde_json::Value {
        let text = self.server(&format!("{USER}@hush/index")).expect("index");
        serde_json::from_str(&text).expect("index JSON")
    }

    fn versions(&self) -> Vec<serde_json::Value> {
        let r = self.reference();
        let o = self.hush(&["secret", "versions", &r, "--format", "json"]);
        serde_json::from_str(&stdout(ok(&o))).expect("versions JSON")
    }

    /// Exactly one version is current, in hush's listing and in the index, and the entry
    /// other tools read holds its value. Returns its number.
    fn assert_one_current(&self) -> u64 {
        let list = self.versions();
        let current: Vec<&serde_json::Value> =
            list.iter().filter(|v| v["current"] == true).collect();
        assert_eq!(current.len(), 1, "{list:?}");
        let n: u64 = current[0]["version"]
            .as_str()
            .and_then(|v| v.parse().ok())
            .expect("numeric version");
        assert_eq!(self.index()["current"], n);
        assert_eq!(self.server(USER), Some(self.version_value(n)));
        n
    }

    fn hush_value(&self, version: u64) -> String {
        let r = self.reference();
        let o = self.hush(&["secret", "get", &r, "--version", &version.to_string()]);
        stdout(ok(&o))
    }

    fn audit_is_clean(&self, values: &[String]) {
        ok(&self.hush(&["audit", "verify"]));
        let log = std::fs::read_to_string(self.s.path("audit.log")).expect("log");
        for v in values {
            assert!(
                !log.contains(v.as_str()),
                "a value leaked into the audit log"
            );
        }
    }
}

/// Removes this run's keys again (they are linked into the user's persistent keyring too):
/// the entry, the index and the version entries.
impl Drop for Env {
    fn drop(&mut self) {
        let users = [USER.to_string(), format!("{USER}@hush/index")]
            .into_iter()
            .chain((1..=12).map(|n| format!("{USER}@hush/v{n}")));
        for user in users {
            let description = format!("keyring-rs:{user}@{}", self.service);
            let _ = self.keyctl(&["purge", "-s", "user", &description]);
        }
    }
}

#[test]
fn put_three_rotations_rollback_every_version_kept_in_the_keyring() {
    if !in_session_keyring("put_three_rotations_rollback_every_version_kept_in_the_keyring") {
        return;
    }
    let e = Env::new();
    let r = e.reference();
    e.put("one");
    for _ in 0..3 {
        ok(&e.hush(&["rotate", &r, "--generate", "base64:12"]));
    }
    assert_eq!(e.assert_one_current(), 4);
    let values: Vec<String> = (1..=4).map(|n| e.version_value(n)).collect();
    assert_eq!(values[0], "one");
    for (i, v) in values.iter().enumerate() {
        assert_eq!(
            &e.hush_value(i as u64 + 1),
            v,
            "hush reads what keyutils holds"
        );
    }
    assert_eq!(stdout(ok(&e.hush(&["secret", "get", &r]))), values[3]);

    ok(&e.hush(&["rollback", &r]));
    assert_eq!(e.assert_one_current(), 3);
    assert_eq!(e.server(USER), Some(values[2].clone()));
    for (i, v) in values.iter().enumerate() {
        assert_eq!(&e.version_value(i as u64 + 1), v, "no version lost");
    }
    e.audit_is_clean(&values);
}

#[test]
fn an_interrupted_rotation_is_finished_and_another_tools_value_imported() {
    if !in_session_keyring("an_interrupted_rotation_is_finished_and_another_tools_value_imported") {
        return;
    }
    let e = Env::new();
    let r = e.reference();
    // A value another tool put there first becomes version 1.
    let description = format!("keyring-rs:{USER}@{}", e.service);
    ok(&e.keyctl(&["add", "user", &description, "from-another-tool", "@s"]));
    let o = e.hush(&["rotate", &r, "--stage-only"]);
    assert!(
        stdout(ok(&o)).contains("staged version 2"),
        "{}",
        stdout(&o)
    );
    assert_eq!(e.version_value(1), "from-another-tool");
    assert_eq!(e.index()["versions"][0]["state"], "imported");
    assert_eq!(e.server(USER).as_deref(), Some("from-another-tool"));
    let staged = e.version_value(2);
    let o = e.hush(&["rotate", &r]);
    assert!(
        stdout(ok(&o)).contains("finished an interrupted rotation, version 1 -> 2"),
        "{}",
        stdout(&o)
    );
    assert_eq!(e.assert_one_current(), 2);
    assert_eq!(e.server(USER), Some(staged));

    // Another tool writing between stage and promote: the promotion is refused.
    ok(&e.hush(&["rotate", &r, "--stage-only"]));
    ok(&e.keyctl(&["add", "user", &description, "external", "@s"]));
    let err = fails_with(&e.hush(&["rotate", &r]), 81);
    assert!(err.contains("conflict"), "{err}");
    assert_eq!(e.server(USER).as_deref(), Some("external"));
    assert_eq!(e.index()["versions"][2]["state"], "abandoned");
    assert_eq!(e.assert_one_current(), 4);
    assert_eq!(e.version_value(4), "external");
    e.audit_is_clean(&["from-another-tool".into(), "external".into()]);
}

#[test]
fn racing_rotators_lose_no_version() {
    if !in_session_keyring("racing_rotators_lose_no_version") {
        return;
    }
    let e = Env::new();
    let r = e.reference();
    e.put("one");
    // Two machines, one after the other: A stages, B rotates, A's promotion loses (81)
    // and A's staged version stays readable, abandoned.
    ok(&run(&mut e.cmd("a", &["rotate", &r, "--stage-only"])));
    ok(&run(&mut e.cmd("b", &["rotate", &r])));
    let err = fails_with(&run(&mut e.cmd("a", &["rotate", &r])), 81);
    assert!(err.contains("conflict"), "{err}");
    assert_eq!(e.index()["versions"][1]["state"], "abandoned");
    assert_eq!(e.assert_one_current(), 3);
    // Then four at once.
    let children: Vec<_> = (0..4)
        .map(|i| {
            e.cmd(&format!("store{i}"), &["rotate", &r])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    let won = outputs.iter().filter(|o| o.status.success()).count();
    assert!(won >= 1);
    for o in outputs.iter().filter(|o| !o.status.success()) {
        fails_with(o, 81);
    }
    let index = e.index();
    let recorded = index["versions"].as_array().expect("versions");
    let promoted = recorded.iter().filter(|v| v["state"] == "promoted").count();
    assert_eq!(
        promoted,
        won + 2,
        "the put's, B's and every winner's version were promoted"
    );
    assert!(
        recorded.iter().all(|v| v["state"] != "staged"),
        "{recorded:?}"
    );
    for v in recorded {
        let n = v["version"].as_u64().expect("number");
        assert_eq!(e.hush_value(n), e.version_value(n));
    }
    e.assert_one_current();
    ok(&e.hush(&["audit", "verify"]));
}
