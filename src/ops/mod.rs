//! The operations behind each command: an options struct in, a result out. Nothing here
//! parses arguments or prints; `cli` resolves flags into these options and renders results.

pub mod bulk;
pub mod edit;
pub mod editor;
#[cfg(unix)]
pub mod exec;
pub mod git;
pub mod groups;
pub mod init;
pub mod io;
pub mod keygen;
pub mod keys;
pub mod private_file;
pub mod quickstart;
pub mod rekey;
pub mod reuse;
pub mod seal;
pub mod sealed_file;
pub mod set;
pub mod status;
pub mod updatekeys;
