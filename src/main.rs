//! The `hush` binary: parse arguments, run the command, map errors to exit codes.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = hush::cli::Cli::parse();
    match hush::cli::run::run(cli.command) {
        Ok(code) => std::process::ExitCode::from(code),
        Err(e) => {
            eprintln!("hush: {e}");
            std::process::ExitCode::from(e.exit_code().code())
        }
    }
}
