//! `hush rotate`: rotate the named secrets, or with `--due` those of the `secrets:` policy
//! older than their `max_age`; then run their `on_rotate` actions (`--due` also finishes
//! the actions a failed or interrupted run left pending). Every rotation, action and action
//! failure is recorded in the audit log. A failure is reported and the other secrets still
//! run; the exit code is the first failure's (0 when all succeeded, 86 for `--due --dry-run`
//! when something is due).
//!
//! Named secrets rotate concurrently (`--jobs` at a time; one secret named twice rotates
//! twice, one after the other); what each printed is shown after all finished, in the order
//! they were named. The `on_rotate` actions run one at a time, as two secrets' actions may
//! re-seal the same file.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::cli::args::RotateArgs;
use crate::cli::creation;
use crate::cli::rotation::Context;
use crate::config::secrets::SecretPolicy;
use crate::error::{Error, ExitCode, Result};
use crate::ops::keys::IdentityUnwrapper;
use crate::rotation::actions::{self, ActionContext};
use crate::rotation::backend::Backend;
use crate::rotation::due::{self, Standing};
use crate::rotation::generate::{DEFAULT_SPEC, Generator};
use crate::rotation::ops::{self, RotateOptions, Rotated};
use crate::rotation::parallel;
use crate::rotation::pending::Pending;
use crate::rotation::reference::Reference;

/// The policy of the config file that applies here: its entries and its directory.
struct Policy {
    secrets: Vec<SecretPolicy>,
    base: PathBuf,
    /// The config file, if one was found.
    path: Option<PathBuf>,
}

impl Policy {
    /// The `secrets:` of `--config`/`HUSH_CONFIG`, else of the nearest config file above
    /// the current directory (none: an empty policy).
    fn load(ctx: &Context) -> Result<Policy> {
        let resolver = creation::resolver(&ctx.config)?;
        let here = std::env::current_dir().map_err(|source| Error::Read {
            path: PathBuf::from("."),
            source,
        })?;
        let config = resolver.config_for(&here.join(crate::config::CONFIG_NAMES[0]))?;
        creation::print_warnings(&resolver);
        Ok(match config {
            Some(c) => Policy {
                secrets: c.secrets.clone(),
                base: actions::base_dir(&c.path),
                path: Some(c.path.clone()),
            },
            None => Policy {
                secrets: Vec::new(),
                base: here,
                path: None,
            },
        })
    }

    /// Where the policy was looked for, for messages.
    fn origin(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "no .hush.yaml above the current directory".into(),
        }
    }

    /// The entry for `reference` (compared in canonical form).
    fn entry(&self, reference: &str) -> Option<&SecretPolicy> {
        let canonical = Reference::parse(reference).ok()?.canonical();
        self.secrets
            .iter()
            .find(|p| Reference::parse(&p.reference).is_ok_and(|r| r.canonical() == canonical))
    }
}

/// Collects the exit code of the first failure.
#[derive(Default)]
struct Outcome {
    code: u8,
}

impl Outcome {
    fn fail(&mut self, e: &Error) {
        eprintln!("hush: {e}");
        self.set(e.exit_code().code());
    }

    /// Prints what one secret's run reported, then its failure if any.
    fn render(&mut self, report: Report) {
        for line in report.lines {
            println!("{line}");
        }
        if let Err(e) = report.result {
            self.fail(&e);
        }
    }

    fn set(&mut self, code: u8) {
        if self.code == 0 {
            self.code = code;
        }
    }
}

/// `hush rotate`.
pub fn rotate(args: RotateArgs) -> Result<u8> {
    let flag_generator = args.generate.as_deref().map(Generator::parse).transpose()?;
    let ctx = Context::new(args.store)?;
    let policy = Policy::load(&ctx)?;
    let run = Run {
        ctx: &ctx,
        policy: &policy,
        flag_generator,
        dry_run: args.dry_run,
        stage_only: args.stage_only,
        actions: Mutex::new(()),
    };
    let mut outcome = Outcome::default();
    if args.due {
        run.due(&mut outcome)?;
    } else {
        let reports = parallel::run(
            &args.references,
            usize::from(args.jobs),
            |r| same_secret(r),
            |reference| {
                if args.actions_only {
                    run.actions_only(reference)
                } else {
                    run.one(reference)
                }
            },
        );
        for report in reports {
            outcome.render(report);
        }
    }
    Ok(outcome.code)
}

/// The key under which references name the same secret (their canonical form; an
/// unparsable one stands for itself and fails on its own).
fn same_secret(reference: &str) -> String {
    Reference::parse(reference).map_or_else(|_| reference.to_string(), |r| r.canonical())
}

/// What the run of one secret printed and how it ended.
struct Report {
    lines: Vec<String>,
    result: Result<()>,
}

impl Report {
    fn new() -> Report {
        Report {
            lines: Vec::new(),
            result: Ok(()),
        }
    }
}

struct Run<'a> {
    ctx: &'a Context,
    policy: &'a Policy,
    flag_generator: Option<Generator>,
    dry_run: bool,
    stage_only: bool,
    /// Held while `on_rotate` actions run: they may touch the same files.
    actions: Mutex<()>,
}

impl Run<'_> {
    /// `--due`: each policy secret older than its max_age is rotated (listed under
    /// --dry-run); one whose last rotation left actions pending gets those instead.
    fn due(&self, outcome: &mut Outcome) -> Result<()> {
        if self.policy.secrets.is_empty() {
            return Err(Error::Usage(format!(
                "--due rotates the secrets listed under `secrets:` in .hush.yaml, and there are none ({})",
                self.policy.origin()
            )));
        }
        let now = chrono::Utc::now();
        for entry in &self.policy.secrets {
            let mut lines = Vec::new();
            let result = self.ctx.with_backend(&entry.reference, |b, canonical| {
                if self.resume_actions(b, canonical, entry, outcome, &mut lines)? {
                    return Ok(None);
                }
                let standing = due::standing(&b.versions()?, entry.max_age, now);
                lines.push(describe_standing(canonical, &standing, entry));
                Ok(Some((standing, canonical.to_string())))
            });
            for line in lines {
                println!("{line}");
            }
            match result {
                Err(e) => outcome.fail(&e),
                Ok(None) => {}
                Ok(Some((Standing::Missing, canonical))) => {
                    outcome.fail(&Error::SecretNotFound {
                        reference: canonical,
                    });
                }
                Ok(Some((standing, _))) if standing.is_due() => {
                    if self.dry_run {
                        outcome.set(ExitCode::RotationDue.code());
                    } else {
                        outcome.render(self.one(&entry.reference));
                    }
                }
                Ok(Some(_)) => {}
            }
        }
        Ok(())
    }

    /// Runs the actions a rotation of the current version left pending (listed under
    /// --dry-run). Returns whether there were any; a stale record (for a version no longer
    /// current) is dropped.
    fn resume_actions(
        &self,
        b: &dyn Backend,
        canonical: &str,
        entry: &SecretPolicy,
        outcome: &mut Outcome,
        lines: &mut Vec<String>,
    ) -> Result<bool> {
        let file = self.ctx.pending(canonical);
        let Some(pending) = file.load()? else {
            return Ok(false);
        };
        if b.current()?.as_deref() != Some(pending.version.as_str())
            || pending.next >= entry.on_rotate.len()
        {
            file.clear()?;
            return Ok(false);
        }
        let from = entry.on_rotate[pending.next].describe(pending.next);
        lines.push(format!(
            "{canonical}: on_rotate actions of version {} pending from {from}",
            pending.version
        ));
        if self.dry_run {
            outcome.set(ExitCode::RotationDue.code());
        } else {
            let at = (pending.version.as_str(), pending.next);
            self.run_actions(b, canonical, at, entry, lines)?;
        }
        Ok(true)
    }

    /// Rotates one secret, then runs its actions when a new version became current.
    fn one(&self, reference: &str) -> Report {
        let mut report = Report::new();
        let entry = self.policy.entry(reference);
        let generator = match (&self.flag_generator, entry) {
            (Some(g), _) => g.clone(),
            (None, Some(p)) => p.generate.clone(),
            (None, None) => match Generator::parse(DEFAULT_SPEC) {
                Ok(g) => g,
                Err(e) => {
                    report.result = Err(e);
                    return report;
                }
            },
        };
        let lines = &mut report.lines;
        report.result = self.ctx.with_backend(reference, |b, canonical| {
            let opts = RotateOptions {
                reference: canonical,
                generator: &generator,
                dry_run: self.dry_run,
                stage_only: self.stage_only,
            };
            let rotated = ops::rotate(b, &self.ctx.journal(canonical), &opts);
            if !self.dry_run {
                self.ctx
                    .record("rotate", canonical, rotated_versions(&rotated), &rotated)?;
            }
            let rotated = rotated?;
            lines.push(describe(canonical, &rotated));
            if let (Some(entry), Rotated::Done { to, .. } | Rotated::Resumed { to, .. }) =
                (entry, &rotated)
            {
                self.run_actions(b, canonical, (to, 0), entry, lines)?;
            }
            Ok(())
        });
        report
    }

    /// `--actions-only`: the actions again, with the current value.
    fn actions_only(&self, reference: &str) -> Report {
        let mut report = Report::new();
        let lines = &mut report.lines;
        report.result = self.ctx.with_backend(reference, |b, canonical| {
            let entry = self
                .policy
                .entry(reference)
                .filter(|e| !e.on_rotate.is_empty())
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "{canonical}: no on_rotate actions for it under `secrets:` ({})",
                        self.policy.origin()
                    ))
                })?;
            let current = b.current()?.ok_or_else(|| Error::SecretNotFound {
                reference: canonical.to_string(),
            })?;
            self.run_actions(b, canonical, (&current, 0), entry, lines)
        });
        report
    }

    /// Runs the actions of `version` from index `start` in order, each audited, holding the
    /// reference's rotation lock and the actions lock of this run; stops at the first
    /// failure and names it. What is left is recorded in the pending-actions file until
    /// every action succeeded. Progress lines are added to `lines`.
    fn run_actions(
        &self,
        b: &dyn Backend,
        canonical: &str,
        (version, start): (&str, usize),
        entry: &SecretPolicy,
        lines: &mut Vec<String>,
    ) -> Result<()> {
        if entry.on_rotate.is_empty() {
            return Ok(());
        }
        let _claim = self.ctx.journal(canonical).claim(canonical)?;
        let _one_at_a_time = self.actions.lock().unwrap_or_else(|p| p.into_inner());
        let file = self.ctx.pending(canonical);
        let mut pending = Pending {
            reference: canonical.to_string(),
            version: version.to_string(),
            next: start,
        };
        file.save(&pending)?;
        let value = b.get(Some(version))?;
        let unwrapper = IdentityUnwrapper(&self.ctx.identities);
        let cx = ActionContext {
            reference: canonical,
            version,
            value: &value,
            base: &self.policy.base,
            unwrapper: &unwrapper,
        };
        for (i, action) in entry.on_rotate.iter().enumerate().skip(start) {
            let name = action.describe(i);
            let result = actions::run(action, &cx).map_err(|reason| Error::OnRotateFailed {
                reference: canonical.to_string(),
                action: name.clone(),
                reason,
            });
            let versions = (None, Some(version.to_string()));
            self.ctx.record_detail(
                "on_rotate",
                canonical,
                versions,
                Some(name.clone()),
                &result,
            )?;
            result?;
            lines.push(format!("{canonical}: on_rotate {name}: done"));
            pending.next = i + 1;
            file.save(&pending)?;
        }
        file.clear()
    }
}

fn rotated_versions(outcome: &Result<Rotated>) -> (Option<String>, Option<String>) {
    match outcome {
        Ok(
            Rotated::Done { from, to }
            | Rotated::Resumed { from, to }
            | Rotated::Staged { from, to },
        ) => (Some(from.clone()), Some(to.clone())),
        Ok(Rotated::Undone { current }) => (Some(current.clone()), None),
        Ok(Rotated::Planned { from }) => (Some(from.clone()), None),
        Err(_) => (None, None),
    }
}

fn describe(reference: &str, r: &Rotated) -> String {
    match r {
        Rotated::Done { from, to } => format!("{reference}: rotated, version {from} -> {to}"),
        Rotated::Resumed { from, to } => {
            format!("{reference}: finished an interrupted rotation, version {from} -> {to}")
        }
        Rotated::Undone { current } => format!(
            "{reference}: undid an interrupted rotation that staged nothing; version {current} stays current (run hush rotate again)"
        ),
        Rotated::Staged { from, to } => format!(
            "{reference}: staged version {to} (current is still {from}); `hush rotate {reference}` promotes it"
        ),
        Rotated::Planned { from } => format!("{reference}: would rotate (current version {from})"),
    }
}

fn describe_standing(reference: &str, s: &Standing, entry: &SecretPolicy) -> String {
    let max = entry.max_age.map(due::show).unwrap_or_default();
    match s {
        Standing::Due { version, age } => format!(
            "{reference}: due: version {version} is {} old (max_age {max})",
            due::show(*age)
        ),
        Standing::Fresh { version, age } => format!(
            "{reference}: not due: version {version} is {} old (max_age {max})",
            due::show(*age)
        ),
        Standing::NoMaxAge => format!("{reference}: no max_age, only rotated when named"),
        Standing::Missing => format!("{reference}: does not exist"),
        Standing::UnknownAge { version } => {
            format!("{reference}: due: the creation time of version {version} cannot be read")
        }
    }
}
