//! Three-way merge of text lines (diff3), used to lay out a merged tree on text when both
//! sides added or removed entries and no single side's layout can hold the result.
//!
//! Regions changed on one side take that side's lines; regions changed identically take
//! either; regions where both sides only inserted lines take ours's lines then theirs's (a
//! union); any other overlap gives `None`. The caller checks the result against the
//! value-level merge before using it, so this is a layout aid, never the source of truth.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Merges `ours` and `theirs` against `base` line by line; `None` on overlapping changes.
pub fn merge_lines(base: &str, ours: &str, theirs: &str) -> Option<String> {
    let b: Vec<&str> = base.split_inclusive('\n').collect();
    let o: Vec<&str> = ours.split_inclusive('\n').collect();
    let t: Vec<&str> = theirs.split_inclusive('\n').collect();
    let (mo, mt) = (matches(&b, &o), matches(&b, &t));
    let (mut i, mut j, mut k) = (0, 0, 0);
    let mut out = String::with_capacity(ours.len().max(theirs.len()));
    while i < b.len() || j < o.len() || k < t.len() {
        if i < b.len() && mo[i] == Some(j) && mt[i] == Some(k) {
            out.push_str(b[i]);
            (i, j, k) = (i + 1, j + 1, k + 1);
            continue;
        }
        let next =
            (i..b.len()).find(|&n| mo[n].is_some_and(|x| x >= j) && mt[n].is_some_and(|x| x >= k));
        let (ni, nj, nk) = match next {
            Some(n) => (n, mo[n]?, mt[n]?),
            None => (b.len(), o.len(), t.len()),
        };
        out.push_str(&resolve(&b[i..ni], &o[j..nj], &t[k..nk])?);
        (i, j, k) = (ni, nj, nk);
    }
    Some(out)
}

/// For each line of `base`, the line of `other` it is kept as, if any.
fn matches(base: &[&str], other: &[&str]) -> Vec<Option<usize>> {
    let mut out = vec![None; base.len()];
    for op in capture_diff_slices(Algorithm::Myers, base, other) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for n in 0..len {
                out[old_index + n] = Some(new_index + n);
            }
        }
    }
    out
}

fn resolve(b: &[&str], o: &[&str], t: &[&str]) -> Option<String> {
    if o == b || o == t {
        Some(t.concat())
    } else if t == b {
        Some(o.concat())
    } else if b.is_empty() {
        Some(o.concat() + &t.concat())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_each_sides_changes() {
        let base = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let ours = "a: 1\nb: 20\nc: 3\nd: 4\n";
        let theirs = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n";
        assert_eq!(
            merge_lines(base, ours, theirs).as_deref(),
            Some("a: 1\nb: 20\nc: 3\nd: 4\ne: 5\n")
        );
    }

    #[test]
    fn insertions_at_one_place_are_united() {
        let base = "a: 1\nb: 2\n";
        let ours = "a: 1\nx: 1\nb: 2\n";
        let theirs = "a: 1\ny: 1\nb: 2\n";
        assert_eq!(
            merge_lines(base, ours, theirs).as_deref(),
            Some("a: 1\nx: 1\ny: 1\nb: 2\n")
        );
    }

    #[test]
    fn overlapping_changes_give_none() {
        assert_eq!(merge_lines("a: 1\n", "a: 2\n", "a: 3\n"), None);
        assert_eq!(merge_lines("a: 1\nb: 1\n", "b: 1\n", "a: 2\nb: 1\n"), None);
    }

    #[test]
    fn removals_and_a_missing_final_newline() {
        let base = "a: 1\nb: 2\nc: 3";
        assert_eq!(
            merge_lines(base, "b: 2\nc: 3", "a: 1\nb: 2\nc: 4").as_deref(),
            Some("b: 2\nc: 4")
        );
    }
}
