//! PLACEHOLDER: sops `sops_`-prefixed flattening of metadata for dotenv and INI.
