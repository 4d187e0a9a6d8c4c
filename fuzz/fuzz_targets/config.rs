//! The `config` fuzz target: runs the check in `checks/config.rs` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/config.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
