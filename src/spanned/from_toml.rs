//! TOML text → [`Node`] tree, through `toml`'s spanned `DeTable`.

use super::node::{Key, Node, SyntaxError, Value};
use crate::text::clean_text;
use toml::de::{DeTable, DeValue};

/// Parses a TOML document into a table node.
pub(crate) fn parse_toml(text: &str) -> Result<Node, SyntaxError> {
    let table = DeTable::parse(text).map_err(|e| SyntaxError {
        message: super::plain_syntax::plain_toml(e.message().trim()),
        offset: e.span().map_or(0, |s| s.start),
    })?;
    let span = table.span();
    Ok(Node { span, value: convert_table(table.get_ref()) })
}

fn convert_table(table: &DeTable<'_>) -> Value {
    Value::Table(
        table
            .iter()
            .map(|(k, v)| {
                let key = Key { name: clean_text(k.get_ref()).into_owned(), span: k.span() };
                (key, Node { span: v.span(), value: convert_value(v.get_ref()) })
            })
            .collect(),
    )
}

fn convert_value(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => Value::String(clean_text(s).into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Value::Integer(n),
            // Out of i64 range: keep the text so the type error can quote it.
            Err(_) => Value::String(i.as_str().to_string()),
        },
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse::<f64>().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items.iter().map(|item| Node { span: item.span(), value: convert_value(item.get_ref()) }).collect(),
        ),
        DeValue::Table(t) => convert_table(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_values() {
        let text = "title = \"Peels\"\n[facts]\ndays = [3, 14]\n";
        let root = parse_toml(text).unwrap();
        let Value::Table(entries) = root.value else { panic!("not a table") };
        let get = |name: &str| &entries.iter().find(|(k, _)| k.name == name).unwrap().1;
        assert_eq!(&text[get("title").span.clone()], "\"Peels\"");
        let Value::Table(facts) = &get("facts").value else { panic!("not a table") };
        assert_eq!(&text[facts[0].1.span.clone()], "[3, 14]");
    }

    #[test]
    fn reports_syntax_errors_with_offsets() {
        let err = parse_toml("a = 1\ntitle = |\n").unwrap_err();
        assert_eq!(err.offset, 14);
    }
}
