//! Crash safety: `hush encrypt -i`, `hush edit` (with a slow editor), `hush set`, `hush rekey`
//! on a directory and `hush rotate` are killed with SIGKILL at random moments, over 200 times
//! in all. After every kill each file is the old or the new version, parses and decrypts to
//! what it should, and no plaintext is left in a temporary file; a killed rotation is
//! finished or undone by the next `hush rotate`, with exactly one current version.
//!
//! The kill moments are spread over a run's length as measured on this machine by one
//! unkilled run first (timing only schedules the kills; nothing asserts on it). Only kills
//! that land while hush still runs are counted.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::kill::{run_and_kill, typical};
use common::*;

/// Kills that must land during a run, per operation (five operations: 200 in all).
const KILLS_PER_OPERATION: usize = 40;
/// Attempts per operation before giving up on reaching that count.
const MAX_ATTEMPTS: usize = 400;

/// A value no run leaves anywhere on disk unsealed.
const MARKER: &str = "crash-marker-7f3c9a";

/// Repeats `attempt` (set up, kill, check) until `KILLS_PER_OPERATION` kills landed.
fn kill_repeatedly(what: &str, mut attempt: impl FnMut() -> bool) -> usize {
    let mut kills = 0;
    for _ in 0..MAX_ATTEMPTS {
        if attempt() {
            kills += 1;
        }
        if kills == KILLS_PER_OPERATION {
            break;
        }
    }
    assert_eq!(kills, KILLS_PER_OPERATION, "{what}: too few kills landed");
    kills
}

/// A YAML plaintext with `n` entries, each holding the marker.
fn big_yaml(n: usize) -> String {
    (0..n).map(|i| format!("key{i}: {MARKER}-{i}\n")).collect()
}

/// The decrypted bytes of `file`, asserting hush opens it.
fn decrypt(s: &Scratch, file: &Path) -> String {
    stdout(ok(&s.hush(&["decrypt", file.to_str().expect("utf-8")])))
}

/// Every file under `dirs` holding the marker.
fn plaintext_left(dirs: &[&Path]) -> Vec<PathBuf> {
    dirs.iter()
        .flat_map(|d| files_under(d))
        .filter(|(_, b)| b.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()))
        .map(|(p, _)| p)
        .collect()
}

/// Temporary files the atomic writer left in `dir` (they hold ciphertext only).
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".hush-"))
        })
        .collect()
}

fn with_rule(s: &Scratch) {
    s.write(
        ".hush.yaml",
        format!("creation_rules:\n  - age: {AGE_RECIPIENT}\n"),
    );
}

#[test]
fn encrypt_in_place_killed_leaves_the_plaintext_or_the_sealed_file() {
    let s = Scratch::new();
    with_rule(&s);
    let plain = big_yaml(3000);
    let file = s.path("values.yaml");
    let cmd = |s: &Scratch| s.hush_cmd(&["encrypt", "-i", file.to_str().expect("utf-8")]);
    s.write("values.yaml", &plain);
    let typical = typical(cmd(&s));
    kill_repeatedly("encrypt -i", || {
        s.write("values.yaml", &plain);
        let killed = run_and_kill(cmd(&s), typical);
        let now = std::fs::read_to_string(&file).expect("the file is still there");
        if now != plain {
            assert_eq!(
                decrypt(&s, &file),
                plain,
                "sealed, it opens to the plaintext"
            );
        }
        for tmp in temp_files(s.dir.path()) {
            let bytes = std::fs::read(&tmp).expect("read temp file");
            assert!(
                !bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()),
                "{tmp:?} holds plaintext"
            );
            std::fs::remove_file(tmp).expect("remove");
        }
        killed
    });
}

#[test]
fn set_killed_leaves_the_old_or_the_new_value() {
    let s = Scratch::new();
    let plain = big_yaml(800);
    let file = s.seal("s.yaml", &plain);
    let sealed = std::fs::read(&file).expect("sealed");
    let cmd = |s: &Scratch| {
        s.hush_cmd(&[
            "set",
            file.to_str().expect("utf-8"),
            "[\"key7\"]",
            "\"new\"",
        ])
    };
    let typical = typical(cmd(&s));
    let new_plain = plain.replace(&format!("key7: {MARKER}-7\n"), "key7: new\n");
    kill_repeatedly("set", || {
        std::fs::write(&file, &sealed).expect("reset");
        let killed = run_and_kill(cmd(&s), typical);
        let opened = decrypt(&s, &file);
        assert!(
            opened == plain || opened == new_plain,
            "old or new, nothing else"
        );
        assert!(plaintext_left(&[s.dir.path()]).is_empty());
        for tmp in temp_files(s.dir.path()) {
            std::fs::remove_file(tmp).expect("remove");
        }
        killed
    });
}

#[test]
fn rekey_of_a_directory_killed_leaves_every_file_openable() {
    let s = Scratch::new();
    with_rule(&s);
    let dir = s.path("secrets");
    std::fs::create_dir(&dir).expect("mkdir");
    let files: Vec<(PathBuf, String)> = (0..6)
        .map(|i| {
            let plain = big_yaml(150 + i);
            let file = s.seal(&format!("secrets/f{i}.yaml"), &plain);
            (file, plain)
        })
        .collect();
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|(f, _)| std::fs::read(f).expect("read"))
        .collect();
    let cmd = |s: &Scratch| s.hush_cmd(&["rekey", dir.to_str().expect("utf-8")]);
    let typical = typical(cmd(&s));
    kill_repeatedly("rekey", || {
        for ((file, _), original) in files.iter().zip(&originals) {
            std::fs::write(file, original).expect("reset");
        }
        let killed = run_and_kill(cmd(&s), typical);
        for (file, plain) in &files {
            assert_eq!(&decrypt(&s, file), plain, "{file:?} opens to its plaintext");
        }
        assert!(plaintext_left(&[s.dir.path()]).is_empty());
        for tmp in temp_files(&dir) {
            std::fs::remove_file(tmp).expect("remove");
        }
        killed
    });
}

#[test]
fn edit_killed_while_the_editor_runs_leaves_the_file_and_wipes_the_plaintext() {
    let s = Scratch::new();
    let shm = tempfile::tempdir_in("/dev/shm").expect("/dev/shm is a tmpfs here");
    let plain = big_yaml(200);
    let file = s.seal("s.yaml", &plain);
    let sealed = std::fs::read(&file).expect("sealed");
    let editor = s.write(
        "slow-editor.sh",
        "#!/bin/sh\nsleep 0.05\nsed -i 's/^key3: .*/key3: edited/' \"$1\"\n",
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let cmd = |s: &Scratch| {
        let mut c = s.hush_cmd(&["edit", file.to_str().expect("utf-8")]);
        c.env("EDITOR", &editor).env("HUSH_EDIT_TMPDIR", shm.path());
        c
    };
    let typical = typical(cmd(&s));
    let edited = plain.replace(&format!("key3: {MARKER}-3\n"), "key3: edited\n");
    kill_repeatedly("edit", || {
        std::fs::write(&file, &sealed).expect("reset");
        let killed = run_and_kill(cmd(&s), typical);
        let opened = decrypt(&s, &file);
        assert!(
            opened == plain || opened == edited,
            "old or new, nothing else"
        );
        wait_until_wiped(shm.path());
        assert!(plaintext_left(&[s.dir.path(), shm.path()]).is_empty());
        killed
    });
}

/// Waits for the guard of a killed `hush edit` to remove its private directory (and for the
/// orphaned editor to give up); fails after a generous bound.
fn wait_until_wiped(shm: &Path) {
    let give_up = Instant::now() + Duration::from_secs(20);
    loop {
        let left = std::fs::read_dir(shm).expect("read shm").count();
        if left == 0 {
            return;
        }
        assert!(
            Instant::now() < give_up,
            "the private directory of a killed edit was not wiped"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn rotate_killed_is_finished_or_undone_by_the_next_rotate() {
    let s = Scratch::new();
    with_rule(&s);
    let reference = "local:app/db";
    let store = s.path("store");
    let cmd = |s: &Scratch, args: &[&str]| {
        let mut c = s.hush_cmd(args);
        c.env("HUSH_STORE", &store)
            .env("HUSH_AUDIT_LOG", s.path("audit.log"));
        c
    };
    let put = cmd(&s, &["secret", "put", reference, "--generate", "hex:16"]);
    ok(&run(&mut { put }));
    let typical = typical(cmd(&s, &["rotate", reference, "--generate", "hex:16"]));
    kill_repeatedly("rotate", || {
        let killed = run_and_kill(
            cmd(&s, &["rotate", reference, "--generate", "hex:16"]),
            typical,
        );
        let o = run(&mut cmd(&s, &["rotate", reference, "--generate", "hex:16"]));
        assert!(
            o.status.success(),
            "the next rotate succeeds: {}",
            stderr(&o)
        );
        let versions = versions(&run(&mut cmd(
            &s,
            &["secret", "versions", reference, "--format", "json"],
        )));
        let current: Vec<_> = versions.iter().filter(|v| v["current"] == true).collect();
        assert_eq!(
            current.len(),
            1,
            "exactly one current version: {versions:?}"
        );
        killed
    });
    let versions = versions(&run(&mut cmd(
        &s,
        &["secret", "versions", reference, "--format", "json"],
    )));
    let mut values = Vec::new();
    for v in &versions {
        let id = v["version"].as_str().expect("version id");
        let o = run(&mut cmd(&s, &["secret", "get", reference, "--version", id]));
        let value = stdout(ok(&o));
        assert_eq!(value.len(), 32, "version {id} reads back");
        values.push(value);
    }
    ok(&run(&mut cmd(&s, &["audit", "verify"])));
    let on_disk = files_under(s.dir.path());
    for value in &values {
        for (path, bytes) in &on_disk {
            assert!(
                !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
                "{path:?} holds a secret value in clear"
            );
        }
    }
}

/// Every file under `dir` with its bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push((path, bytes));
            }
        }
    }
    out
}

fn versions(o: &Output) -> Vec<serde_json::Value> {
    serde_json::from_str(&stdout(ok(o))).expect("versions JSON")
}

/// What a writer killed between writing its temporary and renaming it leaves behind
/// (`.hush-PID-RANDOM.tmp`, ciphertext) is removed by the next write into the directory,
/// once its writer no longer runs and it is older than 15 minutes; nothing else is.
#[test]
fn leftover_temporaries_of_killed_writers_are_swept_by_the_next_write() {
    let s = Scratch::new();
    let file = s.seal("s.yaml", "a: 1\n");
    let mut child = std::process::Command::new("true").spawn().expect("spawn");
    let dead = child.id();
    child.wait().expect("wait");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(16 * 60);
    let plant = |name: String, backdate: bool| {
        let path = s.write(&name, "ENC[...]");
        if backdate {
            let f = std::fs::File::options()
                .write(true)
                .open(&path)
                .expect("open");
            f.set_modified(old).expect("backdate");
        }
        path
    };
    let stale = plant(format!(".hush-{dead}-Xy12Ab.tmp"), true);
    let recent = plant(format!(".hush-{dead}-Zz34Cd.tmp"), false);
    let running = plant(format!(".hush-{}-Qq56Ef.tmp", std::process::id()), true);
    let other = plant(".hush-notes.tmp".into(), true);
    ok(&s.hush(&["set", file.to_str().expect("utf-8"), "[\"a\"]", "2"]));
    assert!(!stale.exists(), "a dead writer's old temporary is removed");
    assert!(recent.exists(), "a recent one is kept");
    assert!(running.exists(), "a running writer's is kept");
    assert!(other.exists(), "other files are kept");
}
