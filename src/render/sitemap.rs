//! `sitemap.xml`: every page but the one served at any address (404), as the
//! absolute address under `base_url` that search engines ask for.

use super::kinds::Output;
use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use crate::write::Sink;

pub const FILE: &str = "sitemap.xml";

/// Writes the sitemap; without `base_url` there is no address to list, and
/// no sitemap (false).
pub fn write(site: &Site, derived: &Derived, outputs: &[Output], dest: &dyn Sink) -> Result<bool, Diagnostic> {
    let Some(base) = site.config.base_url.as_deref() else { return Ok(false) };
    let base = if base.ends_with('/') { base.to_string() } else { format!("{base}/") };
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for out in outputs.iter().filter(|o| !o.kind.anywhere()) {
        let url = format!("{base}{}", out.url(site, derived));
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", crate::html::escape(&url)));
    }
    sitemap.push_str("</urlset>\n");
    dest.write(FILE, sitemap.as_bytes()).map(|()| true)
}
