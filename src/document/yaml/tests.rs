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

/// Writes `doc` with `meta` and reads it back, checking that the metadata reads back.
fn seal_and_read_back(
    doc: &document::Document,
    meta: &serde_json::Value,
) -> (String, document::Document) {
    let sealed = emit(doc, Some(meta));
    let back = parse_doc(&sealed);
    assert_eq!(back.metadata.as_ref(), Some(meta), "{sealed:?}");
    (sealed, back)
}

/// Writes `doc` with `meta`, checking that what reads back is the same tree.
fn assert_sealing_keeps_tree(doc: &document::Document, meta: &serde_json::Value) {
    let (sealed, back) = seal_and_read_back(doc, meta);
    assert_eq!(
        back.branches[0].to_json(),
        doc.branches[0].to_json(),
        "{sealed:?}"
    );
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

mod structure {
    //! Keys and items added, removed or retyped: only their lines change.
    use super::*;
    use crate::document::tree_path::{self, parse as path};

    fn str_node(v: &str) -> Node {
        Node::scalar(Scalar::Str(v.into()))
    }

    fn set(src: &str, p: &str, value: Node) -> String {
        let mut doc = parse_doc(src);
        tree_path::set(&mut doc.branches[0], &path(p).unwrap(), value).unwrap();
        emit(&doc, None)
    }

    fn unset(src: &str, p: &str) -> String {
        let mut doc = parse_doc(src);
        tree_path::remove(&mut doc.branches[0], &path(p).unwrap()).unwrap();
        emit(&doc, None)
    }

    const NESTED: &str = "# head\na: 1\nb:\n  c: 'x' # keep\n  d:\n    - one\n    - k: v\n      l: w\n    - three\ne: last\n";

    #[test]
    fn new_keys_are_appended_to_their_map() {
        assert_eq!(
            set(NESTED, r#"["z"]"#, str_node("new value")),
            format!("{NESTED}z: new value\n")
        );
        assert_eq!(
            set(NESTED, r#"["b"]["n"]"#, str_node("yes")),
            NESTED.replace("    - three\n", "    - three\n  n: yes\n")
        );
        assert_eq!(
            set(NESTED, r#"["b"]["d"][1]["m"]"#, str_node("x")),
            NESTED.replace("      l: w\n", "      l: w\n      m: x\n")
        );
        assert_eq!(
            set(NESTED, r#"["b"]["d"][9]"#, str_node("four")),
            NESTED.replace("    - three\n", "    - three\n    - four\n")
        );
        assert_eq!(
            set(NESTED, r#"["new"]["deep"]"#, str_node("v")),
            format!("{NESTED}new:\n  deep: v\n")
        );
    }

    #[test]
    fn removed_keys_and_items_take_their_lines() {
        assert_eq!(unset(NESTED, r#"["a"]"#), NESTED.replace("a: 1\n", ""));
        assert_eq!(
            unset(NESTED, r#"["b"]["d"]"#),
            NESTED.replace("  d:\n    - one\n    - k: v\n      l: w\n    - three\n", "")
        );
        assert_eq!(
            unset(NESTED, r#"["b"]["d"][1]"#),
            NESTED.replace("    - k: v\n      l: w\n", "")
        );
        // The first key of a map in a list item shares the dash's line.
        assert_eq!(
            unset(NESTED, r#"["b"]["d"][1]["k"]"#),
            NESTED.replace("    - k: v\n      l: w\n", "    - l: w\n")
        );
        assert_eq!(unset(NESTED, r#"["e"]"#), NESTED.replace("e: last\n", ""));
    }

    #[test]
    fn emptied_collections_become_flow_empties() {
        let src = "a:\n  only: 1\nlist:\n  - x\nitem:\n  - k: v\n";
        assert_eq!(
            unset(src, r#"["a"]["only"]"#),
            "a:\n  {}\nlist:\n  - x\nitem:\n  - k: v\n"
        );
        assert_eq!(
            unset(src, r#"["list"][0]"#),
            "a:\n  only: 1\nlist:\n  []\nitem:\n  - k: v\n"
        );
        assert_eq!(
            unset(src, r#"["item"][0]["k"]"#),
            "a:\n  only: 1\nlist:\n  - x\nitem:\n  - {}\n"
        );
    }

    #[test]
    fn values_that_change_kind_are_rewritten_in_block_style() {
        let map = Node::map(vec![Entry::Pair("x".into(), str_node("1"))]);
        assert_eq!(
            set(NESTED, r#"["a"]"#, map),
            NESTED.replace("a: 1\n", "a:\n  x: \"1\"\n")
        );
        assert_eq!(
            set(NESTED, r#"["b"]["d"]"#, str_node("flat")),
            NESTED.replace(
                "  d:\n    - one\n    - k: v\n      l: w\n    - three\n",
                "  d: flat\n"
            )
        );
    }

    #[test]
    fn flow_collections_are_rewritten_when_their_shape_changes() {
        let src = "a: {x: 1, y: 2}\nb: [1, 2]\n";
        assert_eq!(unset(src, r#"["a"]["x"]"#), "a: {y: 2}\nb: [1, 2]\n");
        assert_eq!(
            set(src, r#"["b"][5]"#, Node::scalar(Scalar::int(3))),
            "a: {x: 1, y: 2}\nb: [1, 2, 3]\n"
        );
    }

    #[test]
    fn no_final_newline_is_kept() {
        assert_eq!(set("a: 1", r#"["b"]"#, str_node("2")), "a: 1\nb: \"2\"");
        assert_eq!(unset("a: 1\nb: 2", r#"["b"]"#), "a: 1\n");
    }

    #[test]
    fn metadata_goes_after_new_keys() {
        let mut doc = parse_doc("a: 1\nsops:\n    version: 3.11.0\n");
        tree_path::set(
            &mut doc.branches[0],
            &path(r#"["b"]"#).unwrap(),
            str_node("two"),
        )
        .unwrap();
        let meta = serde_json::json!({"version": "3.11.0"});
        assert_eq!(
            emit(&doc, Some(&meta)),
            "a: 1\nb: two\nsops:\n    version: 3.11.0\n"
        );
        tree_path::remove(&mut doc.branches[0], &path(r#"["a"]"#).unwrap()).unwrap();
        assert_eq!(
            emit(&doc, Some(&meta)),
            "b: two\nsops:\n    version: 3.11.0\n"
        );
    }
}
#[test]
fn indentless_sequences_of_maps_are_kept() {
    let src = "spec:\n  containers:\n  - name: api\n    image: x\n  # gone sidecar\n";
    let mut doc = parse_doc(src);
    set_all_strings(&mut doc.branches[0], &|s| s.to_uppercase());
    assert_eq!(
        emit(&doc, None),
        "spec:\n  containers:\n  - name: API\n    image: X\n  # GONE SIDECAR\n"
    );
}

fn parse_error(src: &str) -> String {
    document::parse(Format::Yaml, src.as_bytes().to_vec(), Path::new("t.yaml"))
        .expect_err("refused")
        .to_string()
}

#[test]
fn alias_expansion_is_bounded() {
    // Each level has ten aliases of the one before: 10^6 nodes at level 6.
    let mut src = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..6 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        src.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    let msg = parse_error(&src);
    assert!(
        msg.contains("aliases expand to more than 100000 values"),
        "{msg}"
    );
    // A few levels (about 1000 copies) are fine.
    let small: String = src.lines().take(3).map(|l| format!("{l}\n")).collect();
    parse_doc(&small);
}

#[test]
fn nesting_is_bounded() {
    let nested = |depth: usize| {
        (0..depth)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect::<String>()
            + &"  ".repeat(depth)
            + "v\n"
    };
    parse_doc(&nested(events::MAX_DEPTH - 1));
    let msg = parse_error(&nested(events::MAX_DEPTH + 10));
    assert!(msg.contains("nesting is too deep"), "{msg}");
}

/// Inputs the `yaml`, `sops_metadata` and `k8s_config` fuzz targets found panicking (a block
/// scalar header whose span the parser reports before the previous event's end): each is
/// now parsed or refused, and what parses is written back byte for byte.
#[test]
fn fuzz_found_block_scalar_spans_do_not_panic() {
    for input in [
        &b">"[..],
        b"\xa5>",
        b"|\n  block\n- >-\n  fold0.75ed\n",
        b"k: !!str >",
        b"- |\n\xc3\xa9",
    ] {
        if let Ok(doc) = document::parse(Format::Yaml, input.to_vec(), Path::new("f.yaml")) {
            let out = document::emit(&doc, Format::Yaml, None, Path::new("f.yaml")).unwrap();
            assert_eq!(out, input, "{input:?}");
        }
    }
}

/// A sealed document whose only key is `sops`, as the `yaml` fuzz target found it: written
/// back unchanged, and without its metadata it is `{}`.
#[test]
fn a_document_holding_only_metadata_is_written_back() {
    let src = b"# only metadata\nsops:\n    version: 3.11.0\n".to_vec();
    let doc = document::parse(Format::Yaml, src.clone(), Path::new("m.yaml")).unwrap();
    let meta = doc.metadata.clone();
    let same = document::emit(&doc, Format::Yaml, meta.as_ref(), Path::new("m.yaml")).unwrap();
    assert!(document::parse(Format::Yaml, same, Path::new("m.yaml")).is_ok());
    let bare = document::emit(&doc, Format::Yaml, None, Path::new("m.yaml")).unwrap();
    assert_eq!(String::from_utf8(bare).unwrap(), "# only metadata\n");
}

/// Found by the `dotenv`, `ini` and `json` fuzz targets: converting to YAML wrote control
/// characters of comments as they were (YAML refuses them) and keys longer than YAML allows.
#[test]
fn fresh_yaml_escapes_what_yaml_cannot_hold_and_writes_overlong_keys_explicitly() {
    let path = Path::new("c.env");
    let env = document::parse(
        Format::Dotenv,
        b"# bell \x07 here\nA=\xef\xbf\xbe\n".to_vec(),
        path,
    )
    .unwrap();
    let yaml = document::emit(&env, Format::Yaml, None, path).unwrap();
    let text = String::from_utf8(yaml.clone()).unwrap();
    assert!(text.contains("# bell \\x07 here"), "{text}");
    assert!(text.contains("\"\\uFFFE\""), "{text}");
    document::parse(Format::Yaml, yaml, path).expect("what was written parses");

    // A key longer than an implicit YAML key may be (1024 characters as written) is
    // written as an explicit key, at the root and in a sequence item's map.
    let long = "k".repeat(1100);
    let quoted = format!("{}\\u0019", "\\\\".repeat(600));
    let json_src = format!("{{\"{long}\": 1, \"l\": [{{\"{quoted}\": {{\"a\": [1]}}}}]}}");
    let json = document::parse(Format::Json, json_src.into_bytes(), Path::new("l.json")).unwrap();
    let yaml = document::emit(&json, Format::Yaml, None, Path::new("l.json")).unwrap();
    let text = String::from_utf8(yaml.clone()).unwrap();
    assert!(text.starts_with(&format!("? {long}\n: 1\n")), "{text}");
    let back = document::parse(Format::Yaml, yaml, path).expect("what was written parses");
    assert_eq!(back.branches[0].to_json(), json.branches[0].to_json());
}

/// An empty implicit key (`:`), found by the `yaml` fuzz target: its null value's empty
/// span starts where the map does, and was taken for the map, so the untouched document was
/// rewritten as `null:`. It is now written back as it was.
#[test]
fn an_empty_key_is_written_back_as_it_was() {
    for src in [&b":"[..], b":\n", b": \n", b" : ", b":\n:x: \n  \x07"] {
        let Ok(doc) = document::parse(Format::Yaml, src.to_vec(), Path::new("k.yaml")) else {
            continue;
        };
        let out = document::emit(&doc, Format::Yaml, None, Path::new("k.yaml")).unwrap();
        assert_eq!(out, src, "{:?}", String::from_utf8_lossy(src));
    }
}

/// Found by the `dotenv` fuzz target: a dotenv key named `sops` written as YAML or JSON
/// would be read back as the metadata block; the conversion is refused instead.
#[test]
fn a_user_key_named_sops_is_not_converted_into_metadata() {
    let path = Path::new("s.env");
    let env = document::parse(Format::Dotenv, b"sops=plain\n".to_vec(), path).unwrap();
    for format in [Format::Yaml, Format::Json] {
        let err = document::emit(&env, format, None, path).unwrap_err();
        assert!(
            err.to_string().contains("reserved for the sops metadata"),
            "{err}"
        );
    }
}

/// Found by the `yaml` fuzz target: sequences nested on one line (`- - - x`) under a key
/// were both reported at the second dash, so an untouched document was rewritten.
#[test]
fn sequences_nested_on_one_line_are_kept() {
    for src in [
        "k:\n- - - x\n",
        "k:\n- - - # c\n",
        "k:\n  - - x\n  - y\n",
        "k:\n- # c\n  a\n- b\n",
    ] {
        assert_eq!(emit(&parse_doc(src), None), src);
    }
    let mut doc = parse_doc("k:\n- - - x\n- y\n");
    set_all_strings(&mut doc.branches[0], &|s| format!("{s}!"));
    assert_eq!(emit(&doc, None), "k:\n- - - x!\n- y!\n");
}

/// Found by the `yaml` fuzz target: a `sops` key below the root was taken for the metadata
/// entry (its lines were cut out), so `hush encrypt` wrote a file that did not parse.
#[test]
fn a_nested_key_named_sops_is_data() {
    let src = "app:\n  sops:\n    x: 1\n  y: 2\n: sops:\n    b: 2\n";
    let doc = parse_doc(src);
    assert!(doc.metadata.is_none());
    assert_eq!(emit(&doc, None), src);
    let meta = serde_json::json!({"version": "3.11.0"});
    let sealed = emit(&doc, Some(&meta));
    let back = parse_doc(&sealed);
    assert_eq!(back.metadata, Some(meta));
    assert!(back.branches[0].get("app").unwrap().get("sops").is_some());
}

/// Found by the `yaml` fuzz target: the metadata entry of a document whose root map is
/// indented as a whole was written at column 0, which does not parse; and one whose root
/// map's anchor stands indented on a line of its own was written at the anchor's column.
#[test]
fn metadata_lines_up_with_an_indented_root_map() {
    let meta = serde_json::json!({"version": "3.11.0"});
    for src in [
        "  a: 1\n  c: 2\n",
        "  a: 1\n---\nb: 2\n",
        " &t\na: 1\n",
        "a: 1\n---\n &t\n: y\n",
        "  !!map\n  a: 1\n",
    ] {
        let (_, back) = seal_and_read_back(&parse_doc(src), &meta);
        assert_eq!(emit(&back, None), src);
    }
}

/// Found by the `yaml` fuzz target: an anchored sequence under a key holding a dash
/// (`-: &n` or `my-key: &n`) was taken to start at the key's dash.
#[test]
fn anchored_sequences_under_dashed_keys_are_kept() {
    for src in [
        "-: &n\n-",
        "my-key: &n\n- a\nother: *n\n",
        "k: &n\n-\n",
        ":\n- #\n &y",
        "k:\n- # note\n  # more\n  &a x\n- y\n",
    ] {
        assert_eq!(emit(&parse_doc(src), None), src);
    }
    let mut doc = parse_doc("my-key: &n\n- a\n- b\n");
    set_all_strings(&mut doc.branches[0], &|s| format!("{s}!"));
    assert_eq!(emit(&doc, None), "my-key: &n\n- a!\n- b!\n");
    let mut doc = parse_doc("k:\n- # note\n  x\n- y\n");
    set_all_strings(&mut doc.branches[0], &|s| format!("{s}!"));
    assert_eq!(emit(&doc, None), "k:\n- # note!\n  x!\n- y!\n");
}

/// Found by the `yaml` fuzz target: an untouched `{}` was written back as nothing, which
/// does not read back.
#[test]
fn an_empty_flow_root_is_written_back_as_an_empty_map() {
    assert_eq!(emit(&parse_doc("{}"), None), "{}\n");
    assert_eq!(emit(&parse_doc("{a: 1}"), None), "a: 1\n");
    // Found by the `yaml` fuzz target: with a comment before it, the empty map was written
    // as the comment alone, which reads back as no document.
    assert_eq!(emit(&parse_doc("# c\n{}"), None), "# c\n{}\n");
    assert_eq!(emit(&parse_doc("{}\n---\n{b: 1}"), None), "{}\n---\nb: 1\n");
}

/// Found by the `dotenv` fuzz target: a value starting with an empty line followed by an
/// indented line was written as a `|-` block, whose indentation YAML then takes from that
/// line, so the lines after it ended the block.
#[test]
fn a_block_value_whose_first_text_line_is_indented_is_quoted() {
    let env = document::parse(
        Format::Dotenv,
        b"K=\\n  indented\\nnot\n".to_vec(),
        Path::new("v.env"),
    )
    .unwrap();
    let yaml = document::emit(&env, Format::Yaml, None, Path::new("v.env")).unwrap();
    let back = document::parse(Format::Yaml, yaml, Path::new("v.yaml")).unwrap();
    assert_eq!(
        back.branches[0].get("K").unwrap().to_json(),
        serde_json::json!("\n  indented\nnot")
    );
}

/// Found by the `json` fuzz target: a key with the `sops_` prefix written as dotenv would
/// be read back as part of the metadata.
#[test]
fn keys_the_target_reads_as_metadata_are_not_converted() {
    let path = Path::new("k.json");
    let json = document::parse(Format::Json, br#"{"sops_x": 0}"#.to_vec(), path).unwrap();
    let err = document::emit(&json, Format::Dotenv, None, path).unwrap_err();
    assert!(err.to_string().contains("`sops_x` is reserved"), "{err}");
    assert!(document::emit(&json, Format::Yaml, None, path).is_ok());
}

/// Found by the `yaml` fuzz target: lines ended by a lone `\r` (a line break for YAML) were
/// rewritten by the lossless writer, which counts lines by `\n`. They are refused, with the
/// place; `\r\n` files are read and written as they are.
#[test]
fn lone_carriage_returns_are_refused_and_crlf_is_kept() {
    let err = parse_error(":\r- #\r - #");
    assert!(err.contains("lone carriage return"), "{err}");
    let crlf = "a: 1\r\nb:\r\n  - x\r\n";
    assert_eq!(emit(&parse_doc(crlf), None), crlf);
}

/// Found by the `yaml` fuzz target: an indentless sequence whose first item is a flow
/// sequence (`k:\n- [a]`) is reported at that item's bracket, so it was taken for a flow
/// sequence and recorded over it; `:\n- [:]` was then rewritten as `[{"": null}]`.
#[test]
fn flow_items_of_indentless_sequences_are_told_apart() {
    for src in [
        ":\n- [:]\n",
        "k:\n- [a, b]\n- x\n",
        "k:\n- &x [a]\n- !!seq [b]\n- &y\n  [c]\n",
        "k: &x [a]\nj: !!map {a: 1}\n",
        "k: [a: 1, b]\n",
        "k:\n-  [ :]\n",
        "k: [ # c\n  a]\nj: &x # c\n  [a]\nm: &y\n  - a\nn: !!map\n  a: 1\n",
    ] {
        assert_eq!(emit(&parse_doc(src), None), src);
    }
    let doc = parse_doc("k:\n- [a: 1, b]\n- x\n");
    let document::Layout::Yaml(layout) = &doc.layout else {
        panic!("a YAML layout")
    };
    let kinds = |at: usize| {
        let c = &layout.collections[&at];
        (c.flow, c.map, c.items.len())
    };
    assert_eq!(
        kinds(3),
        (false, false, 2),
        "the block sequence at the dash"
    );
    assert_eq!(
        kinds(5),
        (true, false, 2),
        "the flow sequence at its bracket"
    );
    assert_eq!(kinds(6), (true, true, 1), "the pair `a: 1` is a flow map");
}

/// Found by the `yaml` fuzz target: the parser counts a directive's name and parameters in
/// bytes, so a directive holding non-ASCII text shifted every position after it and the
/// writer cut the wrong lines. Such a file is refused at the directive; ASCII directives
/// are kept.
#[test]
fn directives_with_non_ascii_text_are_refused_at_their_line() {
    let err = parse_error("a: 1\n...\n%YAML 1.2\n%é x\n---\nsops:\n  version: 3.1.0\n:\n e\n");
    assert!(
        err.starts_with("t.yaml:4:1: ") && err.contains("directive"),
        "{err}"
    );
    let src = "%YAML 1.2\n%FOO bar # note\n---\na: 1\n";
    assert_eq!(emit(&parse_doc(src), None), src);
}

/// Found by the `yaml` fuzz target: a document written as a null (`~`) reads as an empty
/// map, but keys and metadata were written after the `~`, which does not parse. The null
/// is replaced when something is written into its document, and kept otherwise.
#[test]
fn a_null_document_is_replaced_by_what_is_written_into_it() {
    let meta = serde_json::json!({"version": "3.11.0"});
    for src in [
        "~\n",
        "null\n---\nb: 2\n",
        "a: 1\n--- ~\n",
        "a: 1\n---\n---",
        // Found by the `yaml` fuzz target: an anchored null (`&- ~`) was left in place.
        "a: 1\n--- &- ~",
        "--- !!null &a\n  null\n",
    ] {
        let doc = parse_doc(src);
        assert_eq!(emit(&doc, None), src);
        let (sealed, _) = seal_and_read_back(&doc, &meta);
        assert!(
            !sealed.contains('~') && !sealed.contains("null") && !sealed.contains('&'),
            "{sealed}"
        );
    }
    // Comments between the null's anchor and the null stay.
    let doc = parse_doc("a: 1\n--- &a # c\n# d\n~ # e\n");
    let sealed = emit(&doc, Some(&meta));
    assert_eq!(
        sealed,
        "a: 1\nsops:\n  version: 3.11.0\n--- # c\n# d\n # e\nsops:\n  version: 3.11.0\n"
    );
    let mut doc = parse_doc("~\n");
    let Value::Map(entries) = &mut doc.branches[0].value else {
        panic!("a null document reads as a map")
    };
    entries.push(Entry::Pair(
        "k".into(),
        Node::new(Value::Scalar(Scalar::Str("v".into()))),
    ));
    assert_eq!(
        parse_doc(&emit(&doc, None)).branches[0].to_json(),
        serde_json::json!({"k": "v"})
    );
}

/// Found by the `yaml` fuzz target: the parser accepts a block key indented with a tab
/// (`\t:`), which yaml.v3 (sops) refuses; the metadata written after it did not line up.
/// Refused at the tab, as sops does; tabs inside flow collections stay allowed.
#[test]
fn tab_indented_block_keys_are_refused_at_the_tab() {
    for (src, at) in [
        ("\ta: 1\n", "t.yaml:1:1: "),
        ("\t:\n---\nb: 1\n", "t.yaml:1:1: "),
        ("k:\n  \ta: 1\n", "t.yaml:2:3: "),
    ] {
        let err = parse_error(src);
        assert!(
            err.starts_with(at) && err.contains("a tab indents this key"),
            "{err}"
        );
    }
    let src = "k: {\ta: 1}\nl: [\t1]\n";
    assert_eq!(emit(&parse_doc(src), None), src);
}

/// Found by the `json` fuzz target: a multi-line string holding a byte order mark was
/// written as a block scalar, where YAML cannot hold one; it is double-quoted (escaped).
#[test]
fn a_multiline_value_with_a_byte_order_mark_is_escaped() {
    let path = Path::new("b.json");
    let json = document::parse(
        Format::Json,
        br#"{"": "\ufeff\n", "b": "x\n\ufeffy"}"#.to_vec(),
        path,
    )
    .unwrap();
    let yaml = document::emit(&json, Format::Yaml, None, path).unwrap();
    let text = String::from_utf8(yaml.clone()).unwrap();
    assert!(text.contains("\\uFEFF"), "{text}");
    let back = document::parse(Format::Yaml, yaml, path).expect("what was written parses");
    assert_eq!(back.branches[0].to_json(), json.branches[0].to_json());
}

/// Found by the `yaml` fuzz target: a collection holding only a comment (`{k: [\n#c\n]}`,
/// written fresh) was written as its comment alone, which reads back as null.
#[test]
fn collections_holding_only_comments_are_written_as_empty() {
    for (src, fresh) in [
        ("{:\n#\n[]}", "\"\": []\n"),
        ("{k: [{\n#c\n}], l: [\n#c\n]}", "k:\n    - {}\nl: []\n"),
    ] {
        let doc = parse_doc(src);
        let out = emit(&doc, None);
        assert_eq!(out, fresh);
        assert_eq!(
            parse_doc(&out).branches[0].to_json(),
            doc.branches[0].to_json()
        );
    }
}

/// Found by the `yaml` fuzz target: an explicit key's entry begins at its `?`, not at the
/// key the parser reports (for a lone `?`, an empty key at the next token, lines later).
/// The metadata was written at that later token's column (` sops:` under `?`), where it
/// reads as part of the key.
#[test]
fn explicit_keys_begin_at_their_question_mark() {
    let meta = serde_json::json!({"version": "3.11.0"});
    for src in [
        "sops:\n lastmodified: e\n version: 3.1.0\n?\n ",
        "?\n  \n",
        "a:\n? b\n: c\n",
        "&m\n? # note\n  b\n: c\n",
    ] {
        assert_sealing_keeps_tree(&parse_doc(src), &meta);
    }
    // Metadata written as an explicit key is removed from its `?` on.
    let doc = parse_doc("a: 1\n?\n  sops\n:\n  version: 3.1.0\n");
    assert_eq!(doc.metadata, Some(serde_json::json!({"version": "3.1.0"})));
    assert_eq!(emit(&doc, None), "a: 1\n");
    // A key added to a map whose first key is explicit lines up with the `?`.
    let mut doc = parse_doc("m:\n  ? a\n  : 1\n");
    let path = crate::document::tree_path::parse(r#"["m"]["z"]"#).unwrap();
    let value = Node::scalar(Scalar::Str("v".into()));
    crate::document::tree_path::set(&mut doc.branches[0], &path, value).unwrap();
    assert_eq!(emit(&doc, None), "m:\n  ? a\n  : 1\n  z: v\n");
    // Removing an explicit key takes its `?` line with it.
    let mut doc = parse_doc("a: 1\n? b\n: 2\nc: 3\n");
    let path = crate::document::tree_path::parse(r#"["b"]"#).unwrap();
    crate::document::tree_path::remove(&mut doc.branches[0], &path).unwrap();
    assert_eq!(emit(&doc, None), "a: 1\nc: 3\n");
}

/// Found by the `yaml` fuzz target: YAML's white space is space, tab and line breaks only.
/// An anchor such as `&\x0b%` (the parser takes the vertical tab into its name) was cut at
/// the `\x0b`, so its flow sequence was taken for a block one and written back wrong. Other
/// Unicode spaces are content too; control characters are refused, as sops refuses them.
#[test]
fn only_yaml_white_space_ends_an_anchor() {
    let meta = serde_json::json!({"version": "3.11.0"});
    for src in [
        "a: &\u{2003}x [1, 2]\nb: 2\n",
        "a: &\u{a0}%[:]\n",
        "a: \u{2003} # c\nb: 1\n",
    ] {
        let doc = parse_doc(src);
        assert_eq!(emit(&doc, None), src);
        assert_sealing_keeps_tree(&doc, &meta);
    }
    for (src, at) in [
        (": &\u{b}%[:]", "1:4"),
        ("a: 1\nb: x\u{7f}\n", "2:5"),
        ("a: \u{9b}", "1:4"),
    ] {
        let err = parse_error(src);
        assert!(
            err.contains(at) && err.contains("control character"),
            "{err}"
        );
    }
}
