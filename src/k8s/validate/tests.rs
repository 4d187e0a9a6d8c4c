//! The validator table: at least one case per upstream rule (validation_encryption.go, the
//! load-time masking check, strict decoding) and per hush warning.

use super::*;
use crate::document::{self, Format};
use crate::k8s::decode;

const HEAD: &str = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n";
const K16: &str = "c2VjcmV0IGlzIHNlY3VyZQ==";
const K32: &str = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=";

/// Findings for a config body (after the GVK lines), as `severity path: message`.
fn check_format(format: Format, text: &str, reload: bool) -> Vec<String> {
    let doc = document::parse(format, text.as_bytes().to_vec(), "t".as_ref()).expect("parses");
    let findings = match decode::decode(&doc) {
        Ok(c) => validate(&c, ValidateOptions { reload }),
        Err(problems) => problems,
    };
    findings
        .iter()
        .map(|f| format!("{:?} {}: {}", f.severity, f.place.path, f.message))
        .collect()
}

fn check(body: &str) -> Vec<String> {
    check_format(Format::Yaml, &format!("{HEAD}{body}"), false)
}

/// One resources entry for `secrets` with these providers (YAML flow list items).
fn providers(items: &[&str]) -> String {
    let list: Vec<String> = items.iter().map(|i| format!("      - {i}\n")).collect();
    format!(
        "resources:\n  - resources: [secrets]\n    providers:\n{}",
        list.concat()
    )
}

fn resources(names: &str) -> String {
    format!("resources:\n  - resources: {names}\n    providers:\n      - identity: {{}}\n")
}

fn no_errors(found: &[String]) -> bool {
    found.iter().all(|f| !f.starts_with("Error"))
}

#[track_caller]
fn expect(found: &[String], severity: &str, path: &str, message: &str) {
    let want = format!("{severity} {path}: ");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with(&want) && f.contains(message)),
        "expected `{want}…{message}…` in {found:#?}"
    );
}

#[test]
fn a_valid_file_has_no_errors() {
    let found = check(&providers(&[&format!(
        "secretbox: {{keys: [{{name: k1, secret: {K32}}}]}}"
    )]));
    assert!(found.is_empty(), "{found:#?}");
    let legacy = format!(
        "apiVersion: v1\nkind: EncryptionConfig\n{}",
        resources("[secrets]")
    );
    let found = check_format(Format::Yaml, &legacy, false);
    assert!(found.iter().all(|f| !f.starts_with("Error")), "{found:#?}");
}

#[test]
fn structure_rules() {
    expect(
        &check("resources: []\n"),
        "Error",
        "resources",
        "Required value: at least one resources is required",
    );
    expect(
        &check("resources:\n  - resources: []\n    providers: [identity: {}]\n"),
        "Error",
        "resources[0].resources",
        "at least one resources[0].resources is required",
    );
    expect(
        &check("resources:\n  - resources: [secrets]\n    providers: []\n"),
        "Error",
        "resources[0].providers",
        "at least one resources[0].providers is required",
    );
    expect(
        &check(&providers(&["{}"])),
        "Error",
        "resources[0].providers[0]",
        "provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity",
    );
    expect(
        &check(&providers(&[&format!(
            "{{identity: {{}}, aescbc: {{keys: [{{name: a, secret: {K32}}}]}}}}"
        )])),
        "Error",
        "resources[0].providers[0]",
        "more than one provider specified in a single element",
    );
}

#[test]
fn key_rules() {
    let p = "resources[0].providers[0]";
    expect(
        &check(&providers(&["aesgcm: {keys: []}"])),
        "Error",
        &format!("{p}.aesgcm.keys"),
        "at least one keys is required",
    );
    expect(
        &check(&providers(&[&format!(
            "aescbc: {{keys: [{{name: '', secret: {K32}}}]}}"
        )])),
        "Error",
        &format!("{p}.aescbc.keys[0].name"),
        "name is a mandatory field for a key",
    );
    expect(
        &check(&providers(&["aescbc: {keys: [{name: a}]}"])),
        "Error",
        &format!("{p}.aescbc.keys[0].secret"),
        "secret is a mandatory field for a key",
    );
    expect(
        &check(&providers(&[
            "aesgcm: {keys: [{name: a, secret: 'not base64!'}]}",
        ])),
        "Error",
        &format!("{p}.aesgcm.keys[0].secret"),
        "Invalid value: \"REDACTED\": secrets must be base64 encoded",
    );
    expect(
        &check(&providers(&[
            "aesgcm: {keys: [{name: a, secret: YWJjZGVmZ2hp}]}",
        ])),
        "Error",
        &format!("{p}.aesgcm.keys[0].secret"),
        "secret is not of the expected length, got 9, expected one of [16 24 32]",
    );
    expect(
        &check(&providers(&[&format!(
            "secretbox: {{keys: [{{name: a, secret: {K16}}}]}}"
        )])),
        "Error",
        &format!("{p}.secretbox.keys[0].secret"),
        "got 16, expected one of [32]",
    );
}

fn kms(fields: &str) -> String {
    providers(&[&format!("kms: {{{fields}}}")])
}

#[test]
fn kms_rules() {
    let p = "resources[0].providers[0].kms";
    let ok = "endpoint: 'unix:///tmp/k.sock'";
    expect(
        &check(&kms(&format!("apiVersion: v2, {ok}"))),
        "Error",
        &format!("{p}.name"),
        "name is a mandatory field for a provider",
    );
    expect(
        &check(&kms(&format!("apiVersion: v2, name: 'a:b', {ok}"))),
        "Error",
        &format!("{p}.name"),
        "invalid KMS provider name a:b, must not contain ':'",
    );
    let two = |v: &str| {
        providers(&[
            &format!("kms: {{apiVersion: {v}, name: n, {ok}}}"),
            &format!("kms: {{apiVersion: {v}, name: n, {ok}}}"),
        ])
    };
    expect(
        &check(&two("v2")),
        "Error",
        "resources[0].providers[1].kms.name",
        "duplicate KMS provider name n, names must be unique",
    );
    assert!(
        !check(&two("v1"))
            .iter()
            .any(|f| f.contains("duplicate KMS")),
        "v1 duplicates pass without reload"
    );
    let reload = check_format(Format::Yaml, &format!("{HEAD}{}", two("v1")), true);
    expect(
        &reload,
        "Error",
        "resources[0].providers[1].kms.name",
        "duplicate KMS provider name n",
    );
    expect(
        &check(&kms(&format!("apiVersion: v2, name: n, timeout: 0s, {ok}"))),
        "Error",
        &format!("{p}.timeout"),
        "timeout should be a positive value",
    );
    expect(
        &check(&kms("apiVersion: v2, name: n")),
        "Error",
        &format!("{p}.endpoint"),
        "endpoint is a mandatory field for a kms",
    );
    expect(
        &check(&kms("apiVersion: v2, name: n, endpoint: 'unix://%zz'")),
        "Error",
        &format!("{p}.endpoint"),
        "invalid endpoint for kms provider, error:",
    );
    expect(
        &check(&kms(
            "apiVersion: v2, name: n, endpoint: 'http://127.0.0.1:8080'",
        )),
        "Error",
        &format!("{p}.endpoint"),
        "unsupported scheme \"http\" for KMS provider, only unix is supported",
    );
    expect(
        &check(&kms(&format!(
            "apiVersion: v2, name: n, cachesize: 10, {ok}"
        ))),
        "Error",
        &format!("{p}.cachesize"),
        "cachesize is not supported in v2",
    );
    expect(
        &check(&kms(&format!(
            "apiVersion: v1, name: n, cachesize: 0, {ok}"
        ))),
        "Error",
        &format!("{p}.cachesize"),
        "cachesize should be a positive value, or negative to disable",
    );
    expect(
        &check(&kms(&format!("apiVersion: v3, name: n, {ok}"))),
        "Error",
        &format!("{p}.apiVersion"),
        "unsupported apiVersion apiVersion for KMS provider, only v1 and v2 are supported",
    );
}

#[test]
fn resource_name_rules() {
    let r = "resources[0].resources[0]";
    expect(
        &check(&resources("[Secrets]")),
        "Error",
        r,
        "resource name should not contain capital letters",
    );
    expect(
        &check(&resources("['*']")),
        "Error",
        r,
        "use '*.' to encrypt all the resources from core API group",
    );
    expect(
        &check(&resources("[serviceipallocations]")),
        "Error",
        r,
        "resources which do not have REST API/s cannot be encrypted",
    );
    expect(
        &check(&resources("['*.events.k8s.io']")),
        "Error",
        r,
        "'*.events.k8s.io' objects are stored using the 'events' API group",
    );
    expect(
        &check(&resources("[deployments.extensions]")),
        "Error",
        r,
        "'extensions' group has been removed",
    );
    expect(
        &check(&resources("['secrets.*']")),
        "Error",
        r,
        "encrypting the same resource across groups is not supported",
    );
    assert!(
        no_errors(&check(&resources("[events]"))),
        "core events may be listed"
    );
}

#[test]
fn overlap_and_masking_rules() {
    let r = "resources[0].resources";
    expect(
        &check(&resources("[secrets, secrets.]")),
        "Error",
        r,
        "the same resource cannot be specified multiple times",
    );
    expect(
        &check(&resources("[secrets, '*.']")),
        "Error",
        r,
        "using overlapping resources such as 'secrets' and '*.'",
    );
    expect(
        &check(&resources("['*.*', configmaps.apps]")),
        "Error",
        r,
        "using overlapping resources",
    );
    assert!(
        no_errors(&check(&resources("['*.apps', '*.']"))),
        "different groups do not overlap"
    );
    let two = |a: &str, b: &str| {
        format!(
            "resources:\n  - resources: [{a}]\n    providers: [identity: {{}}]\n  - resources: [{b}]\n    providers: [identity: {{}}]\n"
        )
    };
    expect(
        &check(&two("'*.'", "secrets")),
        "Error",
        "resources[1].resources[0]",
        "resource \"secrets\" is masked by earlier rule \"*.\"",
    );
    expect(
        &check(&two("'*.*'", "'*.'")),
        "Error",
        "resources[1].resources[0]",
        "resource \"*.\" is masked by earlier rule \"*.*\"",
    );
    assert!(
        !check(&two("secrets", "'*.'"))
            .iter()
            .any(|f| f.starts_with("Error")),
        "specific before wildcard is fine"
    );
}

#[test]
fn strict_decoding() {
    expect(
        &check(&kms(
            "apiVersion: v2, name: n, endpoint: 'unix:///k', pandas: are the best",
        )),
        "Error",
        "resources[0].providers[0].kms.pandas",
        "unknown field \"pandas\"",
    );
    expect(
        &check(&resources("[secrets]").replace("resources:\n  -", "Resources:\n  -")),
        "Error",
        "Resources",
        "field names are case-sensitive, write `resources`",
    );
    expect(
        &check("resources: secrets\n"),
        "Error",
        "resources",
        "expected a list, found a string",
    );
    let wrong_kind =
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfigurations\nresources: []\n";
    expect(
        &check_format(Format::Yaml, wrong_kind, false),
        "Error",
        "",
        "no kind \"EncryptionConfigurations\" is registered",
    );
    let json = r#"{"kind": "EncryptionConfiguration", "apiVersion": "apiserver.config.k8s.io/v1",
        "resources": [{"resources": ["secrets"], "resources": ["configmaps"], "providers": [{"identity": {}}]}]}"#;
    expect(
        &check_format(Format::Json, json, false),
        "Error",
        "resources[0].resources",
        "duplicate field \"resources\"",
    );
}

#[test]
fn warnings() {
    let w = |body: &str| check(body);
    expect(
        &w(&providers(&[
            "identity: {}",
            &format!("secretbox: {{keys: [{{name: a, secret: {K32}}}]}}"),
        ])),
        "Warning",
        "resources[0].providers[0].identity",
        "new writes are stored in plaintext",
    );
    expect(
        &w(&providers(&[&format!(
            "aescbc: {{keys: [{{name: a, secret: {K32}}}]}}"
        )])),
        "Warning",
        "resources[0].providers[0].aescbc",
        "aescbc is weak",
    );
    expect(
        &w(&providers(&[&format!(
            "aesgcm: {{keys: [{{name: a, secret: {K32}}}]}}"
        )])),
        "Warning",
        "resources[0].providers[0].aesgcm",
        "rotated every 200,000 writes",
    );
    let dup = format!("aescbc: {{keys: [{{name: a, secret: {K32}}}, {{name: a, secret: {K32}}}]}}");
    expect(
        &w(&providers(&[&dup])),
        "Warning",
        "resources[0].providers[0].aescbc.keys[1].name",
        "key name \"a\" is also used",
    );
    expect(
        &w(&providers(&[&format!(
            "secretbox: {{keys: [{{name: 'a:b', secret: {K32}}}]}}"
        )])),
        "Warning",
        "resources[0].providers[0].secretbox.keys[0].name",
        "contains ':'",
    );
    expect(
        &w(&providers(&[&format!(
            "aesgcm: {{keys: [{{name: a, secret: {K16}}}]}}"
        )])),
        "Warning",
        "resources[0].providers[0].aesgcm.keys[0].secret",
        "16-byte key",
    );
    expect(
        &w(&kms("name: n, endpoint: 'unix:///k'")),
        "Warning",
        "resources[0].providers[0].kms.apiVersion",
        "KMS v1",
    );
    let twice = "resources:\n  - resources: [secrets]\n    providers: [identity: {}]\n  - resources: [secrets]\n    providers: [identity: {}]\n";
    expect(
        &w(twice),
        "Warning",
        "resources[1].resources[0]",
        "also listed in resources[0]",
    );
}
