//! The dashboard `serve` shows at [`DASHBOARD_PATH`]: every error and
//! warning of the current build, the drafts, the orphan pages and the pages
//! by review date, each linking to its page and, when an editor URL is set,
//! to its file. One self-contained HTML page (inline styles, no script of
//! its own: the live-reload script reloads it after every build). Pure:
//! data in, HTML out; everything shown is escaped. `build` never writes it.

use crate::diagnostics::{Diagnostic, Severity};
use crate::site_overview::{PageSummary, SiteOverview};
use crate::text::escape_html;
use std::fmt::Write as _;

/// Where the dashboard is served; the whole `/__dermis/` folder is reserved.
pub(crate) const DASHBOARD_PATH: &str = "/__dermis/";

/// What one build left for the dashboard.
pub(crate) struct DashboardInput<'a> {
    /// Errors and warnings of the build, sorted.
    pub diagnostics: &'a [Diagnostic],
    /// Its pages, when the build got as far as resolving them.
    pub overview: Option<&'a SiteOverview>,
    /// The build failed: the last good site is served.
    pub failed: bool,
    /// Local time the build finished (`12:04:31`).
    pub finished_at: &'a str,
    /// Whether the served site has a page at a site path (links must not 404).
    pub served: &'a dyn Fn(&str) -> bool,
}

const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1b1f23;--bg:#fff;--muted:#4a5560;--line:#d5dbe0;--link:#0b57d0;--error:#b3261e;--warning:#7a4f01}\
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ec;--bg:#15191c;--muted:#b4bec7;--line:#3a434b;--link:#8ab4f8;--error:#ffb4ab;--warning:#f2c66d}}\
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,sans-serif;overflow-wrap:anywhere}\
main{max-width:60rem;margin:0 auto;padding:1rem}a{color:var(--link)}h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line)}\
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none}.muted{color:var(--muted)}\
ol.problems,ul.pages{padding-left:1.25rem}ol.problems li,ul.pages li{margin:.75rem 0}\
.error{color:var(--error);font-weight:700}.warning{color:var(--warning);font-weight:700}\
pre{margin:.25rem 0;white-space:pre-wrap;font:.9rem/1.45 ui-monospace,Menlo,Consolas,monospace}\
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}\
a:focus-visible,.scroll:focus-visible{outline:3px solid var(--link);outline-offset:2px}";

/// The dashboard page (without the live-reload script, which `serve` adds).
pub(crate) fn dashboard_html(input: &DashboardInput<'_>) -> String {
    let errors = input.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = input.diagnostics.len() - errors;
    let mut body = String::new();
    let status = if input.failed { "failed; the last good build is served" } else { "succeeded" };
    let _ = write!(
        body,
        "<h1>dermis dashboard</h1><p>The build of {} {status}: {}, {}.</p>",
        escape_html(input.finished_at),
        count(errors, "error"),
        count(warnings, "warning")
    );
    body.push_str(
        "<nav aria-label=\"Sections\"><ul><li><a href=\"#problems\">Errors and warnings</a></li>\
<li><a href=\"#drafts\">Drafts</a></li><li><a href=\"#orphans\">Orphan pages</a></li>\
<li><a href=\"#reviews\">Reviews</a></li><li><a href=\"/\">The site</a></li></ul></nav>",
    );
    problems_section(&mut body, input);
    match input.overview {
        Some(overview) => {
            drafts_section(&mut body, overview, input.served);
            orphans_section(&mut body, overview, input);
            reviews_section(&mut body, overview, input.served);
        }
        None => body.push_str(
            "<h2 id=\"drafts\">Drafts</h2><h2 id=\"orphans\">Orphan pages</h2><h2 id=\"reviews\">Reviews</h2>\
<p>The pages are listed once site.toml can be read.</p>",
        ),
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">\
<title>dermis dashboard</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>"
    )
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// `<a href="/methods/peel/">text</a>` when the page is served, else the text alone.
fn page_link(text: &str, url: Option<&str>, served: &dyn Fn(&str) -> bool) -> String {
    match url {
        Some(url) if served(url) => format!("<a href=\"{}\">{}</a>", escape_html(url), escape_html(text)),
        _ => escape_html(text),
    }
}

/// ` (<a href="vscode://…">open in editor</a>)` when an editor URL is set.
fn editor_link(overview: Option<&SiteOverview>, path: &str, line: Option<usize>, column: Option<usize>) -> String {
    let Some(overview) = overview else { return String::new() };
    // Only real files of the site: some diagnostics name a flag or a variable.
    if !overview.root.join(path).is_file() {
        return String::new();
    }
    match overview.editor_link(path, line, column) {
        Some(href) => format!(" (<a href=\"{}\">open in editor</a>)", escape_html(&href)),
        None => String::new(),
    }
}

fn problems_section(body: &mut String, input: &DashboardInput<'_>) {
    let _ = write!(body, "<h2 id=\"problems\">Errors and warnings ({})</h2>", input.diagnostics.len());
    if input.diagnostics.is_empty() {
        body.push_str("<p>None: every check passed.</p>");
        return;
    }
    body.push_str(
        "<p class=\"muted\">Every problem <code>dermis check</code> reports, editorial checks included.</p><ol class=\"problems\">",
    );
    for d in input.diagnostics {
        let (class, word) = match d.severity {
            Severity::Error => ("error", "error"),
            Severity::Warning => ("warning", "warning"),
        };
        let place = match d.location {
            Some(at) => format!("{}:{}:{}", d.path, at.line, at.col),
            None => d.path.clone(),
        };
        let url = input.overview.and_then(|o| o.page_of(&d.path)).map(|p| p.url.as_str());
        let (line, column) = (d.location.map(|l| l.line), d.location.map(|l| l.col));
        let _ = write!(
            body,
            "<li><p><span class=\"{class}\">{word}</span> [{}] {}{}</p><pre>{}</pre>{}</li>",
            escape_html(&d.code.to_string()),
            page_link(&place, url, input.served),
            editor_link(input.overview, &d.path, line, column),
            escape_html(&d.message),
            d.help.as_ref().map(|h| format!("<p class=\"muted\">help: {}</p>", escape_html(h))).unwrap_or_default()
        );
    }
    body.push_str("</ol>");
}

/// `<li>` for a page: its title (linked), its file (linked to the editor) and a note.
fn page_item(page: &PageSummary, overview: &SiteOverview, served: &dyn Fn(&str) -> bool, note: &str) -> String {
    format!(
        "<li>{} <span class=\"muted\">{}</span>{}{note}</li>",
        page_link(&page.title, Some(&page.url), served),
        escape_html(&page.rel_path),
        editor_link(Some(overview), &page.rel_path, None, None)
    )
}

fn drafts_section(body: &mut String, overview: &SiteOverview, served: &dyn Fn(&str) -> bool) {
    let drafts: Vec<&PageSummary> = overview.pages.iter().filter(|p| p.draft).collect();
    let total = drafts.len() + overview.left_out_drafts.len();
    let _ = write!(body, "<h2 id=\"drafts\">Drafts ({total})</h2>");
    if total == 0 {
        body.push_str("<p>No page has <code>draft = true</code>.</p>");
        return;
    }
    body.push_str("<ul class=\"pages\">");
    for page in drafts {
        body.push_str(&page_item(page, overview, served, ""));
    }
    for draft in &overview.left_out_drafts {
        let _ = write!(
            body,
            "<li>{} <span class=\"muted\">{}</span>{}: not in this preview</li>",
            escape_html(&draft.title),
            escape_html(&draft.rel_path),
            editor_link(Some(overview), &draft.rel_path, None, None)
        );
    }
    body.push_str("</ul>");
    if !overview.left_out_drafts.is_empty() {
        body.push_str("<p class=\"muted\">Start <code>dermis serve --drafts</code> to preview every draft.</p>");
    }
}

fn orphans_section(body: &mut String, overview: &SiteOverview, input: &DashboardInput<'_>) {
    let orphans: Vec<&PageSummary> = overview.pages.iter().filter(|p| p.orphan).collect();
    if input.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        // The orphan warning waits for the same reason (pipeline.rs).
        body.push_str(
            "<h2 id=\"orphans\">Orphan pages</h2><p>Listed once the build has no errors: a broken link makes its target look orphaned.</p>",
        );
        return;
    }
    let _ = write!(body, "<h2 id=\"orphans\">Orphan pages ({})</h2>", orphans.len());
    if orphans.is_empty() {
        body.push_str("<p>Every article has at least one page linking to it.</p>");
        return;
    }
    body.push_str("<p class=\"muted\">Articles no other page links to.</p><ul class=\"pages\">");
    for page in orphans {
        body.push_str(&page_item(page, overview, input.served, ""));
    }
    body.push_str("</ul>");
}

fn reviews_section(body: &mut String, overview: &SiteOverview, served: &dyn Fn(&str) -> bool) {
    let articles = overview.by_review();
    let _ = write!(body, "<h2 id=\"reviews\">Reviews ({})</h2>", articles.len());
    let schedule = match overview.review_interval {
        Some(months) => format!("A review is due {months} months after the last one; next review due first."),
        None => {
            "The site sets no review interval (<code>[review] interval_months</code>); oldest review first.".to_string()
        }
    };
    let _ = write!(body, "<p class=\"muted\">{schedule} Pages never reviewed come first.</p>");
    if articles.is_empty() {
        return;
    }
    body.push_str(
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"reviews\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">Page</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">Next review due</th></tr></thead><tbody>",
    );
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    for page in articles {
        let reviewed = date(page.reviewed).unwrap_or_else(|| "never".to_string());
        let due = match date(page.next_review) {
            Some(due) if overview.is_overdue(page) => format!("{due} <strong>(overdue)</strong>"),
            Some(due) => due,
            None => "—".to_string(),
        };
        let _ = write!(
            body,
            "<tr><td>{}{}</td><td>{reviewed}</td><td>{due}</td></tr>",
            page_link(&page.title, Some(&page.url), served),
            editor_link(Some(overview), &page.rel_path, None, None)
        );
    }
    body.push_str("</tbody></table></div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn escapes_what_it_shows_and_links_only_served_pages() {
        let d = Diagnostic::warning(Code::Description, "content/<a>.md", "<script>alert(1)</script>");
        let served = |url: &str| url == "/shown/";
        let input = DashboardInput {
            diagnostics: std::slice::from_ref(&d),
            overview: None,
            failed: false,
            finished_at: "12:00:00",
            served: &served,
        };
        let html = dashboard_html(&input);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("content/&lt;a&gt;.md"));
        assert!(html.contains("0 errors, 1 warning"));
        assert_eq!(page_link("t", Some("/shown/"), &served), "<a href=\"/shown/\">t</a>");
        assert_eq!(page_link("t", Some("/gone/"), &served), "t");
    }
}
