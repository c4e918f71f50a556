//! One-click unsubscribe links (RFC 8058): a token names whom and what it unsubscribes and
//! carries an HMAC made with the instance's secret, so it works without logging in but
//! cannot be forged or changed to unsubscribe someone else.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyPool;

/// What a token unsubscribes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One kind of notification of one module in one community: it becomes in-app only.
    Kind {
        account_id: i64,
        community_id: i64,
        source: String,
        kind: String,
    },
    /// The daily digest: every kind in it becomes in-app only.
    Digest { account_id: i64 },
}

impl Scope {
    pub fn account_id(&self) -> i64 {
        match self {
            Scope::Kind { account_id, .. } | Scope::Digest { account_id } => *account_id,
        }
    }

    fn payload(&self) -> String {
        match self {
            Scope::Kind {
                account_id,
                community_id,
                source,
                kind,
            } => format!("k.{account_id}.{community_id}.{source}.{kind}"),
            Scope::Digest { account_id } => format!("d.{account_id}"),
        }
    }
}

/// The instance's signing key, the same in every process (stored in the database).
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

const SECRET_KEY: &str = "unsubscribe_secret";

impl Secret {
    /// Loads the secret, creating it on first start; two processes starting at once agree
    /// on whichever was stored first.
    pub async fn load_or_create(pool: &AnyPool) -> Result<Self, sqlx::Error> {
        sqlx::query(
            "INSERT INTO instance_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(SECRET_KEY)
        .bind(crate::tokens::new_token())
        .execute(pool)
        .await?;
        let value: String =
            sqlx::query_scalar("SELECT value FROM instance_settings WHERE key = $1")
                .bind(SECRET_KEY)
                .fetch_one(pool)
                .await?;
        Ok(Self(value.into_bytes()))
    }

    #[cfg(test)]
    fn fixed(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    fn signature(&self, payload: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        let bytes = mac.finalize().into_bytes();
        // 128 bits are plenty against guessing and keep the link short.
        bytes[..16].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The token for a scope.
    pub fn token(&self, scope: &Scope) -> String {
        let payload = scope.payload();
        format!("{payload}.{}", self.signature(&payload))
    }

    /// The scope of a genuine token; `None` for anything forged, changed or malformed.
    pub fn verify(&self, token: &str) -> Option<Scope> {
        let (payload, signature) = token.rsplit_once('.')?;
        if !crate::tokens::constant_time_eq(signature, &self.signature(payload)) {
            return None;
        }
        let parts: Vec<&str> = payload.split('.').collect();
        match parts.as_slice() {
            ["k", account, community, source, kind] => Some(Scope::Kind {
                account_id: account.parse().ok()?,
                community_id: community.parse().ok()?,
                source: (*source).to_owned(),
                kind: (*kind).to_owned(),
            }),
            ["d", account] => Some(Scope::Digest {
                account_id: account.parse().ok()?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind() -> Scope {
        Scope::Kind {
            account_id: 7,
            community_id: 3,
            source: "newsboard".into(),
            kind: "posts".into(),
        }
    }

    #[test]
    fn tokens_round_trip() {
        let secret = Secret::fixed(b"key");
        assert_eq!(secret.verify(&secret.token(&kind())), Some(kind()));
        let digest = Scope::Digest { account_id: 7 };
        assert_eq!(secret.verify(&secret.token(&digest)), Some(digest));
    }

    #[test]
    fn changed_or_foreign_tokens_are_refused() {
        let secret = Secret::fixed(b"key");
        let token = secret.token(&kind());
        assert_eq!(secret.verify(&token.replacen("k.7.", "k.8.", 1)), None);
        assert_eq!(Secret::fixed(b"other").verify(&token), None);
        assert_eq!(secret.verify("k.7.3.newsboard.posts"), None);
        assert_eq!(secret.verify(""), None);
    }
}
