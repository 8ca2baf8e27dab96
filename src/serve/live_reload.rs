//! The browser side of `serve`: the injected client script, the error
//! overlay, and putting both into served HTML. Only `serve` adds them; a
//! `build` never contains them.

use crate::diagnostics::{Diagnostic, Severity};
use crate::render::escape_html;

/// Path of the event stream (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__dermis/events";
/// Path of the client script.
pub const SCRIPT_PATH: &str = "/__dermis/live-reload.js";

/// The client: reloads after a rebuild keeping the scroll position, swaps
/// stylesheets when only CSS changed, and reloads when it reconnects to a
/// server that restarted (the `hello` event names the server instance).
pub const CLIENT_SCRIPT: &str = r#"(function () {
  "use strict";
  var key = "dermis-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function swapStylesheets() {
    document.querySelectorAll("link[rel=stylesheet]").forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("dermis-reload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }
  var server = null;
  var events = new EventSource("/__dermis/events");
  events.addEventListener("hello", function (e) {
    if (server !== null && server !== e.data) { reload(); }
    server = e.data;
  });
  events.addEventListener("reload", reload);
  events.addEventListener("css", swapStylesheets);
  window.dermisLiveReload = { connected: function () { return events.readyState === 1; } };
})();
"#;

/// The script tag added to every HTML page.
pub fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\" defer></script>")
}

/// The overlay listing the errors of a failed rebuild. Everything shown is
/// escaped: messages quote article and template text.
pub fn overlay_html(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let mut items = String::new();
    for d in &errors {
        let place = match d.location {
            Some(lc) => format!("{}:{}:{}", d.path, lc.line, lc.col),
            None => d.path.clone(),
        };
        items.push_str(&format!(
            "<li><p style=\"margin:0;font-weight:700\">error[{}]: {}</p><pre style=\"margin:.25rem 0;white-space:pre-wrap;font:inherit\">{}</pre>{}</li>",
            escape_html(&d.code.to_string()),
            escape_html(&place),
            escape_html(&d.message),
            d.help.as_ref().map(|h| format!("<p style=\"margin:0;color:#9fe0ea\">help: {}</p>", escape_html(h))).unwrap_or_default()
        ));
    }
    let count = if errors.len() == 1 { "1 error".to_string() } else { format!("{} errors", errors.len()) };
    format!(
        "<div id=\"dermis-overlay\" role=\"alertdialog\" aria-labelledby=\"dermis-overlay-title\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,25,27,.96);color:#f3f6f7;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem\">\
<h2 id=\"dermis-overlay-title\" style=\"color:#ff8a80;margin-top:0\">The site has {count}; showing the last good build</h2>\
<p>Fix the file and save: this message goes away by itself.</p><ol style=\"padding-left:1.25rem\">{items}</ol></div>"
    )
}

/// Adds the script (and the overlay, when given) before `</body>`.
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let addition = format!("{}{}", overlay.unwrap_or(""), script_tag());
    let out = match text.rfind("</body>") {
        Some(at) => format!("{}{}{}", &text[..at], addition, &text[at..]),
        None => format!("{text}{addition}"),
    };
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn overlay_escapes_what_it_shows() {
        let d = Diagnostic::error(Code::Template, "templates/<x>.html", "<script>alert(1)</script>")
            .with_help("use \"quotes\" & <b>");
        let html = overlay_html(&[d]);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("templates/&lt;x&gt;.html"));
    }

    #[test]
    fn injects_before_the_end_of_body() {
        let out = inject(b"<html><body><p>x</p></body></html>", Some("<div>o</div>"));
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("<div>o</div><script src=\"/__dermis/live-reload.js\" defer></script></body></html>"));
    }
}
