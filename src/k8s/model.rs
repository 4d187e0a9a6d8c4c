//! The content of an `EncryptionConfiguration` as kube-apiserver decodes it, with the place
//! in the file of every element so problems can be reported by field path and line.

use zeroize::Zeroizing;

use crate::error::Location;

/// The accepted `apiVersion`/`kind` pairs (the second is a legacy alias upstream keeps).
pub const GVKS: [(&str, &str); 2] = [
    ("apiserver.config.k8s.io/v1", "EncryptionConfiguration"),
    ("v1", "EncryptionConfig"),
];

/// An element's field path (`resources[0].providers[1].aescbc`) and, when the file has one,
/// its line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    pub location: Option<Location>,
}

impl Place {
    pub fn new(path: impl Into<String>, location: Option<Location>) -> Place {
        Place {
            path: path.into(),
            location,
        }
    }

    /// The place of a child field (no location of its own).
    pub fn child(&self, name: &str) -> Place {
        Place::new(format!("{}.{name}", self.path), self.location)
    }

    /// The place of a list item (no location of its own).
    pub fn index(&self, i: usize) -> Place {
        Place::new(format!("{}[{i}]", self.path), self.location)
    }
}

/// The places of an object's fields as written (for messages about one field).
#[derive(Clone, Debug, Default)]
pub struct FieldPlaces(pub Vec<(String, Place)>);

impl FieldPlaces {
    /// The field's own place, or a path under `parent` when the field is absent.
    pub fn get(&self, parent: &Place, name: &str) -> Place {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| parent.child(name), |(_, p)| p.clone())
    }
}

/// The whole file.
#[derive(Clone, Debug)]
pub struct EncryptionConfig {
    pub api_version: String,
    pub kind: String,
    pub resources: Vec<ResourceEntry>,
    pub place: Place,
}

/// One element of the top-level `resources` list.
#[derive(Clone, Debug)]
pub struct ResourceEntry {
    pub place: Place,
    pub resources: Vec<Named>,
    pub providers: Vec<Provider>,
}

/// A string with its place (a resource name).
#[derive(Clone, Debug)]
pub struct Named {
    pub value: String,
    pub place: Place,
}

/// One element of a `providers` list. Exactly one kind must be set; the list keeps all that
/// were so validation can say what is wrong.
#[derive(Clone, Debug)]
pub struct Provider {
    pub place: Place,
    pub kinds: Vec<ProviderKind>,
}

impl Provider {
    /// The provider's only kind, when exactly one is set.
    pub fn single(&self) -> Option<&ProviderKind> {
        match self.kinds.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// The provider types, in the order Go's JSON encoder writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProviderType {
    Aesgcm,
    Aescbc,
    Secretbox,
    Identity,
    Kms,
}

impl ProviderType {
    pub const ALL: [ProviderType; 5] = [
        ProviderType::Aesgcm,
        ProviderType::Aescbc,
        ProviderType::Secretbox,
        ProviderType::Identity,
        ProviderType::Kms,
    ];

    /// The field name in the file.
    pub fn name(self) -> &'static str {
        match self {
            ProviderType::Aesgcm => "aesgcm",
            ProviderType::Aescbc => "aescbc",
            ProviderType::Secretbox => "secretbox",
            ProviderType::Identity => "identity",
            ProviderType::Kms => "kms",
        }
    }

    pub fn from_name(name: &str) -> Option<ProviderType> {
        ProviderType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Decoded key lengths kube-apiserver accepts (empty: the type has no keys).
    pub fn key_sizes(self) -> &'static [usize] {
        match self {
            ProviderType::Aesgcm | ProviderType::Aescbc => &[16, 24, 32],
            ProviderType::Secretbox => &[32],
            ProviderType::Identity | ProviderType::Kms => &[],
        }
    }
}

/// The content of one provider field.
#[derive(Clone, Debug)]
pub enum ProviderKind {
    /// aesgcm, aescbc or secretbox.
    Keyed(ProviderType, KeyList),
    Identity(Place),
    Kms(Kms),
}

impl ProviderKind {
    pub fn provider_type(&self) -> ProviderType {
        match self {
            ProviderKind::Keyed(t, _) => *t,
            ProviderKind::Identity(_) => ProviderType::Identity,
            ProviderKind::Kms(_) => ProviderType::Kms,
        }
    }
}

/// The `keys` of a keyed provider.
#[derive(Clone, Debug)]
pub struct KeyList {
    /// The place of the `keys` field.
    pub place: Place,
    pub keys: Vec<Key>,
}

/// A named key; `secret` is base64 as written in the file.
#[derive(Clone, Debug)]
pub struct Key {
    pub place: Place,
    pub fields: FieldPlaces,
    pub name: String,
    pub secret: Zeroizing<String>,
}

/// A `kms` provider. `None` fields were absent (before defaulting).
#[derive(Clone, Debug)]
pub struct Kms {
    pub place: Place,
    pub fields: FieldPlaces,
    pub api_version: Option<String>,
    pub name: String,
    pub cachesize: Option<i64>,
    pub endpoint: String,
    /// The duration as written and its value in nanoseconds.
    pub timeout: Option<(String, i128)>,
}

impl Kms {
    /// `apiVersion` after kube-apiserver's defaulting (`v1` when absent).
    pub fn version(&self) -> &str {
        match self.api_version.as_deref() {
            None | Some("") => "v1",
            Some(v) => v,
        }
    }
}
