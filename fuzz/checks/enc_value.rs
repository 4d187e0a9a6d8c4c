//! Fuzzes the `ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]` value parser: arbitrary
//! text never panics, and decrypting what parses fails cleanly under a wrong key.
//!
//! Shared by the fuzz target and `tests/fuzz_seeds.rs`, which replays the seeds on stable.

use hush::envelope::cipher::{self, DataKey};

pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = cipher::is_encrypted(text);
    if cipher::parse(text).is_ok() {
        let key = DataKey::from_slice(&[7u8; 32]).expect("a 32-byte key");
        let _ = cipher::decrypt(&key, text, "fuzz:");
    }
}
