//! Typed reading of [`Node`] trees with located diagnostics.
//!
//! Readers never stop at the first problem: each failed read records a
//! diagnostic at the offending value and returns `None`, so one pass over a
//! file reports everything wrong with it.

use super::node::{Key, Node, Value};
use crate::diagnostics::{Code, Diagnostic, SourceLocator, suggestion_help};
use chrono::NaiveDate;
use std::ops::Range;

/// Reads values of one file, collecting diagnostics.
pub(crate) struct Reader<'a> {
    locator: SourceLocator<'a>,
    code: Code,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// A reader whose diagnostics carry `code` and positions from `locator`.
    pub(crate) fn new(locator: SourceLocator<'a>, code: Code) -> Self {
        Reader { locator, code, diagnostics: Vec::new() }
    }

    /// Changes the code of the diagnostics recorded from now on.
    pub(crate) fn set_code(&mut self, code: Code) {
        self.code = code;
    }

    /// The locator, for callers that build their own diagnostics.
    pub(crate) fn locator(&self) -> SourceLocator<'a> {
        self.locator
    }

    /// Records an error at a byte offset of the parsed text.
    pub(crate) fn error(&mut self, offset: usize, message: impl Into<String>, help: Option<String>) {
        let d = Diagnostic::error(self.code, self.locator.path, message)
            .at(self.locator.locate(offset))
            .with_help_opt(help);
        self.diagnostics.push(d);
    }

    /// Records an error at a span of the parsed text; the code frame
    /// underlines all of it.
    pub(crate) fn error_spanning(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<String>) {
        let d = Diagnostic::error(self.code, self.locator.path, message)
            .at(self.locator.locate(span.start))
            .spanning(self.locator.span_chars(span))
            .with_help_opt(help);
        self.diagnostics.push(d);
    }

    /// Everything recorded.
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// True when something was recorded.
    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Records "`key`: expected X, found Y".
    pub(crate) fn type_error(&mut self, node: &Node, key: &str, expected: &str) {
        let found = match &node.value {
            Value::String(_) | Value::Integer(_) | Value::Float(_) | Value::Bool(_) => {
                format!("{} {}", node.value.kind(), node.value.describe())
            }
            other => other.kind().to_string(),
        };
        self.error_spanning(node.span.clone(), format!("`{key}`: expected {expected}, found {found}"), None);
    }

    /// A non-empty string.
    pub(crate) fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.value {
            Value::String(s) if s.trim().is_empty() => {
                let help = format!("give `{key}` a value, or remove the key");
                self.error(node.span.start, format!("`{key}` is empty"), Some(help));
                None
            }
            Value::String(s) => Some(s.clone()),
            _ => {
                self.type_error(node, key, "text in quotes");
                None
            }
        }
    }

    /// A boolean.
    pub(crate) fn bool(&mut self, node: &Node, key: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.type_error(node, key, "true or false");
                None
            }
        }
    }

    /// An integer.
    pub(crate) fn integer(&mut self, node: &Node, key: &str) -> Option<i64> {
        match node.value {
            Value::Integer(i) => Some(i),
            _ => {
                self.type_error(node, key, "a whole number");
                None
            }
        }
    }

    /// An array of non-empty strings.
    pub(crate) fn string_list(&mut self, node: &Node, key: &str) -> Option<Vec<(String, Range<usize>)>> {
        let Value::Array(items) = &node.value else {
            self.type_error(node, key, "a list of texts such as [\"a\", \"b\"]");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push((self.string(item, key)?, item.span.clone()));
        }
        Some(out)
    }

    /// A calendar date written `YYYY-MM-DD` (a TOML date or a string); a
    /// date-time keeps its date.
    pub(crate) fn date(&mut self, node: &Node, key: &str) -> Option<NaiveDate> {
        let text = match &node.value {
            Value::Datetime(s) | Value::String(s) => s.as_str(),
            _ => {
                self.type_error(node, key, "a date such as 2024-05-01");
                return None;
            }
        };
        match parse_date(text) {
            Some(date) => Some(date),
            None => {
                let help = if looks_like_date(text) {
                    "that day does not exist in the calendar".to_string()
                } else {
                    "write dates as YYYY-MM-DD, for example 2024-05-01".to_string()
                };
                let message = format!("`{key}`: expected a date such as 2024-05-01, found {text:?}");
                self.error_spanning(node.span.clone(), message, Some(help));
                None
            }
        }
    }

    /// Opens a table for reading its keys one by one.
    pub(crate) fn table<'n>(&mut self, node: &'n Node, key: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Table(entries) => Some(Fields::new(entries, node.span.clone())),
            _ => {
                self.type_error(node, key, "a table");
                None
            }
        }
    }
}

/// Parses `YYYY-MM-DD`, or the date of an RFC 3339 / local date-time.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(dt.date_naive());
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some(dt.date());
        }
    }
    None
}

fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The keys of one table, taken one at a time; what is left is unknown.
pub(crate) struct Fields<'n> {
    entries: &'n [(Key, Node)],
    taken: Vec<bool>,
    /// Where the table is.
    pub span: Range<usize>,
}

impl<'n> Fields<'n> {
    fn new(entries: &'n [(Key, Node)], span: Range<usize>) -> Self {
        Fields { entries, taken: vec![false; entries.len()], span }
    }

    /// The value of `name`, marking it as known.
    pub(crate) fn take(&mut self, name: &str) -> Option<&'n Node> {
        let index = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.taken[index] = true;
        Some(&self.entries[index].1)
    }

    /// The key and value of `name`, marking it as known.
    pub(crate) fn take_entry(&mut self, name: &str) -> Option<&'n (Key, Node)> {
        let index = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.taken[index] = true;
        Some(&self.entries[index])
    }

    /// All entries in the order written.
    pub(crate) fn entries(&self) -> &'n [(Key, Node)] {
        self.entries
    }

    /// Reports every key that was not taken as unknown, with a did-you-mean
    /// among `known`. `place` names the table in the message ("front matter").
    pub(crate) fn finish(self, reader: &mut Reader<'_>, known: &[&str], place: &str) {
        for ((key, _), taken) in self.entries.iter().zip(self.taken) {
            if taken {
                continue;
            }
            let help = suggestion_help(&key.name, known.iter().copied())
                .unwrap_or_else(|| format!("known keys here: {}", known.join(", ")));
            reader.error(key.span.start, format!("unknown key `{}` in {place}", key.name), Some(help));
        }
    }
}
