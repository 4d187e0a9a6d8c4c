//! Killing hush at random moments: a run is SIGKILLed after a random delay spread over the
//! length of a normal run as measured here (timing only schedules the kills; nothing
//! asserts on it), and only kills that landed while hush still ran are counted.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::Rng;

use super::ok;

/// Runs `cmd` and SIGKILLs it after a random delay up to `1.5 × typical`. True when the kill
/// landed while hush still ran.
pub fn run_and_kill(mut cmd: Command, typical: Duration) -> bool {
    let delay = typical.mul_f64(rand::thread_rng().gen_range(0.0..1.5));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn hush");
    std::thread::sleep(delay);
    let running = child.try_wait().expect("try_wait").is_none();
    child.kill().ok();
    let status = child.wait().expect("wait");
    use std::os::unix::process::ExitStatusExt;
    running && status.signal() == Some(9)
}

/// How long one unkilled run of `cmd` takes here (it must succeed).
pub fn typical(mut cmd: Command) -> Duration {
    let start = Instant::now();
    ok(&cmd.output().expect("run hush"));
    start.elapsed().max(Duration::from_millis(2))
}
