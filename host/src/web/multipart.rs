//! `multipart/form-data` bodies, parsed once by the guard (which needs the CSRF field) and
//! handed to the plugin pages as a request extension.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, header};

use crate::blobs::uploads::FilePart;

/// The decoded parts of a multipart form.
#[derive(Debug, Clone, Default)]
pub struct MultipartForm {
    /// Text fields, in order.
    pub fields: Vec<(String, String)>,
    /// File fields with a file chosen, in order (browsers send an empty part for an empty
    /// file input; those are left out).
    pub files: Vec<FilePart>,
}

/// The parsed form, shared between the guard and the handler.
pub type Parsed = Arc<MultipartForm>;

/// The boundary if the request is `multipart/form-data`.
pub fn boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mime = content_type.split(';').next()?.trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    multer::parse_boundary(content_type).ok()
}

/// Parses a buffered body; `None` if it is not well-formed multipart or a text field is not
/// UTF-8.
pub async fn parse(boundary: String, body: Bytes) -> Option<MultipartForm> {
    let stream = futures_util::stream::once(async move { Ok::<Bytes, Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = MultipartForm::default();
    while let Some(field) = multipart.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(filename) => {
                let bytes = field.bytes().await.ok()?;
                if filename.is_empty() && bytes.is_empty() {
                    continue;
                }
                form.files.push(FilePart {
                    field: name,
                    filename: file_name_only(&filename),
                    bytes,
                });
            }
            None => {
                let value = field.text().await.ok()?;
                form.fields.push((name, value));
            }
        }
    }
    Some(form)
}

/// The last path segment of a file name, without control characters, at most 100 chars:
/// plugins see a name to show, never a path.
fn file_name_only(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[(&str, Option<&str>, &str)]) -> Bytes {
        let mut out = String::new();
        for (name, filename, content) in parts {
            out.push_str("--XyZ\r\n");
            match filename {
                Some(f) => out.push_str(&format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )),
                None => out.push_str(&format!(
                    "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                )),
            }
            out.push_str(content);
            out.push_str("\r\n");
        }
        out.push_str("--XyZ--\r\n");
        Bytes::from(out)
    }

    #[tokio::test]
    async fn splits_fields_and_files_and_drops_empty_file_inputs() {
        let parsed = parse(
            "XyZ".into(),
            body(&[
                ("title", None, "Schlüssel"),
                ("photo", Some("C:\\Users\\anna\\IMG_1.jpg"), "JPEGDATA"),
                ("photo", Some(""), ""),
                ("csrf_token", None, "abc"),
            ]),
        )
        .await
        .expect("well-formed");
        assert_eq!(
            parsed.fields,
            vec![
                ("title".to_owned(), "Schlüssel".to_owned()),
                ("csrf_token".to_owned(), "abc".to_owned())
            ]
        );
        assert_eq!(parsed.files.len(), 1);
        assert_eq!(parsed.files[0].filename, "IMG_1.jpg");
        assert_eq!(&parsed.files[0].bytes[..], b"JPEGDATA");
    }

    #[tokio::test]
    async fn refuses_garbage() {
        assert!(
            parse("XyZ".into(), Bytes::from_static(b"--XyZ\r\nno headers"))
                .await
                .is_none()
        );
    }

    #[test]
    fn recognises_the_content_type() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=abc".parse().expect("header"),
        );
        assert_eq!(boundary(&headers).as_deref(), Some("abc"));
        headers.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().expect("header"),
        );
        assert_eq!(boundary(&headers), None);
    }
}
