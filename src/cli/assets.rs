//! Shell completions and man pages generated from the clap definitions. They are committed
//! under `completions/` and `man/`; a test regenerates them and fails when they are stale.

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

/// Every generated file as (path relative to the repository root, contents).
pub fn generate() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut cmd = Cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "hush", &mut buf);
        let name = match shell {
            Shell::Bash => "hush.bash",
            Shell::Zsh => "_hush",
            Shell::Fish => "hush.fish",
            Shell::PowerShell => "_hush.ps1",
            Shell::Elvish => "hush.elv",
            _ => continue,
        };
        files.push((format!("completions/{name}"), buf));
    }
    let cmd = Cli::command();
    files.push(("man/hush.1".to_string(), man_page(&cmd)));
    for sub in cmd.get_subcommands() {
        let name = format!("hush-{}", sub.get_name());
        let sub = sub.clone().name(name.clone()).display_name(name.clone());
        files.push((format!("man/{name}.1"), man_page(&sub)));
    }
    files
}

fn man_page(cmd: &clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .expect("rendering a man page into memory cannot fail");
    buf
}
