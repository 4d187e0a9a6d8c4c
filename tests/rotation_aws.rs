//! `hush secret`/`rotate`/`rollback` with `aws-sm:` references against moto's Secrets
//! Manager server (an emulator; real AWS is not reachable here), checking the server's state
//! with boto3, i.e. the server's own API and not hush. moto's known deviations (a read
//! without a stage answers a stale version, no version retention) do not matter here: hush
//! always reads with an explicit stage or version, and the retention guard is tested by
//! counting versions.

#![cfg(feature = "aws-sm")]

mod common;

use std::process::{Command, Output};

use common::kms::Moto;
use common::*;
use serde_json::Value;

const REF: &str = "aws-sm:app/db#password";

struct Env {
    s: Scratch,
    moto: Moto,
}

/// One version as the server reports it.
#[derive(Debug)]
struct ServerVersion {
    id: String,
    stages: Vec<String>,
    value: Value,
}

impl Env {
    /// moto with `app/db` = `{"user": "bob", "password": "one"}`, created through boto3.
    fn new() -> Env {
        let e = Env {
            s: Scratch::new(),
            moto: Moto::start(),
        };
        e.moto.boto3(
            "sm.create_secret(Name='app/db', SecretString=json.dumps({'user': 'bob', 'password': 'one'}))",
        );
        e
    }

    /// `hush` with its own store directory `store` (two stores = two machines).
    fn cmd(&self, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        self.moto.env(&mut c);
        c.env("AWS_REGION", "us-east-1")
            .env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
        c
    }

    fn hush(&self, args: &[&str]) -> Output {
        run(&mut self.cmd("store", args))
    }

    /// Every version of `app/db` (deprecated ones too), read by VersionId.
    fn server(&self) -> Vec<ServerVersion> {
        let list = self.moto.secret_versions("app/db");
        list.into_iter()
            .map(|v| ServerVersion {
                id: v["id"].as_str().expect("id").to_string(),
                stages: serde_json::from_value(v["stages"].clone()).expect("stages"),
                value: v["value"].clone(),
            })
            .collect()
    }

    /// The ids holding `label` on the server.
    fn holders(&self, label: &str) -> Vec<String> {
        self.server()
            .into_iter()
            .filter(|v| v.stages.iter().any(|s| s == label))
            .map(|v| v.id)
            .collect()
    }

    fn current(&self) -> String {
        let holders = self.holders("AWSCURRENT");
        assert_eq!(holders.len(), 1, "exactly one current version");
        holders[0].clone()
    }

    fn versions_json(&self) -> Vec<Value> {
        serde_json::from_str(&stdout(ok(
            &self.hush(&["secret", "versions", REF, "--format", "json"])
        )))
        .expect("versions JSON")
    }

    fn audit_is_intact_and_holds_none_of(&self, versions: &[ServerVersion]) {
        ok(&self.hush(&["audit", "verify"]));
        let log = std::fs::read_to_string(self.s.path("audit.log")).expect("log");
        for v in versions {
            let password = v.value["password"].as_str().expect("password");
            assert!(!log.contains(password), "a value leaked into the audit log");
        }
    }
}

#[test]
fn three_rotations_and_a_rollback_keep_every_version_and_the_other_fields() {
    let e = Env::new();
    let first = e.current();
    for _ in 0..3 {
        ok(&e.hush(&["rotate", REF, "--generate", "hex:12"]));
    }
    let server = e.server();
    assert_eq!(server.len(), 4, "{server:?}");
    assert!(e.holders("AWSPENDING").is_empty(), "no dangling AWSPENDING");
    let current = e.current();
    assert_ne!(current, first);
    for v in &server {
        assert_eq!(v.value["user"], "bob", "other fields are carried over");
        let o = e.hush(&["secret", "get", REF, "--version", &v.id]);
        assert_eq!(stdout(ok(&o)), v.value["password"].as_str().expect("pw"));
    }
    let whole = stdout(ok(&e.hush(&["secret", "get", "aws-sm:app/db"])));
    let whole: Value = serde_json::from_str(&whole).expect("current JSON");
    let by_id = |id: &str| &server.iter().find(|v| v.id == id).expect("version").value;
    assert_eq!(&whole, by_id(&current));

    let listed = e.versions_json();
    assert_eq!(listed.len(), 4);
    let marked: Vec<&Value> = listed.iter().filter(|v| v["current"] == true).collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0]["version"], current.as_str());

    let previous = e.holders("AWSPREVIOUS")[0].clone();
    let o = e.hush(&["rollback", REF]);
    assert!(stdout(ok(&o)).contains(&previous), "{}", stdout(&o));
    assert_eq!(e.current(), previous, "AWSCURRENT moved back");
    assert_eq!(e.holders("AWSPREVIOUS"), vec![current]);
    let after = e.server();
    assert_eq!(
        after.len(),
        4,
        "rollback moves a label, it writes no version"
    );
    let o = e.hush(&["secret", "get", REF]);
    assert_eq!(
        stdout(ok(&o)),
        by_id(&previous)["password"].as_str().expect("pw")
    );

    // Rolling back to the very first version by id.
    ok(&e.hush(&["rollback", REF, "--to", &first]));
    assert_eq!(e.current(), first);
    assert_eq!(by_id(&first)["password"], "one");
    e.audit_is_intact_and_holds_none_of(&e.server());
}

#[test]
fn put_creates_a_missing_secret_and_a_field_of_it() {
    let e = Env::new();
    let mut c = e.cmd(
        "store",
        &["secret", "put", "aws-sm:new/one#token", "--value-stdin"],
    );
    ok(&run_stdin(&mut c, b"t0k3n"));
    let text = e.moto.boto3(
        "print(sm.get_secret_value(SecretId='new/one', VersionStage='AWSCURRENT')['SecretString'])",
    );
    assert_eq!(text.trim(), r#"{"token":"t0k3n"}"#);
}

#[test]
fn two_rotators_race_one_wins_the_other_conflicts_and_no_version_is_lost() {
    let e = Env::new();
    // Deterministic: machine A stages, machine B rotates, A's promotion then conflicts.
    ok(&run(&mut e.cmd("storeA", &["rotate", REF, "--stage-only"])));
    let staged = e.holders("AWSPENDING");
    assert_eq!(staged.len(), 1);
    ok(&run(&mut e.cmd("storeB", &["rotate", REF])));
    let winner = e.current();
    let o = run(&mut e.cmd("storeA", &["rotate", REF]));
    let err = fails_with(&o, 81);
    assert!(err.contains("conflict"), "{err}");
    assert_eq!(e.current(), winner, "the loser changed nothing");
    assert!(
        e.holders("AWSPENDING").is_empty(),
        "the loser released AWSPENDING"
    );
    let ids: Vec<String> = e.server().into_iter().map(|v| v.id).collect();
    assert!(ids.contains(&staged[0]), "the losing version is kept");
    assert_eq!(ids.len(), 3);

    // Truly concurrent: four machines at once. A rotator that sees AWSCURRENT move before
    // it stages writes nothing; every version staged is kept.
    let outputs = race(
        (0..4)
            .map(|i| e.cmd(&format!("store{i}"), &["rotate", REF]))
            .collect(),
    );
    let server = e.server();
    assert_eq!(
        server.len(),
        3 + versions_written(&outputs),
        "every staged version is kept"
    );
    e.current();
    assert!(e.holders("AWSPENDING").is_empty());
    e.audit_is_intact_and_holds_none_of(&server);
}

#[test]
fn an_interrupted_rotation_is_finished_or_released_by_the_next_rotate() {
    use hush::rotation::journal::{Journal, Record};
    let e = Env::new();
    let first = e.current();
    ok(&e.hush(&["rotate", REF, "--stage-only"]));
    let staged = e.holders("AWSPENDING")[0].clone();
    assert_eq!(e.current(), first, "staging does not change AWSCURRENT");
    let o = e.hush(&["rotate", REF]);
    assert!(stdout(ok(&o)).contains("finished"), "{}", stdout(&o));
    assert_eq!(e.current(), staged);
    assert!(e.holders("AWSPENDING").is_empty());

    // Killed after PutSecretValue, before the journal named the version: a version with
    // AWSPENDING that hush cannot name. The next rotate releases the label, keeps the version.
    let orphan = e.moto.boto3(
        "print(sm.put_secret_value(SecretId='app/db', SecretString=json.dumps({'user': 'bob', 'password': 'orphan'}), VersionStages=['AWSPENDING'])['VersionId'])",
    );
    let orphan = orphan.trim().to_string();
    let canonical = "aws-sm:app/db#password";
    Journal::new(&e.s.path("store/.journal"), canonical)
        .save(&Record {
            reference: canonical.into(),
            from: staged.clone(),
            to: None,
            started: "2026-01-01T00:00:00Z".into(),
        })
        .expect("journal");
    let o = e.hush(&["rotate", REF]);
    assert!(stdout(ok(&o)).contains("undid"), "{}", stdout(&o));
    assert!(
        e.holders("AWSPENDING").is_empty(),
        "the dangling label is gone"
    );
    assert_eq!(e.current(), staged);
    assert!(
        e.server().iter().any(|v| v.id == orphan),
        "its version stays"
    );
    ok(&e.hush(&["rotate", REF]));
    assert_ne!(e.current(), staged);
    e.audit_is_intact_and_holds_none_of(&e.server());
}

#[test]
fn unreachable_server_deleted_secret_and_retention_limit_write_nothing() {
    let e = Env::new();
    let port = free_port();
    let o = run(e
        .cmd("store", &["rotate", REF])
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}")));
    let err = fails_with(&o, 84);
    assert!(err.contains(REF) && err.contains("cannot reach"), "{err}");
    fails_with(&e.hush(&["secret", "get", "aws-sm:no/such"]), 80);

    // Fill the secret up to AWS's retention threshold: a new version is refused.
    e.moto.boto3(
        "for i in range(99):\n    sm.put_secret_value(SecretId='app/db', SecretString=json.dumps({'user': 'bob', 'password': 'p%d' % i}))",
    );
    let before = e.current();
    let err = fails_with(&e.hush(&["rotate", REF]), 84);
    assert!(err.contains("100 versions"), "{err}");
    assert_eq!(e.server().len(), 100);
    assert_eq!(e.current(), before);

    // A secret scheduled for deletion is refused, with the way out.
    e.moto
        .boto3("sm.delete_secret(SecretId='app/db', RecoveryWindowInDays=7)");
    let err = fails_with(&e.hush(&["rotate", REF]), 84);
    assert!(err.contains("scheduled for deletion"), "{err}");
    assert!(err.contains("restore-secret"), "{err}");
    fails_with(&e.hush(&["secret", "get", REF]), 84);
    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    assert!(log.contains("cannot reach"), "failures are logged");
    assert!(log.contains("scheduled for deletion"), "denials are logged");
    assert!(!log.contains("\"one\""), "no value in the log");
}
