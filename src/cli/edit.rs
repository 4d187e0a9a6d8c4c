//! `hush edit`: the editor loop around [`crate::ops::edit::EditSession`]: run the editor,
//! report invalid saves and re-open, write the result. Exit 200 when nothing changed.

use std::io::{BufRead, IsTerminal};

use std::path::Path;

use crate::cli::args::{ConfigArgs, EditArgs};
use crate::cli::creation;
use crate::cli::run::with_identity_report;
use crate::document::Format;
use crate::error::{Error, ExitCode, Result};
use crate::identities::{Identities, IdentitySources};
use crate::ops::edit::{EditOptions, EditSession, Review, UNATTENDED_ATTEMPTS};
use crate::ops::editor::{Editor, EditorExit, Signals};
use crate::ops::io::Input;
use crate::ops::keys::{EncryptKeys, age_group};
use crate::ops::private_file;

pub fn edit(args: EditArgs) -> Result<u8> {
    let file = args.target.file;
    let format = Input::File(file.clone()).format(args.target.input_type.map(Format::from))?;
    let editor = Editor::from_vars(|k| std::env::var(k).ok())?;
    let identities = Identities::discover(&IdentitySources::from_process())?;
    // Caught before the plaintext exists, so no signal can end hush and leave it behind.
    let signals = Signals::catch()?;
    let new_file = if file.exists() {
        None
    } else {
        Some(new_file_keys(&args.age, &args.config, &file)?)
    };
    let mut session = EditSession::open(EditOptions {
        file: file.clone(),
        format,
        unwrapper: &crate::ops::keys::IdentityUnwrapper(&identities),
        private_dirs: private_file::candidates(|k| std::env::var(k).ok()),
        guard_exe: std::env::current_exe().ok(),
        new_file,
    })
    .map_err(|e| with_identity_report(e, &identities))?;
    if session.is_new() {
        eprintln!(
            "hush: {} does not exist: it is created, sealed, when you save content",
            file.display()
        );
    }
    if let Some(signal) = signals.pending() {
        return Err(interrupted(&session, signal));
    }
    let interactive = std::io::stdin().is_terminal();
    let mut invalid = 0;
    loop {
        match editor.run(session.private_path(), &signals)? {
            EditorExit::Closed => {}
            EditorExit::Failed(outcome) => {
                return Err(Error::EditorFailed {
                    path: file,
                    outcome,
                });
            }
            EditorExit::Interrupted(signal) => return Err(interrupted(&session, signal)),
        }
        if let Some(signal) = signals.terminating() {
            return Err(interrupted(&session, signal));
        }
        match session.review()? {
            Review::Unchanged => {
                eprintln!("hush: {}: file has not been modified", file.display());
                return Ok(ExitCode::FileHasNotBeenModified.code());
            }
            Review::Changed(sealed) => {
                session.save(&sealed)?;
                return Ok(0);
            }
            Review::Invalid(error) => {
                invalid += 1;
                if !interactive && invalid >= UNATTENDED_ATTEMPTS {
                    return Err(Error::EditInvalid {
                        path: file,
                        attempts: invalid,
                        last: Box::new(error),
                    });
                }
                eprintln!("hush: {error}");
                if interactive {
                    eprintln!(
                        "Press Enter to edit again, or Ctrl-C to give up ({} stays unchanged).",
                        file.display()
                    );
                    wait_for_enter(&session, &signals)?;
                } else {
                    eprintln!("hush: re-opening the editor ({invalid} of {UNATTENDED_ATTEMPTS})");
                }
            }
        }
    }
}

/// The keys a new file is sealed for: `--age`, else its creation rule.
fn new_file_keys(age: &[String], config: &ConfigArgs, file: &Path) -> Result<EncryptKeys> {
    let base = EncryptKeys::default();
    if age.is_empty() {
        return creation::rule_keys(config, file, base);
    }
    Ok(EncryptKeys {
        wrappers: vec![age_group(age)?],
        ..base
    })
}

fn interrupted(session: &EditSession, signal: &str) -> Error {
    Error::Interrupted {
        path: session.path().to_path_buf(),
        signal: signal.to_string(),
    }
}

/// Waits for a line on the terminal, giving up when a signal arrives.
fn wait_for_enter(session: &EditSession, signals: &Signals) -> Result<()> {
    let stdin = std::io::stdin();
    loop {
        if let Some(signal) = signals.pending() {
            return Err(interrupted(session, signal));
        }
        let mut fds = [rustix::event::PollFd::new(
            &stdin,
            rustix::event::PollFlags::IN,
        )];
        let tick = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 100_000_000,
        };
        if matches!(rustix::event::poll(&mut fds, Some(&tick)), Ok(n) if n > 0) {
            let mut line = String::new();
            let _ = stdin.lock().read_line(&mut line);
            return Ok(());
        }
    }
}
