//! `exec-env` and `exec-file`: resolve the flags into options, run the command, and report
//! rotations on standard error (never a value). The command's exit code becomes hush's.

use crate::cli::args::{ExecArgs, ExecEnvArgs, ExecFileArgs};
use crate::cli::run::with_identity_report;
use crate::document::Format;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::{Error, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::exec::{
    self, ChildCommand, ChildEnv, ExecEnvOptions, ExecFileOptions, Notice, OnChange, Source,
    Transport, Watch,
};
use crate::ops::io::Input;
use crate::ops::keys::IdentityUnwrapper;

pub fn exec_env(args: ExecEnvArgs) -> Result<u8> {
    if let Some(OnChange::Signal(_)) = args.exec.on_change {
        return Err(Error::Usage(
            "exec-env cannot change the environment of a running process: use \
             --on-change restart (the default), or exec-file with --on-change signal:NAME"
                .into(),
        ));
    }
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let unwrapper = IdentityUnwrapper(&identities);
    let opts = ExecEnvOptions {
        source: source(&args.exec, &unwrapper)?,
        command: ChildCommand::from_args(args.exec.command.clone()),
        env: child_env(&args.exec),
        same_process: args.same_process,
        watch: watch(&args.exec),
    };
    let path = opts.source.path.display().to_string();
    let _pid_file = PidFile::write(args.exec.pid_file.as_deref())?;
    exec::exec_env(opts, &|n| report(&path, n)).map_err(|e| with_identity_report(e, &identities))
}

pub fn exec_file(args: ExecFileArgs) -> Result<u8> {
    let identities = Identities::discover(&IdentitySources::from_process())?;
    let unwrapper = IdentityUnwrapper(&identities);
    let source = source(&args.exec, &unwrapper)?;
    let opts = ExecFileOptions {
        output_format: args.output_type.map(Format::from).unwrap_or(source.format),
        source,
        command: ChildCommand::from_args(args.exec.command.clone()),
        transport: if args.fifo {
            Transport::Fifo
        } else {
            Transport::Memfd
        },
        filename: args.filename,
        env: child_env(&args.exec),
        watch: watch(&args.exec),
    };
    let path = opts.source.path.display().to_string();
    let _pid_file = PidFile::write(args.exec.pid_file.as_deref())?;
    exec::exec_file(opts, &|n| report(&path, n)).map_err(|e| with_identity_report(e, &identities))
}

/// `--pid-file`: hush's process id, removed when hush returns (with `--same-process` the
/// command inherits the id, and the file is left for it).
struct PidFile(Option<std::path::PathBuf>);

impl PidFile {
    fn write(path: Option<&std::path::Path>) -> Result<PidFile> {
        if let Some(path) = path {
            crate::atomic::write(path, format!("{}\n", std::process::id()).as_bytes())?;
        }
        Ok(PidFile(path.map(std::path::Path::to_path_buf)))
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        if let Some(path) = &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn source<'a>(args: &ExecArgs, unwrapper: &'a dyn KeyUnwrapper) -> Result<Source<'a>> {
    let input = Input::File(args.file.clone());
    Ok(Source {
        format: input.format(args.input_type.map(Format::from))?,
        path: args.file.clone(),
        unwrapper,
        ignore_mac: args.ignore_mac,
        extract: args.extract.clone(),
    })
}

fn child_env(args: &ExecArgs) -> ChildEnv {
    ChildEnv {
        pristine: args.pristine,
        keep_identity_env: args.keep_identity_env,
    }
}

fn watch(args: &ExecArgs) -> Option<Watch> {
    args.watch.then(|| Watch {
        interval: args.watch_interval,
        on_change: args.on_change.unwrap_or(OnChange::Restart),
        stop_timeout: args.stop_timeout,
    })
}

fn report(path: &str, notice: Notice) {
    match notice {
        Notice::Rotated { action } => eprintln!("hush: {path} changed: {action}"),
        Notice::RotationFailed(e) => {
            eprintln!(
                "hush: {e}\nhush: {path} changed but cannot be opened; the command keeps the values it has"
            )
        }
        Notice::Unreadable(message) => {
            eprintln!("hush: {path}: {message}; the command keeps the values it has")
        }
    }
}
