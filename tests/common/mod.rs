//! Shared helpers for the integration tests: the built binary, the real peer tools (sops,
//! age), test identities and temporary directories.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The public test identity from sops' own test suite (age/keysource_test.go).
pub const AGE_IDENTITY: &str =
    "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7";
pub const AGE_RECIPIENT: &str = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
/// A second public test identity from the same file.
pub const OTHER_IDENTITY: &str =
    "AGE-SECRET-KEY-1432K5YRNSC44GC4986NXMX6GVZ52WTMT9C79CLUVWYY4DKDHD5JSNDP4MC";
pub const OTHER_RECIPIENT: &str = "age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch directory holding a key file for [`AGE_IDENTITY`].
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("keys.txt"), format!("{AGE_IDENTITY}\n")).expect("key file");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write scratch file");
        p
    }

    pub fn key_file(&self) -> PathBuf {
        self.path("keys.txt")
    }

    /// `hush ARGS` with identities only from this scratch key file.
    pub fn hush(&self, args: &[&str]) -> Output {
        self.hush_cmd(args).output().expect("run hush")
    }

    pub fn hush_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hush"));
        isolate(&mut c, self);
        c.args(args).stdin(Stdio::null());
        c
    }

    /// The real sops binary with identities only from this scratch key file.
    pub fn sops(&self, args: &[&str]) -> Output {
        let mut c = Command::new(tool("sops", "HUSH_SOPS_BIN"));
        isolate(&mut c, self);
        c.env("SOPS_DISABLE_VERSION_CHECK", "1")
            .args(args)
            .stdin(Stdio::null());
        c.output().expect("run sops")
    }
}

/// Clears every variable that could point at the developer's own keys.
fn isolate(c: &mut Command, s: &Scratch) {
    for (k, _) in std::env::vars() {
        if k.starts_with("SOPS_")
            || k.starts_with("HUSH_") && k != "HUSH_SOPS_BIN" && k != "HUSH_AGE_BIN"
        {
            c.env_remove(k);
        }
    }
    c.env("HOME", s.dir.path())
        .env("XDG_CONFIG_HOME", s.path("xdg"))
        .env("SOPS_AGE_KEY_FILE", s.key_file());
}

/// Finds a peer tool: `$VAR`, then PATH. Under `CI=true` a missing tool fails the test;
/// elsewhere it panics too, with the command that installs it, so no test passes silently.
pub fn tool(name: &str, var: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.exists())
    {
        return p;
    }
    if let Some(p) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    }) {
        return p;
    }
    panic!("`{name}` not found (set {var} or put it on PATH); `scripts/test` installs it");
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts success, showing stderr otherwise.
#[track_caller]
pub fn ok(o: &Output) -> &Output {
    assert!(
        o.status.success(),
        "command failed ({:?}):\n{}",
        o.status.code(),
        stderr(o)
    );
    o
}

impl Scratch {
    /// The real sops binary, isolated like [`Scratch::sops`], for callers that add
    /// environment (another key file) or a working directory.
    pub fn sops_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(tool("sops", "HUSH_SOPS_BIN"));
        isolate(&mut c, self);
        c.env("SOPS_DISABLE_VERSION_CHECK", "1")
            .args(args)
            .stdin(Stdio::null());
        c
    }
}
