//! The `hush` binary: parse arguments, protect the process, run the command, map errors to
//! exit codes.

use clap::Parser;

fn main() -> std::process::ExitCode {
    if let Some(dir) = private_dir_guard() {
        return match hush::ops::private_file::wipe_when_released(&dir, std::io::stdin()) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => std::process::ExitCode::from(e.exit_code().code()),
        };
    }
    let cli = hush::cli::Cli::parse();
    let inspection = hush::cli::hardening::inspection(&cli.command);
    if let Err(e) = hush::hardening::protect_process(inspection) {
        eprintln!("hush: warning: cannot disable core dumps for this process: {e}");
    }
    match hush::cli::run::run(cli.command) {
        Ok(code) => std::process::ExitCode::from(code),
        Err(e) => {
            eprintln!("hush: {e}");
            std::process::ExitCode::from(e.exit_code().code())
        }
    }
}

/// `hush __wipe-private-dir DIR`: the guard `hush edit` starts for its private directory
/// (see `hush::ops::private_file`). An internal entry point, so not part of the CLI.
fn private_dir_guard() -> Option<std::path::PathBuf> {
    let mut args = std::env::args_os().skip(1);
    let first = args.next()?;
    if first != hush::ops::private_file::GUARD_COMMAND {
        return None;
    }
    let dir = args.next()?;
    args.next().is_none().then(|| dir.into())
}
