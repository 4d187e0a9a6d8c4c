//! `hush secret`/`rotate`/`rollback` with `azure-kv:` references against a local STAND-IN
//! for Azure Key Vault, not an emulator: no Azure Key Vault emulator installs from the
//! registries hush's machines reach, so the tests run tests/kms_servers/azure_kv_standin.py,
//! a small TLS server speaking the Key Vault secrets REST calls (api-version 2025-07-01) and
//! Entra ID's client-credentials login. hush talks to it with the official Azure SDK; the
//! server's state is checked through the stand-in's own REST API with curl, not through hush.
//! What this proves is hush's side of the protocol; agreement with the real service rests on
//! the stand-in following the published API.

#![cfg(feature = "azure-kv")]

mod common;

use std::collections::HashSet;
use std::process::{Command, Output, Stdio};

use common::kms::{AZURE_CLIENT, AzureStandIn};
use common::*;
use serde_json::Value;

const NAME: &str = "db-password";
const PENDING: &str = "db-password--hush-pending";

struct Env {
    s: Scratch,
    az: AzureStandIn,
    reference: String,
}

impl Env {
    fn new() -> Env {
        let az = AzureStandIn::start();
        Env {
            s: Scratch::new(),
            reference: format!("azure-kv:{}/secrets/{NAME}", az.vault_url()),
            az,
        }
    }

    /// `hush` with its own store directory `store` (two stores = two machines).
    fn cmd(&self, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        self.az.env(&mut c);
        c.env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
        c
    }

    fn hush(&self, args: &[&str]) -> Output {
        run(&mut self.cmd("store", args))
    }

    fn put(&self, value: &str) {
        let args = ["secret", "put", &self.reference, "--value-stdin"];
        ok(&run_stdin(&mut self.cmd("store", &args), value.as_bytes()));
    }

    /// The version ids of `name` as the vault lists them.
    fn server_ids(&self, name: &str) -> Vec<String> {
        self.az.secret_versions(name).iter().map(id_of).collect()
    }

    /// The latest version of NAME as the vault returns it: (id, value).
    fn server_latest(&self) -> (String, String) {
        let v = self.az.secret(NAME, "");
        (id_of(&v), v["value"].as_str().expect("value").to_string())
    }

    fn server_value(&self, name: &str, version: &str) -> String {
        self.az.secret(name, version)["value"]
            .as_str()
            .expect("value")
            .to_string()
    }

    fn hush_versions(&self) -> Vec<Value> {
        let o = self.hush(&["secret", "versions", &self.reference, "--format", "json"]);
        serde_json::from_str(&stdout(ok(&o))).expect("versions JSON")
    }
}

/// The version at the end of a SecretItem's or SecretBundle's id.
fn id_of(item: &Value) -> String {
    let id = item["id"].as_str().expect("id");
    id.rsplit('/').next().expect("version").to_string()
}

/// `... version FROM -> TO` in rotate's report.
fn rotated_to(o: &Output) -> String {
    let text = stdout(ok(o));
    text.trim_end()
        .rsplit(" -> ")
        .next()
        .expect("-> TO")
        .to_string()
}

#[test]
fn put_three_rotations_rollback_every_version_kept_on_the_server() {
    let e = Env::new();
    e.put("one");
    let first = e.server_latest();
    assert_eq!(first.1, "one");
    let mut ids = vec![first.0.clone()];
    for _ in 0..3 {
        let to = rotated_to(&e.hush(&["rotate", &e.reference, "--generate", "base64:12"]));
        assert_eq!(e.server_latest().0, to, "the reported version is current");
        ids.push(to);
    }
    assert_eq!(e.server_ids(NAME).len(), 4);
    let values: Vec<String> = ids.iter().map(|v| e.server_value(NAME, v)).collect();
    assert_eq!(values[0], "one");
    assert_eq!(values.iter().collect::<HashSet<_>>().len(), 4);
    for (id, value) in ids.iter().zip(&values) {
        let o = e.hush(&["secret", "get", &e.reference, "--version", id]);
        assert_eq!(&stdout(ok(&o)), value, "hush reads what the vault stored");
        let tags = &e.az.secret(NAME, id)["tags"];
        assert_eq!(tags["hush-state"], "promoted", "{tags}");
    }
    // Each promoted version came from a staged one, and says which, and what it replaced.
    for pair in ids.windows(2) {
        let tags = &e.az.secret(NAME, &pair[1])["tags"];
        assert_eq!(tags["hush-from"], pair[0].as_str());
        let staged = tags["hush-staged"].as_str().expect("hush-staged");
        assert_eq!(
            e.server_value(PENDING, staged),
            e.server_value(NAME, &pair[1])
        );
    }
    assert_eq!(
        stdout(ok(&e.hush(&["secret", "get", &e.reference]))),
        values[3]
    );

    let o = e.hush(&["rollback", &e.reference]);
    let text = stdout(ok(&o));
    let (latest, value) = e.server_latest();
    assert!(
        text.contains(&format!("version {latest} is current")),
        "{text}"
    );
    assert_eq!(
        value, values[2],
        "rollback copies the previous value forward"
    );
    let tags = &e.az.secret(NAME, &latest)["tags"];
    assert_eq!(tags["hush-rollback-of"], ids[2].as_str());
    assert_eq!(tags["hush-state"], "rolled-back");

    // Nothing deleted or disabled, on the server: five versions of NAME, all enabled.
    let items = e.az.secret_versions(NAME);
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|i| i["attributes"]["enabled"] == true));
    for id in &ids {
        e.server_value(NAME, id);
    }
    let list = e.hush_versions();
    assert_eq!(list.len(), 5, "{list:?}");
    let current: Vec<&Value> = list.iter().filter(|v| v["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["version"], latest.as_str());
    assert_eq!(current[0]["state"], "current");
    assert_eq!(list.last().expect("last")["version"], latest.as_str());
    assert_eq!(
        list.iter().filter(|v| v["state"] == "retained").count(),
        4,
        "{list:?}"
    );

    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    assert_eq!(log.lines().count(), 5, "put, three rotations, rollback");
    for v in &values {
        assert!(
            !log.contains(v.as_str()),
            "a value leaked into the audit log"
        );
    }
    // Back to any version by id; an id the vault does not have is refused (80).
    let o = e.hush(&["rollback", &e.reference, "--to", &ids[0]]);
    ok(&o);
    let (latest, value) = e.server_latest();
    assert_eq!(value, "one");
    assert_eq!(
        e.az.secret(NAME, &latest)["tags"]["hush-rollback-of"],
        ids[0].as_str()
    );
    let o = e.hush(&["rollback", &e.reference, "--to", &"0".repeat(32)]);
    assert_eq!(o.status.code(), Some(80), "{}", stderr(&o));
    assert_eq!(e.server_ids(NAME).len(), 6);
    ok(&e.hush(&["audit", "verify"]));
}

#[test]
fn a_staged_rotation_is_invisible_to_readers_and_the_next_rotate_finishes_it() {
    let e = Env::new();
    e.put("one");
    let (before, _) = e.server_latest();
    let o = e.hush(&["rotate", &e.reference, "--stage-only"]);
    assert!(stdout(ok(&o)).contains("staged version"), "{}", stdout(&o));
    // Readers of the secret still get the old value; the new one waits in the sibling.
    assert_eq!(e.server_latest(), (before.clone(), "one".to_string()));
    assert_eq!(e.server_ids(NAME).len(), 1);
    let list = e.hush_versions();
    let staged: Vec<&Value> = list.iter().filter(|v| v["state"] == "staged").collect();
    assert_eq!(staged.len(), 1, "{list:?}");
    let staged_id = staged[0]["version"].as_str().expect("id").to_string();
    let staged_value = e.server_value(PENDING, &staged_id);

    let o = e.hush(&["rotate", &e.reference]);
    let text = stdout(ok(&o));
    assert!(text.contains("finished an interrupted rotation"), "{text}");
    let (now, value) = e.server_latest();
    assert_eq!(value, staged_value);
    assert!(text.ends_with(&format!("{before} -> {now}\n")), "{text}");
    let list = e.hush_versions();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list.iter().filter(|v| v["current"] == true).count(), 1);
    assert!(list.iter().all(|v| v["state"] != "staged"), "{list:?}");
    ok(&e.hush(&["audit", "verify"]));
}

/// A rotation killed after its promoting write but before it cleared its journal: the next
/// rotate sees the version tagged with the staged id and finishes without writing again.
#[test]
fn a_promotion_written_before_a_crash_is_finished_without_a_second_write() {
    let e = Env::new();
    e.put("one");
    let (before, _) = e.server_latest();
    ok(&e.hush(&["rotate", &e.reference, "--stage-only"]));
    let list = e.hush_versions();
    let staged = list
        .iter()
        .find(|v| v["state"] == "staged")
        .expect("staged")["version"]
        .as_str()
        .expect("id")
        .to_string();
    // What the killed rotation had written: the staged value, tagged as hush promotes.
    let body = serde_json::json!({
        "value": e.server_value(PENDING, &staged),
        "tags": {"hush-state": "promoted", "hush-staged": staged, "hush-from": before},
    });
    let (status, written) =
        e.az.rest("PUT", &format!("/secrets/{NAME}"), Some(&body.to_string()));
    assert_eq!(status, 200, "{written}");
    let o = e.hush(&["rotate", &e.reference]);
    let text = stdout(ok(&o));
    assert!(text.contains("finished an interrupted rotation"), "{text}");
    assert!(
        text.ends_with(&format!("{before} -> {}\n", id_of(&written))),
        "{text}"
    );
    assert_eq!(e.server_ids(NAME).len(), 2, "no second write");
    assert_eq!(e.server_latest().0, id_of(&written));
}

#[test]
fn a_writer_between_stage_and_promote_wins_and_the_staged_value_is_abandoned() {
    let e = Env::new();
    e.put("one");
    ok(&e.hush(&["rotate", &e.reference, "--stage-only"]));
    let (status, written) = e.az.rest(
        "PUT",
        &format!("/secrets/{NAME}"),
        Some(r#"{"value":"external"}"#),
    );
    assert_eq!(status, 200, "{written}");
    let o = e.hush(&["rotate", &e.reference]);
    assert_eq!(o.status.code(), Some(81), "{}", stderr(&o));
    assert!(stderr(&o).contains("conflict"), "{}", stderr(&o));
    assert_eq!(e.server_latest(), (id_of(&written), "external".into()));
    assert_eq!(
        e.server_ids(NAME).len(),
        2,
        "nothing was written to the secret"
    );
    let pending = e.az.secret_versions(PENDING);
    assert_eq!(pending.len(), 2, "put's staged copy and the rotation's");
    assert_eq!(pending[1]["tags"]["hush-state"], "abandoned");
    let list = e.hush_versions();
    assert_eq!(
        list.iter().filter(|v| v["state"] == "abandoned").count(),
        1,
        "{list:?}"
    );
    // The journal was cleared: the next rotation is a fresh one from the external version.
    let to = rotated_to(&e.hush(&["rotate", &e.reference]));
    assert_eq!(e.server_latest().0, to);
    assert_eq!(
        e.az.secret(NAME, &to)["tags"]["hush-from"],
        id_of(&written).as_str()
    );
}

/// Two rotators on two machines (two stores, so no shared lock). Key Vault has no
/// precondition on writes; hush's check-and-set (the earliest write wins, a later one copies
/// it forward) guarantees: exactly one rotator exits 0 and its version's value is what
/// readers get, the other exits 81, every version written stays readable and enabled, and
/// each staged value either became a version of the secret or is marked abandoned.
#[test]
fn racing_rotators_on_two_machines_lose_no_version() {
    let e = Env::new();
    e.put("one");
    let children: Vec<_> = (0..2)
        .map(|i| {
            e.cmd(&format!("store{i}"), &["rotate", &e.reference])
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
    for o in &outputs {
        assert!(
            matches!(o.status.code(), Some(0 | 81)),
            "{:?}: {}",
            o.status,
            stderr(o)
        );
    }
    let winners: Vec<&Output> = outputs.iter().filter(|o| o.status.success()).collect();
    assert_eq!(winners.len(), 1, "exactly one rotator wins");
    let loser = outputs.iter().find(|o| !o.status.success()).expect("loser");
    assert!(stderr(loser).contains("conflict"), "{}", stderr(loser));
    let (latest, value) = e.server_latest();
    let to = rotated_to(winners[0]);
    assert_eq!(
        value,
        e.server_value(NAME, &to),
        "the winner's value is current"
    );
    let items = e.az.secret_versions(NAME);
    assert!(items.iter().all(|i| i["attributes"]["enabled"] == true));
    for item in &items {
        e.server_value(NAME, &id_of(item));
    }
    let promoted: HashSet<String> = items
        .iter()
        .filter_map(|i| i["tags"]["hush-staged"].as_str().map(str::to_string))
        .collect();
    for item in e.az.secret_versions(PENDING) {
        let id = id_of(&item);
        assert!(
            promoted.contains(&id) || item["tags"]["hush-state"] == "abandoned",
            "staged version {id} neither promoted nor abandoned: {item}"
        );
    }
    let list = e.hush_versions();
    let current: Vec<&Value> = list.iter().filter(|v| v["current"] == true).collect();
    assert_eq!(current.len(), 1, "{list:?}");
    assert_eq!(current[0]["version"], latest.as_str());
    // Nothing is left half-done: the next rotation runs cleanly.
    let to = rotated_to(&e.hush(&["rotate", &e.reference]));
    assert_eq!(e.server_latest().0, to);
    ok(&e.hush(&["audit", "verify"]));
}

#[test]
fn versions_beyond_one_page_are_all_listed() {
    let e = Env::new();
    let ids: Vec<String> = (0..30)
        .map(|i| e.az.write_secret(NAME, &format!("value-{i}")))
        .collect();
    let list = e.hush_versions();
    let listed: Vec<&str> = list
        .iter()
        .map(|v| v["version"].as_str().expect("id"))
        .collect();
    assert_eq!(listed.len(), 30);
    assert_eq!(
        listed.iter().collect::<HashSet<_>>(),
        ids.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .iter()
            .collect()
    );
    assert_eq!(list.iter().filter(|v| v["current"] == true).count(), 1);
    assert_eq!(listed.last(), ids.last().map(String::as_str).as_ref());
    assert_eq!(
        stdout(ok(&e.hush(&[
            "secret",
            "get",
            &e.reference,
            "--version",
            &ids[3]
        ]))),
        "value-3"
    );
}

#[test]
fn unreachable_vault_denied_writes_and_disabled_versions_fail_with_84_and_write_nothing() {
    let e = Env::new();
    // Nothing listens on this port.
    let dead = format!("azure-kv:https://127.0.0.1:{}/secrets/{NAME}", free_port());
    let o = e.hush(&["rotate", &dead]);
    assert_eq!(o.status.code(), Some(84), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot reach the vault"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(&dead), "{}", stderr(&o));

    e.put("one");
    let (before, _) = e.server_latest();
    let reader = format!("{AZURE_CLIENT}-reader");
    let o = run(e
        .cmd("store", &["rotate", &e.reference])
        .env("AZURE_CLIENT_ID", &reader));
    assert_eq!(o.status.code(), Some(84), "{}", stderr(&o));
    assert!(stderr(&o).contains("HTTP 403"), "{}", stderr(&o));
    assert!(stderr(&o).contains("permission denied"), "{}", stderr(&o));
    assert_eq!(e.server_ids(NAME), vec![before.clone()]);
    assert_eq!(e.server_ids(PENDING).len(), 1, "only put's staged copy");
    // The reader may still read.
    let o = run(e
        .cmd("store", &["secret", "get", &e.reference])
        .env("AZURE_CLIENT_ID", &reader));
    assert_eq!(stdout(ok(&o)), "one");

    // A version disabled on the server answers 403; hush reports it and enables nothing.
    ok(&e.hush(&["rotate", &e.reference]));
    let (status, v) = e.az.rest(
        "PATCH",
        &format!("/secrets/{NAME}/{before}"),
        Some(r#"{"attributes":{"enabled":false}}"#),
    );
    assert_eq!(status, 200, "{v}");
    let o = e.hush(&["secret", "get", &e.reference, "--version", &before]);
    assert_eq!(o.status.code(), Some(84), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Operation get is not allowed on a disabled secret"),
        "{}",
        stderr(&o)
    );
    let (status, _) = e.az.rest("GET", &format!("/secrets/{NAME}/{before}"), None);
    assert_eq!(status, 403, "still disabled");

    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    assert!(log.contains("HTTP 403"), "denials are logged");
    assert!(!log.contains("\"one\""));
}
