//! Azure Key Vault recipients against a local STAND-IN, not an emulator: no Azure Key Vault
//! emulator installs from the registries hush's machines reach, so the tests run
//! tests/kms_servers/azure_kv_standin.py, a small TLS server speaking the Key Vault REST
//! calls hush makes (encrypt/decrypt with real RSA-OAEP-256 keys, get key) and Entra ID's
//! client-credentials token endpoint. hush talks to it with the official Azure SDK and its
//! real service-principal login (`AZURE_TENANT_ID`/`AZURE_CLIENT_ID`/`AZURE_CLIENT_SECRET`,
//! `AZURE_AUTHORITY_HOST`). What this proves is hush's side of the protocol; agreement with
//! the real service rests on the stand-in following the published API. No sops cross-check:
//! sops' Azure SDK would refuse the 127.0.0.1 bearer challenge.

#![cfg(feature = "azure-kv")]

mod common;
use common::kms::AzureStandIn;
use common::*;

/// `hush encrypt --azure-kv URL PLAIN` as the full-rights client: the sealed bytes.
fn seal(az: &AzureStandIn, s: &Scratch, url: &str, plain: &std::path::Path) -> Vec<u8> {
    let args = ["encrypt", "--azure-kv", url, plain.to_str().unwrap()];
    ok(&az.hush(s, &args)).stdout.clone()
}

#[test]
fn seals_for_a_key_vault_key_in_sops_layout_and_opens_again() {
    let az = AzureStandIn::start();
    let version = az.create_key("app");
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    // Without a version, the key's current version is looked up and recorded.
    let url = format!("{}/keys/app", az.vault_url());
    let sealed = seal(&az, &s, &url, &plain);
    let text = String::from_utf8_lossy(&sealed).into_owned();
    let at = |field: &str| {
        text.find(field)
            .unwrap_or_else(|| panic!("no {field} in\n{text}"))
    };
    let order = [
        &format!("- vault_url: {}", az.vault_url()),
        "name: app",
        &format!("version: {version}"),
        "created_at:",
        "enc:",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    let path = s.write("secret.enc.yaml", &sealed);
    assert_eq!(
        stdout(ok(&az.hush(&s, &["decrypt", path.to_str().unwrap()]))),
        PLAIN_YAML
    );

    // A newer version does not disturb files made with the old one.
    let newer = az.create_key("app");
    let pinned = format!("{}/keys/app/{newer}", az.vault_url());
    let sealed_new = ok(&az.hush(
        &s,
        &["encrypt", "--azure-kv", &pinned, plain.to_str().unwrap()],
    ))
    .stdout
    .clone();
    assert!(String::from_utf8_lossy(&sealed_new).contains(&format!("version: {newer}")));
    assert_eq!(
        stdout(ok(&az.hush(&s, &["decrypt", path.to_str().unwrap()]))),
        PLAIN_YAML
    );
}

#[test]
fn key_vault_faults_name_the_key_and_touch_nothing() {
    let mut az = AzureStandIn::start();
    let version = az.create_key("app");
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let url = format!("{}/keys/app/{version}", az.vault_url());
    let sealed = seal(&az, &s, &url, &plain);
    let path = s.write("secret.enc.yaml", &sealed);

    // A wrong client secret: the login is refused.
    let mut c = s.hush_cmd(&["decrypt", "-i", path.to_str().unwrap()]);
    az.env(&mut c);
    let err = fails_with(&run(c.env("AZURE_CLIENT_SECRET", "wrong")), 128);
    assert!(
        err.contains(&format!("group 1: azure_kv {url}: Azure Key Vault: ")),
        "{err}"
    );
    assert!(err.contains("AADSTS7000215"), "{err}");
    assert!(
        !err.contains("wrong\n") && !err.contains(common::kms::AZURE_SECRET),
        "{err}"
    );

    // The key version disabled: 403.
    az.disable("app", &version);
    let err = fails_with(
        &az.hush(&s, &["decrypt", "-i", path.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!(
            "azure_kv {url}: Azure Key Vault: HTTP 403: Forbidden"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), sealed);

    // An unknown key: 404, nothing written.
    let missing = format!("{}/keys/nope", az.vault_url());
    let err = fails_with(
        &az.hush(
            &s,
            &[
                "encrypt",
                "-i",
                "--azure-kv",
                &missing,
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with Azure Key Vault key {missing}/: HTTP 404"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);

    // The vault down.
    az.server.stop();
    let err = fails_with(&az.hush(&s, &["decrypt", path.to_str().unwrap()]), 128);
    assert!(
        err.contains(&format!("azure_kv {url}: Azure Key Vault: ")),
        "{err}"
    );
    let err = fails_with(
        &az.hush(
            &s,
            &[
                "encrypt",
                "--azure-kv",
                "http://v.vault.azure.net/keys/k",
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(err.contains("not an Azure Key Vault key URL"), "{err}");
}

/// An identity without the keys decrypt/encrypt permissions (the stand-in's reader client,
/// answered as Key Vault answers a missing access-policy permission): a permission error
/// naming the key, exit 128, nothing touched.
#[test]
fn an_identity_without_key_permissions_is_refused_naming_the_key() {
    let az = AzureStandIn::start();
    let version = az.create_key("app");
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let url = format!("{}/keys/app/{version}", az.vault_url());
    let sealed = seal(&az, &s, &url, &plain);
    let path = s.write("secret.enc.yaml", &sealed);
    let as_reader = |args: &[&str]| {
        let mut c = s.hush_cmd(args);
        az.env(&mut c);
        run(c.env(
            "AZURE_CLIENT_ID",
            format!("{}-reader", common::kms::AZURE_CLIENT),
        ))
    };
    let err = fails_with(&as_reader(&["decrypt", "-i", path.to_str().unwrap()]), 128);
    assert!(
        err.contains(&format!(
            "group 1: azure_kv {url}: Azure Key Vault: HTTP 403: Forbidden: The user, group or application 'appid=hush-tests-reader' does not have keys decrypt permission"
        )),
        "{err}"
    );
    assert!(
        err.contains("needs the keys/encrypt and keys/decrypt permissions"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), sealed);
    let err = fails_with(
        &as_reader(&["encrypt", "-i", "--azure-kv", &url, plain.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with Azure Key Vault key {url}: HTTP 403: Forbidden"
        )),
        "{err}"
    );
    assert!(
        err.contains("does not have keys encrypt permission"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);
}
