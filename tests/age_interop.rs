//! Interoperability with the real `age` CLI (Go age, Debian package `age`) and OpenSSH keys
//! (`ssh-keygen`, Debian package `openssh-client`): what hush wraps, `age -d` decrypts, and
//! what `age -r`/`age -R` encrypts, hush unwraps, for X25519, ssh-ed25519 and ssh-rsa keys.
//!
//! Under `CI=true` a missing tool fails the test; elsewhere the test prints a note and
//! returns.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use hush::Error;
use hush::envelope::metadata::MasterKey;
use hush::identities::{Identities, IdentitySources, SourceOutcome};
use hush::recipients::{UnwrapError, parse_age_recipient, unwrap, wrap};

const AGE: &str = "/usr/bin/age";
const AGE_KEYGEN: &str = "/usr/bin/age-keygen";
const SSH_KEYGEN: &str = "ssh-keygen";

/// Whether `tool` can run here. Under CI a missing tool is a failure, never a silent skip.
fn have(tool: &str, package: &str) -> bool {
    let found = Command::new(tool)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        let msg = format!(
            "`{tool}` is not installed: install the Debian package `{package}` (apt-get install -y {package})"
        );
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{msg}; CI=true, so this is an error"
        );
        eprintln!("note: skipping age interop test: {msg}");
    }
    found
}

fn have_age() -> bool {
    have(AGE, "age") && have(AGE_KEYGEN, "age")
}

fn run(cmd: &mut Command, stdin: &[u8]) -> Vec<u8> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn data_key() -> Vec<u8> {
    (0..32).map(|_| rand::random::<u8>()).collect()
}

fn enc(key: &MasterKey) -> &str {
    match key {
        MasterKey::Age { enc, .. } => enc,
        MasterKey::Other { .. } => panic!("expected an age key"),
    }
}

/// `age -d -i identity` on hush's `enc`.
fn age_decrypts(dir: &Path, identity: &Path, key: &MasterKey) -> Vec<u8> {
    let file = dir.join("enc.age");
    std::fs::write(&file, enc(key)).unwrap();
    run(
        Command::new(AGE)
            .arg("-d")
            .arg("-i")
            .arg(identity)
            .arg(&file),
        b"",
    )
}

/// `age -a` with the given recipient flags, as an `age` metadata entry.
fn age_encrypts(recipient: &str, flags: &[&std::ffi::OsStr], data: &[u8]) -> MasterKey {
    let armored = run(Command::new(AGE).arg("-a").args(flags), data);
    MasterKey::Age {
        recipient: recipient.to_string(),
        enc: String::from_utf8(armored).unwrap(),
    }
}

fn discover(vars: &[(&str, &Path)], home: Option<&Path>) -> Identities {
    let mut src = IdentitySources::isolated().with_env(
        vars.iter()
            .map(|(k, v)| (k.to_string(), v.as_os_str().to_owned())),
    );
    src.home_dir = home.map(Path::to_path_buf);
    Identities::discover(&src).unwrap()
}

fn age_keygen(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("keys.txt");
    run(Command::new(AGE_KEYGEN).arg("-o").arg(&path), b"");
    let public =
        String::from_utf8(run(Command::new(AGE_KEYGEN).arg("-y").arg(&path), b"")).unwrap();
    (path, public.trim().to_string())
}

fn ssh_keygen(dir: &Path, kind: &[&str], passphrase: &str) -> (PathBuf, String) {
    let ssh = dir.join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    let file = match kind[1] {
        "rsa" => "id_rsa",
        _ => "id_ed25519",
    };
    let path = ssh.join(file);
    run(
        Command::new(SSH_KEYGEN)
            .args(kind)
            .args(["-q", "-C", "tester@hush", "-N", passphrase, "-f"])
            .arg(&path),
        b"",
    );
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    (path, public.trim().to_string())
}

#[test]
fn x25519_hush_wraps_age_decrypts() {
    if !have_age() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (keyfile, public) = age_keygen(dir.path());
    let data = data_key();
    let key = wrap(&parse_age_recipient(&public).unwrap(), &data).unwrap();
    assert_eq!(age_decrypts(dir.path(), &keyfile, &key), data);
    // Same layout as Go age (one stanza, no grease): byte-for-byte the same length.
    let go = age_encrypts(&public, &["-r".as_ref(), public.as_ref()], &data);
    assert_eq!(enc(&key).len(), enc(&go).len());
    assert!(enc(&key).ends_with("-----END AGE ENCRYPTED FILE-----\n"));
}

#[test]
fn x25519_age_encrypts_hush_unwraps() {
    if !have_age() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (keyfile, public) = age_keygen(dir.path());
    let data = data_key();
    let key = age_encrypts(&public, &["-r".as_ref(), public.as_ref()], &data);
    assert!(enc(&key).starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    let ids = discover(&[("SOPS_AGE_KEY_FILE", &keyfile)], None);
    assert_eq!(&unwrap(&key, &ids).unwrap()[..], &data[..]);
}

#[test]
fn x25519_shares_of_33_bytes_round_trip_both_ways() {
    if !have_age() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (keyfile, public) = age_keygen(dir.path());
    let share: Vec<u8> = (0..33).collect();
    let key = wrap(&parse_age_recipient(&public).unwrap(), &share).unwrap();
    assert_eq!(age_decrypts(dir.path(), &keyfile, &key), share);
}

fn ssh_round_trip(kind: &[&str]) {
    if !have_age() || !have(SSH_KEYGEN, "openssh-client") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (private, public) = ssh_keygen(dir.path(), kind, "");
    let recipient = parse_age_recipient(&public).unwrap();
    assert_eq!(
        recipient.as_str(),
        public,
        "recorded as given, comment included"
    );

    let data = data_key();
    let key = wrap(&recipient, &data).unwrap();
    assert_eq!(age_decrypts(dir.path(), &private, &key), data);

    let pubfile = private.with_extension("pub");
    let hush_enc_len = enc(&key).len();
    let key = age_encrypts(&public, &["-R".as_ref(), pubfile.as_os_str()], &data);
    assert_eq!(hush_enc_len, enc(&key).len(), "same layout as Go age");
    // Found in ~/.ssh by default, and through SOPS_AGE_SSH_PRIVATE_KEY_FILE.
    let ids = discover(&[], Some(dir.path()));
    assert_eq!(&unwrap(&key, &ids).unwrap()[..], &data[..]);
    let ids = discover(&[("SOPS_AGE_SSH_PRIVATE_KEY_FILE", &private)], None);
    assert_eq!(&unwrap(&key, &ids).unwrap()[..], &data[..]);
}

#[test]
fn ssh_ed25519_both_ways() {
    ssh_round_trip(&["-t", "ed25519"]);
}

#[test]
fn ssh_rsa_both_ways() {
    ssh_round_trip(&["-t", "rsa", "-b", "3072"]);
}

#[test]
fn passphrase_protected_ssh_key_is_unlocked_only_when_needed() {
    if !have_age() || !have(SSH_KEYGEN, "openssh-client") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (private, public) = ssh_keygen(dir.path(), &["-t", "ed25519"], "ssh secret");
    let data = data_key();
    let key = wrap(&parse_age_recipient(&public).unwrap(), &data).unwrap();

    // Default location, no passphrase, no terminal: recorded, not fatal.
    let ids = discover(&[], Some(dir.path()));
    assert!(ids.is_empty());
    let SourceOutcome::Skipped(why) = &ids
        .sources()
        .iter()
        .find(|s| s.name.ends_with("id_ed25519"))
        .unwrap()
        .outcome
    else {
        panic!("expected the encrypted key to be reported");
    };
    assert!(why.contains("HUSH_AGE_PASSPHRASE"), "{why}");

    // Named explicitly: an error.
    let src = IdentitySources::isolated().with_env([(
        "SOPS_AGE_SSH_PRIVATE_KEY_FILE",
        private.as_os_str().to_owned(),
    )]);
    assert!(matches!(
        Identities::discover(&src),
        Err(Error::BadIdentity { .. })
    ));

    // With the passphrase: unlocked when the stanza matches.
    let mut src = IdentitySources::isolated().with_env([("HUSH_AGE_PASSPHRASE", "ssh secret")]);
    src.home_dir = Some(dir.path().to_path_buf());
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(&unwrap(&key, &ids).unwrap()[..], &data[..]);

    // A wrong passphrase is reported as such.
    let mut src = IdentitySources::isolated().with_env([("HUSH_AGE_PASSPHRASE", "nope")]);
    src.home_dir = Some(dir.path().to_path_buf());
    let ids = Identities::discover(&src).unwrap();
    assert!(matches!(
        unwrap(&key, &ids),
        Err(UnwrapError::IdentityFailed { .. })
    ));
}

#[test]
fn key_cmd_output_is_used_like_a_key_file() {
    if !have_age() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (keyfile, public) = age_keygen(dir.path());
    let data = data_key();
    let key = age_encrypts(&public, &["-r".as_ref(), public.as_ref()], &data);
    let cmd = format!("cat '{}'", keyfile.display());
    let src = IdentitySources::isolated().with_env([("SOPS_AGE_KEY_CMD", cmd)]);
    let ids = Identities::discover(&src).unwrap();
    assert_eq!(&unwrap(&key, &ids).unwrap()[..], &data[..]);
}
