//! The TOML and YAML parsers' messages in plain words. Editors read these,
//! not programmers: "invalid basic string, expected `\"`" becomes "this text
//! has no closing `\"`". A message not known here is kept, so nothing is lost
//! when a parser changes its wording (the location is kept either way).

/// A `toml` parser message, in plain words.
pub(crate) fn plain_toml(message: &str) -> String {
    let known: &[(&str, &str)] = &[
        ("invalid basic string", "this text has no closing `\"` on its line"),
        ("invalid literal string", "this text has no closing `'` on its line"),
        ("invalid multi-line basic string", "this text has no closing `\"\"\"`"),
        ("invalid multi-line literal string", "this text has no closing `'''`"),
        ("string values must be quoted", "text must be in quotes, like \"some words\""),
        ("duplicate key", "this key is set twice; keep one of them"),
        ("unclosed table", "this [table] heading has no closing `]`"),
        ("unclosed array", "this list has no closing `]`"),
        ("unclosed inline table", "this { … } table has no closing `}`"),
        ("key with no value", "this key has no value (write `key = value`)"),
        ("unexpected key or value", "something follows the value on this line (put each key on its own line)"),
        ("unquoted keys cannot be empty", "a key is missing before `=`"),
        ("invalid boolean", "yes/no values are written true or false"),
        (
            "missing escaped value",
            "a backslash in text starts an escape such as \\n (write \\\\ for a backslash itself)",
        ),
        ("`_` may only go between digits", "`_` may only stand between two digits of a number"),
    ];
    if let Some(rest) = message.strip_prefix("invalid date, expected ") {
        // "day between 01 and 28" → "the day must be between 01 and 28".
        return match rest.split_once(' ') {
            Some((part, range)) => format!("this date does not exist (the {part} must be {range})"),
            None => "this date does not exist".to_string(),
        };
    }
    lookup(message, known).unwrap_or_else(|| message.to_string())
}

/// A `saphyr` (YAML) parser message, in plain words.
pub(crate) fn plain_yaml(message: &str) -> String {
    let known: &[(&str, &str)] = &[
        ("duplicated key in mapping", "this key is set twice; keep one of them"),
        ("tabs disallowed", "a tab indents this line, but YAML is indented with spaces only"),
        (
            "mapping values are not allowed",
            "a `:` where a value was expected (put text that contains \": \" in quotes, or indent the key under its parent)",
        ),
        (
            "while parsing a block mapping, did not find expected key",
            "this line is not indented like the keys above it",
        ),
        ("while parsing a block collection", "this line is not indented like the list items (`- …`) above it"),
        ("while parsing a flow sequence", "this [ … ] list has no closing `]` (or a `,` is missing)"),
        ("while parsing a flow mapping", "this { … } table has no closing `}` (or a `,` is missing)"),
        ("while scanning a quoted scalar", "this text has no closing quote"),
        (
            "found unknown anchor",
            "`*` refers to an anchor (`&name`) that is not defined; put text that starts with `*` in quotes",
        ),
        ("unexpected character", "text cannot start with this character; put the value in quotes"),
        ("simple key expected", "this line is not a `key: value` pair"),
    ];
    lookup(message, known).unwrap_or_else(|| message.to_string())
}

fn lookup(message: &str, known: &[(&str, &str)]) -> Option<String> {
    known.iter().find(|(start, _)| message.contains(start)).map(|(_, plain)| (*plain).to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{parse_toml, parse_yaml};

    fn toml(text: &str) -> String {
        parse_toml(text).unwrap_err().message
    }

    fn yaml(text: &str) -> String {
        parse_yaml(text).unwrap_err().message
    }

    // Written against the parsers, so a change of their wording shows here.
    #[test]
    fn toml_messages_are_plain() {
        assert_eq!(toml("a = \"x"), "this text has no closing `\"` on its line");
        assert_eq!(toml("a = x"), "text must be in quotes, like \"some words\"");
        assert_eq!(toml("a = 1\na = 2"), "this key is set twice; keep one of them");
        assert_eq!(toml("a = [1, 2"), "this list has no closing `]`");
        assert_eq!(toml("a"), "this key has no value (write `key = value`)");
        assert_eq!(toml("a = 2024-02-30"), "this date does not exist (the day must be between 01 and 29)");
        assert_eq!(toml("a = tru"), "yes/no values are written true or false");
    }

    #[test]
    fn yaml_messages_are_plain() {
        assert_eq!(yaml("a: 1\na: 2"), "this key is set twice; keep one of them");
        assert_eq!(yaml("a:\n\t- b"), "a tab indents this line, but YAML is indented with spaces only");
        assert_eq!(yaml("a:\n  b: 1\n c: 2"), "this line is not indented like the keys above it");
        assert_eq!(yaml("a: \"x"), "this text has no closing quote");
    }
}
