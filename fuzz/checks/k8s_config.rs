//! Fuzzes the EncryptionConfiguration path kube-apiserver's rules are checked on: parse as
//! YAML or JSON, decode into the model, validate (with and without automatic reload).
//!
//! Shared by the fuzz target and `tests/fuzz_seeds.rs`, which replays the seeds on stable.

use std::path::Path;

use hush::document::{self, Format};
use hush::k8s::{decode, validate};

pub fn check(data: &[u8]) {
    let format = if data.first() == Some(&b'{') {
        Format::Json
    } else {
        Format::Yaml
    };
    let Ok(doc) = document::parse(format, data.to_vec(), Path::new("config.yaml")) else {
        return;
    };
    if let Ok(config) = decode::decode(&doc) {
        for reload in [false, true] {
            let _ = validate::validate(&config, validate::ValidateOptions { reload });
        }
    }
}
