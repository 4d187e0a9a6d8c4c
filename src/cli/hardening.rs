//! Which commands may give up process inspection (see [`crate::hardening`]).

use crate::cli::args::Command;
use crate::hardening::Inspection;

/// Every command refuses inspection except `exec-file` with its memfd delivery, whose
/// child opens the content at `/proc/<hush pid>/fd/N`.
pub fn inspection(command: &Command) -> Inspection {
    match command {
        #[cfg(unix)]
        Command::ExecFile(args) if !args.fifo => Inspection::Allowed,
        _ => Inspection::Refused,
    }
}
