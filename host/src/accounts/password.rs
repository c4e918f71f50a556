//! Password hashing with argon2id, run off the async threads because it is slow on purpose.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// The argon2id cost settings of this instance.
#[derive(Debug, Clone, Copy)]
pub struct Hasher {
    memory_kib: u32,
}

impl Hasher {
    pub fn new(memory_kib: u32) -> Self {
        Self {
            memory_kib: memory_kib.max(Params::MIN_M_COST),
        }
    }

    fn argon2(self) -> Argon2<'static> {
        let params = Params::new(self.memory_kib, 2, 1, None).expect("valid argon2 parameters");
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    /// Hashes a password into a PHC string (algorithm, parameters and salt included).
    pub async fn hash(self, password: String) -> anyhow::Result<String> {
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            self.argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
        })
        .await?
    }

    /// Checks a password against a stored PHC string; a malformed hash never verifies.
    pub async fn verify(self, password: String, phc: String) -> bool {
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(&phc)
                .map(|parsed| {
                    self.argon2()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false)
    }
}
