//! [`TeraMessage`]: what the text of a Tera error message says (an
//! undefined field, an unexpected token, an unknown filter), in plain words
//! with a help line. Pure text in, text out; `templates.rs` passes the
//! message of Tera's `ReportError` here and owns everything else of Tera.

/// What a Tera message says. Tera 2.4.0 has no error kind, field or span
/// for these: an undefined field, an unexpected token and an unknown filter
/// all reach us as the text of `ReportError::message()` (or of the report
/// `ErrorKind::Msg` joins), so the text is read here, once, and nowhere else.
pub(crate) enum TeraMessage<'a> {
    /// "Field `name` is not defined. Available fields: a, b."
    UndefinedField { name: &'a str, available: &'a str },
    /// "Found `token` but expected what."
    UnexpectedToken { found: &'a str, expected: &'a str },
    /// "Unknown filter `name`"
    UnknownFilter(&'a str),
    /// Any other message, kept as Tera wrote it.
    Other(&'a str),
}

impl<'a> TeraMessage<'a> {
    pub(crate) fn read(message: &'a str) -> TeraMessage<'a> {
        if let Some(rest) = message.strip_prefix("Field `")
            && let Some((name, after)) = rest.split_once("` is not defined.")
        {
            let available = after.trim().strip_prefix("Available fields: ").unwrap_or("").trim_end_matches('.');
            return TeraMessage::UndefinedField { name, available };
        }
        if let Some(rest) = message.strip_prefix("Found `")
            && let Some((found, expected)) = rest.split_once("` but expected ")
        {
            return TeraMessage::UnexpectedToken { found, expected: expected.trim_end_matches('.') };
        }
        if let Some(rest) = message.strip_prefix("Unknown filter `") {
            return TeraMessage::UnknownFilter(rest.split('`').next().unwrap_or(""));
        }
        TeraMessage::Other(message)
    }

    /// The message in plain words.
    pub(crate) fn plain(&self) -> String {
        match self {
            TeraMessage::UndefinedField { name, available: "" } => {
                format!("the template asks for `{name}`, which this value does not have")
            }
            TeraMessage::UndefinedField { name, available } => {
                format!("the template asks for `{name}`, which this value does not have; it has: {available}")
            }
            TeraMessage::UnexpectedToken { found, expected } => {
                format!("the tag is not closed: `{found}` comes where `{expected}` should end it")
            }
            TeraMessage::UnknownFilter(name) => format!("`{name}` is not a filter"),
            TeraMessage::Other(text) => (*text).to_string(),
        }
    }

    /// A did-you-mean for a field or a filter, or how to close a tag.
    pub(crate) fn help(&self) -> Option<String> {
        let closes = |expected: &str| expected.starts_with("}}") || expected.starts_with("%}");
        match self {
            TeraMessage::UndefinedField { name, available } => {
                crate::diagnostics::suggestion_help(name, available.split(", ").filter(|f| !f.is_empty()))
            }
            TeraMessage::UnknownFilter(name) => Some(
                crate::diagnostics::suggestion_help(name, BUILT_IN_FILTERS.iter().copied())
                    .unwrap_or_else(|| format!("the filters are: {}", BUILT_IN_FILTERS.join(", "))),
            ),
            TeraMessage::UnexpectedToken { expected, .. } if closes(expected) => Some(CLOSE_THE_TAG.to_string()),
            TeraMessage::Other(text) if text.contains("expected }}") || text.contains("expected %}") => {
                Some(CLOSE_THE_TAG.to_string())
            }
            _ => None,
        }
    }
}

const CLOSE_THE_TAG: &str = "close the tag: `{{ … }}` for values, `{% … %}` for statements";

/// Tera 2's built-in filters, for did-you-mean on unknown ones.
const BUILT_IN_FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_messages_tera_gives_only_as_text() {
        let field = TeraMessage::read("Field `titel` is not defined. Available fields: title, url.");
        assert_eq!(field.plain(), "the template asks for `titel`, which this value does not have; it has: title, url");
        assert_eq!(field.help().as_deref(), Some("did you mean `title`?"));
        let far = TeraMessage::read("Field `zzz` is not defined. Available fields: title, url.");
        assert_eq!(far.help(), None);
        let token = TeraMessage::read("Found `%}` but expected }}.");
        assert_eq!(token.plain(), "the tag is not closed: `%}` comes where `}}` should end it");
        assert_eq!(token.help().as_deref(), Some(CLOSE_THE_TAG));
        let filter = TeraMessage::read("Unknown filter `uper`");
        assert_eq!(filter.plain(), "`uper` is not a filter");
        assert_eq!(filter.help().as_deref(), Some("did you mean `upper`?"));
        assert_eq!(TeraMessage::read("Cannot divide by 0").plain(), "Cannot divide by 0");
    }
}
