//! Uploaded photos: refuse what is not an image, turn it upright, scale it down and re-encode
//! it, so that no metadata of the upload (EXIF with its GPS position, XMP, ICC, comments)
//! survives.

use std::borrow::Cow;
use std::io::Cursor;
use std::ops::Range;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::metadata::Orientation;
use image::{
    DynamicImage, ExtendedColorType, ImageBuffer, ImageDecoder, ImageEncoder, ImageError,
    ImageFormat, ImageReader, Limits, Pixel, RgbImage, RgbaImage,
};

/// Longest side of a stored image, in pixels.
pub const MAX_SIDE: u32 = 2048;
/// Longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 480;
/// Images with more pixels than this are refused before they are decoded (decompression bombs).
pub const MAX_PIXELS: u64 = 40_000_000;

/// What a decoder may allocate, whatever the header claims: the pixels of a 40 MP image in
/// 8-bit RGBA (160 MB) and room for the decoder's own buffers. (A 16-bit image that large is
/// refused as too many pixels.)
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;

pub struct Processed {
    /// `"image/jpeg"` or `"image/png"`.
    pub content_type: &'static str,
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Same content type as `data`.
    pub thumb: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    NotAnImage,
    TooManyPixels,
}

impl From<ImageError> for Refused {
    fn from(error: ImageError) -> Self {
        match error {
            ImageError::Limits(_) => Refused::TooManyPixels,
            _ => Refused::NotAnImage,
        }
    }
}

/// Decodes, turns upright (EXIF orientation), scales down to MAX_SIDE, re-encodes.
/// CPU-heavy: call it on the blocking pool.
pub fn process(bytes: &[u8]) -> Result<Processed, Refused> {
    // The content decides, never a file name or a declared type.
    let format = image::guess_format(bytes).map_err(|_| Refused::NotAnImage)?;
    match format {
        ImageFormat::Png | ImageFormat::WebP => {}
        ImageFormat::Jpeg if is_complete_jpeg(bytes) => {}
        ImageFormat::Gif if is_plausible_gif(bytes) => {}
        _ => return Err(Refused::NotAnImage),
    }

    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder()?; // reads the headers only
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Refused::NotAnImage);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refused::TooManyPixels);
    }
    // A damaged EXIF block is no reason to refuse the picture.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    limits.reserve(decoder.total_bytes())?;
    decoder.set_limits(limits)?;
    let image = DynamicImage::from_decoder(decoder)?; // of a GIF, the first frame

    let sizes = Sizes {
        full: fit(width, height, MAX_SIDE),
        thumb: fit(width, height, THUMB_SIDE),
        orientation,
    };
    let image = if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        if rgba.pixels().any(|pixel| pixel.0[3] < u8::MAX) {
            return transparent(rgba, &sizes);
        }
        DynamicImage::ImageRgba8(rgba)
    } else {
        image
    };
    opaque(&image.into_rgb8(), &sizes)
}

/// What to make of the decoded pixels. Scaling comes before turning: it is the same picture for
/// less work, as turns and flips move pixels without changing them (and the longest side stays
/// the longest side).
struct Sizes {
    full: (u32, u32),
    thumb: (u32, u32),
    orientation: Orientation,
}

fn opaque(image: &RgbImage, sizes: &Sizes) -> Result<Processed, Refused> {
    let data = scale(image, sizes.full)?;
    let thumb = scale(&data, sizes.thumb)?;
    let data = upright(DynamicImage::ImageRgb8(data), sizes.orientation).into_rgb8();
    let thumb = upright(DynamicImage::ImageRgb8(thumb), sizes.orientation).into_rgb8();
    Ok(Processed {
        content_type: "image/jpeg",
        width: data.width(),
        height: data.height(),
        data: jpeg(&data)?,
        thumb: jpeg(&thumb)?,
    })
}

fn transparent(mut image: RgbaImage, sizes: &Sizes) -> Result<Processed, Refused> {
    premultiply(&mut image, true);
    let mut data = scale(&image, sizes.full)?;
    let mut thumb = scale(&data, sizes.thumb)?;
    premultiply(&mut data, false);
    premultiply(&mut thumb, false);
    let data = upright(DynamicImage::ImageRgba8(data), sizes.orientation).into_rgba8();
    let thumb = upright(DynamicImage::ImageRgba8(thumb), sizes.orientation).into_rgba8();
    Ok(Processed {
        content_type: "image/png",
        width: data.width(),
        height: data.height(),
        data: png(&data)?,
        thumb: png(&thumb)?,
    })
}

const SOS: u8 = 0xDA;
const EOI: [u8; 2] = [0xFF, 0xD9];

/// The segments of a JPEG up to and including its first start-of-scan: marker and where the
/// payload lies.
fn segments(jpeg: &[u8]) -> impl Iterator<Item = (u8, Range<usize>)> + '_ {
    let mut at = 2; // after the start-of-image marker
    let mut scan_reached = false;
    std::iter::from_fn(move || {
        while jpeg.get(at..at + 2) == Some(&[0xFF, 0xFF]) {
            at += 1; // fill byte
        }
        let [0xFF, marker, high, low] = *jpeg.get(at..at + 4)? else {
            return None;
        };
        let length = usize::from(u16::from_be_bytes([high, low])); // counts itself
        if scan_reached || length < 2 || at + 2 + length > jpeg.len() {
            return None;
        }
        let payload = at + 4..at + 2 + length;
        at = payload.end;
        scan_reached = marker == SOS;
        Some((marker, payload))
    })
}

/// The JPEG decoder fills missing scan data with grey; a JPEG cut short is refused instead.
/// Its end-of-image marker can be followed by other data (motion photos append a video).
fn is_complete_jpeg(jpeg: &[u8]) -> bool {
    segments(jpeg)
        .find(|(marker, _)| *marker == SOS)
        .and_then(|(_, header)| jpeg.get(header.end..))
        .is_some_and(|scan| scan.windows(2).rev().any(|pair| pair == EOI))
}

/// A GIF header has no checksum: any text after "GIF89a" reads as some size, possibly a huge
/// one. What follows the screen descriptor (and colour table) must be an extension or an image.
fn is_plausible_gif(gif: &[u8]) -> bool {
    let Some(&flags) = gif.get(10) else {
        return false;
    };
    let colour_table = if flags & 0x80 == 0 {
        0
    } else {
        3 << ((flags & 7) + 1)
    };
    matches!(gif.get(13 + colour_table), Some(0x21 | 0x2C))
}

/// The size of a `width`×`height` image shrunk so its longest side is at most `max`, keeping the
/// aspect ratio; never larger than it was, never zero.
fn fit(width: u32, height: u32, max: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max {
        return (width, height);
    }
    let shrink = |side: u32| {
        let scaled =
            (u64::from(side) * u64::from(max) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(scaled).unwrap_or(max).clamp(1, max)
    };
    (shrink(width), shrink(height))
}

fn upright(mut image: DynamicImage, orientation: Orientation) -> DynamicImage {
    image.apply_orientation(orientation);
    image
}

/// Multiplies the colour by the alpha (or divides it back out), so that scaling does not bleed
/// the colour of invisible pixels into the edges.
fn premultiply(image: &mut RgbaImage, forward: bool) {
    for pixel in image.pixels_mut() {
        let [red, green, blue, alpha] = pixel.0.map(u32::from);
        let convert = |channel: u32| match (forward, alpha) {
            (true, _) => (channel * alpha + 127) / 255,
            (false, 0) => 0,
            (false, _) => ((channel * 255 + alpha / 2) / alpha).min(255),
        };
        pixel.0 = [convert(red), convert(green), convert(blue), alpha].map(|c| c as u8);
    }
}

// Scaling. The `image` crate's resize converts every sample to floating point and takes
// about 0.5 s for a 12 MP photo; this separable triangle (bilinear) filter in fixed point gives
// the same pixels (±1) in a quarter of the time. (Being host code, it is not optimised in dev
// and test builds, where a 12 MP photo takes seconds.)

/// Fixed-point weights sum to `1 << WEIGHT_BITS`.
const WEIGHT_BITS: u32 = 14;

/// Scales `image` down to `size` with a triangle filter whose support widens with the ratio, so
/// that every source pixel counts.
fn scale<P>(
    image: &ImageBuffer<P, Vec<u8>>,
    size: (u32, u32),
) -> Result<ImageBuffer<P, Vec<u8>>, Refused>
where
    P: Pixel<Subpixel = u8>,
{
    let (width, height) = (image.width() as usize, image.height() as usize);
    let channels = usize::from(P::CHANNEL_COUNT);
    let (to_width, to_height) = (size.0 as usize, size.1 as usize);
    let samples = if to_height == height {
        Cow::Borrowed(image.as_raw().as_slice())
    } else {
        Cow::Owned(scale_rows(image.as_raw(), width * channels, to_height))
    };
    let samples = if to_width == width {
        samples.into_owned()
    } else {
        scale_columns(&samples, width, channels, to_width)
    };
    ImageBuffer::from_raw(size.0, size.1, samples).ok_or(Refused::NotAnImage)
}

/// For each of `to` output samples: the first of the source samples it is made of and their
/// weights.
fn weights(from: usize, to: usize) -> Vec<(usize, Vec<i32>)> {
    let ratio = from as f64 / to as f64;
    let radius = ratio.max(1.0);
    (0..to)
        .map(|index| {
            let centre = (index as f64 + 0.5) * ratio - 0.5;
            let first = (centre - radius).ceil().max(0.0) as usize;
            let last = ((centre + radius).floor() as usize).min(from - 1);
            let raw: Vec<f64> = (first..=last)
                .map(|source| (1.0 - (source as f64 - centre).abs() / radius).max(0.0))
                .collect();
            let sum: f64 = raw.iter().sum();
            let unit = f64::from(1 << WEIGHT_BITS);
            let fixed = raw
                .iter()
                .map(|w| (w / sum * unit).round() as i32)
                .collect();
            (first, fixed)
        })
        .collect()
}

fn to_sample(sum: i32) -> u8 {
    ((sum + (1 << (WEIGHT_BITS - 1))) >> WEIGHT_BITS).clamp(0, 255) as u8
}

/// Scales vertically: rows of `row` samples become `to` rows, each a weighted sum of whole rows.
fn scale_rows(samples: &[u8], row: usize, to: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(row * to);
    let mut sums = vec![0i32; row];
    for (first, weights) in weights(samples.len() / row, to) {
        sums.fill(0);
        let rows = samples[first * row..].chunks_exact(row);
        for (source, &weight) in rows.zip(&weights) {
            for (sum, &sample) in sums.iter_mut().zip(source) {
                *sum += i32::from(sample) * weight;
            }
        }
        out.extend(sums.iter().map(|&sum| to_sample(sum)));
    }
    out
}

/// Scales horizontally: every row of `width` pixels becomes `to` pixels.
fn scale_columns(samples: &[u8], width: usize, channels: usize, to: usize) -> Vec<u8> {
    let weights = weights(width, to);
    let mut out = Vec::with_capacity(samples.len() / width * to);
    let mut sums = [0i32; 4];
    for row in samples.chunks_exact(width * channels) {
        for (first, weights) in &weights {
            let sums = &mut sums[..channels];
            sums.fill(0);
            let pixels = row[first * channels..].chunks_exact(channels);
            for (pixel, &weight) in pixels.zip(weights) {
                for (sum, &sample) in sums.iter_mut().zip(pixel) {
                    *sum += i32::from(sample) * weight;
                }
            }
            out.extend(sums.iter().map(|&sum| to_sample(sum)));
        }
    }
    out
}

// Encoding. The encoders are given pixels only: no EXIF, ICC profile or other metadata.

fn jpeg(image: &RgbImage) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
        image.as_raw(),
        image.width(),
        image.height(),
        ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}

fn png(image: &RgbaImage) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::new();
    // The default level takes seconds on a photo-sized image; fast is within ~30 % of its size.
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgba8,
        )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, Rgba};

    const APP1: u8 = 0xE1;
    /// GPSLatitude 52° 31' 47.11", as three big-endian rationals.
    const LATITUDE: [u8; 24] = [
        0, 0, 0, 52, 0, 0, 0, 1, 0, 0, 0, 31, 0, 0, 0, 1, 0, 0, 0x12, 0x67, 0, 0, 0, 100,
    ];

    /// A minimal big-endian EXIF block: IFD0 with the orientation and a GPS IFD pointer, a GPS
    /// IFD with the latitude only.
    fn exif(orientation: u16) -> Vec<u8> {
        let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
            [
                &tag.to_be_bytes()[..],
                &kind.to_be_bytes(),
                &count.to_be_bytes(),
                &value,
            ]
            .concat()
        };
        let [high, low] = orientation.to_be_bytes();
        [
            &b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x02"[..],
            &entry(0x0112, 3, 1, [high, low, 0, 0]),
            &entry(0x8825, 4, 1, 38u32.to_be_bytes()),
            &[0, 0, 0, 0, 0, 1],
            &entry(0x0002, 5, 3, 56u32.to_be_bytes()),
            &[0, 0, 0, 0],
            &LATITUDE,
        ]
        .concat()
    }

    /// `jpeg` with an APP1 segment holding `exif(orientation)` right after its start marker.
    fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let payload = exif(orientation);
        let length = u16::try_from(payload.len() + 2).expect("short segment");
        let segment = [&[0xFF, APP1][..], &length.to_be_bytes(), &payload].concat();
        [&jpeg[..2], &segment, &jpeg[2..]].concat()
    }

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 251) as u8, (y % 241) as u8, 90])
        })
    }

    fn decode(bytes: &[u8]) -> DynamicImage {
        image::load_from_memory(bytes).expect("decodable output")
    }

    fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).expect("encodes");
        out.into_inner()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle)
    }

    #[test]
    fn exif_and_gps_position_do_not_survive() {
        let upload = with_exif(&jpeg(&gradient(64, 48)).expect("encodes"), 1);
        assert!(segments(&upload).any(|(marker, _)| marker == APP1));
        assert!(contains(&upload, &LATITUDE));

        let processed = process(&upload).expect("a photo");
        assert_eq!(processed.content_type, "image/jpeg");
        assert_eq!((processed.width, processed.height), (64, 48));
        for output in [&processed.data, &processed.thumb] {
            assert!(is_complete_jpeg(output));
            let markers: Vec<u8> = segments(output).map(|(marker, _)| marker).collect();
            assert!(!markers.contains(&APP1), "markers {markers:x?}");
            assert!(!contains(output, b"Exif"));
            assert!(!contains(output, &LATITUDE));
        }
    }

    #[test]
    fn orientation_six_is_turned_upright() {
        // Red on the left, blue on the right; orientation 6 asks for a quarter turn clockwise,
        // after which red is at the top.
        let sideways = RgbImage::from_fn(64, 32, |x, _| {
            if x < 32 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        let upload = with_exif(&jpeg(&sideways).expect("encodes"), 6);

        let processed = process(&upload).expect("a photo");
        assert_eq!((processed.width, processed.height), (32, 64));
        let upright = decode(&processed.data).into_rgb8();
        assert_eq!(upright.dimensions(), (32, 64));
        assert!(upright.get_pixel(16, 8).0[0] > 200, "red at the top");
        assert!(upright.get_pixel(16, 56).0[2] > 200, "blue at the bottom");
        assert_eq!(decode(&processed.thumb).into_rgb8().dimensions(), (32, 64));
    }

    #[test]
    fn a_large_photo_is_scaled_down() {
        let upload = jpeg(&RgbImage::new(4000, 3000)).expect("encodes");
        let processed = process(&upload).expect("a photo");
        assert_eq!((processed.width, processed.height), (2048, 1536));
        let data = decode(&processed.data);
        assert_eq!((data.width(), data.height()), (2048, 1536));
        let thumb = decode(&processed.thumb);
        assert_eq!((thumb.width(), thumb.height()), (480, 360));
    }

    #[test]
    fn transparency_keeps_png_and_opaque_becomes_jpeg() {
        // An opaque white square on a transparent black background.
        let sticker = RgbaImage::from_fn(960, 960, |x, y| {
            let inside = (240..720).contains(&x) && (240..720).contains(&y);
            if inside { Rgba([255; 4]) } else { Rgba([0; 4]) }
        });
        let processed = process(&png(&sticker).expect("encodes")).expect("an image");
        assert_eq!(processed.content_type, "image/png");
        assert_eq!(
            image::guess_format(&processed.data).ok(),
            Some(ImageFormat::Png)
        );
        let thumb = decode(&processed.thumb).into_rgba8();
        assert_eq!(thumb.dimensions(), (480, 480));
        assert_eq!(thumb.get_pixel(10, 10).0[3], 0);
        assert_eq!(thumb.get_pixel(240, 240).0, [255; 4]);
        // The edge is partly transparent but still white: no dark fringe.
        let edge = thumb.get_pixel(119, 240).0;
        assert!(edge[3] > 0 && edge[3] < 255, "edge {edge:?}");
        assert!(
            edge[..3].iter().all(|&channel| channel > 250),
            "edge {edge:?}"
        );

        let opaque = DynamicImage::ImageRgb8(gradient(100, 80)).into_rgba8();
        let processed = process(&png(&opaque).expect("encodes")).expect("an image");
        assert_eq!(processed.content_type, "image/jpeg");
        assert_eq!(
            image::guess_format(&processed.data).ok(),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            image::guess_format(&processed.thumb).ok(),
            Some(ImageFormat::Jpeg)
        );
    }

    #[test]
    fn gif_and_webp_become_jpeg() {
        let picture = DynamicImage::ImageRgb8(gradient(90, 60));
        for format in [ImageFormat::Gif, ImageFormat::WebP] {
            let processed = process(&encode(&picture, format)).expect("an image");
            assert_eq!(processed.content_type, "image/jpeg", "{format:?}");
            assert_eq!((processed.width, processed.height), (90, 60));
            assert_eq!(decode(&processed.data).width(), 90);
        }
    }

    #[test]
    fn what_is_not_a_whole_image_is_refused() {
        let photo = jpeg(&gradient(200, 150)).expect("encodes");
        let drawing = encode(
            &DynamicImage::ImageRgb8(gradient(200, 150)),
            ImageFormat::Png,
        );
        let gif = encode(
            &DynamicImage::ImageRgb8(gradient(200, 150)),
            ImageFormat::Gif,
        );
        let mut photo_then_video = photo.clone();
        photo_then_video.extend_from_slice(b"\0\0\0\x18ftypmp42 trailing data");
        assert!(process(&photo_then_video).is_ok());

        for bytes in [
            &b"Lost: a black cat with a white paw."[..],
            b"GIF89a? no, just text pretending to be a picture",
            b"",
            &photo[..photo.len() / 2],
            &photo[..40],
            &drawing[..drawing.len() - 30],
            &gif[..gif.len() / 2],
            b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ] {
            assert_eq!(process(bytes).err(), Some(Refused::NotAnImage), "{bytes:?}");
        }
    }

    /// The PNG chunk checksum (CRC-32, as in zlib).
    fn crc32(bytes: &[u8]) -> u32 {
        !bytes.iter().fold(u32::MAX, |crc, &byte| {
            (0..8).fold(crc ^ u32::from(byte), |crc, _| {
                (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg())
            })
        })
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_decoding() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let body = [kind, data].concat();
            let length = u32::try_from(data.len())
                .expect("small chunk")
                .to_be_bytes();
            [&length[..], &body, &crc32(&body).to_be_bytes()].concat()
        };
        let side = 50_000u32.to_be_bytes();
        let header = [&side[..], &side, &[8, 6, 0, 0, 0]].concat();
        let bomb = [
            &b"\x89PNG\r\n\x1a\n"[..],
            &chunk(b"IHDR", &header),
            &chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
            &chunk(b"IEND", &[]),
        ]
        .concat();
        assert_eq!(process(&bomb).err(), Some(Refused::TooManyPixels));
    }

    #[test]
    fn sizes_keep_the_aspect_ratio_and_never_grow() {
        assert_eq!(fit(4000, 3000, MAX_SIDE), (2048, 1536));
        assert_eq!(fit(3000, 4000, THUMB_SIDE), (360, 480));
        assert_eq!(fit(640, 480, MAX_SIDE), (640, 480));
        assert_eq!(fit(40_000, 1, MAX_SIDE), (2048, 1));
    }

    #[test]
    fn scaling_matches_the_image_crates_triangle_filter() {
        let picture = RgbImage::from_fn(301, 203, |x, y| {
            Rgb([
                (x * 7 % 256) as u8,
                (y * 13 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        });
        let ours = scale(&picture, (150, 101)).expect("scales");
        let reference =
            image::imageops::resize(&picture, 150, 101, image::imageops::FilterType::Triangle);
        assert_eq!(ours.dimensions(), reference.dimensions());
        let mut differences = ours.as_raw().iter().zip(reference.as_raw());
        assert!(differences.all(|(a, b)| a.abs_diff(*b) <= 1));
    }
}
