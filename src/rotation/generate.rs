//! Value generators (`--generate SPEC`): `password:LEN[:CLASSES]`, `hex:BYTES`,
//! `base64:BYTES`, `uuid`, `age-identity` and `ed25519`, all drawn from the OS CSPRNG, and
//! `command:CMD`, an external generator run through `sh -c` whose standard output (minus
//! one trailing newline) is the value.
//!
//! Keypairs are stored as their private half, which the public half derives from:
//! `age-identity` as `AGE-SECRET-KEY-1...`, `ed25519` as an unencrypted OpenSSH private key
//! (`-----BEGIN OPENSSH PRIVATE KEY-----`, what `ssh-keygen -t ed25519` writes, comment
//! `hush`). [`public_key`] derives the public half (`hush secret get --public`).

use base64::Engine;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A parsed generator spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Generator {
    /// `password:LEN[:CLASSES]`; CLASSES letters: `l` lower, `u` upper, `d` digits, `s` symbols.
    Password {
        len: usize,
        classes: Vec<Class>,
    },
    Hex {
        bytes: usize,
    },
    Base64 {
        bytes: usize,
    },
    Uuid,
    AgeIdentity,
    Ed25519,
    /// `command:CMD`: the standard output of `sh -c CMD`.
    Command {
        command: String,
    },
}

/// A character class of generated passwords.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Lower,
    Upper,
    Digit,
    Symbol,
}

impl Class {
    fn chars(self) -> &'static [u8] {
        match self {
            Class::Lower => b"abcdefghijklmnopqrstuvwxyz",
            Class::Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            Class::Digit => b"0123456789",
            Class::Symbol => b"!#%+,-.:=@^_~",
        }
    }
}

/// The generator used when none is given.
pub const DEFAULT_SPEC: &str = "password:32";

const MAX_LEN: usize = 4096;

impl Generator {
    /// Parses a spec such as `password:32:luds` or `hex:32`.
    pub fn parse(spec: &str) -> Result<Generator> {
        let bad = |reason: String| Error::Generator {
            spec: spec.to_string(),
            reason,
        };
        if let Some(command) = spec.strip_prefix("command:") {
            if command.trim().is_empty() {
                return Err(bad(
                    "command: needs a shell command, e.g. command:'pwgen 32 1'".into(),
                ));
            }
            return Ok(Generator::Command {
                command: command.to_string(),
            });
        }
        let mut parts = spec.split(':');
        let kind = parts.next().unwrap_or_default();
        let args: Vec<&str> = parts.collect();
        let size = |s: Option<&&str>, what: &str| -> Result<usize> {
            let s = s.ok_or_else(|| bad(format!("{kind} needs a {what}, e.g. {kind}:32")))?;
            match s.parse::<usize>() {
                Ok(n) if (1..=MAX_LEN).contains(&n) => Ok(n),
                _ => Err(bad(format!("{what} must be a number from 1 to {MAX_LEN}"))),
            }
        };
        let no_more = |max: usize| {
            if args.len() > max {
                Err(bad("too many `:` parts".into()))
            } else {
                Ok(())
            }
        };
        match kind {
            "password" => {
                no_more(2)?;
                let len = size(args.first(), "length")?;
                let classes = classes(args.get(1).copied().unwrap_or("lud")).map_err(bad)?;
                if len < classes.len() {
                    return Err(bad("the length is shorter than the number of classes".into()));
                }
                Ok(Generator::Password { len, classes })
            }
            "hex" => no_more(1).and_then(|_| Ok(Generator::Hex {
                bytes: size(args.first(), "byte count")?,
            })),
            "base64" => no_more(1).and_then(|_| Ok(Generator::Base64 {
                bytes: size(args.first(), "byte count")?,
            })),
            "uuid" => no_more(0).map(|_| Generator::Uuid),
            "age-identity" => no_more(0).map(|_| Generator::AgeIdentity),
            "ed25519" => no_more(0).map(|_| Generator::Ed25519),
            _ => Err(bad(
                "unknown generator; expected password:LEN[:CLASSES], hex:BYTES, base64:BYTES, uuid, age-identity, ed25519 or command:CMD".into(),
            )),
        }
    }

    /// A fresh value; only `command:` can fail.
    pub fn generate(&self) -> Result<Zeroizing<Vec<u8>>> {
        Ok(match self {
            Generator::Password { len, classes } => password(*len, classes),
            Generator::Hex { bytes } => Zeroizing::new(hex::encode(random(*bytes)).into_bytes()),
            Generator::Base64 { bytes } => Zeroizing::new(
                base64::engine::general_purpose::STANDARD
                    .encode(random(*bytes))
                    .into_bytes(),
            ),
            Generator::Uuid => Zeroizing::new(uuid_v4().into_bytes()),
            Generator::AgeIdentity => {
                use secrecy::ExposeSecret;
                let id = age::x25519::Identity::generate();
                Zeroizing::new(id.to_string().expose_secret().as_bytes().to_vec())
            }
            Generator::Ed25519 => ed25519()?,
            Generator::Command { command } => super::command::run(command)?,
        })
    }
}

/// A fresh Ed25519 keypair as an OpenSSH private key.
fn ed25519() -> Result<Zeroizing<Vec<u8>>> {
    let failed = |e: ssh_key::Error| Error::Generator {
        spec: "ed25519".into(),
        reason: e.to_string(),
    };
    let mut key =
        ssh_key::PrivateKey::random(&mut OsRng, ssh_key::Algorithm::Ed25519).map_err(failed)?;
    key.set_comment("hush");
    let pem = key.to_openssh(ssh_key::LineEnding::LF).map_err(failed)?;
    Ok(Zeroizing::new(pem.as_bytes().to_vec()))
}

/// The public half of a keypair value: `ssh-ed25519 AAAA... hush` for an OpenSSH private
/// key, `age1...` for an age identity; `None` for any other value.
pub fn public_key(value: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(value).ok()?.trim();
    if text.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
        let key = ssh_key::PrivateKey::from_openssh(text).ok()?;
        return key.public_key().to_openssh().ok();
    }
    if text.starts_with("AGE-SECRET-KEY-1") {
        let id: age::x25519::Identity = text.parse().ok()?;
        return Some(id.to_public().to_string());
    }
    None
}

fn classes(letters: &str) -> std::result::Result<Vec<Class>, String> {
    let mut out = Vec::new();
    for c in letters.chars() {
        let class = match c {
            'l' => Class::Lower,
            'u' => Class::Upper,
            'd' => Class::Digit,
            's' => Class::Symbol,
            _ => {
                return Err(format!(
                    "unknown class `{c}`; use l (lower), u (upper), d (digits), s (symbols)"
                ));
            }
        };
        if !out.contains(&class) {
            out.push(class);
        }
    }
    if out.is_empty() {
        return Err("no character classes".into());
    }
    Ok(out)
}

fn random(n: usize) -> Zeroizing<Vec<u8>> {
    let mut buf = Zeroizing::new(vec![0u8; n]);
    OsRng.fill_bytes(&mut buf);
    buf
}

/// Uniform characters from the union of `classes`, redrawn until every class appears.
fn password(len: usize, classes: &[Class]) -> Zeroizing<Vec<u8>> {
    let alphabet: Vec<u8> = classes.iter().flat_map(|c| c.chars()).copied().collect();
    loop {
        let pw: Zeroizing<Vec<u8>> = Zeroizing::new(
            (0..len)
                .map(|_| alphabet[OsRng.gen_range(0..alphabet.len())])
                .collect(),
        );
        if classes
            .iter()
            .all(|c| pw.iter().any(|b| c.chars().contains(b)))
        {
            return pw;
        }
    }
}

/// A random (version 4) UUID.
pub(crate) fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    OsRng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_have_the_length_and_every_class() {
        let g = Generator::parse("password:12:luds").unwrap();
        let pw = g.generate().unwrap();
        assert_eq!(pw.len(), 12);
        for class in [Class::Lower, Class::Upper, Class::Digit, Class::Symbol] {
            assert!(pw.iter().any(|b| class.chars().contains(b)));
        }
        assert_ne!(*pw, *g.generate().unwrap());
    }

    #[test]
    fn sizes_and_formats() {
        let make = |spec: &str| Generator::parse(spec).unwrap().generate().unwrap();
        assert_eq!(make("hex:16").len(), 32);
        assert_eq!(make("base64:3").len(), 4);
        let u = String::from_utf8(make("uuid").to_vec()).unwrap();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        let id = make("age-identity");
        assert!(id.starts_with(b"AGE-SECRET-KEY-1"));
        assert!(public_key(&id).unwrap().starts_with("age1"));
    }

    #[test]
    fn ed25519_is_an_openssh_private_key_with_a_public_half() {
        let pem = Generator::parse("ed25519").unwrap().generate().unwrap();
        let key = ssh_key::PrivateKey::from_openssh(&pem[..]).unwrap();
        assert_eq!(key.algorithm(), ssh_key::Algorithm::Ed25519);
        let public = public_key(&pem).unwrap();
        assert!(public.starts_with("ssh-ed25519 AAAA"), "{public}");
        assert!(public.ends_with(" hush"));
        assert_eq!(public_key(b"hunter2"), None);
    }

    #[test]
    fn command_specs_keep_their_colons() {
        assert_eq!(
            Generator::parse("command:printf a:b").unwrap(),
            Generator::Command {
                command: "printf a:b".into()
            }
        );
        assert!(Generator::parse("command: ").is_err());
    }

    #[test]
    fn rejects_bad_specs() {
        for bad in [
            "password",
            "password:0",
            "password:3:lx",
            "hex:x",
            "uuid:1",
            "ed",
            "password:2:luds",
            "ed25519:1",
        ] {
            assert!(Generator::parse(bad).is_err(), "{bad}");
        }
    }
}
