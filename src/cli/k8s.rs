//! `hush k8s …`: resolves the k8s arguments into library calls and renders the results.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::cli::k8s_args::{
    ConfigStatusArgs, EncryptionConfigCommand, EtcdAuditArgs, GenerateArgs, K8sCommand, K8sFormat,
    ProviderArg, RotateArgs, SecretArgs, StepArg, ValidateArgs, ValueArgs,
};
use crate::cli::run::with_identity_report;
use crate::document::Format;
use crate::error::{Error, ExitCode, Result};
use crate::identities::{Identities, IdentitySources};
use crate::k8s::codec::Transformer;
use crate::k8s::file::{self, ConfigFile};
use crate::k8s::generate::{self, GenerateOptions, KmsOptions};
use crate::k8s::model::ProviderType;
use crate::k8s::resource::{self, GroupResource};
use crate::k8s::rotate::{self, RotateOptions, Stage, Step};
use crate::k8s::secret::{self, SecretOptions};
use crate::k8s::validate::{self, Finding, Severity, ValidateOptions};
use crate::ops::io::Input;
use crate::ops::keys::{EncryptKeys, IdentityUnwrapper, age_group, group_refs};
use crate::ops::sealed_file::SealedFile;

#[cfg(feature = "etcd")]
mod audit_run;

/// Runs one `hush k8s` command; returns the exit code.
pub fn run(command: K8sCommand) -> Result<u8> {
    match command {
        K8sCommand::EncryptionConfig(c) => match c {
            EncryptionConfigCommand::Generate(a) => generate(a).map(|_| 0),
            EncryptionConfigCommand::Validate(a) => validate(a),
            EncryptionConfigCommand::Rotate(a) => rotate(a).map(|_| 0),
            EncryptionConfigCommand::Status(a) => status(a).map(|_| 0),
        },
        K8sCommand::EncryptValue(a) => value(a, true).map(|_| 0),
        K8sCommand::DecryptValue(a) => value(a, false).map(|_| 0),
        K8sCommand::EtcdAudit(a) => etcd_audit(a),
        K8sCommand::Secret(a) => secret(a).map(|_| 0),
    }
}

/// Reads a config file, opening it with the discovered identities when it is sealed.
fn load(path: &Path) -> Result<ConfigFile> {
    let raw = file::read(&Input::File(path.to_path_buf()))?;
    if !raw.sealed {
        return raw.open(None);
    }
    let ids = Identities::discover(&IdentitySources::from_process())?;
    raw.open(Some(&IdentityUnwrapper(&ids)))
        .map_err(|e| with_identity_report(e, &ids))
}

fn provider_type(p: ProviderArg) -> ProviderType {
    match p {
        ProviderArg::Aesgcm => ProviderType::Aesgcm,
        ProviderArg::Aescbc => ProviderType::Aescbc,
        ProviderArg::Secretbox => ProviderType::Secretbox,
        ProviderArg::Kms => ProviderType::Kms,
        ProviderArg::Identity => ProviderType::Identity,
    }
}

fn generate(args: GenerateArgs) -> Result<()> {
    let json = args
        .output
        .as_deref()
        .is_some_and(|p| Format::from_path(p) == Format::Json);
    let kms = match (&args.kms_name, &args.kms_endpoint) {
        (Some(name), Some(endpoint)) => Some(KmsOptions {
            name: name.clone(),
            endpoint: endpoint.clone(),
            timeout: args.kms_timeout.clone(),
        }),
        _ => None,
    };
    let opts = GenerateOptions {
        provider: provider_type(args.provider),
        resources: args.resources.clone(),
        key_name: args.key_name.clone(),
        kms,
        allow_plaintext_reads: args.allow_plaintext_reads,
        json,
    };
    let text = generate::generate(&opts)?;
    let format = if json { Format::Json } else { Format::Yaml };
    let shown = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdout>"));
    for w in generated_warnings(&text, format, &shown)? {
        eprintln!("hush: warning: {}", w.message);
    }
    let bytes = if args.seal {
        let keys = seal_keys(&args)?;
        file::seal_new(
            &text,
            format,
            group_refs(&keys.wrappers),
            keys.shamir_threshold,
            &shown,
        )?
    } else {
        text.to_vec()
    };
    match &args.output {
        Some(path) => {
            crate::atomic::write_private(path, &bytes)?;
            eprintln!(
                "hush: wrote {} (mode 0600{})",
                path.display(),
                if args.seal { ", sealed" } else { "" }
            );
            Ok(())
        }
        None => write_stdout(&bytes),
    }
}

/// The keys `generate --seal` seals for: `--age`, else the creation rule for the `-o` file.
fn seal_keys(args: &GenerateArgs) -> Result<EncryptKeys> {
    let base = EncryptKeys::default();
    match &args.output {
        _ if !args.age.is_empty() => Ok(EncryptKeys {
            wrappers: vec![age_group(&args.age)?],
            ..base
        }),
        Some(path) => crate::cli::creation::rule_keys(&args.config, path, base),
        None => Err(Error::NoRecipients),
    }
}

/// Validates what `generate` produced (it must be valid) and returns its warnings.
fn generated_warnings(text: &[u8], format: Format, path: &Path) -> Result<Vec<Finding>> {
    let raw = file::RawConfig {
        path: path.to_path_buf(),
        format,
        src: text.to_vec(),
        sealed: false,
    };
    let config_file = raw.open(None)?;
    let config = config_file.config()?;
    Ok(validate::validate(&config, ValidateOptions::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect())
}

fn validate(args: ValidateArgs) -> Result<u8> {
    let config_file = load(&args.file)?;
    let findings = match config_file.decode() {
        Ok(config) => validate::validate(
            &config,
            ValidateOptions {
                reload: args.reload,
            },
        ),
        Err(problems) => problems,
    };
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let path = args.file.display().to_string();
    let text = match args.format {
        K8sFormat::Text => findings
            .iter()
            .map(|f| finding_line(&path, f) + "\n")
            .collect::<String>(),
        K8sFormat::Json => validation_json(&path, &config_file, &findings, errors, warnings),
    };
    write_stdout(text.as_bytes())?;
    let failed = errors > 0 || (args.strict && warnings > 0);
    eprintln!(
        "hush: {path}: {} ({errors} errors, {warnings} warnings)",
        if failed { "invalid" } else { "valid" }
    );
    Ok(if failed {
        ExitCode::K8sInvalidConfig.code()
    } else {
        0
    })
}

/// `FILE:LINE:COL: error: field.path: message`.
fn finding_line(path: &str, f: &Finding) -> String {
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let at = f
        .place
        .location
        .map(|l| format!(":{l}"))
        .unwrap_or_default();
    let field = if f.place.path.is_empty() {
        String::new()
    } else {
        format!("{}: ", f.place.path)
    };
    format!("{path}{at}: {severity}: {field}{}", f.message)
}

fn validation_json(
    path: &str,
    file: &ConfigFile,
    findings: &[Finding],
    errors: usize,
    warnings: usize,
) -> String {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "severity": f.severity,
                "path": f.place.path,
                "line": f.place.location.map(|l| l.line),
                "column": f.place.location.map(|l| l.column),
                "message": f.message,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "file": path,
        "valid": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "reload_hash": file.reload_hash(),
        "findings": items,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn rotate(args: RotateArgs) -> Result<()> {
    let config_file = load(&args.file)?;
    let config = config_file.config()?;
    let step = match args.step {
        StepArg::Prepare => Step::Prepare,
        StepArg::Promote => Step::Promote,
        StepArg::Prune => Step::Prune,
    };
    let opts = RotateOptions {
        key_name: args.key_name.clone(),
        new_key: args.new_key.clone(),
    };
    let plan = rotate::rotate(&config_file, &config, step, &opts)?;
    if step == Step::Prune {
        check_prune(&args, &config_file, &config, &plan.removed)?;
    }
    let bytes = config_file.render(plan.plaintext.clone())?;
    // The result must still be a valid configuration before it replaces the file.
    let check = file::RawConfig {
        path: args.file.clone(),
        format: config_file.format,
        src: plan.plaintext.clone(),
        sealed: false,
    };
    check.open(None)?.config()?;
    for change in &plan.changes {
        eprintln!("hush: {change}");
    }
    if args.dry_run {
        eprintln!("hush: --dry-run: {} left unchanged", args.file.display());
        return Ok(());
    }
    crate::atomic::write(&args.file, &bytes)?;
    eprintln!(
        "hush: wrote {}; reload hash {}",
        args.file.display(),
        file::reload_hash(&plan.plaintext)
    );
    Ok(())
}

fn check_prune(
    args: &RotateArgs,
    file: &ConfigFile,
    config: &crate::k8s::model::EncryptionConfig,
    removed: &[(ProviderType, String)],
) -> Result<()> {
    if args.skip_etcd_check {
        eprintln!(
            "hush: warning: --skip-etcd-check: removing {} key(s) without checking etcd",
            removed.len()
        );
        return Ok(());
    }
    if args.check_etcd.is_empty() {
        return Err(Error::K8sRotation {
            path: file.path.clone(),
            reason: "prune removes keys: pass --check-etcd URL to prove no value is still under them, or \
                     --skip-etcd-check if you checked yourself"
                .into(),
        });
    }
    prune_etcd_check(args, file, config, removed)
}

#[cfg(feature = "etcd")]
fn prune_etcd_check(
    args: &RotateArgs,
    file: &ConfigFile,
    config: &crate::k8s::model::EncryptionConfig,
    removed: &[(ProviderType, String)],
) -> Result<()> {
    let resources = audit_resources(config);
    let summary = audit_run::audit(
        &args.check_etcd,
        &args.etcd,
        &resources,
        Some(config),
        &mut |_| Ok(()),
    )?;
    let still: Vec<String> = removed
        .iter()
        .filter_map(|(t, k)| {
            let state = format!("{}:{k}", t.name());
            summary
                .by_state
                .get(&state)
                .map(|n| format!("{n} value(s) under {state}"))
        })
        .collect();
    if still.is_empty() {
        eprintln!(
            "hush: etcd: {} values checked, none under the keys being removed",
            summary.total
        );
        return Ok(());
    }
    Err(Error::K8sRotation {
        path: file.path.clone(),
        reason: format!(
            "refusing to prune: {}; re-encrypt first ({})",
            still.join(", "),
            rotate::reencrypt_commands(&resources).join("; ")
        ),
    })
}

#[cfg(not(feature = "etcd"))]
fn prune_etcd_check(
    _: &RotateArgs,
    _: &ConfigFile,
    _: &crate::k8s::model::EncryptionConfig,
    _: &[(ProviderType, String)],
) -> Result<()> {
    Err(no_etcd())
}

#[cfg(not(feature = "etcd"))]
fn no_etcd() -> Error {
    Error::Usage("this hush was built without the `etcd` feature".into())
}

/// The etcd path segments a config's rotated resources live under (`*`: everything).
#[cfg(feature = "etcd")]
fn audit_resources(config: &crate::k8s::model::EncryptionConfig) -> Vec<String> {
    let names: Vec<String> = rotate::targets(config)
        .into_iter()
        .flat_map(|t| t.resources)
        .collect();
    let core: Option<Vec<String>> = names
        .iter()
        .map(|n| {
            let gr = GroupResource::parse(n);
            (gr.group.is_empty() && gr.resource != "*").then_some(gr.resource)
        })
        .collect();
    core.unwrap_or_else(|| vec!["*".into()])
}

fn status(args: ConfigStatusArgs) -> Result<()> {
    let config_file = load(&args.file)?;
    let config = config_file.config()?;
    let st = rotate::status(&config_file, &config, args.new_key.as_deref());
    let text = match args.format {
        K8sFormat::Json => serde_json::to_string_pretty(&st).unwrap_or_default() + "\n",
        K8sFormat::Text => status_text(&st),
    };
    write_stdout(text.as_bytes())
}

fn status_text(st: &rotate::Status) -> String {
    let stage = |s: Stage| match s {
        Stage::Steady => "steady (one key)",
        Stage::Prepared => "prepared (new key added second, not writing yet)",
        Stage::Promoted => "promoted (new key writes; old key kept for reads)",
        Stage::Unknown => "unknown (cannot tell which key is new)",
    };
    let mut out = format!("{}: rotation step: {}\n", st.file, stage(st.stage));
    for p in &st.providers {
        out.push_str(&format!(
            "  resources[{}] ({}) {}: {} [{}]\n",
            p.entry,
            p.resources.join(", "),
            p.provider,
            p.keys.join(", "),
            stage(p.stage)
        ));
    }
    if st.providers.is_empty() {
        out.push_str(
            "  no entry starts with aescbc, aesgcm or secretbox: nothing to rotate here\n",
        );
    }
    out.push_str(&format!("reload hash: {}\nnext:\n", st.reload_hash));
    for (i, step) in st.next.iter().enumerate() {
        out.push_str(&format!("  {}. {step}\n", i + 1));
    }
    out
}

fn value(args: ValueArgs, encrypt: bool) -> Result<()> {
    let config_file = load(&args.config)?;
    let config = config_file.config()?;
    let gr = match &args.resource {
        Some(r) => GroupResource::parse(r),
        None => resource::of_etcd_key(&args.etcd_key, &args.prefix).ok_or_else(|| {
            Error::Usage(format!(
                "--etcd-key {} is not under --prefix {}; pass --resource",
                args.etcd_key, args.prefix
            ))
        })?,
    };
    let transformer = Transformer::for_resource(&config, &gr).map_err(Error::K8sValue)?;
    let mut input = zeroize::Zeroizing::new(Vec::new());
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|source| Error::Read {
            path: "<stdin>".into(),
            source,
        })?;
    let out = if encrypt {
        transformer.encrypt(&input, &args.etcd_key)
    } else {
        transformer
            .decrypt(&input, &args.etcd_key)
            .map(|r| r.plaintext)
    }
    .map_err(|e| Error::K8sValue(format!("{} ({gr}): {e}", args.etcd_key)))?;
    write_stdout(&zeroize::Zeroizing::new(out))
}

#[cfg(feature = "etcd")]
fn etcd_audit(args: EtcdAuditArgs) -> Result<u8> {
    let config_file = args.config.as_deref().map(load).transpose()?;
    let config = config_file.as_ref().map(ConfigFile::config).transpose()?;
    let mut spool = audit_run::Spool::new(args.format)?;
    let summary = audit_run::audit(
        &args.endpoints,
        &args.etcd,
        &args.resources,
        config.as_ref(),
        &mut |item| spool.add(item),
    )?;
    spool.finish(&summary)?;
    Ok(if summary.has_findings() {
        ExitCode::K8sAuditFindings.code()
    } else {
        0
    })
}

#[cfg(not(feature = "etcd"))]
fn etcd_audit(_: EtcdAuditArgs) -> Result<u8> {
    Err(no_etcd())
}

fn secret(args: SecretArgs) -> Result<()> {
    let input = Input::File(args.file.clone());
    let format = input.format(args.input_type.map(Format::from))?;
    let ids = Identities::discover(&IdentitySources::from_process())?;
    let sealed = SealedFile::open(&input, format, &IdentityUnwrapper(&ids))
        .map_err(|e| with_identity_report(e, &ids))?;
    let name = match args.name {
        Some(n) => n,
        None => secret::default_name(&args.file).ok_or_else(|| {
            Error::Usage("cannot derive a Secret name from the file name; pass --name".into())
        })?,
    };
    let manifest = secret::render(
        &sealed.doc,
        &SecretOptions {
            name,
            namespace: args.namespace,
            immutable_versioned: args.immutable_versioned,
        },
    )?;
    write_stdout(manifest.as_bytes())
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        }),
    }
}
