//! The bad-input catalogue: malformed and hostile inputs across commands, one table row
//! each. Every row must fail cleanly (no panic, nothing on stdout) with the documented exit
//! code and a message naming the offending file or setting, and must leave every file in
//! the scratch directory byte for byte as it was. `tests/bad_input.rs` holds the detailed
//! message checks; this file is about breadth. (Tests run as root, so unreadable-file cases
//! are not in the table: root reads a chmod 000 file.)

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// One hostile input: files to create (a `None` body makes a directory; `@target` a
/// symlink), the hush arguments (run inside the scratch directory), extra environment, the
/// exit code and a text the message must contain.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Option<Vec<u8>>)>,
    args: Vec<&'static str>,
    env: Vec<(&'static str, &'static str)>,
    code: i32,
    mentions: &'static str,
}

fn case(
    name: &'static str,
    file: &'static str,
    body: impl Into<Vec<u8>>,
    args: &[&'static str],
) -> Case {
    Case {
        name,
        files: vec![(file, Some(body.into()))],
        args: args.to_vec(),
        env: Vec::new(),
        code: 2,
        mentions: file,
    }
}

impl Case {
    fn code(mut self, code: i32) -> Case {
        self.code = code;
        self
    }
    fn mentions(mut self, text: &'static str) -> Case {
        self.mentions = text;
        self
    }
    fn env(mut self, key: &'static str, value: &'static str) -> Case {
        self.env.push((key, value));
        self
    }
    fn file(mut self, name: &'static str, body: Option<Vec<u8>>) -> Case {
        self.files.push((name, body));
        self
    }
}

/// A sealed YAML file with an edit applied to its text.
fn edited(sealed: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(sealed.contains(from), "{from} not in the sealed file");
    sealed.replacen(from, to, 1).into_bytes()
}

/// Replaces the line starting with `prefix` (after indentation).
fn line_replaced(sealed: &str, prefix: &str, with: &str) -> Vec<u8> {
    let mut hit = false;
    let out: Vec<String> = sealed
        .lines()
        .map(|l| {
            if !hit && l.trim_start().starts_with(prefix) {
                hit = true;
                with.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(hit, "no line starts with {prefix}");
    (out.join("\n") + "\n").into_bytes()
}

fn laughs(levels: usize) -> String {
    let mut out = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..levels {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        out.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    out
}

const DEC: &[&str] = &["decrypt", "s.yaml"];
const DECJ: &[&str] = &["decrypt", "s.json"];

fn sealed_cases(y: &str, j: &str) -> Vec<Case> {
    let half = |s: &str| s.as_bytes()[..s.len() / 2].to_vec();
    let no_mac = y
        .lines()
        .filter(|l| !l.trim_start().starts_with("mac:"))
        .collect::<Vec<_>>()
        .join("\n");
    let no_age = {
        let start = y.find("  age:").expect("age");
        let end = y.find("  lastmodified").expect("lastmodified");
        format!("{}{}", &y[..start], &y[end..])
    };
    let mut nul = y.as_bytes().to_vec();
    nul.splice(5..5, [0u8]);
    let mut invalid_utf8 = y.as_bytes().to_vec();
    invalid_utf8.splice(6..6, [0xff, 0xfe]);
    vec![
        case("yaml truncated in half", "s.yaml", half(y), DEC).code(1),
        case(
            "yaml truncated before sops:",
            "s.yaml",
            y[..y.find("sops:").expect("sops")].to_string(),
            DEC,
        )
        .code(1),
        case(
            "yaml cut inside the age stanza",
            "s.yaml",
            y[..y.find("-----END").expect("end")].to_string(),
            DEC,
        )
        .code(1),
        case(
            "yaml with the last line cut",
            "s.yaml",
            y[..y.len() - 8].to_string(),
            DEC,
        )
        .code(1),
        case("json truncated in half", "s.json", half(j), DECJ),
        case(
            "json missing its last brace",
            "s.json",
            j.trim_end().trim_end_matches('}').to_string(),
            DECJ,
        ),
        case(
            "sops is a string",
            "s.yaml",
            y[..y.find("sops:").expect("sops")].to_string() + "sops: nothing\n",
            DEC,
        )
        .code(1),
        case(
            "sops is a list",
            "s.yaml",
            y[..y.find("sops:").expect("sops")].to_string() + "sops: [1, 2]\n",
            DEC,
        )
        .code(1),
        case(
            "mac is a number",
            "s.yaml",
            line_replaced(y, "mac:", "  mac: 42"),
            DEC,
        )
        .code(51),
        case(
            "mac is a map",
            "s.yaml",
            line_replaced(y, "mac:", "  mac: {a: 1}"),
            DEC,
        )
        .code(52),
        case(
            "mac is garbage",
            "s.yaml",
            line_replaced(
                y,
                "mac:",
                "  mac: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]",
            ),
            DEC,
        )
        .code(51),
        case("mac missing", "s.yaml", no_mac + "\n", DEC).code(52),
        case(
            "lastmodified is a list",
            "s.yaml",
            line_replaced(y, "lastmodified:", "  lastmodified: [1]"),
            DEC,
        )
        .code(1),
        case(
            "lastmodified is not a time",
            "s.yaml",
            line_replaced(y, "lastmodified:", "  lastmodified: yesterday"),
            DEC,
        )
        .code(1),
        case(
            "version is a map",
            "s.yaml",
            line_replaced(y, "version:", "  version: {major: 3}"),
            DEC,
        )
        .code(1),
        case(
            "age is a string",
            "s.yaml",
            edited(y, "  age:\n", "  age: everyone\n  x_age:\n"),
            DEC,
        )
        .code(1),
        case(
            "age stanza enc is a list",
            "s.yaml",
            line_replaced(y, "enc: |", "      enc: [1]\n      x: |"),
            DEC,
        )
        .code(1),
        case(
            "age stanza enc is garbage",
            "s.yaml",
            edited(
                y,
                "-----BEGIN AGE ENCRYPTED FILE-----\n",
                "-----BEGIN AGE ENCRYPTED FILE-----\n        Z2FyYmFnZQ==\n",
            ),
            DEC,
        )
        .code(128)
        .mentions("s.yaml"),
        case("no key stanzas at all", "s.yaml", no_age, DEC).code(128),
        case(
            "ENC value with bad base64",
            "s.yaml",
            line_replaced(
                y,
                "user:",
                "user: ENC[AES256_GCM,data:!!!!,iv:AAAA,tag:AAAA,type:str]",
            ),
            DEC,
        )
        .code(25),
        case(
            "ENC value cut short",
            "s.yaml",
            line_replaced(y, "user:", "user: ENC[AES256_GCM,data:"),
            DEC,
        ),
        case(
            "ENC value with an unknown type",
            "s.yaml",
            edited(y, "type:str]", "type:complex]"),
            DEC,
        )
        .code(25),
        case(
            "ENC value moved to another key",
            "s.yaml",
            edited(y, "user:", "usr:"),
            DEC,
        )
        .code(25),
        case(
            "encrypted value replaced by a plain number",
            "s.yaml",
            line_replaced(y, "password:", "password: 42"),
            DEC,
        )
        .code(25),
        case("NUL byte in a sealed file", "s.yaml", nul, DEC),
        case(
            "invalid UTF-8 in a sealed file",
            "s.yaml",
            invalid_utf8,
            DEC,
        ),
        case(
            "set on a truncated file",
            "s.yaml",
            half(y),
            &["set", "s.yaml", "[\"user\"]", "\"x\""],
        )
        .code(1),
        case(
            "unset on a file without a mac",
            "s.yaml",
            line_replaced(y, "mac:", "  mac: 7"),
            &["unset", "s.yaml", "[\"user\"]"],
        )
        .code(51),
        case(
            "rekey of a truncated file",
            "s.yaml",
            half(y),
            &["rekey", "s.yaml"],
        )
        .code(1),
        case(
            "updatekeys of a truncated file",
            "s.yaml",
            half(y),
            &["updatekeys", "-y", "s.yaml"],
        )
        .code(1),
        case(
            "exec-env on a truncated file",
            "s.yaml",
            half(y),
            &["exec-env", "s.yaml", "--", "true"],
        )
        .code(1),
        case(
            "exec-file on a file with a bad mac",
            "s.yaml",
            line_replaced(
                y,
                "mac:",
                "  mac: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]",
            ),
            &["exec-file", "s.yaml", "--", "cat", "{}"],
        )
        .code(51),
        case(
            "decrypt --extract of a truncated file",
            "s.yaml",
            half(y),
            &["decrypt", "--extract", "[\"user\"]", "s.yaml"],
        )
        .code(1),
        case(
            "exec-file on a truncated file",
            "s.yaml",
            half(y),
            &["exec-file", "s.yaml", "--", "cat", "{}"],
        )
        .code(1),
    ]
}

fn plaintext_cases() -> Vec<Case> {
    let enc =
        |file: &'static str| -> Vec<&'static str> { vec!["encrypt", "--age", AGE_RECIPIENT, file] };
    let enc_i = |file: &'static str| -> Vec<&'static str> {
        vec!["encrypt", "--age", AGE_RECIPIENT, "-i", file]
    };
    let deep_yaml = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_json = format!(
        "{{\"a\": {}{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_block: String = (0..5000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i * 2)))
        .collect::<String>()
        + &" ".repeat(10_000)
        + "v\n";
    vec![
        case(
            "billion laughs (encrypt)",
            "l.yaml",
            laughs(9),
            &enc("l.yaml"),
        )
        .mentions("billion laughs"),
        case(
            "billion laughs (encrypt -i)",
            "l.yaml",
            laughs(9),
            &enc_i("l.yaml"),
        ),
        case(
            "billion laughs (decrypt)",
            "l.yaml",
            laughs(9),
            &["decrypt", "l.yaml"],
        ),
        case(
            "yaml key indented with a tab (encrypt -i)",
            "t.yaml",
            "\ta: 1\n",
            &enc_i("t.yaml"),
        )
        .mentions("t.yaml:1:1: invalid yaml: a tab indents this key"),
        case(
            "yaml directive with non-ASCII text (encrypt -i)",
            "d.yaml",
            "%\u{e9}t\u{e9} x\n---\na: 1\n",
            &enc_i("d.yaml"),
        )
        .mentions("d.yaml:1:1: invalid yaml: this directive line holds non-ASCII"),
        case(
            "yaml control character (encrypt -i)",
            "c.yaml",
            "a: 1\nb: &\u{b}x [1]\n",
            &enc_i("c.yaml"),
        )
        .mentions("c.yaml:2:5: invalid yaml: the file holds a control character (U+000B)"),
        case(
            "deep flow nesting yaml",
            "d.yaml",
            deep_yaml,
            &enc("d.yaml"),
        ),
        case("deep nesting json", "d.json", deep_json, &enc("d.json")),
        case(
            "deep block nesting yaml",
            "d.yaml",
            deep_block,
            &enc("d.yaml"),
        ),
        case(
            "alias to an unknown anchor",
            "a.yaml",
            "a: *nowhere\n",
            &enc("a.yaml"),
        ),
        case("tab indentation", "t.yaml", "a:\n\tb: 1\n", &enc("t.yaml")),
        case(
            "unterminated quote",
            "q.yaml",
            "a: \"open\n",
            &enc("q.yaml"),
        ),
        case(
            "invalid UTF-8 yaml",
            "u.yaml",
            b"a: \xff\xfe\n".to_vec(),
            &enc("u.yaml"),
        ),
        case(
            "invalid UTF-8 json",
            "u.json",
            b"{\"a\": \"\xff\"}\n".to_vec(),
            &enc("u.json"),
        ),
        case(
            "invalid UTF-8 dotenv",
            "u.env",
            b"A=\xff\n".to_vec(),
            &enc("u.env"),
        ),
        case(
            "invalid UTF-8 ini",
            "u.ini",
            b"[s]\na = \xff\n".to_vec(),
            &enc("u.ini"),
        ),
        case(
            "json trailing comma",
            "c.json",
            "{\"a\": 1,}\n",
            &enc("c.json"),
        ),
        case(
            "json two documents",
            "two.json",
            "{\"a\": 1}\n{\"b\": 2}\n",
            &enc("two.json"),
        ),
        case(
            "yaml with a key named sops",
            "r.yaml",
            "a: 1\nsops: mine\n",
            &enc("r.yaml"),
        )
        .code(203),
        case("whitespace-only file", "w.yaml", "  \n\n", &enc("w.yaml")).code(2),
        case(
            "a directory as FILE (encrypt)",
            "dir",
            Vec::new(),
            &enc("dir"),
        )
        .mentions("dir"),
        case(
            "a directory as FILE (decrypt)",
            "dir",
            Vec::new(),
            &["decrypt", "dir"],
        )
        .mentions("dir"),
        case(
            "a dangling symlink",
            "link.yaml",
            b"@/nonexistent/target.yaml".to_vec(),
            &enc("link.yaml"),
        )
        .code(100),
        case(
            "a symlink loop",
            "loop.yaml",
            b"@loop.yaml".to_vec(),
            &enc("loop.yaml"),
        ),
        case(
            "exec-env on a nested map",
            "n.yaml",
            "a:\n  b: 1\n",
            &["exec-env", "--ignore-mac", "n.yaml", "--", "true"],
        )
        .code(1),
        case(
            "set with a malformed path",
            "s.yaml",
            "a: 1\n",
            &["set", "s.yaml", "[\"a\"", "1"],
        )
        .code(7)
        .mentions("invalid path"),
        case(
            "set with a value that is not JSON",
            "s.yaml",
            "a: 1\n",
            &["set", "s.yaml", "[\"a\"]", "{not json"],
        )
        .code(7)
        .mentions("not JSON"),
        case(
            "decrypt --extract malformed",
            "s.yaml",
            "a: 1\n",
            &["decrypt", "--extract", "[a", "s.yaml"],
        )
        .code(91)
        .mentions("[a"),
        case(
            "lint a path that does not exist",
            "x",
            "",
            &["lint", "missing/dir"],
        )
        .code(2)
        .mentions("missing/dir"),
    ]
    .into_iter()
    .map(|mut c| {
        if c.files.first().is_some_and(|f| f.0 == "dir") {
            c.files[0].1 = None;
        }
        c
    })
    .collect()
}

fn config_cases() -> Vec<Case> {
    let plain = |rule: &str| {
        case("", ".hush.yaml", rule.to_string(), &["encrypt", "p.yaml"])
            .file("p.yaml", Some(b"a: 1\n".to_vec()))
            .code(5)
            .mentions(".hush.yaml")
    };
    let named = |mut c: Case, name: &'static str| {
        c.name = name;
        c
    };
    vec![
        named(plain("creation_rules: [\n"), "config that does not parse"),
        named(plain("creation_rules: 42\n"), "creation_rules is a number"),
        named(
            plain("creation_rules:\n  - path_regex: '('\n    age: x\n"),
            "invalid path_regex",
        ),
        named(
            plain("creation_rules:\n  - age: [1, 2]\n    key_groups: 7\n"),
            "key_groups is a number",
        ),
        named(
            plain("creation_rules:\n  - age: {a: 1}\n"),
            "config with a bad value type",
        ),
        named(plain(&laughs(9)), "billion laughs config"),
        named(
            case(
                "",
                ".hush.yaml",
                "creation_rules:\n  - age: age1notakey\n",
                &["encrypt", "p.yaml"],
            )
            .file("p.yaml", Some(b"a: 1\n".to_vec()))
            .code(5)
            .mentions(".hush.yaml:2:10: invalid recipient `age1notakey`"),
            "invalid recipient in a rule",
        ),
        named(
            case("", "p.yaml", "a: 1\n", &["encrypt", "p.yaml"])
                .env("HUSH_CONFIG", "missing.yaml")
                .code(61)
                .mentions("missing.yaml"),
            "HUSH_CONFIG names a missing file",
        ),
        named(
            case("", "p.yaml", "a: 1\n", &["encrypt", "p.yaml"])
                .file(".hush.yaml", None)
                .code(111)
                .mentions(".hush.yaml"),
            "config is a directory",
        ),
        named(
            case(
                "",
                "keys.bad",
                "AGE-SECRET-KEY-1NOPE\n",
                &["decrypt", "s.yaml"],
            )
            .file("s.yaml", Some(b"a: 1\n".to_vec()))
            .env("SOPS_AGE_KEY_FILE", "keys.bad")
            .code(128)
            .mentions("SOPS_AGE_KEY_FILE"),
            "identity file with a broken key",
        ),
        named(
            case("", "s.yaml", "a: 1\n", &["decrypt", "s.yaml"])
                .file("keydir", None)
                .env("SOPS_AGE_KEY_FILE", "keydir")
                .code(128)
                .mentions("SOPS_AGE_KEY_FILE"),
            "identity file is a directory",
        ),
    ]
}

fn k8s_cases() -> Vec<Case> {
    let validate = |name: &'static str, body: &str| {
        let mut c = case(
            "",
            "ec.yaml",
            body.to_string(),
            &["k8s", "encryption-config", "validate", "ec.yaml"],
        )
        .code(70);
        c.name = name;
        c
    };
    let head =
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n";
    vec![
        validate("encryption config: not yaml", "kind: [\n").code(2),
        validate(
            "encryption config: wrong kind",
            "apiVersion: v1\nkind: Secret\n",
        ),
        validate(
            "encryption config: resources is a map",
            &format!("{head}  secrets: 1\n"),
        ),
        validate(
            "encryption config: no providers",
            &format!("{head}  - resources: [secrets]\n    providers: []\n"),
        ),
        validate(
            "encryption config: short aescbc key",
            &format!(
                "{head}  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: k1\n              secret: c2hvcnQ=\n"
            ),
        ),
        validate(
            "encryption config: secret not base64",
            &format!(
                "{head}  - resources: [secrets]\n    providers:\n      - aesgcm:\n          keys:\n            - name: k1\n              secret: '%%%'\n"
            ),
        ),
        validate("encryption config: billion laughs", &laughs(9)).code(2),
        validate("encryption config: invalid UTF-8", "kind: \u{0}\n").code(2),
    ]
}

/// Every file under `dir` (symlinks by their target), with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).expect("metadata");
        let key = path.display().to_string();
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).expect("link");
            out.insert(key, target.display().to_string().into_bytes());
        } else if meta.is_dir() {
            out.extend(snapshot(&path));
            out.insert(key, b"<dir>".to_vec());
        } else {
            out.insert(key, std::fs::read(&path).expect("read"));
        }
    }
    out
}

fn create(s: &Scratch, name: &str, body: &Option<Vec<u8>>) {
    let path = s.path(name);
    match body {
        None => std::fs::create_dir(&path).expect("mkdir"),
        Some(b) if b.starts_with(b"@") => {
            let target = String::from_utf8(b[1..].to_vec()).expect("utf-8 target");
            std::os::unix::fs::symlink(target, &path).expect("symlink");
        }
        Some(b) => std::fs::write(&path, b).expect("write"),
    }
}

/// Runs one case; returns what went wrong, if anything.
fn check(c: &Case) -> Option<String> {
    let s = Scratch::new();
    for (name, body) in &c.files {
        create(&s, name, body);
    }
    let before = snapshot(s.dir.path());
    let mut cmd = s.hush_cmd(&c.args);
    cmd.current_dir(s.dir.path());
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run hush");
    let code = out.status.code().unwrap_or(-1);
    let err = stderr(&out);
    let mut problems = Vec::new();
    let expected_code = if c.code == -1 { code } else { c.code };
    if code != expected_code || code == 0 || code == 101 {
        problems.push(format!("exit {code}, want {}", c.code));
    }
    if err.contains("panicked") || !err.contains(c.mentions) {
        problems.push(format!("message does not name `{}`", c.mentions));
    }
    let reports = ["k8s", "updatekeys", "rekey"].contains(&c.args[0]);
    if !reports && !out.stdout.is_empty() {
        problems.push("wrote to stdout".into());
    }
    if snapshot(s.dir.path()) != before {
        problems.push("files changed".into());
    }
    (!problems.is_empty())
        .then(|| format!("{}: {}\n    {}", c.name, problems.join("; "), err.trim()))
}

#[test]
fn every_hostile_input_fails_cleanly_and_changes_nothing() {
    let s = Scratch::new();
    let y = String::from_utf8(
        ok(&s.hush(&[
            "encrypt",
            "--age",
            AGE_RECIPIENT,
            s.write(
                "p.yaml",
                "user: admin\npassword: hunter2\nnested:\n  list: [1, true]\n",
            )
            .to_str()
            .expect("utf-8"),
        ]))
        .stdout
        .clone(),
    )
    .expect("utf-8");
    let j = String::from_utf8(
        ok(&s.hush(&[
            "encrypt",
            "--age",
            AGE_RECIPIENT,
            s.write(
                "p.json",
                "{\n  \"user\": \"admin\",\n  \"n\": [1, true]\n}\n",
            )
            .to_str()
            .expect("utf-8"),
        ]))
        .stdout
        .clone(),
    )
    .expect("utf-8");
    let cases: Vec<Case> = [
        sealed_cases(&y, &j),
        plaintext_cases(),
        config_cases(),
        k8s_cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
