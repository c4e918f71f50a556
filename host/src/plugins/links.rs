//! Links a plugin hands the host (redirects, notification and banner links) are paths below
//! its mount; one check decides, so a link can never lead out of the plugin's part of the site.

/// True for a path below the mount: starts with one `/`, no backslash or control characters,
/// and no `.` or `..` segment even after percent-decoding (browsers resolve those, so
/// `/../../admin` would leave the plugin's mount).
pub fn stays_below_mount(location: &str) -> bool {
    if !location.starts_with('/')
        || location.starts_with("//")
        || location.contains('\\')
        || location.chars().any(char::is_control)
    {
        return false;
    }
    let path = location.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path);
    !decoded
        .split(['/', '\\'])
        .any(|segment| segment == "." || segment == "..")
}

/// Decodes `%XX` escapes (repeatedly, so `%252e` cannot hide a dot either).
fn percent_decode(input: &str) -> String {
    let mut current = input.to_owned();
    for _ in 0..3 {
        let bytes = current.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if bytes[i] == b'%'
                && i + 2 < bytes.len()
                && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
            {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        let next = String::from_utf8_lossy(&out).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::stays_below_mount;

    #[test]
    fn redirects_stay_below_the_mount() {
        let check =
            |location: &str, ok: bool| assert_eq!(stays_below_mount(location), ok, "{location}");
        check("/", true);
        check("/posts/42?x=1#top", true);
        check("/a..b/c", true);
        check("//evil.example", false);
        check("https://evil.example", false);
        check("/../../admin", false);
        check("/x/%2e%2e/%2E%2E/admin", false);
        check("/x/%252e%252e/admin", false);
        check("/./x", false);
        check("/x\\..\\admin", false);
        check("/x\r\n", false);
    }
}
