use serde_json::json;

use super::*;
use crate::document::{Format, Layout as AnyLayout};

const PLAIN: &str = include_str!("../../../tests/fixtures/sops/plain.ini");
const SEALED: &str = include_str!("../../../tests/fixtures/sops/sealed.ini");

/// Every construct the reader knows, for byte-for-byte round trips.
const ODD: &str = "\u{feff}; lead\r\nglobal = 1\r\n\r\n# about s\n[s] ; header note\n\
    plain=v\n  spaced  :  two words  \nquoted = \"  q  \"\nsingle = 'x'\n\
    tick = `a;b`\ntriple = \"\"\"l1\nl2\"\"\"\ncont = one \\\n  two\n\
    inline = v ; note\nhash = abc#def\nempty =\n\"k=q\" = w\n; c1\n; c2\n\n\
    [DEFAULT]\nd = 1\n; tail";

fn doc(src: &str) -> Document {
    let parsed = parse(src.as_bytes()).expect("parses");
    Document {
        format: Format::Ini,
        source: src.as_bytes().to_vec(),
        branches: parsed.branches,
        metadata: parsed.metadata,
        layout: parsed.layout,
    }
}

fn emit(doc: &Document, meta: Option<&serde_json::Value>) -> String {
    let AnyLayout::Ini(layout) = &doc.layout else {
        panic!("ini layout")
    };
    String::from_utf8(emit_lossless(doc, layout, meta).expect("emits")).expect("utf8")
}

fn section_mut<'a>(doc: &'a mut Document, name: &str) -> &'a mut Vec<Entry> {
    let Value::Map(root) = &mut doc.branches[0].value else {
        panic!("root map")
    };
    root.iter_mut()
        .find_map(|e| match e {
            Entry::Pair(
                k,
                Node {
                    value: Value::Map(m),
                    ..
                },
            ) if k == name => Some(m),
            _ => None,
        })
        .expect("section")
}

fn set(doc: &mut Document, section: &str, key: &str, value: &str) {
    for e in section_mut(doc, section) {
        if let Entry::Pair(k, n) = e
            && k == key
        {
            n.set(Value::Scalar(Scalar::Str(value.into())));
        }
    }
}

fn value(doc: &Document, section: &str, key: &str) -> String {
    let node = doc.branches[0]
        .get(section)
        .and_then(|s| s.get(key))
        .expect("key");
    match &node.value {
        Value::Scalar(Scalar::Str(s)) => s.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unchanged_files_round_trip_byte_for_byte() {
    assert_eq!(emit(&doc(PLAIN), None), PLAIN);
    assert_eq!(emit(&doc(ODD), None), ODD);
    let sealed = doc(SEALED);
    assert_eq!(emit(&sealed, sealed.metadata.as_ref()), SEALED);
}

#[test]
fn values_are_read_like_go_ini() {
    let d = doc(ODD);
    assert_eq!(value(&d, "DEFAULT", "global"), "1");
    assert_eq!(value(&d, "s", "plain"), "v");
    assert_eq!(value(&d, "s", "spaced"), "two words");
    assert_eq!(value(&d, "s", "quoted"), "  q  ");
    assert_eq!(value(&d, "s", "single"), "x");
    assert_eq!(value(&d, "s", "tick"), "a;b");
    assert_eq!(value(&d, "s", "triple"), "l1\nl2");
    assert_eq!(value(&d, "s", "cont"), "one two");
    assert_eq!(value(&d, "s", "inline"), "v");
    assert_eq!(value(&d, "s", "hash"), "abc#def");
    assert_eq!(value(&d, "s", "empty"), "");
    assert_eq!(value(&d, "s", "k=q"), "w");
}

#[test]
fn sections_and_comments_are_placed_like_go_ini() {
    let d = doc(ODD);
    let root = d.branches[0].to_json();
    let names: Vec<&String> = root.as_object().unwrap().keys().collect();
    assert_eq!(names, ["DEFAULT", "s"]);
    let Value::Map(top) = &d.branches[0].value else {
        panic!()
    };
    assert_eq!(top.len(), 3, "implicit DEFAULT, [s], explicit [DEFAULT]");
    let comments = |i: usize| -> Vec<String> {
        let Value::Map(items) = &top[i].node().value else {
            panic!()
        };
        items
            .iter()
            .filter_map(|e| match &e.node().value {
                Value::Comment(c) => Some(c.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(comments(0), ["lead"]);
    assert_eq!(comments(1), ["about s", "header note", "note"]);
    assert_eq!(comments(2), ["c1\n; c2", "tail"]);
    let empty = doc("[a]\nk = v\n");
    assert_eq!(
        empty.branches[0].to_json(),
        json!({"DEFAULT": {}, "a": {"k": "v"}})
    );
}

#[test]
fn reads_real_sops_output() {
    let d = doc(SEALED);
    let meta = d.metadata.as_ref().expect("metadata");
    assert_eq!(meta["version"], "3.11.0");
    let enc = meta["age"][0]["enc"].as_str().unwrap();
    assert!(enc.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    assert!(enc.ends_with("\n-----END AGE ENCRYPTED FILE-----\n"));
    assert!(d.branches[0].get("sops").is_none());
    assert!(value(&d, "database", "password").starts_with("ENC[AES256_GCM,data:"));
    assert!(value(&d, "DEFAULT", "log").ends_with(",type:str]"));
}

#[test]
fn reads_triple_quoted_metadata_of_sops_3_13() {
    let src = "[foo]\nbar = ENC[x]\n\n[sops]\nlastmodified = t\n\
               pgp__list_0__map_enc        = \"\"\"-----BEGIN PGP MESSAGE-----\n\nabc\n=j3Rn\n-----END PGP MESSAGE-----\"\"\"\n\
               version = 3.13.1\n";
    let d = doc(src);
    let meta = d.metadata.as_ref().unwrap();
    assert_eq!(
        meta["pgp"][0]["enc"],
        "-----BEGIN PGP MESSAGE-----\n\nabc\n=j3Rn\n-----END PGP MESSAGE-----"
    );
    assert_eq!(meta["version"], "3.13.1");
    assert_eq!(emit(&d, None), "[foo]\nbar = ENC[x]\n");
}

#[test]
fn changing_values_keeps_spacing_and_quoting() {
    let mut d = doc(ODD);
    set(&mut d, "s", "spaced", "new");
    set(&mut d, "s", "quoted", "z");
    set(&mut d, "s", "plain", "has ; semicolon");
    set(&mut d, "s", "triple", "x");
    set(&mut d, "s", "empty", "now");
    set(&mut d, "s", "cont", "single");
    let out = emit(&d, None);
    let expected = ODD
        .replace("  spaced  :  two words  \n", "  spaced  :  new  \n")
        .replace("quoted = \"  q  \"", "quoted = \"z\"")
        .replace("plain=v", "plain=`has ; semicolon`")
        .replace("triple = \"\"\"l1\nl2\"\"\"", "triple = \"\"\"x\"\"\"")
        .replace("empty =\n", "empty = now\n")
        .replace("cont = one \\\n  two\n", "cont = single\n");
    assert_eq!(out, expected);
    let back = doc(&out);
    assert_eq!(value(&back, "s", "plain"), "has ; semicolon");
}

#[test]
fn decrypted_comments_and_multi_line_values_are_written_back_readably() {
    let mut d = doc(SEALED);
    let entries = section_mut(&mut d, "database");
    entries[0]
        .node_mut_for_test()
        .set(Value::Comment("line one\nline two".into()));
    set(&mut d, "database", "password", "p#ss\nword");
    let out = emit(&d, None);
    assert!(out.contains("[database]\n; line one\n; line two\nuser "));
    assert!(out.contains("password = \"\"\"p#ss\nword\"\"\"\n"));
    let back = doc(&out);
    assert_eq!(value(&back, "database", "password"), "p#ss\nword");
}

#[test]
fn metadata_is_removed_and_written_last() {
    let sealed = doc(SEALED);
    let out = emit(&sealed, None);
    assert!(out.ends_with("\n\n[cache]\nttl = ENC[AES256_GCM,data:YbA=,iv:8+m11/OFXuKsGfkC8IDkBfD32qASpTSjmFilyOQUSlM=,tag:fIIi1/7SxQXSHmf71Ik0MQ==,type:str]\n"));
    let plain = doc(PLAIN);
    let meta = json!({"age": [{"recipient": "r", "enc": "a\nb"}], "version": "3.11.0"});
    let out = emit(&plain, Some(&meta));
    let tail = "ttl = 60\n\n[sops]\nage__list_0__map_recipient = r\n\
                age__list_0__map_enc       = a\\nb\nversion                    = 3.11.0\n";
    assert!(out.ends_with(tail), "{out}");
    assert_eq!(
        doc(&out).metadata,
        Some(json!({"age": [{"recipient": "r", "enc": "a\nb"}], "version": "3.11.0"}))
    );
    let no_newline = doc("[a]\nk = v");
    assert_eq!(
        emit(&no_newline, Some(&json!({"v": "1"}))),
        "[a]\nk = v\n\n[sops]\nv = 1\n"
    );
}

#[test]
fn structural_changes_keep_the_rest_of_the_file() {
    let mut d = doc(PLAIN);
    section_mut(&mut d, "database")
        .push(Entry::Pair("port".into(), Node::scalar(Scalar::int(5432))));
    section_mut(&mut d, "DEFAULT").retain(|e| !matches!(e, Entry::Pair(k, _) if k == "log"));
    if let Value::Map(root) = &mut d.branches[0].value {
        root.push(Entry::Pair(
            "new".into(),
            Node::map(vec![Entry::Pair(
                "k".into(),
                Node::scalar(Scalar::Str(" v ".into())),
            )]),
        ));
    }
    for e in section_mut(&mut d, "cache") {
        if let Entry::Pair(k, _) = e {
            *k = "expiry".into();
        }
    }
    let expected = PLAIN
        .replace("log = info\n", "")
        .replace(
            "password = \"s3cret value\"\n",
            "password = \"s3cret value\"\nport = 5432\n",
        )
        .replace("ttl = 60\n", "expiry = 60\n")
        + "\n[new]\nk = \" v \"\n";
    assert_eq!(emit(&d, None), expected);
    let mut top = doc("[a]\nx = 1\n");
    section_mut(&mut top, "DEFAULT")
        .push(Entry::Pair("g".into(), Node::scalar(Scalar::bool(true))));
    assert_eq!(emit(&top, None), "g = true\n[a]\nx = 1\n");
}

#[test]
fn errors_point_at_the_offending_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("[a]\nbroken line\n", 4, "no '='"),
        ("a = 1\n  [open\n", 8, "closing"),
        ("[a]\n = v\n", 5, "empty key"),
        ("[a]\nk = 1\nk = 2\n", 10, "duplicate key"),
        ("[sops]\nv = 1\n[sops]\n", 13, "duplicate [sops]"),
        ("[a]\nk = \"\"\"open\nmore\n", 8, "closing quote"),
        ("[]\n", 0, "empty section"),
        ("[a]\nk = \u{1}\n\"open = 1\n", 10, "closing quote"),
        ("[sops]\na = 1\na__map_b = 2\n", 0, "metadata"),
    ];
    for (src, offset, words) in cases {
        let err = parse(src.as_bytes()).expect_err(src);
        assert_eq!(err.offset, Some(*offset), "{src:?}: {}", err.message);
        assert!(err.message.contains(words), "{src:?}: {}", err.message);
    }
    assert_eq!(parse(b"[a]\nk = \xff\n").unwrap_err().offset, Some(8));
    let err = parse(b"[a]\nhunter2\n").unwrap_err();
    assert!(!err.message.contains("hunter2"));
}

#[test]
fn fresh_output_is_what_sops_writes() {
    let sealed = doc(SEALED);
    let out = emit_fresh(&sealed.branches, sealed.metadata.as_ref()).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), SEALED);
    let plain = doc(PLAIN);
    let out = String::from_utf8(emit_fresh(&plain.branches, None).unwrap()).unwrap();
    assert_eq!(
        out,
        "; global settings\nlog = info\n\n[database]\n; credentials\nuser     = admin\n\
         password = s3cret value\n\n[cache]\nttl = 60\n"
    );
    assert_eq!(doc(&out).branches[0].to_json(), plain.branches[0].to_json());
    let empty_default = doc("[a]\nk = v\n");
    assert_eq!(
        emit_fresh(&empty_default.branches, None).unwrap(),
        b"[a]\nk = v\n"
    );
}

#[test]
fn fresh_output_rejects_what_ini_cannot_hold() {
    let nested = Node::map(vec![Entry::Pair(
        "s".into(),
        Node::map(vec![Entry::Pair("deep".into(), Node::map(vec![]))]),
    )]);
    assert!(
        emit_fresh(&[nested], None)
            .unwrap_err()
            .message
            .contains("\"deep\"")
    );
    let scalar_top = Node::map(vec![Entry::Pair("k".into(), Node::scalar(Scalar::int(1)))]);
    assert!(emit_fresh(&[scalar_top], None).is_err());
    let reserved = Node::map(vec![Entry::Pair("sops".into(), Node::map(vec![]))]);
    assert!(emit_fresh(&[reserved], Some(&json!({}))).is_err());
}

#[test]
fn foreign_nodes_are_written_fresh() {
    let mut d = doc("[a]\nk = \"é\"\n");
    for e in section_mut(&mut d, "a") {
        if let Entry::Pair(_, n) = e {
            n.origin = Some(Origin {
                span: 9..10,
                style: Style::DoubleQuoted,
            });
            n.set(Value::Scalar(Scalar::Str("x".into())));
        }
    }
    assert_eq!(emit(&d, None), "[a]\nk = x\n");
}

trait NodeMut {
    fn node_mut_for_test(&mut self) -> &mut Node;
}

impl NodeMut for Entry {
    fn node_mut_for_test(&mut self) -> &mut Node {
        match self {
            Entry::Pair(_, n) | Entry::Comment(n) => n,
        }
    }
}

#[test]
fn a_value_starting_with_a_newline_round_trips() {
    // go-ini reads `"""` followed by a line break as the start of a multi-line value.
    let d = doc("[s]\nv = \"\"\"\nabc\ndef\"\"\"\nw = 1\n");
    assert_eq!(value(&d, "s", "v"), "\nabc\ndef");
    assert_eq!(value(&d, "s", "w"), "1");
    let mut d = doc("[s]\nv = x\n");
    set(&mut d, "s", "v", "\nfirst line empty");
    let back = doc(&emit(&d, None));
    assert_eq!(value(&back, "s", "v"), "\nfirst line empty");
}

/// Found by the `yaml` fuzz target (YAML written fresh as INI): a value of exactly `"""`
/// was written bare, which reads back as the opening of a multi-line value.
#[test]
fn a_value_of_three_quotes_is_quoted() {
    let mut d = doc("[s]\nv = x\nw = 1\n");
    set(&mut d, "s", "v", "\"\"\"");
    let text = emit(&d, None);
    let back = doc(&text);
    assert_eq!(value(&back, "s", "v"), "\"\"\"", "{text}");
    assert_eq!(value(&back, "s", "w"), "1");
}
