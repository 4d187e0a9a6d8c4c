//! Three-way merge of document trees: given a common ancestor and two changed versions,
//! take each change from the side that made it and report the key paths both sides changed
//! differently.
//!
//! The unit of merging is a value at a key path:
//! * maps merge key by key (a key added, removed or changed on one side is taken from it);
//! * lists merge item by item only while all three versions have the same length (positions
//!   then identify items); otherwise a list is one value;
//! * comments between map keys are slots of their own, identified by the key they follow
//!   and their rank after it; they merge like values, except that when both sides changed
//!   the same comment differently ours is kept (a comment is not data worth a conflict);
//! * anything else (scalars, a value whose type changed) is one value.
//!
//! A value changed on both sides to different results is a [`Conflict`]; its place in the
//! result holds a string with git-style markers (`<<<<<<< ours` … `>>>>>>> theirs`) so the
//! conflict is visible wherever the decrypted tree is shown.
//!
//! The result is built on one side's tree ([`Side`]): nodes kept from that side keep their
//! source positions, leaves taken from the other side are [`Node::set`] in place, and the
//! result records whether entries had to be added or removed ([`Merged::reshaped`]), which
//! a store's lossless writer may not be able to express. Knows nothing of encryption or git.

pub mod lines;

use super::{Entry, Node, Scalar, Value};

/// One of the two versions being merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// Why a value could not be merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both sides changed (or added) the value, to different results.
    BothChanged,
    /// Ours removed the value, theirs changed it.
    RemovedByOurs,
    /// Theirs removed the value, ours changed it.
    RemovedByTheirs,
}

impl ConflictKind {
    pub fn describe(self) -> &'static str {
        match self {
            ConflictKind::BothChanged => "changed on both sides",
            ConflictKind::RemovedByOurs => "removed on our side, changed on theirs",
            ConflictKind::RemovedByTheirs => "changed on our side, removed on theirs",
        }
    }
}

/// A value both sides changed differently, located by its key path (never its content).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// `["a"]["b"][0]`, prefixed with `document N: ` in multi-document files.
    pub path: String,
    pub kind: ConflictKind,
}

/// The merged trees.
#[derive(Debug)]
pub struct Merged {
    pub branches: Vec<Node>,
    pub conflicts: Vec<Conflict>,
    /// True when the result has entries or items the base side's tree did not have (or lacks
    /// some it had), or a collection was replaced: the result's shape differs from that tree.
    pub reshaped: bool,
}

/// The two sides changed the number of documents differently; there is no value to hold
/// conflict markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentCountConflict {
    pub base: usize,
    pub ours: usize,
    pub theirs: usize,
}

/// Text that opens a conflicted value.
pub const MARKER_OURS: &str = "<<<<<<< ours";
/// Text between the two versions of a conflicted value.
pub const MARKER_SPLIT: &str = "=======";
/// Text that closes a conflicted value.
pub const MARKER_THEIRS: &str = ">>>>>>> theirs";

/// Merges `ours` and `theirs` (each a list of document trees) against `base`, building the
/// result on the tree of `onto`.
pub fn merge(
    base: &[Node],
    ours: &[Node],
    theirs: &[Node],
    onto: Side,
) -> Result<Merged, DocumentCountConflict> {
    let mut m = Merger {
        onto,
        conflicts: Vec::new(),
        reshaped: false,
        path: Vec::new(),
    };
    let branches = if base.len() == ours.len() && ours.len() == theirs.len() {
        let many = ours.len() > 1;
        let mut out = Vec::with_capacity(ours.len());
        for (i, ((b, o), t)) in base.iter().zip(ours).zip(theirs).enumerate() {
            m.path = if many {
                vec![format!("document {}: ", i + 1)]
            } else {
                Vec::new()
            };
            // Three present values merge to a present value.
            out.extend(m.node(Some(b), Some(o), Some(t)));
        }
        out
    } else if all_same(base, ours) {
        m.whole(theirs, Side::Theirs)
    } else if all_same(base, theirs) || all_same(ours, theirs) {
        m.whole(ours, Side::Ours)
    } else {
        return Err(DocumentCountConflict {
            base: base.len(),
            ours: ours.len(),
            theirs: theirs.len(),
        });
    };
    Ok(Merged {
        branches,
        conflicts: m.conflicts,
        reshaped: m.reshaped,
    })
}

/// True when two nodes hold the same value, wherever they came from.
pub fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(p, q)| match (p, q) {
                    (Entry::Pair(k1, n1), Entry::Pair(k2, n2)) => k1 == k2 && same(n1, n2),
                    (Entry::Comment(n1), Entry::Comment(n2)) => same(n1, n2),
                    _ => false,
                })
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (x, y) => x == y,
    }
}

/// Like [`same`], except that map entries (and the comments between them) may come in any
/// order: what a merged tree laid out on merged text must match.
pub fn equivalent(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            let (xs, ys) = (slots(x), slots(y));
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(slot, n)| find(&ys, slot).is_some_and(|m| equivalent(n, m)))
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equivalent(p, q))
        }
        (x, y) => x == y,
    }
}

fn all_same(a: &[Node], b: &[Node]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

fn opt_same(a: Option<&Node>, b: Option<&Node>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => same(x, y),
        _ => false,
    }
}

/// The text of a conflicted value: both versions between git-style markers.
pub fn conflict_text(ours: Option<&Node>, theirs: Option<&Node>) -> String {
    format!(
        "{MARKER_OURS}\n{}\n{MARKER_SPLIT}\n{}\n{MARKER_THEIRS}",
        version_text(ours),
        version_text(theirs)
    )
}

fn version_text(node: Option<&Node>) -> String {
    let Some(node) = node else {
        return "(removed)".to_string();
    };
    match &node.value {
        Value::Scalar(Scalar::Str(s)) | Value::Scalar(Scalar::Time { text: s }) => s.clone(),
        Value::Scalar(Scalar::Null) => "null".to_string(),
        Value::Scalar(Scalar::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        Value::Scalar(
            Scalar::Int { text, .. } | Scalar::Float { text, .. } | Scalar::Bool { text, .. },
        ) => text.clone(),
        Value::Comment(text) => text.clone(),
        Value::Map(_) | Value::List(_) => node.to_json().to_string(),
    }
}

/// A node that came from the other side's source: its positions mean nothing here.
fn foreign(node: &Node) -> Node {
    let value = match &node.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| match e {
                    Entry::Pair(k, n) => Entry::Pair(k.clone(), foreign(n)),
                    Entry::Comment(n) => Entry::Comment(foreign(n)),
                })
                .collect(),
        ),
        Value::List(items) => Value::List(items.iter().map(foreign).collect()),
        other => other.clone(),
    };
    Node {
        value,
        origin: None,
        changed: true,
    }
}

/// Identifies an entry of a map across the three versions.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Slot {
    Key(String),
    /// The `rank`-th comment after key `after` (`None`: before the first key).
    Comment {
        after: Option<String>,
        rank: usize,
    },
}

fn slots(entries: &[Entry]) -> Vec<(Slot, &Node)> {
    let mut after: Option<String> = None;
    let mut rank = 0;
    entries
        .iter()
        .map(|e| match e {
            Entry::Pair(k, n) => {
                after = Some(k.clone());
                rank = 0;
                (Slot::Key(k.clone()), n)
            }
            Entry::Comment(n) => {
                rank += 1;
                let slot = Slot::Comment {
                    after: after.clone(),
                    rank,
                };
                (slot, n)
            }
        })
        .collect()
}

fn find<'a>(slots: &[(Slot, &'a Node)], slot: &Slot) -> Option<&'a Node> {
    slots.iter().find(|(s, _)| s == slot).map(|(_, n)| *n)
}

struct Merger {
    onto: Side,
    conflicts: Vec<Conflict>,
    reshaped: bool,
    /// Display steps of the current key path.
    path: Vec<String>,
}

impl Merger {
    /// A whole list of documents taken from `side`.
    fn whole(&mut self, trees: &[Node], side: Side) -> Vec<Node> {
        if side == self.onto {
            trees.to_vec()
        } else {
            self.reshaped = true;
            trees.iter().map(foreign).collect()
        }
    }

    fn pick<'a>(&self, ours: Option<&'a Node>, theirs: Option<&'a Node>) -> Option<&'a Node> {
        match self.onto {
            Side::Ours => ours,
            Side::Theirs => theirs,
        }
    }

    /// Merges one value; `None` when the result has no value here.
    fn node(&mut self, b: Option<&Node>, o: Option<&Node>, t: Option<&Node>) -> Option<Node> {
        let here = self.pick(o, t);
        if opt_same(o, t) {
            return here.cloned();
        }
        // Collections merge inside even when one side left them alone, so the nodes of the
        // built-on side keep their source positions.
        match (b, o, t) {
            (Some(b), Some(o), Some(t)) => {
                if let Some(merged) = self.collections(b, o, t) {
                    return Some(merged);
                }
            }
            (None, Some(o), Some(t)) if is_map(o) && is_map(t) => {
                let empty = Node::map(Vec::new());
                if let Some(merged) = self.collections(&empty, o, t) {
                    return Some(merged);
                }
            }
            _ => {}
        }
        if opt_same(b, o) {
            return self.take(here, t, Side::Theirs);
        }
        if opt_same(b, t) {
            return self.take(here, o, Side::Ours);
        }
        self.conflict(o, t)
    }

    /// The value of `side` (`None`: removed), placed where `here` (the built-on side's node)
    /// is, keeping its source position when possible.
    fn take(&mut self, here: Option<&Node>, value: Option<&Node>, side: Side) -> Option<Node> {
        if side == self.onto {
            return value.cloned();
        }
        match (here, value) {
            (_, None) => {
                self.reshaped = true;
                None
            }
            (Some(h), Some(v)) if h.origin.is_some() && is_leaf(v) => {
                let mut node = h.clone();
                node.set(v.value.clone());
                Some(node)
            }
            (_, Some(v)) => {
                self.reshaped = true;
                Some(foreign(v))
            }
        }
    }

    /// Merges maps key by key and equal-length lists item by item; `None` when the three
    /// values are not collections of one kind.
    fn collections(&mut self, b: &Node, o: &Node, t: &Node) -> Option<Node> {
        let here = self.pick(Some(o), Some(t))?;
        let value = match (&b.value, &o.value, &t.value) {
            (Value::Map(be), Value::Map(oe), Value::Map(te)) => Value::Map(self.map(be, oe, te)),
            (Value::List(bi), Value::List(oi), Value::List(ti))
                if bi.len() == oi.len() && oi.len() == ti.len() =>
            {
                Value::List(self.list(bi, oi, ti)?)
            }
            _ => return None,
        };
        let mut node = here.clone();
        node.value = value;
        Some(node)
    }

    fn list(&mut self, b: &[Node], o: &[Node], t: &[Node]) -> Option<Vec<Node>> {
        let mut out = Vec::with_capacity(o.len());
        for (i, ((b, o), t)) in b.iter().zip(o).zip(t).enumerate() {
            self.path.push(format!("[{i}]"));
            let merged = self.node(Some(b), Some(o), Some(t));
            self.path.pop();
            out.push(merged?);
        }
        Some(out)
    }

    fn map(&mut self, b: &[Entry], o: &[Entry], t: &[Entry]) -> Vec<Entry> {
        let (bs, os, ts) = (slots(b), slots(o), slots(t));
        let order = self.slot_order(&os, &ts);
        let mut out = Vec::with_capacity(order.len());
        for slot in order {
            let step = match &slot {
                Slot::Key(k) => format!("[{k:?}]"),
                Slot::Comment { .. } => " (a comment)".to_string(),
            };
            self.path.push(step);
            let merged = self.node(find(&bs, &slot), find(&os, &slot), find(&ts, &slot));
            self.path.pop();
            out.extend(merged.map(|n| match slot {
                Slot::Key(k) => Entry::Pair(k, n),
                Slot::Comment { .. } => Entry::Comment(n),
            }));
        }
        out
    }

    /// The built-on side's slots in its order, then the other side's new slots, each placed
    /// after the slot that precedes it on that side (or first when none does).
    fn slot_order(&self, os: &[(Slot, &Node)], ts: &[(Slot, &Node)]) -> Vec<Slot> {
        let (mine, other) = match self.onto {
            Side::Ours => (os, ts),
            Side::Theirs => (ts, os),
        };
        let mut order: Vec<Slot> = mine.iter().map(|(s, _)| s.clone()).collect();
        let mut previous: Option<&Slot> = None;
        for (slot, _) in other {
            if !order.contains(slot) {
                let at = previous
                    .and_then(|p| order.iter().position(|s| s == p))
                    .map_or(0, |i| i + 1);
                order.insert(at, slot.clone());
            }
            previous = Some(slot);
        }
        order
    }

    fn conflict(&mut self, o: Option<&Node>, t: Option<&Node>) -> Option<Node> {
        let here = self.pick(o, t);
        let is_comment = [o, t]
            .into_iter()
            .flatten()
            .any(|n| matches!(n.value, Value::Comment(_)));
        if is_comment {
            return self.take(here, o, Side::Ours);
        }
        let kind = match (o, t) {
            (None, _) => ConflictKind::RemovedByOurs,
            (_, None) => ConflictKind::RemovedByTheirs,
            _ => ConflictKind::BothChanged,
        };
        self.conflicts.push(Conflict {
            path: self.display_path(),
            kind,
        });
        let marker = Node::scalar(Scalar::Str(conflict_text(o, t)));
        match here {
            Some(h) if h.origin.is_some() && is_leaf(h) => {
                let mut node = h.clone();
                node.set(marker.value);
                Some(node)
            }
            _ => {
                self.reshaped = true;
                Some(foreign(&marker))
            }
        }
    }

    fn display_path(&self) -> String {
        let joined: String = self.path.concat();
        if joined.is_empty() || joined.ends_with(": ") {
            format!("{joined}the top level")
        } else {
            joined
        }
    }
}

fn is_map(n: &Node) -> bool {
    matches!(n.value, Value::Map(_))
}

fn is_leaf(n: &Node) -> bool {
    matches!(n.value, Value::Scalar(_) | Value::Comment(_))
}

#[cfg(test)]
mod tests;
