//! `hush git setup | textconv | merge-driver`: resolves flags, runs the git operations and
//! prints their results (see `ops::git`).

use std::io::Write;
use std::path::Path;

use crate::cli::args::{GitCommand, GitMergeDriverArgs, GitSetupArgs, GitTextconvArgs};
use crate::document::Format;
use crate::document::merge::Side;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::{Error, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::git::merge_driver::{self, MergeReport, MergeRequest, WrittenOn};
use crate::ops::git::merge_keys::{KeyChoice, KeyReason};
use crate::ops::git::setup::{self, Scope, SetupOptions, SetupPlan};
use crate::ops::git::textconv;
use crate::ops::io::Input;
use crate::ops::keys::IdentityUnwrapper;

/// Runs one `hush git` command; returns its exit code.
pub fn run(command: GitCommand) -> Result<u8> {
    match command {
        GitCommand::Setup(args) => setup(args).map(|_| 0),
        GitCommand::Textconv(args) => textconv(args).map(|_| 0),
        GitCommand::MergeDriver(args) => merge_driver(args),
    }
}

fn setup(args: GitSetupArgs) -> Result<()> {
    let command = if args.absolute {
        let exe = std::env::current_exe()
            .map_err(|e| Error::Usage(format!("cannot find this hush binary's path: {e}")))?;
        shell_words::quote(&exe.to_string_lossy()).into_owned()
    } else {
        "hush".to_string()
    };
    let patterns = if args.patterns.is_empty() {
        setup::DEFAULT_PATTERNS.map(String::from).to_vec()
    } else {
        args.patterns
    };
    let dir =
        std::env::current_dir().map_err(|e| Error::Usage(format!("no working directory: {e}")))?;
    let plan = setup::plan(&SetupOptions {
        patterns,
        scope: if args.global {
            Scope::Global
        } else {
            Scope::Repository
        },
        command,
        dir,
    })?;
    if !args.dry_run {
        setup::apply(&plan)?;
    }
    print_plan(&plan, args.dry_run);
    Ok(())
}

fn print_plan(plan: &SetupPlan, dry_run: bool) {
    let _ = std::io::stdout()
        .lock()
        .write_all(plan_text(plan, dry_run).as_bytes());
}

/// What `git setup` did (or would do), one line per attribute and setting.
pub fn plan_text(plan: &SetupPlan, dry_run: bool) -> String {
    let verb = if dry_run { "would add" } else { "added" };
    let mut out = String::new();
    let attributes = plan.attributes_file.display();
    for line in &plan.attribute_lines {
        out.push_str(&format!("{attributes}: {verb} `{line}`\n"));
    }
    let scope = match plan.scope {
        Scope::Repository => "--local",
        Scope::Global => "--global",
    };
    for c in &plan.config {
        let cmd = format!(
            "git config {scope} {} {}",
            c.key,
            shell_words::quote(&c.value)
        );
        match (c.needed(), dry_run) {
            (false, _) => out.push_str(&format!("{cmd}   (already set)\n")),
            (true, true) => out.push_str(&format!("would run: {cmd}\n")),
            (true, false) => out.push_str(&format!("ran: {cmd}\n")),
        }
    }
    if plan.is_done() {
        out.push_str("git is already set up for hush; nothing changed\n");
    }
    out
}

fn identities_or_none() -> Option<Identities> {
    Identities::discover(&IdentitySources::from_process()).ok()
}

fn textconv(args: GitTextconvArgs) -> Result<()> {
    let input = Input::File(args.file);
    let format = input.format(args.input_type.map(Format::from))?;
    let identities = identities_or_none();
    let unwrapper = identities.as_ref().map(IdentityUnwrapper);
    let converted = textconv::textconv(
        &input,
        format,
        unwrapper.as_ref().map(|u| u as &dyn KeyUnwrapper),
    )?;
    let mut out = std::io::stdout().lock();
    match out.write_all(&converted.bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: Path::new("<stdout>").to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn merge_driver(args: GitMergeDriverArgs) -> Result<u8> {
    let format = args
        .input_type
        .map(Format::from)
        .unwrap_or_else(|| Format::from_path(&args.path));
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let unwrapper = IdentityUnwrapper(&identities);
    let merged = merge_driver::merge_files(&MergeRequest {
        base: &args.base,
        ours: &args.ours,
        theirs: &args.theirs,
        path: &args.path,
        format,
        unwrapper: &unwrapper,
    });
    match merged {
        Ok(report) => {
            eprint!("{}", merge_message(&args.path, &report));
            Ok(if report.conflicts.is_empty() { 0 } else { 1 })
        }
        Err(e) => {
            let e = crate::cli::run::with_identity_report(e, &identities);
            eprintln!("hush: {e}");
            eprintln!(
                "hush: {}: not merged; our version is left as it was and git reports a conflict",
                args.path.display()
            );
            Ok(e.exit_code().code())
        }
    }
}

/// What the merge driver tells the user: conflicts (key paths only), and anything that
/// changed in how the file is sealed or laid out.
fn merge_message(path: &Path, report: &MergeReport) -> String {
    let file = path.display();
    let mut msg = String::new();
    if !report.conflicts.is_empty() {
        msg.push_str(&format!(
            "hush: {file}: {} value(s) changed on both sides; each now holds both versions between \
             `<<<<<<< ours` and `>>>>>>> theirs`; resolve them with `hush edit {file}`, \
             then `git add {file}`:\n",
            report.conflicts.len()
        ));
        for c in &report.conflicts {
            msg.push_str(&format!("  {} ({})\n", c.path, c.kind.describe()));
        }
    }
    if report.written_on == WrittenOn::Fresh {
        msg.push_str(&format!(
            "hush: {file}: both sides added or removed keys and their layouts could not be combined; the merged file is written in sops' layout\n"
        ));
    }
    if let Some(note) = keys_note(&report.keys) {
        msg.push_str(&format!("hush: {file}: {note}\n"));
    }
    msg
}

/// Which side's keys the merged file is sealed under, when that is news (see
/// `ops::git::merge_keys`).
fn keys_note(keys: &KeyChoice) -> Option<String> {
    Some(match (&keys.reason, keys.side) {
        (KeyReason::Same, _) | (KeyReason::RecipientsChanged(_), Side::Ours) => return None,
        (KeyReason::RecipientsChanged(changes), Side::Theirs) => format!(
            "theirs changed the recipients ({}); the result is sealed under theirs's recipients \
             and data key",
            changes.join(", ")
        ),
        (KeyReason::Rekeyed, Side::Theirs) => {
            "theirs has a new data key (rekey); the result is sealed under it and our changes \
             are re-encrypted"
                .into()
        }
        (KeyReason::Rekeyed, Side::Ours) => {
            "ours has a new data key (rekey); theirs's changes are re-encrypted under it".into()
        }
        (KeyReason::BothNewKeys, _) => "the two sides have different new data keys (rekeyed on \
             both sides, or added on both); the result is sealed under ours and theirs's changes \
             are re-encrypted"
            .into(),
    })
}
