//! The error overlay of `serve`: the errors of a failed rebuild drawn over
//! the last good page, each with its code frame and, with an editor URL, a
//! link that opens the file at the line.

use crate::config::EditorUrl;
use crate::diagnostics::{Diagnostic, Severity, render_frame};
use crate::text::escape_html;
use std::path::{Component, Path};

/// Where the overlay's file links lead: the site folder (absolute) and the
/// editor URL pattern.
pub(crate) struct EditorLinks<'a> {
    /// The site folder, absolute.
    pub root: &'a Path,
    /// `[serve] editor_url` or `DERMIS_EDITOR_URL`.
    pub url: &'a EditorUrl,
}

impl EditorLinks<'_> {
    /// The editor link of a diagnostic whose path is a file of the site.
    fn href(&self, d: &Diagnostic) -> Option<String> {
        let relative = Path::new(&d.path);
        if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            return None;
        }
        let file = self.root.join(relative);
        file.is_file().then(|| self.url.link(&file, d.location.map(|l| l.line), d.location.map(|l| l.col)))
    }
}

const ITEM_STYLE: &str = "margin:0 0 1.5rem";
const PRE_STYLE: &str = "margin:.25rem 0;white-space:pre-wrap;font:inherit";
const FRAME_STYLE: &str = "margin:.5rem 0;padding:.5rem .75rem;background:#0b0f10;border-radius:4px;overflow-x:auto;white-space:pre;font:inherit";
const BUTTON_STYLE: &str = "font:inherit;color:#14191b;background:#f3f6f7;border:2px solid #f3f6f7;border-radius:4px;padding:.35rem .9rem;cursor:pointer";

/// The overlay listing the errors of a failed rebuild, each with its code
/// frame and, with an editor URL, a link that opens the file. Everything
/// shown is escaped: messages and frames quote article and template text.
/// Its close button (shown by the client script) and Escape hide it; the
/// button after it brings it back.
pub(crate) fn overlay_html(
    diagnostics: &[Diagnostic],
    last_good_build: bool,
    editor: Option<&EditorLinks<'_>>,
) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let mut items = String::new();
    for d in &errors {
        items.push_str(&overlay_item(d, editor));
    }
    let count = if errors.len() == 1 { "1 error".to_string() } else { format!("{} errors", errors.len()) };
    let served = if last_good_build { "showing the last good build" } else { "no successful build yet" };
    let under = if last_good_build { "Show the last good page" } else { "Hide" };
    format!(
        "<div id=\"dermis-overlay\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"dermis-overlay-title\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,25,27,.96);color:#f3f6f7;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem\">\
<div style=\"display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;justify-content:space-between\">\
<h2 id=\"dermis-overlay-title\" style=\"color:#ff8a80;margin-top:0\">The site has {count}; {served}</h2>\
<button type=\"button\" id=\"dermis-overlay-close\" aria-keyshortcuts=\"Escape\" hidden style=\"{BUTTON_STYLE}\">{under} (Esc)</button></div>\
<p>Fix the file and save: this message goes away by itself.</p><ol style=\"padding-left:1.25rem\">{items}</ol></div>\
<button type=\"button\" id=\"dermis-overlay-reopen\" hidden style=\"position:fixed;right:1rem;bottom:1rem;z-index:2147483647;{BUTTON_STYLE};color:#fff;background:#b3261e;border-color:#b3261e\">Show the {count}</button>"
    )
}

/// One error: head line (the place linked to the editor when it can be),
/// message, frame, help.
fn overlay_item(d: &Diagnostic, editor: Option<&EditorLinks<'_>>) -> String {
    let place = match d.location {
        Some(lc) => format!("{}:{}:{}", d.path, lc.line, lc.col),
        None => d.path.clone(),
    };
    let place = match editor.and_then(|e| e.href(d)) {
        Some(href) => format!(
            "<a href=\"{}\" style=\"color:#9fe0ea\" title=\"Open in your editor\">{}</a>",
            escape_html(&href),
            escape_html(&place)
        ),
        None => escape_html(&place),
    };
    let frame = render_frame(d, false)
        .map(|f| format!("<pre class=\"dermis-frame\" style=\"{FRAME_STYLE}\">{}</pre>", escape_html(&f)))
        .unwrap_or_default();
    let help = d
        .help
        .as_ref()
        .map(|h| format!("<p style=\"margin:0;color:#9fe0ea\">help: {}</p>", escape_html(h)))
        .unwrap_or_default();
    format!(
        "<li style=\"{ITEM_STYLE}\"><p style=\"margin:0;font-weight:700\">error[{}]: {place}</p><pre style=\"{PRE_STYLE}\">{}</pre>{frame}{help}</li>",
        escape_html(&d.code.to_string()),
        escape_html(&d.message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, LineCol};
    use crate::serve::live_reload::CLIENT_SCRIPT;

    #[test]
    fn overlay_escapes_what_it_shows() {
        let d = Diagnostic::error(Code::Template, "templates/<x>.html", "<script>alert(1)</script>")
            .with_help("use \"quotes\" & <b>");
        let html = overlay_html(&[d], true, None);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("templates/&lt;x&gt;.html"));
    }

    /// The `<pre>` of the code frame, as the page's text (entities decoded).
    fn frame_of(html: &str) -> String {
        let doc = scraper::Html::parse_fragment(html);
        let selector = scraper::Selector::parse("#dermis-overlay pre.dermis-frame").unwrap();
        let frames: Vec<String> = doc.select(&selector).map(|e| e.text().collect()).collect();
        assert_eq!(frames.len(), 1, "{html}");
        frames[0].clone()
    }

    #[test]
    fn overlay_shows_the_code_frame_escaped() {
        let text = "+++\ntitle = \"Laser\"\n[facts]\napproach = \"<script>alert(1)</script>\"\n+++\n";
        let d = Diagnostic::error(Code::Facts, "content/methods/laser.md", "`approach`: expected one of …")
            .at(LineCol { line: 4, col: 12 })
            .with_source(text);
        let html = overlay_html(&[d], true, None);
        assert!(!html.contains("<script>alert(1)"), "{html}");
        assert!(html.contains("approach = &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"), "{html}");
        let expected = "  |\n4 | approach = \"<script>alert(1)</script>\"\n  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^";
        assert_eq!(frame_of(&html), expected);
    }

    #[test]
    fn overlay_links_files_to_the_editor_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a b.md"), "x\n").unwrap();
        let url = EditorUrl::parse("vscode://file/{path}:{line}:{column}").unwrap().unwrap();
        let links = EditorLinks { root: dir.path(), url: &url };
        let located = Diagnostic::error(Code::Link, "content/a b.md", "m").at(LineCol { line: 1, col: 2 });
        let built_in = Diagnostic::error(Code::Template, "themes/clinic/templates/page.html (built-in)", "m");
        let html = overlay_html(&[located.clone(), built_in], true, Some(&links));
        let doc = scraper::Html::parse_fragment(&html);
        let selector = scraper::Selector::parse("#dermis-overlay li a[href]").unwrap();
        let hrefs: Vec<&str> = doc.select(&selector).filter_map(|a| a.value().attr("href")).collect();
        let root = dir.path().to_string_lossy().trim_start_matches('/').replace(' ', "%20");
        assert_eq!(hrefs, [format!("vscode://file/{root}/content/a%20b.md:1:2")]);
        assert!(!overlay_html(&[located], true, None).contains("<a "), "no editor URL, no link");
    }

    #[test]
    fn overlay_has_a_dismiss_button_and_a_way_back() {
        let html = overlay_html(&[Diagnostic::error(Code::Io, "a.md", "broken")], true, None);
        let doc = scraper::Html::parse_fragment(&html);
        let button = |id: &str| {
            let selector = scraper::Selector::parse(&format!("button#{id}")).unwrap();
            doc.select(&selector).next().map(|b| b.text().collect::<String>())
        };
        assert_eq!(button("dermis-overlay-close").as_deref(), Some("Show the last good page (Esc)"));
        assert_eq!(button("dermis-overlay-reopen").as_deref(), Some("Show the 1 error"));
        assert!(CLIENT_SCRIPT.contains("\"Escape\""));
    }
}
