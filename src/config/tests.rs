//! Creation rules: parsing every field, matching, discovery and error messages.

use std::path::Path;

use super::discover::Lookup;
use super::*;
use crate::recipients::AzureKvSpec;

const AGE1: &str = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
const AGE2: &str = "age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90";

fn parse(text: &str) -> Config {
    Config::parse(Path::new("/repo/.sops.yaml"), text.as_bytes().to_vec())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn parse_err(text: &str) -> String {
    Config::parse(Path::new("/repo/.sops.yaml"), text.as_bytes().to_vec())
        .expect_err("should fail")
        .to_string()
}

fn recipients(group: &[RuleRecipient]) -> Vec<String> {
    group.iter().map(|r| r.recipient.to_string()).collect()
}

#[test]
fn first_matching_rule_wins_relative_to_the_config_dir() {
    let c = parse(&format!(
        "creation_rules:\n  - path_regex: ^prod/.*\\.yaml$\n    age: {AGE1}\n  - path_regex: \\.yaml$\n    age: {AGE2}\n  - age: {AGE1},{AGE2}\n"
    ));
    let rule = |p: &str| c.rule_for(Path::new(p)).map(|r| r.index);
    assert_eq!(rule("/repo/prod/a.yaml"), Some(0));
    // `^prod/` is anchored at the config's directory, not the filesystem root.
    assert_eq!(rule("/repo/dev/prod/a.yaml"), Some(1));
    assert_eq!(rule("/repo/prod/a.json"), Some(2));
    assert_eq!(rule("/repo/x/../prod/b.yaml"), Some(0));
    // Outside the config's directory the absolute path is matched.
    assert_eq!(
        c.match_path(Path::new("/elsewhere/prod/a.yaml")),
        "/elsewhere/prod/a.yaml"
    );
    assert_eq!(rule("/elsewhere/prod/a.yaml"), Some(1));
    assert_eq!(recipients(&c.creation_rules[2].key_groups[0]), [AGE1, AGE2]);
}

#[test]
fn no_rule_matches() {
    let c = parse("creation_rules:\n  - path_regex: ^only-this$\n    age: []\n");
    assert!(c.rule_for(Path::new("/repo/other.yaml")).is_none());
    assert!(parse("").creation_rules.is_empty());
    assert!(parse("creation_rules:\n").creation_rules.is_empty());
}

#[test]
fn single_group_keys_in_both_shapes_and_sops_order() {
    let c = parse(&format!(
        "creation_rules:
  - kms: 'arn:aws:kms:eu:1:key/a+arn:aws:iam::1:role/r, arn:aws:kms:eu:1:key/b'
    aws_profile: dev
    pgp: [FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4]
    gcp_kms: projects/p/locations/global/keyRings/r/cryptoKeys/k
    azure_keyvault: https://v.vault.azure.net/keys/k/123
    hc_vault_transit_uri: [https://vault:8200/v1/transit/keys/k]
    hckms: [eu:0000]
    age:
      - {AGE1}
      - '{AGE2}, {AGE1}'
"
    ));
    let group = &c.creation_rules[0].key_groups;
    assert_eq!(group.len(), 1);
    let kinds: Vec<&str> = group[0].iter().map(|r| r.recipient.kind()).collect();
    assert_eq!(
        kinds,
        [
            "age", "age", "pgp", "kms", "kms", "gcp_kms", "hckms", "azure_kv", "hc_vault"
        ]
    );
    let Recipient::AwsKms(k) = &group[0][3].recipient else {
        panic!()
    };
    assert_eq!(k.arn, "arn:aws:kms:eu:1:key/a");
    assert_eq!(k.role.as_deref(), Some("arn:aws:iam::1:role/r"));
    assert_eq!(k.profile.as_deref(), Some("dev"));
    assert_eq!(
        group[0][7].recipient,
        Recipient::AzureKv(AzureKvSpec {
            vault_url: "https://v.vault.azure.net".into(),
            name: "k".into(),
            version: Some("123".into())
        })
    );
    // Each recipient remembers where it was written.
    assert_eq!(group[0][0].location.line, 10);
    assert_eq!(group[0][1].location.line, 11);
}

#[test]
fn key_groups_with_every_kind_merge_and_threshold() {
    let c = parse(&format!(
        "creation_rules:
  - path_regex: secrets/
    shamir_threshold: 2
    age: {AGE2}
    key_groups:
      - age: [{AGE1}, {AGE1}]
        pgp: [ABC]
        kms:
          - arn: arn:aws:kms:eu:1:key/a
            role: arn:aws:iam::1:role/r
            context: {{app: web, env: prod}}
            aws_profile: ops
        gcp_kms:
          - resource_id: projects/p/k
        azure_keyvault:
          - vaultUrl: https://v.vault.azure.net
            key: k
            version: ''
        hc_vault: [https://vault:8200/v1/transit/keys/k]
        hckms:
          - key_id: eu:1
      - merge:
          - age: [{AGE2}]
          - age: [{AGE1}]
"
    ));
    let rule = &c.creation_rules[0];
    assert_eq!(rule.shamir_threshold, Some(2));
    assert_eq!(rule.key_groups.len(), 2);
    assert_eq!(rule.key_groups[0].len(), 7, "duplicates removed");
    let Recipient::AwsKms(k) = &rule.key_groups[0][2].recipient else {
        panic!()
    };
    assert_eq!(k.context.get("env").map(String::as_str), Some("prod"));
    assert_eq!(k.profile.as_deref(), Some("ops"));
    assert_eq!(recipients(&rule.key_groups[1]), [AGE2, AGE1]);
    // The single-group `age` next to key_groups is ignored, with a warning.
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains(".sops.yaml:4:5") && w.contains("ignored")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn encryption_rule_and_mac_only() {
    for key in crate::envelope::rules::RULE_KEYS {
        let c = parse(&format!(
            "creation_rules:\n  - {key}: '^x$'\n    mac_only_encrypted: true\n"
        ));
        let rule = &c.creation_rules[0];
        assert_eq!(rule.rule.as_ref().map(|r| r.key()), Some(key));
        assert!(rule.mac_only_encrypted);
        assert!(!rule.has_recipients());
    }
    // An empty value means "not set", as in sops.
    let c = parse("creation_rules:\n  - encrypted_regex: ''\n    unencrypted_suffix: _clear\n");
    assert_eq!(
        c.creation_rules[0].rule.as_ref().map(|r| r.value()),
        Some("_clear")
    );
}

#[test]
fn unknown_keys_are_ignored_with_a_located_warning() {
    let c = parse(
        "creation_rules:\n  - input_type: yaml\n    age: []\nstores:\n  yaml: {indent: 4}\nextra: 1\nlint:\n  allow-rules: [jwt]\n",
    );
    assert_eq!(
        c.warnings,
        [
            "/repo/.sops.yaml:2:5: unknown key `input_type` in a creation rule ignored",
            "/repo/.sops.yaml:6:1: unknown key `extra` ignored"
        ]
    );
}

#[test]
fn bad_input_is_located_and_says_what_to_do() {
    let cases = [
        (
            "creation_rules: {a: 1}\n",
            "/repo/.sops.yaml:1:1: `creation_rules` must be a list",
        ),
        (
            "creation_rules:\n  - path_regex: '('\n",
            "/repo/.sops.yaml:2:17: `path_regex` is not a valid regular expression",
        ),
        (
            "creation_rules:\n  - age: age1nope\n",
            "/repo/.sops.yaml:2:10: invalid recipient `age1nope`",
        ),
        (
            "creation_rules:\n  - age: {a: b}\n",
            "/repo/.sops.yaml:2:5: `age` must be a comma-separated string or a list",
        ),
        (
            "creation_rules:\n  - encrypted_regex: a\n    unencrypted_suffix: b\n",
            "/repo/.sops.yaml:3:5: `unencrypted_suffix` and `encrypted_regex` are both set",
        ),
        (
            "creation_rules:\n  - shamir_threshold: many\n",
            "/repo/.sops.yaml:2:23: `shamir_threshold` must be a whole number",
        ),
        (
            "creation_rules:\n  - mac_only_encrypted: maybe\n",
            "/repo/.sops.yaml:2:25: `mac_only_encrypted` must be true or false",
        ),
        (
            "creation_rules:\n  - key_groups:\n      - kms:\n          - role: r\n",
            "/repo/.sops.yaml:4:13: this `kms` entry needs `arn`",
        ),
        (
            "creation_rules:\n  - key_groups:\n      - age: {a: b}\n",
            "`age` in a key group must be a list",
        ),
        (
            "creation_rules:\n  - key_groups:\n      - kms: [arn]\n",
            "a `kms` entry must be a map",
        ),
        (
            "creation_rules:\n  - azure_keyvault: http://x\n",
            "is not an Azure Key Vault key URL",
        ),
        (
            "creation_rules:\n  - hc_vault_transit_uri: vault\n",
            "is not a Vault transit key URI",
        ),
        (
            "creation_rules:\n  - key_groups: [{age: [",
            "/repo/.sops.yaml:2:",
        ),
        (
            "creation_rules:\n  - shamir_threshold: 3\n    key_groups:\n      - age: [x]\n",
            "invalid recipient",
        ),
        (
            &format!(
                "creation_rules:\n  - shamir_threshold: 3\n    key_groups:\n      - age: [{AGE1}]\n      - age: [{AGE2}]\n"
            ),
            "shamir_threshold is 3 but the rule has only 2 key groups",
        ),
        (
            "- a\n- b\n",
            "/repo/.sops.yaml:1:1: a YAML document must be a mapping",
        ),
        (
            "creation_rules:\n  - just a string\n",
            "creation rule 1 must be a map",
        ),
    ];
    for (text, want) in cases {
        let got = parse_err(text);
        assert!(got.contains(want), "{text:?}\n got: {got}\nwant: {want}");
    }
    let err = Config::parse(Path::new("c.yaml"), b"creation_rules: [\n".to_vec()).unwrap_err();
    assert_eq!(err.exit_code(), crate::ExitCode::ErrorReadingConfig);
    assert!(
        err.to_string()
            .contains("a config file is a YAML map with a `creation_rules` list"),
        "{err}"
    );
}

#[test]
fn discovery_starts_at_the_file_and_prefers_hush_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("a/b/c")).unwrap();
    std::fs::write(
        root.join(".sops.yaml"),
        format!("creation_rules:\n  - age: {AGE1}\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("a/.sops.yaml"),
        format!("creation_rules:\n  - age: {AGE2}\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("a/.hush.yaml"),
        format!("creation_rules:\n  - path_regex: ^b/\n    age: {AGE1}\n"),
    )
    .unwrap();
    let r = Resolver::new(&ConfigSource::Discover).unwrap();
    let found = |p: &str| r.config_for(&root.join(p)).unwrap().map(|c| c.path.clone());
    assert_eq!(found("x.yaml"), Some(root.join(".sops.yaml")));
    assert_eq!(found("a/b/c/x.yaml"), Some(root.join("a/.hush.yaml")));
    assert_eq!(found("a/x.yaml"), Some(root.join("a/.hush.yaml")));
    // The nearest config decides even when none of its rules match.
    let lookup = r.lookup(&root.join("a/x.yaml")).unwrap();
    assert!(matches!(lookup, Lookup::NoRule { .. }), "{lookup:?}");
    assert!(
        lookup.explain().contains("matches `x.yaml`"),
        "{}",
        lookup.explain()
    );
    let m = r
        .lookup(&root.join("a/b/c/x.yaml"))
        .unwrap()
        .rule()
        .unwrap();
    assert_eq!(
        m.origin(m.rule().location),
        format!(
            "{}:2:5 (creation rule 1)",
            root.join("a/.hush.yaml").display()
        )
    );
    assert_eq!(r.loaded().len(), 2);
}

#[test]
fn explicit_config_wins_and_missing_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("elsewhere.yaml");
    std::fs::write(&cfg, format!("creation_rules:\n  - age: {AGE2}\n")).unwrap();
    let source = ConfigSource::resolve(None, |v| (v == "SOPS_CONFIG").then(|| cfg.clone().into()));
    assert_eq!(
        source,
        ConfigSource::Explicit {
            path: cfg.clone(),
            origin: "SOPS_CONFIG"
        }
    );
    let r = Resolver::new(&source).unwrap();
    let m = r
        .lookup(Path::new("/any/where.yaml"))
        .unwrap()
        .rule()
        .unwrap();
    assert_eq!(recipients(&m.rule().key_groups[0]), [AGE2]);
    // --config beats HUSH_CONFIG beats SOPS_CONFIG; empty variables count as unset.
    let env = |v: &str| match v {
        "HUSH_CONFIG" => Some("h".into()),
        "SOPS_CONFIG" => Some("s".into()),
        _ => None,
    };
    assert!(matches!(
        ConfigSource::resolve(Some("f".into()), env),
        ConfigSource::Explicit {
            origin: "--config",
            ..
        }
    ));
    assert!(matches!(
        ConfigSource::resolve(None, env),
        ConfigSource::Explicit {
            origin: "HUSH_CONFIG",
            ..
        }
    ));
    assert_eq!(
        ConfigSource::resolve(None, |_| Some("".into())),
        ConfigSource::Discover
    );
    let missing = ConfigSource::Explicit {
        path: dir.path().join("nope.yaml"),
        origin: "--config",
    };
    let err = Resolver::new(&missing).unwrap_err();
    assert_eq!(err.exit_code(), crate::ExitCode::ConfigFileNotFound);
    assert!(
        err.to_string()
            .ends_with("nope.yaml: config file not found (given by --config); check the path"),
        "{err}"
    );
}

#[test]
fn no_config_anywhere_is_explained() {
    let file = Path::new("/srv/app/x.yaml");
    let err = Lookup::NoConfig {
        from: "/srv/app".into(),
    }
    .require(file)
    .unwrap_err();
    assert_eq!(err.exit_code(), crate::ExitCode::NoEncryptionKey);
    assert_eq!(
        err.to_string(),
        "/srv/app/x.yaml: no recipients: no .hush.yaml or .sops.yaml found in /srv/app or any \
         directory above it; pass --age RECIPIENT (or set SOPS_AGE_RECIPIENTS), or add a creation \
         rule for this file to .hush.yaml or .sops.yaml"
    );
}
