//! `hush secret`, `hush rotate`, `hush rollback` and `hush audit verify` with the embedded
//! local store, through the built binary. Version files are also opened with the real sops
//! to show the store holds ordinary sealed files.

mod common;

use std::process::{Output, Stdio};

use common::local_store::Store;
use common::{MEETING_GENERATOR, ok, stderr, stdout};

const REF: &str = "local:app/db";
const FIRST: &str = "first-value-Zq81";

#[test]
fn put_three_rotations_rollback_and_every_version_readable() {
    let st = Store::new(REF, "");
    st.put(FIRST);
    for _ in 0..3 {
        ok(&st.hush(&["rotate", REF, "--generate", "hex:16"]));
    }
    let versions = st.versions();
    let ids: Vec<&str> = versions
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    for v in &versions {
        assert!(v["created"].as_str().is_some_and(|c| c.contains('T')));
        let want = if v["current"] == true {
            "current"
        } else {
            "retained"
        };
        assert_eq!(v["state"], want);
    }
    assert_eq!(st.current(), "4");
    let values: Vec<String> = ids.iter().map(|v| st.get(Some(v))).collect();
    assert_eq!(values[0], FIRST);
    for v in &values[1..] {
        assert_eq!(v.len(), 32, "hex:16 is 32 hex digits");
    }
    assert_eq!(st.get(None), values[3]);

    // Each version is an ordinary sealed file: the real sops opens it.
    let v2 = st.s.path("store/app/db/v2.json");
    let o = st.s.sops(&[
        "decrypt",
        "--input-type",
        "binary",
        "--output-type",
        "binary",
        v2.to_str().unwrap(),
    ]);
    assert_eq!(stdout(ok(&o)), values[1]);

    ok(&st.hush(&["rollback", REF]));
    assert_eq!(st.current(), "3");
    assert_eq!(st.get(None), values[2]);
    ok(&st.hush(&["rollback", REF, "--to", "1"]));
    assert_eq!(st.current(), "1");
    assert_eq!(st.get(None), FIRST);
    assert_eq!(st.versions().len(), 4, "rollback keeps every version");

    let verify = st.hush(&["audit", "verify"]);
    assert!(
        stdout(ok(&verify)).contains("6 entries"),
        "{}",
        stdout(&verify)
    );
    let log = std::fs::read_to_string(st.log()).expect("log");
    for v in &values {
        assert!(
            !log.contains(v.as_str()),
            "the audit log holds a secret value"
        );
    }
    for op in ["\"put\"", "\"rotate\"", "\"rollback\""] {
        assert!(log.contains(op), "{op} missing from the log");
    }

    let edited = log.replacen("\"to\":\"3\"", "\"to\":\"2\"", 1);
    assert_ne!(edited, log);
    std::fs::write(st.log(), edited).expect("edit log");
    let o = st.hush(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(82), "{}", stderr(&o));
    assert!(stderr(&o).contains("line "), "{}", stderr(&o));
}

#[test]
fn a_staged_rotation_left_in_the_journal_is_finished_by_the_next_rotate() {
    let st = Store::new(REF, "");
    st.put(FIRST);
    let o = st.hush(&["rotate", REF, "--stage-only"]);
    assert!(
        stdout(ok(&o)).contains("staged version 2"),
        "{}",
        stdout(&o)
    );
    let journal_dir = st.s.path("store/.journal");
    let journals = || {
        std::fs::read_dir(&journal_dir)
            .expect("journal dir")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .count()
    };
    assert_eq!(journals(), 1, "the journal stays until promotion");
    assert_eq!(st.current(), "1");
    assert_eq!(st.versions()[1]["state"], "staged");
    let staged = st.get(Some("2"));
    assert_eq!(st.get(None), FIRST);

    let o = st.hush(&["rotate", REF]);
    assert!(
        stdout(ok(&o)).contains("finished an interrupted rotation, version 1 -> 2"),
        "{}",
        stdout(&o)
    );
    assert_eq!(journals(), 0);
    assert_eq!(st.current(), "2");
    assert_eq!(st.get(None), staged, "the staged value, not a new one");
    assert_eq!(st.versions().len(), 2);
    ok(&st.hush(&["audit", "verify"]));
}

#[test]
fn concurrent_rotations_one_wins_the_others_fail_with_a_conflict() {
    let st = Store::new(REF, "");
    st.put(FIRST);
    let children: Vec<_> = (0..4)
        .map(|_| {
            st.cmd(&["rotate", REF])
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
    assert!(won >= 1, "at least one rotation wins");
    for o in outputs.iter().filter(|o| !o.status.success()) {
        assert_eq!(o.status.code(), Some(81), "{}", stderr(o));
        assert!(stderr(o).contains("conflict"), "{}", stderr(o));
    }
    let versions = st.versions();
    assert_eq!(
        versions.len(),
        1 + won,
        "one new version per winner, none lost: {versions:?}"
    );
    st.current();
    for v in &versions {
        st.get(Some(v["version"].as_str().unwrap()));
    }
    ok(&st.hush(&["audit", "verify"]));
}

#[test]
fn bad_references_generators_and_unknown_versions_fail_clearly() {
    let st = Store::new(REF, "");
    let o = st.hush(&["rotate", "gcp-sm:p1/db"]);
    assert_eq!(o.status.code(), Some(8), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "hush: bad secret reference `gcp-sm:p1/db`: expected gcp-sm:projects/PROJECT/secrets/SECRET\n"
    );
    let o = st.hush(&["secret", "put", REF, "--generate", "password:0"]);
    assert_eq!(o.status.code(), Some(8), "{}", stderr(&o));
    let o = st.hush(&["secret", "get", REF]);
    assert_eq!(o.status.code(), Some(80), "{}", stderr(&o));
    st.put(FIRST);
    let o = st.hush(&["secret", "get", REF, "--version", "7"]);
    assert_eq!(o.status.code(), Some(80), "{}", stderr(&o));
    let o = st.hush(&["rotate", REF, "--dry-run"]);
    assert!(stdout(ok(&o)).contains("would rotate"));
    assert_eq!(st.versions().len(), 1, "--dry-run changes nothing");
}

#[test]
fn a_journal_with_nothing_staged_is_undone_and_a_dead_rotators_lock_taken_over() {
    use hush::rotation::journal::{Journal, Record};
    let st = Store::new(REF, "");
    st.put(FIRST);
    let journal = Journal::new(&st.s.path("store/.journal"), REF);
    journal
        .save(&Record {
            reference: REF.into(),
            from: "1".into(),
            to: None,
            started: "2026-01-01T00:00:00Z".into(),
        })
        .expect("journal");
    // A lock whose owner is not running (a pid beyond any pid_max), as a killed rotator leaves.
    std::fs::write(journal.path().with_extension("lock"), "2147483646").expect("lock");
    let o = st.hush(&["rotate", REF]);
    assert!(
        stdout(ok(&o)).contains("undid an interrupted rotation"),
        "{}",
        stdout(&o)
    );
    assert!(!journal.path().exists());
    assert!(!journal.path().with_extension("lock").exists());
    assert_eq!(st.current(), "1");
    assert_eq!(st.versions().len(), 1);
    ok(&st.hush(&["rotate", REF]));
    assert_eq!(st.current(), "2");
}

#[test]
fn put_takes_a_file_or_a_generator_and_each_put_is_a_new_version() {
    let st = Store::new(REF, "");
    let file = st.s.write("value.txt", "from-a-file\n");
    ok(&st.hush(&["secret", "put", REF, "--value-file", file.to_str().unwrap()]));
    assert_eq!(st.get(None), "from-a-file\n", "the file as is");
    ok(&st.hush(&["secret", "put", REF, "--generate", "uuid"]));
    assert_eq!(st.current(), "2");
    assert_eq!(st.get(None).len(), 36);
    assert_eq!(st.get(Some("1")), "from-a-file\n");
    let o = st.hush(&["secret", "put", REF]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a value source is required: {}",
        stderr(&o)
    );
}

#[test]
fn many_references_rotate_concurrently_report_in_order_and_a_failure_stops_none() {
    let st = Store::new(REF, "");
    let names: Vec<String> = (0..16).map(|i| format!("local:many/s{i:02}")).collect();
    for name in &names {
        ok(&st.hush(&["secret", "put", name, "--generate", "hex:8"]));
    }
    // In the middle a secret that does not exist, and one secret named twice.
    let mut refs: Vec<&str> = names.iter().map(String::as_str).collect();
    refs.insert(8, "local:many/missing");
    refs.push(&names[3]);
    let meet = st.s.path("meet");
    std::fs::create_dir(&meet).unwrap();
    let mut args = vec!["rotate", "--jobs", "4", "--generate", MEETING_GENERATOR];
    args.extend(&refs);
    let o = st
        .cmd(&args)
        .env("HUSH_TEST_MEET", &meet)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(80), "{}", stderr(&o));
    assert!(stderr(&o).contains("local:many/missing"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("alone"), "{}", stderr(&o));

    // One line per rotation, in the order named; the secret named twice rotated twice.
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let expected: Vec<&str> = refs
        .iter()
        .copied()
        .filter(|r| !r.ends_with("missing"))
        .collect();
    assert_eq!(lines.len(), expected.len(), "{out}");
    for (line, reference) in lines.iter().zip(&expected) {
        assert!(
            line.starts_with(&format!("{reference}: rotated, version ")),
            "{out}"
        );
    }
    let twice: Vec<&&str> = lines.iter().filter(|l| l.starts_with(&names[3])).collect();
    assert_ne!(
        twice[0], twice[1],
        "the second rotation starts where the first ended"
    );

    for name in &names {
        let expected = if *name == names[3] { 3 } else { 2 };
        let o = st.hush(&["secret", "versions", name, "--format", "json"]);
        let versions: Vec<serde_json::Value> = serde_json::from_str(&stdout(ok(&o))).unwrap();
        assert_eq!(versions.len(), expected, "{name}: {versions:?}");
    }

    // The audit log: intact, one rotate entry per rotation (the failure included).
    ok(&st.hush(&["audit", "verify"]));
    let log = std::fs::read_to_string(st.log()).unwrap();
    let rotations: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["op"] == "rotate")
        .collect();
    assert_eq!(rotations.len(), refs.len(), "{log}");
    for reference in &refs {
        let n = rotations
            .iter()
            .filter(|e| e["reference"] == *reference)
            .count();
        let expected = if *reference == names[3] { 2 } else { 1 };
        assert_eq!(n, expected, "{reference} in {log}");
    }
    let failed: Vec<_> = rotations.iter().filter(|e| e["outcome"] != "ok").collect();
    assert_eq!(failed.len(), 1, "{log}");
    assert_eq!(failed[0]["reference"], "local:many/missing");
}
