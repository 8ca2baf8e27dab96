//! Editorial checks of one parsed page (part of stage 2; pure, per page):
//! reading grade, description, heading levels, images without alt text and,
//! in pages of a collection, figures without a citation. Definitions are in
//! README.md ("Editorial checks"). Warnings only, except `alt-text`; which
//! warnings are errors on a site is decided once, in `pipeline.rs`.

mod body_scan;
mod description;
mod figures;
mod headings;
mod images;
mod reading_grade;
mod sentences;
mod syllables;

use super::ParsedPage;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, SourceLocator};

/// Every editorial problem of `page`. `body` locates offsets of the body in
/// the file.
pub(crate) fn check_page(page: &ParsedPage, config: &SiteConfig, body: &SourceLocator<'_>) -> Vec<Diagnostic> {
    let limits = &config.checks;
    let scan = body_scan::scan_body(&page.body);
    let mut out = Vec::new();
    out.extend(description::check_description(&page.meta, limits.description_length, body.path));
    out.extend(reading_grade::check_reading_grade(&scan.blocks, limits.reading_grade, body));
    out.extend(headings::check_heading_levels(&scan.headings, body));
    out.extend(images::check_alt_text(&scan.images, body));
    if page.collection.is_some() && !page.is_section {
        out.extend(figures::check_figures(&scan.blocks, body));
    }
    out
}
