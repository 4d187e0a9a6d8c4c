//! Fault tests for the server backends: the real OpenBao server (`vault:`, KV v2) and moto's
//! Secrets Manager (`aws-sm:`, an emulator). hush talks to the server through a slow proxy
//! (tests/common/slow_proxy.rs, each chunk held 25 ms) so that a rotation lasts long enough
//! to be SIGKILLed at many distinct points; after each kill `hush rotate` runs again and must
//! finish or undo the killed one. After every round the server's own API (the `bao` CLI and
//! HTTP API, boto3) shows exactly one current version, no dangling staged state, and every
//! version seen before still there with the same value. Also: rotators racing through the
//! proxy, a server that becomes unreachable between stage and promote, an unreachable
//! server and a token without write permission.

#![cfg(any(feature = "vault-transit", feature = "aws-sm"))]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use common::kill::{run_and_kill, typical};
use common::slow_proxy::SlowProxy;
use common::*;

/// Kills that must land while hush runs, per backend.
const KILLS: usize = 30;
/// Attempts before giving up on that count (each adds at most two versions: moto refuses
/// past 100 and the test raises Vault's `max_versions` above this).
const MAX_ATTEMPTS: usize = 45;
/// How long the proxy holds each chunk.
const DELAY: Duration = Duration::from_millis(25);

/// Version id → value, as the server reports them.
type History = BTreeMap<String, String>;

/// A secret on a server under fault test.
trait Faulted {
    fn reference(&self) -> &str;
    /// `hush ARGS` against the server at `url`, with the store directory `store`.
    fn cmd(&self, url: &str, store: &str, args: &[&str]) -> Command;
    /// The server's own address (not the proxy's).
    fn direct(&self) -> String;
    fn audit_log(&self) -> PathBuf;
    /// Every version and its value, read with the server's own API, whatever the state.
    fn direct_history(&self) -> History;
    /// Every version and its value, read with the server's own API, after checking that
    /// exactly one version is current and nothing is left staged.
    fn settled(&self) -> History;
}

fn hush(b: &dyn Faulted, args: &[&str]) -> Output {
    run(&mut b.cmd(&b.direct(), "store", args))
}

/// `o` succeeded and said `text`.
#[track_caller]
fn says(o: &Output, text: &str) {
    let out = stdout(ok(o));
    assert!(out.contains(text), "expected {text:?} in:\n{out}");
}

/// Every version of `before` is still in `after` with the same value.
fn assert_history_kept(before: &History, after: &History) {
    for (id, value) in before {
        assert_eq!(after.get(id), Some(value), "version {id} lost or changed");
    }
}

/// How the follow-up rotations went.
#[derive(Debug, Default)]
struct Tally {
    kills: usize,
    finished: usize,
    undone: usize,
    /// Undone although the killed run's write had reached the server (a new version).
    undone_after_a_write: usize,
    fresh: usize,
}

/// Rotations through `proxy` killed at random points, each followed by a `hush rotate` that
/// must succeed; the server is checked after every round. Returns the tally.
fn killed_rotations(b: &dyn Faulted, proxy: &SlowProxy) -> Tally {
    let r = b.reference().to_string();
    let rotate = || {
        b.cmd(
            &proxy.url(),
            "store",
            &["rotate", &r, "--generate", "base64:18"],
        )
    };
    // Delays up to 1.2 × the quickest of three normal runs (the first warms the server
    // up): most kills land, few runs add two versions.
    let quickest = (0..3).map(|_| typical(rotate())).min().expect("runs");
    let typical = quickest.mul_f64(0.8);
    let mut seen = b.settled();
    let mut tally = Tally::default();
    for _ in 0..MAX_ATTEMPTS {
        if run_and_kill(rotate(), typical) {
            tally.kills += 1;
        }
        // What the killed run sent is on the server before anything else happens.
        proxy.wait_idle();
        let out = stdout(ok(&hush(b, &["rotate", &r]))).to_string();
        if out.contains("finished an interrupted rotation") {
            tally.finished += 1;
        } else if out.contains("undid an interrupted rotation") {
            tally.undone += 1;
        } else {
            tally.fresh += 1;
        }
        let now = b.settled();
        if out.contains("undid") && now.len() > seen.len() {
            tally.undone_after_a_write += 1;
        }
        assert_history_kept(&seen, &now);
        seen = now;
        if tally.kills == KILLS {
            break;
        }
    }
    eprintln!("{r}: {tally:?}, {} versions", seen.len());
    assert_eq!(tally.kills, KILLS, "too few kills landed while hush ran");
    assert!(
        tally.finished + tally.undone > 0,
        "no kill left a rotation to finish or undo"
    );
    let listed: Vec<serde_json::Value> = serde_json::from_str(&stdout(ok(&hush(
        b,
        &["secret", "versions", &r, "--format", "json"],
    ))))
    .expect("versions JSON");
    assert_eq!(listed.len(), seen.len(), "hush lists every version");
    assert_eq!(listed.iter().filter(|v| v["current"] == true).count(), 1);
    audit_is_clean(b, &seen);
    tally
}

/// Four rotators on four machines through the proxy, started at once and then 1 to 5
/// proxy delays apart (so that one may read the secret while another is between its
/// steps): one or more win, the others fail with a conflict, the server is settled and no
/// version is lost.
fn racing_rotators(b: &dyn Faulted, proxy: &SlowProxy) {
    let r = b.reference().to_string();
    let mut before = b.settled();
    for round in 0..6u32 {
        let cmds = (0..4)
            .map(|i| b.cmd(&proxy.url(), &format!("racer{i}"), &["rotate", &r]))
            .collect();
        let won = race_staggered(cmds, DELAY * round);
        let after = b.settled();
        assert_history_kept(&before, &after);
        assert!(
            after.len() >= before.len() + won,
            "every winner wrote a version"
        );
        before = after;
    }
    audit_is_clean(b, &before);
}

/// `rotate --stage-only`, then a `rotate` while the server cannot be reached (84, the
/// reference named, the journal kept), then a `rotate` that finishes the staged version.
fn unreachable_between_stage_and_promote(b: &dyn Faulted) {
    let r = b.reference().to_string();
    ok(&hush(b, &["rotate", &r, "--stage-only"]));
    let staged = b.direct_history();
    let nowhere = format!("http://127.0.0.1:{}", free_port());
    let o = run(&mut b.cmd(&nowhere, "store", &["rotate", &r]));
    let err = fails_with(&o, 84);
    assert!(err.contains(&r) && err.contains("cannot reach"), "{err}");
    assert_eq!(b.direct_history(), staged, "nothing changed on the server");
    let o = hush(b, &["rotate", &r]);
    says(&o, "finished an interrupted rotation");
    assert_history_kept(&staged, &b.settled());
    let log = std::fs::read_to_string(b.audit_log()).expect("log");
    assert!(log.contains("cannot reach"), "the failure is logged");
}

/// `hush audit verify` passes and the log holds none of the values.
fn audit_is_clean(b: &dyn Faulted, history: &History) {
    ok(&hush(b, &["audit", "verify"]));
    let log = std::fs::read_to_string(b.audit_log()).expect("log");
    for value in history.values() {
        assert!(
            !log.contains(value.as_str()),
            "a value leaked into the audit log"
        );
    }
}

#[cfg(feature = "vault-transit")]
mod vault {
    use super::*;
    use common::kms::Bao;
    use serde_json::Value;

    const REF: &str = "vault:secret/app/db#password";

    pub struct Env {
        pub s: Scratch,
        pub bao: Bao,
    }

    impl Env {
        /// OpenBao with `secret/app/db` = `password=one`, keeping up to 1000 versions.
        pub fn new() -> Env {
            let e = Env {
                s: Scratch::new(),
                bao: Bao::start(),
            };
            let put = &["kv", "put", "-mount=secret", "app/db", "password=one"];
            e.bao.cli(put);
            e.bao.cli(&[
                "kv",
                "metadata",
                "put",
                "-mount=secret",
                "-max-versions=1000",
                "app/db",
            ]);
            e
        }

        pub fn cmd_as(&self, token: &str, url: &str, args: &[&str]) -> Command {
            let mut c = self.s.hush_cmd(args);
            c.env_remove("VAULT_TOKEN")
                .env_remove("VAULT_ADDR")
                .env("BAO_ADDR", url)
                .env("BAO_TOKEN", token)
                .env("HUSH_STORE", self.s.path("store"))
                .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
            c
        }

        /// The key's metadata, from the `bao` CLI.
        pub fn metadata(&self) -> Value {
            let text = self.bao.cli(&[
                "kv",
                "metadata",
                "get",
                "-format=json",
                "-mount=secret",
                "app/db",
            ]);
            serde_json::from_str::<Value>(&text).expect("metadata JSON")["data"].clone()
        }

        /// Version `n`'s password, from the server's HTTP API.
        fn value(&self, n: &str) -> String {
            let url = format!(
                "{}/v1/secret/data/app/db?version={n}",
                self.bao.server.url()
            );
            let (status, body) =
                http("GET", &url, &[("X-Vault-Token", "root")], "").expect("the server answers");
            assert_eq!(status, 200, "version {n} is readable: {body}");
            let json: Value = serde_json::from_str(&body).expect("JSON");
            json["data"]["data"]["password"]
                .as_str()
                .expect("a password")
                .to_string()
        }

        /// Every version's value (no check of the state).
        pub fn history(&self) -> History {
            let meta = self.metadata();
            let versions = meta["versions"].as_object().expect("versions").clone();
            versions
                .keys()
                .map(|n| (n.clone(), self.value(n)))
                .collect()
        }
    }

    impl Faulted for Env {
        fn reference(&self) -> &str {
            REF
        }

        fn cmd(&self, url: &str, store: &str, args: &[&str]) -> Command {
            let mut c = self.cmd_as("root", url, args);
            c.env("HUSH_STORE", self.s.path(store));
            c
        }

        fn direct(&self) -> String {
            self.bao.server.url()
        }

        fn audit_log(&self) -> PathBuf {
            self.s.path("audit.log")
        }

        fn direct_history(&self) -> History {
            self.history()
        }

        /// KV v2's current version is its newest; hush's mark on the key says committed.
        fn settled(&self) -> History {
            let meta = self.metadata();
            let versions = meta["versions"].as_object().expect("versions");
            let newest = versions.keys().filter_map(|n| n.parse::<u64>().ok()).max();
            assert_eq!(meta["current_version"].as_u64(), newest);
            assert_eq!(
                meta["custom_metadata"]["hush.state"], "committed",
                "no rotation left pending: {meta}"
            );
            for (n, info) in versions {
                assert_eq!(info["destroyed"], false, "version {n} destroyed");
                assert_eq!(info["deletion_time"], "", "version {n} deleted");
            }
            self.history()
        }
    }
}

#[cfg(feature = "vault-transit")]
#[test]
fn vault_rotations_killed_at_random_points_are_finished_by_the_next_rotate() {
    let e = vault::Env::new();
    ok(&hush(&e, &["rotate", e.reference()]));
    let proxy = SlowProxy::start(e.bao.server.port, DELAY);
    let tally = killed_rotations(&e, &proxy);
    assert_eq!(
        tally.undone_after_a_write, 0,
        "a version the killed run wrote is current in KV v2: the next rotate adopts it"
    );
    let first = e.history();
    assert_eq!(first["1"], "one");
}

#[cfg(feature = "vault-transit")]
#[test]
fn vault_racing_rotators_and_an_unreachable_server_lose_nothing() {
    let e = vault::Env::new();
    ok(&hush(&e, &["rotate", e.reference()]));
    let proxy = SlowProxy::start(e.bao.server.port, DELAY);
    racing_rotators(&e, &proxy);
    unreachable_between_stage_and_promote(&e);
    let before = e.settled();
    let nowhere = format!("http://127.0.0.1:{}", free_port());
    let err = fails_with(
        &run(&mut e.cmd(&nowhere, "store", &["rotate", e.reference()])),
        84,
    );
    assert!(
        err.contains(e.reference()) && err.contains("cannot reach"),
        "{err}"
    );
    assert_eq!(e.settled(), before, "nothing changed");
    audit_is_clean(&e, &before);
}

#[cfg(feature = "vault-transit")]
#[test]
fn vault_a_read_only_token_is_denied_names_the_reference_and_writes_nothing() {
    let e = vault::Env::new();
    ok(&hush(&e, &["rotate", e.reference()]));
    let token = e.bao.token_with_policy(
        "read-only",
        "path \"secret/*\" { capabilities = [\"read\", \"list\"] }\n",
    );
    let before = e.metadata();
    let history = e.settled();
    let o = run(&mut e.cmd_as(&token, &e.direct(), &["rotate", e.reference()]));
    let err = fails_with(&o, 84);
    assert!(
        err.contains(e.reference()) && err.contains("permission denied"),
        "{err}"
    );
    let after = e.metadata();
    assert_eq!(after, before, "the server's metadata is unchanged");
    assert_eq!(e.settled(), history);
    // Nothing was left to finish: with a token that may write, the next rotate is a fresh one.
    let o = hush(&e, &["rotate", e.reference()]);
    says(&o, "rotated, version 2 -> 3");
    audit_is_clean(&e, &e.settled());
    let log = std::fs::read_to_string(e.audit_log()).expect("log");
    let denial = log
        .lines()
        .find(|l| l.contains("permission denied"))
        .expect("the denial is logged");
    assert!(
        denial.contains("\"op\":\"rotate\"") && denial.contains(e.reference()),
        "{denial}"
    );
}

/// Regression: a rotation killed after its write but before the journal named the version
/// left the new version current in KV v2 and the next rotate "undid" it: the key stayed
/// marked `pending` (killed after the mark) or carried the previous rotation's marks (killed
/// before it), and no `on_rotate` action ran for the value now current. The next rotate now
/// adopts the version and marks it committed, in both cases.
#[cfg(feature = "vault-transit")]
#[test]
fn vault_a_rotation_killed_before_the_journal_named_its_version_is_adopted() {
    use hush::rotation::journal::{Journal, Record};
    let e = vault::Env::new();
    ok(&hush(&e, &["rotate", e.reference()]));
    for (from, marked) in [(2u64, true), (3, false)] {
        // What the killed run had done: the journal without a version, the write with
        // `cas` = from, and (or not yet) the key's pending mark.
        Journal::new(&e.s.path("store/.journal"), e.reference())
            .save(&Record {
                reference: e.reference().into(),
                from: from.to_string(),
                to: None,
                started: "2026-01-01T00:00:00Z".into(),
            })
            .expect("journal");
        let cas = format!("-cas={from}");
        let put = [
            "kv",
            "put",
            "-mount=secret",
            &cas,
            "app/db",
            "password=written",
        ];
        e.bao.cli(&put);
        let to = from + 1;
        if marked {
            let marks = format!(
                r#"{{"custom_metadata":{{"hush.state":"pending","hush.from":"{from}","hush.to":"{to}"}}}}"#
            );
            let url = format!("{}/v1/secret/metadata/app/db", e.direct());
            let answer = http("POST", &url, &[("X-Vault-Token", "root")], &marks);
            assert_eq!(answer.expect("answer").0, 204);
        }
        let o = hush(&e, &["rotate", e.reference()]);
        says(
            &o,
            &format!("finished an interrupted rotation, version {from} -> {to}"),
        );
        let history = e.settled();
        assert_eq!(history[&to.to_string()], "written");
        let marks = &e.metadata()["custom_metadata"];
        assert_eq!(marks["hush.to"], to.to_string());
    }
    let o = hush(&e, &["rotate", e.reference()]);
    says(&o, "rotated, version 4 -> 5");
    e.settled();
}

#[cfg(feature = "aws-sm")]
mod aws {
    use super::*;
    use common::kms::Moto;
    use serde_json::Value;

    const REF: &str = "aws-sm:app/db#password";

    pub struct Env {
        s: Scratch,
        pub moto: Moto,
    }

    impl Env {
        /// moto with `app/db` = `{"user": "bob", "password": "one"}`, created with boto3.
        pub fn new() -> Env {
            let e = Env {
                s: Scratch::new(),
                moto: Moto::start(),
            };
            e.moto.boto3(
                "sm.create_secret(Name='app/db', SecretString=json.dumps({'user': 'bob', 'password': 'one'}))",
            );
            e
        }

        /// Every version (deprecated ones too) with its labels and value, from boto3.
        fn server(&self) -> Vec<Value> {
            self.moto.secret_versions("app/db")
        }

        fn history_of(list: &[Value]) -> History {
            list.iter()
                .map(|v| {
                    assert_eq!(v["value"]["user"], "bob", "the other field is carried over");
                    let password = v["value"]["password"].as_str().expect("password");
                    (
                        v["id"].as_str().expect("id").to_string(),
                        password.to_string(),
                    )
                })
                .collect()
        }
    }

    impl Faulted for Env {
        fn reference(&self) -> &str {
            REF
        }

        fn cmd(&self, url: &str, store: &str, args: &[&str]) -> Command {
            let mut c = self.s.hush_cmd(args);
            self.moto.env(&mut c);
            c.env("AWS_ENDPOINT_URL", url)
                .env("AWS_REGION", "us-east-1")
                .env("HUSH_STORE", self.s.path(store))
                .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
            c
        }

        fn direct(&self) -> String {
            self.moto.server.url()
        }

        fn audit_log(&self) -> PathBuf {
            self.s.path("audit.log")
        }

        fn direct_history(&self) -> History {
            Self::history_of(&self.server())
        }

        /// Exactly one version holds AWSCURRENT and none holds AWSPENDING.
        fn settled(&self) -> History {
            let list = self.server();
            let holders = |label: &str| {
                list.iter()
                    .filter(|v| {
                        v["stages"]
                            .as_array()
                            .is_some_and(|s| s.iter().any(|l| l == label))
                    })
                    .count()
            };
            assert_eq!(holders("AWSCURRENT"), 1, "one current version: {list:?}");
            assert_eq!(holders("AWSPENDING"), 0, "no dangling AWSPENDING: {list:?}");
            Self::history_of(&list)
        }
    }
}

#[cfg(feature = "aws-sm")]
#[test]
fn aws_rotations_killed_at_random_points_are_finished_by_the_next_rotate() {
    let e = aws::Env::new();
    let proxy = SlowProxy::start(e.moto.server.port, DELAY);
    killed_rotations(&e, &proxy);
    assert!(
        e.settled().values().any(|v| v == "one"),
        "the first version stays"
    );
}

#[cfg(feature = "aws-sm")]
#[test]
fn aws_racing_rotators_and_a_server_gone_between_stage_and_promote_lose_nothing() {
    let e = aws::Env::new();
    let proxy = SlowProxy::start(e.moto.server.port, DELAY);
    racing_rotators(&e, &proxy);
    unreachable_between_stage_and_promote(&e);
    audit_is_clean(&e, &e.settled());
}
