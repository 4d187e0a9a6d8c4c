//! Resolves parsed arguments into operation options, runs the operation and renders the
//! result. Errors are returned to `main`, which prints them and picks the exit code.

use std::io::Write;

use crate::cli::args::{
    Command, DecryptArgs, EncryptArgs, IoArgs, KeygenArgs, StatusArgs, StatusFormat,
};
use crate::cli::{bulk, creation};
use crate::document::Format;
use crate::envelope::rules::Rule;
use crate::error::{Error, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::io::{Input, Output};
use crate::ops::keys::IdentityUnwrapper;
use crate::ops::{keygen, quickstart, seal, status};

/// Runs one command. Returns the process exit code for commands that report partial
/// failure themselves (`status`).
pub fn run(command: Command) -> Result<u8> {
    match command {
        Command::Encrypt(args) => encrypt(args).map(|_| 0),
        Command::Decrypt(args) => decrypt(args).map(|_| 0),
        Command::Status(args) => status(args),
        Command::Keygen(args) => keygen(args).map(|_| 0),
        Command::Quickstart => quickstart().map(|_| 0),
        Command::Init(args) => super::init::run(args).map(|_| 0),
        Command::Git(command) => crate::cli::git::run(command),
        #[cfg(unix)]
        Command::ExecEnv(args) => crate::cli::exec::exec_env(args),
        #[cfg(unix)]
        Command::ExecFile(args) => crate::cli::exec::exec_file(args),
        Command::Edit(args) => super::edit::edit(args),
        Command::Set(args) => super::set::set(args),
        Command::Unset(args) => super::set::unset(args),
        Command::Updatekeys(args) => bulk::updatekeys(args),
        Command::Rekey(args) => bulk::rekey(args),
        Command::K8s(command) => crate::cli::k8s::run(command),
        Command::Groups(args) => super::groups::run(args).map(|_| 0),
        Command::Lint(args) => Ok(super::lint::lint(args)),
        Command::Secret(c) => super::rotation::secret(c),
        Command::Rotate(args) => super::rotation::rotate(args),
        Command::Rollback(args) => super::rotation::rollback(args),
        Command::Audit(c) => super::rotation::audit(c),
    }
}

struct Io {
    input: Input,
    input_format: Format,
    output_format: Format,
    output: Output,
}

fn resolve_io(io: IoArgs) -> Result<Io> {
    let input = Input::from_arg(&io.file);
    let input_format = input.format(io.input_type.map(Format::from))?;
    Ok(Io {
        input_format,
        output_format: io.output_type.map(Format::from).unwrap_or(input_format),
        output: Output::resolve(io.in_place, io.output),
        input,
    })
}

fn rule_from_args(args: &EncryptArgs) -> Result<Option<Rule>> {
    let given = [
        ("unencrypted_suffix", &args.unencrypted_suffix),
        ("encrypted_suffix", &args.encrypted_suffix),
        ("unencrypted_regex", &args.unencrypted_regex),
        ("encrypted_regex", &args.encrypted_regex),
        ("unencrypted_comment_regex", &args.unencrypted_comment_regex),
        ("encrypted_comment_regex", &args.encrypted_comment_regex),
    ];
    given
        .iter()
        .find_map(|(key, v)| {
            v.as_ref()
                .map(|v| Rule::from_key(key, v).map_err(Error::Usage))
        })
        .transpose()
}

fn encrypt(args: EncryptArgs) -> Result<()> {
    if let Some(old) = &args.reuse {
        let r = &args.recipients;
        let others = [
            &r.kms,
            &r.gcp_kms,
            &r.azure_kv,
            &r.hc_vault_transit,
            &args.key_group,
        ];
        if others.iter().any(|v| !v.is_empty()) {
            return Err(Error::Usage(
                "--reuse seals for OLD's recipients; recipient flags cannot be combined with it"
                    .into(),
            ));
        }
        return super::set::encrypt_reusing(old.clone(), &r.age, args.io);
    }
    let keys = creation::encrypt_keys(&args, rule_from_args(&args)?)?;
    let io = resolve_io(args.io)?;
    let sealed = seal::encrypt(seal::EncryptOptions {
        input: io.input.clone(),
        input_format: io.input_format,
        output_format: io.output_format,
        groups: crate::ops::keys::group_refs(&keys.wrappers),
        shamir_threshold: keys.shamir_threshold,
        rule: keys.rule,
        mac_only_encrypted: keys.mac_only_encrypted,
    })?;
    io.output.write(&io.input, &sealed)
}

fn decrypt(args: DecryptArgs) -> Result<()> {
    let io = resolve_io(args.io)?;
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let plain = seal::decrypt(seal::DecryptOptions {
        input: io.input.clone(),
        input_format: io.input_format,
        output_format: io.output_format,
        unwrapper: &IdentityUnwrapper(&identities),
        ignore_mac: args.ignore_mac,
        extract: args.extract,
    })
    .map_err(|e| with_identity_report(e, &identities))?;
    io.output.write(&io.input, &plain)
}

/// Adds where hush looked for identities to a "no usable key" error.
pub(crate) fn with_identity_report(e: Error, identities: &Identities) -> Error {
    match e {
        // Only age keys use local identities; for key services the list is noise.
        Error::NoUsableKey { path, details } if details.contains(": age ") => Error::NoUsableKey {
            path,
            details: format!("{details}\nidentities consulted:\n{}", identities.report()),
        },
        other => other,
    }
}

fn status(args: StatusArgs) -> Result<u8> {
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let unwrapper = IdentityUnwrapper(&identities);
    let mut reports = Vec::new();
    let mut failed = false;
    for file in &args.files {
        let input = Input::File(file.clone());
        let format = input.format(args.input_type.map(Format::from))?;
        match status::status(&input, format, &unwrapper) {
            Ok(r) => {
                failed |= r.mac == "mismatch";
                reports.push(r);
            }
            Err(e) => {
                eprintln!("hush: {e}");
                failed = true;
            }
        }
    }
    let mut out = std::io::stdout().lock();
    let text = match args.format {
        StatusFormat::Json => serde_json::to_string_pretty(&reports).unwrap_or_default() + "\n",
        StatusFormat::Text => reports.iter().map(status_text).collect(),
    };
    let _ = out.write_all(text.as_bytes());
    Ok(if failed { 1 } else { 0 })
}

fn status_text(r: &status::FileStatus) -> String {
    if !r.encrypted {
        let why = r
            .detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        return format!("{}: not sealed{why}\n", r.file);
    }
    let mut s = format!("{}: sealed ({}), MAC {}\n", r.file, r.format, r.mac);
    for k in &r.recipients {
        s.push_str(&format!(
            "  group {} {}: {}\n",
            k.group, k.kind, k.recipient
        ));
    }
    if let Some(rule) = &r.encryption_rule {
        s.push_str(&format!("  rule: {rule}\n"));
    }
    if let Some(d) = &r.detail {
        s.push_str(&format!("  note: {}\n", d.replace('\n', "\n    ")));
    }
    s
}

fn keygen(args: KeygenArgs) -> Result<()> {
    let target = match (args.output, args.keyring) {
        (_, true) => keygen::Target::Keyring,
        (Some(path), false) => keygen::Target::File(path),
        (None, false) => keygen::Target::Stdout,
    };
    let created = keygen::keygen(&target)?;
    if let Some(text) = &created.identity_text {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
    eprintln!("Public key: {}", created.public_key);
    if let Some(place) = &created.stored_in {
        eprintln!("Identity stored in {place}");
    }
    Ok(())
}

fn quickstart() -> Result<()> {
    let tour = quickstart::run()?;
    let rule = "=".repeat(72);
    println!(
        "hush quickstart: a throw-away identity, a sample Kubernetes Secret, sealed and opened.\n"
    );
    println!(
        "1. New age identity; its public key (the recipient) is\n   {}\n",
        tour.recipient
    );
    println!(
        "2. The Secret as it would sit in a repository:\n{rule}\n{}{rule}\n",
        tour.plaintext
    );
    println!(
        "3. `hush encrypt --age {}` seals only data/stringData (a Kubernetes Secret), \
         keeping comments and layout:\n{rule}\n{}{rule}\n",
        tour.recipient, tour.sealed
    );
    println!(
        "4. `hush decrypt` with the identity gives back the original, {}.\n",
        if tour.lossless() {
            "byte for byte"
        } else {
            "with differences (please report this)"
        }
    );
    println!(
        "Next: `hush keygen -o ~/.config/sops/age/keys.txt`, then `hush encrypt --age <public key> FILE`."
    );
    println!("The temporary identity and files were removed.");
    if tour.lossless() {
        Ok(())
    } else {
        Err(Error::Usage(
            "the quickstart round trip was not lossless".into(),
        ))
    }
}
