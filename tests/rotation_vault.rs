//! `hush secret`/`rotate`/`rollback` with `vault:` references against the real OpenBao
//! server (dev mode, KV v2 at `secret/`), checking the server's state with the `bao` CLI.

#![cfg(feature = "vault-transit")]

mod common;

use std::process::{Command, Output, Stdio};

use common::kms::Bao;
use common::*;

const REF: &str = "vault:secret/app/db#password";

struct Env {
    s: Scratch,
    bao: Bao,
}

impl Env {
    fn new() -> Env {
        Env {
            s: Scratch::new(),
            bao: Bao::start(),
        }
    }

    /// `hush` as `token`, with its own store directory `store` (two stores = two machines).
    fn cmd(&self, token: &str, store: &str, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        c.env_remove("VAULT_TOKEN")
            .env_remove("VAULT_ADDR")
            .env("BAO_ADDR", self.bao.server.url())
            .env("BAO_TOKEN", token)
            .env("HUSH_STORE", self.s.path(store))
            .env("HUSH_AUDIT_LOG", self.s.path("audit.log"));
        c
    }

    fn hush(&self, args: &[&str]) -> Output {
        run(&mut self.cmd("root", "store", args))
    }

    fn put(&self, value: &str) {
        let cmd = self.cmd("root", "store", &["secret", "put", REF, "--value-stdin"]);
        ok(&output_with_stdin(cmd, value.as_bytes()));
    }

    /// The key's metadata as the server reports it.
    fn metadata(&self) -> serde_json::Value {
        let text = self.bao.cli(&[
            "kv",
            "metadata",
            "get",
            "-format=json",
            "-mount=secret",
            "app/db",
        ]);
        serde_json::from_str::<serde_json::Value>(&text).expect("metadata JSON")["data"].clone()
    }

    fn current_version(&self) -> u64 {
        self.metadata()["current_version"]
            .as_u64()
            .expect("current_version")
    }

    /// The value of `version` as the server returns it.
    fn server_value(&self, version: u64) -> String {
        self.bao
            .cli(&[
                "kv",
                "get",
                "-mount=secret",
                &format!("-version={version}"),
                "-field=password",
                "app/db",
            ])
            .trim_end()
            .to_string()
    }
}

#[test]
fn put_three_rotations_rollback_every_version_kept_on_the_server() {
    let e = Env::new();
    e.put("one");
    for _ in 0..3 {
        ok(&e.hush(&["rotate", REF, "--generate", "base64:12"]));
    }
    assert_eq!(e.current_version(), 4);
    let values: Vec<String> = (1..=4).map(|v| e.server_value(v)).collect();
    assert_eq!(values[0], "one");
    for (i, v) in values.iter().enumerate() {
        let version = (i + 1).to_string();
        let o = e.hush(&["secret", "get", REF, "--version", &version]);
        assert_eq!(&stdout(ok(&o)), v, "hush reads what the server stored");
    }
    let meta = e.metadata();
    assert_eq!(meta["custom_metadata"]["hush.state"], "committed");

    ok(&e.hush(&["rollback", REF]));
    assert_eq!(e.current_version(), 5, "rollback copies version 3 forward");
    assert_eq!(e.server_value(5), values[2]);
    let meta = e.metadata();
    for v in 1..=5 {
        let info = &meta["versions"][v.to_string()];
        assert_eq!(info["destroyed"], false);
        assert_eq!(info["deletion_time"], "");
    }
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout(ok(
        &e.hush(&["secret", "versions", REF, "--format", "json"])
    )))
    .expect("json");
    assert_eq!(list.len(), 5);
    assert_eq!(list.iter().filter(|v| v["current"] == true).count(), 1);

    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    for v in &values {
        assert!(
            !log.contains(v.as_str()),
            "a value leaked into the audit log"
        );
    }
}

#[test]
fn a_writer_between_stage_and_promote_makes_the_rotation_fail_and_keeps_its_version() {
    let e = Env::new();
    e.put("one");
    ok(&e.hush(&["rotate", REF, "--stage-only"]));
    assert_eq!(e.metadata()["custom_metadata"]["hush.state"], "pending");
    e.bao
        .cli(&["kv", "put", "-mount=secret", "app/db", "password=external"]);
    let o = e.hush(&["rotate", REF]);
    assert_eq!(o.status.code(), Some(81), "{}", stderr(&o));
    assert!(stderr(&o).contains("conflict"), "{}", stderr(&o));
    assert_eq!(e.current_version(), 3);
    assert_eq!(e.server_value(3), "external");
    assert_eq!(e.server_value(1), "one");
    // The journal was cleared: the next rotation is a fresh one.
    ok(&e.hush(&["rotate", REF]));
    assert_eq!(e.current_version(), 4);
}

#[test]
fn racing_rotators_on_two_machines_lose_no_version() {
    let e = Env::new();
    e.put("one");
    let children: Vec<_> = (0..4)
        .map(|i| {
            e.cmd("root", &format!("store{i}"), &["rotate", REF])
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
        assert_eq!(o.status.code(), Some(81), "{}", stderr(o));
    }
    // Every successful write is a version; a loser that staged then lost promotion left
    // its version too (superseded, not lost).
    let current = e.current_version();
    assert!(current as usize > won);
    for v in 1..=current {
        e.server_value(v);
    }
}

#[test]
fn permission_denied_unreachable_server_and_retention_limits_write_nothing() {
    let e = Env::new();
    e.put("one");
    let token = e.bao.token_with_policy(
        "read-only",
        "path \"secret/data/app/db\" { capabilities = [\"read\"] }\npath \"secret/metadata/app/db\" { capabilities = [\"read\"] }\n",
    );
    let o = run(&mut e.cmd(&token, "store", &["rotate", REF]));
    assert_eq!(o.status.code(), Some(84), "{}", stderr(&o));
    assert!(stderr(&o).contains("permission denied"), "{}", stderr(&o));
    assert_eq!(e.current_version(), 1);

    ok(&e.hush(&["rotate", REF]));
    e.bao.cli(&[
        "kv",
        "metadata",
        "put",
        "-mount=secret",
        "-max-versions=2",
        "app/db",
    ]);
    let o = e.hush(&["rotate", REF]);
    assert_eq!(o.status.code(), Some(84), "{}", stderr(&o));
    assert!(stderr(&o).contains("max_versions 2"), "{}", stderr(&o));
    assert_eq!(e.current_version(), 2);
    assert_eq!(e.server_value(1), "one");
    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    assert!(log.contains("permission denied"), "denials are logged");
}

#[test]
fn prune_is_refused_and_audited_and_every_version_stays_on_the_server() {
    let e = Env::new();
    e.put("one");
    ok(&e.hush(&["rotate", REF]));
    ok(&e.hush(&["rotate", REF]));
    for args in [
        &["secret", "prune", REF, "--keep", "1"][..],
        &["secret", "prune", REF, "--older-than", "1s", "--dry-run"][..],
    ] {
        let o = e.hush(args);
        let err = fails_with(&o, 84);
        assert!(err.contains("keeps every version"), "{err}");
    }
    let meta = e.metadata();
    for v in 1..=3 {
        let info = &meta["versions"][v.to_string()];
        assert_eq!(info["destroyed"], false);
        assert_eq!(info["deletion_time"], "");
    }
    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    assert!(
        log.contains(r#""op":"prune","reference":"vault:secret/app/db#password""#)
            && log.contains("keeps every version"),
        "the refusal is audited: {log}"
    );
}

#[test]
fn many_references_rotate_concurrently_and_one_refused_stops_none() {
    let e = Env::new();
    let paths: Vec<String> = (0..20).map(|i| format!("many/s{i:02}")).collect();
    for p in &paths {
        e.bao
            .cli(&["kv", "put", "-mount=secret", p, "password=first"]);
    }
    // Rotating this one would make the server evict version 1: refused, nothing written.
    e.bao.cli(&[
        "kv",
        "metadata",
        "put",
        "-mount=secret",
        "-max-versions=1",
        &paths[5],
    ]);
    let refs: Vec<String> = paths
        .iter()
        .map(|p| format!("vault:secret/{p}#password"))
        .collect();
    let meet = e.s.path("meet");
    std::fs::create_dir(&meet).expect("mkdir");
    let mut args = vec!["rotate", "--jobs", "8", "--generate", MEETING_GENERATOR];
    args.extend(refs.iter().map(String::as_str));
    let o = run(e.cmd("root", "store", &args).env("HUSH_TEST_MEET", &meet));
    assert_eq!(o.status.code(), Some(84), "{}", stderr(&o));
    assert!(stderr(&o).contains(refs[5].as_str()), "{}", stderr(&o));
    assert!(!stderr(&o).contains("alone"), "{}", stderr(&o));

    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let rotated: Vec<&String> = refs.iter().filter(|r| **r != refs[5]).collect();
    assert_eq!(lines.len(), rotated.len(), "{out}");
    for (line, reference) in lines.iter().zip(&rotated) {
        assert_eq!(
            *line,
            format!("{reference}: rotated, version 1 -> 2"),
            "{out}"
        );
    }
    for (i, p) in paths.iter().enumerate() {
        let text = e
            .bao
            .cli(&["kv", "metadata", "get", "-format=json", "-mount=secret", p]);
        let meta: serde_json::Value = serde_json::from_str(&text).expect("metadata JSON");
        let expected = if i == 5 { 1 } else { 2 };
        assert_eq!(meta["data"]["current_version"], expected, "{p}: {text}");
        let first = e.bao.cli(&[
            "kv",
            "get",
            "-mount=secret",
            "-version=1",
            "-field=password",
            p,
        ]);
        assert_eq!(first.trim_end(), "first", "{p}: version 1 kept");
    }

    ok(&e.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(e.s.path("audit.log")).expect("log");
    let rotations: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("line"))
        .filter(|l| l["op"] == "rotate")
        .collect();
    assert_eq!(rotations.len(), refs.len(), "{log}");
    for (i, r) in refs.iter().enumerate() {
        let entry: Vec<_> = rotations.iter().filter(|l| l["reference"] == *r).collect();
        assert_eq!(entry.len(), 1, "{r} in {log}");
        assert_eq!(entry[0]["outcome"] == "ok", i != 5, "{r} in {log}");
    }
}

/// A server that accepts the connection and never answers: the rotation backend shares the
/// Transit client's time limits, and says which reference timed out.
#[test]
fn a_hung_server_times_out_naming_the_reference() {
    let stuck = common::stuck_server::Unanswering::start();
    let s = Scratch::new();
    let o = run(s
        .hush_cmd(&["rotate", REF])
        .env_remove("VAULT_ADDR")
        .env_remove("VAULT_TOKEN")
        .env("BAO_ADDR", stuck.url())
        .env("BAO_TOKEN", "root")
        .env("BAO_CLIENT_TIMEOUT", "1")
        .env("HUSH_STORE", s.path("store"))
        .env("HUSH_AUDIT_LOG", s.path("audit.log")));
    let err = fails_with(&o, 84);
    assert!(
        err.contains(&format!(
            "{REF}: timed out after 1 s waiting for {} to answer",
            stuck.url()
        )),
        "{err}"
    );
    assert!(stuck.connections() >= 1);
}

/// Over TLS (`bao server -dev-tls`) the `vault:` backend trusts the CA named by BAO_CACERT,
/// as the Transit recipients do, and without it refuses the server and writes nothing.
#[test]
fn secrets_over_tls_trust_the_ca_named_by_bao_cacert() {
    let bao = common::kms::BaoTls::start();
    let s = Scratch::new();
    let cmd = |trust: bool, args: &[&str]| {
        let mut c = s.hush_cmd(args);
        c.env_remove("VAULT_ADDR")
            .env_remove("VAULT_TOKEN")
            .env_remove("VAULT_CACERT")
            .env_remove("BAO_CACERT")
            .env("BAO_ADDR", bao.url())
            .env("BAO_TOKEN", "root")
            .env("HUSH_STORE", s.path("store"))
            .env("HUSH_AUDIT_LOG", s.path("audit.log"));
        if trust {
            c.env("BAO_CACERT", &bao.ca);
        }
        c
    };
    let put = |trust: bool| {
        output_with_stdin(cmd(trust, &["secret", "put", REF, "--value-stdin"]), b"one")
    };
    let err = fails_with(&put(false), 84);
    assert!(err.contains(REF), "{err}");
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    ok(&put(true));
    ok(&run(&mut cmd(true, &["rotate", REF])));
    let text = bao.cli(&[
        "kv",
        "metadata",
        "get",
        "-format=json",
        "-mount=secret",
        "app/db",
    ]);
    let meta: serde_json::Value = serde_json::from_str(&text).expect("metadata JSON");
    assert_eq!(meta["data"]["current_version"], 2, "{text}");
}
