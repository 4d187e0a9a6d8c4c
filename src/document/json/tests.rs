use serde_json::json;

use super::*;
use crate::document::{Format, Layout as AnyLayout, Scalar};

const PLAIN: &str = include_str!("../../../tests/fixtures/sops/plain.json");
const SEALED: &str = include_str!("../../../tests/fixtures/sops/sealed.json");

fn doc(src: &str) -> Document {
    let parsed = parse(src.as_bytes()).expect("parses");
    Document {
        format: Format::Json,
        source: src.as_bytes().to_vec(),
        branches: parsed.branches,
        metadata: parsed.metadata,
        layout: parsed.layout,
    }
}

fn layout(doc: &Document) -> &Layout {
    match &doc.layout {
        AnyLayout::Json(l) => l,
        other => panic!("unexpected layout {other:?}"),
    }
}

fn emit(doc: &Document, meta: Option<&serde_json::Value>) -> String {
    String::from_utf8(emit_lossless(doc, layout(doc), meta).expect("emits")).expect("utf8")
}

fn root_mut(doc: &mut Document) -> &mut Vec<Entry> {
    match &mut doc.branches[0].value {
        Value::Map(entries) => entries,
        _ => panic!("root is a map"),
    }
}

fn leaf_mut<'a>(entries: &'a mut [Entry], key: &str) -> &'a mut Node {
    entries
        .iter_mut()
        .find_map(|e| match e {
            Entry::Pair(k, n) if k == key => Some(n),
            _ => None,
        })
        .expect("key exists")
}

#[test]
fn unchanged_documents_round_trip_byte_for_byte() {
    let plain = doc(PLAIN);
    assert_eq!(emit(&plain, None), PLAIN);
    let sealed = doc(SEALED);
    assert_eq!(emit(&sealed, sealed.metadata.as_ref()), SEALED);
}

#[test]
fn reads_real_sops_output() {
    let sealed = doc(SEALED);
    let meta = sealed.metadata.as_ref().expect("metadata");
    assert_eq!(meta["version"], "3.11.0");
    assert_eq!(meta["unencrypted_suffix"], "_unencrypted");
    assert!(
        meta["age"][0]["enc"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN AGE")
    );
    let root = &sealed.branches[0];
    assert!(root.get("sops").is_none());
    let port = root.get("port").unwrap();
    let span = port.origin.as_ref().unwrap().span.clone();
    assert!(SEALED[span].starts_with("\"ENC[AES256_GCM,data:"));
    assert!(matches!(&port.value, Value::Scalar(Scalar::Str(s)) if s.ends_with("type:float]")));
    assert_eq!(
        root.get("nothing").unwrap().value,
        Value::Scalar(Scalar::Null)
    );
    assert_eq!(
        root.get("secret_unencrypted").unwrap().to_json(),
        json!("visible")
    );
}

#[test]
fn reads_types_and_keeps_number_text() {
    let plain = doc(PLAIN);
    let root = &plain.branches[0];
    assert_eq!(
        root.get("port").unwrap().value,
        Value::Scalar(Scalar::Int {
            value: 8080,
            text: "8080".into()
        })
    );
    assert_eq!(
        root.get("ratio").unwrap().value,
        Value::Scalar(Scalar::Float {
            value: 1.5,
            text: "1.50".into()
        })
    );
    assert_eq!(root.get("debug").unwrap().to_json(), json!(true));
    assert_eq!(
        root.get("html").unwrap().to_json(),
        json!("<a href=\"x\">&</a>")
    );
    let big = doc(r#"{"big": 12345678901234567890, "e": 1e3, "u": "\u00e9\ud83d\ude00\ud800"}"#);
    let root = &big.branches[0];
    assert!(matches!(
        root.get("big").unwrap().value,
        Value::Scalar(Scalar::Float { .. })
    ));
    assert!(matches!(
        root.get("e").unwrap().value,
        Value::Scalar(Scalar::Float { .. })
    ));
    assert_eq!(root.get("u").unwrap().to_json(), json!("é😀\u{FFFD}"));
}

#[test]
fn changing_a_leaf_rewrites_only_that_leaf() {
    let mut d = doc(SEALED);
    let meta = d.metadata.clone();
    let entries = root_mut(&mut d);
    leaf_mut(entries, "port").set(Value::Scalar(Scalar::int(8080)));
    leaf_mut(entries, "name").set(Value::Scalar(Scalar::Str("a<b>\"c\"".into())));
    let out = emit(&d, meta.as_ref());
    let port_line = SEALED.lines().find(|l| l.contains("\"port\"")).unwrap();
    let name_line = SEALED.lines().find(|l| l.contains("\"name\"")).unwrap();
    let expected = SEALED
        .replace(port_line, "\t\"port\": 8080,")
        .replace(name_line, "\t\"name\": \"a<b>\\\"c\\\"\",");
    assert_eq!(out, expected);
}

#[test]
fn metadata_is_removed_and_written_in_the_file_indentation() {
    let sealed = doc(SEALED);
    let out = emit(&sealed, None);
    let parsed = doc(&out);
    assert!(parsed.metadata.is_none());
    assert!(out.ends_with("\t\"secret_unencrypted\": \"visible\"\n}\n"));

    let plain = doc(PLAIN);
    let meta = json!({"lastmodified": "t", "age": [{"recipient": "r", "enc": "a<\nb"}]});
    let out = emit(&plain, Some(&meta));
    let tail = "  \"secret_unencrypted\": \"visible\",\n  \"sops\": {\n    \"lastmodified\": \"t\",\n    \
                \"age\": [\n      {\n        \"recipient\": \"r\",\n        \"enc\": \"a\\u003c\\nb\"\n      }\n    ]\n  }\n}\n";
    assert!(out.ends_with(tail), "{out}");
    assert_eq!(doc(&out).metadata, Some(meta));
}

#[test]
fn metadata_anywhere_and_in_odd_layouts() {
    let first = doc("{\"sops\": {\"a\": 1}, \"x\": 1}");
    assert_eq!(first.metadata, Some(json!({"a": 1})));
    assert_eq!(emit(&first, None), "{\"x\": 1}");
    let only = doc("{\n  \"sops\": {}\n}\n");
    assert_eq!(emit(&only, None), "{}\n");
    assert_eq!(
        emit(&only, Some(&json!({"v": "1"}))),
        "{\n  \"sops\": {\n    \"v\": \"1\"\n  }\n}\n"
    );
    let empty = doc("{}");
    assert_eq!(
        emit(&empty, Some(&json!({"v": "1"}))),
        "{\n\t\"sops\": {\n\t\t\"v\": \"1\"\n\t}\n}"
    );
    let compact = doc("{\"a\":1,\"b\":[2]}");
    assert_eq!(
        emit(&compact, Some(&json!({"v": "1"}))),
        "{\"a\":1,\"b\":[2],\"sops\":{\"v\":\"1\"}}"
    );
    let crlf = doc("{\r\n  \"a\": 1\r\n}\r\n");
    assert_eq!(
        emit(&crlf, Some(&json!({"v": "1"}))),
        "{\r\n  \"a\": 1,\r\n  \"sops\": {\r\n    \"v\": \"1\"\r\n  }\r\n}\r\n"
    );
}

#[test]
fn decrypted_scalars_are_written_bare_and_containers_indented() {
    let mut d = doc("{\n    \"n\": \"ENC[x]\",\n    \"m\": {\"k\": \"v\"},\n    \"l\": [1]\n}\n");
    let entries = root_mut(&mut d);
    leaf_mut(entries, "n").set(Value::Scalar(Scalar::Float {
        value: 1.5,
        text: "1.5".into(),
    }));
    if let Value::Map(inner) = &mut leaf_mut(entries, "m").value {
        inner.push(Entry::Pair("new".into(), Node::scalar(Scalar::bool(false))));
    }
    if let Value::List(items) = &mut leaf_mut(entries, "l").value {
        items[0].set(Value::Scalar(Scalar::Null));
    }
    assert_eq!(
        emit(&d, None),
        "{\n    \"n\": 1.5,\n    \"m\": {\n        \"k\": \"v\",\n        \"new\": false\n    },\n    \"l\": [null]\n}\n"
    );
}

#[test]
fn adding_a_top_level_key_rewrites_the_root_in_the_file_layout() {
    let mut d = doc("{\n  \"a\": 1\n}\n");
    root_mut(&mut d).push(Entry::Pair(
        "b".into(),
        Node::scalar(Scalar::Str("x".into())),
    ));
    assert_eq!(
        emit(&d, Some(&json!({"v": "1"}))),
        "{\n  \"a\": 1,\n  \"b\": \"x\",\n  \"sops\": {\n    \"v\": \"1\"\n  }\n}\n"
    );
}

#[test]
fn fresh_output_is_sops_layout_and_parses_back() {
    let plain = doc(PLAIN);
    let out = emit_fresh(&plain.branches, Some(&json!({"version": "3.11.0"}))).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("{\n\t\"name\": \"app\",\n\t\"port\": 8080,\n\t\"ratio\": 1.50,"));
    assert!(out.contains("\"html\": \"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\""));
    assert!(out.contains("\t\t\"empty\": {}\n"));
    assert!(out.ends_with("\t\"sops\": {\n\t\t\"version\": \"3.11.0\"\n\t}\n}\n"));
    let back = doc(&out);
    assert_eq!(back.branches[0].to_json(), plain.branches[0].to_json());
    assert_eq!(emit_fresh(&[], None).unwrap(), b"{}\n");
}

#[test]
fn fresh_output_rejects_what_json_cannot_hold() {
    let nan = Node::map(vec![Entry::Pair(
        "k".into(),
        Node::scalar(Scalar::float(f64::NAN)),
    )]);
    let err = emit_fresh(&[nan], None).unwrap_err();
    assert!(err.message.contains("\"k\""));
    let two = [Node::map(vec![]), Node::map(vec![])];
    assert!(emit_fresh(&two, None).is_err());
    let clash = Node::map(vec![Entry::Pair("sops".into(), Node::map(vec![]))]);
    assert!(emit_fresh(&[clash], Some(&json!({}))).is_err());
}

#[test]
fn errors_point_at_the_offending_byte() {
    let cases: &[(&str, usize)] = &[
        ("[1, 2]", 0),
        ("  \"x\"", 2),
        ("{\"a\": 1,}", 8),
        ("{\"a\" 1}", 5),
        ("{\"a\": 01}", 6),
        ("{\"a\": \"x", 6),
        ("{\"a\": \"\\q\"}", 7),
        ("{\"a\": tru}", 6),
        ("{\"a\": 1} x", 9),
        ("{\"a\": 1e999}", 6),
        ("{\"a\": \"\u{1}\"}", 7),
        ("{\"sops\": {}, \"sops\": {}}", 13),
        ("{\"sops\": 1}", 1),
        ("{\"a\": [", 7),
    ];
    for (src, offset) in cases {
        let err = parse(src.as_bytes()).expect_err(src);
        assert_eq!(err.offset, Some(*offset), "{src}: {}", err.message);
    }
    assert_eq!(parse(b"  ").unwrap_err().offset, None);
    assert_eq!(parse(b"{\"a\": \"\xff\"}").unwrap_err().offset, Some(7));
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(300), "]".repeat(300));
    assert!(parse(deep.as_bytes()).unwrap_err().message.contains("deep"));
}

#[test]
fn error_messages_do_not_leak_values() {
    let err = parse(b"{\"password\": hunter2}").unwrap_err();
    assert!(!err.message.contains("hunter2"));
}

#[test]
fn duplicate_keys_are_kept_in_order() {
    let d = doc("{\"a\": 1, \"a\": 2}");
    let Value::Map(entries) = &d.branches[0].value else {
        panic!()
    };
    assert_eq!(entries.len(), 2);
    assert_eq!(emit(&d, None), "{\"a\": 1, \"a\": 2}");
}

#[test]
fn foreign_nodes_are_rendered_not_copied() {
    let mut d = doc("{\"a\": \"é\", \"b\": 2}");
    let foreign = Node::with_origin(
        Value::Scalar(Scalar::int(5)),
        crate::document::Origin {
            span: 7..9,
            style: crate::document::Style::Plain,
        },
    );
    if let Entry::Pair(_, n) = &mut root_mut(&mut d)[1] {
        *n = foreign;
    }
    assert_eq!(emit(&d, None), "{\"a\": \"é\", \"b\": 5}");
}
