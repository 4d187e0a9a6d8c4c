//! Client setup shared by everything that talks to a cloud provider's SDK: the KMS
//! recipients (`src/recipients/`) and the secret-manager rotation backends
//! (`src/rotation/`). One place builds credentials, regions, endpoint overrides and time
//! limits (so a service that never answers cannot hang hush), and turns SDK errors into
//! text that names the cause without secrets.

#[cfg(any(feature = "aws-kms", feature = "aws-sm"))]
pub mod aws;
#[cfg(any(feature = "gcp-kms", feature = "gcp-sm"))]
pub mod google;
