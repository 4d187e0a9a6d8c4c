//! Process hardening for a program that holds secrets in memory: no core dumps, and (where
//! nothing needs it) a process that other processes of the same user cannot inspect.
//!
//! `RLIMIT_CORE` is set to 0 (the soft limit; the hard limit is left so a program hush runs
//! may raise it again for itself), so a crash writes no core file holding keys or plaintext.
//! `PR_SET_DUMPABLE` 0 additionally makes `/proc/<pid>/{mem,environ,fd,…}` root-owned and
//! refuses `ptrace` from the same user; it also stops core dumps by `systemd-coredump` and
//! the like. It is not inherited across `execve`, so programs hush starts are unaffected,
//! but they can no longer open `/proc/<hush pid>/fd/N` either: `exec-file`'s memfd
//! delivery depends on that, so the caller decides with [`Inspection`].
//!
//! [`scrub_stack`] wipes what `zeroize` cannot reach: moving a value copies its bytes, so a
//! key that went through a few calls (and the cipher key schedules built from it, which
//! begin with the raw key) leaves stale copies in finished stack frames; only the last copy
//! of a `Zeroizing` value is wiped on drop.

use std::io;

use zeroize::Zeroize;

/// How much stack below the caller [`scrub_stack`] overwrites: more than the deepest call
/// chain that handles keys uses (decrypting a file needs well under 64 KiB, debug builds
/// included), well within the smallest thread stack hush runs on (2 MiB).
const STACK_SCRUB_BYTES: usize = 256 * 1024;

/// Overwrites the stack below the caller's frame, where the calls it made have returned
/// from, with zeros. Call it after a call that handled keys or plaintext returned, in a
/// process that lives on (an `exec-*` supervisor).
#[inline(never)]
pub fn scrub_stack() {
    let mut area = [0u8; STACK_SCRUB_BYTES];
    area.zeroize();
    std::hint::black_box(&area);
}

/// Whether other processes of the same user may still inspect hush's process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inspection {
    /// `PR_SET_DUMPABLE` 0: only root (`CAP_SYS_PTRACE`) can read `/proc/<pid>` or trace.
    Refused,
    /// Left dumpable, because a child must open `/proc/<hush pid>/fd/N`.
    Allowed,
}

/// Disables core dumps and, with [`Inspection::Refused`], process inspection.
pub fn protect_process(inspection: Inspection) -> io::Result<()> {
    disable_core_dumps()?;
    if inspection == Inspection::Refused {
        refuse_inspection()?;
    }
    Ok(())
}

#[cfg(unix)]
fn disable_core_dumps() -> io::Result<()> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let current = getrlimit(Resource::Core);
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: current.maximum,
        },
    )?;
    Ok(())
}

#[cfg(not(unix))]
fn disable_core_dumps() -> io::Result<()> {
    Ok(())
}

#[cfg(target_os = "linux")]
fn refuse_inspection() -> io::Result<()> {
    use rustix::process::{DumpableBehavior, set_dumpable_behavior};
    set_dumpable_behavior(DumpableBehavior::NotDumpable)?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn refuse_inspection() -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each test runs in its own process under nextest; these change only that process.
    #[test]
    #[cfg(target_os = "linux")]
    fn refused_inspection_makes_the_process_not_dumpable() {
        use rustix::process::{DumpableBehavior, Resource, dumpable_behavior, getrlimit};
        protect_process(Inspection::Refused).expect("protect");
        assert_eq!(getrlimit(Resource::Core).current, Some(0));
        assert_eq!(
            dumpable_behavior().expect("get dumpable"),
            DumpableBehavior::NotDumpable
        );
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn allowed_inspection_keeps_the_process_dumpable() {
        use rustix::process::{DumpableBehavior, Resource, dumpable_behavior, getrlimit};
        protect_process(Inspection::Allowed).expect("protect");
        assert_eq!(getrlimit(Resource::Core).current, Some(0));
        assert_eq!(
            dumpable_behavior().expect("get dumpable"),
            DumpableBehavior::Dumpable
        );
    }
}
