//! The `lint` fuzz target: runs the check in `checks/lint.rs` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/lint.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
