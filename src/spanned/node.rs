//! The tree itself: [`Node`]s (a [`Value`] with its byte span), map
//! [`Key`]s with theirs, and the [`SyntaxError`] a parser returns instead.

use std::ops::Range;

/// A value and the byte range it was written at (relative to the parsed text).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// Where the value is, in bytes of the parsed text.
    pub span: Range<usize>,
    /// The value.
    pub value: Value,
}

/// A table key and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    /// The key.
    pub name: String,
    /// Where the key is.
    pub span: Range<usize>,
}

/// The values both formats can express.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A TOML date or date-time, as written (`2024-05-01`).
    Datetime(String),
    /// An array.
    Array(Vec<Node>),
    /// A table, in the order written.
    Table(Vec<(Key, Node)>),
    /// YAML `null` or an empty value.
    Null,
}

impl Value {
    /// "a string", "an integer", …: for "expected …, found …" messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::String(_) => "text",
            Value::Integer(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::Bool(_) => "true or false",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Null => "nothing (null)",
        }
    }

    /// A short rendering of the value for messages: `"two weeks"`, `3`, `[…]`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Value::String(s) => format!("{s:?}"),
            Value::Integer(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Datetime(d) => d.clone(),
            Value::Array(_) => "a list".to_string(),
            Value::Table(_) => "a table".to_string(),
            Value::Null => "nothing (null)".to_string(),
        }
    }
}

/// A syntax error from one of the parsers, with a span in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    /// The parser's message.
    pub message: String,
    /// Where, in bytes of the parsed text.
    pub offset: usize,
}
