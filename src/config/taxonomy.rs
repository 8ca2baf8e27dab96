//! `[taxonomies.<name>]`: the ways pages are grouped (concerns, skin types),
//! each with its title, its allowed terms and their descriptions.

use crate::spanned::{Node, Value, reader::Reader};
use crate::text::is_identifier;
use std::collections::BTreeMap;

/// One `[taxonomies.<name>]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    /// Display title ("Skin concerns").
    pub title: String,
    /// When set, the only terms pages may use.
    pub terms: Option<Vec<String>>,
    /// Short plain descriptions of terms (what the term is), by term name.
    pub descriptions: BTreeMap<String, String>,
    /// The home page's heading above the terms; `None`: the title.
    pub home_title: Option<String>,
}

pub(crate) fn read_taxonomies(reader: &mut Reader<'_>, node: &Node) -> BTreeMap<String, Taxonomy> {
    let mut out = BTreeMap::new();
    let Value::Table(entries) = &node.value else {
        reader.type_error(node, "taxonomies", "a table such as [taxonomies.concerns]");
        return out;
    };
    for (key, value) in entries {
        if !is_identifier(&key.name) {
            reader.error(
                key.span.start,
                format!("taxonomy name `{}` must be lowercase letters, digits, '-' or '_'", key.name),
                None,
            );
            continue;
        }
        let Some(mut fields) = reader.table(value, &key.name) else { continue };
        let title = fields.take("title").and_then(|n| reader.string(n, "title"));
        let terms = fields.take("terms").and_then(|n| reader.string_list(n, "terms"));
        let terms: Option<Vec<String>> = terms.map(|t| t.into_iter().map(|(s, _)| s).collect());
        let descriptions =
            fields.take("descriptions").map(|n| read_descriptions(reader, n, terms.as_deref())).unwrap_or_default();
        let home_title = fields.take("home_title").and_then(|n| reader.string(n, "home_title"));
        fields.finish(reader, &["title", "terms", "descriptions", "home_title"], &format!("[taxonomies.{}]", key.name));
        out.insert(
            key.name.clone(),
            Taxonomy { title: title.unwrap_or_else(|| key.name.clone()), terms, descriptions, home_title },
        );
    }
    out
}

/// `descriptions = { "term" = "text" }`: every key must be one of `terms`
/// when the taxonomy lists them.
fn read_descriptions(reader: &mut Reader<'_>, node: &Node, terms: Option<&[String]>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Value::Table(entries) = &node.value else {
        reader.type_error(node, "descriptions", "a table such as { \"acne scars\" = \"Marks left by acne\" }");
        return out;
    };
    for (key, value) in entries {
        let Some(text) = reader.string(value, &key.name) else { continue };
        if let Some(terms) = terms
            && !terms.contains(&key.name)
        {
            let help = crate::diagnostics::suggestion_help(&key.name, terms.iter().map(String::as_str))
                .unwrap_or_else(|| "describe a term listed in `terms`".to_string());
            reader.error(key.span.start, format!("`descriptions`: {:?} is not one of the terms", key.name), Some(help));
            continue;
        }
        out.insert(key.name.clone(), text);
    }
    out
}
