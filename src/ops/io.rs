//! Where a command reads its input and writes its output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::document::Format;
use crate::error::{Error, Result};

/// A file path or standard input (`-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// The name used in messages.
    pub fn display_path(&self) -> PathBuf {
        match self {
            Input::Stdin => PathBuf::from("<stdin>"),
            Input::File(p) => p.clone(),
        }
    }

    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|source| Error::Read {
                        path: self.display_path(),
                        source,
                    })?;
                Ok(buf)
            }
            Input::File(p) => std::fs::read(p).map_err(|source| match source.kind() {
                std::io::ErrorKind::NotFound => Error::FileNotFound { path: p.clone() },
                _ => Error::Read {
                    path: p.clone(),
                    source,
                },
            }),
        }
    }

    /// The input's format: explicit, else by extension (stdin needs it explicit).
    pub fn format(&self, explicit: Option<Format>) -> Result<Format> {
        match (explicit, self) {
            (Some(f), _) => Ok(f),
            (None, Input::File(p)) => Ok(Format::from_path(p)),
            (None, Input::Stdin) => Err(Error::Usage(
                "reading from standard input needs --input-type (yaml, json, dotenv, ini or binary)".into(),
            )),
        }
    }
}

/// Where results go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    Stdout,
    /// Replace the input file atomically.
    InPlace,
    File(PathBuf),
}

impl Output {
    pub fn resolve(in_place: bool, output: Option<PathBuf>) -> Output {
        match (in_place, output) {
            (true, _) => Output::InPlace,
            (false, Some(p)) if p.as_os_str() == "-" => Output::Stdout,
            (false, Some(p)) => Output::File(p),
            (false, None) => Output::Stdout,
        }
    }

    /// Writes `bytes`: files atomically, standard output directly.
    pub fn write(&self, input: &Input, bytes: &[u8]) -> Result<()> {
        match (self, input) {
            (Output::Stdout, _) => write_stdout(bytes),
            (Output::InPlace, Input::File(p)) | (Output::File(p), _) => {
                crate::atomic::write(p, bytes)
            }
            (Output::InPlace, Input::Stdin) => Err(Error::Usage(
                "--in-place needs a file, not standard input".into(),
            )),
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        // A closed pipe (`hush decrypt f | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|source| Error::Write {
            path: Path::new("<stdout>").to_path_buf(),
            source,
        }),
    }
}
