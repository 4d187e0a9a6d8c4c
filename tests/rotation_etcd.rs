//! `hush secret`/`rotate`/`rollback` with `etcd:` references against a real etcd the test
//! starts, checking the server's state with `etcdctl` (not through hush).

#![cfg(feature = "etcd")]

mod common;

use std::process::{Command, Output, Stdio};

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

    /// `hush` with its own store directory `store` (two stores = two machines).
    fn cmd(&self, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        c.env("HUSH_ETCD_ENDPOINTS", &self.etcd.url)
            .env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
        c
    }

    fn hush(&self, args: &[&str]) -> Output {
        run(&mut self.cmd("store", args))
    }

    fn put(&self, value: &str) {
        let mut child = self
            .cmd("store", &["secret", "put", REF, "--value-stdin"])
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

    fn versions(&self) -> Vec<serde_json::Value> {
        let o = self.hush(&["secret", "versions", REF, "--format", "json"]);
        serde_json::from_str(&stdout(ok(&o))).expect("versions JSON")
    }

    /// Exactly one version is current, in hush's listing and in the index, and `/KEY`
    /// holds its value. Returns its number.
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
        assert_eq!(self.server(KEY).as_deref(), Some(&*self.version_value(n)));
        n
    }

    fn hush_value(&self, version: u64) -> String {
        let o = self.hush(&["secret", "get", REF, "--version", &version.to_string()]);
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

#[test]
fn put_three_rotations_rollback_and_a_compaction_keep_every_version() {
    let e = Env::new();
    e.put("one");
    for _ in 0..3 {
        ok(&e.hush(&["rotate", REF, "--generate", "base64:12"]));
    }
    assert_eq!(e.assert_one_current(), 4);
    let values: Vec<String> = (1..=4).map(|n| e.version_value(n)).collect();
    assert_eq!(values[0], "one");
    for (i, v) in values.iter().enumerate() {
        assert_eq!(
            &e.hush_value(i as u64 + 1),
            v,
            "hush reads what etcd stored"
        );
    }
    assert_eq!(stdout(ok(&e.hush(&["secret", "get", REF]))), values[3]);

    ok(&e.hush(&["rollback", REF]));
    assert_eq!(e.assert_one_current(), 3, "rollback moves the index back");
    assert_eq!(e.server(KEY).as_deref(), Some(values[2].as_str()));
    assert_eq!(e.index()["versions"].as_array().expect("versions").len(), 4);

    // Compact away etcd's whole MVCC history: hush's versions are keys of their own.
    let status: serde_json::Value =
        serde_json::from_str(&e.etcdctl(&["get", KEY, "-w", "json"])).expect("json");
    let revision = status["header"]["revision"].as_i64().expect("revision");
    e.etcdctl(&["compact", &revision.to_string(), "--physical"]);
    for (i, v) in values.iter().enumerate() {
        assert_eq!(&e.version_value(i as u64 + 1), v);
        assert_eq!(&e.hush_value(i as u64 + 1), v);
    }
    ok(&e.hush(&["rotate", REF]));
    assert_eq!(e.assert_one_current(), 5);
    let mut all = values.clone();
    all.push(e.version_value(5));
    e.audit_is_clean(&all);
}

#[test]
fn a_value_written_by_another_tool_is_imported_not_lost() {
    let e = Env::new();
    e.etcdctl(&["put", KEY, "set-by-someone-else"]);
    ok(&e.hush(&["rotate", REF]));
    assert_eq!(e.version_value(1), "set-by-someone-else");
    assert_eq!(e.index()["versions"][0]["state"], "imported");
    assert_eq!(e.assert_one_current(), 2);

    // A writer between stage and promote: the promotion fails, the writer's value stays.
    ok(&e.hush(&["rotate", REF, "--stage-only"]));
    assert_eq!(e.index()["versions"][2]["state"], "staged");
    e.etcdctl(&["put", KEY, "external"]);
    let list = e.versions();
    assert_eq!(list.last().expect("entry")["state"], "external");
    let err = fails_with(&e.hush(&["rotate", REF]), 81);
    assert!(err.contains("conflict"), "{err}");
    assert_eq!(e.server(KEY).as_deref(), Some("external"));
    assert_eq!(e.version_value(4), "external", "imported as version 4");
    assert_eq!(e.index()["versions"][2]["state"], "abandoned");
    assert_eq!(e.assert_one_current(), 4);
    ok(&e.hush(&["rotate", REF]));
    assert_eq!(e.assert_one_current(), 5);
    e.audit_is_clean(&["external".into(), "set-by-someone-else".into()]);
}

#[test]
fn an_interrupted_rotation_is_finished_by_the_next_rotate() {
    let e = Env::new();
    e.put("one");
    let o = e.hush(&["rotate", REF, "--stage-only"]);
    assert!(
        stdout(ok(&o)).contains("staged version 2"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        e.server(KEY).as_deref(),
        Some("one"),
        "consumers still read v1"
    );
    assert_eq!(e.index()["current"], 1);
    let staged = e.version_value(2);
    let o = e.hush(&["rotate", REF]);
    assert!(
        stdout(ok(&o)).contains("finished an interrupted rotation, version 1 -> 2"),
        "{}",
        stdout(&o)
    );
    assert_eq!(e.assert_one_current(), 2);
    assert_eq!(e.server(KEY), Some(staged));
    assert_eq!(e.version_value(1), "one");
}

#[test]
fn racing_rotators_on_two_machines_lose_no_version() {
    let e = Env::new();
    e.put("one");
    // Two machines, one after the other: A stages, B rotates, A's promotion loses (81)
    // and A's staged version stays readable, abandoned.
    ok(&run(&mut e.cmd("a", &["rotate", REF, "--stage-only"])));
    ok(&run(&mut e.cmd("b", &["rotate", REF])));
    let err = fails_with(&run(&mut e.cmd("a", &["rotate", REF])), 81);
    assert!(err.contains("conflict"), "{err}");
    assert_eq!(e.index()["versions"][1]["state"], "abandoned");
    assert_eq!(e.assert_one_current(), 3);
    // Then four at once.
    let children: Vec<_> = (0..4)
        .map(|i| {
            e.cmd(&format!("store{i}"), &["rotate", REF])
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
}

#[test]
fn an_unreachable_server_or_no_endpoints_fail_with_84_and_are_logged() {
    let e = Env::new();
    e.put("one");
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
    assert_eq!(e.assert_one_current(), 1);
    e.audit_is_clean(&["one".into()]);
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    assert!(log.contains("refused or could not be reached"), "{log}");
}
