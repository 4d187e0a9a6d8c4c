//! `hush set`, `hush unset` and `hush encrypt --reuse`: resolve the arguments, open the
//! identities, run the operation, report.

use std::io::Read;
use std::path::PathBuf;

use crate::cli::args::{IoArgs, SealedFileArgs, SetArgs, UnsetArgs};
use crate::cli::run::with_identity_report;
use crate::document::Format;
use crate::error::{Error, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::io::{Input, Output};
use crate::ops::keys::IdentityUnwrapper;
use crate::ops::reuse::{self, ReuseOptions};
use crate::ops::set::{self, NewValue, SetOptions, SetOutcome, UnsetOptions};

pub fn set(args: SetArgs) -> Result<u8> {
    let text = value_text(&args)?;
    let value = if args.string {
        NewValue::Raw(text)
    } else {
        NewValue::Json(text)
    };
    let (file, format) = target(&args.target)?;
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let outcome = set::set(SetOptions {
        file: file.clone(),
        format,
        path: args.path.clone(),
        value,
        unwrapper: &IdentityUnwrapper(&identities),
    })
    .map_err(|e| with_identity_report(e, &identities))?;
    if outcome == SetOutcome::Unchanged {
        eprintln!(
            "hush: {}: {} already holds this value; the file was not rewritten",
            file.display(),
            args.path
        );
    }
    Ok(0)
}

/// The value from the argument, standard input or a file.
fn value_text(args: &SetArgs) -> Result<String> {
    let bytes = match (&args.value, &args.value_file) {
        (Some(v), _) => return Ok(v.clone()),
        (None, Some(path)) => Input::File(path.clone()).read()?,
        (None, None) => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|source| Error::Read {
                    path: PathBuf::from("<stdin>"),
                    source,
                })?;
            buf
        }
    };
    String::from_utf8(bytes).map_err(|_| Error::SetValue {
        reason: "it is not UTF-8 text".into(),
    })
}

fn target(args: &SealedFileArgs) -> Result<(PathBuf, Format)> {
    let input = Input::File(args.file.clone());
    let format = input.format(args.input_type.map(Format::from))?;
    Ok((args.file.clone(), format))
}

pub fn unset(args: UnsetArgs) -> Result<u8> {
    let (file, format) = target(&args.target)?;
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let result = set::unset(UnsetOptions {
        file,
        format,
        path: args.path,
        unwrapper: &IdentityUnwrapper(&identities),
    });
    match result {
        Err(Error::TreePathNotFound { .. }) if args.idempotent => Ok(0),
        other => other
            .map(|_| 0)
            .map_err(|e| with_identity_report(e, &identities)),
    }
}

/// `encrypt --reuse OLD`. Recipients come from OLD: `--age` on the command line is refused
/// (the same value arriving through `SOPS_AGE_RECIPIENTS` is not an error).
pub fn encrypt_reusing(old: PathBuf, age: &[String], io: IoArgs) -> Result<()> {
    let from_env = std::env::var("SOPS_AGE_RECIPIENTS").ok().map(|v| vec![v]);
    if !age.is_empty() && from_env.as_deref() != Some(age) {
        return Err(Error::Usage(
            "--reuse seals for the recipients of OLD; drop --age (use `hush encrypt` without --reuse to choose new recipients)".into(),
        ));
    }
    let input = Input::from_arg(&io.file);
    let input_format = input.format(io.input_type.map(Format::from))?;
    let old_format = Input::File(old.clone()).format(io.output_type.map(Format::from))?;
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let sealed = reuse::encrypt_reusing(ReuseOptions {
        old,
        old_format,
        input: input.clone(),
        input_format,
        unwrapper: &IdentityUnwrapper(&identities),
    })
    .map_err(|e| with_identity_report(e, &identities))?;
    Output::resolve(io.in_place, io.output).write(&input, &sealed)
}
