//! modulepers: a static site generator for a care standard and its course
//! material. One pipeline, one module per stage:
//!
//! load → resolve → derive → render → write
//!
//! `build`, `check` and `serve` (in `commands`) are thin layers over it.

pub mod build;
pub mod config;
pub mod derive;
pub mod diagnostic;
pub mod external;
pub mod html;
pub mod load;
pub mod read;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod slug;
pub mod write;
pub mod yaml;

pub use build::{build, check, BuildOptions, BuildReport};
pub use diagnostic::Diagnostic;
