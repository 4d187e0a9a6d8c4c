//! Fuzzes the EncryptionConfiguration path kube-apiserver's rules are checked on: parse as
//! YAML or JSON, decode into the model, validate (with and without automatic reload).
#![no_main]

use std::path::Path;

use hush::document::{self, Format};
use hush::k8s::{decode, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
