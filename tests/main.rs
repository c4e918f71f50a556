//! Black-box tests: each test starts a real Quartier server on a fresh database and talks to
//! it over HTTP like a browser (or runs the `quartier` binary). SQLite by default; set
//! `QUARTIER_TEST_DATABASE_URL=postgres://…` to run everything against PostgreSQL (one
//! database per test, dropped afterwards). `QUARTIER_TEST_LOG=info` shows the servers' logs;
//! `QUARTIER_TEST_KEEP_DB=1` keeps the test databases for inspection.

mod access;
mod accounts;
mod admin;
mod bookings;
mod browser;
mod cli;
mod communities;
mod concurrency;
mod consulting;
mod consulting_knowledge;
mod csrf;
mod demo;
mod languages;
mod lostfound;
mod mail;
mod member_blocks;
mod moderation;
mod moderation_people;
mod module_settings;
mod news;
mod notifications;
mod observability;
mod photos;
mod plugins;
mod privacy;
mod smtp_sink;
mod support;
mod translations;
mod volunteer;
