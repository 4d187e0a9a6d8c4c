//! What the tests of the backends that keep hush's versions next to the value others read
//! (etcd, the OS keyring) share: hush's view of a secret, the server's own view of it (a
//! [`Served`] backend reads it with the server's tool), and the checks made of both.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use super::{fails_with, ok, run, stdout};

/// A secret in a backend under test.
pub trait Served {
    fn reference(&self) -> String;
    /// `hush ARGS` with the store directory `store` (two stores = two machines).
    fn cmd(&self, store: &str, args: &[&str]) -> Command;
    fn audit_log(&self) -> PathBuf;
    /// The value other programs read, as the server's own tool shows it.
    fn in_place(&self) -> Option<String>;
    /// Version `n`'s entry, as the server's own tool shows it.
    fn version_value(&self, n: u64) -> String;
    /// hush's index, as the server's own tool shows it.
    fn index(&self) -> serde_json::Value;
}

pub fn hush(b: &dyn Served, args: &[&str]) -> Output {
    run(&mut b.cmd("store", args))
}

/// `hush secret put REF --value-stdin` with `value`.
pub fn put(b: &dyn Served, value: &str) {
    use std::io::Write;
    let r = b.reference();
    let mut child = b
        .cmd("store", &["secret", "put", &r, "--value-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(value.as_bytes())
        .expect("stdin");
    ok(&child.wait_with_output().expect("put"));
}

pub fn versions(b: &dyn Served) -> Vec<serde_json::Value> {
    let r = b.reference();
    let o = hush(b, &["secret", "versions", &r, "--format", "json"]);
    serde_json::from_str(&stdout(ok(&o))).expect("versions JSON")
}

/// `hush secret get REF --version N`.
pub fn hush_value(b: &dyn Served, n: u64) -> String {
    let r = b.reference();
    stdout(ok(&hush(
        b,
        &["secret", "get", &r, "--version", &n.to_string()],
    )))
}

/// Exactly one version is current, in hush's listing and in the index, and the value in
/// place is its value. Returns its number.
pub fn assert_one_current(b: &dyn Served) -> u64 {
    let list = versions(b);
    let current: Vec<&serde_json::Value> = list.iter().filter(|v| v["current"] == true).collect();
    assert_eq!(current.len(), 1, "{list:?}");
    let n: u64 = current[0]["version"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .expect("numeric version");
    assert_eq!(b.index()["current"], n);
    assert_eq!(b.in_place(), Some(b.version_value(n)));
    n
}

/// `hush audit verify` passes and the log holds none of `values`.
pub fn audit_is_clean(b: &dyn Served, values: &[String]) {
    ok(&hush(b, &["audit", "verify"]));
    let log = std::fs::read_to_string(b.audit_log()).expect("log");
    for v in values {
        assert!(
            !log.contains(v.as_str()),
            "a value leaked into the audit log"
        );
    }
}

/// Put, three rotations, rollback: every version readable through hush and on the server,
/// one current. Returns the four values.
pub fn put_rotate_rollback(b: &dyn Served) -> Vec<String> {
    let r = b.reference();
    put(b, "one");
    for _ in 0..3 {
        ok(&hush(b, &["rotate", &r, "--generate", "base64:12"]));
    }
    assert_eq!(assert_one_current(b), 4);
    let values: Vec<String> = (1..=4).map(|n| b.version_value(n)).collect();
    assert_eq!(values[0], "one");
    for (i, v) in values.iter().enumerate() {
        assert_eq!(
            &hush_value(b, i as u64 + 1),
            v,
            "hush reads what the server stored"
        );
    }
    assert_eq!(stdout(ok(&hush(b, &["secret", "get", &r]))), values[3]);
    ok(&hush(b, &["rollback", &r]));
    assert_eq!(assert_one_current(b), 3, "rollback moves the index back");
    assert_eq!(b.in_place().as_deref(), Some(values[2].as_str()));
    for (i, v) in values.iter().enumerate() {
        assert_eq!(&b.version_value(i as u64 + 1), v, "no version lost");
    }
    values
}

/// `rotate --stage-only` leaves the value in place; the next `rotate` promotes the staged
/// version.
pub fn stage_then_finish(b: &dyn Served, from: u64) {
    let r = b.reference();
    let o = hush(b, &["rotate", &r, "--stage-only"]);
    let to = from + 1;
    assert!(
        stdout(ok(&o)).contains(&format!("staged version {to}")),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        b.in_place(),
        Some(b.version_value(from)),
        "others still read v{from}"
    );
    assert_eq!(b.index()["current"], from);
    let o = hush(b, &["rotate", &r]);
    assert!(
        stdout(ok(&o)).contains(&format!(
            "finished an interrupted rotation, version {from} -> {to}"
        )),
        "{}",
        stdout(&o)
    );
    assert_eq!(assert_one_current(b), to);
}

/// After a put: two machines one after the other (A stages, B rotates, A's promotion
/// loses with 81 and its version stays, abandoned), then four rotators at once. Every
/// version stays readable, one is current.
pub fn racing_rotators(b: &dyn Served) {
    let r = b.reference();
    ok(&run(&mut b.cmd("a", &["rotate", &r, "--stage-only"])));
    ok(&run(&mut b.cmd("b", &["rotate", &r])));
    let err = fails_with(&run(&mut b.cmd("a", &["rotate", &r])), 81);
    assert!(err.contains("conflict"), "{err}");
    assert_eq!(b.index()["versions"][1]["state"], "abandoned");
    assert_eq!(assert_one_current(b), 3);

    let children: Vec<_> = (0..4)
        .map(|i| {
            b.cmd(&format!("store{i}"), &["rotate", &r])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    let won = outputs.iter().filter(|o| o.status.success()).count();
    assert!(won >= 1);
    for o in outputs.iter().filter(|o| !o.status.success()) {
        fails_with(o, 81);
    }
    let index = b.index();
    let recorded = index["versions"].as_array().expect("versions");
    let promoted = recorded.iter().filter(|v| v["state"] == "promoted").count();
    assert_eq!(
        promoted,
        won + 2,
        "the put's, B's and every winner's version were promoted"
    );
    assert!(
        recorded.iter().all(|v| v["state"] != "staged"),
        "{recorded:?}"
    );
    for v in recorded {
        let n = v["version"].as_u64().expect("number");
        assert_eq!(hush_value(b, n), b.version_value(n));
    }
    assert_one_current(b);
    ok(&hush(b, &["audit", "verify"]));
}

/// A value another tool wrote between `rotate --stage-only` and `rotate` (`write` does it):
/// the promotion fails with 81, the value stays in place and becomes the next version.
pub fn outside_write_beats_a_staged_rotation(b: &dyn Served, write: &dyn Fn(&str)) {
    let r = b.reference();
    let before = assert_one_current(b);
    ok(&hush(b, &["rotate", &r, "--stage-only"]));
    let staged = before as usize; // index position of the staged version
    assert_eq!(b.index()["versions"][staged]["state"], "staged");
    write("external");
    let list = versions(b);
    assert_eq!(list.last().expect("entry")["state"], "external");
    let err = fails_with(&hush(b, &["rotate", &r]), 81);
    assert!(err.contains("conflict"), "{err}");
    assert_eq!(b.in_place().as_deref(), Some("external"));
    assert_eq!(b.index()["versions"][staged]["state"], "abandoned");
    assert_eq!(assert_one_current(b), before + 2);
    assert_eq!(b.version_value(before + 2), "external");
    ok(&hush(b, &["rotate", &r]));
    assert_eq!(assert_one_current(b), before + 3);
}

/// Rotations killed at different points (the kill comes 0, 4, 8, … ms after the start),
/// each followed by a `hush rotate` that finishes or undoes it. After each: one version is
/// current and in place; at the end every recorded version is readable on the server and
/// through hush.
pub fn killed_rotations(b: &dyn Served) {
    let r = b.reference();
    for i in 0..8u64 {
        let mut child = b
            .cmd("store", &["rotate", &r])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(i * 4));
        let _ = child.kill();
        child.wait().expect("wait");
        ok(&hush(b, &["rotate", &r]));
        assert_one_current(b);
    }
    let index = b.index();
    for v in index["versions"].as_array().expect("versions") {
        let n = v["version"].as_u64().expect("number");
        assert_eq!(hush_value(b, n), b.version_value(n));
    }
    ok(&hush(b, &["audit", "verify"]));
}
