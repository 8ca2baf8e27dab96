//! `[search]`: what the search index treats as other names of a page, the
//! words readers type for what the site calls something else, and the type
//! labels results show.

use super::Collection;
use crate::diagnostics::suggestion_help;
use crate::spanned::{Node, Value, reader::Reader};
use std::collections::BTreeMap;

const KEYS: &[&str] = &["enabled", "names", "labels", "synonyms"];

/// Facts read as other names of a page when `[search] names` is not given.
pub(crate) const DEFAULT_NAME_FACTS: &[&str] = &["aliases", "also_known_as"];

/// The `[search]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchConfig {
    /// `enabled = false` leaves out the search page and its index.
    pub enabled: bool,
    /// Facts whose values are other names of the page (matched like the title).
    pub names: Vec<String>,
    /// Section, taxonomy or `compare` → the label results of that kind show.
    pub labels: BTreeMap<String, String>,
    /// What readers type → the phrases the site uses for it.
    pub synonyms: BTreeMap<String, Vec<String>>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            names: DEFAULT_NAME_FACTS.iter().map(|s| s.to_string()).collect(),
            labels: BTreeMap::new(),
            synonyms: BTreeMap::new(),
        }
    }
}

impl SearchConfig {
    /// Reads `[search]`; `collections` tells which facts `names` may name.
    pub(super) fn read(reader: &mut Reader<'_>, node: &Node, collections: &BTreeMap<String, Collection>) -> Self {
        let mut config = SearchConfig::default();
        let Some(mut fields) = reader.table(node, "search") else { return config };
        if let Some(node) = fields.take("enabled") {
            config.enabled = reader.bool(node, "enabled").unwrap_or(true);
        }
        if let Some(node) = fields.take("names") {
            config.names = read_names(reader, node, collections);
        }
        if let Some(node) = fields.take("labels") {
            config.labels = read_labels(reader, node);
        }
        if let Some(node) = fields.take("synonyms") {
            config.synonyms = read_synonyms(reader, node);
        }
        fields.finish(reader, KEYS, "[search]");
        config
    }
}

fn read_names(reader: &mut Reader<'_>, node: &Node, collections: &BTreeMap<String, Collection>) -> Vec<String> {
    let Some(list) = reader.string_list(node, "names") else { return Vec::new() };
    let mut names = Vec::new();
    for (name, span) in list {
        let fact = collections.values().find_map(|c| c.fact(&name));
        match fact {
            Some(def) if matches!(def.kind, super::FactType::List(_) | super::FactType::Text) => names.push(name),
            Some(_) => reader.error(
                span.start,
                format!("`names` in [search]: the fact `{name}` is not text or a list, so it holds no names"),
                Some("name facts of type \"list\" or \"text\", such as also_known_as".into()),
            ),
            None => {
                let facts = collections.values().flat_map(|c| c.facts.iter().map(|f| f.key.as_str()));
                let help = suggestion_help(&name, facts).unwrap_or_else(|| {
                    "declare the fact in a collection first, e.g. key = \"also_known_as\", type = \"list\"".into()
                });
                reader.error(span.start, format!("`names` in [search]: no collection has a fact `{name}`"), Some(help));
            }
        }
    }
    names
}

fn read_labels(reader: &mut Reader<'_>, node: &Node) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let Some(fields) = reader.table(node, "labels") else { return labels };
    for (key, value) in fields.entries() {
        match reader.string(value, &key.name) {
            Some(text) if !text.trim().is_empty() => {
                labels.insert(key.name.clone(), text.trim().to_string());
            }
            Some(_) => reader.error(
                value.span.start,
                format!("the label of `{}` in [search.labels] is empty", key.name),
                Some("write the word results of this kind show, such as \"Treatment\"".into()),
            ),
            None => {}
        }
    }
    labels
}

fn read_synonyms(reader: &mut Reader<'_>, node: &Node) -> BTreeMap<String, Vec<String>> {
    let mut synonyms = BTreeMap::new();
    let Some(fields) = reader.table(node, "synonyms") else { return synonyms };
    for (key, value) in fields.entries() {
        if !key.name.chars().any(char::is_alphanumeric) {
            reader.error(
                key.span.start,
                format!("the synonym {:?} in [search.synonyms] has no letters or digits", key.name),
                Some("write what readers type, such as price = [\"cost\"]".into()),
            );
            continue;
        }
        let phrases: Vec<String> = match &value.value {
            Value::String(one) => vec![one.clone()],
            _ => match reader.string_list(value, &key.name) {
                Some(list) => list.into_iter().map(|(s, _)| s).collect(),
                None => continue,
            },
        };
        let phrases: Vec<String> = phrases
            .into_iter()
            .map(|p| p.trim().to_string())
            .filter(|p| p.chars().any(char::is_alphanumeric))
            .collect();
        if phrases.is_empty() {
            reader.error(
                value.span.start,
                format!("the synonym `{}` in [search.synonyms] maps to nothing", key.name),
                Some(format!("give the words the site uses, such as {:?} = [\"cost\"]", key.name)),
            );
            continue;
        }
        synonyms.insert(key.name.clone(), phrases);
    }
    synonyms
}
