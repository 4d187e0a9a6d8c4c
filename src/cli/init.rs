//! `hush init`: the wizard (dialoguer prompts on a terminal) or the flags, resolved into
//! [`InitOptions`], then the report. The work itself is in [`crate::ops::init`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

use crate::cli::args::InitArgs;
use crate::error::{Error, Result};
use crate::identities::{Identities, IdentitySources, user_config_dir};
use crate::ops::init::{
    self, ConfigName, ConfigOutcome, IdentityPlan, InitOptions, InitReport, PreCommitOutcome,
};

pub fn run(args: InitArgs) -> Result<()> {
    let start = match &args.dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().map_err(|source| Error::Read {
            path: PathBuf::from("."),
            source,
        })?,
    };
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let config_dir = user_config_dir(std::env::var_os("XDG_CONFIG_HOME"), home.as_deref());
    let found = Identities::discover(&IdentitySources::from_process()).unwrap_or_else(|e| {
        eprintln!("hush: note: looking for your identities failed ({e}); continuing without them");
        Identities::default()
    });
    let interactive =
        !args.yes && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let flags = from_flags(
        &args,
        init::repository_root(&start),
        &found,
        config_dir.as_deref(),
    );
    let opts = if interactive {
        wizard(flags, &found, config_dir.as_deref())?
    } else {
        flags
    };
    let report = init::init(&opts)?;
    eprint!("{}", render(&report, &opts));
    Ok(())
}

/// The options the flags (and defaults) give, with no questions asked.
fn from_flags(
    args: &InitArgs,
    root: PathBuf,
    found: &Identities,
    config_dir: Option<&Path>,
) -> InitOptions {
    let identity = if args.no_identity {
        IdentityPlan::None
    } else if args.keyring {
        IdentityPlan::CreateKeyring
    } else if let Some(path) = &args.identity_file {
        IdentityPlan::CreateFile(path.clone())
    } else {
        init::default_identity_plan(found, config_dir)
    };
    InitOptions {
        root,
        identity,
        other_recipients: args.age.clone(),
        path_regex: args.path_regex.clone(),
        encrypted_regex: args.encrypted_regex.clone(),
        config_name: if args.sops_config {
            ConfigName::Sops
        } else {
            ConfigName::Hush
        },
        force: args.force,
        git_drivers: args.git_drivers,
        pre_commit: args.pre_commit,
    }
}

fn prompt_error(e: dialoguer::Error) -> Error {
    Error::Usage(format!(
        "the prompt was interrupted ({e}); nothing was changed"
    ))
}

/// Asks, with the flags' values as the defaults.
fn wizard(
    mut opts: InitOptions,
    found: &Identities,
    config_dir: Option<&Path>,
) -> Result<InitOptions> {
    let theme = ColorfulTheme::default();
    eprintln!("Setting up hush in {}", opts.root.display());
    opts.identity = ask_identity(&theme, &opts.identity, found, config_dir)?;
    let others: String = Input::with_theme(&theme)
        .with_prompt(
            "Teammates' recipients (age1… or SSH public keys, comma-separated; empty for none)",
        )
        .with_initial_text(opts.other_recipients.join(","))
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_error)?;
    opts.other_recipients = vec![others];
    let path_regex: String = Input::with_theme(&theme)
        .with_prompt("Which files does the rule cover? (regex on the path; empty for every file)")
        .with_initial_text(opts.path_regex.clone().unwrap_or_default())
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_error)?;
    opts.path_regex = Some(path_regex).filter(|r| !r.is_empty());
    if opts.root.join(".git").exists() {
        opts.git_drivers = Confirm::with_theme(&theme)
            .with_prompt("Show sealed files decrypted in `git diff` and merge them value by value (git drivers)?")
            .default(true)
            .interact()
            .map_err(prompt_error)?;
    }
    opts.pre_commit = Confirm::with_theme(&theme)
        .with_prompt("Add a pre-commit hook that blocks commits of plaintext secrets (`hush lint` on the files being committed)?")
        .default(true)
        .interact()
        .map_err(prompt_error)?;
    if let Some(existing) = init::existing_config(&opts.root)
        && !opts.force
    {
        opts.force = Confirm::with_theme(&theme)
            .with_prompt(format!("{} exists; replace it?", existing.display()))
            .default(false)
            .interact()
            .map_err(prompt_error)?;
    }
    Ok(opts)
}

fn ask_identity(
    theme: &ColorfulTheme,
    default: &IdentityPlan,
    found: &Identities,
    config_dir: Option<&Path>,
) -> Result<IdentityPlan> {
    let mut plans: Vec<IdentityPlan> = found
        .public_keys()
        .iter()
        .map(|k| IdentityPlan::Existing(k.recipient.clone()))
        .collect();
    let mut labels: Vec<String> = found
        .public_keys()
        .iter()
        .map(|k| format!("use {} (from {})", k.recipient, k.source))
        .collect();
    let file = match default {
        IdentityPlan::CreateFile(p) => Some(p.clone()),
        _ => config_dir.map(init::default_identity_file),
    };
    if let Some(file) = file.filter(|f| !f.exists()) {
        labels.push(format!("create a new identity in {}", file.display()));
        plans.push(IdentityPlan::CreateFile(file));
    }
    labels.push("create a new identity in the OS keyring".into());
    plans.push(IdentityPlan::CreateKeyring);
    labels.push("none of my own (only teammates' recipients)".into());
    plans.push(IdentityPlan::None);
    let chosen = Select::with_theme(theme)
        .with_prompt("Your identity")
        .items(&labels)
        .default(plans.iter().position(|p| p == default).unwrap_or(0))
        .interact()
        .map_err(prompt_error)?;
    Ok(plans.swap_remove(chosen))
}

fn render(report: &InitReport, opts: &InitOptions) -> String {
    let mut out = String::new();
    if let Some(place) = &report.created_identity_in {
        out.push_str(&format!(
            "Created a new identity in {place}. Back it up: whoever holds it opens every file sealed for it.\n"
        ));
    }
    if let Some(own) = &report.own_recipient {
        out.push_str(&format!("Your recipient (public key): {own}\n"));
    }
    match &report.config {
        ConfigOutcome::Written(path) => {
            let scope = opts
                .path_regex
                .as_deref()
                .map(|r| format!("files matching `{r}`"))
                .unwrap_or_else(|| "every file".into());
            out.push_str(&format!(
                "Wrote {}: {scope} sealed for {} recipient{}.\n\
                 Next: `hush encrypt -i FILE` seals a file for them; commit {} with your sealed files.\n",
                path.display(),
                report.recipients.len(),
                if report.recipients.len() == 1 { "" } else { "s" },
                path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            ));
        }
        ConfigOutcome::KeptExisting(path) => {
            out.push_str(&format!(
                "{} already holds creation rules; left unchanged (--force replaces it).\n",
                path.display()
            ));
            if let Some(own) = &report.own_recipient {
                out.push_str(&format!(
                    "To get access, ask a teammate who can open the files to add {own} to the rule and run `hush updatekeys -y .`\n"
                ));
            }
        }
    }
    if let Some(plan) = &report.git_setup {
        out.push_str(&crate::cli::git::plan_text(plan, false));
    }
    match &report.pre_commit {
        Some(PreCommitOutcome::Written(path)) => out.push_str(&format!(
            "Wrote {} with the hush-lint hook; run `pre-commit install` to turn it on.\n",
            path.display()
        )),
        Some(PreCommitOutcome::AlreadyThere(path)) => {
            out.push_str(&format!("{} already runs hush-lint.\n", path.display()))
        }
        Some(PreCommitOutcome::LeftAlone(path)) => out.push_str(&format!(
            "{} exists and was left as it is; add this under its `repos:`:\n{}",
            path.display(),
            init::PRE_COMMIT_HOOK
        )),
        None => {}
    }
    out
}
