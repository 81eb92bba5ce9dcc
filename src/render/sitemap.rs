//! `sitemap.xml`: every page but the one served at any address (404), as the
//! absolute address under `base_url` that search engines ask for.

use super::kinds::Output;
use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use crate::write::Sink;

pub const FILE: &str = "sitemap.xml";

pub fn write(site: &Site, derived: &Derived, outputs: &[Output], dest: &dyn Sink) -> Result<(), Diagnostic> {
    let base = if site.config.base_url.ends_with('/') {
        site.config.base_url.clone()
    } else {
        format!("{}/", site.config.base_url)
    };
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for out in outputs.iter().filter(|o| !o.kind.anywhere()) {
        let url = format!("{base}{}", out.url(site, derived));
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", crate::html::escape(&url)));
    }
    sitemap.push_str("</urlset>\n");
    dest.write(FILE, sitemap.as_bytes())
}
