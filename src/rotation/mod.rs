//! Versioned secret rotation: references naming a secret in a backend, value generators,
//! the [`Backend`](backend::Backend) interface with one module per backend, the journal that
//! makes an interrupted rotation resumable, and the operations (`put`, `rotate`,
//! `rollback`, `prune`) built on them; for the `secrets:` policy, which secrets are due
//! ([`due`]), the `on_rotate` actions ([`actions`]) and the record of those left
//! ([`pending`]). Nothing here prints; every operation returns what it did.

pub mod actions;
#[cfg(feature = "aws-sm")]
pub mod aws_sm;
#[cfg(feature = "azure-kv")]
pub mod azure_kv;
pub mod backend;
pub mod command;
pub mod due;
#[cfg(feature = "etcd")]
pub mod etcd;
#[cfg(feature = "gcp-sm")]
pub mod gcp_sm;
pub mod generate;
pub mod history;
pub mod indexed;
pub mod journal;
pub mod keyring;
pub mod local;
pub mod lockfile;
pub mod ops;
pub mod parallel;
pub mod pending;
pub mod reference;
pub mod sealer;
#[cfg(feature = "vault-transit")]
pub mod vault;
