//! The committed completions/ and man/ must match what the clap definitions generate.
//! Regenerate with `HUSH_UPDATE_ASSETS=1 cargo test --test assets`.

use std::path::Path;

#[test]
fn completions_and_man_pages_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("HUSH_UPDATE_ASSETS").is_some();
    let mut stale = Vec::new();
    for (rel, contents) in hush::cli::assets::generate() {
        let path = root.join(&rel);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &contents).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&contents[..]) {
            stale.push(rel);
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?}\nregenerate with: HUSH_UPDATE_ASSETS=1 cargo test --test assets"
    );
}

#[test]
fn every_subcommand_has_a_man_page_and_help() {
    use clap::CommandFactory;
    let cmd = hush::cli::Cli::command();
    let files: Vec<String> = hush::cli::assets::generate()
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    for sub in cmd.get_subcommands() {
        assert!(
            files.contains(&format!("man/hush-{}.1", sub.get_name())),
            "{}",
            sub.get_name()
        );
        assert!(
            sub.get_about().is_some(),
            "`{}` has no help text",
            sub.get_name()
        );
        for arg in sub.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" {
                assert!(
                    arg.get_help().is_some(),
                    "`{} {}` has no help text",
                    sub.get_name(),
                    id
                );
                if let Some(long) = arg.get_long() {
                    assert!(
                        long.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                        "flag --{long} is not kebab-case"
                    );
                }
            }
        }
    }
}
