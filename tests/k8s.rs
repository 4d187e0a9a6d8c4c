//! `hush k8s` through the binary: generate, validate, rotate and status on plain and sealed
//! files, the storage codec checked against an independent Python implementation
//! (cryptography/OpenSSL and PyNaCl/libsodium) and upstream's recorded values, and Secret
//! rendering.

mod common;

use std::io::Write;
use std::process::Stdio;

use base64::Engine;
use common::{AGE_RECIPIENT, Scratch, ok, stderr, stdout};

const K16: &str = "c2VjcmV0IGlzIHNlY3VyZQ==";
const K32A: &str = "Owq7A4JrJpSjrvH8kXkvl4JmOLzvZ6j9BcGRkR8OPQ4=";
const K32B: &str = "+qcnfOFX3aRXM9PuY7lQXDWYIQ3GWUdBc3nYBo91SCA=";
const SB32: &str = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=";

fn config_with(provider: &str, secret: &str) -> String {
    format!(
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n      - {provider}:\n          keys:\n            - name: key1\n              secret: {secret}\n      - identity: {{}}\n"
    )
}

/// The Python reference implementation on `input`.
fn python_codec(mode: &str, provider: &str, key: &str, etcd_key: &str, input: &[u8]) -> Vec<u8> {
    let mut child = std::process::Command::new(common::python())
        .arg(common::fixture("k8s_value_codec.py"))
        .args([mode, provider, key, "key1", etcd_key])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write");
    let out = child.wait_with_output().expect("python");
    assert!(
        out.status.success(),
        "python {mode} {provider}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn values_hush_writes_are_read_by_an_independent_implementation_and_back() {
    let s = Scratch::new();
    let etcd_key = "/registry/secrets/default/db";
    let secret = base64::engine::general_purpose::STANDARD
        .decode(common::K8S_OLD_SECRET_B64)
        .expect("b64");
    for (provider, key) in [
        ("aescbc", K32A),
        ("aescbc", K16),
        ("aesgcm", K32B),
        ("aesgcm", K16),
        ("secretbox", SB32),
    ] {
        let cfg = s.write("enc.yaml", config_with(provider, key));
        let cfg = cfg.to_str().expect("path");
        let args = [
            "k8s",
            "encrypt-value",
            "--config",
            cfg,
            "--etcd-key",
            etcd_key,
        ];
        let stored = ok(&s.hush_stdin(&args, &secret)).stdout.clone();
        let prefix = format!("k8s:enc:{provider}:v1:key1:");
        assert!(stored.starts_with(prefix.as_bytes()), "{provider}");
        assert_eq!(
            python_codec("decrypt", provider, key, etcd_key, &stored),
            secret,
            "{provider} {key}"
        );
        let from_python = python_codec("encrypt", provider, key, etcd_key, &secret);
        let args = [
            "k8s",
            "decrypt-value",
            "--config",
            cfg,
            "--etcd-key",
            etcd_key,
        ];
        assert_eq!(
            ok(&s.hush_stdin(&args, &from_python)).stdout,
            secret,
            "{provider} {key}"
        );
    }
}

#[test]
fn aesgcm_binds_the_etcd_key_and_identity_reads_upstreams_plaintext_secret() {
    let s = Scratch::new();
    let cfg = s.write("enc.yaml", config_with("aesgcm", K32A));
    let cfg = cfg.to_str().expect("path");
    let secret = base64::engine::general_purpose::STANDARD
        .decode(common::K8S_OLD_SECRET_B64)
        .expect("b64");
    let key = "/registry/secrets/secret-encryption-test/test-secret";
    let stored = ok(&s.hush_stdin(
        &["k8s", "encrypt-value", "--config", cfg, "--etcd-key", key],
        &secret,
    ))
    .stdout
    .clone();
    let moved = s.hush_stdin(
        &[
            "k8s",
            "decrypt-value",
            "--config",
            cfg,
            "--etcd-key",
            "/registry/secrets/other/x",
        ],
        &stored,
    );
    assert_eq!(moved.status.code(), Some(71), "{}", stderr(&moved));
    assert!(
        stderr(&moved).contains("message authentication failed"),
        "{}",
        stderr(&moved)
    );
    // The recorded plaintext value reads through the identity fallback, unchanged.
    let read = s.hush_stdin(
        &["k8s", "decrypt-value", "--config", cfg, "--etcd-key", key],
        &secret,
    );
    assert_eq!(ok(&read).stdout, secret);
}

#[test]
fn generate_writes_a_private_valid_file_for_each_provider() {
    let s = Scratch::new();
    let out = s.write("enc.yaml", "old");
    #[cfg(unix)]
    std::fs::set_permissions(&out, std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .expect("chmod");
    let path = out.to_str().expect("path");
    for provider in ["aesgcm", "aescbc", "secretbox"] {
        let o = s.hush(&[
            "k8s",
            "encryption-config",
            "generate",
            "--provider",
            provider,
            "--key-name",
            "k1",
            "-o",
            path,
        ]);
        ok(&o);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let text = std::fs::read_to_string(&out).expect("read");
        assert!(
            text.contains(&format!("- {provider}:")) && !text.contains("identity"),
            "{text}"
        );
        let weak = stderr(&o).contains("aescbc is weak");
        assert_eq!(weak, provider == "aescbc", "{}", stderr(&o));
        ok(&s.hush(&["k8s", "encryption-config", "validate", path]));
    }
    let o = s.hush(&[
        "k8s",
        "encryption-config",
        "generate",
        "--provider",
        "kms",
        "--kms-name",
        "vault",
        "--kms-endpoint",
        "unix:///run/kms.sock",
        "--allow-plaintext-reads",
    ]);
    let text = stdout(ok(&o));
    assert!(
        text.contains("apiVersion: v2") && !text.contains("cachesize"),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with("- identity: {}"),
        "identity comes last: {text}"
    );
    let json = s.path("enc.json");
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "generate",
        "--provider",
        "secretbox",
        "-o",
        json.to_str().expect("p"),
    ]));
    let parsed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("read")).expect("json");
    assert_eq!(parsed["kind"], "EncryptionConfiguration");
    let secret = parsed["resources"][0]["providers"][0]["secretbox"]["keys"][0]["secret"]
        .as_str()
        .expect("secret");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(secret)
            .expect("b64")
            .len(),
        32
    );
}

#[test]
fn validate_reports_one_line_per_problem_with_position_and_exit_code() {
    let s = Scratch::new();
    let bad = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: k\n              secret: YWJjZGVmZ2hp\n      - kms:\n          apiVersion: v2\n          name: n\n          endpoint: http://x\n";
    let f = s.write("bad.yaml", bad);
    let o = s.hush(&[
        "k8s",
        "encryption-config",
        "validate",
        f.to_str().expect("p"),
    ]);
    assert_eq!(o.status.code(), Some(70), "{}", stderr(&o));
    let out = stdout(&o);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{out}");
    assert!(errors[0].ends_with("bad.yaml:9:23: error: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: \"REDACTED\": secret is not of the expected length, got 9, expected one of [16 24 32]"), "{out}");
    assert!(
        errors[1].contains(":13:21: error: resources[0].providers[1].kms.endpoint: "),
        "{out}"
    );
    assert!(!out.contains("YWJjZGVmZ2hp"), "key material never printed");
    // Warnings pass unless --strict.
    let warn = s.write("warn.yaml", config_with("aescbc", K32A));
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "validate",
        warn.to_str().expect("p"),
    ]));
    let strict = s.hush(&[
        "k8s",
        "encryption-config",
        "validate",
        "--strict",
        warn.to_str().expect("p"),
    ]);
    assert_eq!(strict.status.code(), Some(70));
    let empty = s.write("empty.yaml", "\n");
    let o = s.hush(&[
        "k8s",
        "encryption-config",
        "validate",
        empty.to_str().expect("p"),
    ]);
    assert_eq!(o.status.code(), Some(70));
    assert!(
        stderr(&o).contains("encryption provider configuration file is empty"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn sealed_config_rotates_in_place_changing_only_key_lines() {
    let s = Scratch::new();
    let f = s.path("enc.yaml");
    let path = f.to_str().expect("p");
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "generate",
        "--provider",
        "secretbox",
        "--key-name",
        "key-20250101-000000",
        "-o",
        path,
        "--seal",
        "--age",
        AGE_RECIPIENT,
    ]));
    let sealed = std::fs::read_to_string(&f).expect("read");
    assert!(
        sealed_secret(&sealed) && sealed.contains("name: key-20250101-000000"),
        "{sealed}"
    );
    // sops opens it: the file is an ordinary sealed file.
    let plain = stdout(ok(&s.sops(&["decrypt", path])));
    assert!(plain.contains("kind: EncryptionConfiguration"));
    ok(&s.hush(&["k8s", "encryption-config", "validate", path]));
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "rotate",
        path,
        "--step",
        "prepare",
        "--key-name",
        "key-20260101-000000",
    ]));
    let after = std::fs::read_to_string(&f).expect("read");
    let before_lines: Vec<&str> = sealed.lines().collect();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before_lines.contains(l))
        .collect();
    let metadata_only = added[2..]
        .iter()
        .all(|l| l.contains("lastmodified:") || l.contains("mac:"));
    assert!(
        added.len() >= 3 && metadata_only,
        "only the new key and lastmodified/mac change: {added:#?}"
    );
    assert!(
        added[0].contains("- name: key-20260101-000000") && sealed_secret(added[1]),
        "{added:#?}"
    );
    let status = stdout(ok(&s.hush(&["k8s", "encryption-config", "status", path])));
    assert!(status.contains("rotation step: prepared"), "{status}");
    assert!(status.contains("--step promote"), "{status}");
    let decrypted = ok(&s.hush(&["decrypt", path])).stdout.clone();
    let hash = format!("sha256:{}", sha256_hex(&decrypted));
    assert!(
        status.contains(&hash),
        "the reload hash is the decrypted file's: {status}"
    );
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "rotate",
        path,
        "--step",
        "promote",
    ]));
    let status = stdout(ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "status",
        path,
        "--format",
        "json",
    ])));
    let st: serde_json::Value = serde_json::from_str(&status).expect("json");
    assert_eq!(st["stage"], "promoted");
    assert_eq!(st["providers"][0]["keys"][0], "key-20260101-000000");
    assert!(
        st["next"]
            .to_string()
            .contains("kubectl get secrets --all-namespaces -o json | kubectl replace -f -")
    );
    let again = s.hush(&[
        "k8s",
        "encryption-config",
        "rotate",
        path,
        "--step",
        "promote",
    ]);
    assert_eq!(again.status.code(), Some(72), "promote twice is refused");
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "rotate",
        path,
        "--step",
        "prune",
        "--skip-etcd-check",
    ]));
    let plain = stdout(ok(&s.hush(&["decrypt", path])));
    assert!(
        plain.contains("key-20260101-000000") && !plain.contains("key-20250101-000000"),
        "{plain}"
    );
}

#[test]
fn rotating_a_compact_json_file_keeps_it_valid() {
    let s = Scratch::new();
    // The one-line JSON k3s writes.
    let json = format!(
        r#"{{"kind":"EncryptionConfiguration","apiVersion":"apiserver.config.k8s.io/v1","resources":[{{"resources":["secrets"],"providers":[{{"aescbc":{{"keys":[{{"name":"aescbckey","secret":"{K32A}"}}]}}}},{{"identity":{{}}}}]}}]}}"#
    );
    let f = s.write("encryption-config.json", &json);
    let p = f.to_str().expect("p");
    for step in ["prepare", "promote"] {
        ok(&s.hush(&["k8s", "encryption-config", "rotate", p, "--step", step]));
        let text = std::fs::read_to_string(&f).expect("read");
        let v: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(
            v["resources"][0]["providers"][0]["aescbc"]["keys"]
                .as_array()
                .map(Vec::len),
            Some(2)
        );
        assert_eq!(text.lines().count(), 1, "{text}");
    }
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "rotate",
        p,
        "--step",
        "prune",
        "--skip-etcd-check",
    ]));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&f).expect("read")).expect("json");
    let keys = &v["resources"][0]["providers"][0]["aescbc"]["keys"];
    assert_eq!(keys.as_array().map(Vec::len), Some(1));
    assert_ne!(keys[0]["name"], "aescbckey");
}

#[test]
fn secret_manifest_from_a_sealed_dotenv() {
    let s = Scratch::new();
    let plain = s.write("db.env", "USER=admin\nPASSWORD=s3cr=t\n");
    let sealed = ok(&s.hush(&[
        "encrypt",
        "--age",
        AGE_RECIPIENT,
        plain.to_str().expect("p"),
    ]))
    .stdout
    .clone();
    let f = s.write("db.enc.env", sealed);
    let p = f.to_str().expect("p");
    let out = stdout(ok(&s.hush(&["k8s", "secret", p, "--namespace", "prod"])));
    let b64 = |v: &str| base64::engine::general_purpose::STANDARD.encode(v);
    assert!(
        out.contains("kind: Secret\nmetadata:\n  name: db\n  namespace: prod\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  PASSWORD: {}\n  USER: {}\n",
            b64("s3cr=t"),
            b64("admin")
        )),
        "{out}"
    );
    assert!(!out.contains("immutable"));
    let v1 = stdout(ok(&s.hush(&["k8s", "secret", p, "--immutable-versioned"])));
    let v2 = stdout(ok(&s.hush(&["k8s", "secret", p, "--immutable-versioned"])));
    assert_eq!(v1, v2, "the versioned name depends only on the content");
    assert!(
        v1.contains("immutable: true") && v1.contains("  name: db-"),
        "{v1}"
    );
    let name_line = v1
        .lines()
        .find(|l| l.starts_with("  name: db-"))
        .expect("name");
    assert_eq!(name_line.len(), "  name: db-".len() + 10);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// `generate --seal` without `--age` takes its recipients from the creation rule that
/// covers the output file; without one (and no `--age`) it refuses and writes nothing.
#[test]
fn generate_seal_uses_the_creation_rule_of_the_output_file() {
    let s = Scratch::new();
    s.write(
        ".hush.yaml",
        format!("creation_rules:\n  - path_regex: encryption\\.yaml$\n    age: {AGE_RECIPIENT}\n"),
    );
    let f = s.path("encryption.yaml");
    let path = f.to_str().expect("utf-8");
    ok(&s.hush(&[
        "k8s",
        "encryption-config",
        "generate",
        "--provider",
        "aesgcm",
        "-o",
        path,
        "--seal",
    ]));
    let sealed = std::fs::read_to_string(&f).expect("read");
    assert!(sealed.contains(AGE_RECIPIENT), "{sealed}");
    assert!(sealed_secret(&sealed), "{sealed}");
    ok(&s.sops(&["decrypt", path]));
    let other = s.path("other.yaml");
    let o = s.hush(&[
        "k8s",
        "encryption-config",
        "generate",
        "--provider",
        "aesgcm",
        "-o",
        other.to_str().expect("utf-8"),
        "--seal",
    ]);
    assert_eq!(o.status.code(), Some(111), "{}", stderr(&o));
    assert!(!other.exists());
}

/// A sealed `secret:` value. A key whose base64 starts with `+` is written double-quoted (a
/// plain `+…` could read as a number), and sealing keeps the quotes.
fn sealed_secret(text: &str) -> bool {
    text.contains("secret: ENC[AES256_GCM") || text.contains("secret: \"ENC[AES256_GCM")
}
