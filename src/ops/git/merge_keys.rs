//! Which keys a merged sealed file is sealed under: a three-way merge, against the common
//! ancestor, of who can open the file (the recipients of every key group, of every kind, and
//! the Shamir threshold) and of its data key.
//!
//! * Recipients changed on one side only: that side's key groups and data key win, so a
//!   recipient removed (or granted) on a branch stays removed (granted) after the merge.
//!   Changed on both sides: the same way is fine; differently is refused, never united.
//! * Same recipients, different data keys: the side that rekeyed (data key not the
//!   ancestor's) wins, since a rekey usually revokes someone who knew the old key. Both
//!   rekeyed, or the file was added on both sides: ours wins and theirs's values are
//!   re-encrypted under it.
//! * One side rekeyed while the other changed the recipients under the old data key:
//!   refused, since either side's keys would undo the other side's change.
//!
//! Knows nothing of trees or layouts. Messages name recipients (public), never keys or values.

use std::collections::BTreeSet;
use std::path::Path;

use crate::document::merge::Side;
use crate::envelope::metadata::{KeyGroup, MasterKey, Metadata};
use crate::envelope::seal::Opened;
use crate::error::{Error, Result};

/// Why the merged file is sealed under the chosen side's keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyReason {
    /// Both sides have the same recipients and data key (changed the same way, or not at all).
    Same,
    /// Only the chosen side changed the recipients: the change (`+ age age1…`, `- …`).
    RecipientsChanged(Vec<String>),
    /// Same recipients; only the chosen side has a new data key.
    Rekeyed,
    /// Same recipients; both sides have a new data key (or there is no common ancestor).
    BothNewKeys,
}

/// The keys the merged file is sealed under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyChoice {
    /// Whose key groups, Shamir threshold and data key.
    pub side: Side,
    pub reason: KeyReason,
}

/// What one side changed since the common ancestor.
#[derive(Clone, Copy)]
struct Change {
    recipients: bool,
    data_key: bool,
}

impl Change {
    fn since(base: &Opened, side: &Opened) -> Change {
        Change {
            recipients: !same_recipients(&base.metadata, &side.metadata),
            data_key: !same_data_key(base, side),
        }
    }
}

/// Chooses the keys of the merged file (`base`: `None` when the file was added on both
/// sides), or refuses when the two sides changed them incompatibly.
pub fn choose(
    base: Option<&Opened>,
    ours: &Opened,
    theirs: &Opened,
    path: &Path,
) -> Result<KeyChoice> {
    let same_recipients = same_recipients(&ours.metadata, &theirs.metadata);
    let same_key = same_data_key(ours, theirs);
    let Some(base) = base else {
        if !same_recipients {
            let diff = changes(&ours.metadata, &theirs.metadata).join(", ");
            return Err(refuse(
                path,
                format!("it was added on both sides, with different recipients (theirs: {diff})"),
            ));
        }
        let reason = if same_key {
            KeyReason::Same
        } else {
            KeyReason::BothNewKeys
        };
        return Ok(KeyChoice {
            side: Side::Ours,
            reason,
        });
    };
    let (o, t) = (Change::since(base, ours), Change::since(base, theirs));
    if !same_recipients {
        return one_sides_recipients(base, (ours, o), (theirs, t), path);
    }
    let (side, reason) = match (same_key, o.data_key, t.data_key) {
        (true, _, _) => (Side::Ours, KeyReason::Same),
        (false, false, true) => (Side::Theirs, KeyReason::Rekeyed),
        (false, true, false) => (Side::Ours, KeyReason::Rekeyed),
        (false, _, _) => (Side::Ours, KeyReason::BothNewKeys),
    };
    Ok(KeyChoice { side, reason })
}

/// The recipients differ: the side that changed them wins, unless both did, or the other
/// side rekeyed and the winner kept the old data key.
fn one_sides_recipients(
    base: &Opened,
    (ours, o): (&Opened, Change),
    (theirs, t): (&Opened, Change),
    path: &Path,
) -> Result<KeyChoice> {
    let change = |side: &Opened| changes(&base.metadata, &side.metadata).join(", ");
    let (side, winner, (won, lost)) = match (o.recipients, t.recipients) {
        (true, true) => {
            return Err(refuse(
                path,
                format!(
                    "both sides changed its recipients, differently (ours: {}; theirs: {})",
                    change(ours),
                    change(theirs)
                ),
            ));
        }
        (true, false) => (Side::Ours, ours, (o, t)),
        _ => (Side::Theirs, theirs, (t, o)),
    };
    if lost.data_key && !won.data_key {
        let (changer, rekeyer) = match side {
            Side::Ours => ("ours", "theirs"),
            Side::Theirs => ("theirs", "ours"),
        };
        return Err(refuse(
            path,
            format!(
                "{rekeyer} gave it a new data key (rekey) while {changer} changed its recipients \
                 ({}) under the old one; either side's keys would undo the other's change",
                change(winner)
            ),
        ));
    }
    Ok(KeyChoice {
        side,
        reason: KeyReason::RecipientsChanged(changes(&base.metadata, &winner.metadata)),
    })
}

fn refuse(path: &Path, reason: String) -> Error {
    Error::MergeKeys {
        path: path.to_path_buf(),
        reason,
    }
}

fn same_data_key(a: &Opened, b: &Opened) -> bool {
    a.data_key.as_bytes() == b.data_key.as_bytes()
}

/// Same key groups (in order, each as a set of recipients) and the same Shamir threshold.
fn same_recipients(a: &Metadata, b: &Metadata) -> bool {
    let covers = |x: &KeyGroup, y: &KeyGroup| {
        y.keys
            .iter()
            .all(|k| x.keys.iter().any(|m| m.same_recipient(k)))
    };
    threshold(a) == threshold(b)
        && a.key_groups.len() == b.key_groups.len()
        && a.key_groups
            .iter()
            .zip(&b.key_groups)
            .all(|(x, y)| covers(x, y) && covers(y, x))
}

/// The number of groups needed to recover the data key (sops: all of them when unset).
fn threshold(m: &Metadata) -> Option<u64> {
    let groups = m.key_groups.len() as u64;
    (groups > 1).then(|| m.shamir_threshold.filter(|t| *t > 0).unwrap_or(groups))
}

/// How the recipients changed from `from` to `to`: `+ KIND RECIPIENT` and `- KIND RECIPIENT`
/// lines, the Shamir threshold, or that the keys only moved between groups.
fn changes(from: &Metadata, to: &Metadata) -> Vec<String> {
    let keys = |m: &Metadata| m.all_keys().map(|(_, k)| k.clone()).collect::<Vec<_>>();
    let (before, after) = (keys(from), keys(to));
    let missing = |sign: &str, a: &[MasterKey], b: &[MasterKey]| {
        a.iter()
            .filter(|k| !b.iter().any(|m| m.same_recipient(k)))
            .map(|k| format!("{sign} {} {}", k.kind(), k.describe()))
            .collect::<BTreeSet<String>>()
    };
    let mut out: Vec<String> = missing("+", &after, &before)
        .into_iter()
        .chain(missing("-", &before, &after))
        .collect();
    let (t0, t1) = (threshold(from), threshold(to));
    let shown = |t: Option<u64>| t.map_or("none".to_string(), |t| t.to_string());
    if t0 != t1 {
        out.push(format!("Shamir threshold {} to {}", shown(t0), shown(t1)));
    }
    if out.is_empty() && !same_recipients(from, to) {
        out.push(format!(
            "the keys were regrouped ({} to {} key groups)",
            from.key_groups.len(),
            to.key_groups.len()
        ));
    }
    out
}

#[cfg(test)]
mod tests;
