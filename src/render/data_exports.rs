//! Machine-readable exports: `/<collection>.json` (schema and every page's
//! facts, in the shape documented in README.md).

use super::output::{Origin, OutputFile};
use super::render_cache::{JsonFragment, RenderCache};
use crate::config::{Collection, FactType};
use crate::parse::FactValue;
use crate::resolve::{ResolvedPage, SiteGraph};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Every export file. Each page's entry is a fragment of `cache`, made
/// again only when the page changed.
pub(super) fn render_exports(graph: &SiteGraph, cache: &mut RenderCache) -> Vec<OutputFile> {
    graph.config.collections.values().map(|c| collection_json(graph, c, cache)).collect()
}

/// One fact of the schema; fields in alphabetical order, which is the
/// order of the file (documented in README.md).
#[derive(Serialize)]
struct SchemaField<'a> {
    help: Option<&'a str>,
    key: &'a str,
    label: &'a str,
    required: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    unit: Option<&'a str>,
    values: Option<&'a [String]>,
}

#[derive(Serialize)]
struct ExportPage {
    title: String,
    /// The variant's name, or null for a page without variants.
    variant: Option<String>,
    url: String,
    slug: String,
    description: Option<String>,
    reviewed: Option<String>,
    facts: BTreeMap<String, Value>,
    /// Fact key → the references its value rests on (facts with `cite` only).
    sources: BTreeMap<String, Vec<ExportSource>>,
    taxonomies: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
struct ExportSource {
    key: String,
    title: String,
    url: String,
}

fn collection_json(graph: &SiteGraph, collection: &Collection, cache: &mut RenderCache) -> OutputFile {
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
    let taxonomies: Vec<Value> = graph.taxonomies.iter().map(|t| json!({ "name": t.name, "title": t.title })).collect();
    let mut pages = Vec::new();
    for (id, page) in
        graph.pages_with_ids().filter(|(_, p)| p.parsed.collection.as_deref() == Some(collection.name.as_str()))
    {
        let key = cache.facts_key(id);
        // One entry per variant of a page that has them.
        let variants: Vec<Option<usize>> = if page.parsed.variants.is_empty() {
            vec![None]
        } else {
            (0..page.parsed.variants.len()).map(Some).collect()
        };
        for variant in variants {
            let name = match variant {
                Some(v) => format!("{}#{v}", page.parsed.rel_path),
                None => page.parsed.rel_path.clone(),
            };
            let entry = cache.json_fragment(&name, key, || {
                let json = serde_json::value::to_raw_value(&export_page(graph, collection, page, variant));
                // An ExportPage has string keys only (serde_json writes NaN as null): it always serialises.
                JsonFragment(json.expect("an export entry serialises"))
            });
            pages.push(entry);
        }
    }
    // Fields in the file's order: alphabetical, then the pages.
    let file = ExportFile { collection: &collection.name, schema, taxonomies, title: &collection.title, pages };
    let mut text = serde_json::to_string(&file).unwrap_or_default();
    text.push('\n');
    OutputFile::bytes(
        format!("{}.json", collection.name),
        text,
        Origin::config(format!("collection `{}`", collection.name)),
    )
}

/// `/<collection>.json`.
#[derive(Serialize)]
struct ExportFile<'a> {
    collection: &'a str,
    schema: Vec<SchemaField<'a>>,
    taxonomies: Vec<Value>,
    title: &'a str,
    /// One entry per page (per variant of a page with variants), kept as
    /// JSON between builds.
    pages: Vec<JsonFragment>,
}

fn export_page(graph: &SiteGraph, collection: &Collection, page: &ResolvedPage, variant: Option<usize>) -> ExportPage {
    let own = page.parsed.facts_of(variant);
    let facts = collection
        .facts
        .iter()
        .map(|def| {
            let value = own.get(&def.key).map_or(Value::Null, fact_json);
            (def.key.clone(), value)
        })
        .collect();
    let sources = collection
        .facts
        .iter()
        .filter(|def| own.iter().any(|(k, _)| *k == def.key))
        .filter_map(|def| {
            let cited: Vec<ExportSource> = page
                .parsed
                .cites_of(variant, &def.key)
                .iter()
                .filter_map(|key| page.parsed.meta.references.iter().find(|r| r.key == *key))
                .map(|r| ExportSource { key: r.key.clone(), title: r.title.clone(), url: r.url.clone() })
                .collect();
            (!cited.is_empty()).then(|| (def.key.clone(), cited))
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
        variant: variant.and_then(|v| page.parsed.variants.get(v)).map(|v| v.name.clone()),
        url: graph.config.absolute_url(&super::compare_table::row_url(page, variant)),
        slug: page.slug.clone(),
        description: page.parsed.meta.description.clone(),
        reviewed: page.parsed.meta.reviewed.map(|d| d.format("%Y-%m-%d").to_string()),
        facts,
        sources,
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
