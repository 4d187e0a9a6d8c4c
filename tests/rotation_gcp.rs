//! `hush secret`/`rotate`/`rollback` with `gcp-sm:` references against the drongo GCP
//! emulator (real GCP is not reachable here), checking the server's state through its own
//! REST API, not through hush.
//!
//! drongo is weaker than the real service: it keeps labels but drops version aliases and
//! never checks etags. So these tests check the `hush-current` label mirror (on real GCP the
//! alias `current` is written in the same update), and the deterministic conflict
//! (stage, someone else rotates, promote) rather than an etag race.

#![cfg(feature = "gcp-sm")]

mod common;

use std::process::{Command, Output};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::kms::Drongo;
use common::*;
use serde_json::Value;

const REF: &str = "gcp-sm:projects/p1/secrets/db";
/// The first version's value.
const ONE: &str = "first-value-7f3a";

struct Env {
    s: Scratch,
    drongo: Drongo,
}

impl Env {
    /// drongo with secret `db` holding one version, [`ONE`], made through its REST API.
    fn new() -> Env {
        let e = Env {
            s: Scratch::new(),
            drongo: Drongo::start(),
        };
        e.rest(
            "POST",
            "secrets?secretId=db",
            r#"{"replication":{"automatic":{}}}"#,
        );
        e.add_version(ONE);
        e
    }

    /// A REST call to `projects/p1/...`; asserts 200 and returns the JSON answer.
    fn rest(&self, method: &str, path: &str, body: &str) -> Value {
        let url = format!("{}/v1/projects/p1/{path}", self.drongo.server.url());
        let (status, text) = http(method, &url, &[("Content-Type", "application/json")], body)
            .expect("drongo answers");
        assert_eq!(status, 200, "{method} {path}: {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    fn add_version(&self, value: &str) -> String {
        let body = format!(r#"{{"payload":{{"data":"{}"}}}}"#, STANDARD.encode(value));
        let v = self.rest("POST", "secrets/db:addVersion", &body);
        let name = v["name"].as_str().expect("name");
        name.rsplit('/').next().expect("number").to_string()
    }

    /// (number, state) of every version, as the server lists them.
    fn server_versions(&self) -> Vec<(String, String)> {
        let list = self.rest("GET", "secrets/db/versions", "");
        list["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .map(|v| {
                let name = v["name"].as_str().expect("name");
                (
                    name.rsplit('/').next().expect("n").to_string(),
                    v["state"].as_str().expect("state").to_string(),
                )
            })
            .collect()
    }

    fn server_value(&self, version: &str) -> String {
        let v = self.rest("GET", &format!("secrets/db/versions/{version}:access"), "");
        let data = STANDARD
            .decode(v["payload"]["data"].as_str().expect("data"))
            .expect("base64");
        String::from_utf8(data).expect("utf-8")
    }

    fn labels(&self) -> Value {
        self.rest("GET", "secrets/db", "")["labels"].clone()
    }

    /// `hush` with its own store directory `store` (two stores = two machines).
    fn cmd(&self, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        self.drongo.env(&mut c);
        c.env("HUSH_GCP_SM_ENDPOINT", self.drongo.server.url())
            .env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
        c
    }

    fn hush(&self, args: &[&str]) -> Output {
        run(&mut self.cmd("store", args))
    }

    /// The one version hush lists as current.
    fn hush_current(&self) -> String {
        let list: Vec<Value> = serde_json::from_str(&stdout(ok(
            &self.hush(&["secret", "versions", REF, "--format", "json"])
        )))
        .expect("versions JSON");
        let current: Vec<&Value> = list.iter().filter(|v| v["current"] == true).collect();
        assert_eq!(current.len(), 1, "exactly one current version: {list:?}");
        current[0]["version"].as_str().expect("version").to_string()
    }

    fn audit_is_intact_and_holds_none_of(&self, values: &[String]) {
        ok(&self.hush(&["audit", "verify"]));
        let log = std::fs::read_to_string(self.s.path("audit.log")).expect("log");
        for v in values {
            assert!(
                !log.contains(v.as_str()),
                "a value leaked into the audit log"
            );
        }
    }

    fn all_values(&self) -> Vec<String> {
        self.server_versions()
            .iter()
            .map(|(n, _)| self.server_value(n))
            .collect()
    }
}

#[test]
fn three_rotations_and_a_rollback_keep_every_version_enabled() {
    let e = Env::new();
    assert_eq!(
        e.hush_current(),
        "1",
        "a secret hush never rotated: the newest version"
    );
    for _ in 0..3 {
        ok(&e.hush(&["rotate", REF, "--generate", "base64:12"]));
    }
    let server = e.server_versions();
    let numbers: Vec<&str> = server.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    assert!(server.iter().all(|(_, s)| s == "ENABLED"), "{server:?}");
    assert_eq!(e.labels()["hush-current"], "4");
    assert_eq!(e.labels()["hush-previous"], "3");
    assert!(e.labels().get("hush-pending").is_none());
    assert_eq!(e.hush_current(), "4");
    for (n, _) in &server {
        let o = e.hush(&["secret", "get", REF, "--version", n]);
        assert_eq!(stdout(ok(&o)), e.server_value(n), "version {n}");
    }
    assert_eq!(e.server_value("1"), ONE);

    let o = e.hush(&["rollback", REF]);
    assert!(
        stdout(ok(&o)).contains("version 3 is current"),
        "{}",
        stdout(&o)
    );
    assert_eq!(e.labels()["hush-current"], "3");
    assert_eq!(e.hush_current(), "3");
    let o = e.hush(&["secret", "get", REF]);
    assert_eq!(stdout(ok(&o)), e.server_value("3"));
    let after = e.server_versions();
    assert_eq!(
        after.len(),
        4,
        "rollback moves the pointer, it adds no version"
    );
    assert!(
        after.iter().all(|(_, s)| s == "ENABLED"),
        "nothing disabled"
    );

    ok(&e.hush(&["rollback", REF, "--to", "1"]));
    assert_eq!(stdout(ok(&e.hush(&["secret", "get", REF]))), ONE);
    e.audit_is_intact_and_holds_none_of(&e.all_values());
}

#[test]
fn put_creates_a_missing_secret() {
    let e = Env::new();
    let mut c = e.cmd(
        "store",
        &[
            "secret",
            "put",
            "gcp-sm:projects/p1/secrets/fresh",
            "--value-stdin",
        ],
    );
    ok(&run_stdin(&mut c, b"first"));
    let v = e.rest("GET", "secrets/fresh/versions/1:access", "");
    assert_eq!(v["payload"]["data"], STANDARD.encode("first"));
    assert_eq!(
        e.rest("GET", "secrets/fresh", "")["labels"]["hush-current"],
        "1"
    );
}

#[test]
fn a_rotator_that_loses_the_race_conflicts_and_its_version_is_kept() {
    let e = Env::new();
    ok(&run(&mut e.cmd("storeA", &["rotate", REF, "--stage-only"])));
    assert_eq!(e.labels()["hush-pending"], "2");
    ok(&run(&mut e.cmd("storeB", &["rotate", REF])));
    assert_eq!(e.labels()["hush-current"], "3");
    let o = run(&mut e.cmd("storeA", &["rotate", REF]));
    let err = fails_with(&o, 81);
    assert!(
        err.contains("conflict") && err.contains("version 2 is kept"),
        "{err}"
    );
    assert_eq!(e.labels()["hush-current"], "3", "the loser changed nothing");
    assert!(e.labels().get("hush-pending").is_none());
    let server = e.server_versions();
    assert_eq!(server.len(), 3);
    assert!(server.iter().all(|(_, s)| s == "ENABLED"));

    // Four machines at once. Without etag checks in the emulator, two promotions can both
    // pass in the window between read and write; then the last write wins. Either way,
    // every version stays and exactly one is current.
    let outputs = race(
        (0..4)
            .map(|i| e.cmd(&format!("store{i}"), &["rotate", REF]))
            .collect(),
    );
    assert_eq!(
        e.server_versions().len(),
        3 + versions_written(&outputs),
        "every staged version is kept"
    );
    let current = e.hush_current();
    assert_eq!(e.labels()["hush-current"], current.as_str());
    e.audit_is_intact_and_holds_none_of(&e.all_values());
}

#[test]
fn an_interrupted_rotation_is_finished_or_released_by_the_next_rotate() {
    use hush::rotation::journal::{Journal, Record};
    let e = Env::new();
    ok(&e.hush(&["rotate", REF, "--stage-only"]));
    assert_eq!(e.hush_current(), "1", "staging does not move the pointer");
    let o = e.hush(&["rotate", REF]);
    assert!(stdout(ok(&o)).contains("finished"), "{}", stdout(&o));
    assert_eq!(e.labels()["hush-current"], "2");

    // Killed after AddSecretVersion and its label, before the journal named the version.
    let orphan = e.add_version("orphan");
    e.rest(
        "PATCH",
        "secrets/db?updateMask=labels",
        &format!(
            r#"{{"labels":{{"hush-current":"2","hush-previous":"1","hush-pending":"{orphan}"}}}}"#
        ),
    );
    Journal::new(&e.s.path("store/.journal"), REF)
        .save(&Record {
            reference: REF.into(),
            from: "2".into(),
            to: None,
            started: "2026-01-01T00:00:00Z".into(),
        })
        .expect("journal");
    let o = e.hush(&["rotate", REF]);
    assert!(stdout(ok(&o)).contains("undid"), "{}", stdout(&o));
    assert!(
        e.labels().get("hush-pending").is_none(),
        "the marker is gone"
    );
    assert_eq!(e.labels()["hush-current"], "2");
    assert!(
        e.server_versions()
            .contains(&(orphan.clone(), "ENABLED".into()))
    );
    ok(&e.hush(&["rotate", REF]));
    assert_eq!(e.labels()["hush-current"], "4");
    e.audit_is_intact_and_holds_none_of(&e.all_values());
}

#[test]
fn unreachable_server_and_destroyed_versions_are_refused_naming_the_reference() {
    let e = Env::new();
    let port = free_port();
    let o = run(e
        .cmd("store", &["rotate", REF])
        .env("HUSH_GCP_SM_ENDPOINT", format!("http://127.0.0.1:{port}")));
    let err = fails_with(&o, 84);
    assert!(err.contains(REF) && err.contains("cannot reach"), "{err}");
    fails_with(
        &e.hush(&["secret", "get", "gcp-sm:projects/p1/secrets/none"]),
        80,
    );
    fails_with(&e.hush(&["secret", "get", REF, "--version", "9"]), 80);

    ok(&e.hush(&["rotate", REF]));
    // Someone destroys version 1 with the server's API: hush reports it, touches nothing.
    e.rest("POST", "secrets/db/versions/1:destroy", "{}");
    let err = fails_with(&e.hush(&["secret", "get", REF, "--version", "1"]), 84);
    assert!(
        err.contains(REF) && err.contains("FailedPrecondition"),
        "{err}"
    );
    let err = fails_with(&e.hush(&["rollback", REF]), 84);
    assert!(err.contains("version 1 is destroyed"), "{err}");
    assert_eq!(e.labels()["hush-current"], "2");
    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    assert!(log.contains("cannot reach"), "failures are logged");
    assert!(!log.contains(ONE), "no value in the log");
}
