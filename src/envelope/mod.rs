//! The sops envelope: value codec, MAC, metadata, encryption rules and whole-document
//! seal/open. Knows nothing of backends or the terminal.

pub mod cipher;
pub mod metadata;
pub mod order;
pub mod rekey;
pub mod rules;
pub mod seal;
pub mod shamir;
pub mod values;
pub mod walk;
