//! Kubernetes manifests: Secrets with plaintext `stringData` or base64 `data`, ConfigMaps
//! holding credentials, workload env vars with literal secret values (versus
//! `secretKeyRef`), kubeconfigs with embedded credentials, EncryptionConfiguration keys in
//! plaintext or with `identity` first; and docker-compose `environment` entries.

use base64::Engine;

use super::filters::{is_literal, is_plausible_secret, is_secret_name};
use super::tree::{items, pairs, span, str_at, text};
use crate::document::{Node, Value};
use crate::lint::finding::{Hit, PRIORITY_STRUCTURE};

/// Runs the manifest checks on every document of a parsed YAML file.
pub fn detect(src: &str, branches: &[Node], compose_file: bool, hits: &mut Vec<Hit>) {
    let mut c = Checker { src, hits };
    for doc in branches {
        c.document(doc, compose_file);
    }
}

struct Checker<'a> {
    src: &'a str,
    hits: &'a mut Vec<Hit>,
}

const WORKLOADS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "PodTemplate",
];

impl Checker<'_> {
    fn hit(&mut self, rule: &'static str, node: &Node) {
        if let Some(r) = span(self.src, node) {
            self.hits.push(Hit::new(rule, r, PRIORITY_STRUCTURE));
        }
    }

    fn document(&mut self, doc: &Node, compose_file: bool) {
        match str_at(doc, "kind").unwrap_or_default() {
            "Secret" => self.secret(doc),
            "ConfigMap" => self.config_map(doc),
            "Config" if doc.get("users").is_some() => self.kubeconfig(doc),
            "EncryptionConfiguration" => self.encryption_config(doc),
            "List" => {
                for item in doc.get("items").map(items).unwrap_or_default() {
                    self.document(item, false);
                }
            }
            kind if WORKLOADS.contains(&kind) => self.env_vars(doc),
            "" if compose_file || looks_like_compose(doc) => self.compose(doc),
            _ => {}
        }
    }

    fn secret(&mut self, doc: &Node) {
        for (key, value) in doc.get("stringData").map(pairs).into_iter().flatten() {
            if text(value).is_some_and(|v| secret_content(key, v)) {
                self.hit("k8s-secret-data", value);
            }
        }
        for (key, value) in doc.get("data").map(pairs).into_iter().flatten() {
            let Some(encoded) = text(value) else { continue };
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map(|d| String::from_utf8_lossy(&d).into_owned());
            let is_secret = match decoded {
                Ok(d) => secret_content(key, &d),
                Err(_) => is_plausible_secret(encoded),
            };
            if is_secret {
                self.hit("k8s-secret-data", value);
            }
        }
    }

    fn config_map(&mut self, doc: &Node) {
        for (key, value) in doc.get("data").map(pairs).into_iter().flatten() {
            let Some(v) = text(value) else { continue };
            if is_secret_name(key) && is_literal(v) || v.contains("PRIVATE KEY-----") {
                self.hit("k8s-configmap-credential", value);
            }
        }
    }

    /// Every `env:` list anywhere in the workload (containers, initContainers, templates).
    fn env_vars(&mut self, node: &Node) {
        match &node.value {
            Value::Map(_) => {
                for (key, child) in pairs(node) {
                    if key == "env" {
                        self.env_list(child);
                    } else {
                        self.env_vars(child);
                    }
                }
            }
            Value::List(list) => list.iter().for_each(|n| self.env_vars(n)),
            _ => {}
        }
    }

    fn env_list(&mut self, env: &Node) {
        for var in items(env) {
            let (Some(name), Some(value)) = (str_at(var, "name"), var.get("value")) else {
                continue;
            };
            if is_secret_name(name) && text(value).is_some_and(is_literal) {
                self.hit("k8s-env-literal", value);
            }
        }
    }

    fn kubeconfig(&mut self, doc: &Node) {
        for user in doc.get("users").map(items).unwrap_or_default() {
            let Some(u) = user.get("user") else { continue };
            for key in ["client-key-data", "token", "password"] {
                if let Some(v) = u.get(key).filter(|v| text(v).is_some_and(is_literal)) {
                    self.hit("kubeconfig-credential", v);
                }
            }
            let config = u.get("auth-provider").and_then(|p| p.get("config"));
            for (key, v) in config.map(pairs).into_iter().flatten() {
                let credential = matches!(key, "client-secret" | "id-token" | "refresh-token");
                if credential && text(v).is_some_and(is_literal) {
                    self.hit("kubeconfig-credential", v);
                }
            }
        }
    }

    fn encryption_config(&mut self, doc: &Node) {
        for resource in doc.get("resources").map(items).unwrap_or_default() {
            let providers = resource.get("providers").map(items).unwrap_or_default();
            if let Some(first) = providers.first().filter(|p| p.get("identity").is_some()) {
                self.identity_first(first);
            }
            for provider in providers {
                for kind in ["aescbc", "aesgcm", "secretbox"] {
                    let keys = provider.get(kind).and_then(|p| p.get("keys"));
                    for key in keys.map(items).unwrap_or_default() {
                        if let Some(secret) = key
                            .get("secret")
                            .filter(|s| text(s).is_some_and(is_literal))
                        {
                            self.hit("k8s-encryption-config-key", secret);
                        }
                    }
                }
            }
        }
    }

    /// Reports the word `identity` of a provider list's first item.
    fn identity_first(&mut self, provider: &Node) {
        let from = provider
            .origin
            .as_ref()
            .map_or(0, |o| o.span.start.saturating_sub(64));
        if let Some(at) = self.src.get(from..).and_then(|s| s.find("identity")) {
            let start = from + at;
            self.hits.push(Hit::new(
                "k8s-encryption-config-identity-first",
                start..start + "identity".len(),
                PRIORITY_STRUCTURE,
            ));
        }
    }

    fn compose(&mut self, doc: &Node) {
        for (_, service) in doc.get("services").map(pairs).into_iter().flatten() {
            let Some(env) = service.get("environment") else {
                continue;
            };
            for (name, value) in pairs(env) {
                if is_secret_name(name) && text(value).is_some_and(is_literal) {
                    self.hit("compose-environment-secret", value);
                }
            }
            for item in items(env) {
                self.compose_list_item(item);
            }
        }
    }

    /// `- DB_PASSWORD=value`: reports the part after `=`.
    fn compose_list_item(&mut self, item: &Node) {
        let (Some(entry), Some(whole)) = (text(item), span(self.src, item)) else {
            return;
        };
        let Some((name, value)) = entry.split_once('=') else {
            return;
        };
        let raw = &self.src[whole.clone()];
        if is_secret_name(name) && is_literal(value) && raw == entry {
            let start = whole.start + name.len() + 1;
            self.hits.push(Hit::new(
                "compose-environment-secret",
                start..whole.end,
                PRIORITY_STRUCTURE,
            ));
        }
    }
}

/// A document with a `services` map whose entries look like containers.
fn looks_like_compose(doc: &Node) -> bool {
    doc.get("services").is_some_and(|s| {
        pairs(s).any(|(_, svc)| svc.get("image").is_some() || svc.get("build").is_some())
    })
}

/// Whether a Secret value (decoded) is worth reporting: private keys and registry auths
/// always; under a secret-looking key any literal; otherwise random-looking values.
fn secret_content(key: &str, value: &str) -> bool {
    let v = value.trim();
    if v.contains("PRIVATE KEY-----") {
        return true;
    }
    if v.starts_with("-----BEGIN") || v.is_empty() {
        return false; // certificates and public keys
    }
    if v.contains("\"auths\"") {
        return true;
    }
    (is_secret_name(key) || key.ends_with(".key")) && is_literal(v) || is_plausible_secret(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn found(yaml: &str) -> Vec<(String, String)> {
        let doc = crate::document::parse(Format::Yaml, yaml.as_bytes().to_vec(), "t.yaml".as_ref())
            .expect("yaml");
        let mut hits = Vec::new();
        detect(yaml, &doc.branches, false, &mut hits);
        hits.iter()
            .map(|h| (h.rule.to_string(), yaml[h.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn secret_data_is_decoded() {
        let y = "apiVersion: v1\nkind: Secret\ndata:\n  password: UzNjcjN0LVBAc3N3MHJk\n  empty: \"\"\nstringData:\n  token: \"k8Jd93LqpZ0xVb7N\"\n  ref: ${TOKEN}\n";
        let f = found(y);
        assert_eq!(
            f,
            [
                ("k8s-secret-data".into(), "k8Jd93LqpZ0xVb7N".into()),
                ("k8s-secret-data".into(), "UzNjcjN0LVBAc3N3MHJk".into())
            ]
        );
    }

    #[test]
    fn env_value_from_is_fine() {
        let y = "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db, key: password}\n            - name: API_TOKEN\n              value: \"Tq7-vR2m9xLw\"\n";
        assert_eq!(
            found(y),
            [("k8s-env-literal".into(), "Tq7-vR2m9xLw".into())]
        );
    }

    #[test]
    fn encryption_config_identity_first() {
        let y = "kind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n      - aescbc:\n          keys:\n            - name: key1\n              secret: q8Vd0Yx3LmN7pR2sT5uW9zA1bC4eF6gH8jK0mP3rS5o=\n";
        let rules: Vec<String> = found(y).into_iter().map(|(r, _)| r).collect();
        assert_eq!(
            rules,
            [
                "k8s-encryption-config-identity-first",
                "k8s-encryption-config-key"
            ]
        );
    }
}
