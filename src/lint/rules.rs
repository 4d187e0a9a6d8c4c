//! The one list of lint rules: id, title, description and help. Detectors refer to rules by
//! id; reporters (text, JSON, SARIF) take descriptions and help from here.

/// How serious a finding of this rule is (SARIF `level`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One rule as documented to users.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub help: &'static str,
    pub severity: Severity,
}

const ROTATE: &str = "Revoke and rotate the credential at its provider, then remove it from \
                      the file (and from git history); keep the new one in a sealed file \
                      (`hush encrypt`) or a secret store.";

macro_rules! rules {
    ($( $id:literal, $sev:ident, $title:literal, $desc:literal, $help:expr; )*) => {
        /// Every built-in rule, in documentation order.
        pub const RULES: &[RuleInfo] = &[
            $( RuleInfo { id: $id, title: $title, description: $desc, help: $help,
                          severity: Severity::$sev }, )*
        ];
    };
}

rules! {
    "aws-access-key-id", Error, "AWS access key ID",
        "An AWS access key ID (AKIA…/ASIA…); it usually sits next to its secret key.", ROTATE;
    "aws-secret-access-key", Error, "AWS secret access key",
        "A 40-character AWS secret access key assigned to an AWS secret-key setting.", ROTATE;
    "github-token", Error, "GitHub token",
        "A GitHub personal access, OAuth, user-to-server, server-to-server or refresh token (ghp_/gho_/ghu_/ghs_/ghr_).", ROTATE;
    "github-fine-grained-token", Error, "GitHub fine-grained token",
        "A GitHub fine-grained personal access token (github_pat_…).", ROTATE;
    "gitlab-token", Error, "GitLab token",
        "A GitLab personal, project, deploy or runner token (glpat-/gldt-/glrt-…).", ROTATE;
    "slack-token", Error, "Slack token",
        "A Slack bot, user or app token (xoxb-/xoxp-/xapp-…).", ROTATE;
    "slack-webhook", Error, "Slack incoming webhook",
        "A Slack incoming-webhook URL; anyone holding it can post to the channel.", ROTATE;
    "stripe-secret-key", Error, "Stripe secret key",
        "A Stripe secret or restricted API key (sk_/rk_ live or test).", ROTATE;
    "google-api-key", Error, "Google API key",
        "A Google Cloud / Firebase API key (AIza…).", ROTATE;
    "gcp-service-account", Error, "GCP service-account key",
        "A Google Cloud service-account JSON key file with its private key.", ROTATE;
    "azure-storage-key", Error, "Azure storage account key",
        "An Azure storage account key, alone or in a connection string (AccountKey=…).", ROTATE;
    "azure-ad-client-secret", Error, "Azure AD client secret",
        "An Entra ID (Azure AD) application client secret (…Q~…).", ROTATE;
    "sendgrid-api-key", Error, "SendGrid API key",
        "A SendGrid API key (SG.….…).", ROTATE;
    "twilio-api-key", Error, "Twilio API key",
        "A Twilio API key SID/secret pair or auth token.", ROTATE;
    "openai-api-key", Error, "OpenAI API key",
        "An OpenAI API key (sk-…T3BlbkFJ…).", ROTATE;
    "anthropic-api-key", Error, "Anthropic API key",
        "An Anthropic API or admin key (sk-ant-…).", ROTATE;
    "npm-token", Error, "npm access token",
        "An npm access token (npm_…).", ROTATE;
    "pypi-token", Error, "PyPI upload token",
        "A PyPI API token (pypi-AgEIcHlwaS5vcmc…).", ROTATE;
    "vault-token", Error, "HashiCorp Vault token",
        "A Vault/OpenBao service, batch or recovery token (hvs./hvb./hvr., or s.… set as VAULT_TOKEN).", ROTATE;
    "jwt", Warning, "JSON Web Token",
        "A signed JSON Web Token; it may grant access until it expires.",
        "Remove the token; if it does not expire soon, revoke its session or rotate the signing key.";
    "database-url-password", Error, "Database URL with password",
        "A database connection URL (postgres, mysql, mongodb, redis, amqp, …) with a literal password.",
        "Change the database password, then build the URL from a secret at run time (env var or mounted file).";
    "url-basic-auth", Error, "Password in a URL",
        "An http(s)/ftp/git URL with user:password@ credentials.",
        "Change the password and pass it separately (a credential helper or a secret).";
    "docker-config-auth", Error, "Docker registry credentials",
        "A Docker config.json `auths` entry with a base64 user:password or identity token.",
        "Log out (`docker logout`), change the registry password/token, and use a credential helper.";
    "npmrc-auth", Error, ".npmrc credentials",
        "An .npmrc `_authToken`, `_auth` or `_password` with a literal value.",
        "Revoke the token and use `_authToken=${NPM_TOKEN}` with the token in the environment.";
    "netrc-password", Error, ".netrc password",
        "A .netrc `machine … password …` entry.", ROTATE;
    "shopify-token", Error, "Shopify access token",
        "A Shopify app, custom-app or private-app access token (shpat_/shpca_/shppa_/shpss_).", ROTATE;
    "digitalocean-token", Error, "DigitalOcean token",
        "A DigitalOcean personal access, OAuth or refresh token (dop_v1_/doo_v1_/dor_v1_).", ROTATE;
    "huggingface-token", Error, "Hugging Face token",
        "A Hugging Face access token (hf_…).", ROTATE;
    "databricks-token", Error, "Databricks token",
        "A Databricks personal access token (dapi…).", ROTATE;
    "grafana-token", Error, "Grafana token",
        "A Grafana service-account or Grafana Cloud token (glsa_/glc_…).", ROTATE;
    "telegram-bot-token", Error, "Telegram bot token",
        "A Telegram bot token (digits:35 characters) set as a Telegram/bot token.", ROTATE;
    "private-key", Error, "Private key",
        "A private key: PEM (RSA, EC, DSA, PKCS#8, encrypted PKCS#8), OpenSSH, PGP or PuTTY.",
        "Treat the key as compromised: replace it (new key pair, revoke certificates issued for it) and keep private keys out of the repository.";
    "age-secret-key", Error, "age identity",
        "An age X25519 private key (AGE-SECRET-KEY-1…).",
        "Generate a new identity (`hush keygen`), re-seal every file for the new recipient (`hush edit`/`encrypt`), and drop the old one.";
    "generic-secret", Warning, "Hard-coded credential",
        "A password, secret, token or API key assigned a literal, high-entropy value in code or configuration.",
        "Move the value to a sealed file or a secret store and read it at run time; rotate it if it was ever committed.";
    "k8s-secret-data", Error, "Kubernetes Secret in plaintext",
        "A Kubernetes Secret with literal values in `stringData` or base64-encoded (not encrypted) values in `data`.",
        "Seal the manifest (`hush encrypt` seals only data/stringData of a Secret) or use SealedSecrets/External Secrets; rotate the values.";
    "k8s-configmap-credential", Error, "Credential in a ConfigMap",
        "A ConfigMap entry that holds a credential; ConfigMaps are neither encrypted at rest nor access-restricted like Secrets.",
        "Move the value to a Secret (sealed in the repository) and reference it from the workload.";
    "k8s-env-literal", Error, "Literal secret in a container env var",
        "A Pod/Deployment/StatefulSet/DaemonSet/Job/CronJob env var with a secret-looking name and a literal `value`.",
        "Use `valueFrom.secretKeyRef` (or `envFrom.secretRef`) pointing at a Secret instead of a literal value.";
    "kubeconfig-credential", Error, "Credential in a kubeconfig",
        "A kubeconfig user with an embedded client key (`client-key-data`), bearer token or password.",
        "Revoke the credential (delete the token / reissue the client certificate) and keep kubeconfigs out of the repository.";
    "k8s-encryption-config-key", Error, "EncryptionConfiguration key in plaintext",
        "A kube-apiserver EncryptionConfiguration with a literal aescbc/aesgcm/secretbox key.",
        "Seal the file (`hush encrypt`), rotate the key following the Kubernetes key-rotation procedure, and re-encrypt Secrets.";
    "k8s-encryption-config-identity-first", Warning, "EncryptionConfiguration writes plaintext",
        "An EncryptionConfiguration whose first provider is `identity`, so new Secrets are stored unencrypted in etcd.",
        "Put an encrypting provider (kms v2, aescbc, aesgcm, secretbox) first and keep `identity` last, only for reading old data.";
    "helm-values-secret", Error, "Secret in Helm values",
        "A Helm values file with a literal password, token or key.",
        "Reference an existing Secret (`existingSecret`) or seal the values file (helm-secrets / `hush encrypt`).";
    "compose-environment-secret", Error, "Secret in docker-compose environment",
        "A docker-compose service `environment` entry with a secret-looking name and a literal value.",
        "Use `${VAR}` interpolation from an uncommitted env file, or compose `secrets:`.";
    "dockerfile-secret", Error, "Secret baked into an image",
        "A Dockerfile `ENV` or `ARG` with a secret-looking name and a literal value; it stays in the image layers and history.",
        "Use build secrets (`RUN --mount=type=secret`) or pass the value at run time; rotate the value.";
    "dotenv-secret", Error, "Secret in a committed .env file",
        "A committed .env file with a secret-looking variable set to a literal value.",
        "Remove the file from the repository (add it to .gitignore), commit a `.env.example` with placeholders, and rotate the values.";
    "sops-unencrypted-value", Error, "Plaintext value in a sealed file",
        "A file with sops metadata whose own encryption rule says a value must be encrypted, but the value is plaintext.",
        "Re-seal the file (`hush edit` or `hush decrypt` then `hush encrypt`) so every selected value is encrypted; rotate the exposed value.";
    "sops-unsealed-file", Error, "Plaintext file where a creation rule requires a sealed one",
        "A file whose path matches a creation rule's path_regex in .hush.yaml or .sops.yaml has no sops metadata: it was committed, or is about to be, in plaintext.",
        "Seal it with `hush encrypt -i FILE` (the rule supplies the recipients) and rotate its values if it was ever pushed; or narrow the rule's path_regex if the file is not a secret.";
}

/// The rule with this id, if it is built in.
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_lowercase_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: ids are kebab-case",
                r.id
            );
            assert!(!r.title.is_empty() && r.description.len() > 20, "{}", r.id);
            assert!(r.help.len() > 20, "{}: help must say what to do", r.id);
        }
        assert_eq!(find("jwt").map(|r| r.severity), Some(Severity::Warning));
        assert!(find("nope").is_none());
    }
}
