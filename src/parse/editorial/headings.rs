//! `heading-level`: a heading deeper than one level below the one before it
//! (the page title is the h1, so the first body heading should be an h2).

use crate::diagnostics::{Code, Diagnostic, SourceLocator};

/// One warning per heading that skips a level.
pub(super) fn check_heading_levels(headings: &[(u8, usize)], body: &SourceLocator<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous = 1;
    for &(level, offset) in headings {
        if level > previous + 1 {
            let after = if previous == 1 { "the page title (h1)".to_string() } else { format!("an h{previous}") };
            let message = format!("heading h{level} skips a level: it follows {after}");
            let help = format!(
                "make it an h{} (`{} `), or add the missing h{} above it",
                previous + 1,
                "#".repeat(usize::from(previous) + 1),
                previous + 1
            );
            out.push(
                Diagnostic::warning(Code::HeadingLevel, body.path, message).at(body.locate(offset)).with_help(help),
            );
        }
        previous = level;
    }
    out
}
