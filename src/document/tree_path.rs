//! sops tree paths: `["key"]["sub"][0]` (also `['key']`), as used by `--extract`, `set` and
//! `unset`: parsing, lookup, and the tree changes `set` and `unset` make.
//!
//! Changes keep every node that stays in the tree (and so its source position and, in a
//! sealed file, its ciphertext): [`set`] merges a new value into the old one instead of
//! replacing it wholesale, and a new key is appended to its map, as sops does.

use super::{Entry, Node, Value};

/// One step of a tree path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Parses `["a"][0]['b']`. The error says what is wrong, never echoing values.
pub fn parse(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut rest = path.trim();
    if rest.is_empty() {
        return Err("the path is empty".into());
    }
    while !rest.is_empty() {
        rest = rest
            .strip_prefix('[')
            .ok_or("each step must start with `[`")?;
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &rest[1..];
            let (key, after) = read_quoted(body, q).ok_or("unterminated quoted key")?;
            steps.push(Step::Key(key));
            rest = after
                .strip_prefix(']')
                .ok_or("expected `]` after a quoted key")?;
        } else {
            let close = rest.find(']').ok_or("missing `]`")?;
            let index = rest[..close]
                .trim()
                .parse::<usize>()
                .map_err(|_| "an unquoted step must be a list index (a number)")?;
            steps.push(Step::Index(index));
            rest = &rest[close + 1..];
        }
    }
    Ok(steps)
}

fn read_quoted(s: &str, quote: char) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?.1),
            c if c == quote => return Some((out, &s[i + 1..])),
            c => out.push(c),
        }
    }
    None
}

/// Follows `steps` from `root`.
pub fn get<'n>(root: &'n Node, steps: &[Step]) -> Option<&'n Node> {
    steps
        .iter()
        .try_fold(root, |node, step| match (step, &node.value) {
            (Step::Key(k), Value::Map(_)) => node.get(k),
            (Step::Index(i), Value::List(items)) => items
                .iter()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .nth(*i),
            _ => None,
        })
}

/// Follows `steps` from `root`, mutably.
pub fn get_mut<'n>(root: &'n mut Node, steps: &[Step]) -> Option<&'n mut Node> {
    let (first, rest) = match steps.split_first() {
        None => return Some(root),
        Some(split) => split,
    };
    let child = match (first, &mut root.value) {
        (Step::Key(k), Value::Map(entries)) => entries.iter_mut().find_map(|e| match e {
            Entry::Pair(key, n) if key == k => Some(n),
            _ => None,
        }),
        (Step::Index(i), Value::List(items)) => items
            .iter_mut()
            .filter(|n| !matches!(n.value, Value::Comment(_)))
            .nth(*i),
        _ => None,
    }?;
    get_mut(child, rest)
}

/// Why a path could not be followed, naming the step (keys are not secret; values never
/// appear).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError(pub String);

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The steps up to and including `n`, written back in path syntax (for messages).
pub fn display(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| match s {
            Step::Key(k) => format!("[{k:?}]"),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect()
}

/// Sets the value at `steps` to `value`, as `sops set` does: missing map keys are created
/// (appended to their map, with maps or lists for the rest of the path), an index at or past
/// the end of a list appends, and a scalar in the way is replaced. Returns whether anything
/// changed.
pub fn set(root: &mut Node, steps: &[Step], value: Node) -> Result<bool, PathError> {
    set_at(root, steps, value, 0)
}

fn set_at(node: &mut Node, steps: &[Step], value: Node, depth: usize) -> Result<bool, PathError> {
    let Some((first, rest)) = steps.split_first() else {
        return Ok(assign(node, value));
    };
    let full = || display(&steps[..1]);
    match (first, &mut node.value) {
        (Step::Key(k), Value::Map(entries)) => {
            let found = entries.iter_mut().find_map(|e| match e {
                Entry::Pair(key, n) if key == k => Some(n),
                _ => None,
            });
            match found {
                Some(child) => set_at(child, rest, value, depth + 1),
                None => {
                    entries.push(Entry::Pair(k.clone(), build(rest, value)));
                    Ok(true)
                }
            }
        }
        (Step::Index(i), Value::List(items)) => {
            let found = items
                .iter_mut()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .nth(*i);
            match found {
                Some(child) => set_at(child, rest, value, depth + 1),
                None => {
                    items.push(build(rest, value));
                    Ok(true)
                }
            }
        }
        (Step::Key(_), Value::List(_)) => Err(PathError(format!(
            "step {} of the path ({}) is a key, but the value there is a list; use an index like [0]",
            depth + 1,
            full()
        ))),
        (Step::Index(_), Value::Map(_)) => Err(PathError(format!(
            "step {} of the path ({}) is a list index, but the value there is a map; use a key like [\"name\"]",
            depth + 1,
            full()
        ))),
        // A scalar in the way is replaced by the structure the rest of the path needs.
        _ => Ok(assign(node, build(steps, value))),
    }
}

/// The node that holds `value` at `steps` below it.
fn build(steps: &[Step], value: Node) -> Node {
    steps.iter().rev().fold(value, |inner, step| match step {
        Step::Key(k) => Node::map(vec![Entry::Pair(k.clone(), inner)]),
        Step::Index(_) => Node::new(Value::List(vec![inner])),
    })
}

/// Makes `old` equal `new`, keeping the nodes of `old` that survive: maps are merged key by
/// key (keys already there keep their place, new keys are appended, missing keys removed,
/// comments kept), lists item by item; anything else is replaced. Returns whether anything
/// changed.
pub fn assign(old: &mut Node, new: Node) -> bool {
    match (&mut old.value, new.value) {
        (Value::Map(entries), Value::Map(new_entries)) => merge_maps(entries, new_entries),
        (Value::List(items), Value::List(new_items)) => merge_lists(items, new_items),
        (_, value) => {
            let changed = old.value != value;
            old.set(value);
            changed
        }
    }
}

fn merge_maps(entries: &mut Vec<Entry>, new_entries: Vec<Entry>) -> bool {
    let new_pairs: Vec<(String, Node)> = new_entries
        .into_iter()
        .filter_map(|e| match e {
            Entry::Pair(k, n) => Some((k, n)),
            Entry::Comment(_) => None,
        })
        .collect();
    let before = entries.len();
    entries.retain(|e| match e {
        Entry::Pair(k, _) => new_pairs.iter().any(|(nk, _)| nk == k),
        Entry::Comment(_) => true,
    });
    let mut changed = entries.len() != before;
    for (key, node) in new_pairs {
        let existing = entries.iter_mut().find_map(|e| match e {
            Entry::Pair(k, n) if *k == key => Some(n),
            _ => None,
        });
        match existing {
            Some(old) => changed |= assign(old, node),
            None => {
                entries.push(Entry::Pair(key, node));
                changed = true;
            }
        }
    }
    changed
}

fn merge_lists(items: &mut Vec<Node>, new_items: Vec<Node>) -> bool {
    let new_items: Vec<Node> = new_items
        .into_iter()
        .filter(|n| !matches!(n.value, Value::Comment(_)))
        .collect();
    let mut changed = false;
    let mut new_iter = new_items.into_iter();
    let mut keep = Vec::with_capacity(items.len());
    for mut item in std::mem::take(items) {
        if matches!(item.value, Value::Comment(_)) {
            keep.push(item);
            continue;
        }
        match new_iter.next() {
            Some(new) => {
                changed |= assign(&mut item, new);
                keep.push(item);
            }
            None => changed = true,
        }
    }
    for new in new_iter {
        keep.push(new);
        changed = true;
    }
    *items = keep;
    changed
}

/// Removes the value at `steps` (a map key or a list item) and returns it, as `sops unset`.
pub fn remove(root: &mut Node, steps: &[Step]) -> Result<Node, PathError> {
    let Some((last, parent_steps)) = steps.split_last() else {
        return Err(PathError("the path is empty".into()));
    };
    let missing = || PathError(format!("{} does not exist", display(steps)));
    let parent = get_mut(root, parent_steps).ok_or_else(missing)?;
    match (last, &mut parent.value) {
        (Step::Key(k), Value::Map(entries)) => {
            let at = entries
                .iter()
                .position(|e| matches!(e, Entry::Pair(key, _) if key == k))
                .ok_or_else(missing)?;
            Ok(entries.remove(at).node().clone())
        }
        (Step::Index(i), Value::List(items)) => {
            let at = items
                .iter()
                .enumerate()
                .filter(|(_, n)| !matches!(n.value, Value::Comment(_)))
                .nth(*i)
                .map(|(at, _)| at)
                .ok_or_else(missing)?;
            Ok(items.remove(at))
        }
        _ => Err(missing()),
    }
}

/// The entries of a map without its comments.
pub fn pairs(entries: &[Entry]) -> impl Iterator<Item = (&String, &Node)> {
    entries.iter().filter_map(|e| match e {
        Entry::Pair(k, n) => Some((k, n)),
        Entry::Comment(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sops_paths() {
        assert_eq!(
            parse(r#"["a"]['b c'][2]"#).unwrap(),
            vec![
                Step::Key("a".into()),
                Step::Key("b c".into()),
                Step::Index(2)
            ]
        );
        assert!(parse("a.b").is_err());
        assert!(parse(r#"["a"#).is_err());
        assert!(parse("[x]").is_err());
        assert!(parse("").is_err());
    }

    use crate::document::Scalar;

    fn s(v: &str) -> Node {
        Node::scalar(Scalar::Str(v.into()))
    }

    fn keys(node: &Node) -> Vec<&str> {
        match &node.value {
            Value::Map(entries) => pairs(entries).map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    fn sample() -> Node {
        Node::map(vec![
            Entry::Pair("a".into(), s("1")),
            Entry::Comment(Node::new(Value::Comment(" c".into()))),
            Entry::Pair(
                "b".into(),
                Node::map(vec![Entry::Pair(
                    "list".into(),
                    Node::new(Value::List(vec![
                        s("x"),
                        Node::new(Value::Comment(" between".into())),
                        s("y"),
                    ])),
                )]),
            ),
        ])
    }

    #[test]
    fn get_mut_follows_keys_and_indexes_skipping_comments() {
        let mut root = sample();
        let steps = parse(r#"["b"]["list"][1]"#).unwrap();
        get_mut(&mut root, &steps)
            .unwrap()
            .set(Value::Scalar(Scalar::Str("Y".into())));
        assert_eq!(get(&root, &steps).unwrap().value, s("Y").value);
        assert!(get_mut(&mut root, &parse(r#"["b"]["nope"]"#).unwrap()).is_none());
    }

    #[test]
    fn set_replaces_in_place_and_reports_unchanged() {
        let mut root = sample();
        let steps = parse(r#"["a"]"#).unwrap();
        assert!(!set(&mut root, &steps, s("1")).unwrap());
        assert!(!get(&root, &steps).unwrap().changed);
        assert!(set(&mut root, &steps, s("2")).unwrap());
        assert_eq!(keys(&root), ["a", "b"]);
        assert!(get(&root, &steps).unwrap().changed);
    }

    #[test]
    fn set_creates_missing_keys_at_the_end() {
        let mut root = sample();
        assert!(set(&mut root, &parse(r#"["new"]["deep"][0]"#).unwrap(), s("v")).unwrap());
        assert_eq!(keys(&root), ["a", "b", "new"]);
        let made = get(&root, &parse(r#"["new"]["deep"][0]"#).unwrap()).unwrap();
        assert_eq!(made.value, s("v").value);
        // An index past the end appends, as in sops.
        assert!(set(&mut root, &parse(r#"["b"]["list"][7]"#).unwrap(), s("z")).unwrap());
        let list = get(&root, &parse(r#"["b"]["list"][2]"#).unwrap()).unwrap();
        assert_eq!(list.value, s("z").value);
    }

    #[test]
    fn set_through_a_scalar_replaces_it_and_wrong_step_kinds_fail() {
        let mut root = sample();
        assert!(set(&mut root, &parse(r#"["a"]["x"]"#).unwrap(), s("v")).unwrap());
        assert_eq!(
            keys(get(&root, &parse(r#"["a"]"#).unwrap()).unwrap()),
            ["x"]
        );
        let err = set(&mut root, &parse(r#"["b"]["list"]["k"]"#).unwrap(), s("v")).unwrap_err();
        assert!(err.0.contains("is a list"), "{err}");
        let err = set(&mut root, &parse(r#"["b"][0]"#).unwrap(), s("v")).unwrap_err();
        assert!(err.0.contains("is a map"), "{err}");
    }

    #[test]
    fn assigning_a_map_keeps_surviving_nodes() {
        let mut root = sample();
        let new = Node::map(vec![
            Entry::Pair("list".into(), Node::new(Value::List(vec![s("x")]))),
            Entry::Pair("more".into(), s("m")),
        ]);
        assert!(set(&mut root, &parse(r#"["b"]"#).unwrap(), new).unwrap());
        let b = get(&root, &parse(r#"["b"]"#).unwrap()).unwrap();
        assert_eq!(keys(b), ["list", "more"]);
        let list = b.get("list").unwrap();
        // "x" survived untouched, "y" went, the comment stayed.
        let Value::List(items) = &list.value else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert!(!items[0].changed);
        assert!(matches!(items[1].value, Value::Comment(_)));
    }

    #[test]
    fn remove_takes_keys_and_items_and_reports_missing_paths() {
        let mut root = sample();
        let gone = remove(&mut root, &parse(r#"["b"]["list"][1]"#).unwrap()).unwrap();
        assert_eq!(gone.value, s("y").value);
        remove(&mut root, &parse(r#"["a"]"#).unwrap()).unwrap();
        assert_eq!(keys(&root), ["b"]);
        let err = remove(&mut root, &parse(r#"["a"]"#).unwrap()).unwrap_err();
        assert_eq!(err.0, r#"["a"] does not exist"#);
        let err = remove(&mut root, &parse(r#"["b"]["list"][5]"#).unwrap()).unwrap_err();
        assert_eq!(err.0, r#"["b"]["list"][5] does not exist"#);
    }
}
