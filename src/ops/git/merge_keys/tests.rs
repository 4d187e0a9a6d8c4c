use super::*;
use crate::envelope::cipher::DataKey;
use crate::envelope::walk::IvStash;

const PATH: &str = "secret.enc.yaml";

/// Key material: one data key byte and groups of age recipients (`wrapped` stands for the
/// `enc` field, which differs from one wrapping to the next).
fn keys(key: u8, groups: &[&[&str]], wrapped: &str) -> Opened {
    Opened {
        metadata: Metadata {
            key_groups: groups
                .iter()
                .map(|g| KeyGroup {
                    keys: g
                        .iter()
                        .map(|r| MasterKey::Age {
                            recipient: (*r).into(),
                            enc: format!("{wrapped}-{r}"),
                        })
                        .collect(),
                })
                .collect(),
            shamir_threshold: None,
            lastmodified: String::new(),
            mac: String::new(),
            rule: None,
            mac_only_encrypted: false,
            version: "3.11.0".into(),
        },
        data_key: DataKey::from_slice(&[key; 32]).expect("32 bytes"),
        stash: IvStash::new(),
    }
}

fn chosen(base: &Opened, ours: &Opened, theirs: &Opened) -> Result<KeyChoice> {
    choose(Some(base), ours, theirs, Path::new(PATH))
}

fn refusal(result: Result<KeyChoice>) -> String {
    match result {
        Err(e @ Error::MergeKeys { .. }) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_side_that_changed_the_recipients_wins() {
    let base = keys(1, &[&["r1", "r2"]], "b");
    let revoked = keys(1, &[&["r1"]], "t");
    let edited = keys(1, &[&["r1", "r2"]], "b");
    let choice = chosen(&base, &edited, &revoked).expect("merges");
    assert_eq!(
        choice,
        KeyChoice {
            side: Side::Theirs,
            reason: KeyReason::RecipientsChanged(vec!["- age r2".into()]),
        }
    );
    let granted = keys(1, &[&["r1", "r2", "r3"]], "o");
    let choice = chosen(&base, &granted, &edited).expect("merges");
    assert_eq!(choice.side, Side::Ours);
    assert_eq!(
        choice.reason,
        KeyReason::RecipientsChanged(vec!["+ age r3".into()])
    );
    // A rekey that also removed r2: theirs's new data key wins with its recipients.
    let rekeyed = keys(2, &[&["r1"]], "t");
    assert_eq!(
        chosen(&base, &edited, &rekeyed).expect("merges").side,
        Side::Theirs
    );
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let base = keys(1, &[&["r1", "r2"]], "b");
    let ours = keys(1, &[&["r1"]], "o");
    let theirs = keys(1, &[&["r1"]], "t");
    let choice = chosen(&base, &ours, &theirs).expect("merges");
    assert_eq!((choice.side, choice.reason), (Side::Ours, KeyReason::Same));
    // Both removed r2, theirs with a rekey: the rekeyed side wins.
    let rekeyed = keys(2, &[&["r1"]], "t");
    let choice = chosen(&base, &ours, &rekeyed).expect("merges");
    assert_eq!(
        (choice.side, choice.reason),
        (Side::Theirs, KeyReason::Rekeyed)
    );
}

#[test]
fn recipients_changed_differently_on_both_sides_are_refused() {
    let base = keys(1, &[&["r1", "r2"]], "b");
    let ours = keys(1, &[&["r1", "r2", "r3"]], "o");
    let theirs = keys(1, &[&["r1"]], "t");
    let message = refusal(chosen(&base, &ours, &theirs));
    assert!(
        message.starts_with(&format!(
            "{PATH}: cannot merge its keys: both sides changed its recipients, differently \
             (ours: + age r3; theirs: - age r2); resolve it by hand: keep our version or take \
             theirs (`git checkout --theirs -- {PATH}`)"
        )),
        "{message}"
    );
}

#[test]
fn a_rekey_wins_over_the_old_data_key() {
    let base = keys(1, &[&["r1"]], "b");
    let same = keys(1, &[&["r1"]], "b");
    let rekeyed = keys(2, &[&["r1"]], "t");
    let choice = chosen(&base, &same, &rekeyed).expect("merges");
    assert_eq!(
        (choice.side, choice.reason),
        (Side::Theirs, KeyReason::Rekeyed)
    );
    let choice = chosen(&base, &rekeyed, &same).expect("merges");
    assert_eq!(
        (choice.side, choice.reason),
        (Side::Ours, KeyReason::Rekeyed)
    );
    let other_rekey = keys(3, &[&["r1"]], "o");
    let choice = chosen(&base, &other_rekey, &rekeyed).expect("merges");
    assert_eq!(
        (choice.side, choice.reason),
        (Side::Ours, KeyReason::BothNewKeys)
    );
}

#[test]
fn a_rekey_against_a_recipient_change_under_the_old_key_is_refused() {
    let base = keys(1, &[&["r1", "r2"]], "b");
    let rekeyed = keys(2, &[&["r1", "r2"]], "o");
    let revoked = keys(1, &[&["r1"]], "t");
    let message = refusal(chosen(&base, &rekeyed, &revoked));
    assert!(
        message.contains(
            "ours gave it a new data key (rekey) while theirs changed its recipients (- age r2) under the old one"
        ),
        "{message}"
    );
    // Theirs changed the recipients with a new data key: nothing is undone.
    let rekeyed_revoked = keys(3, &[&["r1"]], "t");
    assert_eq!(
        chosen(&base, &rekeyed, &rekeyed_revoked)
            .expect("merges")
            .side,
        Side::Theirs
    );
}

#[test]
fn without_an_ancestor_ours_wins_only_with_the_same_recipients() {
    let ours = keys(1, &[&["r1"]], "o");
    let theirs = keys(2, &[&["r1"]], "t");
    let choice = choose(None, &ours, &theirs, Path::new(PATH)).expect("merges");
    assert_eq!(
        (choice.side, choice.reason),
        (Side::Ours, KeyReason::BothNewKeys)
    );
    let granted = keys(2, &[&["r1", "r3"]], "t");
    let message = refusal(choose(None, &ours, &granted, Path::new(PATH)));
    assert!(
        message.contains("added on both sides, with different recipients (theirs: + age r3)"),
        "{message}"
    );
}

#[test]
fn groups_and_thresholds_are_part_of_the_recipients() {
    let one = keys(1, &[&["r1", "r2"]], "a");
    let split = keys(1, &[&["r1"], &["r2"]], "b");
    assert!(!same_recipients(&one.metadata, &split.metadata));
    assert_eq!(
        changes(&one.metadata, &split.metadata),
        ["Shamir threshold none to 2"]
    );
    let mut lower = keys(1, &[&["r1"], &["r2"], &["r3"]], "c");
    let all = lower.metadata.clone();
    lower.metadata.shamir_threshold = Some(2);
    assert_eq!(changes(&all, &lower.metadata), ["Shamir threshold 3 to 2"]);
    let swapped = keys(1, &[&["r2"], &["r1"]], "d");
    assert_eq!(
        changes(&split.metadata, &swapped.metadata),
        ["the keys were regrouped (2 to 2 key groups)"]
    );
    // The wrapped keys differ; the recipients do not.
    assert!(same_recipients(
        &keys(1, &[&["r1"]], "x").metadata,
        &keys(2, &[&["r1"]], "y").metadata
    ));
}
