//! Reading the `Cookie` header and writing `Set-Cookie` values with the instance's policy:
//! always HttpOnly and SameSite=Lax, Secure when the instance is served over https.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

pub const SESSION: &str = "quartier_session";
pub const CSRF: &str = "quartier_csrf";
pub const FLASH: &str = "quartier_flash";
pub const LANG: &str = "quartier_lang";

/// The value of one cookie from the request headers.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value. `max_age_secs: None` makes a browser-session cookie; `Some(0)` deletes.
pub fn set(name: &str, value: &str, max_age_secs: Option<i64>, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_secs {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", Some(0), secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "a=1; quartier_lang=en; b=2".parse().unwrap());
        assert_eq!(get(&headers, LANG), Some("en"));
        assert_eq!(get(&headers, "c"), None);
        assert_eq!(
            set("x", "y", None, false),
            "x=y; Path=/; HttpOnly; SameSite=Lax"
        );
        assert_eq!(
            clear("x", true),
            "x=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
        );
    }
}
