//! One file, several key services: three key groups (OpenBao Transit, AWS KMS on moto, GCP
//! KMS on drongo) with a Shamir threshold of 2. Any two reachable services open it; with
//! two of them down the error names each failed key and why.

#![cfg(all(feature = "aws-kms", feature = "gcp-kms", feature = "vault-transit"))]

mod common;
use common::kms::{Bao, Drongo, Moto};
use common::*;

#[test]
fn any_two_of_three_services_open_a_threshold_file() {
    let mut bao = Bao::start();
    let mut moto = Moto::start();
    let gcp = Drongo::start();
    let arn = moto.create_key();
    let gcp_id = gcp.create_key("ring", "app");
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let hush = |moto: &Moto, args: &[&str]| {
        let mut c = s.hush_cmd(args);
        moto.env(&mut c);
        gcp.env(&mut c);
        run(c.env("BAO_TOKEN", "root"))
    };
    let vault_uri = bao.key_uri("app");
    let sealed = ok(&hush(
        &moto,
        &[
            "encrypt",
            "--hc-vault-transit",
            &vault_uri,
            "--key-group",
            &format!("kms={arn}"),
            "--key-group",
            &format!("gcp-kms={gcp_id}"),
            "--shamir-threshold",
            "2",
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let text = String::from_utf8_lossy(&sealed).into_owned();
    assert!(
        text.contains("shamir_threshold: 2") && text.contains("key_groups:"),
        "{text}"
    );
    let path = s.write("secret.enc.yaml", &sealed);
    assert_eq!(
        stdout(ok(&hush(&moto, &["decrypt", path.to_str().unwrap()]))),
        PLAIN_YAML
    );

    bao.server.stop();
    assert_eq!(
        stdout(ok(&hush(&moto, &["decrypt", path.to_str().unwrap()]))),
        PLAIN_YAML
    );

    moto.server.stop();
    let err = fails_with(&hush(&moto, &["decrypt", path.to_str().unwrap()]), 128);
    assert!(
        err.contains(&format!(
            "group 1: hc_vault {vault_uri}: Vault Transit: cannot reach"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "group 2: kms {arn}: AWS KMS: cannot reach AWS KMS"
        )),
        "{err}"
    );
    assert!(err.contains("opened 1 of the 2 key groups needed"), "{err}");
}
