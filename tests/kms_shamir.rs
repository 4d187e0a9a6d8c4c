//! Key groups with a Shamir threshold, byte-compatible with sops: a 3-group, threshold-2
//! file made by the real sops (from a `.sops.yaml` with `key_groups`) opens with hush given
//! any two groups' identities and not with one; the reverse with a file hush makes with
//! `--key-group`/`--shamir-threshold`; and `hush groups add/delete` re-split the data key so
//! that sops still opens the result while the values' ciphertext stays as it was.

mod common;
use common::*;
use std::process::Command;

/// Three age identities (one per group) and their recipients.
struct Keys {
    identities: [String; 3],
    recipients: [String; 3],
}

fn keys() -> Keys {
    let o = run(&mut Command::new(tool("age-keygen", "HUSH_AGE_KEYGEN_BIN")));
    let text = stdout(ok(&o));
    let third = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .expect("identity")
        .to_string();
    let third_recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("recipient")
        .to_string();
    Keys {
        identities: [AGE_IDENTITY.into(), OTHER_IDENTITY.into(), third],
        recipients: [
            AGE_RECIPIENT.into(),
            OTHER_RECIPIENT.into(),
            third_recipient,
        ],
    }
}

/// A key file holding the identities of the groups in `which`.
fn key_file(s: &Scratch, k: &Keys, which: &[usize]) -> std::path::PathBuf {
    let text: String = which
        .iter()
        .map(|&i| format!("{}\n", k.identities[i]))
        .collect();
    let name = format!(
        "keys-{}.txt",
        which.iter().map(|i| i.to_string()).collect::<String>()
    );
    s.write(&name, text)
}

fn hush_with(s: &Scratch, keys: &std::path::Path, args: &[&str]) -> std::process::Output {
    run(s.hush_cmd(args).env("SOPS_AGE_KEY_FILE", keys))
}

fn sops_with(s: &Scratch, keys: &std::path::Path, args: &[&str]) -> std::process::Output {
    run(s.sops_cmd(args).env("SOPS_AGE_KEY_FILE", keys))
}

const PAIRS: [[usize; 2]; 3] = [[0, 1], [0, 2], [1, 2]];

#[test]
fn a_sops_threshold_file_opens_with_any_two_groups_and_not_one() {
    let k = keys();
    let s = Scratch::new();
    let config = format!(
        "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{}]\n      - age: [{}]\n      - age: [{}]\n",
        k.recipients[0], k.recipients[1], k.recipients[2]
    );
    s.write(".sops.yaml", config);
    s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&run(s
        .sops_cmd(&["encrypt", "secret.yaml"])
        .current_dir(s.dir.path())))
    .stdout
    .clone();
    let text = String::from_utf8_lossy(&sealed).into_owned();
    assert!(
        text.contains("shamir_threshold: 2") && text.matches("recipient:").count() == 3,
        "{text}"
    );
    let path = s.write("secret.enc.yaml", &sealed);
    for pair in PAIRS {
        let keys = key_file(&s, &k, &pair);
        let o = hush_with(&s, &keys, &["decrypt", path.to_str().unwrap()]);
        assert_eq!(stdout(ok(&o)), PLAIN_YAML, "groups {pair:?}");
    }
    for one in 0..3 {
        let keys = key_file(&s, &k, &[one]);
        let err = fails_with(
            &hush_with(&s, &keys, &["decrypt", path.to_str().unwrap()]),
            128,
        );
        assert!(err.contains("opened 1 of the 2 key groups needed"), "{err}");
    }
}

#[test]
fn a_hush_threshold_file_opens_with_sops_with_any_two_groups_and_not_one() {
    let k = keys();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&s.hush(&[
        "encrypt",
        "--age",
        &k.recipients[0],
        "--key-group",
        &format!("age={}", k.recipients[1]),
        "--key-group",
        &format!("age={}", k.recipients[2]),
        "--shamir-threshold",
        "2",
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    assert!(String::from_utf8_lossy(&sealed).contains("shamir_threshold: 2"));
    let path = s.write("secret.enc.yaml", &sealed);
    for pair in PAIRS {
        let keys = key_file(&s, &k, &pair);
        let o = sops_with(&s, &keys, &["decrypt", path.to_str().unwrap()]);
        assert_eq!(stdout(ok(&o)), PLAIN_YAML, "groups {pair:?}");
    }
    for one in 0..3 {
        let keys = key_file(&s, &k, &[one]);
        let o = sops_with(&s, &keys, &["decrypt", path.to_str().unwrap()]);
        let err = fails_with(&o, 128);
        assert!(
            err.contains("Failed to get the data key"),
            "group {one}: {err}"
        );
    }
    // Impossible thresholds are refused before anything is written.
    let err = fails_with(
        &s.hush(&[
            "encrypt",
            "--age",
            AGE_RECIPIENT,
            "--key-group",
            &format!("age={OTHER_RECIPIENT}"),
            "--shamir-threshold",
            "3",
            plain.to_str().unwrap(),
        ]),
        8,
    );
    assert!(
        err.contains("between 2 and the number of key groups (2)"),
        "{err}"
    );
    let err = fails_with(
        &s.hush(&[
            "encrypt",
            "--age",
            AGE_RECIPIENT,
            "--shamir-threshold",
            "2",
            plain.to_str().unwrap(),
        ]),
        8,
    );
    assert!(err.contains("needs at least two key groups"), "{err}");
}

/// The `ENC[...]` values of a sealed YAML file (everything before the `sops:` block).
fn values(sealed: &str) -> &str {
    sealed.split("sops:").next().expect("values")
}

#[test]
fn groups_add_and_delete_resplit_the_key_as_sops_does() {
    let k = keys();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let path = s.path("secret.enc.yaml");
    ok(&s.hush(&[
        "encrypt",
        "--age",
        &k.recipients[0],
        "-o",
        path.to_str().unwrap(),
        plain.to_str().unwrap(),
    ]));
    let before = std::fs::read_to_string(&path).expect("read");

    // Add two groups (threshold 2 of 3): needs the first group's identity to open the file.
    let all = key_file(&s, &k, &[0, 1, 2]);
    ok(&hush_with(
        &s,
        &all,
        &[
            "groups",
            "add",
            "-f",
            path.to_str().unwrap(),
            "-i",
            "--age",
            &k.recipients[1],
        ],
    ));
    ok(&hush_with(
        &s,
        &all,
        &[
            "groups",
            "add",
            "-f",
            path.to_str().unwrap(),
            "-i",
            "--age",
            &k.recipients[2],
            "--shamir-threshold",
            "2",
        ],
    ));
    let added = std::fs::read_to_string(&path).expect("read");
    assert!(
        added.contains("key_groups:") && added.contains("shamir_threshold: 2"),
        "{added}"
    );
    assert_eq!(
        values(&added),
        values(&before),
        "values must keep their ciphertext"
    );
    for pair in PAIRS {
        let keys = key_file(&s, &k, &pair);
        assert_eq!(
            stdout(ok(&sops_with(
                &s,
                &keys,
                &["decrypt", path.to_str().unwrap()]
            ))),
            PLAIN_YAML,
            "{pair:?}"
        );
    }

    // Deleting a group keeps threshold 2 of the remaining 2 (groups 1 and 2 here).
    let one_two = key_file(&s, &k, &[1, 2]);
    let o = hush_with(
        &s,
        &one_two,
        &["groups", "delete", "-f", path.to_str().unwrap(), "0"],
    );
    let printed = stdout(ok(&o));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        added,
        "without -i the file stays"
    );
    let deleted = s.write("deleted.enc.yaml", &printed);
    assert_eq!(
        stdout(ok(&sops_with(
            &s,
            &one_two,
            &["decrypt", deleted.to_str().unwrap()]
        ))),
        PLAIN_YAML
    );
    let only_two = key_file(&s, &k, &[2]);
    assert!(
        !sops_with(&s, &only_two, &["decrypt", deleted.to_str().unwrap()])
            .status
            .success()
    );

    // Errors: no such group, a threshold the groups cannot meet, no key for the file.
    let err = fails_with(
        &hush_with(
            &s,
            &all,
            &["groups", "delete", "-f", path.to_str().unwrap(), "7"],
        ),
        8,
    );
    assert!(
        err.contains("there is no key group 7; the file has 3"),
        "{err}"
    );
    let err = fails_with(
        &hush_with(
            &s,
            &all,
            &[
                "groups",
                "delete",
                "-f",
                path.to_str().unwrap(),
                "-i",
                "0",
                "--shamir-threshold",
                "3",
            ],
        ),
        8,
    );
    assert!(
        err.contains("threshold of 3 cannot be met with 2 key groups"),
        "{err}"
    );
    let err = fails_with(
        &hush_with(
            &s,
            &only_two,
            &[
                "groups",
                "add",
                "-f",
                path.to_str().unwrap(),
                "-i",
                "--age",
                AGE_RECIPIENT,
            ],
        ),
        128,
    );
    assert!(err.contains("opened 1 of the 2 key groups needed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        added,
        "failed commands leave the file"
    );
}

#[test]
fn sops_groups_add_output_opens_with_hush() {
    let k = keys();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let path = s.path("secret.enc.yaml");
    ok(&s.hush(&[
        "encrypt",
        "--age",
        &k.recipients[0],
        "-o",
        path.to_str().unwrap(),
        plain.to_str().unwrap(),
    ]));
    let all = key_file(&s, &k, &[0, 1, 2]);
    ok(&sops_with(
        &s,
        &all,
        &[
            "groups",
            "add",
            "--file",
            path.to_str().unwrap(),
            "--in-place",
            "--age",
            &k.recipients[1],
        ],
    ));
    for which in [[0], [1]] {
        let keys = key_file(&s, &k, &which);
        let err = fails_with(
            &hush_with(&s, &keys, &["decrypt", path.to_str().unwrap()]),
            128,
        );
        assert!(err.contains("opened 1 of the 2 key groups needed"), "{err}");
    }
    let both = key_file(&s, &k, &[0, 1]);
    assert_eq!(
        stdout(ok(&hush_with(
            &s,
            &both,
            &["decrypt", path.to_str().unwrap()]
        ))),
        PLAIN_YAML
    );
}
