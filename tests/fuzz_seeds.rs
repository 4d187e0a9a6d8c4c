//! Replays the committed seeds of the format fuzz targets (`fuzz/seeds/{yaml,json,dotenv,ini}`,
//! which hold every crash the fuzzers found) through the very checks those targets make,
//! on stable Rust: the fuzzers need nightly and run by hand, this runs in CI.

#[path = "../fuzz/fuzz_targets/formats.rs"]
mod formats;

use hush::document::Format;
use std::path::Path;

fn replay(target: &str, format: Format) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut seeds = 0;
    for entry in std::fs::read_dir(&dir).expect("the target's seed directory") {
        let path = entry.expect("a seed").path();
        let data = std::fs::read(&path).expect("a readable seed");
        let outcome = std::panic::catch_unwind(|| formats::check(format, &data));
        assert!(outcome.is_ok(), "{target} seed {} fails", path.display());
        seeds += 1;
    }
    assert!(seeds > 0, "no seeds in {}", dir.display());
}

#[test]
fn yaml_seeds_pass_the_yaml_target() {
    replay("yaml", Format::Yaml);
}

#[test]
fn json_seeds_pass_the_json_target() {
    replay("json", Format::Json);
}

#[test]
fn dotenv_seeds_pass_the_dotenv_target() {
    replay("dotenv", Format::Dotenv);
}

#[test]
fn ini_seeds_pass_the_ini_target() {
    replay("ini", Format::Ini);
}
