//! sops tree paths: `["key"]["sub"][0]` (also `['key']`), as used by `--extract`, `set` and
//! `unset`.

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
}
