//! `hush secret`/`rotate`/`rollback` with `etcd:` references against a real etcd the test
//! starts, checking the server's state with `etcdctl` (not through hush).

#![cfg(feature = "etcd")]

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::indexed::*;
use common::*;

const KEY: &str = "/app/db/password";
const REF: &str = "etcd:/app/db/password";

struct Env {
    s: Scratch,
    etcd: Etcd,
}

impl Env {
    fn new() -> Env {
        Env {
            s: Scratch::new(),
            etcd: Etcd::start(),
        }
    }

    fn etcdctl(&self, args: &[&str]) -> String {
        let o = run(Command::new(tool("etcdctl", "HUSH_ETCDCTL_BIN"))
            .env("ETCDCTL_API", "3")
            .arg(format!("--endpoints={}", self.etcd.url))
            .args(args));
        stdout(ok(&o))
    }

    /// The value of `key` as etcd returns it (`None`: no such key).
    fn server(&self, key: &str) -> Option<String> {
        let out = self.etcdctl(&["get", key, "--print-value-only"]);
        out.strip_suffix('\n').map(str::to_string)
    }
}

impl Served for Env {
    fn reference(&self) -> String {
        REF.into()
    }

    fn cmd(&self, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        c.env("HUSH_ETCD_ENDPOINTS", &self.etcd.url)
            .env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.audit_log());
        c
    }

    fn audit_log(&self) -> PathBuf {
        self.s.path("audit.log")
    }

    fn in_place(&self) -> Option<String> {
        self.server(KEY)
    }

    fn version_value(&self, n: u64) -> String {
        self.server(&format!("{KEY}@hush/v/{n:06}"))
            .unwrap_or_else(|| panic!("version key {n} missing"))
    }

    fn index(&self) -> serde_json::Value {
        let text = self
            .server(&format!("{KEY}@hush/index"))
            .expect("index key");
        serde_json::from_str(&text).expect("index JSON")
    }
}

#[test]
fn put_three_rotations_rollback_and_a_compaction_keep_every_version() {
    let e = Env::new();
    let mut values = put_rotate_rollback(&e);
    assert_eq!(e.index()["versions"].as_array().expect("versions").len(), 4);

    // Compact away etcd's whole MVCC history: hush's versions are keys of their own.
    let status: serde_json::Value =
        serde_json::from_str(&e.etcdctl(&["get", KEY, "-w", "json"])).expect("json");
    let revision = status["header"]["revision"].as_i64().expect("revision");
    e.etcdctl(&["compact", &revision.to_string(), "--physical"]);
    for (i, v) in values.iter().enumerate() {
        assert_eq!(&e.version_value(i as u64 + 1), v);
        assert_eq!(&hush_value(&e, i as u64 + 1), v);
    }
    ok(&hush(&e, &["rotate", REF]));
    assert_eq!(assert_one_current(&e), 5);
    values.push(e.version_value(5));
    audit_is_clean(&e, &values);
}

#[test]
fn values_written_by_another_tool_are_imported_and_a_staged_rotation_is_finished() {
    let e = Env::new();
    e.etcdctl(&["put", KEY, "set-by-someone-else"]);
    stage_then_finish(&e, 1);
    assert_eq!(e.version_value(1), "set-by-someone-else");
    assert_eq!(e.index()["versions"][0]["state"], "imported");
    outside_write_beats_a_staged_rotation(&e, &|v| {
        e.etcdctl(&["put", KEY, v]);
    });
    audit_is_clean(&e, &["external".into(), "set-by-someone-else".into()]);
}

#[test]
fn racing_rotators_on_several_machines_lose_no_version() {
    let e = Env::new();
    put(&e, "one");
    racing_rotators(&e);
}

#[test]
fn rotations_killed_at_any_point_are_finished_by_the_next_rotate() {
    let e = Env::new();
    put(&e, "one");
    killed_rotations(&e);
    assert_eq!(e.version_value(1), "one");
}

#[test]
fn an_unreachable_server_or_no_endpoints_fail_with_84_and_are_logged() {
    let e = Env::new();
    put(&e, "one");
    let nowhere = format!("http://127.0.0.1:{}", free_port());
    let o = run(e
        .cmd("store", &["rotate", REF])
        .env("HUSH_ETCD_ENDPOINTS", &nowhere));
    let err = fails_with(&o, 84);
    assert!(err.contains(&nowhere), "{err}");
    let o = run(e
        .cmd("store", &["secret", "get", REF])
        .env_remove("HUSH_ETCD_ENDPOINTS"));
    let err = fails_with(&o, 84);
    assert!(err.contains("--etcd-endpoints"), "{err}");
    // The flag works as well as the variable.
    let flag = format!("--etcd-endpoints={}", e.etcd.url);
    let o = run(e
        .cmd("store", &["secret", "get", REF, &flag])
        .env_remove("HUSH_ETCD_ENDPOINTS"));
    assert_eq!(stdout(ok(&o)), "one");
    assert_eq!(assert_one_current(&e), 1);
    audit_is_clean(&e, &["one".into()]);
    let log = std::fs::read_to_string(e.audit_log()).expect("log");
    assert!(log.contains("could not be reached"), "{log}");
}

#[test]
fn a_server_that_denies_access_fails_with_84_and_nothing_is_written() {
    let e = Env::new();
    put(&e, "one");
    let before = e.index();
    e.etcdctl(&["user", "add", "root", "--new-user-password=pw"]);
    e.etcdctl(&["auth", "enable"]);
    let err = fails_with(&hush(&e, &["rotate", REF]), 84);
    assert!(err.contains("refused access"), "{err}");
    let as_root = |key: &str| e.etcdctl(&["--user=root:pw", "get", key, "--print-value-only"]);
    assert_eq!(as_root(KEY), "one\n");
    let index: serde_json::Value =
        serde_json::from_str(&as_root(&format!("{KEY}@hush/index"))).expect("index");
    assert_eq!(index, before);
    ok(&hush(&e, &["audit", "verify"]));
    let log = std::fs::read_to_string(e.audit_log()).expect("log");
    let denial = log.lines().last().expect("a line");
    assert!(
        denial.contains("\"op\":\"rotate\"") && denial.contains("refused access"),
        "the denial is logged: {denial}"
    );
}
