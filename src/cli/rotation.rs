//! `hush secret put|get|versions|prune`, `hush rollback`, `hush audit verify`: resolve the
//! store, the backend of a reference and the audit log, run the rotation operation, record
//! it in the audit log and render the result. `hush rotate` lives in [`super::rotate`].

use std::io::Write;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::audit::{self, Event};
use crate::cli::args::{AuditCommand, RollbackArgs, SecretCommand};
use crate::cli::creation;
use crate::cli::rotation_args::{
    SecretGetArgs, SecretPruneArgs, SecretPutArgs, SecretVersionsArgs, StoreArgs, VersionsFormat,
};
use crate::error::{Error, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::keys::{EncryptKeys, IdentityUnwrapper};
use crate::rotation::backend::Backend;
use crate::rotation::generate::{self, Generator};

pub use super::rotate::rotate;
use crate::rotation::journal::Journal;
use crate::rotation::local::LocalStore;
use crate::rotation::ops::{self, PruneRule};
use crate::rotation::pending::PendingFile;
use crate::rotation::reference::Reference;
use crate::rotation::sealer::EnvelopeSealer;

/// `hush secret ...`.
pub fn secret(command: SecretCommand) -> Result<u8> {
    match command {
        SecretCommand::Put(args) => put(args),
        SecretCommand::Get(args) => get(args),
        SecretCommand::Versions(args) => versions(args),
        SecretCommand::Prune(args) => prune(args),
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
pub(super) struct Context {
    store: PathBuf,
    log: PathBuf,
    pub(super) identities: Identities,
    pub(super) config: crate::cli::args::ConfigArgs,
    pub(super) etcd_endpoints: Vec<String>,
}

impl Context {
    pub(super) fn new(args: StoreArgs) -> Result<Context> {
        Ok(Context {
            store: args.store.unwrap_or_else(default_store),
            log: log_path(args.log)?,
            identities: Identities::discover(&IdentitySources::from_process())?,
            config: args.config,
            etcd_endpoints: args.etcd_endpoints,
        })
    }

    /// Runs `f` with the backend of `reference` (its canonical form is passed along).
    pub(super) fn with_backend<T>(
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
            Reference::Vault { mount, path, field } => {
                f(&*vault(&mount, &path, &field)?, &canonical)
            }
            Reference::AwsSm { secret, field } => {
                f(&*aws_sm(&secret, field.as_deref(), &canonical)?, &canonical)
            }
            Reference::GcpSm { project, secret } => {
                f(&*gcp_sm(&project, &secret, &canonical)?, &canonical)
            }
            Reference::AzureKv { vault, name } => f(&*azure_kv(&vault, &name)?, &canonical),
            Reference::Etcd { key } => f(&*etcd(&key, &self.etcd_endpoints)?, &canonical),
            Reference::Keyring { service, user } => {
                let store = crate::rotation::keyring::KeyringEntry::new(&service, &user)?;
                f(&crate::rotation::indexed::Indexed(store), &canonical)
            }
        }
    }

    pub(super) fn journal(&self, canonical: &str) -> Journal {
        Journal::new(&self.store.join(".journal"), canonical)
    }

    /// The pending `on_rotate` actions of `canonical` (next to its journal).
    pub(super) fn pending(&self, canonical: &str) -> PendingFile {
        PendingFile::new(&self.store.join(".journal"), canonical)
    }

    /// Appends an event for `op` on `reference` with the outcome of `result`.
    pub(super) fn record<T>(
        &self,
        op: &str,
        reference: &str,
        versions: (Option<String>, Option<String>),
        result: &Result<T>,
    ) -> Result<()> {
        self.record_detail(op, reference, versions, None, result)
    }

    /// [`Context::record`] with a detail (pruned versions, an action's name).
    pub(super) fn record_detail<T>(
        &self,
        op: &str,
        reference: &str,
        versions: (Option<String>, Option<String>),
        detail: Option<String>,
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
                detail,
            },
        )
    }
}

/// The backend of a reference whose cargo feature this build has, one function per kind;
/// without the feature, [`disabled`] says which one is missing.
type Remote = Result<Box<dyn Backend>>;

#[cfg(not(all(
    feature = "vault-transit",
    feature = "aws-sm",
    feature = "gcp-sm",
    feature = "etcd",
    feature = "azure-kv"
)))]
fn disabled(kind: &'static str, feature: &'static str) -> Remote {
    Err(Error::FeatureDisabled { kind, feature })
}

#[cfg(feature = "vault-transit")]
fn vault(mount: &str, path: &str, field: &str) -> Remote {
    Ok(Box::new(crate::rotation::vault::VaultKv::from_env(
        mount, path, field,
    )?))
}

#[cfg(not(feature = "vault-transit"))]
fn vault(_: &str, _: &str, _: &str) -> Remote {
    disabled("vault: secret", "vault-transit")
}

#[cfg(feature = "aws-sm")]
fn aws_sm(secret: &str, field: Option<&str>, canonical: &str) -> Remote {
    Ok(Box::new(crate::rotation::aws_sm::AwsSecret::from_env(
        secret, field, canonical,
    )?))
}

#[cfg(not(feature = "aws-sm"))]
fn aws_sm(_: &str, _: Option<&str>, _: &str) -> Remote {
    disabled("aws-sm: secret", "aws-sm")
}

#[cfg(feature = "gcp-sm")]
fn gcp_sm(project: &str, secret: &str, canonical: &str) -> Remote {
    Ok(Box::new(crate::rotation::gcp_sm::GcpSecret::from_env(
        project, secret, canonical,
    )?))
}

#[cfg(not(feature = "gcp-sm"))]
fn gcp_sm(_: &str, _: &str, _: &str) -> Remote {
    disabled("gcp-sm: secret", "gcp-sm")
}

#[cfg(feature = "etcd")]
fn etcd(key: &str, endpoints: &[String]) -> Remote {
    let store = crate::rotation::etcd::EtcdKey::connect(key, endpoints)?;
    Ok(Box::new(crate::rotation::indexed::Indexed(store)))
}

#[cfg(not(feature = "etcd"))]
fn etcd(_: &str, _: &[String]) -> Remote {
    disabled("etcd: secret", "etcd")
}

#[cfg(feature = "azure-kv")]
fn azure_kv(vault: &str, name: &str) -> Remote {
    Ok(Box::new(crate::rotation::azure_kv::AzureKv::new(
        vault, name,
    )?))
}

#[cfg(not(feature = "azure-kv"))]
fn azure_kv(_: &str, _: &str) -> Remote {
    disabled("azure-kv: secret", "azure-kv")
}

fn no_keys() -> EncryptKeys {
    EncryptKeys {
        wrappers: Vec::new(),
        shamir_threshold: None,
        rule: None,
        mac_only_encrypted: false,
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
        return Generator::parse(spec)?.generate();
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
    let value = ctx.with_backend(&args.reference, |b, canonical| {
        let value = b.get(args.version.as_deref())?;
        if !args.public {
            return Ok(value);
        }
        let public = generate::public_key(&value).ok_or_else(|| Error::Usage(format!(
            "{canonical}: --public needs a keypair value (ed25519 or age-identity); this one is not"
        )))?;
        Ok(Zeroizing::new(format!("{public}\n").into_bytes()))
    })?;
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

fn prune(args: SecretPruneArgs) -> Result<()> {
    let ctx = Context::new(args.store)?;
    let rule = PruneRule {
        keep: args.keep,
        older_than: args.older_than,
    };
    let (outcome, canonical) = ctx.with_backend(&args.reference, |b, canonical| {
        Ok((
            ops::prune(b, canonical, &rule, args.dry_run),
            canonical.to_string(),
        ))
    })?;
    let removed = match &outcome {
        Ok(list) => Some(list.join(",")).filter(|l| !l.is_empty()),
        Err(_) => None,
    };
    if !args.dry_run {
        let detail = removed.as_ref().map(|l| format!("removed {l}"));
        ctx.record_detail("prune", &canonical, (None, None), detail, &outcome)?;
    }
    outcome?;
    let verb = if args.dry_run {
        "would remove"
    } else {
        "removed"
    };
    match removed {
        Some(list) => println!("{canonical}: {verb} versions {list}"),
        None => println!("{canonical}: nothing to prune"),
    }
    Ok(())
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
