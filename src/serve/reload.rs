//! The script that keeps an open page in step with the latest build.

use super::http::STATUS_PATH;
use super::Status;

/// Polls the status endpoint. `seen` is the version the page was served
/// at, baked in so a rebuild before the first poll is not missed. On a
/// failed build the page stays and an overlay shows the diagnostics; the
/// text is only replaced when it changes, or screen readers would announce
/// the alert on every poll.
const SCRIPT: &str = r#"<script>
(function () {
  var seen = __VERSION__, box = null;
  function show(text) {
    if (!box) {
      box = document.createElement('div');
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;' +
        'margin:0;padding:1rem 1.25rem;background:#fff;color:#000;border-bottom:.4rem solid #b00020;' +
        'box-shadow:0 .25rem 1rem rgba(0,0,0,.4);font:16px/1.4 system-ui,sans-serif;text-align:left';
      var title = document.createElement('strong');
      title.textContent = 'The build failed. Save a fix and this page reloads by itself.';
      var pre = document.createElement('pre');
      pre.style.cssText = 'margin:.75rem 0 0;white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace;color:#000;background:none';
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    if (box.lastChild.textContent !== text) box.lastChild.textContent = text;
  }
  function poll() {
    fetch('__STATUS__', { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.error) {
          show(s.error);
        } else if (s.version !== seen) {
          location.reload();
          return;
        } else if (box) {
          box.remove();
          box = null;
        }
        setTimeout(poll, 300);
      }, function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"#;

pub(crate) fn script(version: u64) -> String {
    SCRIPT.replace("__VERSION__", &version.to_string()).replace("__STATUS__", STATUS_PATH)
}

/// Puts the script before the last `</body>`, or at the end of a page
/// that has none.
pub(crate) fn inject(mut html: Vec<u8>, version: u64) -> Vec<u8> {
    let tag = b"</body>";
    let at = html.windows(tag.len()).rposition(|w| w.eq_ignore_ascii_case(tag)).unwrap_or(html.len());
    html.splice(at..at, script(version).into_bytes());
    html
}

/// Shown when there is no site at all: the first build failed and no
/// earlier build is on disk.
pub(crate) fn no_site_page(status: &Status) -> String {
    let message = match &status.error {
        Some(e) => format!("<p>The build failed:</p>\n<pre>{}</pre>", crate::html::escape(e)),
        None => "<p>The site is being built.</p>".into(),
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>No site yet</title></head>\n<body>\n<h1>No site to show yet</h1>\n{message}\n<p>This page reloads when a build succeeds.</p>\n</body></html>\n"
    );
    String::from_utf8(inject(page.into_bytes(), status.version)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = String::from_utf8(inject(b"<p></body></p></BODY>\n".to_vec(), 7)).unwrap();
        let at = page.find("<script>").unwrap();
        assert_eq!(&page[at - 14..at], "<p></body></p>");
        assert!(page.ends_with("</script>\n</BODY>\n"));
        assert!(page.contains("var seen = 7,"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let page = String::from_utf8(inject(b"<p>x".to_vec(), 1)).unwrap();
        assert!(page.starts_with("<p>x<script>"));
    }
}
