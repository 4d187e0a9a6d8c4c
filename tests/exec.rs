//! `exec-env` and `exec-file` through the built binary: what the child sees, exit codes,
//! signal relay, memfd and FIFO delivery, `--watch` rotations, and that no plaintext reaches
//! the disk. Waits poll for an outcome with a generous safety limit; nothing asserts on time.

mod common;
use common::*;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

/// Seals `yaml` from standard input (so the plaintext never touches the disk) into `name`.
fn seal(s: &Scratch, name: &str, yaml: &str) -> PathBuf {
    let mut c = s.hush_cmd(&[
        "encrypt",
        "--age",
        AGE_RECIPIENT,
        "--input-type",
        "yaml",
        "-",
    ]);
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn encrypt");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(yaml.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("encrypt");
    ok(&out);
    s.write(name, &out.stdout)
}

/// Replaces `name` with a new sealed version atomically (write aside, rename over).
fn rotate(s: &Scratch, name: &str, yaml: &str) {
    let aside = seal(s, &format!("{name}.next"), yaml);
    std::fs::rename(aside, s.path(name)).expect("rename over");
}

fn str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Polls `cond` every 50 ms; panics with `what` if it never holds (a safety limit, not a
/// timing assertion).
#[track_caller]
fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..1200 {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("gave up waiting for {what}");
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

/// Starts `hush ARGS` in the background with standard error going to `err.txt`.
fn start(s: &Scratch, args: &[&str]) -> Child {
    let err = std::fs::File::create(s.path("err.txt")).expect("err file");
    s.hush_cmd(args)
        .current_dir(s.dir.path())
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .expect("spawn hush")
}

fn signal(child: &Child, sig: &str) {
    let st = std::process::Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(st.success());
}

const APP: &str = "DB_PASSWORD: 's3cr3t pass'\nPORT: 5432\nDEBUG: true\nRATIO: 0.5\n";

#[test]
fn exec_env_gives_strings_numbers_and_booleans_to_the_child() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", APP);
    let o = ok(&s.hush(&[
        "exec-env",
        str(&f),
        "--",
        "sh",
        "-c",
        r#"printf '%s|%s|%s|%s' "$DB_PASSWORD" "$PORT" "$DEBUG" "$RATIO""#,
    ]))
    .clone();
    assert_eq!(stdout(&o), "s3cr3t pass|5432|true|0.5");
    // Nothing of the secret in hush's own output.
    assert!(!stderr(&o).contains("s3cr3t"));
    // sops' single-string form runs through /bin/sh.
    let o = ok(&s.hush(&["exec-env", str(&f), r#"printf %s "$PORT""#])).clone();
    assert_eq!(stdout(&o), "5432");
}

#[test]
fn the_parent_environment_is_inherited_unless_pristine() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", "PORT: 1\nFROM_PARENT: overridden\n");
    let script = r#"printf '%s/%s/%s' "$PORT" "$INHERITED" "$FROM_PARENT""#;
    let mut c = s.hush_cmd(&["exec-env", str(&f), "--", "sh", "-c", script]);
    c.env("INHERITED", "yes").env("FROM_PARENT", "parent");
    let o = c.output().expect("run");
    assert_eq!(stdout(ok(&o)), "1/yes/overridden");
    let mut c = s.hush_cmd(&["exec-env", "--pristine", str(&f), "--", "sh", "-c", script]);
    c.env("INHERITED", "yes");
    let o = c.output().expect("run");
    assert_eq!(stdout(ok(&o)), "1//overridden");
}

#[test]
fn exit_codes_are_the_childs_and_signal_deaths_are_128_plus_n() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", APP);
    let code = |cmd: &[&str]| {
        let mut args = vec!["exec-env", str(&f), "--"];
        args.extend_from_slice(cmd);
        s.hush(&args).status.code()
    };
    assert_eq!(code(&["sh", "-c", "exit 7"]), Some(7));
    assert_eq!(code(&["sh", "-c", "kill -TERM $$"]), Some(143));
    assert_eq!(code(&["sh", "-c", "kill -KILL $$"]), Some(137));
    assert_eq!(code(&["no-such-command-hush-test"]), Some(127));
}

#[test]
fn sigterm_to_hush_reaches_the_child() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", APP);
    let script = "trap 'echo got-term > term.txt; exit 5' TERM; touch ready; \
                  while :; do sleep 0.05; done";
    let mut hush = start(&s, &["exec-env", str(&f), "--", "sh", "-c", script]);
    wait_for("the child to start", || s.path("ready").exists());
    signal(&hush, "-TERM");
    let status = hush.wait().expect("wait");
    assert_eq!(status.code(), Some(5));
    assert_eq!(read(&s.path("term.txt")), "got-term\n");
}

#[test]
fn bad_values_and_bad_commands_are_refused_with_documented_codes() {
    let s = Scratch::new();
    let f = seal(&s, "nested.yaml", "A: 1\nnested:\n  B: two\n");
    let o = s.hush(&["exec-env", str(&f), "--", "true"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`nested`"), "{}", stderr(&o));
    // --extract picks the nested map instead.
    let o = s.hush(&[
        "exec-env",
        "--extract",
        r#"["nested"]"#,
        str(&f),
        "--",
        "sh",
        "-c",
        "printf %s $B",
    ]);
    assert_eq!(stdout(ok(&o)), "two");
    let o = s.hush(&["exec-file", str(&f), "--", "cat"]);
    assert_eq!(o.status.code(), Some(8));
    assert!(stderr(&o).contains("{}"), "{}", stderr(&o));
    let o = s.hush(&[
        "exec-env",
        "--watch",
        "--on-change",
        "signal:HUP",
        str(&f),
        "--",
        "true",
    ]);
    assert_eq!(o.status.code(), Some(8));
}

#[test]
fn exec_file_gives_an_in_memory_path_that_can_be_read_twice() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", APP);
    let o = ok(&s.hush(&["exec-file", str(&f), "--", "cat", "{}"])).clone();
    assert_eq!(stdout(&o), APP);
    let o = ok(&s.hush(&[
        "exec-file",
        str(&f),
        "--",
        "sh",
        "-c",
        "cat {}; cat {}; echo {}",
    ]))
    .clone();
    let out = stdout(&o);
    assert!(out.starts_with(&format!("{APP}{APP}/proc/")), "{out}");
    // The path is gone with hush.
    let path = out.lines().last().expect("path").to_string();
    assert!(!Path::new(&path).exists());
    // A descendant that does not inherit the descriptor still reads it.
    let o = ok(&s.hush(&[
        "exec-file",
        str(&f),
        "--",
        "sh",
        "-c",
        "sh -c 'cat \"$0\"' {}",
    ]))
    .clone();
    assert_eq!(stdout(&o), APP);
    // Converted on the way.
    let o = ok(&s.hush(&[
        "exec-file",
        "--output-type",
        "json",
        str(&f),
        "--",
        "cat",
        "{}",
    ]))
    .clone();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["PORT"], 5432);
}

#[test]
fn exec_file_with_a_filename_gives_a_link_with_that_name() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", APP);
    let o = ok(&s.hush(&[
        "exec-file",
        "--filename",
        "app.yaml",
        str(&f),
        "--",
        "sh",
        "-c",
        "cat {}; echo {}",
    ]))
    .clone();
    let out = stdout(&o);
    let path = out.lines().last().expect("path");
    assert!(out.starts_with(APP) && path.ends_with("/app.yaml"), "{out}");
    assert!(!Path::new(path).parent().expect("dir").exists());
}

#[test]
fn exec_file_fifo_serves_the_content_through_a_private_pipe() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", APP);
    let script = "test -p {} && stat -c %a $(dirname {}) && cat {} && echo {}";
    let o = ok(&s.hush(&["exec-file", "--fifo", str(&f), "--", "sh", "-c", script])).clone();
    let out = stdout(&o);
    assert!(out.starts_with(&format!("700\n{APP}")), "{out}");
    let path = out.lines().last().expect("path");
    assert!(path.ends_with("/app.yaml"), "{out}");
    assert!(!Path::new(path).parent().expect("dir").exists());
}

#[test]
fn watch_delivers_a_rotation_by_signal_and_survives_a_corrupt_version() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", "V: one\n");
    let script = "trap 'cat {} > out.txt' HUP; cat {} > out.txt; while :; do sleep 0.05; done";
    let mut hush = start(
        &s,
        &[
            "exec-file",
            "--watch",
            "--watch-interval",
            "50ms",
            "--on-change",
            "signal:HUP",
            str(&f),
            "--",
            "sh",
            "-c",
            script,
        ],
    );
    wait_for("the first version", || {
        read(&s.path("out.txt")) == "V: one\n"
    });
    rotate(&s, "app.yaml", "V: two\n");
    wait_for("the rotated version", || {
        read(&s.path("out.txt")) == "V: two\n"
    });
    // A corrupt version: reported, the child keeps running with what it has.
    let text = read(&f).replace("V: ENC[AES256_GCM,data:", "V: ENC[AES256_GCM,data:AA");
    s.write("bad.yaml", text);
    std::fs::rename(s.path("bad.yaml"), &f).expect("rename");
    wait_for("the failure report", || {
        read(&s.path("err.txt")).contains("cannot be opened")
    });
    assert!(hush.try_wait().expect("try_wait").is_none(), "hush exited");
    assert_eq!(read(&s.path("out.txt")), "V: two\n");
    // The next good version is delivered again.
    rotate(&s, "app.yaml", "V: three\n");
    wait_for("the third version", || {
        read(&s.path("out.txt")) == "V: three\n"
    });
    assert!(!read(&s.path("err.txt")).contains("three"));
    signal(&hush, "-TERM");
    assert_eq!(hush.wait().expect("wait").code(), Some(143));
}

#[test]
fn watch_restarts_exec_env_with_new_values_and_exits_with_the_child() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", "V: one\n");
    let script = "echo \"$V\" >> starts.txt; while :; do sleep 0.05; done";
    let mut hush = start(
        &s,
        &[
            "exec-env",
            "--watch",
            "--watch-interval",
            "50ms",
            str(&f),
            "--",
            "sh",
            "-c",
            script,
        ],
    );
    wait_for("the first start", || read(&s.path("starts.txt")) == "one\n");
    rotate(&s, "app.yaml", "V: two\n");
    wait_for("the restart", || {
        read(&s.path("starts.txt")) == "one\ntwo\n"
    });
    assert!(read(&s.path("err.txt")).contains("restarting"));
    signal(&hush, "-INT");
    assert_eq!(hush.wait().expect("wait").code(), Some(130));
}

#[test]
fn watch_with_a_fifo_serves_the_new_version_to_the_restarted_child() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", "V: one\n");
    let script = "cat {} >> seen.txt; while :; do sleep 0.05; done";
    let mut hush = start(
        &s,
        &[
            "exec-file",
            "--fifo",
            "--watch",
            "--watch-interval",
            "50ms",
            str(&f),
            "--",
            "sh",
            "-c",
            script,
        ],
    );
    wait_for("the first read", || read(&s.path("seen.txt")) == "V: one\n");
    rotate(&s, "app.yaml", "V: two\n");
    wait_for("the second read", || {
        read(&s.path("seen.txt")) == "V: one\nV: two\n"
    });
    signal(&hush, "-TERM");
    assert_eq!(hush.wait().expect("wait").code(), Some(143));
}

/// Directories where plaintext could have been left: the scratch dir, the temp dir, /tmp and
/// the repository.
fn scan_roots(s: &Scratch) -> Vec<PathBuf> {
    vec![
        s.dir.path().to_path_buf(),
        std::env::temp_dir(),
        PathBuf::from("/tmp"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    ]
}

/// Regular files under `roots` (not following links; FIFOs and sockets skipped) that
/// contain `marker`. Only files changed since the test started are read: the marker is new
/// to this run, so an older file cannot hold it (and a large /tmp stays quick to scan).
fn files_containing(
    roots: &[PathBuf],
    marker: &[u8],
    since: std::time::SystemTime,
) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    // Roots overlap (the scratch dir is in the temp dir): visit each inode once.
    let mut seen = std::collections::HashSet::new();
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if !seen.insert((meta.dev(), meta.ino())) {
            continue;
        }
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if meta.is_file()
            && meta.len() < 64 << 20
            && meta.modified().is_ok_and(|m| m >= since)
        {
            let hit = std::fs::read(&p)
                .map(|b| b.windows(marker.len()).any(|w| w == marker))
                .unwrap_or(false);
            if hit {
                found.push(p);
            }
        }
    }
    found
}

#[test]
fn no_plaintext_reaches_the_disk_while_the_child_runs_or_after() {
    let since = std::time::SystemTime::now() - std::time::Duration::from_secs(2);
    let s = Scratch::new();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let marker = format!("mark{}x{nanos}", std::process::id());
    let f = seal(&s, "app.yaml", &format!("MARK: {marker}\n"));
    let roots = scan_roots(&s);
    let runs: [&[&str]; 3] = [
        &[
            "exec-env",
            "--watch",
            str(&f),
            "--",
            "sh",
            "-c",
            "test -n \"$MARK\" && touch ready; while :; do sleep 0.05; done",
        ],
        &[
            "exec-file",
            "--watch",
            str(&f),
            "--",
            "sh",
            "-c",
            "grep -q mark {} && touch ready; while :; do sleep 0.05; done",
        ],
        &[
            "exec-file",
            "--fifo",
            str(&f),
            "--",
            "sh",
            "-c",
            "grep -q mark {} && touch ready; while :; do sleep 0.05; done",
        ],
    ];
    for args in runs {
        let _ = std::fs::remove_file(s.path("ready"));
        let mut hush = start(&s, args);
        wait_for("the child to read the secret", || s.path("ready").exists());
        assert_eq!(
            files_containing(&roots, marker.as_bytes(), since),
            Vec::<PathBuf>::new(),
            "{args:?}"
        );
        signal(&hush, "-TERM");
        hush.wait().expect("wait");
        assert_eq!(
            files_containing(&roots, marker.as_bytes(), since),
            Vec::<PathBuf>::new(),
            "{args:?}"
        );
    }
    // The scan does find the marker where it is.
    let control = s.write("control.txt", &marker);
    assert_eq!(
        files_containing(&roots, marker.as_bytes(), since),
        vec![control]
    );
}

#[test]
fn exec_env_gives_the_same_variables_as_sops_for_a_sops_file() {
    let s = Scratch::new();
    let plain = s.write(
        "plain.yaml",
        "S: 'two words'\nN: 42\nF: 1.5\nB: true\n# comment\nE: ''\n",
    );
    let sealed = ok(&s.sops(&["encrypt", "--age", AGE_RECIPIENT, str(&plain)]))
        .stdout
        .clone();
    let f = s.write("sops.enc.yaml", sealed);
    let line = r#"printf '%s|%s|%s|%s|%s' "$S" "$N" "$F" "$B" "$E""#;
    let by_sops = ok(&s.sops(&["exec-env", str(&f), line])).stdout.clone();
    let by_hush = ok(&s.hush(&["exec-env", str(&f), line])).stdout.clone();
    assert_eq!(String::from_utf8_lossy(&by_hush), "two words|42|1.5|true|");
    assert_eq!(by_hush, by_sops);
}

#[test]
fn same_process_replaces_hush_with_the_command() {
    let s = Scratch::new();
    let f = seal(&s, "app.yaml", APP);
    let hush = s
        .hush_cmd(&[
            "exec-env",
            "--same-process",
            str(&f),
            "--",
            "sh",
            "-c",
            r#"printf '%s %s' "$$" "$PORT""#,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = hush.id();
    let out = hush.wait_with_output().expect("wait");
    assert_eq!(stdout(ok(&out)), format!("{pid} 5432"));
}
