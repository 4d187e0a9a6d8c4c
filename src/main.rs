//! The `hush` binary: parse arguments, protect the process, run the command, map errors to
//! exit codes.

use clap::Parser;

fn main() -> std::process::ExitCode {
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
