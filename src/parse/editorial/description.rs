//! `description`: every page and section needs a description (lists, search
//! results and link previews show it), no longer than the site's limit.

use crate::diagnostics::{Code, Diagnostic, LineCol};
use crate::parse::PageMeta;

/// A warning when the description is missing, blank or too long. A
/// description of the wrong type was already reported by the front-matter reader.
pub(super) fn check_description(meta: &PageMeta, limit: usize, path: &str) -> Option<Diagnostic> {
    let at = meta.description_at;
    let (message, help) = match (&meta.description, at) {
        (None, None) => (
            "missing `description`".to_string(),
            format!(
                "add a `description` to the front matter: one sentence of at most {limit} characters saying what the page is about"
            ),
        ),
        (Some(d), _) if d.trim().is_empty() => (
            "`description` is empty".to_string(),
            format!("write one sentence of at most {limit} characters saying what the page is about"),
        ),
        (Some(d), _) if d.chars().count() > limit => (
            format!("`description` is {} characters long, over the limit of {limit}", d.chars().count()),
            format!(
                "shorten it to {limit} characters or fewer (search results cut longer ones); the limit is `description_length` in site.toml [checks]"
            ),
        ),
        _ => return None,
    };
    let at = at.unwrap_or(LineCol { line: 1, col: 1 });
    Some(Diagnostic::warning(Code::Description, path, message).at(at).with_help(help))
}
