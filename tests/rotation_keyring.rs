//! `hush secret`/`rotate`/`rollback` with `keyring:` references against the real kernel
//! keyring (keyutils). Each test re-runs itself under `keyctl session -`, so every hush and
//! keyctl process it starts shares one fresh session keyring; the state is checked with
//! `keyctl` itself (not through hush).

#![cfg(target_os = "linux")]

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::indexed::*;
use common::*;

const USER: &str = "db";

/// Set in the re-run of a test inside its session keyring.
const INSIDE: &str = "HUSH_TEST_INSIDE_KEYCTL_SESSION";

fn keyctl(args: &[&str]) -> Output {
    run(Command::new(tool("keyctl", "HUSH_KEYCTL_BIN")).args(args))
}

/// `true` inside the test's session keyring. Outside, re-runs the test `name` of this
/// binary under `keyctl session -`, asserts that it ran and passed, and returns `false`.
fn in_session_keyring(name: &str) -> bool {
    if std::env::var_os(INSIDE).is_some() {
        return true;
    }
    let o = run(Command::new(tool("keyctl", "HUSH_KEYCTL_BIN"))
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

    fn description(&self, user: &str) -> String {
        format!("keyring-rs:{user}@{}", self.service)
    }

    /// The value of the keyring entry `user` as keyutils holds it (`None`: no such key).
    fn server(&self, user: &str) -> Option<String> {
        let found = keyctl(&["search", "@s", "user", &self.description(user)]);
        if !found.status.success() {
            return None;
        }
        let id = stdout(&found).trim().to_string();
        Some(stdout(ok(&keyctl(&["pipe", &id]))))
    }

    /// Another tool setting the entry others read.
    fn set_with_keyctl(&self, value: &str) {
        ok(&keyctl(&[
            "add",
            "user",
            &self.description(USER),
            value,
            "@s",
        ]));
    }
}

impl Served for Env {
    fn reference(&self) -> String {
        format!("keyring:{}/{USER}", self.service)
    }

    fn cmd(&self, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        // The entry's lock file, shared by every hush of the test, stays in its directory.
        c.env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.audit_log())
            .env("XDG_RUNTIME_DIR", self.s.dir.path());
        c
    }

    fn audit_log(&self) -> PathBuf {
        self.s.path("audit.log")
    }

    fn in_place(&self) -> Option<String> {
        self.server(USER)
    }

    fn version_value(&self, n: u64) -> String {
        self.server(&format!("{USER}@hush/v{n}"))
            .unwrap_or_else(|| panic!("version entry {n} missing"))
    }

    fn index(&self) -> serde_json::Value {
        let text = self.server(&format!("{USER}@hush/index")).expect("index");
        serde_json::from_str(&text).expect("index JSON")
    }
}

/// Removes this run's keys again (they are linked into the user's persistent keyring too):
/// the entry, the index and the version entries.
impl Drop for Env {
    fn drop(&mut self) {
        let users = [USER.to_string(), format!("{USER}@hush/index")]
            .into_iter()
            .chain((1..=24).map(|n| format!("{USER}@hush/v{n}")));
        for user in users {
            let _ = keyctl(&["purge", "-s", "user", &self.description(&user)]);
        }
    }
}

#[test]
fn put_three_rotations_rollback_every_version_kept_in_the_keyring() {
    if !in_session_keyring("put_three_rotations_rollback_every_version_kept_in_the_keyring") {
        return;
    }
    let e = Env::new();
    let values = put_rotate_rollback(&e);
    audit_is_clean(&e, &values);
}

#[test]
fn values_set_by_another_tool_are_imported_and_a_staged_rotation_is_finished() {
    if !in_session_keyring(
        "values_set_by_another_tool_are_imported_and_a_staged_rotation_is_finished",
    ) {
        return;
    }
    let e = Env::new();
    e.set_with_keyctl("from-another-tool");
    stage_then_finish(&e, 1);
    assert_eq!(e.version_value(1), "from-another-tool");
    assert_eq!(e.index()["versions"][0]["state"], "imported");
    outside_write_beats_a_staged_rotation(&e, &|v| e.set_with_keyctl(v));
    audit_is_clean(&e, &["from-another-tool".into(), "external".into()]);
}

#[test]
fn racing_rotators_lose_no_version() {
    if !in_session_keyring("racing_rotators_lose_no_version") {
        return;
    }
    let e = Env::new();
    put(&e, "one");
    racing_rotators(&e);
}

#[test]
fn rotations_killed_at_any_point_are_finished_by_the_next_rotate() {
    if !in_session_keyring("rotations_killed_at_any_point_are_finished_by_the_next_rotate") {
        return;
    }
    let e = Env::new();
    put(&e, "one");
    killed_rotations(&e);
    assert_eq!(e.version_value(1), "one");
}

#[test]
fn a_promotion_stopped_between_its_writes_is_finished() {
    if !in_session_keyring("a_promotion_stopped_between_its_writes_is_finished") {
        return;
    }
    let e = Env::new();
    let r = e.reference();
    put(&e, "one");
    ok(&hush(&e, &["rotate", &r, "--stage-only"]));
    // What a hush killed after writing the entry and before writing the index leaves.
    e.set_with_keyctl(&e.version_value(2));
    assert_eq!(e.index()["current"], 1);
    let o = hush(&e, &["rotate", &r]);
    assert!(
        stdout(ok(&o)).contains("finished an interrupted rotation, version 1 -> 2"),
        "{}",
        stdout(&o)
    );
    assert_eq!(assert_one_current(&e), 2);
    assert_eq!(e.index()["versions"].as_array().expect("versions").len(), 2);
}
