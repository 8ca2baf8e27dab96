//! GitHub-style alerts (`> [!CAUTION]` …) → accessible asides: an `<aside>`
//! named by its visible label, which the theme styles per kind. No script.

use crate::config::CalloutLabels;
use crate::text::escape_html;
use pulldown_cmark::BlockQuoteKind;

/// The opening HTML of the `number`-th callout of a page (1-based): the
/// aside and its label, whose id is unique on the page.
pub(super) fn callout_start(kind: BlockQuoteKind, labels: &CalloutLabels, number: usize) -> String {
    let (name, label) = match kind {
        BlockQuoteKind::Caution => ("caution", &labels.caution),
        BlockQuoteKind::Warning => ("warning", &labels.warning),
        BlockQuoteKind::Important => ("important", &labels.important),
        BlockQuoteKind::Note => ("note", &labels.note),
        BlockQuoteKind::Tip => ("tip", &labels.tip),
    };
    let id = format!("callout-{number}");
    format!(
        "<aside class=\"callout callout-{name}\" aria-labelledby=\"{id}\">\n<p class=\"callout-label\" id=\"{id}\">{}</p>\n",
        escape_html(label)
    )
}

/// The closing HTML of a callout.
pub(super) const CALLOUT_END: &str = "</aside>\n";
