//! `hush edit` through the built binary, with small shell scripts as the editor: only changed
//! values get new ciphertext, exit 200 when nothing changed, invalid saves are re-opened, the
//! plaintext lives only in a private tmpfs file that is gone afterwards (also after signals),
//! and the real sops binary opens every result.

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A secret made at run time, so that no file existing before the test can contain it.
fn marker() -> &'static str {
    static MARKER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MARKER.get_or_init(|| format!("plaintext-marker-{:016x}", rand::random::<u64>()))
}

fn plaintext() -> String {
    format!(
        "# app secrets\ndb:\n  user: admin\n  password: {}\nport: 5432\n",
        marker()
    )
}

/// A private directory on tmpfs for this test, removed on drop.
struct Shm(tempfile::TempDir);

impl Shm {
    fn new() -> Shm {
        Shm(tempfile::tempdir_in("/dev/shm").expect("/dev/shm"))
    }

    fn entries(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.0.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }
}

/// Writes an executable editor script into the scratch dir.
fn editor(s: &Scratch, name: &str, body: &str) -> PathBuf {
    let p = s.write(name, format!("#!/bin/sh\nset -e\n{body}\n"));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

fn edit_cmd(s: &Scratch, shm: &Shm, editor: &Path, file: &Path) -> Command {
    let mut c = s.hush_cmd(&["edit", file.to_str().unwrap()]);
    c.env("EDITOR", editor)
        .env("HUSH_EDIT_TMPDIR", shm.0.path())
        .env("SCRATCH", s.dir.path())
        .env("MARKER", marker());
    c
}

fn edit(s: &Scratch, shm: &Shm, editor: &Path, file: &Path) -> Output {
    edit_cmd(s, shm, editor, file).output().unwrap()
}

/// Files under `dirs` whose bytes contain the marker.
/// Files under `dirs` changed since `since` (Unix seconds) that contain the marker. Older
/// files cannot hold it (it is made at run time), and skipping them keeps a large /tmp quick.
fn files_with_marker(dirs: &[&Path], since: u64) -> Vec<String> {
    let out = Command::new("find")
        .args(dirs)
        .args(["-type", "f", "-newermt", &format!("@{since}")])
        .args(["-exec", "grep", "-lF", marker(), "{}", "+"])
        .stderr(Stdio::null())
        .output()
        .unwrap();
    stdout(&out).lines().map(String::from).collect()
}

/// Unix seconds a little before now, for [`files_with_marker`].
fn started() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 2
}

#[test]
fn changing_one_value_changes_one_line() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read_to_string(&f).unwrap();
    let ed = editor(&s, "ed.sh", "sed -i 's/admin/root/' \"$1\"");
    let out = edit(&s, &shm, &ed, &f);
    ok(&out);
    assert_eq!(stderr(&out), "");
    let after = std::fs::read_to_string(&f).unwrap();
    assert_changes(&before, &after, &["user: ENC["], &["user: ENC["]);
    assert_eq!(s.sops_extract(&f, r#"["db"]["user"]"#), "root");
    assert_eq!(s.sops_extract(&f, r#"["db"]["password"]"#), marker());
    assert!(shm.entries().is_empty());
}

#[test]
fn adding_a_key_adds_one_line() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read_to_string(&f).unwrap();
    let ed = editor(
        &s,
        "ed.sh",
        "sed -i 's/^  user: admin$/  user: admin\\n  host: db.local/' \"$1\"",
    );
    ok(&edit(&s, &shm, &ed, &f));
    let after = std::fs::read_to_string(&f).unwrap();
    assert_changes(&before, &after, &[], &["host: ENC["]);
    assert_eq!(s.sops_extract(&f, r#"["db"]["host"]"#), "db.local");
}

#[test]
fn no_change_exits_200_and_leaves_the_file_byte_identical() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read(&f).unwrap();
    let ed = editor(&s, "ed.sh", "touch \"$1\"");
    let out = edit(&s, &shm, &ed, &f);
    assert_eq!(out.status.code(), Some(200));
    assert_eq!(
        stderr(&out),
        format!("hush: {}: file has not been modified\n", f.display())
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
    assert!(shm.entries().is_empty());
}

#[test]
fn an_invalid_save_is_reopened_until_fixed() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read_to_string(&f).unwrap();
    // First call: break the YAML. Second call: repair it and change the port.
    let ed = editor(
        &s,
        "ed.sh",
        "n=$(cat \"$SCRATCH/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$SCRATCH/count\"\n\
         if [ $n = 1 ]; then printf 'port: [unclosed\\n' >> \"$1\"; else sed -i '$d' \"$1\"; sed -i 's/5432/6543/' \"$1\"; fi",
    );
    let out = edit(&s, &shm, &ed, &f);
    ok(&out);
    assert_eq!(std::fs::read_to_string(s.path("count")).unwrap(), "2\n");
    assert_eq!(
        stderr(&out),
        format!(
            "hush: {}:7:1: invalid yaml: while parsing a flow sequence, expected ',' or ']'\nhush: re-opening the editor (1 of 3)\n",
            f.display()
        )
    );
    let after = std::fs::read_to_string(&f).unwrap();
    assert_changes(&before, &after, &["port: ENC["], &["port: ENC["]);
    assert_eq!(s.sops_extract(&f, r#"["port"]"#), "6543\n");
}

#[test]
fn giving_up_after_three_invalid_saves_keeps_the_file() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read(&f).unwrap();
    // Adding a sops block is refused like a parse error.
    let ed = editor(
        &s,
        "ed.sh",
        "grep -q '^sops:' \"$1\" || printf 'sops:\\n  version: x\\n' >> \"$1\"",
    );
    let out = edit(&s, &shm, &ed, &f);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.ends_with(&format!(
            "hush: {}: giving up after 3 invalid edits; the file was left unchanged. Last error: {}: invalid yaml: it has sops metadata (a top-level `sops` entry), which hush writes itself; remove it\n",
            f.display(),
            f.display()
        )),
        "{err}"
    );
    assert_eq!(err.matches("re-opening the editor").count(), 2, "{err}");
    assert_eq!(std::fs::read(&f).unwrap(), before);
    assert!(shm.entries().is_empty());
}

#[test]
fn plaintext_exists_only_in_the_private_tmpfs_file() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let tmp = std::env::temp_dir();
    // While the editor runs: where the marker is, the file's mode, its directory's mode and
    // filesystem. The report holds paths, never the marker itself.
    let ed = editor(
        &s,
        "ed.sh",
        "dir=$(dirname \"$1\")\n\
         { echo \"file=$1\"; stat -c 'mode=%a' \"$1\"; stat -c 'dirmode=%a' \"$dir\"; stat -f -c 'fs=%T' \"$1\";\n\
           find \"$SCRATCH\" /tmp \"${TMPDIR:-/tmp}\" /dev/shm -type f -newermt \"@$STARTED\" -exec grep -lF \"$MARKER\" {} + 2>/dev/null | sed 's/^/found=/' | sort -u; } > \"$SCRATCH/report\"\n\
         sed -i 's/admin/root/' \"$1\"",
    );
    let since = started();
    ok(&edit_cmd(&s, &shm, &ed, &f)
        .env("STARTED", since.to_string())
        .output()
        .unwrap());
    let report = std::fs::read_to_string(s.path("report")).unwrap();
    let private = report
        .lines()
        .find_map(|l| l.strip_prefix("file="))
        .unwrap()
        .to_string();
    assert!(
        private.starts_with(shm.0.path().to_str().unwrap()),
        "{report}"
    );
    assert!(
        private.ends_with("/s.yaml"),
        "keeps the file name: {report}"
    );
    assert!(report.contains("mode=600\n"), "{report}");
    assert!(report.contains("dirmode=700\n"), "{report}");
    assert!(report.contains("fs=tmpfs\n"), "{report}");
    let found: Vec<&str> = report
        .lines()
        .filter_map(|l| l.strip_prefix("found="))
        .collect();
    assert_eq!(found, [private.as_str()], "{report}");
    // Afterwards: nowhere.
    assert!(!Path::new(&private).exists());
    assert!(shm.entries().is_empty());
    let after = files_with_marker(&[s.dir.path(), &tmp, Path::new("/dev/shm")], since);
    assert!(after.is_empty(), "{after:?}");
    assert_eq!(s.sops_extract(&f, r#"["db"]["password"]"#), marker());
}

#[test]
fn a_directory_on_disk_is_refused() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read(&f).unwrap();
    let ed = editor(&s, "ed.sh", "touch \"$SCRATCH/editor-ran\"");
    let disk = s.path("disk");
    std::fs::create_dir(&disk).unwrap();
    let out = s
        .hush_cmd(&["edit", f.to_str().unwrap()])
        .env("EDITOR", &ed)
        .env("SCRATCH", s.dir.path())
        .env("HUSH_EDIT_TMPDIR", &disk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "hush: no private place for the plaintext: none of {} is a tmpfs or ramfs directory, and hush never writes plaintext to disk; set HUSH_EDIT_TMPDIR (or XDG_RUNTIME_DIR) to a directory on tmpfs\n",
            disk.display()
        )
    );
    assert!(!s.path("editor-ran").exists());
    assert_eq!(std::fs::read_dir(&disk).unwrap().count(), 0);
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn a_failing_editor_or_a_missing_file_changes_nothing() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read(&f).unwrap();
    let ed = editor(&s, "ed.sh", "sed -i 's/admin/root/' \"$1\"; exit 3");
    let out = edit(&s, &shm, &ed, &f);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "hush: {}: the editor exited with status 3; the file was left unchanged\n",
            f.display()
        )
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
    assert!(shm.entries().is_empty());
    // A new file with no creation rule and no --age: nothing to seal it for.
    let missing = s.path("new.yaml");
    let out = edit(&s, &shm, &ed, &missing);
    assert_eq!(out.status.code(), Some(111));
    assert!(
        stderr(&out).starts_with(&format!(
            "hush: {}: no recipients: no .hush.yaml or .sops.yaml found in {}",
            missing.display(),
            s.dir.path().display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists());
    let out = s
        .hush_cmd(&["edit", f.to_str().unwrap()])
        .env("EDITOR", "/nonexistent/editor")
        .env("HUSH_EDIT_TMPDIR", shm.0.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(201), "{}", stderr(&out));
    assert!(shm.entries().is_empty());
}

/// Starts `hush edit` with an editor that reports ready and then sleeps; returns the child.
fn start_blocked_edit(s: &Scratch, shm: &Shm, f: &Path) -> std::process::Child {
    let ed = editor(s, "ed.sh", "touch \"$SCRATCH/ready\"\nexec sleep 60");
    let mut cmd = edit_cmd(s, shm, &ed, f);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let child = cmd.spawn().unwrap();
    // Bounded wait for the editor to start (not a timing assertion).
    for _ in 0..1000 {
        if s.path("ready").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(s.path("ready").exists(), "the editor did not start");
    assert_eq!(shm.entries().len(), 1, "private directory while editing");
    child
}

fn signalled(s: &Scratch, shm: &Shm, f: &Path, child: std::process::Child, signal: &str) {
    let before = std::fs::read(f).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(85), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "hush: {}: interrupted by {signal}; the file was left unchanged and the plaintext removed\n",
            f.display()
        )
    );
    assert!(shm.entries().is_empty(), "private file left behind");
    assert_eq!(std::fs::read(f).unwrap(), before);
    assert!(files_with_marker(&[s.dir.path(), Path::new("/dev/shm")], 0).is_empty());
}

#[test]
fn sigterm_while_editing_removes_the_plaintext() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let child = start_blocked_edit(&s, &shm, &f);
    let pid = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    signalled(&s, &shm, &f, child, "SIGTERM");
}

#[test]
fn ctrl_c_while_editing_removes_the_plaintext() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let child = start_blocked_edit(&s, &shm, &f);
    // Ctrl-C reaches the whole foreground process group: hush and the editor.
    let group = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process_group(group, rustix::process::Signal::INT).unwrap();
    signalled(&s, &shm, &f, child, "SIGINT");
}

#[test]
fn every_format_edits_minimally_and_sops_agrees() {
    let cases = [
        (
            "s.json",
            "{\n  \"user\": \"admin\",\n  \"port\": 5432\n}\n",
            "user",
            "root",
        ),
        ("s.env", "# app\nUSER=admin\nPORT=5432\n", "USER", "root"),
        ("s.ini", "[db]\nuser = admin\nport = 5432\n", "user", "root"),
    ];
    for (name, plain, key, value) in cases {
        let s = Scratch::new();
        let shm = Shm::new();
        let f = s.seal(name, plain);
        let before = std::fs::read_to_string(&f).unwrap();
        let ed = editor(&s, "ed.sh", "sed -i 's/admin/root/' \"$1\"");
        ok(&edit(&s, &shm, &ed, &f));
        let after = std::fs::read_to_string(&f).unwrap();
        let (r, a) = changed_lines(&before, &after);
        assert_eq!((r.len(), a.len()), (1, 1), "{name}: {r:?} {a:?}");
        assert!(a[0].contains(key), "{name}: {a:?}");
        let path = if name.ends_with(".ini") {
            format!("[\"db\"][\"{key}\"]")
        } else {
            format!("[\"{key}\"]")
        };
        assert_eq!(s.sops_extract(&f, &path), value, "{name}");
    }
}

/// Runs `hush edit` on a terminal (`script` gives it a pty) with an editor that breaks the
/// file the first time and fixes it (changing `port`) the second; once the prompt shows,
/// types `answer`. Returns the exit code and what the terminal showed.
fn edit_on_a_terminal(s: &Scratch, shm: &Shm, f: &Path, answer: &[u8]) -> (Option<i32>, String) {
    use std::io::{BufRead, BufReader, Write};
    let ed = editor(
        s,
        "ed.sh",
        "n=$(cat \"$SCRATCH/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$SCRATCH/count\"\n\
         if [ $n = 1 ]; then printf 'port: [unclosed\\n' >> \"$1\"; else sed -i '$d' \"$1\"; sed -i 's/5432/6543/' \"$1\"; fi",
    );
    // `exec`: with SHELL unset, `script` runs `sh -c`, and dash does not exec a lone command;
    // the waiting shell would then die of the Ctrl-C itself (exit 130) whatever hush did.
    let hush_line = format!("exec {} edit {}", env!("CARGO_BIN_EXE_hush"), f.display());
    // The same isolated environment as the other tests, for `script` and so for hush.
    let isolated = edit_cmd(s, shm, &ed, f);
    let mut cmd = Command::new(tool("script", "HUSH_SCRIPT_BIN"));
    for (k, v) in isolated.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut child = cmd
        .args(["-qec", &hush_line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut shown = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut stdin = child.stdin.take().unwrap();
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 {
        shown.push_str(&line);
        if line.starts_with("Press Enter") {
            stdin.write_all(answer).unwrap();
            stdin.flush().unwrap();
        }
        line.clear();
    }
    let status = child.wait().unwrap();
    drop(stdin);
    (status.code(), shown.replace('\r', ""))
}

#[test]
fn on_a_terminal_an_invalid_save_waits_for_enter() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read_to_string(&f).unwrap();
    let (code, shown) = edit_on_a_terminal(&s, &shm, &f, b"\n");
    assert_eq!(code, Some(0), "{shown}");
    assert!(
        shown.contains(&format!(
            "Press Enter to edit again, or Ctrl-C to give up ({} stays unchanged).\n",
            f.display()
        )),
        "{shown}"
    );
    assert_eq!(std::fs::read_to_string(s.path("count")).unwrap(), "2\n");
    let after = std::fs::read_to_string(&f).unwrap();
    assert_changes(&before, &after, &["port: ENC["], &["port: ENC["]);
    assert!(shm.entries().is_empty());
}

#[test]
fn on_a_terminal_ctrl_c_at_the_prompt_gives_up() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.seal("s.yaml", &plaintext());
    let before = std::fs::read(&f).unwrap();
    let (code, shown) = edit_on_a_terminal(&s, &shm, &f, b"\x03");
    assert_eq!(code, Some(85), "{shown}");
    assert!(
        shown.contains(&format!(
            "hush: {}: interrupted by SIGINT; the file was left unchanged and the plaintext removed\n",
            f.display()
        )),
        "{shown}"
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
    assert!(shm.entries().is_empty());
}

#[test]
fn a_new_file_is_sealed_for_its_creation_rule_when_saved_with_content() {
    let s = Scratch::new();
    let shm = Shm::new();
    s.write(
        ".hush.yaml",
        format!("creation_rules:\n  - path_regex: secrets/\n    age: {AGE_RECIPIENT}\n"),
    );
    std::fs::create_dir(s.path("secrets")).unwrap();
    let f = s.path("secrets/new.yaml");
    let ed = editor(&s, "ed.sh", "printf 'token: %s\\n' \"$MARKER\" > \"$1\"");
    let out = edit(&s, &shm, &ed, &f);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not exist: it is created, sealed, when you save content"));
    let sealed = std::fs::read_to_string(&f).unwrap();
    assert!(sealed.starts_with("token: ENC[AES256_GCM,"), "{sealed}");
    assert!(!sealed.contains(marker()));
    assert_eq!(
        std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(s.sops_extract(&f, r#"["token"]"#), marker());
    assert!(shm.entries().is_empty());
}

#[test]
fn a_new_file_left_empty_is_not_created() {
    let s = Scratch::new();
    let shm = Shm::new();
    let f = s.path("new.env");
    let ed = editor(&s, "ed.sh", "true");
    let out = s
        .hush_cmd(&["edit", "--age", AGE_RECIPIENT, f.to_str().unwrap()])
        .env("EDITOR", &ed)
        .env("HUSH_EDIT_TMPDIR", shm.0.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(200), "{}", stderr(&out));
    assert!(!f.exists());
    assert!(shm.entries().is_empty());
}
