//! The `k8s_config` fuzz target: runs the check in `checks/k8s_config.rs` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/k8s_config.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
