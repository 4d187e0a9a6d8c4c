//! Discovery with injected sources: every source kind, how they combine, and the errors.

use std::path::Path;
use std::sync::{Arc, Mutex};

use age::secrecy::ExposeSecret as _;
use secrecy::SecretString;

use super::*;
use crate::recipients::{parse_age_recipient, unwrap, wrap};

struct Key {
    secret: String,
    public: String,
}

fn key() -> Key {
    let (secret, public) = generate_identity();
    Key {
        secret: secret.expose_secret().to_string(),
        public,
    }
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path
}

/// A passphrase-encrypted identity file, as `age -p` makes one (low work factor for speed).
fn encrypt_with_passphrase(plain: &str, passphrase: &str, armor: bool) -> Vec<u8> {
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_string()));
    recipient.set_work_factor(10);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let format = if armor {
        age::armor::Format::AsciiArmor
    } else {
        age::armor::Format::Binary
    };
    let armored = age::armor::ArmoredWriter::wrap_output(&mut out, format).unwrap();
    let mut w = encryptor.wrap_output(armored).unwrap();
    std::io::Write::write_all(&mut w, plain.as_bytes()).unwrap();
    w.finish().unwrap().finish().unwrap();
    out
}

fn unwraps(ids: &Identities, k: &Key) -> bool {
    let r = parse_age_recipient(&k.public).unwrap();
    let mk = wrap(&r, &[5u8; 32]).unwrap();
    unwrap(&mk, ids).is_ok_and(|d| d[..] == [5u8; 32])
}

fn outcome<'a>(ids: &'a Identities, name_start: &str) -> &'a SourceOutcome {
    &ids.sources()
        .iter()
        .find(|s| s.name.starts_with(name_start))
        .unwrap()
        .outcome
}

#[test]
fn combines_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let (env1, env2, file, cmd, hush, xdg, ring) =
        (key(), key(), key(), key(), key(), key(), key());
    let key_file = write(
        dir.path(),
        "a.txt",
        format!("# created: x\n{}\n", file.secret),
    );
    let cmd_file = write(dir.path(), "cmd.txt", &cmd.secret);
    let hush_file = write(dir.path(), "h.txt", &hush.secret);
    write(dir.path(), "cfg/sops/age/keys.txt", &xdg.secret);
    let ring_secret = ring.secret.clone();
    let mut src = IdentitySources::isolated().with_env([
        (
            "SOPS_AGE_KEY",
            format!("# mine\n{} {}\n", env1.secret, env2.secret),
        ),
        ("SOPS_AGE_KEY_FILE", key_file.display().to_string()),
        ("SOPS_AGE_KEY_CMD", format!("cat '{}'", cmd_file.display())),
        ("HUSH_AGE_KEY_FILE", hush_file.display().to_string()),
    ]);
    src.config_dir = Some(dir.path().join("cfg"));
    src.keyring = Box::new(move || Ok(Some(SecretString::from(ring_secret.clone()))));
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(ids.len(), 7);
    for k in [&env1, &env2, &file, &cmd, &hush, &xdg, &ring] {
        assert!(unwraps(&ids, k));
    }
    assert_eq!(outcome(&ids, "SOPS_AGE_KEY"), &SourceOutcome::Loaded(2));
    assert_eq!(
        outcome(&ids, "SOPS_AGE_SSH_PRIVATE_KEY_FILE"),
        &SourceOutcome::NotSet
    );
    assert_eq!(outcome(&ids, "OS keyring"), &SourceOutcome::Loaded(1));
    let shown = format!("{ids:?} {}", ids.report());
    for k in [&env1, &file, &ring] {
        assert!(!shown.contains(&k.secret));
    }
}

#[test]
fn nothing_configured_finds_nothing_and_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = IdentitySources::isolated();
    src.home_dir = Some(dir.path().into());
    src.config_dir = Some(dir.path().join(".config"));
    let ids = Identities::discover(&src).unwrap();
    assert!(ids.is_empty());
    let report = ids.report();
    assert!(report.contains("SOPS_AGE_KEY_FILE: not set"), "{report}");
    assert!(
        report.contains(".config/sops/age/keys.txt: not found"),
        "{report}"
    );
    assert!(report.contains(".ssh/id_ed25519: not found"), "{report}");
    let k = key();
    let mk = wrap(&parse_age_recipient(&k.public).unwrap(), &[1; 32]).unwrap();
    let err = unwrap(&mk, &ids).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("no identity matches {} (tried 0 identities)", k.public)
    );
}

#[test]
fn malformed_file_names_file_and_line_not_content() {
    let dir = tempfile::tempdir().unwrap();
    let k = key();
    let path = write(
        dir.path(),
        "keys.txt",
        format!("# ok\n{}\nAGE-SECRET-KEY-1SECRETBUTBROKEN\n", k.secret),
    );
    let src =
        IdentitySources::isolated().with_env([("SOPS_AGE_KEY_FILE", path.display().to_string())]);
    let err = Identities::discover(&src).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{} (from SOPS_AGE_KEY_FILE): invalid identity: line 3: invalid AGE-SECRET-KEY-1 identity (wrong length, characters or checksum)",
            path.display()
        )
    );
    assert!(!err.contains("SECRETBUTBROKEN"));
}

#[test]
fn malformed_default_keys_txt_fails_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "sops/age/keys.txt", "\n\nnot a key\n");
    let mut src = IdentitySources::isolated();
    src.config_dir = Some(dir.path().into());
    let err = Identities::discover(&src).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: invalid identity: line 3: not an age identity (expected AGE-SECRET-KEY-1…)",
            path.display()
        )
    );
}

#[test]
fn sops_age_key_errors_name_the_variable() {
    let src = IdentitySources::isolated().with_env([("SOPS_AGE_KEY", "AGE-SECRET-KEY-1XYZ")]);
    let err = Identities::discover(&src).unwrap_err().to_string();
    assert!(
        err.starts_with("SOPS_AGE_KEY: invalid identity: line 1:"),
        "{err}"
    );
    assert!(!err.contains("1XYZ"));
}

#[test]
fn missing_named_file_is_an_error_and_empty_variables_are_unset() {
    let src = IdentitySources::isolated().with_env([
        ("HUSH_AGE_KEY_FILE", "/nonexistent/keys.txt"),
        ("SOPS_AGE_KEY", ""),
    ]);
    let err = Identities::discover(&src).unwrap_err().to_string();
    assert_eq!(
        err,
        "/nonexistent/keys.txt (from HUSH_AGE_KEY_FILE): invalid identity: the file does not exist; fix or unset HUSH_AGE_KEY_FILE"
    );
}

#[test]
fn the_same_file_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let k = key();
    let path = write(dir.path(), "sops/age/keys.txt", &k.secret);
    let mut src =
        IdentitySources::isolated().with_env([("SOPS_AGE_KEY_FILE", path.display().to_string())]);
    src.config_dir = Some(dir.path().into());
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(ids.len(), 1);
}

#[test]
fn passphrase_encrypted_file_with_hush_age_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (key(), key());
    let plain = format!("# created: now\n# public key: {}\n{}\n", a.public, a.secret);
    let armored = write(
        dir.path(),
        "a.age",
        encrypt_with_passphrase(&plain, "correct horse", true),
    );
    let binary = write(
        dir.path(),
        "b.age",
        encrypt_with_passphrase(&b.secret, "correct horse", false),
    );
    let src = IdentitySources::isolated().with_env([
        ("SOPS_AGE_KEY_FILE", armored.display().to_string()),
        ("HUSH_AGE_KEY_FILE", binary.display().to_string()),
        ("HUSH_AGE_PASSPHRASE", "correct horse".to_string()),
    ]);
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(ids.len(), 2);
    assert!(unwraps(&ids, &a) && unwraps(&ids, &b));
}

#[test]
fn passphrase_encrypted_file_without_terminal_or_passphrase_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let k = key();
    let path = write(
        dir.path(),
        "keys.age",
        encrypt_with_passphrase(&k.secret, "pw", true),
    );
    let src =
        IdentitySources::isolated().with_env([("HUSH_AGE_KEY_FILE", path.display().to_string())]);
    let err = Identities::discover(&src).unwrap_err();
    assert!(matches!(err, Error::BadIdentity { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "{} (from HUSH_AGE_KEY_FILE): invalid identity: it is passphrase-protected and stdin is not a terminal, \
             so hush cannot ask for the passphrase; set HUSH_AGE_PASSPHRASE, or supply the identity through SOPS_AGE_KEY_CMD",
            path.display()
        )
    );
}

#[test]
fn passphrase_is_prompted_for_only_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let k = key();
    let path = write(
        dir.path(),
        "sops/age/keys.txt",
        encrypt_with_passphrase(&k.secret, "typed", true),
    );
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    let mut src = IdentitySources::isolated();
    src.config_dir = Some(dir.path().into());
    src.stdin_is_terminal = true;
    src.prompt = Arc::new(move |what| {
        log.lock().unwrap().push(what.to_string());
        Ok(SecretString::from("typed".to_string()))
    });
    let ids = Identities::discover(&src).unwrap();
    assert!(unwraps(&ids, &k));
    assert_eq!(
        *asked.lock().unwrap(),
        [format!("Passphrase for {}", path.display())]
    );
}

#[test]
fn wrong_passphrase_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "k.age",
        encrypt_with_passphrase(&key().secret, "right", false),
    );
    let src = IdentitySources::isolated().with_env([
        ("SOPS_AGE_KEY_FILE", path.display().to_string()),
        ("HUSH_AGE_PASSPHRASE", "wrong".to_string()),
    ]);
    let err = Identities::discover(&src).unwrap_err().to_string();
    assert!(
        err.ends_with("invalid identity: wrong passphrase (from HUSH_AGE_PASSPHRASE)"),
        "{err}"
    );
}

#[test]
fn plugin_identities_are_reported_not_dropped() {
    let k = key();
    let src = IdentitySources::isolated().with_env([(
        "SOPS_AGE_KEY",
        format!("AGE-PLUGIN-YUBIKEY-1QQQQ\n{}", k.secret),
    )]);
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(ids.len(), 1);
    let problems: Vec<String> = ids.problems().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        ["SOPS_AGE_KEY: skipped: line 1: plugin identities (age-plugin-yubikey) are not supported"]
    );
}

#[test]
fn keyring_is_optional_unless_asked_for() {
    let mut src = IdentitySources::isolated();
    src.keyring = Box::new(|| Err(Error::Keyring("no session keyring".into())));
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(outcome(&ids, "OS keyring"), &SourceOutcome::Absent);

    src = src.with_env([("HUSH_KEYRING", "1")]);
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(
        outcome(&ids, "OS keyring"),
        &SourceOutcome::Skipped("OS keyring: no session keyring".into())
    );

    src.keyring = Box::new(|| Ok(None));
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(
        outcome(&ids, "OS keyring"),
        &SourceOutcome::Skipped("HUSH_KEYRING=1 but there is no entry".into())
    );

    let mut src = IdentitySources::isolated().with_env([("HUSH_KEYRING", "0")]);
    src.keyring = Box::new(|| panic!("the keyring must not be consulted"));
    Identities::discover(&src).unwrap();
}

#[test]
fn key_cmd_gets_each_recipient_until_one_yields_identities() {
    let dir = tempfile::tempdir().unwrap();
    let k = key();
    write(dir.path(), "key-for-b", &k.secret);
    let script = format!(
        "sh -c 'cat \"{}/key-for-$SOPS_AGE_RECIPIENT\" 2>/dev/null || true'",
        dir.path().display()
    );
    let mut src = IdentitySources::isolated().with_env([("SOPS_AGE_KEY_CMD", script)]);
    src.recipients = vec!["a".into(), "b".into()];
    let ids = Identities::discover(&src).unwrap();
    assert!(unwraps(&ids, &k));
}

#[test]
fn failing_key_cmd_is_an_error_without_its_output() {
    let src = IdentitySources::isolated().with_env([(
        "SOPS_AGE_KEY_CMD",
        "sh -c 'echo AGE-SECRET-KEY-1LEAK; exit 4'",
    )]);
    let err = Identities::discover(&src).unwrap_err().to_string();
    assert_eq!(
        err,
        "SOPS_AGE_KEY_CMD: invalid identity: `sh` failed (exit status: 4); fix the command or unset SOPS_AGE_KEY_CMD"
    );
}

#[test]
fn user_config_dir_follows_xdg() {
    let home = Path::new("/home/u");
    assert_eq!(
        user_config_dir(Some("/x".into()), Some(home)),
        Some(PathBuf::from("/x"))
    );
    assert_eq!(
        user_config_dir(Some("rel".into()), Some(home)),
        Some(PathBuf::from("/home/u/.config"))
    );
    assert_eq!(
        user_config_dir(None, Some(home)),
        Some(PathBuf::from("/home/u/.config"))
    );
    assert_eq!(user_config_dir(None, None), None);
}

#[test]
fn from_text_and_report_formats() {
    let ids = Identities::from_text("inline", &key().secret).unwrap();
    assert_eq!(
        ids.report(),
        "identities were looked for in:\n  inline: 1 identity"
    );
}
