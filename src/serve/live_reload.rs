//! The browser side of `serve`: the injected client script, and putting it
//! and the error overlay (`error_overlay.rs`) into served HTML. Only `serve` adds them; a
//! `build` never contains them.

use super::site_snapshot::Stamp;
use crate::text::escape_html;

/// Path of the event stream (Server-Sent Events).
pub(crate) const EVENTS_PATH: &str = "/__dermis/events";
/// Path of the client script.
pub(crate) const SCRIPT_PATH: &str = "/__dermis/live-reload.js";

/// The client. Every page names the build it came from (`data-generation`
/// on its script tag); the event stream sends the server's current build when
/// it (re)connects and after every build. The page reloads, keeping its
/// scroll position, when it is older than the last build that changed more
/// than stylesheets or when the server restarted; it swaps stylesheets when
/// only they are newer. Comparing numbers instead of counting events means a
/// build finished while the page was loading, or while the stream was down,
/// is still seen.
pub(super) const CLIENT_SCRIPT: &str = r#"(function () {
  "use strict";
  var tag = document.currentScript || document.querySelector("script[data-generation]");
  var server = tag ? tag.getAttribute("data-server") : null;
  var generation = tag ? Number(tag.getAttribute("data-generation")) : 0;
  var key = "dermis-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
  }
  var reloading = false;
  function reload() {
    if (reloading) { return; }
    reloading = true;
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
  function onBuild(e) {
    var build = JSON.parse(e.data);
    if (build.server !== server || build.reload > generation) { reload(); return; }
    if (build.generation > generation) {
      generation = build.generation;
      swapStylesheets();
    }
  }
  var events = null;
  function connect() {
    if (events !== null) { events.close(); }
    events = new EventSource("/__dermis/events");
    events.addEventListener("build", onBuild);
  }
  connect();
  // A page restored from the back-forward cache asks again.
  window.addEventListener("pageshow", function (e) { if (e.persisted) { connect(); } });
  // The error overlay: dismissed with its button or Escape to look at the
  // last good page, for this failed build only (the next one shows it again,
  // on every page); a button brings it back.
  var overlay = document.getElementById("dermis-overlay");
  var closer = document.getElementById("dermis-overlay-close");
  var reopener = document.getElementById("dermis-overlay-reopen");
  if (overlay && closer && reopener) {
    var dismissedKey = "dermis-overlay-dismissed";
    var failedBuild = String(generation);
    var showOverlay = function (shown) {
      overlay.hidden = !shown;
      reopener.hidden = shown;
      if (shown) {
        sessionStorage.removeItem(dismissedKey);
        closer.focus();
      } else {
        sessionStorage.setItem(dismissedKey, failedBuild);
        reopener.focus();
      }
    };
    closer.hidden = false;
    closer.addEventListener("click", function () { showOverlay(false); });
    reopener.addEventListener("click", function () { showOverlay(true); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !overlay.hidden) { showOverlay(false); }
    });
    if (sessionStorage.getItem(dismissedKey) === failedBuild) {
      overlay.hidden = true;
      reopener.hidden = false;
    } else {
      closer.focus();
    }
  }
  window.dermisLiveReload = {
    connected: function () { return events.readyState === 1; },
    generation: function () { return generation; }
  };
})();
"#;

/// The script tag added to every HTML page; it names the build the page
/// came from.
pub(super) fn script_tag(stamp: &Stamp) -> String {
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-server=\"{}\" data-generation=\"{}\" defer></script>",
        escape_html(&stamp.server),
        stamp.generation
    )
}

/// The data of a `build` event: `{"server":"…","generation":7,"reload":6}`.
pub(super) fn build_event_data(stamp: &Stamp) -> String {
    serde_json::json!({ "server": &*stamp.server, "generation": stamp.generation, "reload": stamp.reload }).to_string()
}

/// Adds the overlay (when given) and the script before `</body>`.
pub(super) fn inject(html: &[u8], overlay: Option<&str>, stamp: &Stamp) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let addition = format!("{}{}", overlay.unwrap_or(""), script_tag(stamp));
    let out = match text.rfind("</body>") {
        Some(at) => format!("{}{}{}", &text[..at], addition, &text[at..]),
        None => format!("{text}{addition}"),
    };
    out.into_bytes()
}

/// The page every URL gets while no build has succeeded: the overlay (or,
/// before the first build finished, a short note) and the script, which
/// reloads the page when a build lands.
pub(super) fn no_build_page(overlay: Option<&str>, stamp: &Stamp) -> Vec<u8> {
    let body = overlay.unwrap_or("<h1>No successful build yet</h1>");
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No successful build yet</title></head><body>{body}</body></html>"
    );
    inject(page.as_bytes(), None, stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_end_of_body() {
        let stamp = Stamp { server: "a1".into(), generation: 7, reload: 6 };
        let out = inject(b"<html><body><p>x</p></body></html>", Some("<div>o</div>"), &stamp);
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with(
            "<div>o</div><script src=\"/__dermis/live-reload.js\" data-server=\"a1\" data-generation=\"7\" defer></script></body></html>"
        ));
        assert_eq!(build_event_data(&stamp), r#"{"generation":7,"reload":6,"server":"a1"}"#);
    }
}
