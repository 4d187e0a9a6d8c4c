//! Where passphrases for encrypted identity files and SSH keys come from:
//! `HUSH_AGE_PASSPHRASE`, else the injected prompt, but only when stdin is a terminal.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

use super::{IdentitySources, PromptFn};

/// The environment variable holding the passphrase for non-interactive use.
pub(super) const ENV: &str = "HUSH_AGE_PASSPHRASE";

/// The passphrase supply resolved once per discovery.
pub(super) struct Passphrase {
    from_env: Option<SecretString>,
    prompt: Option<Arc<PromptFn>>,
}

impl Passphrase {
    pub fn new(src: &IdentitySources) -> Passphrase {
        let from_env = src
            .var(ENV)
            .map(|v| SecretString::from(v.to_string_lossy().into_owned()));
        let prompt = src.stdin_is_terminal.then(|| Arc::clone(&src.prompt));
        Passphrase { from_env, prompt }
    }

    /// Whether [`Passphrase::get`] can produce anything.
    pub fn available(&self) -> bool {
        self.from_env.is_some() || self.prompt.is_some()
    }

    /// Where the passphrase comes from, for error messages.
    pub fn origin(&self) -> &'static str {
        if self.from_env.is_some() {
            ENV
        } else {
            "the prompt"
        }
    }

    /// The passphrase for `what` (a file name, shown in the prompt).
    pub fn get(&self, what: &str) -> Result<SecretString, String> {
        if let Some(p) = &self.from_env {
            return Ok(SecretString::from(p.expose_secret().to_owned()));
        }
        match &self.prompt {
            Some(prompt) => prompt(&format!("Passphrase for {what}"))
                .map_err(|e| format!("cannot read the passphrase: {e}")),
            None => Err(unavailable()),
        }
    }
}

/// The reason given when a passphrase is needed but none can be had.
pub(super) fn unavailable() -> String {
    format!(
        "it is passphrase-protected and stdin is not a terminal, so hush cannot ask for the \
         passphrase; set {ENV}, or supply the identity through SOPS_AGE_KEY_CMD"
    )
}
