//! Kubernetes encryption at rest: the `EncryptionConfiguration` file kube-apiserver reads
//! (`--encryption-provider-config`) and the values it stores in etcd.
//!
//! [`model`] holds the file's content, [`decode`] reads it as strictly as kube-apiserver
//! does, [`validate`] applies every upstream rule plus hush's warnings, [`generate`] writes
//! a fresh file, [`rotate`] carries out the documented key rotation step by step, [`codec`]
//! reads and writes etcd values exactly as kube-apiserver does, [`classify`] names the
//! state of a stored value, [`audit`] tallies a stream of etcd values, [`secret`] renders a
//! `kind: Secret` manifest. Nothing here prints.

pub mod audit;
pub mod classify;
pub mod codec;
pub mod decode;
pub mod duration;
#[cfg(feature = "etcd")]
pub mod etcd;
pub mod file;
pub mod generate;
pub mod model;
pub mod proto;
pub mod resource;
pub mod rotate;
pub mod secret;
pub mod text_edit;
pub mod validate;
