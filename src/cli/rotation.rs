//! `hush secret put|get|versions`, `hush rotate`, `hush rollback`, `hush audit verify`:
//! resolve the store, the backend of a reference and the audit log, run the rotation
//! operation, record it in the audit log and render the result.

use std::io::Write;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::audit::{self, Event};
use crate::cli::args::{AuditCommand, RollbackArgs, RotateArgs, SecretCommand};
use crate::cli::creation;
use crate::cli::rotation_args::{
    SecretGetArgs, SecretPutArgs, SecretVersionsArgs, StoreArgs, VersionsFormat,
};
use crate::error::{Error, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::keys::{EncryptKeys, IdentityUnwrapper};
use crate::rotation::backend::Backend;
use crate::rotation::generate::Generator;
use crate::rotation::journal::Journal;
use crate::rotation::local::LocalStore;
use crate::rotation::ops::{self, RotateOptions, Rotated};
use crate::rotation::reference::Reference;
use crate::rotation::sealer::EnvelopeSealer;

/// `hush secret ...`.
pub fn secret(command: SecretCommand) -> Result<u8> {
    match command {
        SecretCommand::Put(args) => put(args),
        SecretCommand::Get(args) => get(args),
        SecretCommand::Versions(args) => versions(args),
    }
    .map(|()| 0)
}

/// `hush audit ...`.
pub fn audit(command: AuditCommand) -> Result<u8> {
    let AuditCommand::Verify(args) = command;
    let log = log_path(args.log)?;
    let n = audit::verify(&log)?;
    println!("{}: {n} entries, chain intact", log.display());
    Ok(0)
}

/// What a command needs to reach secrets: the store directory, identities and config.
struct Context {
    store: PathBuf,
    log: PathBuf,
    identities: Identities,
    config: crate::cli::args::ConfigArgs,
}

impl Context {
    fn new(args: StoreArgs) -> Result<Context> {
        Ok(Context {
            store: args.store.unwrap_or_else(default_store),
            log: log_path(args.log)?,
            identities: Identities::discover(&IdentitySources::from_process())?,
            config: args.config,
        })
    }

    /// Runs `f` with the backend of `reference` (its canonical form is passed along).
    fn with_backend<T>(
        &self,
        reference: &str,
        f: impl FnOnce(&dyn Backend, &str) -> Result<T>,
    ) -> Result<T> {
        let parsed = Reference::parse(reference)?;
        let canonical = parsed.canonical();
        match parsed {
            Reference::Local { name } => {
                let unwrapper = IdentityUnwrapper(&self.identities);
                let sealer = EnvelopeSealer {
                    keys: Box::new(|target: &Path| {
                        creation::rule_keys(&self.config, target, no_keys())
                    }),
                    unwrapper: &unwrapper,
                };
                f(&LocalStore::new(&self.store, &name, &sealer), &canonical)
            }
            Reference::Vault { mount, path, field } => vault(&mount, &path, &field, &canonical, f),
            Reference::AwsSm { .. } => Err(unsupported(&canonical, "aws-sm")),
            Reference::GcpSm { .. } => Err(unsupported(&canonical, "gcp-sm")),
            Reference::AzureKv { vault, name } => azure_kv(&vault, &name, &canonical, f),
            Reference::Etcd { .. } => Err(unsupported(&canonical, "etcd")),
            Reference::Keyring { .. } => Err(unsupported(&canonical, "keyring")),
        }
    }

    fn journal(&self, canonical: &str) -> Journal {
        Journal::new(&self.store.join(".journal"), canonical)
    }

    /// Appends an event for `op` on `reference` with the outcome of `result`.
    fn record<T>(
        &self,
        op: &str,
        reference: &str,
        versions: (Option<String>, Option<String>),
        result: &Result<T>,
    ) -> Result<()> {
        let outcome = match result {
            Ok(_) => "ok".to_string(),
            Err(Error::RotationConflict { .. }) => "conflict".to_string(),
            Err(e) => format!("error: {e}"),
        };
        audit::append(
            &self.log,
            Event {
                op: op.into(),
                reference: reference.into(),
                from: versions.0,
                to: versions.1,
                outcome,
            },
        )
    }
}

#[cfg(feature = "vault-transit")]
fn vault<T>(
    mount: &str,
    path: &str,
    field: &str,
    canonical: &str,
    f: impl FnOnce(&dyn Backend, &str) -> Result<T>,
) -> Result<T> {
    let backend = crate::rotation::vault::VaultKv::from_env(mount, path, field)?;
    f(&backend, canonical)
}

#[cfg(not(feature = "vault-transit"))]
fn vault<T>(
    _: &str,
    _: &str,
    _: &str,
    _: &str,
    _: impl FnOnce(&dyn Backend, &str) -> Result<T>,
) -> Result<T> {
    Err(Error::FeatureDisabled {
        kind: "vault: secret",
        feature: "vault-transit",
    })
}

#[cfg(feature = "azure-kv")]
fn azure_kv<T>(
    vault: &str,
    name: &str,
    canonical: &str,
    f: impl FnOnce(&dyn Backend, &str) -> Result<T>,
) -> Result<T> {
    let backend = crate::rotation::azure_kv::AzureKv::new(vault, name)?;
    f(&backend, canonical)
}

#[cfg(not(feature = "azure-kv"))]
fn azure_kv<T>(
    _: &str,
    _: &str,
    _: &str,
    _: impl FnOnce(&dyn Backend, &str) -> Result<T>,
) -> Result<T> {
    Err(Error::FeatureDisabled {
        kind: "azure-kv: secret",
        feature: "azure-kv",
    })
}

fn no_keys() -> EncryptKeys {
    EncryptKeys {
        wrappers: Vec::new(),
        shamir_threshold: None,
        rule: None,
        mac_only_encrypted: false,
    }
}

fn unsupported(reference: &str, scheme: &str) -> Error {
    Error::BackendUnsupported {
        reference: reference.to_string(),
        scheme: scheme.to_string(),
    }
}

/// `.hush/secrets` at the root of the enclosing git repository, else in the current directory.
fn default_store() -> PathBuf {
    let cwd = PathBuf::from(".");
    let root = std::env::current_dir()
        .ok()
        .and_then(|d| {
            d.ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf)
        })
        .unwrap_or(cwd);
    root.join(".hush").join("secrets")
}

fn log_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    flag.or_else(audit::default_path).ok_or_else(|| {
        Error::Usage(
            "no audit log location: set --log, HUSH_AUDIT_LOG, XDG_DATA_HOME or HOME".into(),
        )
    })
}

fn put(args: SecretPutArgs) -> Result<()> {
    let value = put_value(&args)?;
    let ctx = Context::new(args.store)?;
    let (outcome, canonical) = ctx.with_backend(&args.reference, |backend, canonical| {
        Ok((ops::put(backend, &value), canonical.to_string()))
    })?;
    let versions = match &outcome {
        Ok((from, to)) => (from.clone(), Some(to.clone())),
        Err(_) => (None, None),
    };
    ctx.record("put", &canonical, versions, &outcome)?;
    let (_, to) = outcome?;
    eprintln!("{canonical}: version {to} is current");
    Ok(())
}

fn put_value(args: &SecretPutArgs) -> Result<Zeroizing<Vec<u8>>> {
    if let Some(spec) = &args.generate {
        return Ok(Generator::parse(spec)?.generate());
    }
    let input = match &args.value_file {
        Some(f) => crate::ops::io::Input::File(f.clone()),
        None => crate::ops::io::Input::Stdin,
    };
    let value = Zeroizing::new(input.read()?);
    if value.is_empty() {
        return Err(Error::EmptyFile {
            path: input.display_path(),
        });
    }
    Ok(value)
}

fn get(args: SecretGetArgs) -> Result<()> {
    let ctx = Context::new(args.store)?;
    let value = ctx.with_backend(&args.reference, |b, _| b.get(args.version.as_deref()))?;
    let mut out = std::io::stdout().lock();
    out.write_all(&value)
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            path: PathBuf::from("<stdout>"),
            source,
        })
}

fn versions(args: SecretVersionsArgs) -> Result<()> {
    let ctx = Context::new(args.store)?;
    let list = ctx.with_backend(&args.reference, |b, canonical| {
        let list = b.versions()?;
        if list.is_empty() {
            return Err(Error::SecretNotFound {
                reference: canonical.to_string(),
            });
        }
        Ok(list)
    })?;
    match args.format {
        VersionsFormat::Json => {
            let json =
                serde_json::to_string_pretty(&list).map_err(|e| Error::Usage(e.to_string()))?;
            println!("{json}");
        }
        VersionsFormat::Text => {
            for v in list {
                let mark = if v.current { "*" } else { " " };
                println!("{mark} {:>4}  {}  {}", v.version, v.created, v.state);
            }
        }
    }
    Ok(())
}

/// `hush rotate`: each reference in turn; a failure is reported and the others still run.
/// Returns the exit code of the first failure (0 when all succeeded).
pub fn rotate(args: RotateArgs) -> Result<u8> {
    let generator = Generator::parse(&args.generate)?;
    let ctx = Context::new(args.store)?;
    let mut code = 0;
    for reference in &args.references {
        let result = ctx
            .with_backend(reference, |b, canonical| {
                let opts = RotateOptions {
                    reference: canonical,
                    generator: &generator,
                    dry_run: args.dry_run,
                    stage_only: args.stage_only,
                };
                let outcome = ops::rotate(b, &ctx.journal(canonical), &opts);
                Ok((outcome, canonical.to_string()))
            })
            .and_then(|(outcome, canonical)| {
                if !args.dry_run {
                    ctx.record("rotate", &canonical, rotated_versions(&outcome), &outcome)?;
                }
                outcome.map(|r| (r, canonical))
            });
        match result {
            Ok((r, canonical)) => println!("{}", describe(&canonical, &r)),
            Err(e) => {
                eprintln!("hush: {e}");
                if code == 0 {
                    code = e.exit_code().code();
                }
            }
        }
    }
    Ok(code)
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

/// `hush rollback`.
pub fn rollback(args: RollbackArgs) -> Result<u8> {
    let ctx = Context::new(args.store)?;
    let (outcome, canonical) = ctx.with_backend(&args.reference, |b, canonical| {
        Ok((
            ops::rollback(b, canonical, args.to.as_deref()),
            canonical.to_string(),
        ))
    })?;
    let versions = match &outcome {
        Ok((from, to)) => (Some(from.clone()), Some(to.clone())),
        Err(_) => (None, args.to.clone()),
    };
    ctx.record("rollback", &canonical, versions, &outcome)?;
    let (from, to) = outcome?;
    println!("{canonical}: rolled back, version {to} is current (was {from})");
    Ok(0)
}
