//! Strict decoding of an `EncryptionConfiguration` from a parsed YAML or JSON document, the
//! way kube-apiserver's strict codec reads it: unknown and duplicate fields are refused,
//! field names are case-sensitive, every field must have the type Go expects, and the
//! `apiVersion`/`kind` pair must be one kube-apiserver registers.

use std::collections::HashSet;

use zeroize::Zeroizing;

use super::duration;
use super::model::{
    EncryptionConfig, FieldPlaces, GVKS, Key, KeyList, Kms, Named, Place, Provider, ProviderKind,
    ProviderType, ResourceEntry,
};
use super::validate::Finding;
use crate::document::{Document, Entry, Node, Scalar, Value};
use crate::error::Location;

/// Decodes `doc`; on failure returns every decoding problem found.
pub fn decode(doc: &Document) -> Result<EncryptionConfig, Vec<Finding>> {
    let mut d = Decoder {
        src: &doc.source,
        problems: Vec::new(),
    };
    let root_place = Place::new("", Some(Location { line: 1, column: 1 }));
    let config = match doc.branches.as_slice() {
        [root] => d.config(root, root_place),
        other => {
            d.problems.push(Finding::error(
                root_place,
                format!(
                    "the file holds {} YAML documents; an EncryptionConfiguration file holds exactly one",
                    other.len()
                ),
            ));
            None
        }
    };
    match config {
        Some(c) if d.problems.is_empty() => Ok(c),
        _ => Err(d.problems),
    }
}

struct Decoder<'a> {
    src: &'a [u8],
    problems: Vec<Finding>,
}

/// A field of a map with its place.
struct Field<'n> {
    node: &'n Node,
    place: Place,
}

impl<'a> Decoder<'a> {
    fn config(&mut self, root: &Node, place: Place) -> Option<EncryptionConfig> {
        let fields = self.fields(root, &place, &["kind", "apiVersion", "resources"])?;
        let kind = self.string_field(&fields, "kind");
        let api_version = self.string_field(&fields, "apiVersion");
        self.check_gvk(&api_version, &kind, &place);
        let resources_place = Place::new("resources", self.locate(root));
        let resources = match find(&fields, "resources") {
            Some(f) => self
                .list(f.node, &f.place)
                .into_iter()
                .enumerate()
                .filter_map(|(i, (n, p))| self.resource_entry(n, p, i))
                .collect(),
            None => Vec::new(),
        };
        Some(EncryptionConfig {
            api_version,
            kind,
            resources,
            place: resources_place,
        })
    }

    fn check_gvk(&mut self, api_version: &str, kind: &str, place: &Place) {
        if kind.is_empty() {
            self.problems.push(Finding::error(
                place.clone(),
                "Object 'Kind' is missing: set `kind: EncryptionConfiguration`",
            ));
        } else if api_version.is_empty() {
            self.problems.push(Finding::error(
                place.clone(),
                "Object 'apiVersion' is missing: set `apiVersion: apiserver.config.k8s.io/v1`",
            ));
        } else if !GVKS.contains(&(api_version, kind)) {
            self.problems.push(Finding::error(
                place.clone(),
                format!(
                    "no kind {kind:?} is registered for version {api_version:?}: use \
                     `apiVersion: apiserver.config.k8s.io/v1` and `kind: EncryptionConfiguration`"
                ),
            ));
        }
    }

    fn resource_entry(&mut self, node: &Node, place: Place, i: usize) -> Option<ResourceEntry> {
        let place = Place::new(format!("resources[{i}]"), place.location);
        let fields = self.fields(node, &place, &["resources", "providers"])?;
        let resources = match find(&fields, "resources") {
            Some(f) => self
                .list(f.node, &f.place)
                .into_iter()
                .map(|(n, p)| Named {
                    value: self.string(n, &p),
                    place: p,
                })
                .collect(),
            None => Vec::new(),
        };
        let providers = match find(&fields, "providers") {
            Some(f) => self
                .list(f.node, &f.place)
                .into_iter()
                .filter_map(|(n, p)| self.provider(n, p))
                .collect(),
            None => Vec::new(),
        };
        Some(ResourceEntry {
            place,
            resources,
            providers,
        })
    }

    fn provider(&mut self, node: &Node, place: Place) -> Option<Provider> {
        let names: Vec<&str> = ProviderType::ALL.iter().map(|t| t.name()).collect();
        let fields = self.fields(node, &place, &names)?;
        let mut kinds = Vec::new();
        for f in &fields {
            // A null pointer field is the same as an absent one.
            if is_null(f.node) {
                continue;
            }
            let Some(t) = ProviderType::from_name(&f.place.path[place.path.len() + 1..]) else {
                continue;
            };
            if let Some(kind) = self.provider_kind(t, f) {
                kinds.push(kind);
            }
        }
        Some(Provider { place, kinds })
    }

    fn provider_kind(&mut self, t: ProviderType, f: &Field) -> Option<ProviderKind> {
        match t {
            ProviderType::Identity => {
                self.fields(f.node, &f.place, &[])?;
                Some(ProviderKind::Identity(f.place.clone()))
            }
            ProviderType::Kms => self.kms(f).map(ProviderKind::Kms),
            keyed => {
                let fields = self.fields(f.node, &f.place, &["keys"])?;
                let keys_place = f.place.child("keys");
                let keys = match find(&fields, "keys") {
                    Some(k) => self
                        .list(k.node, &k.place)
                        .into_iter()
                        .filter_map(|(n, p)| self.key(n, p))
                        .collect(),
                    None => Vec::new(),
                };
                Some(ProviderKind::Keyed(
                    keyed,
                    KeyList {
                        place: find(&fields, "keys").map_or(keys_place, |k| k.place.clone()),
                        keys,
                    },
                ))
            }
        }
    }

    fn key(&mut self, node: &Node, place: Place) -> Option<Key> {
        let fields = self.fields(node, &place, &["name", "secret"])?;
        Some(Key {
            fields: field_places(&fields),
            name: self.string_field(&fields, "name"),
            secret: Zeroizing::new(self.string_field(&fields, "secret")),
            place,
        })
    }

    fn kms(&mut self, f: &Field) -> Option<Kms> {
        let place = &f.place;
        let fields = self.fields(
            f.node,
            place,
            &["apiVersion", "name", "cachesize", "endpoint", "timeout"],
        )?;
        let api_version = find(&fields, "apiVersion")
            .filter(|a| !is_null(a.node))
            .map(|a| self.string(a.node, &a.place));
        let cachesize = find(&fields, "cachesize")
            .filter(|c| !is_null(c.node))
            .and_then(|c| self.int32(c.node, &c.place));
        let timeout = find(&fields, "timeout")
            .filter(|t| !is_null(t.node))
            .and_then(|t| self.duration(t.node, &t.place));
        Some(Kms {
            fields: field_places(&fields),
            place: place.clone(),
            api_version,
            name: self.string_field(&fields, "name"),
            cachesize,
            endpoint: self.string_field(&fields, "endpoint"),
            timeout,
        })
    }

    /// The fields of a map node, refusing unknown and duplicate ones. `null` is an empty map.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        place: &Place,
        allowed: &[&str],
    ) -> Option<Vec<Field<'n>>> {
        let entries: &[Entry] = match &node.value {
            Value::Map(entries) => entries,
            Value::Scalar(Scalar::Null) => &[],
            other => {
                self.type_error(place, "an object", other);
                return None;
            }
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (key, child) in entries.iter().filter_map(|e| match e {
            Entry::Pair(k, n) => Some((k, n)),
            Entry::Comment(_) => None,
        }) {
            let child_place = Place::new(
                join(&place.path, key),
                self.locate(child).or(place.location),
            );
            if !allowed.contains(&key.as_str()) {
                self.problems
                    .push(Finding::error(child_place, unknown_field(key, allowed)));
            } else if !seen.insert(key.as_str()) {
                self.problems.push(Finding::error(
                    child_place,
                    format!("duplicate field {key:?}"),
                ));
            } else {
                out.push(Field {
                    node: child,
                    place: child_place,
                });
            }
        }
        Some(out)
    }

    /// The items of a list node with their places. `null` is an empty list.
    fn list<'n>(&mut self, node: &'n Node, place: &Place) -> Vec<(&'n Node, Place)> {
        match &node.value {
            Value::List(items) => items
                .iter()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .enumerate()
                .map(|(i, n)| {
                    let p = Place::new(
                        format!("{}[{i}]", place.path),
                        self.locate(n).or(place.location),
                    );
                    (n, p)
                })
                .collect(),
            Value::Scalar(Scalar::Null) => Vec::new(),
            other => {
                self.type_error(place, "a list", other);
                Vec::new()
            }
        }
    }

    /// A string field's value; absent is the empty string, as in Go.
    fn string_field(&mut self, fields: &[Field], name: &str) -> String {
        match find(fields, name) {
            Some(f) => self.string(f.node, &f.place),
            None => String::new(),
        }
    }

    fn string(&mut self, node: &Node, place: &Place) -> String {
        match &node.value {
            Value::Scalar(Scalar::Str(s) | Scalar::Time { text: s }) => s.clone(),
            Value::Scalar(Scalar::Null) => String::new(),
            other => {
                self.type_error(place, "a string", other);
                String::new()
            }
        }
    }

    fn int32(&mut self, node: &Node, place: &Place) -> Option<i64> {
        match &node.value {
            Value::Scalar(Scalar::Int { value, .. }) if i32::try_from(*value).is_ok() => {
                Some(*value)
            }
            other => {
                self.type_error(place, "a 32-bit integer", other);
                None
            }
        }
    }

    fn duration(&mut self, node: &Node, place: &Place) -> Option<(String, i128)> {
        let Value::Scalar(Scalar::Str(text)) = &node.value else {
            self.type_error(place, "a duration string such as \"3s\"", &node.value);
            return None;
        };
        match duration::parse(text) {
            Ok(nanos) => Some((text.clone(), nanos)),
            Err(reason) => {
                self.problems.push(Finding::error(
                    place.clone(),
                    format!("invalid duration {text:?}: {reason} (write e.g. \"3s\" or \"1m30s\")"),
                ));
                None
            }
        }
    }

    fn type_error(&mut self, place: &Place, expected: &str, got: &Value) {
        self.problems.push(Finding::error(
            place.clone(),
            format!("expected {expected}, found {}", describe(got)),
        ));
    }

    /// The line and column of a node: its own, or its first located descendant's.
    fn locate(&self, node: &Node) -> Option<Location> {
        first_offset(node).map(|o| Location::of_offset(self.src, o))
    }
}

fn first_offset(node: &Node) -> Option<usize> {
    if let Some(o) = &node.origin {
        return Some(o.span.start);
    }
    match &node.value {
        Value::Map(entries) => entries.iter().find_map(|e| first_offset(e.node())),
        Value::List(items) => items.iter().find_map(first_offset),
        _ => None,
    }
}

fn field_places(fields: &[Field]) -> FieldPlaces {
    FieldPlaces(
        fields
            .iter()
            .map(|f| {
                (
                    f.place
                        .path
                        .rsplit('.')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    f.place.clone(),
                )
            })
            .collect(),
    )
}

fn find<'f, 'n>(fields: &'f [Field<'n>], name: &str) -> Option<&'f Field<'n>> {
    fields
        .iter()
        .find(|f| f.place.path.rsplit('.').next() == Some(name))
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn is_null(node: &Node) -> bool {
    matches!(node.value, Value::Scalar(Scalar::Null))
}

fn unknown_field(key: &str, allowed: &[&str]) -> String {
    match allowed.iter().find(|a| a.eq_ignore_ascii_case(key)) {
        Some(right) => {
            format!("unknown field {key:?}: field names are case-sensitive, write `{right}`")
        }
        None if allowed.is_empty() => format!("unknown field {key:?}: this object takes no fields"),
        None => format!(
            "unknown field {key:?}: expected one of {}",
            allowed.join(", ")
        ),
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Map(_) => "an object",
        Value::List(_) => "a list",
        Value::Comment(_) => "a comment",
        Value::Scalar(s) => match s {
            Scalar::Null => "null",
            Scalar::Str(_) | Scalar::Time { .. } => "a string",
            Scalar::Bytes(_) => "bytes",
            Scalar::Int { .. } | Scalar::Float { .. } => "a number",
            Scalar::Bool { .. } => "a boolean",
        },
    }
}
