//! Unguessable tokens, e.g. for a secret calendar-feed link. The randomness comes from the
//! host (WASI `random`, a cryptographically secure generator).

/// 128 random bits as 32 lowercase hex digits.
pub fn token() -> String {
    let mut bytes = [0u8; 16];
    // The host's generator does not fail; should it ever, a predictable token would be worse
    // than a failed call, so the call fails.
    getrandom::fill(&mut bytes).expect("the host's random generator failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `given` equals `secret`, comparing every byte so that the time taken does not
/// tell how much of a guess was right.
pub fn same_secret(given: &str, secret: &str) -> bool {
    given.len() == secret.len()
        && !secret.is_empty()
        && given
            .bytes()
            .zip(secret.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_differ() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("", ""));
    }
}
