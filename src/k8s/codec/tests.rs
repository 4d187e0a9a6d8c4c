use super::*;
use crate::document::{self, Format};
use crate::k8s::decode;

fn config(yaml: &str) -> EncryptionConfig {
    let doc =
        document::parse(Format::Yaml, yaml.as_bytes().to_vec(), "t.yaml".as_ref()).expect("yaml");
    decode::decode(&doc).expect("config")
}

fn secrets() -> GroupResource {
    GroupResource::new("", "secrets")
}

const TWO_PROVIDERS: &str = "\
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aesgcm:
          keys:
            - name: new
              secret: dGhpcyBpcyBwYXNzd29yZA==
            - name: old
              secret: c2VjcmV0IGlzIHNlY3VyZQ==
      - secretbox:
          keys:
            - name: sb
              secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
      - identity: {}
";

#[test]
fn upstream_aesgcm_vector_decrypts() {
    // TestGCMLegacyDataCompatibility: key "snorlax_awesomes", AAD "bamboo".
    let value = hex::decode(
        "9f27c8fcea8a58c467d8e437dbf2d85955f9b4bd912f4ef967d788a0cb07797dac0a3f0a0845605ca85ac8562b4ae1",
    )
    .expect("hex");
    let plain =
        open(ProviderType::Aesgcm, b"snorlax_awesomes", &value, b"bamboo").expect("decrypt");
    assert_eq!(plain, b"pandas are the best");
    assert!(open(ProviderType::Aesgcm, b"snorlax_awesomes", &value, b"panda").is_err());
}

#[test]
fn round_trip_each_provider_and_key_size() {
    let cases: [(ProviderType, &[usize]); 3] = [
        (ProviderType::Aescbc, &[16, 24, 32]),
        (ProviderType::Aesgcm, &[16, 24, 32]),
        (ProviderType::Secretbox, &[32]),
    ];
    for (t, sizes) in cases {
        for &n in sizes {
            let key = vec![7u8; n];
            for plain in [
                &b""[..],
                b"x",
                b"exactly 16 bytes",
                b"a longer value that spans blocks",
            ] {
                let body = seal(t, &key, plain, b"/registry/secrets/a/b").expect("seal");
                let back = open(t, &key, &body, b"/registry/secrets/a/b").expect("open");
                assert_eq!(back, plain, "{t:?} {n}");
                assert!(
                    open(t, &[9u8; 32][..n], &body, b"/registry/secrets/a/b").is_err()
                        || t == ProviderType::Aescbc
                );
            }
        }
    }
}

#[test]
fn aad_binds_only_aesgcm() {
    let key = [3u8; 32];
    for (t, bound) in [
        (ProviderType::Aesgcm, true),
        (ProviderType::Aescbc, false),
        (ProviderType::Secretbox, false),
    ] {
        let body = seal(t, &key, b"v", b"/registry/secrets/a/one").expect("seal");
        assert_eq!(
            open(t, &key, &body, b"/registry/secrets/a/two").is_err(),
            bound,
            "{t:?}"
        );
    }
}

#[test]
fn cbc_errors_match_upstream() {
    let key = [1u8; 32];
    assert_eq!(
        cbc_decrypt(&key, &[0; 8]).unwrap_err(),
        "the stored data was shorter than the required size"
    );
    assert_eq!(
        cbc_decrypt(&key, &[0; 20]).unwrap_err(),
        "the stored data is not a multiple of the block size"
    );
    let body = seal(ProviderType::Aescbc, &key, b"hello", b"").expect("seal");
    let err = cbc_decrypt(&[2u8; 32], &body).unwrap_err();
    assert!(err.contains("padding") || err.contains("PKCS7"), "{err}");
}

#[test]
fn writes_with_first_key_and_reads_in_order() {
    let t = Transformer::for_resource(&config(TWO_PROVIDERS), &secrets()).expect("transformer");
    assert_eq!(t.writer(), (ProviderType::Aesgcm, Some("new")));
    let key = "/registry/secrets/default/s1";
    let stored = t.encrypt(b"payload", key).expect("encrypt");
    assert!(stored.starts_with(b"k8s:enc:aesgcm:v1:new:"));
    let read = t.decrypt(&stored, key).expect("decrypt");
    assert_eq!(
        (read.plaintext.as_slice(), read.key.as_deref(), read.stale),
        (&b"payload"[..], Some("new"), false)
    );
    // A value under the second key reads, marked stale.
    let old = [
        b"k8s:enc:aesgcm:v1:old:".as_slice(),
        &seal(
            ProviderType::Aesgcm,
            b"secret is secure",
            b"p2",
            key.as_bytes(),
        )
        .expect("seal"),
    ]
    .concat();
    let read = t.decrypt(&old, key).expect("decrypt old");
    assert_eq!((read.key.as_deref(), read.stale), (Some("old"), true));
    // Plaintext reads through identity (last), stale.
    let read = t.decrypt(b"k8s\x00plain", key).expect("identity");
    assert_eq!((read.provider, read.stale), (ProviderType::Identity, true));
    // Under a key no longer configured: no matching key.
    let gone = b"k8s:enc:aesgcm:v1:gone:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    let err = t.decrypt(gone, key).unwrap_err();
    assert!(
        err.contains("no matching key was found for the provided AES transformer"),
        "{err}"
    );
    // Another provider's prefix that is not configured: no matching prefix.
    assert_eq!(
        t.decrypt(b"k8s:enc:aescbc:v1:k:zzzz", key).unwrap_err(),
        "no matching prefix found"
    );
}

#[test]
fn identity_first_writes_plaintext_and_kms_is_reported() {
    let yaml = "\
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: ['*.']
    providers:
      - identity: {}
      - kms: {apiVersion: v2, name: vault, endpoint: unix:///tmp/kms.sock}
";
    let t = Transformer::for_resource(&config(yaml), &secrets()).expect("transformer");
    assert_eq!(
        t.encrypt(b"raw", "/registry/secrets/a/b")
            .expect("identity"),
        b"raw"
    );
    let err = t
        .decrypt(b"k8s:enc:kms:v2:vault:\x0a\x01x", "/registry/secrets/a/b")
        .unwrap_err();
    assert!(err.contains("kms provider \"vault\""), "{err}");
    let obj = crate::k8s::proto::EncryptedObject {
        encrypted_data: vec![1, 2, 3],
        key_id: "kek-7".into(),
        encrypted_dek_source: vec![4],
        annotations: Default::default(),
        encrypted_dek_source_type: 1,
    };
    let value = [
        b"k8s:enc:kms:v2:vault:".as_slice(),
        &prost::Message::encode_to_vec(&obj),
    ]
    .concat();
    let err = t.decrypt(&value, "/registry/secrets/a/b").unwrap_err();
    assert!(
        err.contains("kms provider \"vault\" (v2, KMS key id \"kek-7\")"),
        "{err}"
    );
    let other = t
        .decrypt(b"k8s:enc:kms:v2:other:\x0a\x01x", "/registry/secrets/a/b")
        .unwrap_err();
    assert!(
        other.contains("a kms provider this config does not list"),
        "{other}"
    );
}

#[test]
fn unlisted_resource_falls_back_to_identity() {
    let t = Transformer::for_resource(
        &config(TWO_PROVIDERS),
        &GroupResource::new("", "configmaps"),
    )
    .expect("t");
    assert_eq!(t.writer(), (ProviderType::Identity, None));
    assert!(t.decrypt(b"k8s:enc:aesgcm:v1:new:abc", "/k").is_err());
}
