//! Versioned secret rotation: references naming a secret in a backend, value generators,
//! the [`Backend`](backend::Backend) interface with one module per backend, the journal that
//! makes an interrupted rotation resumable, and the operations (`put`, `rotate`,
//! `rollback`) built on them. Nothing here prints; every operation returns what it did.

#[cfg(feature = "azure-kv")]
pub mod azure_kv;
pub mod backend;
pub mod generate;
pub mod journal;
pub mod local;
pub mod lockfile;
pub mod ops;
pub mod reference;
pub mod sealer;
#[cfg(feature = "vault-transit")]
pub mod vault;
