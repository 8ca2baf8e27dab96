//! Prose citations: `[@key]` cites one reference, `[@a; @b]` several.
//!
//! They are found in the Markdown event stream, never in code, link text,
//! link URLs or images: a citation is a `[` text event that Markdown left as
//! text (no link definition matched), text starting with `@`, and a `]`. A
//! `[` written as `\[` is literal, so `\[@x]` shows `[@x]` as it is.

use super::markdown_parser::markdown_events;
use super::reference::{Reference, is_reference_key};
use crate::diagnostics::{Code, Diagnostic, LineCol, SourceLocator, suggestion_help};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::BTreeSet;
use std::ops::Range;

/// One `[@…]` marker of the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// From its `[` to its `]`, in the body.
    pub body_range: Range<usize>,
    /// Where the `[` is in the file.
    pub at: LineCol,
    /// The keys cited, in the order written.
    pub keys: Vec<CitedKey>,
}

/// One key of a citation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CitedKey {
    /// The reference key.
    pub key: String,
    /// Where its `@` is in the file.
    pub at: LineCol,
    /// 1 for the first citation of this key in the page, 2 for the second …
    /// (the `N` of the marker's id `cite-KEY-N`).
    pub occurrence: usize,
}

/// The keys of the marker whose `[` is at `start` and whose text after it
/// (`inner`) starts at `inner_start`, or why it is not a citation.
fn marker_keys(
    body: &str,
    start: usize,
    (inner, inner_start): (&str, usize),
    in_heading: bool,
    locator: &SourceLocator<'_>,
) -> Result<Vec<CitedKey>, Diagnostic> {
    let error = |message: &str, help: &str| {
        Diagnostic::error(Code::Citation, locator.path, message).at(locator.locate(start)).with_help(help)
    };
    if in_heading {
        return Err(error("a citation cannot go in a heading", "cite the source in the sentence below the heading"));
    }
    if follows_footnote(&body[..start]) {
        return Err(error(
            "a footnote reference right before a citation is read as plain text",
            "put a space between them: `[^note] [@key]`",
        ));
    }
    read_keys(inner, inner_start, locator).map_err(|(message, help)| error(&message, &help))
}

/// Finds the citations of a body; malformed ones (`[@]`, `[@Bad Key]`) and
/// citations in headings are reported and left out.
pub(crate) fn find_citations(
    body: &str,
    locator: &SourceLocator<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Citation> {
    let mut found = Vec::new();
    let mut blocked = 0usize;
    let mut in_heading = false;
    // The `[` of a possible citation, and the text after it so far.
    let mut pending: Option<(usize, String, usize)> = None;
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (event, range) in markdown_events(body) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => blocked += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => blocked = blocked.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            _ => {}
        }
        if blocked > 0 {
            pending = None;
            continue;
        }
        let written = body.get(range.clone()).unwrap_or("");
        match event {
            Event::Text(t) if &*t == "[" && written == "[" => pending = Some((range.start, String::new(), range.end)),
            Event::Text(t) if &*t == "]" && written == "]" => {
                if let Some((start, inner, inner_start)) = pending.take()
                    && inner.starts_with('@')
                {
                    let marker = start..range.end;
                    match marker_keys(body, start, (&inner, inner_start), in_heading, locator) {
                        Ok(mut keys) => {
                            for k in &mut keys {
                                let n = counts.entry(k.key.clone()).or_default();
                                *n += 1;
                                k.occurrence = *n;
                            }
                            found.push(Citation { body_range: marker, at: locator.locate(start), keys });
                        }
                        Err(d) => diagnostics.push(d),
                    }
                }
            }
            Event::Text(t) => match pending.as_mut() {
                Some((_, inner, _)) if !inner.is_empty() || t.starts_with('@') => inner.push_str(&t),
                _ => pending = None,
            },
            Event::SoftBreak => match pending.as_mut() {
                Some((_, inner, _)) if !inner.is_empty() => inner.push(' '),
                _ => pending = None,
            },
            _ => pending = None,
        }
    }
    found
}

/// True when `before` ends with `[^label]`: Markdown then reads
/// `[^label][@key]` as a reference link that does not exist, and the footnote is lost.
fn follows_footnote(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(']') else { return false };
    rest.rfind('[').is_some_and(|open| rest[open..].starts_with("[^") && !rest[open..].contains(char::is_whitespace))
}

/// `@a; @b` → the keys, each located at its `@`.
fn read_keys(inner: &str, inner_start: usize, locator: &SourceLocator<'_>) -> Result<Vec<CitedKey>, (String, String)> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for part in inner.split(';') {
        let lead = part.len() - part.trim_start().len();
        let item = part.trim();
        let at = locator.locate(inner_start + offset + lead);
        offset += part.len() + 1;
        let key = item.strip_prefix('@').unwrap_or(item);
        if item.is_empty() || key.is_empty() {
            return Err((
                format!("citation `[{inner}]` names no source"),
                "write the key of a reference after `@`, such as [@nhs-peels]".to_string(),
            ));
        }
        if !item.starts_with('@') || !is_reference_key(key) {
            let help = if key.contains([',', ' '])
                && key.split([',', ' ']).all(|k| is_reference_key(k.trim_start_matches('@')) || k.is_empty())
            {
                "separate several sources with `;` and start each with `@`: [@a; @b]".to_string()
            } else {
                "keys are lowercase letters, digits, '-', '_' and '.' (as in `key` of [[references]]); write `\\[@` for a literal bracket".to_string()
            };
            return Err((format!("citation `[{inner}]`: {item:?} is not a citation key"), help));
        }
        keys.push(CitedKey { key: key.to_string(), at, occurrence: 0 });
    }
    Ok(keys)
}

/// Unknown keys are errors; references cited nowhere are warnings. The
/// cited set is the prose citations plus `extra_cited` (keys cited by facts).
pub(crate) fn check_citations<'k>(
    path: &str,
    references: &[Reference],
    citations: &[Citation],
    extra_cited: impl IntoIterator<Item = &'k str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let known = || references.iter().map(|r| r.key.as_str());
    let mut cited: BTreeSet<&str> = extra_cited.into_iter().collect();
    for key in citations.iter().flat_map(|c| &c.keys) {
        cited.insert(&key.key);
        if references.iter().any(|r| r.key == key.key) {
            continue;
        }
        // A mistyped key's likely target is not reported as uncited as well.
        if let Some(meant) = crate::diagnostics::did_you_mean(&key.key, known()) {
            cited.insert(meant);
        }
        let help = suggestion_help(&key.key, known()).unwrap_or_else(|| {
            format!(
                "add a [[references]] entry with `key = {:?}` to the front matter, or cite one of its keys",
                key.key
            )
        });
        out.push(
            Diagnostic::error(Code::Citation, path, format!("citation `@{}` names no reference of this page", key.key))
                .at(key.at)
                .with_help(help),
        );
    }
    for r in references {
        if !cited.contains(r.key.as_str()) {
            out.push(
                Diagnostic::warning(
                    Code::UncitedReference,
                    path,
                    format!("reference {:?} is cited nowhere in the page", r.key),
                )
                .at(r.key_at)
                .with_help(format!("cite it as [@{}] after the statement it supports, or remove it", r.key)),
            );
        }
    }
    out
}

/// `text` with its well-formed `[@…]` markers (and the space before each)
/// removed: for plain-text places such as descriptions.
pub(crate) fn strip_citation_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[@") {
        let escaped = rest[..start].ends_with('\\');
        let end = rest[start..].find(']').map(|e| start + e);
        let well_formed = end.is_some_and(|e| {
            rest[start + 1..e].split(';').all(|k| k.trim().strip_prefix('@').is_some_and(is_reference_key))
        });
        match end {
            Some(end) if well_formed && !escaped => {
                out.push_str(rest[..start].trim_end_matches(' '));
                rest = &rest[end + 1..];
            }
            _ => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineIndex;

    fn find(body: &str) -> (Vec<Citation>, Vec<Diagnostic>) {
        let index = LineIndex::new(body);
        let locator = SourceLocator { path: "a.md", text: body, index: &index, base: 0 };
        let mut d = Vec::new();
        (find_citations(body, &locator, &mut d), d)
    }

    #[test]
    fn citations_are_found_outside_code_and_links() {
        let body = "A [@a] b [@a; @b].\n\\[@lit] `[@code]` [x [@in]](https://a.org/[@u])\n\n```\n[@block]\n```\n";
        let (found, d) = find(body);
        assert!(d.is_empty(), "{d:?}");
        let keys: Vec<Vec<(&str, usize)>> =
            found.iter().map(|c| c.keys.iter().map(|k| (k.key.as_str(), k.occurrence)).collect()).collect();
        assert_eq!(keys, vec![vec![("a", 1)], vec![("a", 2), ("b", 1)]]);
        assert_eq!(&body[found[1].body_range.clone()], "[@a; @b]");
        assert_eq!(found[1].keys[1].at.col, 15);
    }

    #[test]
    fn malformed_citations_are_errors() {
        let (found, d) = find("x [@] y [@Bad Key] z [@a, @b]\n\n## Title [@a]\n");
        assert!(found.is_empty());
        assert_eq!(d.len(), 4, "{d:?}");
    }

    #[test]
    fn markers_are_stripped_from_plain_text() {
        assert_eq!(strip_citation_markers("Peels help [@nhs; @aad]. Really [@x]"), "Peels help. Really");
        assert_eq!(strip_citation_markers("Keep [@Bad Key] and \\[@x]"), "Keep [@Bad Key] and \\[@x]");
    }
}
