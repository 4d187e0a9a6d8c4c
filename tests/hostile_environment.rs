//! Bad input from the environment rather than the bytes: a full disk and unreadable files.
//!
//! A full disk is a 64 KiB tmpfs, filled up, mounted in a private mount namespace
//! (`unshare -m`, so nothing outlives the test); unreadable files are read by hush running
//! as `nobody` (`setpriv`), since root reads a mode-000 file. Each case must fail with the
//! documented exit code and a message naming the file and the cause, and leave every file
//! as it was, with no temporary file behind.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::*;

/// What one hush run inside a full tmpfs reported.
struct FullDiskRun {
    code: i32,
    stderr: String,
    /// The watched file's digest before and after the run.
    before: String,
    after: String,
    /// `ls -A` of the tmpfs after the run.
    listing: Vec<String>,
}

/// Mounts a 64 KiB tmpfs at `s/mnt` in a new mount namespace, copies `inputs` (scratch file
/// names) into it, fills it up, runs `hush ARGS` there (in the tmpfs) with `env`, and
/// reports on `watched` (a name in the tmpfs, or a scratch path).
fn on_a_full_disk(
    s: &Scratch,
    inputs: &[&str],
    watched: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> FullDiskRun {
    let mnt = s.path("mnt");
    std::fs::create_dir_all(&mnt).expect("mount point");
    let copies: String = inputs
        .iter()
        .map(|f| format!("cp -a \"$S/{f}\" \"$M/\"\n"))
        .collect();
    let script = format!(
        "set -u\nmount -t tmpfs -o size=64k tmpfs \"$M\"\n{copies}\
         cat /dev/zero > \"$M/filler\" 2>/dev/null\n\
         cd \"$M\"\n\
         sha256sum {watched} > \"$S/before\"\n\
         \"$HUSH\" \"$@\" 2> \"$S/stderr\"; echo $? > \"$S/code\"\n\
         sha256sum {watched} > \"$S/after\"\n\
         ls -A \"$M\" > \"$S/listing\"\n"
    );
    let mut cmd = s.hush_cmd(&[]);
    let mut unshare = Command::new(tool("unshare", "HUSH_UNSHARE_BIN"));
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => unshare.env(k, v),
            None => unshare.env_remove(k),
        };
    }
    unshare
        .args(["-m", "sh", "-c", &script, "sh"])
        .args(args)
        .env("S", s.dir.path())
        .env("M", &mnt)
        .env("HUSH", env!("CARGO_BIN_EXE_hush"));
    for (k, v) in env {
        unshare.env(k, v);
    }
    cmd = unshare;
    ok(&cmd.output().expect("run unshare"));
    let read = |name: &str| std::fs::read_to_string(s.path(name)).expect("report file");
    FullDiskRun {
        code: read("code").trim().parse().expect("exit code"),
        stderr: read("stderr"),
        before: read("before"),
        after: read("after"),
        listing: read("listing").lines().map(String::from).collect(),
    }
}

fn assert_no_space(run: &FullDiskRun, code: i32, names: &str, listing: &[&str]) {
    assert_eq!(run.code, code, "{}", run.stderr);
    assert!(run.stderr.contains(names), "names {names}: {}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.before, run.after, "the file is as it was");
    let mut want: Vec<String> = listing.iter().map(|n| n.to_string()).collect();
    want.push("filler".into());
    want.sort();
    let mut got = run.listing.clone();
    got.sort();
    assert_eq!(got, want, "no temporary file is left behind");
}

#[test]
fn encrypt_in_place_on_a_full_disk_keeps_the_plaintext_file() {
    let s = Scratch::new();
    s.write("plain.yaml", PLAIN_YAML);
    let run = on_a_full_disk(
        &s,
        &["plain.yaml"],
        "plain.yaml",
        &["encrypt", "--age", AGE_RECIPIENT, "-i", "plain.yaml"],
        &[],
    );
    assert_no_space(&run, 3, "plain.yaml", &["plain.yaml"]);
}

#[test]
fn set_on_a_full_disk_keeps_the_sealed_file() {
    let s = Scratch::new();
    s.seal("s.yaml", PLAIN_YAML);
    let run = on_a_full_disk(
        &s,
        &["s.yaml"],
        "s.yaml",
        &["set", "s.yaml", "[\"db\"][\"password\"]", "\"other\""],
        &[],
    );
    assert_no_space(&run, 3, "s.yaml", &["s.yaml"]);
}

#[test]
fn edit_with_a_full_private_directory_keeps_the_sealed_file() {
    let s = Scratch::new();
    s.seal("s.yaml", PLAIN_YAML);
    let sealed = s.path("s.yaml");
    let run = on_a_full_disk(
        &s,
        &[],
        sealed.to_str().expect("utf-8"),
        &["edit", sealed.to_str().expect("utf-8")],
        &[
            ("HUSH_EDIT_TMPDIR", s.path("mnt").to_str().expect("utf-8")),
            ("EDITOR", "true"),
        ],
    );
    assert_no_space(&run, 3, "hush-edit-", &[]);
}

#[test]
fn secret_put_on_a_full_disk_keeps_the_store() {
    let s = Scratch::new();
    s.write(
        ".hush.yaml",
        format!("creation_rules:\n  - age: {AGE_RECIPIENT}\n"),
    );
    let store = s.path("mnt/store");
    let run = on_a_full_disk(
        &s,
        &[".hush.yaml"],
        ".hush.yaml",
        &["secret", "put", "local:app/db", "--generate", "base64:48"],
        &[
            ("HUSH_STORE", store.to_str().expect("utf-8")),
            (
                "HUSH_AUDIT_LOG",
                s.path("audit.log").to_str().expect("utf-8"),
            ),
        ],
    );
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// `hush ARGS` as `nobody`, in the scratch directory (opened up so nobody can enter it).
fn as_nobody(s: &Scratch, args: &[&str]) -> std::process::Output {
    let open = |p: &Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    open(s.dir.path(), 0o755);
    open(&s.key_file(), 0o644);
    hush_as_nobody(s, s.dir.path(), args)
}

#[test]
fn unreadable_inputs_name_the_file_and_change_nothing() {
    let s = Scratch::new();
    let sealed = s.seal("s.yaml", PLAIN_YAML);
    let plain = s.write("plain.yaml", PLAIN_YAML);
    for f in [&sealed, &plain] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    }
    let sealed_before = std::fs::read(&sealed).expect("root reads it");
    for (args, file) in [
        (vec!["decrypt", "s.yaml"], "s.yaml"),
        (
            vec!["set", "s.yaml", "[\"db\"][\"user\"]", "\"x\""],
            "s.yaml",
        ),
        (
            vec!["encrypt", "--age", AGE_RECIPIENT, "plain.yaml"],
            "plain.yaml",
        ),
        (
            vec!["encrypt", "--age", AGE_RECIPIENT, "-i", "plain.yaml"],
            "plain.yaml",
        ),
    ] {
        let o = as_nobody(&s, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!("hush: {file}: cannot read: Permission denied (os error 13)\n"),
            "{args:?}"
        );
        assert!(o.stdout.is_empty());
    }
    assert_eq!(std::fs::read(&sealed).expect("read"), sealed_before);
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);
}

#[test]
fn an_unreadable_creation_rule_file_is_a_located_config_error() {
    let s = Scratch::new();
    let config = s.write(
        ".hush.yaml",
        format!("creation_rules:\n  - age: {AGE_RECIPIENT}\n"),
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    s.write("plain.yaml", PLAIN_YAML);
    let o = as_nobody(&s, &["encrypt", "plain.yaml"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains(".hush.yaml"), "{}", stderr(&o));
    assert!(stderr(&o).contains("Permission denied"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}
