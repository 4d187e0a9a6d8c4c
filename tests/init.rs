//! `hush init` through the built binary, non-interactively (no terminal, or `--yes`).

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;

fn init(
    s: &Scratch,
    repo: &std::path::Path,
    args: &[&str],
    with_own_key: bool,
) -> std::process::Output {
    let mut c = s.hush_cmd(&[&["init", "--dir", repo.to_str().unwrap()], args].concat());
    if !with_own_key {
        c.env_remove("SOPS_AGE_KEY_FILE");
    }
    c.output().expect("run hush")
}

fn repo(s: &Scratch) -> std::path::PathBuf {
    let repo = s.path("repo");
    std::fs::create_dir_all(repo.join("deploy/secrets")).unwrap();
    ok(&s.git(&repo, &["init", "-q"]));
    repo
}

#[test]
fn uses_the_identity_it_finds_and_writes_one_rule() {
    let s = Scratch::new();
    let repo = repo(&s);
    let o = init(
        &s,
        &repo.join("deploy/secrets"),
        &["--age", OTHER_RECIPIENT],
        true,
    );
    let err = stderr(ok(&o));
    assert!(
        err.contains(&format!("Your recipient (public key): {AGE_RECIPIENT}")),
        "{err}"
    );
    assert!(!err.contains("Created a new identity"), "{err}");
    let config = std::fs::read_to_string(repo.join(".hush.yaml")).unwrap();
    assert!(
        config.ends_with(&format!("  - age: '{AGE_RECIPIENT},{OTHER_RECIPIENT}'\n")),
        "{config}"
    );
    assert!(o.stdout.is_empty());
    // The rule drives `hush encrypt` with no recipient flags.
    let plain = s.write("repo/deploy/secrets/db.yaml", "password: hunter2\n");
    let sealed = stdout(ok(&s.hush(&["encrypt", plain.to_str().unwrap()])));
    assert!(
        sealed.contains(AGE_RECIPIENT) && sealed.contains(OTHER_RECIPIENT),
        "{sealed}"
    );
}

#[test]
fn creates_an_identity_where_sops_looks_when_none_exists() {
    let s = Scratch::new();
    let repo = repo(&s);
    let o = init(
        &s,
        &repo,
        &["--path-regex", "secrets/", "--sops-config"],
        false,
    );
    let err = stderr(ok(&o));
    let key_file = s.path("xdg/sops/age/keys.txt");
    assert!(
        err.contains(&format!("Created a new identity in {}", key_file.display())),
        "{err}"
    );
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let recipient = err
        .lines()
        .find_map(|l| l.strip_prefix("Your recipient (public key): "))
        .expect("recipient line")
        .to_string();
    let config = std::fs::read_to_string(repo.join(".sops.yaml")).unwrap();
    assert!(
        config.ends_with(&format!(
            "  - path_regex: 'secrets/'\n    age: '{recipient}'\n"
        )),
        "{config}"
    );
    // The real sops reads the rule and seals for the new identity, which hush then opens.
    let plain = s.write("repo/secrets.yaml", "password: hunter2\n");
    std::fs::rename(&plain, repo.join("deploy/secrets/db.yaml")).unwrap();
    let sealed = s.sops_in(&repo, &["encrypt", "deploy/secrets/db.yaml"]);
    let sealed_path = s.write("db.enc.yaml", &ok(&sealed).stdout);
    let mut open = s.hush_cmd(&["decrypt", sealed_path.to_str().unwrap()]);
    open.env_remove("SOPS_AGE_KEY_FILE");
    assert_eq!(stdout(ok(&open.output().unwrap())), "password: hunter2\n");
}

#[test]
fn keeps_existing_rules_and_explains_how_to_join() {
    let s = Scratch::new();
    let repo = repo(&s);
    std::fs::write(repo.join(".sops.yaml"), "creation_rules: []\n").unwrap();
    let err = stderr(ok(&init(&s, &repo, &[], true)));
    assert!(
        err.contains("already holds creation rules; left unchanged"),
        "{err}"
    );
    assert!(
        err.contains(&format!("add {AGE_RECIPIENT} to the rule")),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join(".sops.yaml")).unwrap(),
        "creation_rules: []\n"
    );
    assert!(!repo.join(".hush.yaml").exists());
}

#[test]
fn bad_flags_change_nothing() {
    let s = Scratch::new();
    let repo = repo(&s);
    let o = init(&s, &repo, &["--path-regex", "("], false);
    assert_eq!(o.status.code(), Some(8), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--path-regex: not a valid regular expression"),
        "{}",
        stderr(&o)
    );
    assert!(!s.path("xdg/sops/age/keys.txt").exists());
    assert!(!repo.join(".hush.yaml").exists());
    let o = init(&s, &repo, &["--no-identity"], true);
    assert_eq!(o.status.code(), Some(111), "{}", stderr(&o));
}

/// Drives the wizard on a real pseudo-terminal (util-linux `script`), answering each prompt
/// once it appears.
#[test]
fn wizard_asks_and_writes_what_was_answered() {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    let s = Scratch::new();
    let repo = repo(&s);
    let hush = env!("CARGO_BIN_EXE_hush");
    let mut c = std::process::Command::new(tool("script", "HUSH_SCRIPT_BIN"));
    c.args([
        "-q",
        "-e",
        "-c",
        &format!("{hush} init --dir {}", repo.display()),
        "/dev/null",
    ])
    .env("HOME", s.dir.path())
    .env("XDG_CONFIG_HOME", s.path("xdg"))
    .env("TERM", "xterm")
    .env_remove("SOPS_AGE_KEY_FILE")
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().expect("script");
    let seen = Arc::new(Mutex::new(String::new()));
    let mut out = child.stdout.take().unwrap();
    let reader = {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let mut stdin = child.stdin.take().unwrap();
    let answers = [
        ("Your identity", "\r".to_string()),
        ("Teammates' recipients", format!("{OTHER_RECIPIENT}\r")),
        ("Which files does the rule cover?", "secrets/\r".to_string()),
        ("git drivers", "y".to_string()),
        ("pre-commit hook", "n".to_string()),
    ];
    for (prompt, answer) in answers {
        // A hang guard, not a timing assertion: the prompt must appear eventually.
        let mut waited = 0;
        while !seen.lock().unwrap().contains(prompt) {
            std::thread::sleep(std::time::Duration::from_millis(20));
            waited += 1;
            assert!(
                waited < 1500,
                "no prompt {prompt:?}:\n{}",
                seen.lock().unwrap()
            );
        }
        stdin.write_all(answer.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let shown = seen.lock().unwrap().clone();
    assert!(status.success(), "{shown}");
    assert!(shown.contains("Wrote"), "{shown}");
    let config = std::fs::read_to_string(repo.join(".hush.yaml")).unwrap();
    let recipient = shown
        .lines()
        .find_map(|l| l.trim_end().strip_prefix("Your recipient (public key): "))
        .expect("recipient line");
    assert!(
        config.ends_with(&format!(
            "  - path_regex: 'secrets/'\n    age: '{recipient},{OTHER_RECIPIENT}'\n"
        )),
        "{config}"
    );
    assert!(s.path("xdg/sops/age/keys.txt").exists());
    assert!(shown.contains("diff.hush.textconv"), "{shown}");
}

#[test]
fn git_drivers_flag_sets_up_the_repository() {
    let s = Scratch::new();
    let repo = repo(&s);
    let err = stderr(ok(&init(&s, &repo, &["--git-drivers"], true)));
    assert!(
        err.contains("ran: git config --local merge.hush.driver"),
        "{err}"
    );
    let attributes = std::fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("*.enc.* diff=hush merge=hush"),
        "{attributes}"
    );
    let driver = s.git(&repo, &["config", "merge.hush.driver"]);
    assert_eq!(
        stdout(ok(&driver)).trim(),
        "hush git merge-driver %O %A %B %P"
    );
}

/// `--pre-commit` writes a local hook; installed with the real `pre-commit`, it blocks a
/// commit that stages a plaintext secret and lets a clean one through.
#[test]
fn pre_commit_flag_adds_a_hook_that_blocks_plaintext_secrets() {
    let s = Scratch::new();
    let repo = repo(&s);
    let err = stderr(ok(&init(&s, &repo, &["--pre-commit"], true)));
    assert!(err.contains("with the hush-lint hook"), "{err}");
    ok(&s.git(&repo, &["add", "."]));
    ok(&s.pre_commit(&repo, &["install"]));
    ok(&s.git(&repo, &["commit", "-qm", "set up hush"]));
    let token = format!("ghp_{}", "R8xKq2Lm9Vn4Bz7Wc1Yd5Tf3Hj6Pa0Se8GuZ");
    std::fs::write(
        repo.join("deploy/config.env"),
        format!("GITHUB_TOKEN={token}\n"),
    )
    .unwrap();
    ok(&s.git(&repo, &["add", "deploy/config.env"]));
    let blocked = s.git(&repo, &["commit", "-qm", "leak"]);
    assert!(!blocked.status.success(), "the hook let a secret through");
    let shown = format!("{}{}", stdout(&blocked), stderr(&blocked));
    assert!(shown.contains("hush lint"), "{shown}");
    assert!(!shown.contains(&token), "the secret is redacted: {shown}");
}

/// Set in the re-run of the keyring test inside its own user namespace and session keyring.
const INSIDE: &str = "HUSH_TEST_INSIDE_KEYRING_NAMESPACE";

/// `hush init --keyring` stores a new identity in the kernel keyring (never on disk) and
/// hush then opens what the rule seals. The identity would land in the user's persistent
/// keyring, so the test re-runs itself under `unshare -U -r keyctl session -`: a user
/// namespace of its own has its own persistent keyring, and the developer's is left alone.
#[test]
fn keyring_flag_keeps_the_new_identity_in_the_kernel_keyring() {
    if std::env::var_os(INSIDE).is_none() {
        let o = run(
            std::process::Command::new(tool("unshare", "HUSH_UNSHARE_BIN"))
                .args(["-U", "-r"])
                .arg(tool("keyctl", "HUSH_KEYCTL_BIN"))
                .args(["session", "-"])
                .arg(std::env::current_exe().expect("test binary"))
                .args([
                    "--exact",
                    "keyring_flag_keeps_the_new_identity_in_the_kernel_keyring",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(INSIDE, "1"),
        );
        assert!(
            o.status.success() && stdout(&o).contains("1 passed"),
            "the test inside its namespace failed:\n{}\n{}",
            stdout(&o),
            stderr(&o)
        );
        return;
    }
    let s = Scratch::new();
    let repo = repo(&s);
    let o = init(&s, &repo, &["--keyring", "--yes"], false);
    let err = stderr(ok(&o));
    assert!(err.contains("OS keyring"), "{err}");
    assert!(!s.path("xdg/sops/age/keys.txt").exists());
    let plain = s.write("repo/deploy/secrets/db.yaml", "password: hunter2\n");
    let sealed = stdout(ok(&s.hush(&["encrypt", plain.to_str().unwrap()])));
    let sealed_path = s.write("db.enc.yaml", &sealed);
    let mut open = s.hush_cmd(&["decrypt", sealed_path.to_str().unwrap()]);
    open.env_remove("SOPS_AGE_KEY_FILE");
    assert_eq!(stdout(ok(&open.output().unwrap())), "password: hunter2\n");
    // Without the keyring entry the file no longer opens: the identity came from there.
    let keyctl = tool("keyctl", "HUSH_KEYCTL_BIN");
    let found = run(std::process::Command::new(&keyctl).args([
        "search",
        "@s",
        "user",
        "keyring-rs:age-identity@hush",
    ]));
    let id = stdout(ok(&found)).trim().to_string();
    ok(&run(
        std::process::Command::new(&keyctl).args(["unlink", &id, "@s"])
    ));
    let _ = run(std::process::Command::new(&keyctl).args([
        "purge",
        "user",
        "keyring-rs:age-identity@hush",
    ]));
    let mut again = s.hush_cmd(&["decrypt", sealed_path.to_str().unwrap()]);
    again.env_remove("SOPS_AGE_KEY_FILE");
    assert_eq!(again.output().unwrap().status.code(), Some(128));
}
