//! `hush encrypt`'s recipients and settings: the flags when given, else the creation rule
//! that applies to the file (as sops: any recipient flag replaces the rule's recipients,
//! while the rule's encryption rule, `mac_only_encrypted` and `shamir_threshold` still apply
//! unless a flag sets them).

use std::path::{Path, PathBuf};

use crate::cli::args::{ConfigArgs, EncryptArgs};
use crate::config::{ConfigSource, Resolver, RuleMatch};
use crate::envelope::rules::Rule;
use crate::envelope::seal::KeyWrapper;
use crate::error::{Error, Result};
use crate::ops::keys::{EncryptKeys, wrapper_for};

/// The resolver for `--config`, `HUSH_CONFIG`, `SOPS_CONFIG` or discovery. Prints nothing;
/// call [`print_warnings`] once the configs were used.
pub fn resolver(args: &ConfigArgs) -> Result<Resolver> {
    Resolver::new(&ConfigSource::resolve(args.config.clone(), |v| {
        std::env::var_os(v)
    }))
}

/// Prints what the loaded config files had that was ignored.
pub fn print_warnings(resolver: &Resolver) {
    for config in resolver.loaded() {
        for w in &config.warnings {
            eprintln!("hush: warning: {w}");
        }
    }
}

/// Resolves encrypt's keys and rules from its flags and the applicable creation rule.
pub fn encrypt_keys(args: &EncryptArgs, flag_rule: Option<Rule>) -> Result<EncryptKeys> {
    let flags = EncryptKeys {
        wrappers: super::groups::flag_groups(args)?,
        shamir_threshold: args.shamir_threshold.map(usize::from),
        rule: flag_rule,
        mac_only_encrypted: args.mac_only_encrypted,
    };
    let have_flags = flags.wrappers.iter().any(|g| !g.is_empty());
    let Some(target) = rule_target(&args.io.file, args.io.output.as_deref()) else {
        return if have_flags {
            Ok(flags)
        } else {
            Err(Error::NoRecipients)
        };
    };
    if !have_flags {
        return rule_keys(&args.config, &target, flags);
    }
    let resolver = resolver(&args.config)?;
    let lookup = resolver.lookup(&target)?;
    print_warnings(&resolver);
    Ok(with_rule_settings(flags, lookup.rule()))
}

/// `base` with its recipients replaced by those of the creation rule that applies to
/// `target`, and the settings `base` leaves unset taken from that rule.
pub fn rule_keys(config: &ConfigArgs, target: &Path, base: EncryptKeys) -> Result<EncryptKeys> {
    let resolver = resolver(config)?;
    let lookup = resolver.lookup(target)?;
    print_warnings(&resolver);
    let found = lookup.require(target)?;
    let wrappers = rule_wrappers(&found)?;
    Ok(with_rule_settings(
        EncryptKeys { wrappers, ..base },
        Some(found),
    ))
}

/// The file whose creation rule applies: the input, else the `-o` file for stdin.
fn rule_target(file: &str, output: Option<&Path>) -> Option<PathBuf> {
    match (file, output) {
        ("-", Some(out)) if out.as_os_str() != "-" => Some(out.to_path_buf()),
        ("-", _) => None,
        (f, _) => Some(PathBuf::from(f)),
    }
}

/// Fills settings the flags left unset from the rule.
fn with_rule_settings(mut keys: EncryptKeys, found: Option<RuleMatch>) -> EncryptKeys {
    if let Some(found) = found {
        let rule = found.rule();
        keys.shamir_threshold = keys.shamir_threshold.or(rule.shamir_threshold);
        keys.rule = keys.rule.or_else(|| rule.rule.clone());
        keys.mac_only_encrypted |= rule.mac_only_encrypted;
    }
    keys
}

/// A wrapper per recipient of the rule; a kind hush cannot wrap yet is an error naming
/// where the rule names it.
fn rule_wrappers(found: &RuleMatch) -> Result<Vec<Vec<Box<dyn KeyWrapper>>>> {
    found
        .rule()
        .key_groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|r| wrapper_for(&r.recipient, &found.origin(r.location)))
                .collect()
        })
        .collect()
}
