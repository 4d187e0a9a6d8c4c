//! hush's OS keyring entry (service `hush`, user `age-identity`) holding age identity text,
//! and access to any entry for the `keyring:` rotation backend ([`entry_for`]).
//!
//! # Where the key ends up, and for how long
//!
//! hush builds the `keyring` crate (v3) with only its `linux-native` feature, so on Linux the
//! entry lives in the **kernel key-retention service** (keyutils), in kernel memory, never
//! on disk:
//!
//! * it is a `user`-type key described as `keyring-rs:age-identity@hush`;
//! * it is added to the process's **session keyring** (`@s`) and linked into the user's
//!   **persistent keyring** (`_persistent.<uid>`). The session keyring of a hush process
//!   goes away when hush exits (unless hush runs inside a login session's keyring); the
//!   persistent keyring keeps the key. Each later access links the key back into the
//!   current session keyring and resets the persistent keyring's expiry timer;
//! * the persistent keyring expires after `/proc/sys/kernel/keys/persistent_keyring_expiry`
//!   seconds without any access (259200 s, i.e. 3 days, on the development machine); then
//!   the key is gone unless a live session keyring still links it;
//! * nothing survives a reboot.
//!
//! A process without a session keyring of its own (a container shell, CI, cron, `ssh`
//! without `pam_keyinit`) falls back to the shared user-session keyring `_uid_ses.<uid>`.
//! There, as measured on the development machine (kernel 6.18, root in a container), the
//! crate's link into the persistent keyring is refused with `EACCES`, which the crate
//! reports as "no entry": every store fails after leaving a stray key in `_uid_ses.<uid>`, and
//! every read finds nothing. hush therefore first asks the kernel for the session keyring
//! with "create" set ([`ensure_session_keyring`]). That gives the process a private session
//! keyring when it has none, and changes nothing inside a normal login session. After
//! that, store and read work, and the key lives in `_persistent.<uid>` as described above.
//!
//! Inspect it with `keyctl session - keyctl show %:_persistent.$(id -u)` (or `keyctl show @s`
//! in a login session). Remove it with [`delete_from_keyring`].
//!
//! On other platforms this build has no keyring backend (the crate falls back to an
//! in-memory mock). [`store_in_keyring`] refuses to pretend it stored anything there, and
//! lookups simply find no entry.

use keyring::Entry;
use keyring::credential::CredentialPersistence;
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;

pub const SERVICE: &str = "hush";
pub const USER: &str = "age-identity";
/// How the entry is named in discovery reports.
pub const SOURCE_NAME: &str = "OS keyring (service hush, user age-identity)";

/// Stores identity text (one or more `AGE-SECRET-KEY-1…` lines) in the OS keyring entry,
/// replacing what was there.
pub fn store_in_keyring(secret: &SecretString) -> Result<(), Error> {
    store_in(&entry()?, secret)
}

/// Reads the OS keyring entry: `Ok(None)` when there is none.
pub fn load_from_keyring() -> Result<Option<SecretString>, Error> {
    load_from(&entry()?)
}

/// Removes the OS keyring entry; `Ok(false)` when there was none.
pub fn delete_from_keyring() -> Result<bool, Error> {
    delete_from(&entry()?)
}

fn entry() -> Result<Entry, Error> {
    entry_for(SERVICE, USER).map_err(Error::Keyring)
}

/// The entry `user` of `service`, after making sure this process has a session keyring
/// (see the module doc). The error is the keyring's reason, without any stored bytes.
pub(crate) fn entry_for(service: &str, user: &str) -> Result<Entry, String> {
    ensure_session_keyring();
    Entry::new(service, user).map_err(reason)
}

/// Gives this process a session keyring if it has none (see the module doc). Failure is
/// ignored: the entry operations then report the keyring's own error.
#[cfg(target_os = "linux")]
fn ensure_session_keyring() {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    let _ = KeyRing::from_special_id(KeyRingIdentifier::Session, true);
}

#[cfg(not(target_os = "linux"))]
fn ensure_session_keyring() {}

/// Whether this build stores entries anywhere that outlives the process.
pub(crate) fn has_real_backend() -> bool {
    !matches!(
        keyring::default::default_credential_builder().persistence(),
        CredentialPersistence::EntryOnly | CredentialPersistence::ProcessOnly
    )
}

pub(super) fn store_in(entry: &Entry, secret: &SecretString) -> Result<(), Error> {
    let parsed =
        super::text::parse(secret.expose_secret()).map_err(|reason| Error::BadIdentity {
            source_name: "the identity to store".into(),
            reason,
        })?;
    if parsed.identities.is_empty() {
        return Err(Error::BadIdentity {
            source_name: "the identity to store".into(),
            reason: "it contains no AGE-SECRET-KEY-1… identity".into(),
        });
    }
    if !has_real_backend() {
        return Err(Error::Keyring(
            "this build of hush has no OS keyring backend for this platform".into(),
        ));
    }
    entry.set_password(secret.expose_secret()).map_err(describe)
}

pub(super) fn load_from(entry: &Entry) -> Result<Option<SecretString>, Error> {
    match entry.get_password() {
        Ok(text) => Ok(Some(SecretString::from(text))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(describe(e)),
    }
}

pub(super) fn delete_from(entry: &Entry) -> Result<bool, Error> {
    match entry.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(describe(e)),
    }
}

/// Keyring errors without their payloads (`BadEncoding` carries the stored bytes).
fn describe(e: keyring::Error) -> Error {
    Error::Keyring(reason(e))
}

/// A keyring error's text without its payload.
pub(crate) fn reason(e: keyring::Error) -> String {
    match e {
        keyring::Error::BadEncoding(_) => "the stored entry is not UTF-8 text".into(),
        keyring::Error::NoEntry => "there is no entry".into(),
        keyring::Error::Ambiguous(_) => "more than one entry matches".into(),
        other => other.to_string(),
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// A uniquely named entry in the real kernel keyring, so the user's own is untouched.
    fn scratch_entry() -> Entry {
        let service = format!("hush-test-{}-{}", std::process::id(), rand::random::<u32>());
        entry_for(&service, USER).unwrap()
    }

    #[test]
    fn round_trips_through_the_kernel_keyring() {
        let entry = scratch_entry();
        let (secret, _) = super::super::generate_identity();
        if let Err(e) = store_in(&entry, &secret) {
            // Some sandboxes (e.g. default container seccomp profiles) forbid keyctl.
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "keyring unavailable under CI: {e}"
            );
            eprintln!(
                "note: kernel keyring unavailable here ({e}); keyring round trip not exercised"
            );
            return;
        }
        let loaded = load_from(&entry).unwrap().unwrap();
        assert_eq!(loaded.expose_secret(), secret.expose_secret());
        assert!(delete_from(&entry).unwrap());
        assert!(!delete_from(&entry).unwrap());
    }

    #[test]
    fn refuses_to_store_non_identities() {
        let err = store_in(&scratch_entry(), &SecretString::from("hello")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the identity to store: invalid identity: line 1: not an age identity (expected AGE-SECRET-KEY-1…)"
        );
    }

    #[test]
    fn errors_never_carry_the_stored_bytes() {
        let err = describe(keyring::Error::BadEncoding(b"AGE-SECRET-KEY-1XYZ".to_vec()));
        assert!(!format!("{err} {err:?}").contains("AGE-SECRET"));
    }
}
