//! `uncited-figure`: in a page of a collection, a paragraph, list item or
//! table holding a figure (a number with a unit, or an amount of money)
//! must hold a `[@key]` citation too.

use super::body_scan::{Block, BlockKind};
use super::reading_grade::without_citations;
use crate::diagnostics::{Code, Diagnostic, SourceLocator};

/// Units that make a number a figure (whole words, any case).
const UNITS: &[&str] = &[
    "percent",
    "per cent",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "hours",
    "hour",
    "minutes",
    "minute",
    "sessions",
    "session",
    "treatments",
    "treatment",
    "mm",
    "cm",
    "ml",
    "mg",
    "units",
    "unit",
    "usd",
];

/// Currency signs written before an amount.
const CURRENCIES: &[char] = &['$', '£', '€'];

/// Words and dashes joining the two ends of a range.
const RANGE_JOINS: &[&str] = &["-", "–", "—", "to", "and"];

/// A figure found in a text: its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Figure {
    /// First byte (the number or the currency sign).
    pub start: usize,
    /// End, after the unit.
    pub end: usize,
}

/// One warning per block that has figures and no citation, at its first figure.
pub(super) fn check_figures(blocks: &[Block], body: &SourceLocator<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        let text = &block.text.text;
        if text.contains("[@") {
            continue;
        }
        let figures = find_figures(&without_citations(text));
        let Some(first) = figures.first() else { continue };
        let place = match block.kind {
            BlockKind::Prose => "paragraph or list item",
            BlockKind::Table => "table",
        };
        let more = match figures.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let figure = &text[first.start..first.end];
        let message = format!("figure \"{figure}\"{more} in a {place} without a citation");
        let help = format!(
            "cite the source of the figure in the same {place}: add `[@key]` with the key of one of the page's references"
        );
        out.push(
            Diagnostic::warning(Code::UncitedFigure, body.path, message)
                .at(body.locate(block.text.body_offset(first.start)))
                .spanning(figure.chars().count())
                .with_help(help),
        );
    }
    out
}

/// The figures of `text`, in order; a range counts once.
pub(super) fn find_figures(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        let after_word = text[..i].chars().next_back().is_some_and(|p| p.is_alphanumeric() || p == '.' || p == ',');
        if CURRENCIES.contains(&c) && number_len(&rest[c.len_utf8()..]) > 0 {
            let end = i + c.len_utf8() + number_len(&rest[c.len_utf8()..]);
            let end = range_end(text, end).unwrap_or(end);
            out.push(Figure { start: i, end });
            i = end;
        } else if c.is_ascii_digit() && !after_word {
            let end = i + number_len(rest);
            let end = range_end(text, end).unwrap_or(end);
            match unit_end(text, end) {
                Some(unit) => {
                    out.push(Figure { start: i, end: unit });
                    i = unit;
                }
                None => i = end,
            }
        } else {
            i += c.len_utf8();
        }
    }
    out
}

/// Length of the number at the start of `text`: digits, with `,` or `.`
/// between digits (`1,500.5`); 0 when `text` does not start with a digit.
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    while n < bytes.len() {
        if bytes[n].is_ascii_digit() {
            n += 1;
        } else if n > 0 && matches!(bytes[n], b',' | b'.') && bytes.get(n + 1).is_some_and(u8::is_ascii_digit) {
            n += 2;
        } else {
            break;
        }
    }
    n
}

/// When a range join and a second number (or amount) follow `at`, the end of that number.
fn range_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let spaced = rest.trim_start();
    let join = RANGE_JOINS.iter().find(|j| spaced.starts_with(**j))?;
    if join.chars().all(char::is_alphabetic) && spaced.len() == rest.len() {
        // "7to 14" is not a range; "7 to 14" is.
        return None;
    }
    let after = &spaced[join.len()..];
    let after_trim = after.trim_start();
    let second = after_trim.strip_prefix(CURRENCIES).unwrap_or(after_trim);
    let len = number_len(second);
    (len > 0).then(|| text.len() - second.len() + len)
}

/// When a unit follows `at` (after spaces or one hyphen), the end of the unit.
fn unit_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let spaced = rest.trim_start();
    if spaced.starts_with('%') {
        return Some(text.len() - spaced.len() + 1);
    }
    let spaced = match rest.strip_prefix('-') {
        Some(hyphenated) => hyphenated,
        None if spaced.len() < rest.len() => spaced,
        None => return None,
    };
    let lower = spaced.to_lowercase();
    let unit = UNITS
        .iter()
        .find(|u| lower.starts_with(**u) && !lower[u.len()..].starts_with(|c: char| c.is_alphanumeric()))?;
    Some(text.len() - spaced.len() + unit.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<&str> {
        find_figures(text).into_iter().map(|f| &text[f.start..f.end]).collect()
    }

    #[test]
    fn numbers_with_units_are_figures() {
        assert_eq!(figures("Healing takes 7 days."), vec!["7 days"]);
        assert_eq!(figures("About 30% or 40 percent, 2 per cent"), vec!["30%", "40 percent", "2 per cent"]);
        assert_eq!(
            figures("1 session, 3 Treatments, 0.5 mm, 10 ml, 250 mg, 20 units"),
            vec!["1 session", "3 Treatments", "0.5 mm", "10 ml", "250 mg", "20 units"]
        );
        assert_eq!(figures("a 6-week course, 1,500 USD"), vec!["6-week", "1,500 USD"]);
    }

    #[test]
    fn ranges_count_once() {
        assert_eq!(
            figures("7 to 14 days, 7-14 days, 7–14 days, 3 and 6 months"),
            vec!["7 to 14 days", "7-14 days", "7–14 days", "3 and 6 months"]
        );
        assert_eq!(figures("$150 to $300 or £60–£90, €5"), vec!["$150 to $300", "£60–£90", "€5"]);
    }

    #[test]
    fn words_years_and_bare_numbers_are_not_figures() {
        assert!(figures("Seven days, a few weeks, several months.").is_empty());
        assert!(figures("In 2023 the NHS updated its advice; see 2 of the 3 options.").is_empty());
        assert!(figures("SPF30 and SPF 50, step 2: dayside, 4 daylight hours? no").is_empty());
        assert!(figures("Fitzpatrick type 4, $ alone, 1.").is_empty());
    }
}
