//! `hush groups add|delete`: resolves the flags into [`crate::ops::groups`] options and
//! writes the result (stdout, or the file itself with `-i`).

use crate::cli::args::{GroupsArgs, GroupsCommand, GroupsFileArgs, RecipientArgs};
use crate::document::Format;
use crate::error::Result;
use crate::identities::{Identities, IdentitySources};
use crate::ops::groups::{self, GroupChange, GroupsOptions};
use crate::ops::io::{Input, Output};
use crate::ops::keys::{self, IdentityUnwrapper, RecipientFlags};

pub fn run(args: GroupsArgs) -> Result<()> {
    match args.command {
        GroupsCommand::Add(add) => {
            let wrappers = recipient_flags(&add.recipients).wrappers()?;
            change(add.target, GroupChange::Add(wrappers))
        }
        GroupsCommand::Delete(delete) => change(delete.target, GroupChange::Delete(delete.index)),
    }
}

/// The recipient flags as the operations take them.
pub fn recipient_flags(args: &RecipientArgs) -> RecipientFlags<'_> {
    RecipientFlags {
        age: &args.age,
        kms: &args.kms,
        encryption_context: args.encryption_context.as_deref(),
        aws_profile: args.aws_profile.as_deref(),
        gcp_kms: &args.gcp_kms,
        azure_kv: &args.azure_kv,
        hc_vault_transit: &args.hc_vault_transit,
    }
}

fn change(target: GroupsFileArgs, change: GroupChange) -> Result<()> {
    let input = Input::File(target.file);
    let format = input.format(target.input_type.map(Format::from))?;
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let bytes = groups::change_groups(GroupsOptions {
        input: input.clone(),
        format,
        unwrapper: &IdentityUnwrapper(&identities),
        change,
        shamir_threshold: target.shamir_threshold,
    })
    .map_err(|e| super::run::with_identity_report(e, &identities))?;
    Output::resolve(target.in_place, None).write(&input, &bytes)
}

/// `encrypt`'s key groups from its flags: the recipient flags, then one group per
/// `--key-group`; empty when no recipient flag was given.
pub fn flag_groups(
    args: &crate::cli::args::EncryptArgs,
) -> Result<Vec<Vec<Box<dyn crate::envelope::seal::KeyWrapper>>>> {
    let flags = recipient_flags(&args.recipients);
    let context = flags.context()?;
    let mut groups = vec![flags.wrappers()?];
    for spec in &args.key_group {
        groups.push(keys::key_group_wrappers(spec, &context, flags.aws_profile)?);
    }
    groups.retain(|g| !g.is_empty());
    if !groups.is_empty() {
        keys::check_threshold(args.shamir_threshold.map(usize::from), groups.len())?;
    }
    Ok(groups)
}
