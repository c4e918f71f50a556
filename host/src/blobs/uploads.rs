//! Files that came with a multipart form to a plugin: the size and count limits, the image
//! pipeline on the blocking pool, and the pending blob each accepted file becomes.

use axum::body::Bytes;
use sqlx::AnyPool;

use super::process::{self, Refused};
use super::store::{self, BlobInfo};
use crate::plugins::records::Scope;

/// A file part of a multipart form.
#[derive(Debug, Clone)]
pub struct FilePart {
    pub field: String,
    pub filename: String,
    pub bytes: Bytes,
}

/// Why a file was not stored; mirrors the contract's `blobs.refusal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLarge,
    NotAnImage,
    TooManyPixels,
    TooManyFiles,
    NotAllowed,
}

/// One file and what became of it.
#[derive(Debug, Clone)]
pub struct Handled {
    pub field: String,
    pub filename: String,
    pub outcome: Result<BlobInfo, Refusal>,
}

/// The instance's limits for uploads.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    pub max_bytes: usize,
    pub max_files: usize,
}

/// Who uploads, and whether they may: someone logged in, to a plugin granted `blobs`.
pub struct Uploader {
    pub account_id: Option<i64>,
    pub granted: bool,
}

/// Checks, processes and stores every file; the outcome of each goes to the plugin. Files
/// are handled one after another so one request never takes more than one blocking thread.
pub async fn accept(
    pool: &AnyPool,
    scope: &Scope,
    uploader: Uploader,
    limits: UploadLimits,
    files: Vec<FilePart>,
) -> Result<Vec<Handled>, sqlx::Error> {
    let mut handled = Vec::with_capacity(files.len());
    for (index, file) in files.into_iter().enumerate() {
        let outcome = match (uploader.account_id, uploader.granted) {
            (Some(account), true) if index < limits.max_files => {
                if file.bytes.len() > limits.max_bytes {
                    Err(Refusal::TooLarge)
                } else {
                    store_one(pool, scope, account, file.bytes).await?
                }
            }
            (Some(_), true) => Err(Refusal::TooManyFiles),
            _ => Err(Refusal::NotAllowed),
        };
        if let Err(refusal) = outcome {
            tracing::info!(plugin.id = %scope.plugin_id, ?refusal, "upload refused");
        }
        handled.push(Handled {
            field: file.field,
            filename: file.filename,
            outcome,
        });
    }
    Ok(handled)
}

async fn store_one(
    pool: &AnyPool,
    scope: &Scope,
    account: i64,
    bytes: Bytes,
) -> Result<Result<BlobInfo, Refusal>, sqlx::Error> {
    let processed = tokio::task::spawn_blocking(move || process::process(&bytes))
        .await
        .unwrap_or(Err(Refused::NotAnImage));
    match processed {
        Ok(image) => Ok(Ok(
            store::insert_pending(pool, scope, account, &image).await?
        )),
        Err(Refused::NotAnImage) => Ok(Err(Refusal::NotAnImage)),
        Err(Refused::TooManyPixels) => Ok(Err(Refusal::TooManyPixels)),
    }
}
