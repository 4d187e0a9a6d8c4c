//! hush: seal, lint and rotate secrets in repositories that ship containers and
//! Kubernetes manifests, in the sops file format.
//!
//! Data flows one way: a command builds an options struct, [`document`] parses bytes into a
//! tree, [`envelope`] encrypts or decrypts its values with a data key that [`recipients`]
//! wrap and unwrap using [`identities`], and the store emits bytes that [`atomic`] writes.
//! Nothing in the library prints; the `hush` binary renders results and errors.

pub mod atomic;
pub mod audit;
pub mod cli;
pub mod cloud;
pub mod config;
pub mod document;
pub mod envelope;
pub mod error;
pub mod hardening;
pub mod identities;
pub mod k8s;
pub mod lint;
pub mod ops;
pub mod recipients;
pub mod rotation;

pub use error::{Error, ExitCode, Result};
