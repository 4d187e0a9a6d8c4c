//! Fuzzes `.hush.yaml`/`.sops.yaml` loading (creation rules, key groups, every recipient
//! kind's entries); errors are fine, panics are not.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hush::config::Config::parse(Path::new("/repo/.hush.yaml"), data.to_vec());
});
