//! `rekey` (sops `rotate`): a new data key for a sealed file, every value re-encrypted under
//! it, for the same recipients plus `--add-age` ones (in the first key group) minus
//! `--rm-age` ones (in every group). The MAC is verified before anything is rewritten.

use std::path::Path;

use crate::document::{self, Document};
use crate::envelope::metadata::Metadata;
use crate::envelope::rekey;
use crate::envelope::seal::{self, KeyUnwrapper, KeyWrapper};
use crate::error::{Error, Result};
use crate::ops::keys::wrapper_for;
use crate::recipients::{AgeRecipient, Recipient};

/// Recipient changes to make while rekeying.
#[derive(Clone, Debug, Default)]
pub struct RekeyOptions {
    pub add_age: Vec<AgeRecipient>,
    pub remove_age: Vec<AgeRecipient>,
}

/// What changed in a rekeyed file besides its data key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rekeyed {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Rekeys the sealed `doc` read from `path` and writes it back atomically.
pub fn rekey(
    path: &Path,
    mut doc: Document,
    opts: &RekeyOptions,
    unwrapper: &dyn KeyUnwrapper,
) -> Result<Rekeyed> {
    let opened = seal::open(&mut doc, unwrapper, false, path)?;
    let (groups, changed) = new_groups(&opened.metadata, opts, path)?;
    let wrappers = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let origin = format!("{} (key group {})", path.display(), i + 1);
            g.iter().map(|r| wrapper_for(r, &origin)).collect()
        })
        .collect::<Result<Vec<Vec<Box<dyn KeyWrapper>>>>>()?;
    let refs: Vec<Vec<&dyn KeyWrapper>> = wrappers
        .iter()
        .map(|g| g.iter().map(|w| w.as_ref()).collect())
        .collect();
    let threshold = opened.metadata.shamir_threshold.map(|t| t as usize);
    let metadata = rekey::rekey(&mut doc, &opened, &refs, threshold, path)?;
    let bytes = document::emit(&doc, doc.format, Some(&metadata.to_json()), path)?;
    crate::atomic::write(path, &bytes)?;
    Ok(changed)
}

/// The file's recipients per group, with the additions and removals applied.
fn new_groups(
    metadata: &Metadata,
    opts: &RekeyOptions,
    path: &Path,
) -> Result<(Vec<Vec<Recipient>>, Rekeyed)> {
    let mut groups = metadata
        .key_groups
        .iter()
        .map(|g| g.keys.iter().map(Recipient::from_master_key).collect())
        .collect::<Result<Vec<Vec<Recipient>>>>()?;
    let mut changed = Rekeyed::default();
    for rm in opts.remove_age.iter().cloned().map(Recipient::Age) {
        for group in groups.iter_mut() {
            let before = group.len();
            group.retain(|r| *r != rm);
            if group.len() != before && !changed.removed.contains(&rm.to_string()) {
                changed.removed.push(rm.to_string());
            }
        }
    }
    if let Some(first) = groups.first_mut() {
        for add in opts.add_age.iter().cloned().map(Recipient::Age) {
            if !first.contains(&add) {
                changed.added.push(add.to_string());
                first.push(add);
            }
        }
    }
    if let Some(i) = groups.iter().position(Vec::is_empty) {
        return Err(Error::Usage(format!(
            "{}: removing those recipients would leave key group {} empty, so no one could open it; keep at least one recipient per group",
            path.display(),
            i + 1
        )));
    }
    Ok((groups, changed))
}
