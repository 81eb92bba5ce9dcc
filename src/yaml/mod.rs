//! YAML as authors write it (site.yaml, front matter): where each value is
//! written, and parse errors as diagnostics at the right line.

mod errors;
mod positions;

pub use errors::read_error;
pub use positions::*;
