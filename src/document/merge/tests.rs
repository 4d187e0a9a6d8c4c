use std::path::Path;

use super::*;
use crate::document::{self, Document, Format};

fn yaml(src: &str) -> Document {
    document::parse(Format::Yaml, src.as_bytes().to_vec(), Path::new("t.yaml")).expect("yaml")
}

/// Merges three YAML texts onto `onto` and returns the result written back as YAML, the
/// conflicts and whether the result was reshaped.
fn merge_yaml(base: &str, ours: &str, theirs: &str, onto: Side) -> (String, Vec<Conflict>, bool) {
    let (b, o, t) = (yaml(base), yaml(ours), yaml(theirs));
    let m = merge(&b.branches, &o.branches, &t.branches, onto).expect("merge");
    let mut doc = match onto {
        Side::Ours => o,
        Side::Theirs => t,
    };
    doc.branches = m.branches;
    let text = if m.reshaped {
        document::yaml::emit_fresh(&doc.branches, None).expect("emit")
    } else {
        document::emit(&doc, Format::Yaml, None, Path::new("t.yaml")).expect("emit")
    };
    (
        String::from_utf8(text).expect("utf8"),
        m.conflicts,
        m.reshaped,
    )
}

#[test]
fn changes_to_different_keys_merge_in_place() {
    let base = "# head\na: 1\nb: 'two'\nc:\n  d: x # note\n";
    let ours = "# head\na: 10\nb: 'two'\nc:\n  d: x # note\n";
    let theirs = "# head\na: 1\nb: 'two'\nc:\n  d: y # note\n";
    let (text, conflicts, reshaped) = merge_yaml(base, ours, theirs, Side::Ours);
    assert!(conflicts.is_empty());
    assert!(!reshaped);
    assert_eq!(text, "# head\na: 10\nb: 'two'\nc:\n  d: y # note\n");
}

#[test]
fn identical_changes_on_both_sides_are_not_conflicts() {
    let (text, conflicts, _) = merge_yaml("a: 1\n", "a: 2\n", "a: 2\n", Side::Ours);
    assert!(conflicts.is_empty());
    assert_eq!(text, "a: 2\n");
}

#[test]
fn different_changes_to_one_value_conflict_with_markers() {
    let (text, conflicts, reshaped) = merge_yaml(
        "a:\n  b: 1\nc: 3\n",
        "a:\n  b: 2\nc: 3\n",
        "a:\n  b: 5\nc: 4\n",
        Side::Ours,
    );
    assert_eq!(
        conflicts,
        vec![Conflict {
            path: "[\"a\"][\"b\"]".into(),
            kind: ConflictKind::BothChanged,
        }]
    );
    assert!(!reshaped);
    let doc = yaml(&text);
    let value = doc.branches[0]
        .get("a")
        .and_then(|a| a.get("b"))
        .expect("b");
    assert_eq!(
        value.value,
        Value::Scalar(Scalar::Str(
            "<<<<<<< ours\n2\n=======\n5\n>>>>>>> theirs".into()
        ))
    );
    assert_eq!(
        doc.branches[0].get("c").map(|n| &n.value),
        Some(&Value::Scalar(Scalar::int(4)))
    );
}

#[test]
fn removal_against_change_is_a_conflict_naming_the_side() {
    let (_, conflicts, _) = merge_yaml("a: 1\nb: 2\n", "b: 2\n", "a: 9\nb: 2\n", Side::Ours);
    assert_eq!(conflicts[0].kind, ConflictKind::RemovedByOurs);
    let (text, conflicts, _) = merge_yaml("a: 1\nb: 2\n", "a: 9\nb: 2\n", "b: 2\n", Side::Ours);
    assert_eq!(conflicts[0].kind, ConflictKind::RemovedByTheirs);
    assert!(text.contains("(removed)"), "{text}");
}

#[test]
fn additions_and_removals_are_taken_and_mark_the_result_reshaped() {
    let base = "a: 1\nb: 2\nc: 3\n";
    let ours = "a: 1\nb: 2\nc: 3\nd: 4\n";
    let theirs = "a: 1\nx: 0\nc: 3\n";
    let (text, conflicts, reshaped) = merge_yaml(base, ours, theirs, Side::Ours);
    assert!(conflicts.is_empty());
    assert!(reshaped);
    // theirs' new key follows the key that precedes it on their side.
    assert_eq!(text, "a: 1\nx: 0\nc: 3\nd: 4\n");
}

#[test]
fn building_on_theirs_keeps_their_layout() {
    let base = "a: 1\nb: 2\n";
    let ours = "a: 5\nb: 2\n";
    let theirs = "a: 1\nb: 2\n# new\nc: \"3\"\n";
    let (text, conflicts, reshaped) = merge_yaml(base, ours, theirs, Side::Theirs);
    assert!(conflicts.is_empty());
    assert!(!reshaped);
    assert_eq!(text, "a: 5\nb: 2\n# new\nc: \"3\"\n");
    let (_, _, reshaped) = merge_yaml(base, ours, theirs, Side::Ours);
    assert!(reshaped);
}

#[test]
fn equal_length_lists_merge_item_by_item() {
    let (text, conflicts, _) = merge_yaml(
        "l:\n  - 1\n  - 2\n  - 3\n",
        "l:\n  - 9\n  - 2\n  - 3\n",
        "l:\n  - 1\n  - 2\n  - 8\n",
        Side::Ours,
    );
    assert!(conflicts.is_empty());
    assert_eq!(text, "l:\n  - 9\n  - 2\n  - 8\n");
}

#[test]
fn lists_whose_length_changed_are_one_value() {
    let (_, conflicts, _) = merge_yaml(
        "l:\n  - 1\n  - 2\n",
        "l:\n  - 1\n  - 2\n  - 3\n",
        "l:\n  - 0\n  - 2\n",
        Side::Ours,
    );
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].path, "[\"l\"]");
    let (text, conflicts, _) = merge_yaml(
        "l:\n  - 1\n  - 2\n",
        "l:\n  - 1\n  - 2\n  - 3\n",
        "l:\n  - 1\n  - 2\n",
        Side::Ours,
    );
    assert!(conflicts.is_empty());
    assert_eq!(text, "l:\n  - 1\n  - 2\n  - 3\n");
}

#[test]
fn comments_merge_and_conflicting_comments_keep_ours() {
    let base = "# one\na: 1\n# two\nb: 2\n";
    let ours = "# one!\na: 1\n# two\nb: 2\n";
    let theirs = "# one\na: 1\n# TWO\nb: 2\n";
    let (text, conflicts, _) = merge_yaml(base, ours, theirs, Side::Ours);
    assert!(conflicts.is_empty());
    assert_eq!(text, "# one!\na: 1\n# TWO\nb: 2\n");
    let (text, conflicts, _) = merge_yaml(base, ours, "# uno\na: 1\n# two\nb: 2\n", Side::Ours);
    assert!(conflicts.is_empty());
    assert_eq!(text, ours);
}

#[test]
fn keys_added_on_both_sides_merge_inside() {
    let (text, conflicts, _) = merge_yaml(
        "a: 1\n",
        "a: 1\nn:\n  x: 1\n  y: 2\n",
        "a: 1\nn:\n  x: 1\n  z: 3\n",
        Side::Ours,
    );
    assert!(conflicts.is_empty());
    let doc = yaml(&text);
    let n = doc.branches[0].get("n").expect("n");
    for key in ["x", "y", "z"] {
        assert!(n.get(key).is_some(), "{key} missing in {text}");
    }
}

#[test]
fn multi_document_paths_name_the_document() {
    let (_, conflicts, _) = merge_yaml(
        "a: 1\n---\nb: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n---\nb: 3\n",
        Side::Ours,
    );
    assert_eq!(conflicts[0].path, "document 2: [\"b\"]");
}

#[test]
fn document_count_changed_on_both_sides_cannot_merge() {
    let (b, o, t) = (
        yaml("a: 1\n"),
        yaml("a: 1\n---\nb: 1\n"),
        yaml("a: 1\n---\nc: 1\n---\nd: 1\n"),
    );
    let err = merge(&b.branches, &o.branches, &t.branches, Side::Ours).expect_err("conflict");
    assert_eq!((err.base, err.ours, err.theirs), (1, 2, 3));
    let t = yaml("a: 2\n");
    let m = merge(&b.branches, &o.branches, &t.branches, Side::Ours);
    assert!(m.is_err(), "ours added a document, theirs changed one");
}

#[test]
fn same_ignores_source_positions() {
    let a = yaml("a: 1\nb: [x]\n");
    let b = yaml("b: [x]\n");
    let c = yaml("{a: 1, b: [x]}");
    assert!(same(&a.branches[0], &c.branches[0]));
    assert!(!same(&a.branches[0], &b.branches[0]));
}
