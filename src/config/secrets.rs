//! The `secrets:` section of `.hush.yaml`: the rotation policy. Each entry names a secret
//! by reference, how to generate its next value, how old its current version may get, and
//! what to do after each rotation. Errors are placed at `file:line:column`.
//!
//! ```yaml
//! secrets:
//!   - ref: local:db-password
//!     generate: password:32          # default: password:32
//!     max_age: 90d                   # humantime: 90d, 12h, 30m, 1s
//!     on_rotate:
//!       - update: {file: deploy/db.enc.yaml, path: '["stringData"]["password"]'}
//!       - update: deploy/db.enc.yaml#stringData.password   # the same, in short
//!       - run: ./reload-db.sh        # the value on stdin; HUSH_SECRET_REF, HUSH_SECRET_VERSION
//!       - signal: {pid_file: /run/app.pid, signal: HUP}
//! ```
//!
//! Relative `file` and `pid_file` paths, and `run` commands, are taken from the config
//! file's directory. In the short `FILE#PATH` form of `update`, PATH is a sops path
//! (`["a"]["b"]`) or dotted keys (`a.b`; a number is a list index).

use std::path::PathBuf;
use std::time::Duration;

use super::parse::{Cx, list_items, offset, pairs};
use crate::document::{Node, Value};
use crate::error::{Location, Result};
use crate::rotation::generate::{DEFAULT_SPEC, Generator};
use crate::rotation::reference::Reference;

/// One secret under policy.
#[derive(Clone, Debug)]
pub struct SecretPolicy {
    /// The reference as written.
    pub reference: String,
    pub generate: Generator,
    pub max_age: Option<Duration>,
    pub on_rotate: Vec<Action>,
    /// Where the entry starts.
    pub location: Location,
}

/// What to do after a rotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Set `path` (a sops path) of the sealed `file` to the new value, re-sealing only it.
    Update { file: PathBuf, path: String },
    /// Run a shell command with the new value on its standard input.
    Run { command: String },
    /// Send `signal` to the process whose id is in `pid_file` (e.g. `hush exec-env --pid-file`).
    Signal { pid_file: PathBuf, signal: String },
}

impl Action {
    /// A short name for messages and the audit log (never a value).
    pub fn describe(&self, index: usize) -> String {
        match self {
            Action::Update { file, path } => {
                format!("#{} update {}:{path}", index + 1, file.display())
            }
            Action::Run { .. } => format!("#{} run", index + 1),
            Action::Signal { pid_file, signal } => {
                format!("#{} signal {signal} to {}", index + 1, pid_file.display())
            }
        }
    }
}

/// The signals an action may send (those `hush exec-*` passes on to its child).
pub const SIGNALS: [&str; 5] = ["HUP", "USR1", "USR2", "TERM", "INT"];

/// A sops path from dotted keys (`a.b.0` → `["a"]["b"][0]`); a sops path is kept as is.
fn sops_path(path: &str) -> String {
    if path.starts_with('[') {
        return path.to_string();
    }
    path.split('.')
        .map(|step| match step.parse::<usize>() {
            Ok(i) => format!("[{i}]"),
            Err(_) => format!("[\"{step}\"]"),
        })
        .collect()
}

impl Cx<'_> {
    pub(super) fn secrets(&mut self, node: &Node, at: usize) -> Result<Vec<SecretPolicy>> {
        let items = list_items(node).ok_or_else(|| {
            self.error(
                at,
                "`secrets` must be a list of entries (each starting with `- ref:`)",
            )
        })?;
        let mut out: Vec<SecretPolicy> = Vec::new();
        for item in items {
            let entry = self.secret(item, at)?;
            let canonical = |r: &str| Reference::parse(r).map(|r| r.canonical()).ok();
            if out
                .iter()
                .any(|p| canonical(&p.reference) == canonical(&entry.reference))
            {
                return Err(self.error(
                    offset(item).unwrap_or(at),
                    format!("`{}` is listed twice in `secrets`", entry.reference),
                ));
            }
            out.push(entry);
        }
        Ok(out)
    }

    fn secret(&mut self, node: &Node, list_at: usize) -> Result<SecretPolicy> {
        let start = self.node_start(node, list_at);
        let Value::Map(entries) = &node.value else {
            return Err(self.error(
                start,
                "a `secrets` entry must be a map (ref, generate, max_age, on_rotate)",
            ));
        };
        let mut reference = None;
        let mut generate = None;
        let mut max_age = None;
        let mut on_rotate = Vec::new();
        for (key, value) in pairs(entries) {
            let at = self.key_offset(key, value, start);
            let value_at = offset(value).unwrap_or(at);
            match key {
                "ref" => {
                    let text = self.required(value, at, key)?;
                    Reference::parse(&text).map_err(|e| self.error(value_at, e.to_string()))?;
                    reference = Some(text);
                }
                "generate" => {
                    let spec = self.required(value, at, key)?;
                    generate = Some(
                        Generator::parse(&spec).map_err(|e| self.error(value_at, e.to_string()))?,
                    );
                }
                "max_age" => {
                    let text = self.required(value, at, key)?;
                    max_age = Some(humantime::parse_duration(&text).map_err(|e| {
                        self.error(
                            value_at,
                            format!("`max_age` {text:?}: {e}; write e.g. 90d, 12h or 30m"),
                        )
                    })?);
                }
                "on_rotate" => on_rotate = self.actions(value, at)?,
                _ => {
                    return Err(self.error(
                        at,
                        format!("unknown key `{key}` in a `secrets` entry; expected ref, generate, max_age or on_rotate"),
                    ));
                }
            }
        }
        let reference = reference.ok_or_else(|| {
            self.error(
                start,
                "this `secrets` entry has no `ref` (e.g. `ref: local:db-password`)",
            )
        })?;
        let generate = match generate {
            Some(g) => g,
            None => Generator::parse(DEFAULT_SPEC)?,
        };
        Ok(SecretPolicy {
            reference,
            generate,
            max_age,
            on_rotate,
            location: self.location(start),
        })
    }

    fn required(&self, node: &Node, at: usize, key: &str) -> Result<String> {
        self.string(node, at, key)?
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| self.error(at, format!("`{key}` is empty")))
    }

    fn actions(&mut self, node: &Node, at: usize) -> Result<Vec<Action>> {
        let items = list_items(node).ok_or_else(|| {
            self.error(
                at,
                "`on_rotate` must be a list of actions (- update: …, - run: …, - signal: …)",
            )
        })?;
        items
            .into_iter()
            .map(|item| self.action(item, at))
            .collect()
    }

    fn action(&mut self, node: &Node, list_at: usize) -> Result<Action> {
        let start = self.node_start(node, list_at);
        let shape = "an `on_rotate` action is one of `update: {file: F, path: P}`, `run: COMMAND` or `signal: {pid_file: F, signal: HUP}`";
        let Value::Map(entries) = &node.value else {
            return Err(self.error(start, shape));
        };
        let mut found = pairs(entries);
        let (Some((kind, value)), None) = (found.next(), found.next()) else {
            return Err(self.error(start, shape));
        };
        let at = self.key_offset(kind, value, start);
        match kind {
            "run" => Ok(Action::Run {
                command: self.required(value, at, kind)?,
            }),
            "update" if matches!(value.value, Value::Scalar(_)) => {
                let text = self.required(value, at, kind)?;
                let (file, path) = text
                    .rsplit_once('#')
                    .filter(|(f, p)| !f.is_empty() && !p.is_empty())
                    .ok_or_else(|| {
                        self.error(
                            at,
                            "`update: FILE#PATH` needs both, e.g. deploy/db.enc.yaml#stringData.password",
                        )
                    })?;
                Ok(Action::Update {
                    file: PathBuf::from(file),
                    path: sops_path(path),
                })
            }
            "update" => {
                let fields = self.fields(value, at, kind, &["file", "path"])?;
                Ok(Action::Update {
                    file: PathBuf::from(self.field(&fields, "file", at, kind)?),
                    path: self.field(&fields, "path", at, kind)?,
                })
            }
            "signal" => {
                let fields = self.fields(value, at, kind, &["pid_file", "signal"])?;
                let (signal, signal_at) = fields
                    .iter()
                    .find(|(k, _, _)| k == "signal")
                    .map(|(_, v, a)| {
                        let upper = v.to_ascii_uppercase();
                        (upper.trim_start_matches("SIG").to_string(), *a)
                    })
                    .unwrap_or_else(|| ("HUP".into(), at));
                if !SIGNALS.contains(&signal.as_str()) {
                    return Err(self.error(
                        signal_at,
                        format!("`signal` {signal:?} is not one of {}", SIGNALS.join(", ")),
                    ));
                }
                Ok(Action::Signal {
                    pid_file: PathBuf::from(self.field(&fields, "pid_file", at, kind)?),
                    signal,
                })
            }
            _ => Err(self.error(at, shape)),
        }
    }

    /// The string fields of an action's map (name, value, where), refusing unknown keys.
    fn fields(
        &self,
        node: &Node,
        at: usize,
        kind: &str,
        allowed: &[&str],
    ) -> Result<Vec<(String, String, usize)>> {
        let Value::Map(entries) = &node.value else {
            return Err(self.error(
                at,
                format!("`{kind}` takes a map with {}", allowed.join(" and ")),
            ));
        };
        let mut out = Vec::new();
        for (key, value) in pairs(entries) {
            let key_at = self.key_offset(key, value, at);
            if !allowed.contains(&key) {
                return Err(self.error(
                    key_at,
                    format!(
                        "unknown key `{key}` in `{kind}`; expected {}",
                        allowed.join(" and ")
                    ),
                ));
            }
            out.push((key.to_string(), self.required(value, key_at, key)?, key_at));
        }
        Ok(out)
    }

    fn field(
        &self,
        fields: &[(String, String, usize)],
        name: &str,
        at: usize,
        kind: &str,
    ) -> Result<String> {
        fields
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v.clone())
            .ok_or_else(|| self.error(at, format!("`{kind}` needs `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    fn parse(text: &str) -> crate::error::Result<Config> {
        Config::parse(Path::new("/repo/.hush.yaml"), text.as_bytes().to_vec())
    }

    #[test]
    fn every_field_and_action_shape() {
        let c = parse(
            "secrets:
  - ref: local:db
    generate: hex:8
    max_age: 90d
    on_rotate:
      - update: {file: deploy/db.enc.yaml, path: '[\"stringData\"][\"password\"]'}
      - update: deploy/db.enc.yaml#stringData.items.0
      - run: ./reload.sh
      - signal: {pid_file: run/app.pid, signal: sigusr1}
      - signal: {pid_file: run/app.pid}
  - ref: vault:secret/app#token
",
        )
        .unwrap();
        let db = &c.secrets[0];
        assert_eq!(db.reference, "local:db");
        assert_eq!(db.generate, Generator::Hex { bytes: 8 });
        assert_eq!(db.max_age, Some(Duration::from_secs(90 * 86400)));
        assert_eq!(db.location.line, 2);
        let update = |path: &str| Action::Update {
            file: "deploy/db.enc.yaml".into(),
            path: path.into(),
        };
        let signal = |signal: &str| Action::Signal {
            pid_file: "run/app.pid".into(),
            signal: signal.into(),
        };
        assert_eq!(
            db.on_rotate,
            [
                update(r#"["stringData"]["password"]"#),
                update(r#"["stringData"]["items"][0]"#),
                Action::Run {
                    command: "./reload.sh".into()
                },
                signal("USR1"),
                signal("HUP"),
            ]
        );
        let vault = &c.secrets[1];
        assert_eq!(vault.generate, Generator::parse(DEFAULT_SPEC).unwrap());
        assert_eq!(vault.max_age, None);
        assert!(vault.on_rotate.is_empty());
    }

    #[test]
    fn duplicates_and_unknown_keys_are_located_errors() {
        let e = parse("secrets:\n  - ref: db\n  - ref: local:db\n").unwrap_err();
        assert_eq!(e.exit_code().code(), 5);
        assert!(e.to_string().starts_with("/repo/.hush.yaml:3:"), "{e}");
        assert!(e.to_string().contains("listed twice"), "{e}");
        let e = parse("secrets:\n  - ref: db\n    maxage: 1d\n").unwrap_err();
        assert!(e.to_string().starts_with("/repo/.hush.yaml:3:5:"), "{e}");
        let e =
            parse("secrets:\n  - ref: db\n    on_rotate:\n      - update: x.yaml\n").unwrap_err();
        assert!(e.to_string().contains("FILE#PATH"), "{e}");
        let e = parse("secrets: db\n").unwrap_err();
        assert!(e.to_string().contains("must be a list"), "{e}");
    }
}
