//! The `sops_metadata` fuzz target: runs the check in `checks/sops_metadata.rs` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/sops_metadata.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
