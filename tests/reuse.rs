//! `hush encrypt --reuse OLD`: after decrypt → change → encrypt, the sealed diff is only the
//! changed value plus `lastmodified` and `mac`; sops opens the result.

mod common;
use common::*;

/// Decrypts `f` to stdout, changes `from` to `to` in memory, and seals it with --reuse
/// through stdin. Returns the sealed file before and after.
fn cycle(s: &Scratch, f: &std::path::Path, format: &str, from: &str, to: &str) -> (String, String) {
    use std::io::Write;
    let before = std::fs::read_to_string(f).unwrap();
    let plain = stdout(ok(&s.hush(&["decrypt", f.to_str().unwrap()]))).replace(from, to);
    let mut child = s
        .hush_cmd(&[
            "encrypt",
            "--reuse",
            f.to_str().unwrap(),
            "--input-type",
            format,
        ])
        .args(["-o", f.to_str().unwrap(), "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(plain.as_bytes())
        .unwrap();
    ok(&child.wait_with_output().unwrap());
    (before, std::fs::read_to_string(f).unwrap())
}

#[test]
fn only_the_changed_value_gets_new_ciphertext_in_every_format() {
    let cases = [
        (
            "s.yaml",
            "yaml",
            "# c\na: one\nb:\n  c: two # note\n  d: [x, y]\n",
            r#"["b"]["c"]"#,
        ),
        (
            "s.json",
            "json",
            "{\n  \"a\": \"one\",\n  \"b\": {\n    \"c\": \"two\"\n  }\n}\n",
            r#"["b"]["c"]"#,
        ),
        ("s.env", "dotenv", "A=one\n# c\nC=two\n", r#"["C"]"#),
        ("s.ini", "ini", "[b]\na = one\nc = two\n", r#"["b"]["c"]"#),
    ];
    for (name, format, plain, path) in cases {
        let s = Scratch::new();
        let f = s.seal(name, plain);
        let (before, after) = cycle(&s, &f, format, "two", "TWO");
        let (r, a) = changed_lines(&before, &after);
        assert_eq!((r.len(), a.len()), (1, 1), "{name}: {r:?} {a:?}");
        assert_eq!(s.sops_extract(&f, path), "TWO", "{name}");
        // The same plaintext again: nothing but lastmodified and mac.
        let (before, after) = cycle(&s, &f, format, "TWO", "TWO");
        assert_eq!(changed_lines(&before, &after), (vec![], vec![]), "{name}");
    }
}

#[test]
fn reuse_takes_recipients_from_the_old_file() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", "a: 1\n");
    let plain = s.write("p.yaml", "a: 2\n");
    let out = s.hush(&[
        "encrypt",
        "--reuse",
        f.to_str().unwrap(),
        "--age",
        OTHER_RECIPIENT,
        plain.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(8));
    assert_eq!(
        stderr(&out),
        "hush: --reuse seals for the recipients of OLD; drop --age (use `hush encrypt` without --reuse to choose new recipients)\n"
    );
    let out = s.hush(&[
        "encrypt",
        "--reuse",
        f.to_str().unwrap(),
        "--encrypted-regex",
        "a",
        plain.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let json = s.write("p.json", "{\"a\": 2}\n");
    let out = s.hush(&[
        "encrypt",
        "--reuse",
        f.to_str().unwrap(),
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(8));
    assert!(
        stderr(&out).contains("is read as json but"),
        "{}",
        stderr(&out)
    );
    let sealed = s.hush(&[
        "encrypt",
        "--reuse",
        f.to_str().unwrap(),
        plain.to_str().unwrap(),
    ]);
    let out_path = s.write("new.yaml", &ok(&sealed).stdout);
    assert_eq!(s.sops_extract(&out_path, r#"["a"]"#), "2\n");
}
