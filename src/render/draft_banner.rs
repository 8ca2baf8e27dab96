//! The banner on a draft's page (`partials/draft_banner.html`): "Draft — not
//! published", and every problem found in the draft, each with its place in
//! the file and its fix, split into what blocks publishing and suggestions.

use crate::drafts::DraftProblem;
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};

/// `page.draft` (or `section.draft`): set only on drafts, in builds with drafts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DraftContext {
    /// The draft's source file (`content/methods/x.md`).
    pub path: String,
    /// Problems that are errors once the page is published.
    pub to_fix: Vec<DraftProblemContext>,
    /// Warnings that stay warnings once it is published.
    pub suggestions: Vec<DraftProblemContext>,
}

/// One problem of a draft.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DraftProblemContext {
    /// The kind, as the terminal prints it in brackets (`facts`, `link`).
    pub code: String,
    /// `content/methods/x.md:12:1` (or the path alone when there is no place).
    pub place: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// `message` as HTML (render with `| safe`): escaped, with each
    /// `` `quoted` `` part in `<code>`.
    pub message_html: String,
    /// How to fix it.
    pub help: Option<String>,
    /// `help` as HTML, like `message_html`.
    pub help_html: Option<String>,
}

/// The banner's context for the draft `path` with these problems.
pub(super) fn draft_context(path: &str, problems: &[DraftProblem]) -> DraftContext {
    let shown = |p: &DraftProblem| DraftProblemContext {
        code: p.code.to_string(),
        place: match p.location {
            Some(lc) => format!("{path}:{}:{}", lc.line, lc.col),
            None => path.to_string(),
        },
        line: p.location.map(|lc| lc.line),
        column: p.location.map(|lc| lc.col),
        message: p.message.clone(),
        message_html: with_code_spans(&p.message),
        help: p.help.clone(),
        help_html: p.help.as_deref().map(with_code_spans),
    };
    DraftContext {
        path: path.to_string(),
        to_fix: problems.iter().filter(|p| p.blocks_publishing).map(shown).collect(),
        suggestions: problems.iter().filter(|p| !p.blocks_publishing).map(shown).collect(),
    }
}

/// `text` escaped for HTML, each pair of backticks making a `<code>` span
/// (as messages quote keys and values: "`description` is empty"); an
/// unpaired backtick stays as it is.
fn with_code_spans(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1;
        if quoted && i + 1 == parts.len() {
            // The last backtick has no partner.
            out.push('`');
            out.push_str(&crate::text::escape_html(part));
        } else if quoted {
            out.push_str("<code>");
            out.push_str(&crate::text::escape_html(part));
            out.push_str("</code>");
        } else {
            out.push_str(&crate::text::escape_html(part));
        }
    }
    out
}

/// A page's cache key with its draft problems mixed in: the banner is part
/// of what the page shows.
pub(super) fn with_problems(key: u64, problems: Option<&[DraftProblem]>) -> u64 {
    let Some(problems) = problems else { return key };
    let mut h = DefaultHasher::new();
    (key, problems.len()).hash(&mut h);
    for p in problems {
        let place = p.location.map(|lc| (lc.line, lc.col));
        (p.code.to_string(), place, &p.message, &p.help, p.blocks_publishing).hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, LineCol};

    #[test]
    fn quoted_parts_become_code_and_the_rest_is_escaped() {
        assert_eq!(with_code_spans("`a<b>` is <empty>"), "<code>a&lt;b&gt;</code> is &lt;empty&gt;");
        assert_eq!(with_code_spans("one ` alone"), "one ` alone");
        assert_eq!(with_code_spans("`x` and `y"), "<code>x</code> and `y");
    }

    #[test]
    fn problems_are_split_and_placed() {
        let problem = |blocks_publishing, location| DraftProblem {
            code: Code::Facts,
            location,
            message: "required fact `a` is missing".into(),
            help: Some("add it".into()),
            blocks_publishing,
        };
        let context =
            draft_context("content/m/x.md", &[problem(true, Some(LineCol { line: 12, col: 3 })), problem(false, None)]);
        assert_eq!(context.to_fix.len(), 1);
        assert_eq!(context.to_fix[0].place, "content/m/x.md:12:3");
        assert_eq!(context.to_fix[0].code, "facts");
        assert_eq!(context.suggestions[0].place, "content/m/x.md");
        assert_ne!(with_problems(7, Some(&[problem(true, None)])), with_problems(7, Some(&[])));
        assert_eq!(with_problems(7, None), 7);
    }
}
