//! Resource names as an `EncryptionConfiguration` writes them (`secrets`, `configmaps.`,
//! `deployments.apps`, `*.`, `*.apps`, `*.*`), parsed the way apimachinery's
//! `ParseGroupResource` does, and the lookup kube-apiserver uses to pick providers.

/// A group and resource; the core group is `""`, `*` is a wildcard.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupResource {
    pub group: String,
    pub resource: String,
}

impl GroupResource {
    /// Splits at the first `.`: the resource before it, the group after it.
    pub fn parse(s: &str) -> GroupResource {
        match s.split_once('.') {
            Some((resource, group)) => GroupResource {
                group: group.to_string(),
                resource: resource.to_string(),
            },
            None => GroupResource {
                group: String::new(),
                resource: s.to_string(),
            },
        }
    }

    pub fn new(group: &str, resource: &str) -> GroupResource {
        GroupResource {
            group: group.to_string(),
            resource: resource.to_string(),
        }
    }

    /// `*.*`.
    pub fn is_everything(&self) -> bool {
        self.group == "*" && self.resource == "*"
    }

    /// The `group/*` rule that would mask this resource.
    pub fn group_wildcard(&self) -> GroupResource {
        GroupResource::new(&self.group, "*")
    }

    /// The rules that apply to this resource, most specific first (kube-apiserver's lookup
    /// order): `group/resource`, `group/*`, `*/*`.
    pub fn lookup_order(&self) -> [GroupResource; 3] {
        [
            self.clone(),
            self.group_wildcard(),
            GroupResource::new("*", "*"),
        ]
    }
}

impl std::fmt::Display for GroupResource {
    /// As kube-apiserver prints it in messages: `*.` for the core wildcard.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.group.as_str(), self.resource.as_str()) {
            ("", "*") => write!(f, "*."),
            ("", r) => write!(f, "{r}"),
            (g, r) => write!(f, "{r}.{g}"),
        }
    }
}

/// The resource an etcd key belongs to: `<prefix>/<resource>/...` for the core group and
/// `<prefix>/<group>/<resource>/...` for groups with a dot (custom resources). Built-in
/// resources of other groups that keep a historical path need `--resource`.
pub fn of_etcd_key(key: &str, prefix: &str) -> Option<GroupResource> {
    let rest = key.strip_prefix(prefix.trim_end_matches('/'))?;
    let mut parts = rest.trim_start_matches('/').split('/');
    let first = parts.next().filter(|s| !s.is_empty())?;
    if first.contains('.') {
        let resource = parts.next().filter(|s| !s.is_empty())?;
        Some(GroupResource::new(first, resource))
    } else {
        Some(GroupResource::new("", first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_apimachinery() {
        assert_eq!(
            GroupResource::parse("secrets"),
            GroupResource::new("", "secrets")
        );
        assert_eq!(
            GroupResource::parse("configmaps."),
            GroupResource::new("", "configmaps")
        );
        assert_eq!(
            GroupResource::parse("pandas.awesome.bears.example"),
            GroupResource::new("awesome.bears.example", "pandas")
        );
        assert_eq!(GroupResource::parse("*.").to_string(), "*.");
        assert!(GroupResource::parse("*.*").is_everything());
        assert_eq!(
            GroupResource::parse("deployments.apps").to_string(),
            "deployments.apps"
        );
    }

    #[test]
    fn etcd_keys() {
        assert_eq!(
            of_etcd_key("/registry/secrets/default/s1", "/registry"),
            Some(GroupResource::new("", "secrets"))
        );
        assert_eq!(
            of_etcd_key("/registry/stable.example.com/crontabs/ns/x", "/registry/"),
            Some(GroupResource::new("stable.example.com", "crontabs"))
        );
        assert_eq!(of_etcd_key("/other/secrets/a", "/registry"), None);
    }
}
