//! `[facts]` → typed [`FactValue`]s, checked against the collection's schema:
//! types, allowed values, required facts and undeclared ones. A value may be
//! written `{ value = …, cite = ["key"] }`: the `cite` keys name references
//! of the same page.

use crate::config::{Collection, FactDef, FactType};
use crate::diagnostics::{Code, suggestion_help};
use crate::spanned::reader::Reader;
use crate::spanned::{Node, Value};
use chrono::NaiveDate;

/// A checked fact value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FactValue {
    /// Free text.
    Text(String),
    /// A number.
    Number(f64),
    /// Inclusive range.
    Range(f64, f64),
    /// An enum value and its position in the declared order.
    Enum(String, usize),
    /// A list of values.
    List(Vec<String>),
    /// true or false.
    Bool(bool),
    /// 1 to 5.
    Scale(u8),
    /// A date.
    Date(NaiveDate),
}

/// A page's facts in schema order: only the ones it has.
pub(crate) type Facts = ByKey<FactValue>;

/// The references facts rest on: fact key → the reference keys its `cite`
/// names, in schema order; facts written without `cite` are absent.
pub(crate) type FactCites = ByKey<Vec<String>>;

/// Values by fact key, in schema order; only the keys a page has. A list,
/// not a map: a collection has a handful of facts, and the order is the
/// schema's.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ByKey<V>(Vec<(String, V)>);

impl<V> Default for ByKey<V> {
    fn default() -> Self {
        ByKey(Vec::new())
    }
}

impl<V> ByKey<V> {
    /// Nothing yet.
    pub(crate) fn new() -> Self {
        ByKey::default()
    }

    /// The value of `key`, if the page has it.
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Keys and values in schema order.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, (String, V)> {
        self.0.iter()
    }

    /// Adds `key` (callers add in schema order, each key once).
    pub(crate) fn push(&mut self, key: String, value: V) {
        self.0.push((key, value));
    }
}

impl<V> FromIterator<(String, V)> for ByKey<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        ByKey(iter.into_iter().collect())
    }
}

impl<'a, V> IntoIterator for &'a ByKey<V> {
    type Item = &'a (String, V);
    type IntoIter = std::slice::Iter<'a, (String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// What the facts checker needs to know about the page around the table.
pub(super) struct FactsContext<'a> {
    /// The page's collection.
    pub collection: &'a Collection,
    /// The keys of the page's references (`None`: they could not be read, so
    /// `cite` keys are not checked).
    pub reference_keys: Option<&'a [String]>,
    /// Whether a missing required fact is an error here (false when the
    /// page has variants: each of them may give it instead).
    pub require: bool,
}

/// Checks a `[facts]` node (absent: `None`) of a page of `ctx.collection`.
/// `anchor` is the offset to report missing required facts at.
pub(super) fn check_facts(
    reader: &mut Reader<'_>,
    node: Option<&Node>,
    ctx: &FactsContext<'_>,
    anchor: usize,
) -> (Facts, FactCites) {
    let collection = ctx.collection;
    let entries = match node.map(|n| &n.value) {
        None => &[][..],
        Some(Value::Table(entries)) => &entries[..],
        Some(_) => {
            if let Some(n) = node {
                reader.type_error(n, "facts", "a table ([facts])");
            }
            return (Facts::new(), FactCites::new());
        }
    };
    let known: Vec<&str> = collection.facts.iter().map(|f| f.key.as_str()).collect();
    for (key, _) in entries {
        if collection.fact(&key.name).is_none() {
            let help = suggestion_help(&key.name, known.iter().copied()).unwrap_or_else(|| {
                format!("the facts declared for `{}` in site.toml are: {}", collection.name, known.join(", "))
            });
            reader.error_spanning(
                key.span.clone(),
                format!("`{}` is not a fact of the {} collection", key.name, collection.name),
                Some(help),
            );
        }
    }
    let missing_at = node.map_or(anchor, |n| n.span.start);
    let mut facts = Facts::new();
    let mut cites = FactCites::new();
    for def in &collection.facts {
        match entries.iter().find(|(k, _)| k.name == def.key) {
            Some((_, written)) => {
                let Some((value, cited)) = split_cited(reader, written, def, ctx.reference_keys) else { continue };
                if let Some(v) = check_value(reader, value, def) {
                    facts.push(def.key.clone(), v);
                    if let Some(keys) = cited {
                        cites.push(def.key.clone(), keys);
                    }
                }
            }
            None if def.required && ctx.require => {
                let help = format!("add `{} = …` under [facts]: {}", def.key, def.kind.expectation());
                reader.error(missing_at, format!("required fact `{}` is missing", def.key), Some(help));
            }
            None => {}
        }
    }
    (facts, cites)
}

const CITED_KEYS: &[&str] = &["value", "cite"];

/// A fact written as a table is `{ value = …, cite = [...] }`: its value node
/// and the cited keys (checked against the page's references). Any other
/// node is a plain value without `cite`. `None` after an error.
fn split_cited<'n>(
    reader: &mut Reader<'_>,
    node: &'n Node,
    def: &FactDef,
    reference_keys: Option<&[String]>,
) -> Option<(&'n Node, Option<Vec<String>>)> {
    let Value::Table(entries) = &node.value else { return Some((node, None)) };
    let shape = format!("write `{} = {{ value = …, cite = [\"reference-key\"] }}`", def.key);
    let mut ok = true;
    for (key, _) in entries {
        if !CITED_KEYS.contains(&key.name.as_str()) {
            let help = suggestion_help(&key.name, CITED_KEYS.iter().copied()).unwrap_or_else(|| shape.clone());
            reader.error(
                key.span.start,
                format!("fact `{}`: unknown key `{}` (a fact table has only `value` and `cite`)", def.key, key.name),
                Some(help),
            );
            ok = false;
        }
    }
    let value = entries.iter().find(|(k, _)| k.name == "value").map(|(_, v)| v);
    if value.is_none() {
        reader.error(node.span.start, format!("fact `{}`: the table has no `value`", def.key), Some(shape.clone()));
        ok = false;
    }
    let cited = match entries.iter().find(|(k, _)| k.name == "cite").map(|(_, v)| v) {
        None => None,
        Some(cite) => match check_cite(reader, cite, def, reference_keys) {
            Some(keys) => Some(keys),
            None => {
                ok = false;
                None
            }
        },
    };
    if !ok {
        return None;
    }
    value.map(|v| (v, cited))
}

/// `cite = ["nhs", "mayo"]`: a list of keys of the page's references.
fn check_cite(
    reader: &mut Reader<'_>,
    node: &Node,
    def: &FactDef,
    reference_keys: Option<&[String]>,
) -> Option<Vec<String>> {
    let items = match &node.value {
        Value::Array(items) if items.iter().all(|i| matches!(i.value, Value::String(_))) => items,
        other => {
            let found = match other {
                Value::Array(_) => "a list with a value that is not text".to_string(),
                v @ (Value::Table(_) | Value::Null) => v.describe(),
                v => format!("{} {}", v.kind(), v.describe()),
            };
            reader.error(
                node.span.start,
                format!("fact `{}`: `cite` must be a list of reference keys, found {found}", def.key),
                Some("write `cite = [\"nhs\", \"mayo\"]`: the keys of this page's [[references]]".into()),
            );
            return None;
        }
    };
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for item in items {
        let Value::String(key) = &item.value else { continue };
        if let Some(known) = reference_keys
            && !known.contains(key)
        {
            let help = suggestion_help(key, known.iter().map(String::as_str)).unwrap_or_else(|| {
                if known.is_empty() {
                    format!("this page has no [[references]]: add one with key = {key:?}")
                } else {
                    format!("the reference keys of this page are: {}", known.join(", "))
                }
            });
            reader.set_code(Code::Citation);
            reader.error(
                item.span.start,
                format!("fact `{}` cites `{key}`, which is not the key of a reference of this page", def.key),
                Some(help),
            );
            reader.set_code(Code::Facts);
            ok = false;
            continue;
        }
        if !out.contains(key) {
            out.push(key.clone());
        }
    }
    ok.then_some(out)
}

fn check_value(reader: &mut Reader<'_>, node: &Node, def: &FactDef) -> Option<FactValue> {
    let value = match &def.kind {
        FactType::Text => match &node.value {
            Value::String(s) if !s.trim().is_empty() => Some(FactValue::Text(s.clone())),
            _ => None,
        },
        FactType::Number => number(&node.value).map(FactValue::Number),
        FactType::Range => range(&node.value).map(|(a, b)| FactValue::Range(a, b)),
        FactType::Bool => match node.value {
            Value::Bool(b) => Some(FactValue::Bool(b)),
            _ => None,
        },
        FactType::Scale => match node.value {
            Value::Integer(i) if (1..=5).contains(&i) => u8::try_from(i).ok().map(FactValue::Scale),
            _ => None,
        },
        FactType::Date => match &node.value {
            Value::Datetime(s) | Value::String(s) => crate::spanned::reader::parse_date(s).map(FactValue::Date),
            _ => None,
        },
        FactType::Enum(values) => return check_enum(reader, node, def, values),
        FactType::List(values) => return check_list(reader, node, def, values.as_deref()),
    };
    if value.is_none() {
        report(reader, node, def, None);
    }
    value
}

fn report(reader: &mut Reader<'_>, node: &Node, def: &FactDef, help: Option<String>) {
    // Quotes tell text from numbers: `found "two weeks"`, `found 7`.
    let found = node.value.describe();
    let message = format!("`{}`: expected {}, found {found}", def.key, def.kind.expectation());
    let unit = def.unit.as_ref().map(|u| format!(" in {u}")).unwrap_or_default();
    let help = help.unwrap_or_else(|| format!("site.toml declares `{}` as {}{unit}", def.key, plain_kind(&def.kind)));
    reader.error_spanning(node.span.clone(), message, Some(help));
}

/// What a fact type is, for editors ("a choice of listed values", not "enum").
fn plain_kind(kind: &FactType) -> &'static str {
    match kind {
        FactType::Text => "text",
        FactType::Number => "a number",
        FactType::Range => "a range",
        FactType::Enum(_) => "a choice of listed values",
        FactType::List(_) => "a list",
        FactType::Bool => "true or false",
        FactType::Scale => "a scale from 1 to 5",
        FactType::Date => "a date",
    }
}

fn check_enum(reader: &mut Reader<'_>, node: &Node, def: &FactDef, values: &[String]) -> Option<FactValue> {
    if let Value::String(s) = &node.value {
        if let Some(i) = values.iter().position(|v| v == s) {
            return Some(FactValue::Enum(s.clone(), i));
        }
        let help = suggestion_help(s, values.iter().map(String::as_str));
        report(reader, node, def, help);
        return None;
    }
    report(reader, node, def, None);
    None
}

fn check_list(reader: &mut Reader<'_>, node: &Node, def: &FactDef, values: Option<&[String]>) -> Option<FactValue> {
    let Value::Array(items) = &node.value else {
        report(reader, node, def, None);
        return None;
    };
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for item in items {
        let Value::String(s) = &item.value else {
            report(reader, item, def, None);
            ok = false;
            continue;
        };
        if let Some(values) = values
            && !values.contains(s)
        {
            let help = suggestion_help(s, values.iter().map(String::as_str));
            report(reader, item, def, help);
            ok = false;
            continue;
        }
        if out.contains(s) {
            reader.error(item.span.start, format!("{}: {s:?} is listed twice", def.key), None);
            ok = false;
            continue;
        }
        out.push(s.clone());
    }
    if let Some(values) = values {
        // Keep the schema's order so tables read the same on every page.
        out.sort_by_key(|v| values.iter().position(|x| x == v));
    }
    ok.then_some(FactValue::List(out))
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// `"3-14"`, `"3–14"`, `[3, 14]`, `5` or `"5"`.
fn range(value: &Value) -> Option<(f64, f64)> {
    let (a, b) = match value {
        Value::Integer(_) | Value::Float(_) => {
            let n = number(value)?;
            (n, n)
        }
        Value::Array(items) if items.len() == 2 => (number(&items[0].value)?, number(&items[1].value)?),
        Value::String(s) => parse_range_text(s)?,
        _ => return None,
    };
    (a <= b).then_some((a, b))
}

fn parse_range_text(text: &str) -> Option<(f64, f64)> {
    let text = text.trim();
    let parse = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    // Skip a leading sign so "-3" is not split.
    let split_at = text.char_indices().skip(1).find(|(_, c)| *c == '-' || *c == '–').map(|(i, c)| (i, c.len_utf8()));
    match split_at {
        Some((i, len)) => Some((parse(&text[..i])?, parse(&text[i + len..])?)),
        None => parse(text).map(|n| (n, n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_in_every_spelling() {
        assert_eq!(parse_range_text("3-14"), Some((3.0, 14.0)));
        assert_eq!(parse_range_text("3 – 14"), Some((3.0, 14.0)));
        assert_eq!(parse_range_text("5"), Some((5.0, 5.0)));
        assert_eq!(parse_range_text("two weeks"), None);
        assert_eq!(range(&Value::String("14-3".into())), None);
    }
}
