//! Lossless round trips: `hush decrypt` of what `hush encrypt` wrote gives back the original
//! bytes (comments, key order, blank lines, indentation, quoting, block scalars).

mod common;
use common::*;

fn round_trip(fixture_name: &str, extra: &[&str]) {
    let s = Scratch::new();
    let original = std::fs::read(fixture(&format!("plain/{fixture_name}"))).unwrap();
    let ext = fixture_name.rsplit('.').next().unwrap();
    let plain = s.write(&format!("in.{ext}"), &original);
    let mut args = vec!["encrypt", "--age", AGE_RECIPIENT];
    args.extend_from_slice(extra);
    let sealed_path = s.path(&format!("sealed.{ext}"));
    args.extend_from_slice(&["-o", sealed_path.to_str().unwrap(), plain.to_str().unwrap()]);
    ok(&s.hush(&args));
    let sealed = std::fs::read_to_string(&sealed_path).unwrap();
    assert!(
        sealed.contains("ENC[AES256_GCM,data:"),
        "nothing was encrypted:\n{sealed}"
    );
    let opened = s.hush(&["decrypt", sealed_path.to_str().unwrap()]);
    ok(&opened);
    assert_eq!(
        String::from_utf8_lossy(&opened.stdout),
        String::from_utf8_lossy(&original),
        "round trip of {fixture_name} changed bytes; sealed form:\n{sealed}"
    );
}

#[test]
fn kubernetes_multi_document_manifest_is_byte_identical() {
    round_trip("k8s-manifest.yaml", &[]);
}

#[test]
fn helm_values_with_comments_quotes_and_blocks_is_byte_identical() {
    round_trip("helm-values.yaml", &[]);
}

#[test]
fn helm_values_with_a_regex_rule_is_byte_identical() {
    round_trip(
        "helm-values.yaml",
        &["--encrypted-regex", "^(password|secretKey|webhookSecret)$"],
    );
}

#[test]
fn json_keeps_key_order_and_indentation() {
    round_trip("sample.json", &[]);
}

#[test]
fn dotenv_and_ini_round_trip() {
    round_trip("sample.env", &[]);
    round_trip("sample.ini", &[]);
}

#[test]
fn sealed_yaml_keeps_comments_and_layout_outside_values() {
    let s = Scratch::new();
    let plain = s.write(
        "v.yaml",
        std::fs::read(fixture("plain/helm-values.yaml")).unwrap(),
    );
    let out = ok(&s.hush(&[
        "encrypt",
        "--age",
        AGE_RECIPIENT,
        "--encrypted-regex",
        "^password$",
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    let sealed = String::from_utf8(out).unwrap();
    // Only `password` changed; every other line is as it was.
    let original = std::fs::read_to_string(&plain).unwrap();
    for line in original.lines().filter(|l| !l.contains("password:")) {
        assert!(
            sealed.contains(line),
            "line lost or changed: {line:?}\n{sealed}"
        );
    }
    assert!(
        sealed.contains("  password: \"ENC[AES256_GCM,data:"),
        "{sealed}"
    );
    assert!(sealed.contains("encrypted_regex: ^password$"), "{sealed}");
}
