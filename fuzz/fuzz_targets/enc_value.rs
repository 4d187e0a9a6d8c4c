//! The `enc_value` fuzz target: runs the check in `checks/enc_value.rs` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/enc_value.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
