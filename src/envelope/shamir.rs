//! Shamir secret sharing over GF(2^8) with the AES polynomial (x^8+x^4+x^3+x+1), the scheme
//! sops forked from HashiCorp Vault: a share is the y-bytes followed by one x-byte.

use rand::RngCore;
use zeroize::Zeroizing;

/// Splits `secret` into `parts` shares, any `threshold` of which recover it.
pub fn split(
    secret: &[u8],
    parts: usize,
    threshold: usize,
) -> Result<Vec<Zeroizing<Vec<u8>>>, String> {
    if !(2..=255).contains(&threshold) || parts < threshold || parts > 255 {
        return Err(format!(
            "cannot split into {parts} parts with threshold {threshold} (threshold must be 2..=parts, parts at most 255)"
        ));
    }
    let mut shares: Vec<Zeroizing<Vec<u8>>> = (1..=parts)
        .map(|x| {
            let mut v = Zeroizing::new(vec![0u8; secret.len() + 1]);
            v[secret.len()] = x as u8;
            v
        })
        .collect();
    let mut coefficients = Zeroizing::new(vec![0u8; threshold]);
    for (i, &byte) in secret.iter().enumerate() {
        rand::rngs::OsRng.fill_bytes(&mut coefficients[1..]);
        coefficients[0] = byte;
        for share in shares.iter_mut() {
            let x = share[secret.len()];
            share[i] = evaluate(&coefficients, x);
        }
    }
    Ok(shares)
}

/// Recombines shares (each y-bytes then x-byte) by Lagrange interpolation at x = 0.
pub fn combine(shares: &[Zeroizing<Vec<u8>>]) -> Result<Zeroizing<Vec<u8>>, String> {
    let first = shares.first().ok_or("no shares")?;
    let len = first.len();
    if len < 2 || shares.iter().any(|s| s.len() != len) {
        return Err("shares have different or invalid lengths".into());
    }
    let xs: Vec<u8> = shares.iter().map(|s| s[len - 1]).collect();
    for (i, x) in xs.iter().enumerate() {
        if xs[..i].contains(x) {
            return Err("duplicate share".into());
        }
    }
    let mut secret = Zeroizing::new(vec![0u8; len - 1]);
    for (byte, out) in secret.iter_mut().enumerate() {
        let mut acc = 0u8;
        for (i, share) in shares.iter().enumerate() {
            let mut basis = 1u8;
            for (j, &xj) in xs.iter().enumerate() {
                if i != j {
                    basis = mul(basis, div(xj, xs[i] ^ xj));
                }
            }
            acc ^= mul(share[byte], basis);
        }
        *out = acc;
    }
    Ok(secret)
}

fn evaluate(coefficients: &[u8], x: u8) -> u8 {
    coefficients
        .iter()
        .rev()
        .fold(0u8, |acc, &c| mul(acc, x) ^ c)
}

fn mul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0u8;
    while b != 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        let carry = a & 0x80 != 0;
        a <<= 1;
        if carry {
            a ^= 0x1b;
        }
        b >>= 1;
    }
    p
}

fn inverse(a: u8) -> u8 {
    // a^254 = a^-1 in GF(2^8).
    let mut result = 1u8;
    let mut base = a;
    let mut e = 254u8;
    while e > 0 {
        if e & 1 != 0 {
            result = mul(result, base);
        }
        base = mul(base, base);
        e >>= 1;
    }
    result
}

fn div(a: u8, b: u8) -> u8 {
    mul(a, inverse(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_threshold_subset_recovers_the_secret() {
        let secret: Vec<u8> = (0..32).collect();
        let shares = split(&secret, 3, 2).unwrap();
        assert!(shares.iter().all(|s| s.len() == 33));
        assert_eq!(shares[2][32], 3);
        for pair in [[0, 1], [0, 2], [1, 2]] {
            let subset = vec![shares[pair[0]].clone(), shares[pair[1]].clone()];
            assert_eq!(&combine(&subset).unwrap()[..], &secret[..]);
        }
        let one = vec![shares[0].clone()];
        assert_ne!(&combine(&one).unwrap()[..], &secret[..]);
    }

    #[test]
    fn field_arithmetic() {
        assert_eq!(mul(0x57, 0x83), 0xc1); // FIPS-197 example
        for a in 1..=255u8 {
            assert_eq!(mul(a, inverse(a)), 1);
        }
    }

    #[test]
    fn bad_parameters() {
        assert!(split(b"k", 1, 1).is_err());
        assert!(split(b"k", 2, 3).is_err());
        assert!(combine(&[]).is_err());
    }
}
