//! The few protobuf messages hush reads from etcd values: kube-apiserver's storage envelope
//! for plaintext objects (`k8s\0` + `runtime.Unknown`), a core/v1 `Secret`'s name and
//! namespace, and the KMS v2 `EncryptedObject`.

use prost::Message;

/// The 4-byte prefix of protobuf-encoded objects in etcd.
pub const PROTOBUF_MAGIC: &[u8] = b"k8s\x00";

/// `k8s.io/apimachinery/pkg/runtime.TypeMeta`.
#[derive(Clone, PartialEq, Message)]
pub struct TypeMeta {
    #[prost(string, optional, tag = "1")]
    pub api_version: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub kind: Option<String>,
}

/// `k8s.io/apimachinery/pkg/runtime.Unknown`: the envelope of every stored object.
#[derive(Clone, PartialEq, Message)]
pub struct Unknown {
    #[prost(message, optional, tag = "1")]
    pub type_meta: Option<TypeMeta>,
    #[prost(bytes = "vec", optional, tag = "2")]
    pub raw: Option<Vec<u8>>,
    #[prost(string, optional, tag = "3")]
    pub content_encoding: Option<String>,
    #[prost(string, optional, tag = "4")]
    pub content_type: Option<String>,
}

/// The start of `ObjectMeta`: name and namespace.
#[derive(Clone, PartialEq, Message)]
pub struct ObjectMetaHead {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub namespace: Option<String>,
}

/// The fields of a core/v1 `Secret` hush reads (metadata, data and type).
#[derive(Clone, PartialEq, Message)]
pub struct SecretHead {
    #[prost(message, optional, tag = "1")]
    pub metadata: Option<ObjectMetaHead>,
    #[prost(btree_map = "string, bytes", tag = "2")]
    pub data: std::collections::BTreeMap<String, Vec<u8>>,
    #[prost(string, optional, tag = "3")]
    pub r#type: Option<String>,
}

/// KMS v2 `EncryptedObject` (k8s.io/kms/apis/v2, proto3).
#[derive(Clone, PartialEq, Message)]
pub struct EncryptedObject {
    #[prost(bytes = "vec", tag = "1")]
    pub encrypted_data: Vec<u8>,
    #[prost(string, tag = "2")]
    pub key_id: String,
    #[prost(bytes = "vec", tag = "3")]
    pub encrypted_dek_source: Vec<u8>,
    #[prost(btree_map = "string, bytes", tag = "4")]
    pub annotations: std::collections::BTreeMap<String, Vec<u8>>,
    #[prost(int32, tag = "5")]
    pub encrypted_dek_source_type: i32,
}

/// Decodes a protobuf-stored object's envelope (after the magic prefix).
pub fn unknown(value: &[u8]) -> Option<Unknown> {
    Unknown::decode(value.strip_prefix(PROTOBUF_MAGIC)?).ok()
}

/// Decodes a KMS v2 body; `None` when it is not a well-formed `EncryptedObject`.
pub fn encrypted_object(body: &[u8]) -> Option<EncryptedObject> {
    EncryptedObject::decode(body)
        .ok()
        .filter(|o| !o.encrypted_data.is_empty() && !o.key_id.is_empty())
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    /// Upstream's recorded plaintext Secret (transformation_test.go `oldSecret`).
    pub const OLD_SECRET_B64: &str = "azhzAAoMCgJ2MRIGU2VjcmV0En4KXwoLdGVzdC1zZWNyZXQSABoWc2VjcmV0LWVuY3J5cHRpb24tdGVzdCIAKiQ3MmRmZTVjNC0xNDU2LTQyMzktYjFlZC1hZGZmYTJmMWY3YmEyADgAQggI5Jy/7wUQAHoAEhMKB2FwaV9rZXkSCPCfpJfwn5C8GgZPcGFxdWUaACIA";

    #[test]
    fn decodes_upstream_plaintext_secret() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(OLD_SECRET_B64)
            .expect("base64");
        let u = unknown(&bytes).expect("runtime.Unknown");
        let tm = u.type_meta.expect("typeMeta");
        assert_eq!(tm.api_version.as_deref(), Some("v1"));
        assert_eq!(tm.kind.as_deref(), Some("Secret"));
        let secret = SecretHead::decode(u.raw.expect("raw").as_slice()).expect("Secret");
        let meta = secret.metadata.expect("metadata");
        assert_eq!(meta.name.as_deref(), Some("test-secret"));
        assert_eq!(meta.namespace.as_deref(), Some("secret-encryption-test"));
        assert_eq!(secret.data["api_key"], "🤗🐼".as_bytes());
        assert_eq!(secret.r#type.as_deref(), Some("Opaque"));
    }
}
