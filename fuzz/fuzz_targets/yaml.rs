//! Fuzzes the yaml parser and emitters (see formats.rs for what is checked).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "formats.rs"]
mod formats;

fuzz_target!(|data: &[u8]| formats::check(hush::document::Format::Yaml, data));
