//! Quartier: a platform for local community networks. This crate is the host: accounts,
//! communities, roles, storage and the web shell; feature modules arrive as sandboxed plugins.

pub mod accounts;
pub mod audit;
pub mod berlin;
pub mod blobs;
pub mod cli;
pub mod communities;
pub mod config;
pub mod db;
pub mod demo;
pub mod i18n;
pub mod instance;
pub mod lang;
pub mod mail;
pub mod markdown;
pub mod moderation;
pub mod notifications;
pub mod plugins;
pub mod startup;
pub mod tokens;
pub mod validation;
pub mod web;
