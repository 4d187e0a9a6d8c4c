//! GCP KMS recipients against the drongo emulator (PyPI `drongo`, started here on a free
//! port), reached with sops' `SOPS_GCP_KMS_ENDPOINT` and `GOOGLE_OAUTH_ACCESS_TOKEN`.
//! No sops cross-check: the sops under test (3.11) has no endpoint override for GCP KMS
//! (it arrived in sops 3.13). drongo checks no credentials and cannot disable key
//! versions, so the faults covered here are an unknown key, a corrupt ciphertext and the
//! service being down.

#![cfg(feature = "gcp-kms")]

mod common;
use common::kms::Drongo;
use common::*;

#[test]
fn seals_for_gcp_kms_in_sops_layout_and_opens_again() {
    let gcp = Drongo::start();
    let id = gcp.create_key("ring", "app");
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&gcp.hush(&s, &["encrypt", "--gcp-kms", &id, plain.to_str().unwrap()]))
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&sealed).into_owned();
    let at = |field: &str| {
        text.find(field)
            .unwrap_or_else(|| panic!("no {field} in\n{text}"))
    };
    assert!(at("gcp_kms:") < at(&format!("- resource_id: {id}")));
    assert!(
        at("resource_id:") < at("created_at:") && at("created_at:") < at("enc:"),
        "{text}"
    );
    let path = s.write("secret.enc.yaml", &sealed);
    assert_eq!(
        stdout(ok(&gcp.hush(&s, &["decrypt", path.to_str().unwrap()]))),
        PLAIN_YAML
    );
}

#[test]
fn gcp_faults_name_the_key_and_touch_nothing() {
    let mut gcp = Drongo::start();
    let id = gcp.create_key("ring", "app");
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);

    let missing = "projects/p1/locations/global/keyRings/ring/cryptoKeys/nope";
    let err = fails_with(
        &gcp.hush(
            &s,
            &[
                "encrypt",
                "-i",
                "--gcp-kms",
                missing,
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with GCP KMS key {missing}: NotFound"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);

    let sealed = ok(&gcp.hush(&s, &["encrypt", "--gcp-kms", &id, plain.to_str().unwrap()]))
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&sealed).into_owned();
    let enc_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("enc: "))
        .expect("enc");
    // Valid base64 that no key encrypted.
    let indent = &enc_line[..enc_line.find("enc:").expect("enc")];
    let corrupt = text.replace(enc_line, &format!("{indent}enc: bm90IGEgY2lwaGVydGV4dA=="));
    let path = s.write("corrupt.enc.yaml", &corrupt);
    let err = fails_with(
        &gcp.hush(&s, &["decrypt", "-i", path.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!("group 1: gcp_kms {id}: GCP KMS: ")),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), corrupt);

    let path = s.write("secret.enc.yaml", &sealed);
    gcp.server.stop();
    let err = fails_with(
        &gcp.hush(&s, &["decrypt", "-i", path.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!("gcp_kms {id}: GCP KMS: cannot reach Cloud KMS")),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), sealed);
    let err = fails_with(
        &gcp.hush(
            &s,
            &[
                "encrypt",
                "--gcp-kms",
                "projects/p1/keyRings/x",
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(err.contains("not a GCP KMS key resource ID"), "{err}");
}

/// Application default credentials from a service-account JSON key
/// (`GOOGLE_APPLICATION_CREDENTIALS`, the RSA key made here with openssl) and nothing
/// else: hush signs its own token from it and reaches drongo. drongo checks no tokens, so
/// this proves the credential is found and used, not that Google would accept it; a key
/// file that is not one is refused, saying what is missing.
#[test]
fn a_service_account_key_file_is_application_default_credentials() {
    let gcp = Drongo::start();
    let id = gcp.create_key("ring", "app");
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let pem = s.path("sa.pem");
    ok(&run(std::process::Command::new(tool(
        "openssl",
        "HUSH_OPENSSL_BIN",
    ))
    .args([
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        pem.to_str().unwrap(),
    ])));
    let key = serde_json::json!({
        "type": "service_account",
        "project_id": "p1",
        "private_key_id": "0123456789abcdef",
        "private_key": std::fs::read_to_string(&pem).expect("pem"),
        "client_email": "hush-tests@p1.iam.gserviceaccount.com",
        "client_id": "100000000000000000001",
        "token_uri": "https://oauth2.googleapis.com/token",
    });
    let key_file = s.write("sa.json", key.to_string());
    let with_adc = |file: &std::path::Path, args: &[&str]| {
        let mut c = s.hush_cmd(args);
        gcp.env(&mut c);
        run(c
            .env_remove("GOOGLE_OAUTH_ACCESS_TOKEN")
            .env("GOOGLE_APPLICATION_CREDENTIALS", file))
    };
    let sealed = ok(&with_adc(
        &key_file,
        &["encrypt", "--gcp-kms", &id, plain.to_str().unwrap()],
    ))
    .stdout
    .clone();
    let path = s.write("secret.enc.yaml", &sealed);
    let opened = with_adc(&key_file, &["decrypt", path.to_str().unwrap()]);
    assert_eq!(stdout(ok(&opened)), PLAIN_YAML);
    let not_a_key = s.write("not-a-key.json", "{\"type\": \"service_account\"}");
    let err = fails_with(
        &with_adc(&not_a_key, &["decrypt", path.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!(
            "gcp_kms {id}: GCP KMS: no Google application default credentials"
        )),
        "{err}"
    );
    assert!(err.contains("missing field `client_email`"), "{err}");
}
