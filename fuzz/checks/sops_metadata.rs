//! Fuzzes the reader of a sealed file's `sops:` block: the sealed-file parser of the format
//! the first byte picks, then the metadata reader on whatever parsed.
//!
//! Shared by the fuzz target and `tests/fuzz_seeds.rs`, which replays the seeds on stable.

use std::path::Path;

use hush::document::{self, Format};
use hush::envelope::{metadata::Metadata, seal};

const FORMATS: [Format; 5] = [
    Format::Yaml,
    Format::Json,
    Format::Dotenv,
    Format::Ini,
    Format::Binary,
];

pub fn check(data: &[u8]) {
    let Some((pick, rest)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(*pick) % FORMATS.len()];
    let path = Path::new("fuzz.enc");
    if let Ok(doc) = document::parse_sealed(format, rest.to_vec(), path) {
        let _ = seal::read_metadata(&doc, path);
    }
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(rest)
        && let Ok(meta) = Metadata::from_json(&json)
    {
        let again = Metadata::from_json(&meta.to_json()).expect("written metadata reads back");
        assert_eq!(again.to_json(), meta.to_json(), "metadata round trip");
    }
}
