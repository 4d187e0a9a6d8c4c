//! The parts of rotation that are not a backend, through the built binary with the local
//! store: the `ed25519` and `command:` generators, `hush secret prune`, the `secrets:`
//! policy of `.hush.yaml` with `hush rotate --due` and its `on_rotate` actions (a sealed
//! file re-sealed with a minimal diff and opened by the real sops, a command fed on standard
//! input, a signal reaching a running `hush exec-env`), and the audit log of all of it.
//!
//! Age is made honestly: a test rewrites the `created` time of a version in the store's own
//! `index.json`, as if it had been written long ago; no clock is faked.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::local_store::Store;
use common::{assert_changes, fails_with, ok, stdout, tool};

const REF: &str = "local:app/db";
const FIRST: &str = "first-value-Zq81";

/// The local store helper with this file's views of it.
trait Views {
    /// (version, state) pairs, oldest first.
    fn states(&self) -> Vec<(String, String)>;
    /// Sets the creation time of every version in the store's index to a day in 2020.
    fn backdate(&self);
    /// The audit log, after checking its chain.
    fn audit(&self) -> String;
}

fn repo(policy: &str) -> Store {
    Store::new(REF, policy)
}

impl Views for Store {
    fn states(&self) -> Vec<(String, String)> {
        self.versions()
            .iter()
            .map(|v| {
                (
                    v["version"].as_str().expect("id").to_string(),
                    v["state"].as_str().expect("state").to_string(),
                )
            })
            .collect()
    }

    fn backdate(&self) {
        let path = self.s.path("store/app/db/index.json");
        let mut index: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("index")).expect("index JSON");
        for v in index["versions"].as_array_mut().expect("versions") {
            v["created"] = "2020-01-01T00:00:00Z".into();
        }
        std::fs::write(&path, serde_json::to_vec_pretty(&index).expect("JSON")).expect("write");
    }

    fn audit(&self) -> String {
        ok(&self.hush(&["audit", "verify"]));
        std::fs::read_to_string(self.log()).expect("log")
    }
}

#[test]
fn ed25519_stores_an_openssh_private_key_whose_public_half_ssh_keygen_derives_too() {
    let repo = repo("");
    ok(&repo.hush(&["secret", "put", REF, "--generate", "ed25519"]));
    let pem = repo.get(None);
    assert!(
        pem.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"),
        "{pem}"
    );
    let public = stdout(ok(&repo.hush(&["secret", "get", REF, "--public"])));
    assert!(public.starts_with("ssh-ed25519 AAAA"), "{public}");

    // OpenSSH's own tool reads the key and derives the same public key.
    let key = repo.s.path("id_ed25519");
    std::fs::write(&key, &pem).expect("key");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let derived = common::run(
        std::process::Command::new(tool("ssh-keygen", "HUSH_SSH_KEYGEN_BIN"))
            .args(["-y", "-f"])
            .arg(&key),
    );
    let derived = stdout(ok(&derived));
    let words = |l: &str| l.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert_eq!(words(&derived), words(&public));

    ok(&repo.hush(&["rotate", REF, "--generate", "ed25519"]));
    assert_ne!(repo.get(None), pem, "a rotation makes a new key");
    ok(&repo.hush(&["secret", "put", REF, "--generate", "hex:8"]));
    let o = repo.hush(&["secret", "get", REF, "--public"]);
    assert!(fails_with(&o, 8).contains("--public needs a keypair value"));
}

#[test]
fn command_generator_takes_stdout_minus_one_newline_and_fails_clearly() {
    let repo = repo("");
    let spec = "command:printf 'gen-%s:%s\\n' abc 42";
    ok(&repo.hush(&["secret", "put", REF, "--generate", spec]));
    assert_eq!(repo.get(None), "gen-abc:42");
    ok(&repo.hush(&["rotate", REF, "--generate", "command:echo two; echo lines"]));
    assert_eq!(repo.get(None), "two\nlines");

    let o = repo.hush(&[
        "rotate",
        REF,
        "--generate",
        "command:echo nope-diag >&2; exit 3",
    ]);
    let err = fails_with(&o, 88);
    assert!(
        err.contains("nope-diag"),
        "the command's stderr passes through: {err}"
    );
    assert!(err.contains("exited with status 3"), "{err}");
    let o = repo.hush(&["rotate", REF, "--generate", "command:true"]);
    assert!(fails_with(&o, 88).contains("printed nothing"));
    assert_eq!(repo.states().len(), 2, "a failed generator stages nothing");
    let o = repo.hush(&["rotate", REF]);
    assert!(
        stdout(ok(&o)).contains("version 2 -> 3"),
        "no journal was left behind"
    );
}

#[test]
fn prune_keeps_the_newest_the_current_and_the_staged_and_is_audited() {
    let repo = repo("");
    repo.put(FIRST);
    for _ in 0..5 {
        ok(&repo.hush(&["rotate", REF]));
    }
    ok(&repo.hush(&["rollback", REF, "--to", "3"]));
    ok(&repo.hush(&["rotate", REF, "--stage-only"]));
    let third = repo.get(Some("3"));
    assert_eq!(repo.states().len(), 7);

    let o = repo.hush(&["secret", "prune", REF, "--keep", "2", "--dry-run"]);
    assert_eq!(
        stdout(ok(&o)),
        "local:app/db: would remove versions 1,2,4,5\n"
    );
    assert_eq!(repo.states().len(), 7, "--dry-run removes nothing");
    let o = repo.hush(&[
        "secret",
        "prune",
        REF,
        "--keep",
        "2",
        "--older-than",
        "1000d",
    ]);
    assert_eq!(stdout(ok(&o)), "local:app/db: nothing to prune\n");

    let o = repo.hush(&["secret", "prune", REF, "--keep", "2"]);
    assert_eq!(stdout(ok(&o)), "local:app/db: removed versions 1,2,4,5\n");
    let left: Vec<(String, String)> = repo.states();
    let want = [("3", "current"), ("6", "retained"), ("7", "staged")];
    assert_eq!(
        left,
        want.map(|(v, s)| (v.to_string(), s.to_string())).to_vec()
    );
    for gone in ["v1.json", "v2.json", "v4.json", "v5.json"] {
        assert!(
            !repo.s.path(&format!("store/app/db/{gone}")).exists(),
            "{gone}"
        );
    }
    assert_eq!(repo.get(None), third);
    let o = repo.hush(&["secret", "get", REF, "--version", "1"]);
    fails_with(&o, 80);
    // The staged rotation still finishes.
    ok(&repo.hush(&["rotate", REF]));
    assert_eq!(repo.current(), "7");
    // Pruning the version a plain rollback would go back to leaves no dangling pointer.
    let o = repo.hush(&["secret", "prune", REF, "--keep", "1"]);
    assert_eq!(stdout(ok(&o)), "local:app/db: removed versions 3,6\n");
    assert_eq!(repo.states(), [("7".to_string(), "current".to_string())]);
    let o = repo.hush(&["rollback", REF]);
    assert!(fails_with(&o, 81).contains("no previous version"));

    let o = repo.hush(&["secret", "prune", REF]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "--keep or --older-than is required"
    );
    let log = repo.audit();
    assert!(
        log.contains(r#""op":"prune""#) && log.contains(r#""detail":"removed 1,2,4,5""#),
        "{log}"
    );
    assert!(!log.contains(&third) && !log.contains(FIRST));
}

#[test]
fn rotate_due_rotates_only_what_is_older_than_max_age() {
    let repo = repo(
        "secrets:\n  - ref: local:app/db\n    generate: hex:8\n    max_age: 30d\n  - ref: local:other\n",
    );
    repo.put(FIRST);
    let o = repo.hush(&["rotate", "--due", "--dry-run"]);
    let err = fails_with(&o, 80);
    assert!(err.contains("local:other: no such secret"), "{err}");
    ok(&repo.hush(&["secret", "put", "local:other", "--generate", "uuid"]));

    let o = repo.hush(&["rotate", "--due", "--dry-run"]);
    let out = stdout(ok(&o));
    assert!(
        out.contains("local:app/db: not due: version 1 is "),
        "{out}"
    );
    assert!(out.contains("(max_age 30days)"), "{out}");
    assert!(out.contains("local:other: no max_age"), "{out}");

    repo.backdate();
    let o = repo.hush(&["rotate", "--due", "--dry-run"]);
    fails_with(&o, 86);
    assert!(
        stdout(&o).contains("local:app/db: due: version 1 is "),
        "{}",
        stdout(&o)
    );
    assert_eq!(repo.states().len(), 1, "--dry-run rotates nothing");

    let o = repo.hush(&["rotate", "--due"]);
    assert!(stdout(ok(&o)).contains("local:app/db: rotated, version 1 -> 2"));
    assert_eq!(repo.get(None).len(), 16, "the policy's generator (hex:8)");
    ok(&repo.hush(&["rotate", "--due", "--dry-run"]));
    let o = repo.hush(&["rotate", "--due"]);
    assert!(
        !stdout(ok(&o)).contains("rotated, version"),
        "nothing is due any more"
    );
    assert_eq!(repo.states().len(), 2);
}

const SEALED: &str = "apiVersion: v1\nkind: Secret\nstringData:\n    user: app\n    password: old-password\n    host: db.internal\n";

#[test]
fn on_rotate_updates_the_sealed_file_with_a_minimal_diff_that_sops_opens() {
    let repo = repo(
        "secrets:\n  - ref: local:app/db\n    max_age: 90d\n    on_rotate:\n      - update: {file: deploy/db.enc.yaml, path: '[\"stringData\"][\"password\"]'}\n",
    );
    std::fs::create_dir(repo.s.path("deploy")).expect("dir");
    let file = repo.s.seal("deploy/db.enc.yaml", SEALED);
    let before = std::fs::read_to_string(&file).expect("read");
    repo.put(FIRST);
    repo.backdate();
    let o = repo.hush(&["rotate", "--due"]);
    let out = stdout(ok(&o));
    assert!(
        out.contains("on_rotate #1 update deploy/db.enc.yaml:[\"stringData\"][\"password\"]: done"),
        "{out}"
    );
    let after = std::fs::read_to_string(&file).expect("read");
    assert_changes(&before, &after, &["password: ENC["], &["password: ENC["]);

    let value = repo.get(None);
    assert_eq!(
        repo.s.sops_extract(&file, "[\"stringData\"][\"password\"]"),
        value
    );
    assert_eq!(
        repo.s.sops_extract(&file, "[\"stringData\"][\"user\"]"),
        "app"
    );
    let log = repo.audit();
    assert!(log.contains(r#""op":"on_rotate""#), "{log}");
    assert!(!log.contains(&value));
}

#[test]
fn a_run_action_gets_the_value_on_stdin_never_in_argv() {
    let run = "cat /proc/$$/cmdline > argv.txt; cat > value.txt; printf '%s %s' \"$HUSH_SECRET_REF\" \"$HUSH_SECRET_VERSION\" > meta.txt";
    let repo = repo(&format!(
        "secrets:\n  - ref: local:app/db\n    on_rotate:\n      - run: {run:?}\n"
    ));
    repo.put(FIRST);
    ok(&repo.hush(&["rotate", REF]));
    let value = repo.get(None);
    let read = |f: &str| std::fs::read_to_string(repo.s.path(f)).expect(f);
    assert_eq!(read("value.txt"), value);
    assert_eq!(read("meta.txt"), "local:app/db 2");
    assert!(
        read("argv.txt").starts_with("sh\0-c\0"),
        "{}",
        read("argv.txt")
    );
    assert!(!read("argv.txt").contains(&value));
    let o = repo.hush(&["rotate", "--actions-only", REF]);
    assert!(stdout(ok(&o)).contains("on_rotate #1 run: done"));
    assert_eq!(repo.states().len(), 2, "--actions-only rotates nothing");
}

#[test]
fn a_failed_action_leaves_the_rotation_done_and_rotate_due_runs_only_the_actions_left() {
    let repo = repo(
        "secrets:\n  - ref: local:app/db\n    on_rotate:\n      - run: 'echo a >> trail'\n      - run: 'test -f fixed || { echo action-diag >&2; exit 9; }; echo b >> trail'\n",
    );
    repo.put(FIRST);
    let o = repo.hush(&["rotate", REF]);
    let err = fails_with(&o, 87);
    assert!(err.contains("action-diag"), "{err}");
    assert!(
        err.contains("local:app/db: rotated, but on_rotate action #2 run failed: the command exited with status 9; fix it and run `hush rotate --due`"),
        "{err}"
    );
    assert_eq!(repo.current(), "2", "the rotation itself stands");
    let trail = || std::fs::read_to_string(repo.s.path("trail")).expect("trail");
    assert_eq!(trail(), "a\n");

    let o = repo.hush(&["rotate", "--due", "--dry-run"]);
    fails_with(&o, 86);
    assert!(
        stdout(&o).contains("local:app/db: on_rotate actions of version 2 pending from #2 run"),
        "{}",
        stdout(&o)
    );
    fails_with(&repo.hush(&["rotate", "--due"]), 87);
    assert_eq!(trail(), "a\n", "action #1 is not run again");

    repo.s.write("fixed", "");
    let o = repo.hush(&["rotate", "--due"]);
    assert!(stdout(ok(&o)).contains("on_rotate #2 run: done"));
    assert_eq!(trail(), "a\nb\n");
    assert_eq!(repo.states().len(), 2, "no second rotation");
    let o = repo.hush(&["rotate", "--due", "--dry-run"]);
    assert!(!stdout(ok(&o)).contains("pending"), "nothing is left");

    let log = repo.audit();
    assert!(
        log.contains(
            r#""outcome":"error: local:app/db: rotated, but on_rotate action #2 run failed"#
        ),
        "{log}"
    );
    assert_eq!(log.matches(r##""detail":"#1 run""##).count(), 1, "{log}");
    assert_eq!(log.matches(r##""detail":"#2 run""##).count(), 3, "{log}");
}

/// Waits (up to 20 s) until `file` holds `lines` complete lines; returns them.
fn wait_for_lines(file: &std::path::Path, lines: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if text.matches('\n').count() >= lines {
            return text.lines().map(str::to_string).collect();
        }
        assert!(
            Instant::now() < deadline,
            "{} never had {lines} lines: {text:?}",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `hush exec-env --watch --pid-file run/app.pid SEALED -- sh -c SCRIPT` in `repo`.
fn exec_env(repo: &Store, sealed: &std::path::Path, script: &str) -> std::process::Child {
    std::fs::create_dir_all(repo.s.path("run")).expect("dir");
    repo.cmd(&["exec-env", "--watch", "--watch-interval", "100ms"])
        .args(["--pid-file", "run/app.pid"])
        .arg(sealed)
        .args(["--", "sh", "-c", script])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("hush exec-env")
}

fn stop(mut exec: std::process::Child) {
    ok(&common::run(
        std::process::Command::new("kill").args(["-TERM", &exec.id().to_string()]),
    ));
    exec.wait().expect("wait");
}

#[test]
fn a_signal_action_reaches_the_command_of_a_running_hush_exec_env() {
    let repo = repo(
        "secrets:\n  - ref: local:app/db\n    on_rotate:\n      - signal: {pid_file: run/app.pid, signal: HUP}\n",
    );
    let sealed = repo.s.seal("app.enc.yaml", "GREETING: hello\n");
    repo.put(FIRST);
    let script =
        "trap 'echo hup >> got-hup' HUP; echo $GREETING > ready; while :; do sleep 0.1; done";
    let exec = exec_env(&repo, &sealed, script);
    assert_eq!(wait_for_lines(&repo.s.path("ready"), 1), ["hello"]);
    let pid = std::fs::read_to_string(repo.s.path("run/app.pid")).expect("pid file");
    assert_eq!(pid.trim(), exec.id().to_string(), "hush's own pid");

    let o = repo.hush(&["rotate", REF]);
    assert!(stdout(ok(&o)).contains("on_rotate #1 signal HUP to run/app.pid: done"));
    assert_eq!(wait_for_lines(&repo.s.path("got-hup"), 1), ["hup"]);
    stop(exec);
    assert!(
        !repo.s.path("run/app.pid").exists(),
        "the pid file is removed at exit"
    );

    let o = repo.hush(&["rotate", REF]);
    let err = fails_with(&o, 87);
    assert!(err.contains("cannot read the pid file"), "{err}");
}

#[test]
fn an_updated_sealed_file_reaches_the_command_of_a_hush_exec_env_watching_it() {
    let repo = repo(
        "secrets:\n  - ref: local:app/db\n    on_rotate:\n      - update: app.enc.yaml#DB_PASSWORD\n",
    );
    let sealed = repo
        .s
        .seal("app.enc.yaml", "DB_PASSWORD: placeholder\nDB_USER: app\n");
    repo.put(FIRST);
    let exec = exec_env(
        &repo,
        &sealed,
        "echo \"$DB_USER $DB_PASSWORD\" >> seen; exec sleep 600",
    );
    assert_eq!(wait_for_lines(&repo.s.path("seen"), 1), ["app placeholder"]);

    ok(&repo.hush(&["rotate", REF]));
    let value = repo.get(None);
    let seen = wait_for_lines(&repo.s.path("seen"), 2);
    assert_eq!(
        seen[1],
        format!("app {value}"),
        "restarted with the new value"
    );
    stop(exec);
}

#[test]
fn a_bad_policy_is_a_located_config_error() {
    for (policy, at, says) in [
        (
            "secrets:\n  - ref: local:db\n    max_age: soon\n",
            ".hush.yaml:5:14:",
            "`max_age` \"soon\"",
        ),
        (
            "secrets:\n  - ref: local:db\n    generate: password:0\n",
            ".hush.yaml:5:15:",
            "bad generator",
        ),
        (
            "secrets:\n  - ref: local:db\n    on_rotate:\n      - reboot: now\n",
            ".hush.yaml:6:9:",
            "an `on_rotate` action is one of",
        ),
        (
            "secrets:\n  - ref: local:db\n    on_rotate:\n      - signal: {pid_file: p, signal: KILL}\n",
            ".hush.yaml:6:31:",
            "not one of HUP",
        ),
        (
            "secrets:\n  - generate: uuid\n",
            ".hush.yaml:4:5:",
            "has no `ref`",
        ),
        (
            "secrets:\n  - ref: gcp-sm:nope\n",
            ".hush.yaml:4:10:",
            "bad secret reference",
        ),
    ] {
        let repo = repo(policy);
        let o = repo.hush(&["rotate", "--due", "--dry-run"]);
        let err = fails_with(&o, 5);
        assert!(err.contains(at) && err.contains(says), "{policy}: {err}");
    }
}
