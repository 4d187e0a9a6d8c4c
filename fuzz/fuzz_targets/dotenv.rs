//! Fuzzes the dotenv parser and emitters (see `checks/formats.rs` for what is checked).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/formats.rs"]
mod formats;

fuzz_target!(|data: &[u8]| formats::check(hush::document::Format::Dotenv, data));
