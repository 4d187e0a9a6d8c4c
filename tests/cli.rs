//! The commands through the built binary: status, keygen, extract, stdin, SSH recipients,
//! quickstart.

mod common;
use common::*;
use std::io::Write;
use std::process::Stdio;

fn seal(s: &Scratch, name: &str, contents: &str, recipient: &str) -> std::path::PathBuf {
    let plain = s.write(name, contents);
    let out = ok(&s.hush(&["encrypt", "--age", recipient, plain.to_str().unwrap()]))
        .stdout
        .clone();
    s.write(&format!("sealed-{name}"), out)
}

#[test]
fn status_reports_recipients_and_mac_in_json_and_text() {
    let s = Scratch::new();
    let sealed = seal(&s, "a.yaml", "a: b\n", AGE_RECIPIENT);
    let plain = s.write("plain.yaml", "a: b\n");
    let o = ok(&s.hush(&[
        "status",
        "--format",
        "json",
        sealed.to_str().unwrap(),
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    let v: serde_json::Value = serde_json::from_slice(&o).unwrap();
    assert_eq!(v[0]["encrypted"], true);
    assert_eq!(v[0]["mac"], "verified");
    assert_eq!(v[0]["recipients"][0]["recipient"], AGE_RECIPIENT);
    assert_eq!(v[0]["version"], "3.11.0");
    assert_eq!(v[1]["encrypted"], false);
    let text = stdout(ok(&s.hush(&["status", sealed.to_str().unwrap()])));
    assert!(text.contains("sealed (yaml), MAC verified"), "{text}");
    // Someone else's file: sealed, MAC not verifiable here.
    let other = seal(&s, "o.yaml", "a: b\n", OTHER_RECIPIENT);
    let o = ok(&s.hush(&["status", "--format", "json", other.to_str().unwrap()]))
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&o).unwrap();
    assert_eq!(v[0]["mac"], "unverified");
    // A tampered file makes status fail.
    let text = std::fs::read_to_string(&sealed).unwrap();
    let lm = text.lines().find(|l| l.contains("lastmodified")).unwrap();
    let bad = s.write(
        "bad.yaml",
        text.replace(lm, "  lastmodified: \"2001-01-01T00:00:00Z\""),
    );
    let o = s.hush(&["status", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("MAC mismatch"), "{}", stdout(&o));
}

#[test]
fn keygen_writes_a_private_file_and_never_overwrites() {
    let s = Scratch::new();
    let key = s.path("new-key.txt");
    let o = ok(&s.hush(&["keygen", "-o", key.to_str().unwrap()])).clone();
    let public = stderr(&o)
        .trim()
        .strip_prefix("Public key: ")
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(public.starts_with("age1"));
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.contains(&format!("# public key: {public}")));
    assert!(text.contains("AGE-SECRET-KEY-1"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let again = s.hush(&["keygen", "-o", key.to_str().unwrap()]);
    assert_ne!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&key).unwrap(),
        text,
        "keygen overwrote an identity"
    );
    // The new identity opens a file sealed for its public key (and age-keygen agrees on it).
    let sealed = seal(&s, "k.yaml", "k: v\n", &public);
    let o = s
        .hush_cmd(&["decrypt", sealed.to_str().unwrap()])
        .env("SOPS_AGE_KEY_FILE", &key)
        .output()
        .unwrap();
    assert_eq!(stdout(ok(&o)), "k: v\n");
    let y = std::process::Command::new(tool("age-keygen", "HUSH_AGE_KEYGEN_BIN"))
        .args(["-y", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(stdout(ok(&y)).trim(), public);
}

#[test]
fn extract_prints_one_value() {
    let s = Scratch::new();
    let sealed = seal(
        &s,
        "e.yaml",
        "db:\n  password: hunter2\n  port: 5432\nlist: [a, b]\n",
        AGE_RECIPIENT,
    );
    let p = sealed.to_str().unwrap();
    assert_eq!(
        stdout(ok(&s.hush(&[
            "decrypt",
            "--extract",
            r#"["db"]["password"]"#,
            p
        ]))),
        "hunter2"
    );
    assert_eq!(
        stdout(ok(&s.hush(&[
            "decrypt",
            "--extract",
            r#"["db"]["port"]"#,
            p
        ]))),
        "5432"
    );
    assert_eq!(
        stdout(ok(&s.hush(&["decrypt", "--extract", r#"["list"][1]"#, p]))),
        "b"
    );
    assert_eq!(
        stdout(ok(&s.hush(&["decrypt", "--extract", r#"["db"]"#, p]))),
        "password: hunter2\nport: 5432\n"
    );
    let o = s.hush(&["decrypt", "--extract", r#"["nope"]"#, p]);
    assert_eq!(o.status.code(), Some(91));
    assert_eq!(
        stderr(&o),
        format!("hush: {p}: the path [\"nope\"] does not exist in the file\n")
    );
    let o = s.hush(&["decrypt", "--extract", "db.password", p]);
    assert_eq!(o.status.code(), Some(91));
}

#[test]
fn stdin_needs_a_type_and_works_with_one() {
    let s = Scratch::new();
    let o = s.hush(&["encrypt", "--age", AGE_RECIPIENT, "-"]);
    assert_eq!(o.status.code(), Some(8));
    assert!(stderr(&o).contains("--input-type"), "{}", stderr(&o));
    let mut child = s
        .hush_cmd(&[
            "encrypt",
            "--age",
            AGE_RECIPIENT,
            "--input-type",
            "json",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"k\": \"v\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let sealed = s.write("s.json", &ok(&out).stdout);
    assert_eq!(
        stdout(ok(&s.hush(&["decrypt", sealed.to_str().unwrap()]))),
        "{\"k\": \"v\"}\n"
    );
    // Output in another format.
    let yaml = stdout(ok(&s.hush(&[
        "decrypt",
        "--output-type",
        "yaml",
        sealed.to_str().unwrap(),
    ])));
    assert_eq!(yaml, "k: v\n");
}

#[test]
fn ssh_ed25519_recipient_and_private_key_identity() {
    let s = Scratch::new();
    let key = s.path("id_ed25519");
    let made = std::process::Command::new(tool("ssh-keygen", "HUSH_SSH_KEYGEN_BIN"))
        .args(["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()])
        .output()
        .unwrap();
    ok(&made);
    let public = std::fs::read_to_string(s.path("id_ed25519.pub")).unwrap();
    let sealed = seal(&s, "ssh.yaml", "token: abc\n", public.trim());
    let o = s
        .hush_cmd(&["decrypt", sealed.to_str().unwrap()])
        .env_remove("SOPS_AGE_KEY_FILE")
        .env("SOPS_AGE_SSH_PRIVATE_KEY_FILE", &key)
        .output()
        .unwrap();
    assert_eq!(stdout(ok(&o)), "token: abc\n");
    // sops opens it with the same SSH key.
    let by_sops = std::process::Command::new(tool("sops", "HUSH_SOPS_BIN"))
        .env("SOPS_DISABLE_VERSION_CHECK", "1")
        .env("HOME", s.dir.path())
        .env("SOPS_AGE_SSH_PRIVATE_KEY_FILE", &key)
        .args(["decrypt", sealed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(stdout(ok(&by_sops)), "token: abc\n");
}

#[test]
fn in_place_encrypt_then_decrypt() {
    let s = Scratch::new();
    let p = s.write("i.yaml", "# c\nk: v # inline\n");
    ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, "-i", p.to_str().unwrap()]));
    assert!(std::fs::read_to_string(&p).unwrap().contains("sops:"));
    ok(&s.hush(&["decrypt", "-i", p.to_str().unwrap()]));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "# c\nk: v # inline\n");
}

#[test]
fn quickstart_runs_without_any_setup() {
    let s = Scratch::new();
    let o = s
        .hush_cmd(&["quickstart"])
        .env_remove("SOPS_AGE_KEY_FILE")
        .output()
        .unwrap();
    let out = stdout(ok(&o));
    assert!(out.contains("byte for byte"), "{out}");
    assert!(
        out.contains("encrypted_regex: ^(data|stringData)$"),
        "{out}"
    );
    assert!(
        !out.contains("s3cr3t-p@ss\"\n  config") || out.matches("s3cr3t-p@ss").count() == 1,
        "{out}"
    );
}
