//! Machine-readable exports: `/<collection>.json` (schema and every page's
//! facts, in the shape documented in README.md) and `/search-index.json`
//! (a compact index for the search page).

use super::output::OutputFile;
use crate::config::{Collection, FactType};
use crate::parse::FactValue;
use crate::resolve::{ResolvedPage, SiteGraph};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Characters of body text kept per page in the search index.
const SEARCH_BODY_CHARS: usize = 300;

/// Every export file.
pub fn render_exports(graph: &SiteGraph) -> Vec<OutputFile> {
    let mut out: Vec<OutputFile> = graph.config.collections.values().map(|c| collection_json(graph, c)).collect();
    out.push(search_index(graph));
    out
}

#[derive(Serialize)]
struct SchemaField<'a> {
    key: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    unit: Option<&'a str>,
    values: Option<&'a [String]>,
    required: bool,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct ExportPage {
    title: String,
    url: String,
    slug: String,
    description: Option<String>,
    reviewed: Option<String>,
    facts: BTreeMap<String, Value>,
    taxonomies: BTreeMap<String, Vec<String>>,
}

fn collection_json(graph: &SiteGraph, collection: &Collection) -> OutputFile {
    let schema: Vec<SchemaField<'_>> = collection
        .facts
        .iter()
        .map(|f| SchemaField {
            key: &f.key,
            label: &f.label,
            kind: f.kind.name(),
            unit: f.unit.as_deref(),
            values: match &f.kind {
                FactType::Enum(v) | FactType::List(Some(v)) => Some(v),
                _ => None,
            },
            required: f.required,
            help: f.help.as_deref(),
        })
        .collect();
    let pages: Vec<ExportPage> = graph
        .pages
        .iter()
        .filter(|p| p.parsed.collection.as_deref() == Some(collection.name.as_str()))
        .map(|p| export_page(graph, collection, p))
        .collect();
    let doc = json!({
        "collection": collection.name,
        "title": collection.title,
        "schema": schema,
        "taxonomies": graph.taxonomies.iter().map(|t| json!({ "name": t.name, "title": t.title })).collect::<Vec<_>>(),
        "pages": pages,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    OutputFile::bytes(
        format!("{}.json", collection.name),
        text + "\n",
        format!("collection {} (site.toml)", collection.name),
    )
}

fn export_page(graph: &SiteGraph, collection: &Collection, page: &ResolvedPage) -> ExportPage {
    let facts = collection
        .facts
        .iter()
        .map(|def| {
            let value =
                page.parsed.facts.iter().find(|(k, _)| *k == def.key).map_or(Value::Null, |(_, v)| fact_json(v));
            (def.key.clone(), value)
        })
        .collect();
    let mut taxonomies: BTreeMap<String, Vec<String>> =
        graph.taxonomies.iter().map(|t| (t.name.clone(), Vec::new())).collect();
    for &(t, term) in &page.terms {
        let taxonomy = &graph.taxonomies[t];
        taxonomies.entry(taxonomy.name.clone()).or_default().push(taxonomy.terms[term].name.clone());
    }
    ExportPage {
        title: page.parsed.meta.title.clone(),
        url: graph.config.absolute_url(&page.url),
        slug: page.slug.clone(),
        description: page.parsed.meta.description.clone(),
        reviewed: page.parsed.meta.reviewed.map(|d| d.format("%Y-%m-%d").to_string()),
        facts,
        taxonomies,
    }
}

/// A fact as JSON: ranges are `{ "min", "max" }`, dates `YYYY-MM-DD`.
fn fact_json(value: &FactValue) -> Value {
    match value {
        FactValue::Text(t) | FactValue::Enum(t, _) => json!(t),
        FactValue::Number(n) => number_json(*n),
        FactValue::Range(a, b) => json!({ "min": number_json(*a), "max": number_json(*b) }),
        FactValue::List(items) => json!(items),
        FactValue::Bool(b) => json!(b),
        FactValue::Scale(n) => json!(n),
        FactValue::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
    }
}

/// Whole numbers as JSON integers (`14`, not `14.0`).
fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 { json!(n as i64) } else { json!(n) }
}

/// One entry of the search index; short keys keep the file small.
#[derive(Serialize)]
struct SearchEntry {
    /// Title.
    t: String,
    /// URL (with base path).
    u: String,
    /// Description.
    d: String,
    /// Headings.
    h: Vec<String>,
    /// Fact values, joined.
    f: String,
    /// The start of the body text.
    b: String,
}

fn search_index(graph: &SiteGraph) -> OutputFile {
    let base = graph.config.base_path();
    let entries: Vec<SearchEntry> = graph
        .pages
        .iter()
        .map(|p| SearchEntry {
            t: p.parsed.meta.title.clone(),
            u: format!("{base}{}", p.url),
            d: p.parsed.meta.description.clone().unwrap_or_default(),
            h: p.parsed.outline.headings.iter().map(|h| h.text.clone()).collect(),
            f: facts_text(graph, p),
            b: body_text(p),
        })
        .collect();
    let text = serde_json::to_string(&entries).unwrap_or_default();
    OutputFile::bytes("search-index.json", text, "search index")
}

fn facts_text(graph: &SiteGraph, page: &ResolvedPage) -> String {
    let Some(collection) = page.parsed.collection.as_ref().and_then(|c| graph.config.collections.get(c)) else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    for (key, value) in &page.parsed.facts {
        if let Some(def) = collection.fact(key) {
            parts.push(super::display_fact(value, def));
        }
    }
    for &(t, term) in &page.terms {
        parts.push(graph.taxonomies[t].terms[term].name.clone());
    }
    parts.join("; ")
}

fn body_text(page: &ResolvedPage) -> String {
    let mut out = String::new();
    for w in page.parsed.outline.text_start.split_whitespace() {
        if out.chars().count() + w.chars().count() > SEARCH_BODY_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
