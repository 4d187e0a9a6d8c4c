//! The operations behind each command: an options struct in, a result out. Nothing here
//! parses arguments or prints; `cli` resolves flags into these options and renders results.

pub mod groups;
pub mod init;
pub mod io;
pub mod keygen;
pub mod keys;
pub mod quickstart;
pub mod seal;
pub mod sealed_file;
pub mod status;
