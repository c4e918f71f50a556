//! Validated input types and the per-field errors a form shows when input is rejected.
//!
//! Error messages are translation keys, so the same validation speaks German and English.

use serde::Serialize;

/// The problems found in one submitted form, each tied to the field it concerns.
#[derive(Debug, Default, Clone, Serialize)]
pub struct FieldErrors(Vec<FieldError>);

/// One rejected field and the translation key of the message explaining why.
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: &'static str,
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &'static str, message: &'static str) {
        self.0.push(FieldError { field, message });
    }

    /// Records the error of a validation result, if any, and passes the value on.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
}

/// A normalised (trimmed, lower-case) email address of plausible shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, &'static str> {
        let email = input.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && match email.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if email.is_empty() {
            Err("error-required")
        } else if valid {
            Ok(Email(email))
        } else {
            Err("error-email-invalid")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password long enough to resist guessing (at least 10 characters, at most 1000).
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(input: &str) -> Result<NewPassword, &'static str> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            Err("error-password-short")
        } else if chars > 1000 {
            Err("error-too-long")
        } else {
            Ok(NewPassword(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims `input` and requires it to be non-empty and at most `max` characters.
pub fn required_text(input: &str, max: usize) -> Result<String, &'static str> {
    let text = input.trim();
    if text.is_empty() {
        Err("error-required")
    } else {
        optional_text(text, max)
    }
}

/// Trims `input` and requires it to be at most `max` characters (empty is fine).
pub fn optional_text(input: &str, max: usize) -> Result<String, &'static str> {
    let text = input.trim();
    if text.chars().count() > max {
        Err("error-too-long")
    } else if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err("error-invalid-characters")
    } else {
        Ok(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let check = |input: &str, expected: Result<&str, &str>| {
            assert_eq!(
                Email::parse(input).map(|e| e.0),
                expected.map(str::to_owned),
                "{input}"
            );
        };
        check(" Anna@Example.ORG ", Ok("anna@example.org"));
        check("", Err("error-required"));
        check("anna", Err("error-email-invalid"));
        check("anna@localhost", Err("error-email-invalid"));
        check("a b@example.org", Err("error-email-invalid"));
        check("a@b@example.org", Err("error-email-invalid"));
        check("@example.org", Err("error-email-invalid"));
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("123456789").is_err());
        assert!(NewPassword::parse("1234567890").is_ok());
        assert!(NewPassword::parse("äöüäöüäöüä").is_ok());
    }

    #[test]
    fn texts() {
        assert_eq!(required_text("  x ", 5), Ok("x".to_owned()));
        assert_eq!(required_text("   ", 5), Err("error-required"));
        assert_eq!(required_text("abcdef", 5), Err("error-too-long"));
        assert_eq!(optional_text("a\u{0}b", 5), Err("error-invalid-characters"));
    }
}
