//! A scratch repository for the secret commands with the embedded local store: a
//! `.hush.yaml` sealing for [`AGE_RECIPIENT`] (plus any extra sections, such as a `secrets:`
//! policy), the store and the audit log inside the scratch directory, and one reference the
//! helpers work on.

use std::path::PathBuf;
use std::process::{Command, Output};

use super::{AGE_RECIPIENT, Scratch, ok, output_with_stdin, stdout};

pub struct Store {
    pub s: Scratch,
    pub reference: &'static str,
}

impl Store {
    /// A repository whose `.hush.yaml` holds the creation rule and then `extra`.
    pub fn new(reference: &'static str, extra: &str) -> Store {
        let store = Store {
            s: Scratch::new(),
            reference,
        };
        store.config(extra);
        store
    }

    /// Rewrites `.hush.yaml`: the creation rule, then `extra`.
    pub fn config(&self, extra: &str) {
        self.s.write(
            ".hush.yaml",
            format!("creation_rules:\n  - age: {AGE_RECIPIENT}\n{extra}"),
        );
    }

    pub fn log(&self) -> PathBuf {
        self.s.path("audit.log")
    }

    /// `hush ARGS` in the repository, with its store and audit log.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.s.hush_cmd(args);
        c.env("HUSH_STORE", self.s.path("store"))
            .env("HUSH_AUDIT_LOG", self.log())
            .current_dir(self.s.dir.path());
        c
    }

    pub fn hush(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run hush")
    }

    /// `hush secret put REF --value-stdin`, asserting success.
    pub fn put(&self, value: &str) {
        let cmd = self.cmd(&["secret", "put", self.reference, "--value-stdin"]);
        ok(&output_with_stdin(cmd, value.as_bytes()));
    }

    /// The value of `version` (default: the current one).
    pub fn get(&self, version: Option<&str>) -> String {
        let mut args = vec!["secret", "get", self.reference];
        if let Some(v) = version {
            args.extend(["--version", v]);
        }
        stdout(ok(&self.hush(&args)))
    }

    /// `hush secret versions REF --format json`.
    pub fn versions(&self) -> Vec<serde_json::Value> {
        let o = self.hush(&["secret", "versions", self.reference, "--format", "json"]);
        serde_json::from_str(&stdout(ok(&o))).expect("versions JSON")
    }

    /// The id of the current version, asserting there is exactly one.
    pub fn current(&self) -> String {
        let v = self.versions();
        let current: Vec<_> = v.iter().filter(|v| v["current"] == true).collect();
        assert_eq!(current.len(), 1, "exactly one current version: {v:?}");
        current[0]["version"].as_str().expect("id").to_string()
    }
}
