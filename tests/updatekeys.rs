//! Creation rules, `updatekeys` and `rekey` through the built binary. After every command
//! that writes a sealed file, the real sops binary must still decrypt it.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// A key file holding [`OTHER_IDENTITY`].
fn other_key(s: &Scratch) -> PathBuf {
    s.write("other.txt", format!("{OTHER_IDENTITY}\n"))
}

/// A key file holding both test identities.
fn both_keys(s: &Scratch) -> PathBuf {
    s.write("both.txt", format!("{AGE_IDENTITY}\n{OTHER_IDENTITY}\n"))
}

/// Writes `rel` in the scratch directory, creating its parent directories.
fn put(s: &Scratch, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    std::fs::create_dir_all(s.path(rel).parent().expect("parent")).expect("mkdir");
    s.write(rel, contents)
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// `hush ARGS` with identities from `key_file`.
fn hush_with(s: &Scratch, key_file: &Path, args: &[&str]) -> std::process::Output {
    s.hush_cmd(args)
        .env("SOPS_AGE_KEY_FILE", key_file)
        .output()
        .expect("run hush")
}

/// Asserts sops decrypts `file` with `key_file` and returns the plaintext.
#[track_caller]
fn sops_decrypts(s: &Scratch, file: &Path, key_file: &Path) -> String {
    let o = s
        .sops_cmd(&["decrypt", p(file)])
        .env("SOPS_AGE_KEY_FILE", key_file)
        .output()
        .expect("run sops");
    stdout(ok(&o))
}

/// Asserts sops cannot decrypt `file` with `key_file`.
#[track_caller]
fn sops_refuses(s: &Scratch, file: &Path, key_file: &Path) {
    let o = s
        .sops_cmd(&["decrypt", p(file)])
        .env("SOPS_AGE_KEY_FILE", key_file)
        .output()
        .expect("run sops");
    assert!(
        !o.status.success(),
        "sops decrypted {file:?} with {key_file:?}"
    );
}

fn rules(recipients: &str) -> String {
    format!("creation_rules:\n  - path_regex: \\.yaml$\n    age: {recipients}\n")
}

/// The lines holding encrypted values (the data, not the `sops` block).
fn value_lines(sealed: &str) -> Vec<String> {
    sealed
        .lines()
        .take_while(|l| !l.starts_with("sops:"))
        .filter(|l| l.contains("ENC["))
        .map(str::to_string)
        .collect()
}

fn meta_line<'a>(sealed: &'a str, key: &str) -> &'a str {
    sealed
        .lines()
        .find(|l| l.trim_start().starts_with(key))
        .unwrap_or_else(|| panic!("no {key} in\n{sealed}"))
}

const PLAIN: &str = "# app secrets\nuser: bob\npassword: s3cret\ntoken: abc123\n";

/// Seals `dir/name` with PLAIN via the creation rules found for it.
fn seal_via_rules(s: &Scratch, rel: &str) -> PathBuf {
    let file = put(s, rel, PLAIN);
    ok(&s.hush(&["encrypt", "-i", p(&file)]));
    file
}

#[test]
fn encrypt_uses_the_hush_yaml_rule_found_from_the_files_directory() {
    let s = Scratch::new();
    put(
        &s,
        "repo/.hush.yaml",
        format!(
            "creation_rules:\n  - path_regex: ^apps/.*\\.yaml$\n    encrypted_regex: ^pass\n    age: {AGE_RECIPIENT}\n"
        ),
    );
    // A .sops.yaml beside it is ignored: .hush.yaml wins in the same directory.
    put(&s, "repo/.sops.yaml", rules(OTHER_RECIPIENT));
    let file = put(&s, "repo/apps/web/secret.yaml", PLAIN);
    // Run from elsewhere: discovery starts at the file, not the working directory.
    let o = s
        .hush_cmd(&["encrypt", "-i", p(&file)])
        .current_dir("/")
        .output()
        .unwrap();
    ok(&o);
    let sealed = std::fs::read_to_string(&file).unwrap();
    assert!(sealed.contains("user: bob"), "{sealed}");
    assert!(sealed.contains("encrypted_regex: ^pass"), "{sealed}");
    assert!(sealed.contains(AGE_RECIPIENT) && !sealed.contains(OTHER_RECIPIENT));
    assert_eq!(sops_decrypts(&s, &file, &s.key_file()), PLAIN);
    // A file no rule matches: the NoRecipients code, naming the config searched.
    let other = put(&s, "repo/notes.yaml", PLAIN);
    let o = s.hush(&["encrypt", p(&other)]);
    assert_eq!(o.status.code(), Some(111), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "no creation rule of {} matches `notes.yaml`",
            s.path("repo/.hush.yaml").display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn encrypt_uses_sops_yaml_key_groups_from_a_parent_directory() {
    let s = Scratch::new();
    put(
        &s,
        "repo/.sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: secrets\n    shamir_threshold: 2\n    mac_only_encrypted: true\n    key_groups:\n      - age: [{AGE_RECIPIENT}]\n      - age:\n          - {OTHER_RECIPIENT}\n"
        ),
    );
    let file = seal_via_rules(&s, "repo/a/b/secrets.yaml");
    let sealed = std::fs::read_to_string(&file).unwrap();
    assert!(sealed.contains("shamir_threshold: 2"), "{sealed}");
    assert!(sealed.contains("mac_only_encrypted: true"), "{sealed}");
    // Both shares are needed: sops opens it with both identities, not with one.
    assert_eq!(sops_decrypts(&s, &file, &both_keys(&s)), PLAIN);
    sops_refuses(&s, &file, &s.key_file());
}

#[test]
fn explicit_config_and_flags_override_discovery() {
    let s = Scratch::new();
    put(&s, "repo/.sops.yaml", rules(AGE_RECIPIENT));
    let elsewhere = s.write("elsewhere.yaml", rules(OTHER_RECIPIENT));
    for how in ["--config", "HUSH_CONFIG", "SOPS_CONFIG"] {
        let file = put(&s, "repo/x.yaml", PLAIN);
        let mut cmd = s.hush_cmd(&["encrypt", "-i", p(&file)]);
        if how == "--config" {
            cmd.args(["--config", p(&elsewhere)]);
        } else {
            cmd.env(how, &elsewhere);
        }
        ok(&cmd.output().unwrap());
        let sealed = std::fs::read_to_string(&file).unwrap();
        assert!(
            sealed.contains(OTHER_RECIPIENT) && !sealed.contains(AGE_RECIPIENT),
            "{how}"
        );
        assert_eq!(sops_decrypts(&s, &file, &other_key(&s)), PLAIN);
    }
    // --age replaces the rule's recipients; the rule's other settings still apply.
    put(
        &s,
        "repo/.sops.yaml",
        format!("creation_rules:\n  - encrypted_regex: ^token$\n    age: {AGE_RECIPIENT}\n"),
    );
    let file = put(&s, "repo/y.yaml", PLAIN);
    ok(&s.hush(&["encrypt", "-i", "--age", OTHER_RECIPIENT, p(&file)]));
    let sealed = std::fs::read_to_string(&file).unwrap();
    assert!(sealed.contains(OTHER_RECIPIENT) && !sealed.contains(AGE_RECIPIENT));
    assert!(sealed.contains("password: s3cret") && sealed.contains("encrypted_regex: ^token$"));
    assert_eq!(sops_decrypts(&s, &file, &other_key(&s)), PLAIN);
    // A missing explicit config is an error of its own.
    let o = s.hush(&["encrypt", "--config", p(&s.path("nope.yaml")), p(&file)]);
    assert_eq!(o.status.code(), Some(61), "{}", stderr(&o));
}

#[test]
fn unsupported_kinds_and_bad_configs_are_located_errors() {
    let s = Scratch::new();
    put(
        &s,
        "repo/.sops.yaml",
        format!(
            "creation_rules:\n  - age: {AGE_RECIPIENT}\n    pgp: 85D77543B3D624B63CEA9E6DBC17301B491B3F21\n"
        ),
    );
    let file = put(&s, "repo/x.yaml", PLAIN);
    let o = s.hush(&["encrypt", "-i", p(&file)]);
    assert_eq!(o.status.code(), Some(128));
    assert_eq!(
        stderr(&o),
        format!(
            "hush: {}:3:10 (creation rule 1): pgp recipient `85D77543B3D624B63CEA9E6DBC17301B491B3F21` is not supported: hush wraps data keys for age, SSH, AWS KMS, GCP KMS, Azure Key Vault and Vault Transit recipients; remove it, or use sops for this file\n",
            s.path("repo/.sops.yaml").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        PLAIN,
        "file left as it was"
    );
    put(
        &s,
        "repo/.sops.yaml",
        "creation_rules:\n  - shamir_threshold: lots\n",
    );
    let o = s.hush(&["encrypt", "-i", p(&file)]);
    assert_eq!(o.status.code(), Some(5));
    assert!(
        stderr(&o).contains(".sops.yaml:2:23: `shamir_threshold` must be a whole number"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn updatekeys_adds_and_removes_recipients_keeping_values_and_mac() {
    let s = Scratch::new();
    put(&s, "repo/.sops.yaml", rules(AGE_RECIPIENT));
    let file = seal_via_rules(&s, "repo/app.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    sops_refuses(&s, &file, &other_key(&s));

    // Add OTHER.
    put(
        &s,
        "repo/.sops.yaml",
        rules(&format!("{AGE_RECIPIENT},{OTHER_RECIPIENT}")),
    );
    let o = ok(&s.hush(&["updatekeys", "-y", p(&file)])).clone();
    assert_eq!(
        stdout(&o),
        format!(
            "{}:\n  group 1: + {OTHER_RECIPIENT}\nupdatekeys: 1 updated, 0 already up to date\n",
            file.display()
        )
    );
    let added = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        value_lines(&added),
        value_lines(&before),
        "values untouched"
    );
    for key in ["lastmodified:", "mac:"] {
        assert_eq!(meta_line(&added, key), meta_line(&before, key));
    }
    // The staying recipient's wrapped key is byte-identical.
    let enc = |t: &str| {
        t[t.find("enc: |").unwrap()..]
            .lines()
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(enc(&added), enc(&before));
    assert_eq!(sops_decrypts(&s, &file, &other_key(&s)), PLAIN);
    assert_eq!(sops_decrypts(&s, &file, &s.key_file()), PLAIN);

    // Already up to date: reported, not rewritten.
    let o = ok(&s.hush(&["updatekeys", "-y", p(&file)])).clone();
    assert_eq!(
        stdout(&o),
        format!(
            "{}: already up to date\nupdatekeys: 0 updated, 1 already up to date\n",
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), added);

    // Remove AGE (removing needs no private key at all).
    put(&s, "repo/.sops.yaml", rules(OTHER_RECIPIENT));
    let none = s.write("none.txt", "");
    ok(&hush_with(&s, &none, &["updatekeys", "--yes", p(&file)]));
    let removed = std::fs::read_to_string(&file).unwrap();
    assert!(!removed.contains(AGE_RECIPIENT));
    assert_eq!(value_lines(&removed), value_lines(&before));
    assert_eq!(sops_decrypts(&s, &file, &other_key(&s)), PLAIN);
    sops_refuses(&s, &file, &s.key_file());
    let o = s.hush(&["decrypt", p(&file)]);
    assert_eq!(
        o.status.code(),
        Some(128),
        "the removed identity cannot decrypt"
    );
}

#[test]
fn updatekeys_without_yes_and_without_a_terminal_refuses() {
    let s = Scratch::new();
    put(&s, "repo/.sops.yaml", rules(AGE_RECIPIENT));
    let file = seal_via_rules(&s, "repo/app.yaml");
    let before = std::fs::read(&file).unwrap();
    put(&s, "repo/.sops.yaml", rules(OTHER_RECIPIENT));
    let o = s.hush(&["updatekeys", p(&file)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "hush: updatekeys would change the keys of 1 file (listed above) but cannot ask for confirmation without a terminal; pass -y (--yes) to apply the changes\n"
    );
    assert!(
        stdout(&o).contains(&format!("group 1: - {AGE_RECIPIENT}")),
        "{}",
        stdout(&o)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing written");
    sops_decrypts(&s, &file, &s.key_file());
}

#[test]
fn rekey_changes_the_data_key_and_every_ciphertext() {
    let s = Scratch::new();
    put(&s, "repo/.sops.yaml", rules(AGE_RECIPIENT));
    let file = seal_via_rules(&s, "repo/app.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let o = ok(&s.hush(&["rekey", p(&file)])).clone();
    assert_eq!(
        stdout(&o),
        format!("{}: new data key\nrekey: 1 rekeyed\n", file.display())
    );
    let after = std::fs::read_to_string(&file).unwrap();
    let (old, new) = (value_lines(&before), value_lines(&after));
    assert_eq!(old.len(), 4, "three values and the comment");
    for (a, b) in old.iter().zip(&new) {
        assert_ne!(a, b, "every value re-encrypted");
    }
    assert_ne!(meta_line(&after, "mac:"), meta_line(&before, "mac:"));
    assert_eq!(stdout(ok(&s.hush(&["decrypt", p(&file)]))), PLAIN);
    assert_eq!(sops_decrypts(&s, &file, &s.key_file()), PLAIN);

    // --add-age / --rm-age change the recipients at the same time.
    let o = ok(&s.hush(&[
        "rekey",
        "--add-age",
        OTHER_RECIPIENT,
        "--rm-age",
        AGE_RECIPIENT,
        p(&file),
    ]))
    .clone();
    assert_eq!(
        stdout(&o),
        format!(
            "{}: new data key\n  + {OTHER_RECIPIENT}\n  - {AGE_RECIPIENT}\nrekey: 1 rekeyed\n",
            file.display()
        )
    );
    assert_eq!(sops_decrypts(&s, &file, &other_key(&s)), PLAIN);
    sops_refuses(&s, &file, &s.key_file());
}

#[test]
fn directories_skip_ignored_and_unsealed_files_and_survive_a_corrupt_one() {
    let s = Scratch::new();
    put(&s, "repo/.sops.yaml", rules(AGE_RECIPIENT));
    let a = seal_via_rules(&s, "repo/a.yaml");
    let b = seal_via_rules(&s, "repo/sub/b.yaml");
    let ignored = seal_via_rules(&s, "repo/sub/ignored.yaml");
    put(&s, "repo/.gitignore", "ignored.yaml\n");
    put(&s, "repo/plain.yaml", "not: sealed\n");
    let ignored_before = std::fs::read(&ignored).unwrap();

    put(
        &s,
        "repo/.sops.yaml",
        rules(&format!("{AGE_RECIPIENT},{OTHER_RECIPIENT}")),
    );
    let o = ok(&s.hush(&["updatekeys", "-y", p(&s.path("repo"))])).clone();
    assert!(
        stdout(&o)
            .ends_with("updatekeys: 2 updated, 0 already up to date, 3 not sealed (skipped)\n"),
        "{}",
        stdout(&o)
    );
    for f in [&a, &b] {
        assert_eq!(sops_decrypts(&s, f, &other_key(&s)), PLAIN);
    }
    assert_eq!(
        std::fs::read(&ignored).unwrap(),
        ignored_before,
        ".gitignored file untouched"
    );
    sops_decrypts(&s, &ignored, &s.key_file());

    // Corrupt a's wrapped key: a fails, b is still rekeyed, the summary names a.
    let text = std::fs::read_to_string(&a).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("YWdl"))
        .unwrap();
    std::fs::write(&a, text.replacen(line, &line.replace('Y', "Z"), 2)).unwrap();
    let b_before = std::fs::read_to_string(&b).unwrap();
    let o = s.hush(&["rekey", p(&s.path("repo"))]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with(&format!(
            "rekey: 1 rekeyed, 1 failed: {}, 3 not sealed (skipped)\n",
            a.display()
        )),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains(&format!(
            "hush: {}: no identity or key service could decrypt the data key",
            a.display()
        )),
        "{}",
        stderr(&o)
    );
    assert_ne!(
        value_lines(&std::fs::read_to_string(&b).unwrap()),
        value_lines(&b_before)
    );
    assert_eq!(sops_decrypts(&s, &b, &s.key_file()), PLAIN);
    // The one failing file named alone keeps its own exit code (as sops).
    let o = s.hush(&["rekey", p(&a)]);
    assert_eq!(o.status.code(), Some(128), "{}", stderr(&o));
}
