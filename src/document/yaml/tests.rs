use super::*;
use crate::document::{self, Format};
use std::path::Path;

fn parse_doc(src: &str) -> document::Document {
    document::parse(Format::Yaml, src.as_bytes().to_vec(), Path::new("t.yaml")).unwrap()
}

fn emit(doc: &document::Document, meta: Option<&serde_json::Value>) -> String {
    String::from_utf8(document::emit(doc, Format::Yaml, meta, Path::new("t.yaml")).unwrap())
        .unwrap()
}

const SAMPLE: &str = "# top comment\napiVersion: v1   # inline\nkind: Secret\ndata:\n  plain: hello world\n  sq: 'it''s'\n  dq: \"a\\tb\"\n  lit: |\n    line1\n    line2\n\n  fold: >-\n    folded text\n  n: 42\n  list:\n    - a\n    - {x: 1, y: \"z\"}\n---\nother: doc\n";

#[test]
fn unchanged_document_is_byte_identical() {
    let doc = parse_doc(SAMPLE);
    assert_eq!(emit(&doc, None), SAMPLE);
    assert_eq!(doc.branches.len(), 2);
}

#[test]
fn types_and_comments_are_read() {
    let doc = parse_doc(SAMPLE);
    let root = &doc.branches[0];
    let data = root.get("data").unwrap();
    assert_eq!(
        data.get("lit").unwrap().value,
        Value::Scalar(Scalar::Str("line1\nline2\n".into()))
    );
    assert!(matches!(
        data.get("n").unwrap().value,
        Value::Scalar(Scalar::Int { value: 42, .. })
    ));
    let Value::Map(entries) = &root.value else {
        panic!()
    };
    assert!(
        matches!(&entries[0], Entry::Comment(n) if n.value == Value::Comment(" top comment".into()))
    );
    assert!(
        entries
            .iter()
            .any(|e| matches!(e, Entry::Comment(n) if n.value == Value::Comment(" inline".into())))
    );
}

fn set_all_strings(node: &mut Node, f: &dyn Fn(&str) -> String) {
    match &mut node.value {
        Value::Map(entries) => entries.iter_mut().for_each(|e| match e {
            Entry::Pair(_, n) | Entry::Comment(n) => set_all_strings(n, f),
        }),
        Value::List(items) => items.iter_mut().for_each(|n| set_all_strings(n, f)),
        Value::Scalar(Scalar::Str(s)) => {
            let new = f(s);
            node.set(Value::Scalar(Scalar::Str(new)));
        }
        Value::Comment(c) => {
            let new = f(c);
            node.set(Value::Comment(new));
        }
        _ => {}
    }
}

#[test]
fn changing_and_restoring_values_round_trips() {
    let mut doc = parse_doc(SAMPLE);
    let originals = doc.branches.clone();
    for b in &mut doc.branches {
        set_all_strings(b, &|_| {
            "ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]".into()
        });
    }
    let sealed = emit(
        &doc,
        Some(&serde_json::json!({"lastmodified": "2024-01-01T00:00:00Z", "version": "3.11.0"})),
    );
    assert!(sealed.contains("  plain: ENC[AES256_GCM"), "{sealed}");
    assert!(sealed.contains("  sq: 'ENC[AES256_GCM"), "{sealed}");
    assert!(sealed.contains("  lit: |-\n    ENC[AES256_GCM"), "{sealed}");
    assert!(sealed.contains("{x: 1, y: \"ENC[AES256_GCM"), "{sealed}");
    assert!(sealed.contains("#ENC[AES256_GCM"), "{sealed}");
    assert!(
        sealed
            .contains("sops:\n  lastmodified: \"2024-01-01T00:00:00Z\"\n  version: 3.11.0\n---\n"),
        "{sealed}"
    );
    // Read the sealed text back, put the original values in, drop the metadata.
    let mut back = parse_doc(&sealed);
    assert!(back.metadata.is_some());
    restore(&mut back.branches, &originals);
    assert_eq!(emit(&back, None), SAMPLE);
}

/// Sets every leaf of `target` to the value at the same position in `source` (same shape).
fn restore(target: &mut [Node], source: &[Node]) {
    for (t, s) in target.iter_mut().zip(source) {
        restore_node(t, s);
    }
}

fn restore_node(t: &mut Node, s: &Node) {
    match (&mut t.value, &s.value) {
        (Value::Map(te), Value::Map(se)) => {
            for (a, b) in te.iter_mut().zip(se) {
                match (a, b) {
                    (Entry::Pair(_, x), Entry::Pair(_, y))
                    | (Entry::Comment(x), Entry::Comment(y)) => restore_node(x, y),
                    _ => panic!("shape differs"),
                }
            }
        }
        (Value::List(ti), Value::List(si)) => {
            ti.iter_mut().zip(si).for_each(|(x, y)| restore_node(x, y))
        }
        _ => t.set(s.value.clone()),
    }
}

#[test]
fn parse_errors_have_locations() {
    let err = document::parse(
        Format::Yaml,
        b"a: 1\nb: [1, 2\n".to_vec(),
        Path::new("bad.yaml"),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("bad.yaml:"), "{msg}");
    let err = document::parse(
        Format::Yaml,
        b"a: 1\na: 2\n".to_vec(),
        Path::new("dup.yaml"),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "dup.yaml:2:1: invalid yaml: duplicate key `a`"
    );
    let err =
        document::parse(Format::Yaml, b"- a\n- b\n".to_vec(), Path::new("seq.yaml")).unwrap_err();
    assert!(err.to_string().contains("not a sequence"), "{err}");
}

#[test]
fn fresh_emit_matches_sops_layout() {
    let doc = parse_doc("a:\n  b: [1, x]\n  c: \"multi\\nline\\n\"\n");
    let out = String::from_utf8(emit_fresh(&doc.branches, None).unwrap()).unwrap();
    assert_eq!(
        out,
        "a:\n    b:\n        - 1\n        - x\n    c: |\n        multi\n        line\n"
    );
}

#[test]
fn metadata_removed_and_missing_final_newline_kept() {
    let src = "a: 1";
    let mut doc = parse_doc(src);
    set_all_strings(&mut doc.branches[0], &|s| s.to_string());
    let sealed = emit(&doc, Some(&serde_json::json!({"version": "3.11.0"})));
    assert_eq!(sealed, "a: 1\nsops:\n  version: 3.11.0");
    let back = parse_doc(&sealed);
    assert_eq!(emit(&back, None), src);
}

#[test]
fn multiline_value_on_a_line_with_a_comment_stays_out_of_the_comment() {
    let mut doc = parse_doc("a: x # note\nb: y\n");
    let Value::Map(entries) = &mut doc.branches[0].value else {
        panic!()
    };
    let Entry::Pair(_, node) = &mut entries[0] else {
        panic!()
    };
    node.set(Value::Scalar(Scalar::Str("l1\nl2".into())));
    let text = emit(&doc, None);
    assert_eq!(text, "a: \"l1\\nl2\" # note\nb: y\n");
    let back = parse_doc(&text);
    assert_eq!(
        back.branches[0].get("a").unwrap().value,
        Value::Scalar(Scalar::Str("l1\nl2".into()))
    );
}
