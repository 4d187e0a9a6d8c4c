use serde_json::json;

use super::*;
use crate::document::{Format, Layout as AnyLayout};

const PLAIN: &str = include_str!("../../../tests/fixtures/sops/plain.env");
const SEALED: &str = include_str!("../../../tests/fixtures/sops/sealed.env");

fn doc(src: &str) -> Document {
    let parsed = parse(src.as_bytes()).expect("parses");
    Document {
        format: Format::Dotenv,
        source: src.as_bytes().to_vec(),
        branches: parsed.branches,
        metadata: parsed.metadata,
        layout: parsed.layout,
    }
}

fn emit(doc: &Document, meta: Option<&serde_json::Value>) -> String {
    let AnyLayout::Dotenv(layout) = &doc.layout else {
        panic!("dotenv layout")
    };
    String::from_utf8(emit_lossless(doc, layout, meta).expect("emits")).expect("utf8")
}

fn entries(doc: &mut Document) -> &mut Vec<Entry> {
    match &mut doc.branches[0].value {
        Value::Map(entries) => entries,
        _ => panic!("root is a map"),
    }
}

fn set(doc: &mut Document, key: &str, value: &str) {
    for entry in entries(doc) {
        if let Entry::Pair(k, n) = entry
            && k == key
        {
            n.set(Value::Scalar(Scalar::Str(value.into())));
        }
    }
}

fn text(doc: &Document, key: &str) -> String {
    match &doc.branches[0].get(key).expect("key").value {
        Value::Scalar(Scalar::Str(s)) => s.clone(),
        other => panic!("not a string: {other:?}"),
    }
}

#[test]
fn unchanged_files_round_trip_byte_for_byte() {
    assert_eq!(emit(&doc(PLAIN), None), PLAIN);
    let sealed = doc(SEALED);
    assert_eq!(emit(&sealed, sealed.metadata.as_ref()), SEALED);
    let odd = "\n\nA=1\r\n#\n=empty key\nB=\nC=no newline";
    assert_eq!(emit(&doc(odd), None), odd);
}

#[test]
fn values_are_read_verbatim_like_sops() {
    let d = doc(PLAIN);
    assert_eq!(text(&d, "DB_PASS"), "p@ss=word");
    assert_eq!(text(&d, "MULTI"), "line1\nline2");
    assert_eq!(text(&d, "QUOTED"), "\"a b\"");
    let Value::Map(entries) = &d.branches[0].value else {
        panic!()
    };
    assert_eq!(
        entries[0].node().value,
        Value::Comment(" database settings".into())
    );
    let spaced = doc("export X = y \n");
    assert_eq!(text(&spaced, "export X "), " y ");
}

#[test]
fn reads_real_sops_output() {
    let d = doc(SEALED);
    let meta = d.metadata.as_ref().expect("metadata");
    assert_eq!(meta["version"], "3.11.0");
    assert_eq!(meta["unencrypted_suffix"], "_unencrypted");
    let enc = meta["age"][0]["enc"].as_str().unwrap();
    assert!(enc.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    assert!(enc.ends_with("-----END AGE ENCRYPTED FILE-----\n"));
    assert!(d.branches[0].get("sops_version").is_none());
    assert!(text(&d, "DB_USER").starts_with("ENC[AES256_GCM,"));
    let Value::Map(entries) = &d.branches[0].value else {
        panic!()
    };
    assert!(matches!(&entries[0].node().value, Value::Comment(c) if c.ends_with("type:comment]")));
    let span = entries[1].node().origin.as_ref().unwrap().span.clone();
    assert!(SEALED[span.clone()].starts_with("ENC[") && SEALED.as_bytes()[span.end] == b'\n');
}

#[test]
fn changing_a_value_rewrites_only_that_value() {
    let mut d = doc(PLAIN);
    set(&mut d, "DB_USER", "root");
    set(&mut d, "MULTI", "x\ny");
    let expected = PLAIN
        .replace("DB_USER=admin", "DB_USER=root")
        .replace("MULTI=line1\\nline2", "MULTI=x\\ny");
    assert_eq!(emit(&d, None), expected);
    if let Entry::Comment(c) = &mut entries(&mut d)[0] {
        c.set(Value::Comment("one\ntwo".into()));
    }
    assert!(emit(&d, None).starts_with("#one\n#two\nDB_USER=root\n"));
}

#[test]
fn metadata_is_removed_wherever_it_is_and_appended_at_the_end() {
    let d = doc("A=1\nsops_version=3.11.0\n\nB=2");
    assert_eq!(d.metadata, Some(json!({"version": "3.11.0"})));
    assert_eq!(emit(&d, None), "A=1\n\nB=2");
    let meta = json!({"age": [{"enc": "a\nb"}], "shamir_threshold": 2});
    assert_eq!(
        emit(&d, Some(&meta)),
        "A=1\n\nB=2\nsops_age__list_0__map_enc=a\\nb\nsops_shamir_threshold=2\n"
    );
    let sealed = doc(SEALED);
    let out = emit(&sealed, None);
    assert!(out.ends_with("QUOTED=ENC[AES256_GCM,data:sfSEPgo=,iv:mSZYKJn/Wt2//ZWIZpiKyNKzck+2JkZZ8A7nkcmyq6c=,tag:00VcoqcWbBitkjscbZTp3w==,type:str]\n"));
    assert!(doc(&out).metadata.is_none());
}

#[test]
fn added_removed_and_renamed_entries_keep_the_rest() {
    let mut d = doc("# head\nA=1\n\nB=2\n\nC=3\n");
    let list = entries(&mut d);
    list.remove(2);
    list.insert(1, Entry::Pair("NEW".into(), Node::scalar(Scalar::int(7))));
    if let Entry::Pair(k, _) = &mut list[3] {
        *k = "D".into();
    }
    assert_eq!(emit(&d, None), "# head\nNEW=7\nA=1\n\n\nD=3\n");
}

#[test]
fn errors_point_at_the_line() {
    let err = parse(b"A=1\nBROKEN\n").unwrap_err();
    assert_eq!(err.offset, Some(4));
    assert!(!err.message.contains("BROKEN"));
    assert_eq!(parse(b"A=1\nB=\xff\n").unwrap_err().offset, Some(6));
    let err = parse(b"A=1\nsops_a=1\nsops_a__map_b=2\n").unwrap_err();
    assert_eq!(err.offset, Some(4));
}

#[test]
fn fresh_output_is_what_sops_writes() {
    let plain = doc(PLAIN);
    let out = emit_fresh(&plain.branches, None).unwrap();
    assert_eq!(out, PLAIN.replace("\n\n", "\n").as_bytes());
    let sealed = doc(SEALED);
    let out = emit_fresh(&sealed.branches, sealed.metadata.as_ref()).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), SEALED);
    let back = doc(std::str::from_utf8(&emit_fresh(&plain.branches, None).unwrap()).unwrap());
    assert_eq!(back.branches[0].to_json(), plain.branches[0].to_json());
}

#[test]
fn fresh_output_writes_typed_scalars_and_rejects_the_unwritable() {
    let tree = Node::map(vec![
        Entry::Pair("I".into(), Node::scalar(Scalar::int(3))),
        Entry::Pair("F".into(), Node::scalar(Scalar::float(2.0))),
        Entry::Pair("B".into(), Node::scalar(Scalar::bool(false))),
        Entry::Pair("N".into(), Node::scalar(Scalar::Null)),
    ]);
    assert_eq!(
        emit_fresh(&[tree], None).unwrap(),
        b"I=3\nF=2.0\nB=false\nN=\n"
    );
    let nested = Node::map(vec![Entry::Pair("M".into(), Node::map(vec![]))]);
    assert!(
        emit_fresh(&[nested], None)
            .unwrap_err()
            .message
            .contains("\"M\"")
    );
    let bad_key = Node::map(vec![Entry::Pair("A=B".into(), Node::scalar(Scalar::Null))]);
    assert!(emit_fresh(&[bad_key], None).is_err());
    let reserved = Node::map(vec![Entry::Pair(
        "sops_x".into(),
        Node::scalar(Scalar::Null),
    )]);
    assert!(emit_fresh(std::slice::from_ref(&reserved), Some(&json!({}))).is_err());
    assert!(emit_fresh(&[reserved], None).is_ok());
}

#[test]
fn foreign_nodes_are_written_fresh() {
    let mut d = doc("A=1\nB=2\n");
    if let Entry::Pair(_, n) = &mut entries(&mut d)[1] {
        n.origin = Some(Origin {
            span: 100..200,
            style: Style::Plain,
        });
    }
    assert_eq!(emit(&d, None), "A=1\nB=2\n");
    if let Entry::Pair(_, n) = &mut entries(&mut d)[1] {
        n.origin = Some(Origin {
            span: 1..3,
            style: Style::Plain,
        });
    }
    assert_eq!(emit(&d, None), "A=1\nB=2\n");
}
