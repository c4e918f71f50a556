//! Files people upload to plugins (the contract's `blobs` capability): the image pipeline
//! that strips metadata (`process`), the limits and outcome of each uploaded file
//! (`uploads`), and their storage scoped to (community, plugin) (`store`).

pub mod process;
pub mod store;
pub mod uploads;
