//! Replays the committed seeds of every fuzz target (`fuzz/seeds/TARGET`, which hold every
//! input a fuzzer crashed on) through that target's own check (`fuzz/checks/`), on stable
//! Rust: the fuzzers need nightly and run by hand, this runs in CI.

#[path = "../fuzz/checks/config.rs"]
mod config;
#[path = "../fuzz/checks/enc_value.rs"]
mod enc_value;
#[path = "../fuzz/checks/formats.rs"]
mod formats;
#[path = "../fuzz/checks/k8s_config.rs"]
mod k8s_config;
#[path = "../fuzz/checks/k8s_value.rs"]
mod k8s_value;
#[path = "../fuzz/checks/lint.rs"]
mod lint;
#[path = "../fuzz/checks/sops_metadata.rs"]
mod sops_metadata;

use hush::document::Format;
use std::path::Path;

/// A fuzz target's check: panics on what the target reports as a crash.
type Check = fn(&[u8]);

/// Every target with its check; a test below asserts this list covers `fuzz/seeds/`.
const TARGETS: [(&str, Check); 10] = [
    ("yaml", |d| formats::check(Format::Yaml, d)),
    ("json", |d| formats::check(Format::Json, d)),
    ("dotenv", |d| formats::check(Format::Dotenv, d)),
    ("ini", |d| formats::check(Format::Ini, d)),
    ("enc_value", enc_value::check),
    ("sops_metadata", sops_metadata::check),
    ("config", config::check),
    ("k8s_config", k8s_config::check),
    ("k8s_value", k8s_value::check),
    ("lint", lint::check),
];

fn seeds_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds")
}

#[test]
fn every_seed_passes_its_targets_check() {
    for (target, check) in TARGETS {
        let dir = seeds_dir().join(target);
        let mut seeds = 0;
        for entry in std::fs::read_dir(&dir).expect("the target's seed directory") {
            let path = entry.expect("a seed").path();
            let data = std::fs::read(&path).expect("a readable seed");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target} fails on {}", path.display());
            seeds += 1;
        }
        assert!(seeds > 0, "no seeds in {}", dir.display());
    }
}

#[test]
fn every_seed_directory_is_a_target_here() {
    let mut dirs: Vec<String> = std::fs::read_dir(seeds_dir())
        .expect("fuzz/seeds")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    dirs.sort();
    let mut targets: Vec<String> = TARGETS.iter().map(|(t, _)| t.to_string()).collect();
    targets.sort();
    assert_eq!(dirs, targets);
    let manifest = std::fs::read_to_string(seeds_dir().join("../Cargo.toml")).expect("manifest");
    let mut bins: Vec<String> = manifest
        .split("[[bin]]")
        .skip(1)
        .filter_map(|bin| bin.lines().find_map(|l| l.strip_prefix("name = ")))
        .map(|name| name.trim_matches('"').to_string())
        .collect();
    bins.sort();
    assert_eq!(bins, targets, "fuzz/Cargo.toml's targets");
}
