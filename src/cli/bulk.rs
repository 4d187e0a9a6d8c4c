//! `hush updatekeys` and `hush rekey`: collect the sealed files behind the paths given, run
//! the operation on all of them in parallel (with a progress bar when stderr is a terminal),
//! and render per-file results and a summary.
//!
//! Output: per-file results and the summary on stdout; failures (`hush: FILE: why`) and
//! the progress bar on stderr. Exit code: 0 when no file failed; when one file was named
//! and it failed, that failure's own code (as sops does); otherwise 1.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::args::{RekeyArgs, UpdatekeysArgs};
use crate::cli::creation;
use crate::error::{Error, ExitCode, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::bulk::{self, FileResult, Outcome, Target};
use crate::ops::keys::IdentityUnwrapper;
use crate::ops::rekey::{self, RekeyOptions, Rekeyed};
use crate::ops::updatekeys::{self, Pending, Planned};
use crate::recipients::{AgeRecipient, parse_age_recipients};

/// The tally of a bulk run.
#[derive(Default)]
struct Summary {
    changed: usize,
    unchanged: usize,
    skipped: usize,
    failed: Vec<(PathBuf, Error)>,
}

impl Summary {
    /// Sorts a result into the tally; returns the value of a file that succeeded.
    fn take<T>(&mut self, result: FileResult<T>) -> Option<(PathBuf, T)> {
        match result.outcome {
            Outcome::Done(v) => return Some((result.path, v)),
            Outcome::NotSealed => self.skipped += 1,
            Outcome::Failed(e) => self.failed.push((result.path, e)),
        }
        None
    }

    /// Prints failures (stderr) and the summary line (stdout); returns the exit code.
    fn finish(
        self,
        command: &str,
        changed_word: &str,
        single: bool,
        ids: Option<&Identities>,
    ) -> u8 {
        for (_, e) in &self.failed {
            eprintln!("hush: {e}");
        }
        if let Some(ids) = ids.filter(|_| {
            self.failed
                .iter()
                .any(|(_, e)| matches!(e, Error::NoUsableKey { .. }))
        }) {
            eprintln!("hush: {}", ids.report());
        }
        let mut parts = vec![format!("{} {changed_word}", self.changed)];
        if command == "updatekeys" {
            parts.push(format!("{} already up to date", self.unchanged));
        }
        if !self.failed.is_empty() {
            let names: Vec<String> = self
                .failed
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect();
            parts.push(format!(
                "{} failed: {}",
                self.failed.len(),
                names.join(", ")
            ));
        }
        if self.skipped > 0 {
            parts.push(format!("{} not sealed (skipped)", self.skipped));
        }
        println!("{command}: {}", parts.join(", "));
        match self.failed.as_slice() {
            [] => 0,
            [(_, e)] if single => e.exit_code().code(),
            _ => ExitCode::Generic.code(),
        }
    }
}

/// True when exactly one file was named (its own error code is then the exit code).
fn single_named(targets: &[Target], walk_errors: &[FileResult<()>]) -> bool {
    walk_errors.is_empty() && matches!(targets, [t] if t.named)
}

/// A progress bar on stderr when it is a terminal, else a hidden one.
fn progress(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

fn discover_identities() -> Result<Identities> {
    Identities::discover(&IdentitySources::from_process())
}

pub fn updatekeys(args: UpdatekeysArgs) -> Result<u8> {
    let resolver = creation::resolver(&args.config)?;
    let (targets, walk_errors) = bulk::collect(&args.paths.paths);
    let single = single_named(&targets, &walk_errors);
    let plans = bulk::run(&targets, &|| {}, |path, doc| {
        updatekeys::plan(path, doc, &resolver)
    });
    creation::print_warnings(&resolver);
    let mut summary = Summary::default();
    walk_errors.into_iter().for_each(|r| {
        summary.take(r);
    });
    let mut pending = Vec::new();
    let planned: Vec<_> = plans.into_iter().filter_map(|r| summary.take(r)).collect();
    for (path, planned) in planned {
        match planned {
            Planned::UpToDate => {
                println!("{}: already up to date", path.display());
                summary.unchanged += 1;
            }
            Planned::Pending(p) => {
                print!("{}", describe(&p));
                pending.push(p);
            }
        }
    }
    if !pending.is_empty() && !args.yes && !confirm(pending.len())? {
        println!("updatekeys: no file changed");
        return Ok(0);
    }
    let ids = if pending.is_empty() {
        None
    } else {
        Some(discover_identities()?)
    };
    if let Some(ids) = &ids {
        apply_all(&pending, ids, &mut summary);
    }
    Ok(summary.finish("updatekeys", "updated", single, ids.as_ref()))
}

/// The planned change of one file, as printed before applying it.
fn describe(p: &Pending) -> String {
    let mut s = format!("{}:\n", p.path.display());
    for change in &p.changes {
        for r in &change.added {
            s.push_str(&format!("  group {}: + {r}\n", change.group));
        }
        for r in &change.removed {
            s.push_str(&format!("  group {}: - {r}\n", change.group));
        }
    }
    if let Some((before, after)) = p.threshold_change {
        let show = |t: Option<u64>| t.map_or("none".to_string(), |t| t.to_string());
        s.push_str(&format!(
            "  shamir_threshold: {} -> {}\n",
            show(before),
            show(after)
        ));
    }
    s
}

/// Asks on the terminal; refuses (exit 2) when there is none to ask on.
fn confirm(files: usize) -> Result<bool> {
    let what = if files == 1 {
        "1 file".to_string()
    } else {
        format!("{files} files")
    };
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Error::NeedsConfirmation(format!(
            "updatekeys would change the keys of {what} (listed above) but cannot ask for confirmation without a terminal; pass -y (--yes) to apply the changes"
        )));
    }
    dialoguer::Confirm::new()
        .with_prompt(format!("Update the keys of {what}?"))
        .default(false)
        .interact()
        .map_err(|e| Error::Usage(format!("cannot read the answer: {e}")))
}

fn apply_all(pending: &[Box<Pending>], ids: &Identities, summary: &mut Summary) {
    let unwrapper = IdentityUnwrapper(ids);
    let bar = progress(pending.len());
    let results: Vec<(PathBuf, Result<()>)> = bulk::par_map(pending, &|| bar.inc(1), |p| {
        (p.path.clone(), updatekeys::apply(p, &unwrapper))
    });
    bar.finish_and_clear();
    for (path, r) in results {
        match r {
            Ok(()) => summary.changed += 1,
            Err(e) => summary.failed.push((path, e)),
        }
    }
}

pub fn rekey(args: RekeyArgs) -> Result<u8> {
    let opts = RekeyOptions {
        add_age: age_list(&args.add_age)?,
        remove_age: age_list(&args.rm_age)?,
    };
    let (targets, walk_errors) = bulk::collect(&args.paths.paths);
    let single = single_named(&targets, &walk_errors);
    let ids = discover_identities()?;
    let unwrapper = IdentityUnwrapper(&ids);
    let bar = progress(targets.len());
    let results = bulk::run(&targets, &|| bar.inc(1), |path, doc| {
        rekey::rekey(path, doc, &opts, &unwrapper)
    });
    bar.finish_and_clear();
    let mut summary = Summary::default();
    walk_errors.into_iter().for_each(|r| {
        summary.take(r);
    });
    let done: Vec<_> = results
        .into_iter()
        .filter_map(|r| summary.take(r))
        .collect();
    for (path, done) in done {
        print!("{}", describe_rekey(&path, &done));
        summary.changed += 1;
    }
    Ok(summary.finish("rekey", "rekeyed", single, Some(&ids)))
}

fn describe_rekey(path: &Path, done: &Rekeyed) -> String {
    let mut s = format!("{}: new data key\n", path.display());
    for r in &done.added {
        s.push_str(&format!("  + {r}\n"));
    }
    for r in &done.removed {
        s.push_str(&format!("  - {r}\n"));
    }
    s
}

fn age_list(values: &[String]) -> Result<Vec<AgeRecipient>> {
    let mut out = Vec::new();
    for v in values {
        out.extend(parse_age_recipients(v)?);
    }
    Ok(out)
}
