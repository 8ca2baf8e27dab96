//! Where a fact comes from, as readers see it: one citation marker like the
//! prose's (`<sup class="cite"><a href="#ref-nhs" aria-label="Source 1: NHS,
//! Chemical peels">[1]</a></sup>`, or `[1, 4]` with a link per number, N being
//! the reference's position in the page's `references`), "Our rating" for an `editorial` fact, and a
//! visible "No source cited" for any other value without `cite`. Shared by
//! the facts card and every comparison table.

use super::template_context::{CitationContext, SourceKind};
use crate::config::FactDef;
use crate::parse::ParsedPage;
use crate::text::escape_html;

/// What a reader sees where a figure rests on no cited source.
pub(super) const NO_SOURCE: &str = "No source cited";
/// What an `editorial` fact says instead of a source.
pub(super) const EDITORIAL: &str = "Our rating";
/// The tooltip of [`EDITORIAL`].
pub(super) const EDITORIAL_TITLE: &str = "A rating by this site's editors, not a figure taken from a source";

/// The citations of `keys` (keys of `page`'s references), linking to
/// `page_url#ref-KEY` (`page_url` empty on the page itself). Unknown keys
/// (already reported when parsing) are skipped.
pub(super) fn citations(page: &ParsedPage, keys: &[String], page_url: &str) -> Vec<CitationContext> {
    let mut out: Vec<CitationContext> = keys
        .iter()
        .filter_map(|key| {
            let (i, r) = page.meta.references.iter().enumerate().find(|(_, r)| r.key == *key)?;
            let number = i + 1;
            let label = match &r.publisher {
                Some(p) => format!("Source {number}: {p}, {}", r.title),
                None => format!("Source {number}: {}", r.title),
            };
            Some(CitationContext { number, key: key.clone(), href: format!("{page_url}#ref-{key}"), label })
        })
        .collect();
    // In source-list order, as a reader scans them.
    out.sort_by_key(|c| c.number);
    out
}

/// How the value of `def` with `citations` shows its source.
pub(super) fn source_kind(def: &FactDef, citations: &[CitationContext]) -> SourceKind {
    if !citations.is_empty() {
        SourceKind::Cited
    } else if def.editorial {
        SourceKind::Editorial
    } else {
        SourceKind::None
    }
}

/// The markers after a value: its citations, "Our rating", or "No source cited".
pub(super) fn source_html(def: &FactDef, citations: &[CitationContext]) -> String {
    match source_kind(def, citations) {
        SourceKind::Cited => {
            // The look of prose citations: `[1]`, or `[1, 4]` with a link per
            // number (numbers apart, so each is a target a finger can hit).
            let one = citations.len() == 1;
            let links: Vec<String> = citations
                .iter()
                .map(|c| {
                    let text = if one { format!("[{}]", c.number) } else { c.number.to_string() };
                    format!("<a href=\"{}\" aria-label=\"{}\">{text}</a>", escape_html(&c.href), escape_html(&c.label))
                })
                .collect();
            if one {
                format!("<sup class=\"cite\">{}</sup>", links.join(""))
            } else {
                format!("<sup class=\"cite\">[{}]</sup>", links.join(", "))
            }
        }
        SourceKind::Editorial => {
            format!(" <span class=\"source-note editorial\" title=\"{EDITORIAL_TITLE}\">{EDITORIAL}</span>")
        }
        SourceKind::None => format!(" <span class=\"source-note no-source\">{NO_SOURCE}</span>"),
    }
}
