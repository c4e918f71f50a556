//! Photo fixtures: JPEGs that carry an EXIF GPS position (as a phone writes them), PNGs, and
//! small readers to check what the server hands back. Built here with the `image` crate and by
//! hand, sharing nothing with the host's own code.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// Bytes in the GPS data of [`jpeg_with_gps`] (its GPSAreaInformation) that appear nowhere
/// else: search the served bytes for them.
pub const GPS_MARKER: &[u8] = b"Ransbach-Baumbach, Kirchplatz, 50.4660N 7.7271E";

/// A photo-like JPEG (soft gradients and shapes, quality 90) of `width`×`height` whose APP1
/// segment holds EXIF with camera make and model, orientation "upright", a date and a GPS
/// position (latitude, longitude, altitude and [`GPS_MARKER`]).
pub fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let photo = RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x * 255 / width.max(1), y * 255 / height.max(1));
        let ring = (u.abs_diff(128).pow(2) + v.abs_diff(140).pow(2)) / 64 % 64;
        Rgb([
            (u / 2 + 60 + ring) as u8,
            (v / 2 + 70) as u8,
            (200 - v / 2 + ring / 2) as u8,
        ])
    });
    let jpeg = encode_jpeg(&photo, 90);
    let exif = exif_with_gps();
    let length = u16::try_from(exif.len() + 2).expect("EXIF fits one segment");
    let mut out = jpeg[..2].to_vec(); // start of image
    out.extend([0xFF, 0xE1]);
    out.extend(length.to_be_bytes());
    out.extend(exif);
    out.extend(&jpeg[2..]);
    out
}

/// A JPEG of random noise at quality 95: it barely compresses, so it is large for its size.
pub fn noisy_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x2545_F491_u32;
    let noise = RgbImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [red, green, blue, _] = state.to_le_bytes();
        Rgb([red, green, blue])
    });
    encode_jpeg(&noise, 95)
}

/// A PNG of `width`×`height` with real transparency: an opaque disc on a transparent
/// background (processed, it stays a PNG).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let (cx, cy, r) = (width / 2, height / 2, width.min(height) / 2);
    let disc = RgbaImage::from_fn(width, height, |x, y| {
        if x.abs_diff(cx).pow(2) + y.abs_diff(cy).pow(2) <= r * r {
            Rgba([30, 120, 200, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(disc)
        .write_to(&mut out, ImageFormat::Png)
        .expect("PNG encodes");
    out.into_inner()
}

/// Whether the JPEG has an APP1 segment with an EXIF block (looked for before the image data).
pub fn has_exif(jpeg: &[u8]) -> bool {
    let mut at = 2;
    while let Some(&[0xFF, marker, high, low]) = jpeg.get(at..at + 4) {
        let end = at + 2 + usize::from(u16::from_be_bytes([high, low]));
        if marker == 0xE1
            && jpeg
                .get(at + 4..end)
                .is_some_and(|p| p.starts_with(b"Exif\0\0"))
        {
            return true;
        }
        if marker == 0xDA {
            return false; // start of scan: no metadata segments follow
        }
        at = end;
    }
    false
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// Width and height of the decoded image; panics if the bytes do not decode.
pub fn image_size(bytes: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory(bytes).expect("bytes that decode as an image");
    (image.width(), image.height())
}

/// `"jpeg"`, `"png"` or `"other"`, from the magic bytes.
pub fn content_format(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpeg"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "png"
    } else {
        "other"
    }
}

fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .expect("JPEG encodes");
    out
}

// EXIF: "Exif\0\0", then a little-endian TIFF structure: IFD0 (the camera's fields and a pointer
// to the GPS IFD), then the GPS IFD. Values longer than four bytes follow their IFD.

const BYTE: u16 = 1;
const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const RATIONAL: u16 = 5;
const UNDEFINED: u16 = 7;

/// One IFD entry: tag, field type, count and the value's bytes.
struct Field(u16, u16, u32, Vec<u8>);

impl Field {
    fn text(tag: u16, text: &str) -> Field {
        let value = [text.as_bytes(), b"\0"].concat();
        Field(tag, ASCII, value.len() as u32, value)
    }

    fn rationals(tag: u16, values: &[(u32, u32)]) -> Field {
        let value = values
            .iter()
            .flat_map(|(numerator, denominator)| {
                [numerator.to_le_bytes(), denominator.to_le_bytes()].concat()
            })
            .collect();
        Field(tag, RATIONAL, values.len() as u32, value)
    }
}

/// Appends an IFD to `tiff` and returns where each entry's value (or value offset) sits.
fn push_ifd(tiff: &mut Vec<u8>, fields: Vec<Field>) -> Vec<usize> {
    let mut overflow_at = tiff.len() + 2 + 12 * fields.len() + 4;
    let mut overflow = Vec::new();
    let mut slots = Vec::new();
    tiff.extend((fields.len() as u16).to_le_bytes());
    for Field(tag, kind, count, mut value) in fields {
        tiff.extend(tag.to_le_bytes());
        tiff.extend(kind.to_le_bytes());
        tiff.extend(count.to_le_bytes());
        slots.push(tiff.len());
        if value.len() <= 4 {
            value.resize(4, 0);
            tiff.extend(value);
        } else {
            tiff.extend((overflow_at as u32).to_le_bytes());
            value.resize(value.len().next_multiple_of(2), 0);
            overflow_at += value.len();
            overflow.extend(value);
        }
    }
    tiff.extend(0u32.to_le_bytes()); // no next IFD
    tiff.extend(overflow);
    slots
}

fn exif_with_gps() -> Vec<u8> {
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    let slots = push_ifd(
        &mut tiff,
        vec![
            Field::text(0x010F, "Quartier Test Optics"),
            Field::text(0x0110, "Fixture Phone 7"),
            Field(0x0112, SHORT, 1, 1u16.to_le_bytes().to_vec()),
            Field::text(0x0132, "2024:05:17 09:41:00"),
            Field(0x8825, LONG, 1, vec![0; 4]), // GPS IFD offset, set below
        ],
    );
    let gps_ifd = (tiff.len() as u32).to_le_bytes();
    tiff[slots[4]..slots[4] + 4].copy_from_slice(&gps_ifd);
    let area = [&b"ASCII\0\0\0"[..], GPS_MARKER].concat();
    push_ifd(
        &mut tiff,
        vec![
            Field(0x0000, BYTE, 4, vec![2, 3, 0, 0]),
            Field::text(0x0001, "N"),
            Field::rationals(0x0002, &[(50, 1), (27, 1), (5760, 100)]),
            Field::text(0x0003, "E"),
            Field::rationals(0x0004, &[(7, 1), (43, 1), (3756, 100)]),
            Field(0x0005, BYTE, 1, vec![0]),
            Field::rationals(0x0006, &[(2874, 10)]),
            Field(0x001C, UNDEFINED, area.len() as u32, area),
        ],
    );
    [&b"Exif\0\0"[..], &tiff].concat()
}

/// The fixtures themselves, without a server: what the other tests rely on.
#[test]
fn the_fixtures_are_what_they_claim_to_be() {
    let photo = jpeg_with_gps(320, 240);
    assert_eq!(content_format(&photo), "jpeg");
    assert!(has_exif(&photo));
    assert!(contains(&photo, GPS_MARKER));
    assert_eq!(image_size(&photo), (320, 240));

    let noise = noisy_jpeg(64, 48);
    assert!(!has_exif(&noise));
    assert_eq!(image_size(&noise), (64, 48));

    let disc = png(64, 48);
    assert_eq!(content_format(&disc), "png");
    assert_eq!(image_size(&disc), (64, 48));
    assert_eq!(content_format(b"GIF89a"), "other");
}
