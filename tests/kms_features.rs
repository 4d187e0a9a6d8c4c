//! Builds without a key-service feature (`cargo test --no-default-features`): files with
//! such keys are reported as needing the feature, and the flags say so instead of failing
//! obscurely. In a default build every feature is on and this file has no tests.

mod common;
use common::*;

/// A sealed file whose only master key is of `kind` (the wrapped key is never reached).
#[allow(dead_code)]
fn sealed_for(kind_entry: &str) -> String {
    format!(
        "a: ENC[AES256_GCM,data:AA==,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n\
         sops:\n{kind_entry}  lastmodified: \"2024-01-01T00:00:00Z\"\n  mac: \"\"\n  unencrypted_suffix: _unencrypted\n  version: 3.11.0\n"
    )
}

#[allow(dead_code)]
fn check_disabled(entry: &str, kind: &str, feature: &str, flag: &[&str]) {
    let s = Scratch::new();
    let path = s.write("secret.enc.yaml", sealed_for(entry));
    let err = fails_with(&s.hush(&["decrypt", path.to_str().unwrap()]), 128);
    assert!(err.contains(&format!("group 1: {kind} ")), "{err}");
    assert!(
        err.contains(&format!("hush was built without the {feature} feature")),
        "{err}"
    );
    let plain = s.write("plain.yaml", PLAIN_YAML);
    let mut args = vec!["encrypt"];
    args.extend_from_slice(flag);
    args.push(plain.to_str().unwrap());
    let err = fails_with(&s.hush(&args), 1);
    assert!(
        err.contains(&format!("hush was built without the `{feature}` feature")),
        "{err}"
    );
}

#[cfg(not(feature = "aws-kms"))]
#[test]
fn kms_keys_need_the_aws_kms_feature() {
    check_disabled(
        "  kms:\n    - arn: arn:aws:kms:us-east-1:1:key/x\n      created_at: \"2024-01-01T00:00:00Z\"\n      enc: AAAA\n      aws_profile: \"\"\n",
        "kms",
        "aws-kms",
        &["--kms", "arn:aws:kms:us-east-1:1:key/x"],
    );
}

#[cfg(not(feature = "gcp-kms"))]
#[test]
fn gcp_keys_need_the_gcp_kms_feature() {
    check_disabled(
        "  gcp_kms:\n    - resource_id: projects/p/locations/l/keyRings/r/cryptoKeys/k\n      created_at: \"2024-01-01T00:00:00Z\"\n      enc: AAAA\n",
        "gcp_kms",
        "gcp-kms",
        &[
            "--gcp-kms",
            "projects/p/locations/l/keyRings/r/cryptoKeys/k",
        ],
    );
}

#[cfg(not(feature = "azure-kv"))]
#[test]
fn azure_keys_need_the_azure_kv_feature() {
    check_disabled(
        "  azure_kv:\n    - vault_url: https://v.vault.azure.net\n      name: k\n      version: v1\n      created_at: \"2024-01-01T00:00:00Z\"\n      enc: AAAA\n",
        "azure_kv",
        "azure-kv",
        &["--azure-kv", "https://v.vault.azure.net/keys/k/v1"],
    );
}

#[cfg(not(feature = "vault-transit"))]
#[test]
fn transit_keys_need_the_vault_transit_feature() {
    check_disabled(
        "  hc_vault:\n    - vault_address: http://127.0.0.1:8200\n      engine_path: transit\n      key_name: k\n      created_at: \"2024-01-01T00:00:00Z\"\n      enc: vault:v1:AAAA\n",
        "hc_vault",
        "vault-transit",
        &[
            "--hc-vault-transit",
            "http://127.0.0.1:8200/v1/transit/keys/k",
        ],
    );
}
