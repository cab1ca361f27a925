//! Links that share well: social card images, OpenGraph/Twitter metadata, JSON-LD
//! breadcrumbs and the favicon fallback, all made at build time.

pub mod card;
pub mod favicon;
pub mod meta;
pub mod store;

pub use card::{Card, CardError, CardRenderer};
