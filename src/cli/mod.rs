//! The command line: clap definitions ([`args`]), the glue that resolves them into
//! operation options and renders results ([`run`]), and the generated assets ([`assets`]).
//! This is the only layer that prints.

pub mod args;
pub mod assets;
pub mod bulk;
pub mod creation;
pub mod edit;
#[cfg(unix)]
pub mod exec;
pub mod git;
pub mod groups;
pub mod hardening;
pub mod init;
pub mod k8s;
pub mod k8s_args;
pub mod lint;
pub mod rotate;
pub mod rotation;
pub mod rotation_args;
pub mod run;
pub mod set;

pub use args::Cli;
