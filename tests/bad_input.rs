//! Bad input gets a clear message naming the file (and line:column for parse errors), a
//! documented exit code, no panic, and leaves files as they were.

mod common;
use common::*;

/// Runs hush and returns (code, stderr); asserts no panic and nothing on stdout.
fn fails(s: &Scratch, args: &[&str]) -> (i32, String) {
    let o = s.hush(args);
    let code = o.status.code().unwrap_or(-1);
    let err = stderr(&o);
    assert!(
        code != 0 && code != 101,
        "expected a clean failure, got {code}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty(), "stdout on failure: {}", stdout(&o));
    (code, err)
}

fn encrypt_fails(s: &Scratch, name: &str, contents: &str) -> (i32, String) {
    let p = s.write(name, contents);
    let r = fails(
        s,
        &["encrypt", "--age", AGE_RECIPIENT, "-i", p.to_str().unwrap()],
    );
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        contents,
        "input changed by a failed command"
    );
    r
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let s = Scratch::new();
    let (code, err) = encrypt_fails(&s, "bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
    assert_eq!(code, 2);
    let p = s.path("bad.yaml");
    assert!(err.starts_with(&format!("hush: {}:", p.display())), "{err}");
    assert!(err.contains("invalid yaml"), "{err}");
}

#[test]
fn duplicate_yaml_key_exact_message() {
    let s = Scratch::new();
    let (code, err) = encrypt_fails(&s, "dup.yaml", "a: 1\nb: 2\na: 3\n");
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "hush: {}:3:1: invalid yaml: duplicate key `a`\n",
            s.path("dup.yaml").display()
        )
    );
}

#[test]
fn malformed_json_dotenv_ini() {
    let s = Scratch::new();
    let (code, err) = encrypt_fails(&s, "bad.json", "{\n  \"a\": 1,\n  \"b\": \n}\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json:3:") || err.contains("bad.json:4:"),
        "{err}"
    );
    let (code, err) = encrypt_fails(&s, "bad.env", "A=1\nnot a pair\n");
    assert_eq!(code, 2);
    assert!(err.contains("bad.env:2:"), "{err}");
    let (code, err) = encrypt_fails(&s, "bad.ini", "[sec\nk = v\n");
    assert_eq!(code, 2);
    assert!(err.contains("bad.ini:1:"), "{err}");
}

#[test]
fn empty_missing_and_already_encrypted_files() {
    let s = Scratch::new();
    let (code, _) = encrypt_fails(&s, "empty.yaml", "");
    assert_eq!(code, 92);
    let missing = s.path("missing.yaml");
    let (code, err) = fails(&s, &["decrypt", missing.to_str().unwrap()]);
    assert_eq!(
        (code, err),
        (
            100,
            format!("hush: {}: file not found\n", missing.display())
        )
    );
    let plain = s.write("a.yaml", "a: b\n");
    let sealed = ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
        .stdout
        .clone();
    let sealed = String::from_utf8(sealed).unwrap();
    let (code, err) = encrypt_fails(&s, "sealed.yaml", &sealed);
    assert_eq!(code, 203);
    assert!(err.contains("already encrypted"), "{err}");
}

#[test]
fn malformed_enc_value_and_metadata() {
    let s = Scratch::new();
    let plain = s.write("a.yaml", "a: b\nc: d\n");
    let sealed = String::from_utf8(
        ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
            .stdout
            .clone(),
    )
    .unwrap();
    let broken = sealed.replacen(",iv:", ",iv:%%%", 1);
    let p = s.write("broken.yaml", &broken);
    let (code, err) = fails(&s, &["decrypt", p.to_str().unwrap()]);
    assert_eq!(code, 25);
    assert!(
        err.contains("[\"a\"]") && err.contains("malformed"),
        "{err}"
    );
    let no_meta = s.write("plain.yaml", "a: b\n");
    let (code, err) = fails(&s, &["decrypt", no_meta.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("not an encrypted file"), "{err}");
    let bad_version = s.write(
        "v.yaml",
        sealed.replace("version: 3.11.0", "version: \"3.11\""),
    );
    let (code, err) = fails(&s, &["decrypt", bad_version.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("MAJOR.MINOR.PATCH"), "{err}");
}

#[test]
fn unknown_recipient_and_no_identity() {
    let s = Scratch::new();
    let p = s.write("a.yaml", "a: b\n");
    let (code, err) = fails(
        &s,
        &[
            "encrypt",
            "--age",
            "age1notarealrecipient",
            p.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 128);
    assert!(err.contains("age1notarealrecipient"), "{err}");
    let (code, err) = fails(&s, &["encrypt", p.to_str().unwrap()]);
    assert_eq!(code, 111);
    assert!(err.contains("--age"), "{err}");
    // Sealed for someone else: no identity here opens it.
    let sealed = ok(&s.hush(&["encrypt", "--age", OTHER_RECIPIENT, p.to_str().unwrap()]))
        .stdout
        .clone();
    let sp = s.write("other.yaml", &sealed);
    let (code, err) = fails(&s, &["decrypt", sp.to_str().unwrap()]);
    assert_eq!(code, 128);
    assert!(err.contains(OTHER_RECIPIENT), "{err}");
}

#[test]
fn failed_in_place_decrypt_leaves_the_file() {
    let s = Scratch::new();
    let p = s.write("a.yaml", "a: b\n");
    let sealed = ok(&s.hush(&["encrypt", "--age", OTHER_RECIPIENT, p.to_str().unwrap()]))
        .stdout
        .clone();
    let sp = s.write("other.yaml", &sealed);
    fails(&s, &["decrypt", "-i", sp.to_str().unwrap()]);
    assert_eq!(std::fs::read(&sp).unwrap(), sealed);
    let leftovers: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".hush-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn conflicting_rules_are_a_usage_error() {
    let s = Scratch::new();
    let p = s.write("a.yaml", "a: b\n");
    let o = s.hush(&[
        "encrypt",
        "--age",
        AGE_RECIPIENT,
        "--encrypted-regex",
        "a",
        "--unencrypted-suffix",
        "b",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "clap usage errors exit 2");
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
}
