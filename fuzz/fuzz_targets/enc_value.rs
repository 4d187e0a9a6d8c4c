//! Fuzzes the `ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]` value parser: arbitrary
//! text never panics, and decrypting what parses fails cleanly under a wrong key.
#![no_main]

use hush::envelope::cipher::{self, DataKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = cipher::is_encrypted(text);
    if cipher::parse(text).is_ok() {
        let key = DataKey::from_slice(&[7u8; 32]).expect("a 32-byte key");
        let _ = cipher::decrypt(&key, text, "fuzz:");
    }
});
