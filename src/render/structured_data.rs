//! schema.org JSON-LD of every page type. Only types and properties of
//! schema.org are used (the tests check them against an allow-list):
//! articles of a medical collection are a `MedicalWebPage` `about` a thing
//! of the collection's `jsonld` type; glossary terms (`jsonld =
//! "DefinedTerm"`) are a `WebPage` about a `DefinedTerm` `inDefinedTermSet`
//! their section, which is the `DefinedTermSet` with `hasDefinedTerm`.

use super::byline::person_context;
use super::display_text::date_context;
use crate::config::{SiteConfig, is_medical_type};
use crate::parse::{Located, PageMeta};
use crate::resolve::{ResolvedPage, SiteGraph};
use serde_json::{Map, Value, json};

/// JSON-LD of an article or section page.
pub(super) fn page_json_ld(graph: &SiteGraph, page: &ResolvedPage) -> String {
    let config = &graph.config;
    let meta = &page.parsed.meta;
    let url = config.absolute_url(&page.url);
    let collection = page.parsed.collection.as_ref().and_then(|c| config.collections.get(c));
    let jsonld = collection.and_then(|c| c.jsonld.as_deref());
    if page.parsed.is_section {
        if let Some(set) = defined_term_set(graph, page) {
            return serialise(set);
        }
        let kind =
            if graph.home.is_some_and(|h| std::ptr::eq(&graph.pages[h], page)) { "WebSite" } else { "CollectionPage" };
        return serialise(web_page(kind, &meta.title, meta.description.as_deref(), &url, config));
    }
    let kind = if jsonld.is_some_and(is_medical_type) { "MedicalWebPage" } else { "WebPage" };
    let mut doc = web_page(kind, &meta.title, meta.description.as_deref(), &url, config);
    add_article_properties(&mut doc, config, meta);
    match jsonld {
        Some("DefinedTerm") => {
            let mut term = defined_term(&meta.title, meta.description.as_deref(), &url);
            if let Some(set) = glossary_section(graph, page) {
                term.insert(
                    "inDefinedTermSet".into(),
                    json!({ "@type": "DefinedTermSet", "name": set.parsed.meta.title, "url": config.absolute_url(&set.url) }),
                );
            }
            doc.insert("about".into(), Value::Object(term));
        }
        Some(kind) => {
            doc.insert("about".into(), json!({ "@type": kind, "name": meta.title }));
        }
        None => {}
    }
    serialise(doc)
}

/// JSON-LD of a page made without a content file (lists, comparisons, search).
pub(super) fn generated_page_json_ld(
    config: &SiteConfig,
    kind: &str,
    title: &str,
    description: Option<&str>,
    path: &str,
) -> String {
    serialise(web_page(kind, title, description, &config.absolute_url(path), config))
}

fn web_page(kind: &str, title: &str, description: Option<&str>, url: &str, config: &SiteConfig) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("@context".into(), "https://schema.org".into());
    doc.insert("@type".into(), kind.into());
    doc.insert("name".into(), title.into());
    doc.insert("url".into(), url.into());
    doc.insert("inLanguage".into(), config.language.clone().into());
    if let Some(d) = description {
        doc.insert("description".into(), d.into());
    }
    doc
}

/// `author`, `reviewedBy`, `lastReviewed`, `datePublished`, `dateModified`, `citation`.
fn add_article_properties(doc: &mut Map<String, Value>, config: &SiteConfig, meta: &PageMeta) {
    let people = |ids: &[Located<String>]| -> Vec<Value> {
        ids.iter().filter_map(|id| config.person(&id.value)).map(|p| person_json(config, p)).collect()
    };
    let authors = people(&meta.authors);
    if !authors.is_empty() {
        doc.insert("author".into(), authors.into());
    }
    let reviewers = people(&meta.reviewed_by);
    if !reviewers.is_empty() {
        doc.insert("reviewedBy".into(), reviewers.into());
    }
    if let Some(d) = meta.reviewed {
        doc.insert("lastReviewed".into(), date_context(d).iso.into());
    }
    if let Some(d) = meta.date {
        doc.insert("datePublished".into(), date_context(d).iso.into());
    }
    if let Some(d) = meta.updated.or(meta.reviewed).or(meta.date) {
        doc.insert("dateModified".into(), date_context(d).iso.into());
    }
    let citations: Vec<Value> = meta
        .references
        .iter()
        .map(|r| {
            let mut c = Map::new();
            c.insert("@type".into(), "CreativeWork".into());
            c.insert("name".into(), r.title.clone().into());
            c.insert("url".into(), r.url.clone().into());
            if let Some(p) = &r.publisher {
                c.insert("publisher".into(), json!({ "@type": "Organization", "name": p }));
            }
            if let Some(y) = r.year {
                c.insert("datePublished".into(), y.to_string().into());
            }
            // The same work under its identifiers (schema.org `sameAs`: URLs).
            let same_as: Vec<Value> = [
                r.doi.as_ref().map(|d| format!("https://doi.org/{d}")),
                r.pmid.as_ref().map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")),
            ]
            .into_iter()
            .flatten()
            .map(Value::from)
            .collect();
            if !same_as.is_empty() {
                c.insert("sameAs".into(), same_as.into());
            }
            Value::Object(c)
        })
        .collect();
    if !citations.is_empty() {
        doc.insert("citation".into(), citations.into());
    }
}

fn person_json(config: &SiteConfig, person: &crate::config::Person) -> Value {
    let p = person_context(config, person);
    let mut out = Map::new();
    let kind = match person.kind {
        crate::config::PersonKind::Person => "Person",
        crate::config::PersonKind::Organization => "Organization",
    };
    out.insert("@type".into(), kind.into());
    out.insert("name".into(), p.name.into());
    out.insert("description".into(), p.role.into());
    if let Some(url) = p.absolute_url {
        out.insert("url".into(), url.into());
    }
    if let Some(c) = p.credentials.filter(|_| person.kind == crate::config::PersonKind::Person) {
        out.insert("hasCredential".into(), json!({ "@type": "EducationalOccupationalCredential", "name": c }));
    }
    Value::Object(out)
}

fn defined_term(name: &str, description: Option<&str>, url: &str) -> Map<String, Value> {
    let mut term = Map::new();
    term.insert("@type".into(), "DefinedTerm".into());
    term.insert("name".into(), name.into());
    term.insert("url".into(), url.into());
    if let Some(d) = description {
        term.insert("description".into(), d.into());
    }
    term
}

/// The section page of a `DefinedTerm` collection, for a page in it.
fn glossary_section<'g>(graph: &'g SiteGraph, page: &ResolvedPage) -> Option<&'g ResolvedPage> {
    page.parent.map(|p| &graph.pages[p]).filter(|s| s.parsed.folder() == page.parsed.folder())
}

/// A section whose collection is `DefinedTerm`: the `DefinedTermSet` of its pages.
fn defined_term_set(graph: &SiteGraph, section: &ResolvedPage) -> Option<Map<String, Value>> {
    let config = &graph.config;
    let folder = section.parsed.folder();
    config.collections.values().find(|c| c.section == folder && c.jsonld.as_deref() == Some("DefinedTerm"))?;
    let meta = &section.parsed.meta;
    let mut set = web_page(
        "DefinedTermSet",
        &meta.title,
        meta.description.as_deref(),
        &config.absolute_url(&section.url),
        config,
    );
    let terms: Vec<Value> = section
        .children
        .iter()
        .map(|&c| &graph.pages[c])
        .map(|t| {
            Value::Object(defined_term(
                &t.parsed.meta.title,
                t.parsed.meta.description.as_deref(),
                &config.absolute_url(&t.url),
            ))
        })
        .collect();
    set.insert("hasDefinedTerm".into(), terms.into());
    Some(set)
}

/// `</` inside a script element would end it early.
fn serialise(doc: Map<String, Value>) -> String {
    Value::Object(doc).to_string().replace("</", "<\\/")
}
