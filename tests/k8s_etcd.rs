//! `hush k8s etcd-audit` and `rotate --check-etcd` against a real etcd (Debian
//! `etcd-server`) started on free 127.0.0.1 ports for each test.
#![cfg(feature = "etcd")]

mod common;

use std::process::Output;

use base64::Engine;
use common::{Etcd, Scratch, ok, stderr, stdout};

const CONFIG: &str = "\
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aesgcm:
          keys:
            - name: key1
              secret: Owq7A4JrJpSjrvH8kXkvl4JmOLzvZ6j9BcGRkR8OPQ4=
      - secretbox:
          keys:
            - name: key2
              secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
      - identity: {}
";

fn secret_value() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(common::K8S_OLD_SECRET_B64)
        .expect("b64")
}

/// A one-thread runtime for the test's own etcd client.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn put(etcd: &Etcd, pairs: &[(String, Vec<u8>)]) {
    runtime().block_on(async {
        let mut c = etcd_client::Client::connect([etcd.url.as_str()], None)
            .await
            .expect("connect");
        for (k, v) in pairs {
            c.put(k.as_bytes(), v.clone(), None).await.expect("put");
        }
    });
}

fn get(etcd: &Etcd, key: &str) -> Vec<u8> {
    runtime().block_on(async {
        let mut c = etcd_client::Client::connect([etcd.url.as_str()], None)
            .await
            .expect("connect");
        let r = c.get(key, None).await.expect("get");
        r.kvs().first().expect("key exists").value().to_vec()
    })
}

/// Encrypts `plain` for `key` with `config` through `hush k8s encrypt-value`.
fn encrypt(s: &Scratch, config: &str, key: &str, plain: &[u8]) -> Vec<u8> {
    ok(&s.hush_stdin(
        &[
            "k8s",
            "encrypt-value",
            "--config",
            config,
            "--etcd-key",
            key,
        ],
        plain,
    ))
    .stdout
    .clone()
}

fn decrypt(s: &Scratch, config: &str, key: &str, stored: &[u8]) -> Output {
    s.hush_stdin(
        &[
            "k8s",
            "decrypt-value",
            "--config",
            config,
            "--etcd-key",
            key,
        ],
        stored,
    )
}

#[test]
fn audit_classifies_plaintext_and_each_key() {
    let etcd = Etcd::start();
    let s = Scratch::new();
    let cfg = s.write("enc.yaml", CONFIG);
    let cfg = cfg.to_str().expect("p");
    let plain = secret_value();
    let mut pairs = vec![
        (
            "/registry/secrets/secret-encryption-test/test-secret".to_string(),
            plain.clone(),
        ),
        (
            "/registry/secrets/default/json".to_string(),
            b"{\"kind\":\"Secret\"}".to_vec(),
        ),
        ("/registry/configmaps/default/cm".to_string(), plain.clone()),
        (
            "/registry/secrets/default/junk".to_string(),
            b"\x01\x02".to_vec(),
        ),
    ];
    for i in 0..5 {
        let k = format!("/registry/secrets/ns/gcm-{i}");
        pairs.push((k.clone(), encrypt(&s, cfg, &k, &plain)));
    }
    // A secretbox value (written while secretbox was first) and one under a removed key.
    let sb = "/registry/secrets/ns/sb";
    let sb_only = CONFIG.replace(
        "      - aesgcm:\n          keys:\n            - name: key1\n              secret: Owq7A4JrJpSjrvH8kXkvl4JmOLzvZ6j9BcGRkR8OPQ4=\n",
        "",
    );
    let sb_cfg = s.write("sb.yaml", sb_only);
    pairs.push((
        sb.to_string(),
        encrypt(&s, sb_cfg.to_str().expect("p"), sb, &plain),
    ));
    let gone_cfg = s.write("gone.yaml", CONFIG.replace("name: key1", "name: key0"));
    let gone = "/registry/secrets/ns/old";
    pairs.push((
        gone.to_string(),
        encrypt(&s, gone_cfg.to_str().expect("p"), gone, &plain),
    ));
    put(&etcd, &pairs);

    let args = [
        "k8s",
        "etcd-audit",
        "--endpoints",
        etcd.url.as_str(),
        "--format",
        "json",
        "--page-size",
        "3",
    ];
    let o = s.hush(&args);
    assert_eq!(o.status.code(), Some(74), "plaintext found: {}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(report["total"], 10, "{report:#}");
    assert_eq!(report["by_state"]["plaintext"], 2);
    assert_eq!(report["by_state"]["unknown"], 1);
    assert_eq!(report["by_state"]["aesgcm:key1"], 5);
    assert_eq!(report["by_state"]["aesgcm:key0"], 1);
    assert_eq!(report["by_state"]["secretbox:key2"], 1);
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 10);
    let keys: Vec<&str> = items.iter().filter_map(|i| i["key"].as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "items come in key order");
    assert!(items.iter().any(|i| i["key"]
        == "/registry/secrets/secret-encryption-test/test-secret"
        && i["state"] == "plaintext"));

    // With the config: the removed key's value is unreadable, secretbox and plaintext are stale.
    let o = s.hush(&[
        "k8s",
        "etcd-audit",
        "--endpoints",
        etcd.url.as_str(),
        "--format",
        "json",
        "--config",
        cfg,
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        report["unreadable"], 2,
        "key0 and the junk value: {report:#}"
    );
    assert_eq!(
        report["stale"], 3,
        "secretbox + two plaintext values read through identity"
    );
    let old = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["key"] == gone)
        .expect("old")
        .clone();
    assert_eq!(old["readable"], false);
    assert!(
        old["note"]
            .as_str()
            .unwrap_or_default()
            .contains("no longer in the config"),
        "{old}"
    );

    // Text: a summary table and the keys that need attention; configmaps on request.
    let o = s.hush(&[
        "k8s",
        "etcd-audit",
        "--endpoints",
        etcd.url.as_str(),
        "--resources",
        "secrets,configmaps",
    ]);
    let text = stdout(&o);
    assert!(
        text.contains("plaintext") && text.contains("/registry/configmaps/default/cm"),
        "{text}"
    );
    assert!(
        !text.contains("/registry/secrets/ns/gcm-0"),
        "encrypted values are counted, not listed: {text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("total") && l.trim_end().ends_with("11")),
        "{text}"
    );
}

#[test]
fn audit_exits_zero_when_everything_is_encrypted_and_fails_clearly_without_etcd() {
    let etcd = Etcd::start();
    let s = Scratch::new();
    let cfg = s.write("enc.yaml", CONFIG);
    let key = "/registry/secrets/a/b";
    put(
        &etcd,
        &[(
            key.to_string(),
            encrypt(&s, cfg.to_str().expect("p"), key, &secret_value()),
        )],
    );
    ok(&s.hush(&["k8s", "etcd-audit", "--endpoints", etcd.url.as_str()]));
    let port = common::free_port();
    let o = s.hush(&[
        "k8s",
        "etcd-audit",
        "--endpoints",
        &format!("http://127.0.0.1:{port}"),
    ]);
    assert_eq!(o.status.code(), Some(73), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("etcd http://127.0.0.1:"),
        "{}",
        stderr(&o)
    );
}

/// The upstream procedure end to end: values written before each step still read after it,
/// new writes use the first key, and prune refuses while values remain under the old key.
#[test]
fn staged_rotation_keeps_every_value_readable() {
    let etcd = Etcd::start();
    let s = Scratch::new();
    let f = s.path("enc.yaml");
    let cfg = f.to_str().expect("p");
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "generate",
        "--provider",
        "aesgcm",
        "--key-name",
        "key-20250101-000000",
        "-o",
        cfg,
    ]));
    let mut written: Vec<(String, Vec<u8>)> = Vec::new();
    let write = |s: &Scratch, written: &mut Vec<(String, Vec<u8>)>| {
        let k = format!("/registry/secrets/ns/s{}", written.len());
        let plain = format!("k8s\x00secret number {}", written.len()).into_bytes();
        let stored = encrypt(s, cfg, &k, &plain);
        put(&etcd, &[(k.clone(), stored.clone())]);
        written.push((k, plain));
        stored
    };
    let all_read = |s: &Scratch, written: &[(String, Vec<u8>)]| {
        for (k, plain) in written {
            let o = decrypt(s, cfg, k, &get(&etcd, k));
            assert_eq!(ok(&o).stdout, *plain, "{k} reads");
        }
    };
    assert!(write(&s, &mut written).starts_with(b"k8s:enc:aesgcm:v1:key-20250101-000000:"));

    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "rotate",
        cfg,
        "--step",
        "prepare",
        "--key-name",
        "key-20260101-000000",
    ]));
    all_read(&s, &written);
    assert!(
        write(&s, &mut written).starts_with(b"k8s:enc:aesgcm:v1:key-20250101-000000:"),
        "prepare does not change the write key"
    );

    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "rotate",
        cfg,
        "--step",
        "promote",
    ]));
    all_read(&s, &written);
    assert!(
        write(&s, &mut written).starts_with(b"k8s:enc:aesgcm:v1:key-20260101-000000:"),
        "promote makes the new key write"
    );

    let prune = [
        "k8s",
        "encryption-config",
        "rotate",
        cfg,
        "--step",
        "prune",
        "--check-etcd",
        etcd.url.as_str(),
    ];
    let before = std::fs::read(&f).expect("read");
    let o = s.hush(&prune);
    assert_eq!(o.status.code(), Some(72), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 value(s) under aesgcm:key-20250101-000000"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("kubectl get secrets --all-namespaces -o json | kubectl replace -f -"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&f).expect("read"),
        before,
        "a refused prune leaves the file as it was"
    );

    // Re-encrypt (what `kubectl replace` does through kube-apiserver), then prune.
    for (k, plain) in &written {
        put(&etcd, &[(k.clone(), encrypt(&s, cfg, k, plain))]);
    }
    ok(&s.hush(&prune));
    all_read(&s, &written);
    let status = stdout(ok(&s.hush(&["k8s", "encryption-config", "status", cfg])));
    assert!(
        status.contains("rotation step: steady") && status.contains("key-20260101-000000"),
        "{status}"
    );
}
