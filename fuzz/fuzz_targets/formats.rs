//! What the four format targets share: parse arbitrary bytes; when they parse, write the
//! untouched document back (the lossless path must give the same bytes) and write its tree
//! fresh in every other format (what that writes must parse again).

use std::path::Path;

use hush::document::{self, Format};

const TEXT_FORMATS: [Format; 4] = [Format::Yaml, Format::Json, Format::Dotenv, Format::Ini];

pub fn check(format: Format, data: &[u8]) {
    let path = Path::new("fuzz-input");
    let Ok(doc) = document::parse(format, data.to_vec(), path) else {
        return;
    };
    let metadata = doc.metadata.clone();
    match document::emit(&doc, format, metadata.as_ref(), path) {
        Ok(same) if metadata.is_none() => {
            assert!(
                same == data,
                "the lossless emitter changed an untouched document"
            )
        }
        Ok(same) => {
            document::parse(format, same, path).expect("a lossless emit parses again");
        }
        // A `sops` block is re-rendered from its parsed form; a mangled one may be refused
        // (cleanly) where the rest of the file could not.
        Err(_) if metadata.is_some() => {}
        Err(e) => panic!("an untouched document could not be written back: {e}"),
    }
    for other in TEXT_FORMATS.into_iter().filter(|f| *f != format) {
        let Ok(fresh) = document::emit(&doc, other, None, path) else {
            continue;
        };
        // Two refusals are the target's rules, not writer bugs: YAML refuses a file without
        // content (only comments) and duplicate keys, which dotenv, INI and JSON sources may
        // hold.
        if let Err(e) = document::parse(other, fresh, path) {
            let message = e.to_string();
            if !(message.contains("the file is empty") || message.contains("duplicate key")) {
                panic!("{} written fresh does not parse: {message}", other.name());
            }
        }
    }
}
