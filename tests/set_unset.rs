//! `hush set` and `hush unset` through the built binary: only the touched value (or the
//! removed lines), `lastmodified` and `mac` change in the sealed file, every format, and the
//! real sops binary opens the result to the expected values.

mod common;
use common::*;
use std::path::Path;

const YAML: &str = "# service config\ndb:\n  user: admin\n  tls: true\n  password: hunter2 # rotate me\n  hosts:\n    - alpha\n    - beta\napi_key: 'k-123'\n";

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read")
}

/// Runs hush and asserts success; returns the file before and after.
fn change(s: &Scratch, file: &Path, args: &[&str]) -> (String, String) {
    let before = read(file);
    let mut full: Vec<&str> = args.to_vec();
    full.insert(1, file.to_str().unwrap());
    ok(&s.hush(&full));
    (before, read(file))
}

#[test]
fn set_replaces_one_yaml_value_and_keeps_every_other_ciphertext() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", YAML);
    let (before, after) = change(
        &s,
        &f,
        &["set", r#"["db"]["password"]"#, r#""correct horse""#],
    );
    assert_changes(&before, &after, &["password: ENC["], &["password: ENC["]);
    assert_eq!(s.sops_extract(&f, r#"["db"]["password"]"#), "correct horse");
    assert_eq!(s.sops_extract(&f, r#"["db"]["user"]"#), "admin");
}

#[test]
fn set_adds_missing_keys_as_new_lines_only() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", YAML);
    let (before, after) = change(&s, &f, &["set", r#"["db"]["port"]"#, "5432"]);
    assert_changes(&before, &after, &[], &["port: ENC["]);
    let (before, after) = change(&s, &f, &["set", r#"["cache"]["ttl"]"#, r#""1h""#]);
    assert_changes(&before, &after, &[], &["cache:", "ttl: ENC["]);
    let (before, after) = change(&s, &f, &["set", r#"["db"]["hosts"][2]"#, r#""gamma""#]);
    assert_changes(&before, &after, &[], &["- ENC["]);
    assert_eq!(s.sops_extract(&f, r#"["db"]["port"]"#), "5432\n");
    assert_eq!(s.sops_extract(&f, r#"["cache"]["ttl"]"#), "1h");
    assert_eq!(s.sops_extract(&f, r#"["db"]["hosts"][2]"#), "gamma");
    let plain = stdout(ok(&s.hush(&["decrypt", f.to_str().unwrap()])));
    assert_eq!(
        plain,
        YAML.replace("    - beta\n", "    - beta\n    - gamma\n  port: 5432\n")
            + "cache:\n  ttl: 1h\n"
    );
}

#[test]
fn files_sops_wrote_change_minimally_too() {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", YAML);
    let sealed = ok(&s.sops(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
        .stdout
        .clone();
    std::fs::remove_file(&plain).unwrap();
    let f = s.write("s.yaml", sealed);
    let (before, after) = change(&s, &f, &["set", r#"["db"]["user"]"#, r#""root""#]);
    assert_changes(&before, &after, &["user: ENC["], &["user: ENC["]);
    let (before, after) = change(&s, &f, &["unset", r#"["db"]["hosts"][1]"#]);
    assert_changes(&before, &after, &["- ENC["], &[]);
    let (before, after) = change(&s, &f, &["set", r#"["db"]["new"]"#, "true"]);
    assert_changes(&before, &after, &[], &["new: ENC["]);
    assert_eq!(s.sops_extract(&f, r#"["db"]["user"]"#), "root");
    assert_eq!(s.sops_extract(&f, r#"["db"]["new"]"#), "true\n");
    assert_eq!(s.sops_extract(&f, r#"["db"]["hosts"]"#), "- alpha\n");
}

#[test]
fn setting_the_same_value_leaves_the_file_untouched() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", YAML);
    let before = std::fs::read(&f).unwrap();
    let out = s.hush(&[
        "set",
        f.to_str().unwrap(),
        r#"["db"]["user"]"#,
        r#""admin""#,
    ]);
    ok(&out);
    assert_eq!(
        stderr(&out),
        format!(
            "hush: {}: [\"db\"][\"user\"] already holds this value; the file was not rewritten\n",
            f.display()
        )
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
    // --idempotent is accepted for sops compatibility and changes nothing.
    ok(&s.hush(&[
        "set",
        "--idempotent",
        f.to_str().unwrap(),
        r#"["db"]["user"]"#,
        r#""admin""#,
    ]));
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn unset_removes_only_the_lines_of_the_value() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", YAML);
    let (before, after) = change(&s, &f, &["unset", r#"["db"]["hosts"][0]"#]);
    assert_changes(&before, &after, &["- ENC["], &[]);
    let (before, after) = change(&s, &f, &["unset", r#"["api_key"]"#]);
    assert_changes(&before, &after, &["api_key: 'ENC["], &[]);
    assert_eq!(s.sops_extract(&f, r#"["db"]["hosts"][0]"#), "beta");
    let missing = s.sops(&[
        "decrypt",
        "--extract",
        r#"["api_key"]"#,
        f.to_str().unwrap(),
    ]);
    assert!(!missing.status.success());
    assert_eq!(
        stdout(ok(&s.hush(&["decrypt", f.to_str().unwrap()]))),
        YAML.replace("    - alpha\n", "")
            .replace("api_key: 'k-123'\n", "")
    );
}

/// Set an existing value, add a key, remove a key: in each format, line diffs and sops.
fn flat_format(name: &str, plain: &str, existing: &str, new: &str, gone: &str) {
    let s = Scratch::new();
    let f = s.seal(name, plain);
    let key = |path: &str| {
        path.rsplit("[\"")
            .next()
            .unwrap()
            .trim_end_matches("\"]")
            .to_string()
    };
    let (before, after) = change(&s, &f, &["set", existing, r#""changed""#]);
    let (r, a) = changed_lines(&before, &after);
    assert_eq!((r.len(), a.len()), (1, 1), "{name}: {r:?} {a:?}");
    assert!(
        a[0].contains(&key(existing)) && a[0].contains("ENC["),
        "{name}: {a:?}"
    );
    let (before, after) = change(&s, &f, &["set", new, r#""added""#]);
    let (r, a) = without_new_commas(changed_lines(&before, &after));
    assert_eq!((r.len(), a.len()), (0, 1), "{name}: {r:?} {a:?}");
    assert!(a[0].contains(&key(new)), "{name}: {a:?}");
    let (before, after) = change(&s, &f, &["unset", gone]);
    let (r, a) = changed_lines(&before, &after);
    assert_eq!((r.len(), a.len()), (1, 0), "{name}: {r:?} {a:?}");
    assert!(r[0].contains(&key(gone)), "{name}: {r:?}");
    assert_eq!(s.sops_extract(&f, existing), "changed", "{name}");
    assert_eq!(s.sops_extract(&f, new), "added", "{name}");
    let out = s.sops(&["decrypt", "--extract", gone, f.to_str().unwrap()]);
    assert!(!out.status.success(), "{name}: {gone} still there");
}

/// A JSON member appended after another gives that one a comma: not a change of value.
fn without_new_commas((r, a): (Vec<String>, Vec<String>)) -> (Vec<String>, Vec<String>) {
    let gained: Vec<String> = r
        .iter()
        .filter(|old| a.contains(&format!("{old},")))
        .cloned()
        .collect();
    let a = a
        .into_iter()
        .filter(|l| !gained.iter().any(|old| *l == format!("{old},")))
        .collect();
    let r = r.into_iter().filter(|old| !gained.contains(old)).collect();
    (r, a)
}

#[test]
fn json_set_and_unset() {
    flat_format(
        "s.json",
        "{\n  \"user\": \"admin\",\n  \"password\": \"hunter2\",\n  \"nested\": {\n    \"a\": 1\n  },\n  \"extra\": true\n}\n",
        r#"["password"]"#,
        r#"["nested"]["b"]"#,
        r#"["extra"]"#,
    );
}

#[test]
fn dotenv_set_and_unset() {
    flat_format(
        "s.env",
        "# app\nUSER=admin\nPASSWORD=hunter2\n\nEXTRA=1\n",
        r#"["PASSWORD"]"#,
        r#"["TOKEN"]"#,
        r#"["EXTRA"]"#,
    );
}

#[test]
fn ini_set_and_unset() {
    flat_format(
        "s.ini",
        "[db]\nuser = admin\npassword = hunter2\nextra = 1\n\n[api]\nkey = k-123\n",
        r#"["db"]["password"]"#,
        r#"["api"]["token"]"#,
        r#"["db"]["extra"]"#,
    );
}

#[test]
fn dotenv_values_are_stored_as_text() {
    let s = Scratch::new();
    let f = s.seal("s.env", "A=1\n");
    ok(&s.hush(&["set", f.to_str().unwrap(), r#"["PORT"]"#, "5432"]));
    assert!(read(&f).contains("type:str"));
    assert_eq!(s.sops_extract(&f, r#"["PORT"]"#), "5432");
}

#[test]
fn values_come_from_stdin_a_file_or_as_plain_strings() {
    use std::io::Write;
    let s = Scratch::new();
    let f = s.seal("s.yaml", YAML);
    let file = f.to_str().unwrap();
    let mut child = s
        .hush_cmd(&["set", "--value-stdin", file, r#"["from_stdin"]"#])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"k": [1, "two"]}"#)
        .unwrap();
    ok(&child.wait_with_output().unwrap());
    let value_file = s.write("value.txt", "not json: kept as is\n");
    ok(&s.hush(&[
        "set",
        "--string",
        "--value-file",
        value_file.to_str().unwrap(),
        file,
        r#"["from_file"]"#,
    ]));
    ok(&s.hush(&["set", "--string", file, r#"["raw"]"#, "bare words"]));
    assert_eq!(s.sops_extract(&f, r#"["from_stdin"]["k"][1]"#), "two");
    assert_eq!(
        s.sops_extract(&f, r#"["from_file"]"#),
        "not json: kept as is\n"
    );
    assert_eq!(s.sops_extract(&f, r#"["raw"]"#), "bare words");
}

#[test]
fn exactly_one_value_source() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", YAML);
    let before = std::fs::read(&f).unwrap();
    let file = f.to_str().unwrap();
    let none = s.hush(&["set", file, r#"["a"]"#]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("the following required arguments were not provided"));
    let two = s.hush(&["set", "--value-stdin", file, r#"["a"]"#, r#""x""#]);
    assert_eq!(two.status.code(), Some(2));
    assert!(
        stderr(&two).contains("cannot be used with"),
        "{}",
        stderr(&two)
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn bad_paths_and_values_have_sops_exit_codes_and_exact_messages() {
    let s = Scratch::new();
    let f = s.seal("s.yaml", YAML);
    let before = std::fs::read(&f).unwrap();
    let file = f.to_str().unwrap();
    let cases: [(&[&str], i32, String); 6] = [
        (
            &["set", file, "db.password", r#""x""#],
            7,
            "hush: invalid path `db.password`: each step must start with `[`; expected a form like '[\"key\"][\"sub\"][0]'\n".into(),
        ),
        (
            &["unset", file, r#"["db"#],
            7,
            "hush: invalid path `[\"db`: unterminated quoted key; expected a form like '[\"key\"][\"sub\"][0]'\n".into(),
        ),
        (
            &["set", file, r#"["db"]"#, "hunter3"],
            7,
            "hush: invalid value: it is not JSON (expected value); quote strings as JSON ('\"text\"') or pass --string to store the text as it is\n".into(),
        ),
        (
            &["unset", file, r#"["db"]["nope"]"#],
            91,
            format!("hush: {file}: the path [\"db\"][\"nope\"] does not exist in the file\n"),
        ),
        (
            &["set", file, r#"["db"]["hosts"]["x"]"#, "1"],
            91,
            format!("hush: {file}: cannot set [\"db\"][\"hosts\"][\"x\"]: step 3 of the path ([\"x\"]) is a key, but the value there is a list; use an index like [0]\n"),
        ),
        (
            &["set", "missing.yaml", r#"["a"]"#, "1"],
            100,
            "hush: missing.yaml: file not found\n".into(),
        ),
    ];
    for (args, code, message) in cases {
        let out = s.hush(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), message, "{args:?}");
    }
    // --idempotent turns a missing path into success.
    ok(&s.hush(&["unset", "--idempotent", file, r#"["db"]["nope"]"#]));
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

/// A sealed YAML file that holds no key (only `sops:`) — sealed from `{}`, or after its last
/// key was unset: it decrypts to `{}` as with sops, and `set` adds its first key. (Found by
/// fuzzing: both used to panic.)
#[test]
fn a_sealed_file_without_keys_opens_to_an_empty_map_and_takes_new_keys() {
    let s = Scratch::new();
    let file = s.seal("e.yaml", "{}\n");
    let f = file.to_str().unwrap();
    assert!(read(&file).starts_with("sops:"), "{}", read(&file));
    assert_eq!(stdout(ok(&s.hush(&["decrypt", f]))), "{}\n");
    assert_eq!(stdout(ok(&s.sops(&["decrypt", f]))), "{}\n");
    ok(&s.hush(&["set", f, "[\"token\"]", "\"t-1\""]));
    assert!(read(&file).starts_with("token: ENC["), "{}", read(&file));
    assert_eq!(s.sops_extract(&file, "[\"token\"]"), "t-1");
    ok(&s.hush(&["unset", f, "[\"token\"]"]));
    assert_eq!(stdout(ok(&s.hush(&["decrypt", f]))), "{}\n");
    assert_eq!(stdout(ok(&s.sops(&["decrypt", f]))), "{}\n");
}

/// A sealed file reached through a symlink (a shared file linked into several places) is
/// written through, as sops does: the link stays a link and the file it points at changes.
#[test]
fn set_through_a_symlink_changes_the_file_it_points_at() {
    let s = Scratch::new();
    let f = s.seal("shared.yaml", YAML);
    let link = s.path("link.yaml");
    std::os::unix::fs::symlink(&f, &link).expect("symlink");
    ok(&s.hush(&[
        "set",
        link.to_str().unwrap(),
        r#"["api_key"]"#,
        r#""k-456""#,
    ]));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(s.sops_extract(&f, r#"["api_key"]"#), "k-456");
}
