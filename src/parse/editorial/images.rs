//! `alt-text`: every image of the body, Markdown or raw HTML, needs text
//! that says what it shows (always an error).

use super::body_scan::Image;
use crate::diagnostics::{Code, Diagnostic, SourceLocator};

/// One error per image without alternative text.
pub(super) fn check_alt_text(images: &[Image], body: &SourceLocator<'_>) -> Vec<Diagnostic> {
    images
        .iter()
        .filter(|image| !image.has_alt)
        .map(|image| {
            let help = if image.is_html {
                "add alt=\"…\" saying what the image shows, e.g. <img src=\"peel.png\" alt=\"A peel being applied to a cheek\">"
            } else {
                "write what the image shows between the brackets: ![A peel being applied to a cheek](peel.png)"
            };
            Diagnostic::error(Code::AltText, body.path, "image without alt text")
                .at(body.locate(image.offset))
                .with_help(help)
        })
        .collect()
}
