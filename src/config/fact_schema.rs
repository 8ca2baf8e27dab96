//! Collections and their facts schema (`[collections.<name>]`).

use crate::spanned::{Node, Value, reader::Reader};
use crate::text::is_identifier;
use std::collections::BTreeMap;

/// A section whose pages carry typed `[facts]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    /// The collection's name (its key in site.toml).
    pub name: String,
    /// The section folder under `content/` (e.g. `methods`).
    pub section: String,
    /// Display title.
    pub title: String,
    /// The facts, in the order declared.
    pub facts: Vec<FactDef>,
    /// `jsonld`: the schema.org type the pages are about (one of
    /// [`super::JSON_LD_TYPES`]); `None`: plain web pages.
    pub jsonld: Option<String>,
}

/// One declared fact.
#[derive(Debug, Clone, PartialEq)]
pub struct FactDef {
    /// Key in `[facts]`.
    pub key: String,
    /// Label shown in tables and fact cards.
    pub label: String,
    /// Type and allowed values.
    pub kind: FactType,
    /// Unit shown after numbers and ranges ("days").
    pub unit: Option<String>,
    /// Whether every page must have it.
    pub required: bool,
    /// Help text, shown in errors and in `dermis new` scaffolds.
    pub help: Option<String>,
    /// Draw the list as a depth diagram: its `values` are layers from the
    /// surface down (`depth = true`; only for a list with `values`).
    pub depth: bool,
    /// The site's own rating (`editorial = true`): it rests on no source, and
    /// the facts card and tables say "Our rating" instead of "No source cited".
    pub editorial: bool,
}

/// The fact types of design.md.
#[derive(Debug, Clone, PartialEq)]
pub enum FactType {
    /// Free text.
    Text,
    /// A number.
    Number,
    /// A min–max range ("3-14", [3, 14] or 5).
    Range,
    /// One of ordered values; the order is the sort order.
    Enum(Vec<String>),
    /// Several values: of the listed ones when given, otherwise free text.
    List(Option<Vec<String>>),
    /// true or false.
    Bool,
    /// An integer from 1 to 5, shown as a level.
    Scale,
    /// A calendar date.
    Date,
}

impl FactType {
    /// The name used in site.toml.
    pub fn name(&self) -> &'static str {
        match self {
            FactType::Text => "text",
            FactType::Number => "number",
            FactType::Range => "range",
            FactType::Enum(_) => "enum",
            FactType::List(_) => "list",
            FactType::Bool => "bool",
            FactType::Scale => "scale",
            FactType::Date => "date",
        }
    }

    /// How a value of this type is written, for messages and scaffolds.
    pub fn expectation(&self) -> String {
        match self {
            FactType::Text => "text in quotes".to_string(),
            FactType::Number => "a number such as 3 or 2.5".to_string(),
            FactType::Range => "a range such as \"3-14\" or [3, 14]".to_string(),
            FactType::Enum(values) => format!("one of {}", quote_list(values)),
            FactType::List(Some(values)) => format!("a list of {}", quote_list(values)),
            FactType::List(None) => "a list of texts such as [\"a\", \"b\"]".to_string(),
            FactType::Bool => "true or false".to_string(),
            FactType::Scale => "a whole number from 1 to 5".to_string(),
            FactType::Date => "a date such as 2024-05-01".to_string(),
        }
    }
}

/// `"a", "b", "c"`.
pub(crate) fn quote_list(values: &[String]) -> String {
    values.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")
}

const TYPES: &[&str] = &["text", "number", "range", "enum", "list", "bool", "scale", "date"];
const FACT_KEYS: &[&str] = &["key", "label", "type", "values", "unit", "required", "help", "depth", "editorial"];

impl Collection {
    /// Reads the `[collections]` table.
    pub(super) fn read_all(reader: &mut Reader<'_>, node: &Node) -> BTreeMap<String, Collection> {
        let mut out = BTreeMap::new();
        let Value::Table(entries) = &node.value else {
            reader.type_error(node, "collections", "a table such as [collections.methods]");
            return out;
        };
        for (key, value) in entries {
            if !is_identifier(&key.name) {
                reader.error(
                    key.span.start,
                    format!("collection name `{}` must be lowercase letters, digits, '-' or '_'", key.name),
                    None,
                );
                continue;
            }
            if let Some(c) = Collection::read(reader, &key.name, value) {
                out.insert(key.name.clone(), c);
            }
        }
        let mut sections: BTreeMap<&str, &str> = BTreeMap::new();
        for c in out.values() {
            if let Some(other) = sections.insert(&c.section, &c.name) {
                reader.error(
                    0,
                    format!("collections `{other}` and `{}` both use section {:?}", c.name, c.section),
                    Some("each section can belong to one collection".into()),
                );
            }
        }
        out
    }

    fn read(reader: &mut Reader<'_>, name: &str, node: &Node) -> Option<Collection> {
        let mut fields = reader.table(node, name)?;
        let place = format!("[collections.{name}]");
        let section = match fields.take("section") {
            Some(n) => reader.string(n, "section").map(|s| s.trim_matches('/').to_string()).map(|s| {
                let bad = s.is_empty()
                    || s.contains('\\')
                    || s.split('/').any(|seg| seg.is_empty() || seg == "." || seg == ".." || seg.contains(':'));
                if bad {
                    reader.error(
                        n.span.start,
                        format!("`section`: {s:?} is not a folder inside content/"),
                        Some(format!(
                            "name a folder under content/ without `..`, such as \"{name}\" for content/{name}/"
                        )),
                    );
                }
                // Kept, so that comparisons naming the collection are not reported too.
                s
            }),
            None => {
                reader.error(
                    node.span.start,
                    format!("{place} needs a `section`"),
                    Some(format!("add `section = \"{name}\"`: the folder under content/ that holds its pages")),
                );
                None
            }
        };
        let title = fields.take("title").and_then(|n| reader.string(n, "title"));
        let facts = match fields.take("facts") {
            Some(n) => read_facts(reader, n),
            None => Vec::new(),
        };
        let jsonld = fields.take("jsonld").and_then(|n| super::json_ld_types::read_json_ld_type(reader, n));
        fields.finish(reader, &["section", "title", "facts", "jsonld"], &place);
        Some(Collection {
            name: name.to_string(),
            section: section?,
            title: title.unwrap_or_else(|| name.to_string()),
            facts,
            jsonld,
        })
    }

    /// The declared fact of that key.
    pub fn fact(&self, key: &str) -> Option<&FactDef> {
        self.facts.iter().find(|f| f.key == key)
    }
}

fn read_facts(reader: &mut Reader<'_>, node: &Node) -> Vec<FactDef> {
    let Value::Array(items) = &node.value else {
        reader.type_error(node, "facts", "a list of tables ([[collections.<name>.facts]])");
        return Vec::new();
    };
    let mut out: Vec<FactDef> = Vec::new();
    for item in items {
        let Some(def) = read_fact(reader, item) else { continue };
        if out.iter().any(|f| f.key == def.key) {
            reader.error(item.span.start, format!("fact `{}` is declared twice", def.key), None);
            continue;
        }
        out.push(def);
    }
    out
}

fn read_fact(reader: &mut Reader<'_>, node: &Node) -> Option<FactDef> {
    let mut fields = reader.table(node, "facts")?;
    let key = match fields.take("key") {
        Some(n) => reader.string(n, "key").filter(|k| {
            let ok = is_identifier(k);
            if !ok {
                reader.error(
                    n.span.start,
                    format!("fact key {k:?} must be lowercase letters, digits, '-' or '_'"),
                    None,
                );
            }
            ok
        }),
        None => {
            reader.error(node.span.start, "a fact needs a `key`", Some("add `key = \"downtime_days\"`".into()));
            None
        }
    };
    let label = fields.take("label").and_then(|n| reader.string(n, "label"));
    let values = fields.take_entry("values");
    let kind = match fields.take("type") {
        Some(n) => read_type(reader, n, values.map(|(_, v)| v)),
        None => {
            reader.error(node.span.start, "a fact needs a `type`", Some(format!("one of {}", TYPES.join(", "))));
            None
        }
    };
    let unit = fields.take("unit").and_then(|n| reader.string(n, "unit"));
    let required = fields.take("required").and_then(|n| reader.bool(n, "required")).unwrap_or(false);
    let help = fields.take("help").and_then(|n| reader.string(n, "help"));
    let depth_node = fields.take("depth");
    let depth = depth_node.and_then(|n| reader.bool(n, "depth")).unwrap_or(false);
    let editorial = fields.take("editorial").and_then(|n| reader.bool(n, "editorial")).unwrap_or(false);
    fields.finish(reader, FACT_KEYS, "a fact");
    let key = key?;
    let kind = kind?;
    if let Some(n) = depth_node
        && depth
        && !matches!(kind, FactType::List(Some(_)))
    {
        reader.error(
            n.span.start,
            format!("`depth`: fact `{key}` is not a list with `values`"),
            Some("a depth diagram draws a list's `values` as layers from the surface down: add `values`, or remove `depth`".into()),
        );
    }
    Some(FactDef { label: label.unwrap_or_else(|| key.clone()), key, kind, unit, required, help, depth, editorial })
}

fn read_type(reader: &mut Reader<'_>, node: &Node, values: Option<&Node>) -> Option<FactType> {
    let name = reader.string(node, "type")?;
    let values = match values {
        Some(v) => Some(read_values(reader, v)?),
        None => None,
    };
    let kind = match name.as_str() {
        "text" => FactType::Text,
        "number" => FactType::Number,
        "range" => FactType::Range,
        "bool" => FactType::Bool,
        "scale" => FactType::Scale,
        "date" => FactType::Date,
        "list" => return Some(FactType::List(values)),
        "enum" => match values {
            Some(v) => return Some(FactType::Enum(v)),
            None => {
                reader.error(
                    node.span.start,
                    "an enum fact needs `values`",
                    Some("add `values = [\"first\", \"second\"]` in sort order".into()),
                );
                return None;
            }
        },
        other => {
            let help = crate::diagnostics::suggestion_help(other, TYPES.iter().copied())
                .unwrap_or_else(|| format!("one of {}", TYPES.join(", ")));
            reader.error(node.span.start, format!("unknown fact type {other:?}"), Some(help));
            return None;
        }
    };
    if values.is_some() {
        reader.error(node.span.start, format!("`values` only applies to enum and list facts, not {name}"), None);
    }
    Some(kind)
}

fn read_values(reader: &mut Reader<'_>, node: &Node) -> Option<Vec<String>> {
    let list = reader.string_list(node, "values")?;
    if list.is_empty() {
        reader.error(node.span.start, "`values` is empty", Some("list the allowed values".into()));
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for (value, span) in list {
        if out.contains(&value) {
            reader.error(span.start, format!("value {value:?} is listed twice"), None);
            return None;
        }
        out.push(value);
    }
    Some(out)
}
