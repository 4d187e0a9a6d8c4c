//! What the four format targets share: parse arbitrary bytes; when they parse, write the
//! untouched document back (the lossless path must give the same bytes) and write its tree
//! fresh in every other format (what that writes must parse again).
//!
//! Shared by the four format targets and `tests/fuzz_seeds.rs`, which replays the seeds
//! on stable.

use std::path::Path;

use hush::document::{self, Document, Format, Layout};
use hush::envelope::metadata::Metadata;

const TEXT_FORMATS: [Format; 4] = [Format::Yaml, Format::Json, Format::Dotenv, Format::Ini];

pub fn check(format: Format, data: &[u8]) {
    let path = Path::new("fuzz-input");
    let Ok(doc) = document::parse(format, data.to_vec(), path) else {
        return;
    };
    // hush writes a sealed file only with metadata it built (a valid `sops` block): a file
    // whose block does not read as metadata is refused before anything is written.
    let metadata = match &doc.metadata {
        None => None,
        Some(raw) => match Metadata::from_json(raw) {
            Ok(meta) => Some(meta.to_json()),
            Err(_) => return check_fresh(format, &doc),
        },
    };
    match document::emit(&doc, format, metadata.as_ref(), path) {
        // A flow-mapping root (`{a: 1}`) is written in block style (a documented limit of
        // byte-identity): the data must come back, not the bytes.
        Ok(same) if metadata.is_none() && flow_root(&doc) => {
            let again =
                document::parse(format, same, path).expect("a flow root written back parses");
            assert_eq!(
                trees(&again),
                trees(&doc),
                "a flow root written back keeps its data"
            );
        }
        Ok(same) if metadata.is_none() => {
            assert!(
                same == data,
                "the lossless emitter changed an untouched document"
            )
        }
        Ok(same) => {
            let again = document::parse(format, same, path).expect("a lossless emit parses again");
            assert_eq!(
                again.metadata, metadata,
                "the metadata reads back as written"
            );
        }
        // The `sops` block is written from the metadata read: a value this format cannot
        // hold (a raw carriage return in an INI value) is refused, cleanly.
        Err(_) if metadata.is_some() => {}
        Err(e) => panic!("an untouched document could not be written back: {e}"),
    }
    check_fresh(format, &doc);
}

fn flow_root(doc: &Document) -> bool {
    matches!(&doc.layout, Layout::Yaml(l) if l.flow_root)
}

fn trees(doc: &Document) -> Vec<serde_json::Value> {
    doc.branches.iter().map(|b| b.to_json()).collect()
}

/// The tree written fresh in every other format must parse again.
fn check_fresh(format: Format, doc: &Document) {
    let path = Path::new("fuzz-input");
    for other in TEXT_FORMATS.into_iter().filter(|f| *f != format) {
        let Ok(fresh) = document::emit(doc, other, None, path) else {
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
