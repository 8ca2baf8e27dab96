//! YAML text → [`Node`] tree, through saphyr's `MarkedYaml` (maintained; the
//! successor line of yaml-rust, unlike the deprecated serde_yaml). Duplicate
//! keys are errors and alias expansion is bounded by saphyr itself.

use super::node::{Key, Node, SyntaxError, Value};
use crate::text::clean_text;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use std::ops::Range;

/// Nesting deeper than this is refused rather than walked recursively.
const MAX_DEPTH: usize = 64;

/// Parses a YAML document into a node; an empty document is an empty table.
pub(crate) fn parse_yaml(text: &str) -> Result<Node, SyntaxError> {
    let chars = CharOffsets::new(text);
    let docs = MarkedYaml::load_from_str(text).map_err(|e| SyntaxError {
        message: super::plain_syntax::plain_yaml(e.info()),
        offset: chars.byte(e.marker().index()),
    })?;
    match docs.first() {
        None => Ok(Node { span: 0..0, value: Value::Table(Vec::new()) }),
        Some(doc) => convert(doc, &chars, 0),
    }
}

/// saphyr counts positions in characters; spans here are in bytes.
struct CharOffsets {
    starts: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        CharOffsets { starts: text.char_indices().map(|(i, _)| i).collect(), len: text.len() }
    }
    fn byte(&self, char_index: usize) -> usize {
        self.starts.get(char_index).copied().unwrap_or(self.len)
    }
    fn span(&self, node: &MarkedYaml<'_>) -> Range<usize> {
        let start = self.byte(node.span.start.index());
        start..self.byte(node.span.end.index()).max(start)
    }
}

fn convert(node: &MarkedYaml<'_>, chars: &CharOffsets, depth: usize) -> Result<Node, SyntaxError> {
    let span = chars.span(node);
    let fail = |message: &str| SyntaxError { message: message.to_string(), offset: span.start };
    if depth > MAX_DEPTH {
        return Err(fail("front matter is nested too deeply"));
    }
    let value = match &node.data {
        YamlData::Value(scalar) => convert_scalar(scalar),
        YamlData::Representation(text, _, _) => Value::String(clean_text(text).into_owned()),
        YamlData::Sequence(items) => {
            Value::Array(items.iter().map(|i| convert(i, chars, depth + 1)).collect::<Result<_, _>>()?)
        }
        YamlData::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                let name = match &k.data {
                    YamlData::Value(Scalar::String(s)) => clean_text(s).into_owned(),
                    YamlData::Value(other) => convert_scalar(other).describe(),
                    _ => return Err(fail("only plain keys are allowed in front matter")),
                };
                entries.push((Key { name, span: chars.span(k) }, convert(v, chars, depth + 1)?));
            }
            Value::Table(entries)
        }
        YamlData::Tagged(_, inner) => return convert(inner, chars, depth + 1),
        YamlData::Alias(_) => return Err(fail("YAML aliases are not supported in front matter")),
        YamlData::BadValue => return Err(fail("this value does not match its YAML tag")),
    };
    Ok(Node { span, value })
}

fn convert_scalar(scalar: &Scalar<'_>) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Integer(*i),
        Scalar::FloatingPoint(f) => Value::Float(f.into_inner()),
        Scalar::String(s) => Value::String(clean_text(s).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_mappings_with_byte_spans() {
        let text = "title: Café\nfacts:\n  days: [3, 14]\n";
        let root = parse_yaml(text).unwrap();
        let Value::Table(entries) = root.value else { panic!("not a table") };
        assert_eq!(entries[0].0.name, "title");
        assert_eq!(entries[0].1.value, Value::String("Café".into()));
        let Value::Table(facts) = &entries[1].1.value else { panic!("not a table") };
        assert!(text[facts[0].1.span.start..].starts_with("[3, 14]"));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        assert!(parse_yaml("a: 1\na: 2\n").is_err());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e]\n";
        assert!(parse_yaml(bomb).is_err());
    }
}
