//! Fuzzes the decoder of values kube-apiserver stores in etcd: the `k8s:enc:...` prefixes,
//! the protobuf envelope of KMS v2 and plaintext objects.
//!
//! Shared by the fuzz target and `tests/fuzz_seeds.rs`, which replays the seeds on stable.

use std::path::Path;
use std::sync::OnceLock;

use hush::document::{self, Format};
use hush::k8s::{classify, decode, proto};

/// Provider names the classifier knows, from a config with one provider of each kind.
const CONFIG: &str = "apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - kms: {apiVersion: v2, name: kms2, endpoint: unix:///tmp/kms.sock}
      - aescbc: {keys: [{name: cbc1, secret: c2VjcmV0IGlzIHNlY3VyZSwgaXMgaXQ/IQ==}]}
      - aesgcm: {keys: [{name: gcm1, secret: c2VjcmV0IGlzIHNlY3VyZSwgaXMgaXQ/IQ==}]}
      - secretbox: {keys: [{name: box1, secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=}]}
      - identity: {}
";

fn names() -> &'static classify::KnownNames {
    static NAMES: OnceLock<classify::KnownNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let doc = document::parse(Format::Yaml, CONFIG.into(), Path::new("c.yaml"))
            .expect("the built-in config parses");
        let config = decode::decode(&doc).expect("the built-in config decodes");
        classify::KnownNames::from_config(&config)
    })
}

pub fn check(data: &[u8]) {
    let _ = classify::classify(data, names());
    let _ = proto::unknown(data);
    let _ = proto::encrypted_object(data);
}
