//! `[checks]`: the limits of the editorial checks and which of their
//! warnings are errors on this site.

use crate::diagnostics::{Code, suggestion_help};
use crate::spanned::{Node, Value, reader::Reader};

/// The warnings `[checks] errors` may turn into errors, by the name printed
/// in brackets. `alt-text` is not here: it is always an error.
pub(crate) const PROMOTABLE: &[Code] = &[
    Code::ReadingGrade,
    Code::Description,
    Code::HeadingLevel,
    Code::UncitedFigure,
    Code::ReviewOverdue,
    Code::UncitedReference,
];

const KEYS: &[&str] = &["reading_grade", "description_length", "errors"];

/// `[checks]`, with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSettings {
    /// The highest Flesch–Kincaid grade a page's prose may have (default 10).
    pub reading_grade: f64,
    /// The longest description, in characters (default 160).
    pub description_length: usize,
    /// The codes whose warnings are errors, in [`PROMOTABLE`] order.
    pub errors: Vec<Code>,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings { reading_grade: 10.0, description_length: 160, errors: Vec::new() }
    }
}

impl CheckSettings {
    /// True when warnings of `code` are errors on this site.
    pub fn is_error(&self, code: Code) -> bool {
        self.errors.contains(&code)
    }

    /// Reads `[checks]`, recording every problem in `reader`.
    pub(super) fn read(reader: &mut Reader<'_>, node: &Node) -> CheckSettings {
        let defaults = CheckSettings::default();
        let Some(mut fields) = reader.table(node, "checks") else { return defaults };
        let reading_grade = fields.take("reading_grade").and_then(|n| read_grade(reader, n));
        let description_length = fields.take("description_length").and_then(|n| read_length(reader, n));
        let errors = fields.take("errors").map(|n| read_errors(reader, n)).unwrap_or_default();
        fields.finish(reader, KEYS, "[checks]");
        CheckSettings {
            reading_grade: reading_grade.unwrap_or(defaults.reading_grade),
            description_length: description_length.unwrap_or(defaults.description_length),
            errors,
        }
    }
}

fn read_grade(reader: &mut Reader<'_>, node: &Node) -> Option<f64> {
    let grade = match node.value {
        Value::Integer(i) => i as f64,
        Value::Float(f) => f,
        _ => {
            reader.type_error(node, "reading_grade", "a number such as 10");
            return None;
        }
    };
    if !(1.0..=30.0).contains(&grade) {
        let help = "a school grade between 1 and 30; 10 is the default, 8 or below suits health information";
        reader.error(node.span.start, format!("`reading_grade`: {grade} is out of range"), Some(help.into()));
        return None;
    }
    Some(grade)
}

fn read_length(reader: &mut Reader<'_>, node: &Node) -> Option<usize> {
    let length = reader.integer(node, "description_length")?;
    match usize::try_from(length) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            let help = "a number of characters such as 160 (what search engines show)";
            reader.error(node.span.start, format!("`description_length`: {length} is not a length"), Some(help.into()));
            None
        }
    }
}

/// `errors = ["reading-grade", …]` or `errors = "all"`.
fn read_errors(reader: &mut Reader<'_>, node: &Node) -> Vec<Code> {
    if let Value::String(s) = &node.value {
        if s == "all" {
            return PROMOTABLE.to_vec();
        }
        let help = "write \"all\", or a list of check names such as [\"reading-grade\", \"description\"]";
        reader.error(node.span.start, format!("`errors`: {s:?} is neither \"all\" nor a list"), Some(help.into()));
        return Vec::new();
    }
    let Some(names) = reader.string_list(node, "errors") else { return Vec::new() };
    let mut codes = Vec::new();
    for (name, span) in names {
        match PROMOTABLE.iter().find(|c| c.to_string() == name) {
            Some(code) => codes.push(*code),
            None => reader.error(span.start, format!("`errors`: unknown check `{name}`"), Some(unknown_help(&name))),
        }
    }
    // Promotable order, once each, whatever the order written.
    PROMOTABLE.iter().copied().filter(|c| codes.contains(c)).collect()
}

fn unknown_help(name: &str) -> String {
    let names: Vec<String> = PROMOTABLE.iter().map(Code::to_string).collect();
    if name == Code::AltText.to_string() {
        return "`alt-text` is always an error; remove it from the list".to_string();
    }
    suggestion_help(name, names.iter().map(String::as_str))
        .unwrap_or_else(|| format!("the checks that can be errors: {}, or \"all\"", names.join(", ")))
}
