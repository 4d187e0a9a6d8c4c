//! Fuzzes `.hush.yaml`/`.sops.yaml` loading (creation rules, key groups, every recipient
//! kind's entries); errors are fine, panics are not.
//!
//! Shared by the fuzz target and `tests/fuzz_seeds.rs`, which replays the seeds on stable.

use std::path::Path;

pub fn check(data: &[u8]) {
    let _ = hush::config::Config::parse(Path::new("/repo/.hush.yaml"), data.to_vec());
}
