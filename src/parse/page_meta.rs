//! Front matter → [`PageMeta`]: the built-in keys of design.md, checked.

use super::reference::{Reference, is_reference_key};
use crate::config::SiteConfig;
use crate::diagnostics::{LineCol, suggestion_help};
use crate::spanned::reader::{Fields, Reader};
use crate::spanned::{Node, Value};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The built-in front-matter keys.
pub(crate) const BUILT_IN_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "reviewed",
    "draft",
    "slug",
    "weight",
    "aliases",
    "template",
    "toc",
    "taxonomies",
    "facts",
    "variants",
    "references",
    "extra",
    "authors",
    "reviewed_by",
    "image",
];

/// What a page says about itself, checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageMeta {
    /// Title.
    pub title: String,
    /// Summary for lists, meta tags and feeds.
    pub description: Option<String>,
    /// Where `description` is written, when it is.
    pub description_at: Option<LineCol>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// Last medical review.
    pub reviewed: Option<NaiveDate>,
    /// Where `reviewed` is written.
    pub reviewed_at: Option<LineCol>,
    /// `authors`: ids of `[[people]]`, checked.
    pub authors: Vec<Located<String>>,
    /// `reviewed_by`: ids of `[[people]]`, checked.
    pub reviewed_by: Vec<Located<String>>,
    /// `image`: the page's Open Graph image, as written (page-relative or a
    /// site path); resolved against the site's files later.
    pub image: Option<Located<String>>,
    /// Left out of the build unless `--drafts`.
    pub draft: bool,
    /// Replaces the file stem in the URL.
    pub slug: Option<String>,
    /// Where `slug` is written.
    pub slug_at: Option<LineCol>,
    /// Order within the section (smaller first).
    pub weight: Option<i64>,
    /// Old URLs that redirect here, normalised to `/a/b/`.
    pub aliases: Vec<Located<String>>,
    /// Another template than `page.html`/`section.html`.
    pub template: Option<Located<String>>,
    /// Whether to show the table of contents.
    pub toc: bool,
    /// Taxonomy name → terms, as written.
    pub taxonomies: BTreeMap<String, Vec<Located<String>>>,
    /// Sources.
    pub references: Vec<Reference>,
    /// Free-form `[extra]` data for templates (kept in the build cache as
    /// JSON text: the cache's format cannot hold a self-describing value).
    #[serde(with = "json_as_text")]
    pub extra: serde_json::Value,
}

/// A value and the place it was written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where in the file.
    pub at: LineCol,
}

/// Reads the built-in keys from the front-matter fields. `facts` is left for
/// the facts checker.
pub(super) fn read_page_meta(
    reader: &mut Reader<'_>,
    fields: &mut Fields<'_>,
    config: &SiteConfig,
) -> Option<PageMeta> {
    let title = match fields.take("title") {
        Some(node) => reader.string(node, "title"),
        None => {
            reader.error(fields.span.start, "missing `title`", Some("add `title = \"…\"` to the front matter".into()));
            None
        }
    };
    let description_node = fields.take("description");
    let description_at = description_node.as_ref().map(|n| located(reader, n.span.start));
    // Descriptions are plain text (meta tags, feeds, lists): citation markers are dropped.
    let description = description_node
        .and_then(|n| reader.string(n, "description"))
        .map(|d| super::citations::strip_citation_markers(&d));
    let date = fields.take("date").and_then(|n| reader.date(n, "date"));
    let updated = fields.take("updated").and_then(|n| reader.date(n, "updated"));
    let reviewed_node = fields.take("reviewed");
    let reviewed_at = reviewed_node.map(|n| located(reader, n.span.start));
    let reviewed = reviewed_node.and_then(|n| reader.date(n, "reviewed"));
    let people = read_people_and_image(reader, fields, config);
    let draft = fields.take("draft").and_then(|n| reader.bool(n, "draft")).unwrap_or(false);
    let slug_node = fields.take("slug");
    let slug_at = slug_node.as_ref().map(|n| located(reader, n.span.start));
    let slug = slug_node.and_then(|n| read_slug(reader, n));
    let weight = fields.take("weight").and_then(|n| reader.integer(n, "weight"));
    let aliases = fields.take("aliases").map(|n| read_aliases(reader, n)).unwrap_or_default();
    let template = fields.take("template").and_then(|n| read_template(reader, n));
    let toc = fields.take("toc").and_then(|n| reader.bool(n, "toc")).unwrap_or(true);
    let taxonomies = fields.take("taxonomies").map(|n| read_taxonomies(reader, n, config)).unwrap_or_default();
    let references = fields.take("references").map(|n| read_references(reader, n, &config.sources)).unwrap_or_default();
    let extra = fields.take("extra").map(|n| to_json(&n.value)).unwrap_or(serde_json::Value::Null);
    Some(PageMeta {
        title: title?,
        description,
        description_at,
        date,
        updated,
        reviewed,
        reviewed_at,
        authors: people.authors,
        reviewed_by: people.reviewed_by,
        image: people.image,
        draft,
        slug,
        slug_at,
        weight,
        aliases,
        template,
        toc,
        taxonomies,
        references,
        extra,
    })
}

/// `authors`, `reviewed_by` and `image`.
struct PeopleAndImage {
    authors: Vec<Located<String>>,
    reviewed_by: Vec<Located<String>>,
    image: Option<Located<String>>,
}

/// Reads `authors` and `reviewed_by` (ids of `[[people]]` in site.toml:
/// an unknown id is an `error[people]` at the id, with did-you-mean) and
/// `image` (checked for its form; whether the file exists is checked when
/// the site's files are known).
fn read_people_and_image(reader: &mut Reader<'_>, fields: &mut Fields<'_>, config: &SiteConfig) -> PeopleAndImage {
    reader.set_code(crate::diagnostics::Code::People);
    let authors = fields.take("authors").map(|n| read_person_ids(reader, n, "authors", config)).unwrap_or_default();
    let reviewed_by =
        fields.take("reviewed_by").map(|n| read_person_ids(reader, n, "reviewed_by", config)).unwrap_or_default();
    reader.set_code(crate::diagnostics::Code::FrontMatter);
    let image = fields.take("image").and_then(|n| read_image(reader, n));
    PeopleAndImage { authors, reviewed_by, image }
}

fn read_person_ids(reader: &mut Reader<'_>, node: &Node, key: &str, config: &SiteConfig) -> Vec<Located<String>> {
    let Some(ids) = reader.string_list(node, key) else { return Vec::new() };
    if config.people.is_empty() {
        if !ids.is_empty() {
            reader.error(
                node.span.start,
                format!("`{key}` names people, but site.toml declares none"),
                Some(
                    "declare them in site.toml: [[people]] with id, name and role (credentials and url optional)"
                        .into(),
                ),
            );
        }
        return Vec::new();
    }
    let mut out: Vec<Located<String>> = Vec::new();
    for (id, span) in ids {
        if config.person(&id).is_none() {
            let help = suggestion_help(&id, config.people.iter().map(|p| p.id.as_str()))
                .unwrap_or_else(|| format!("name one of the ids of [[people]] in site.toml: {}", people_ids(config)));
            reader.error(span.start, format!("`{key}`: no person with id {id:?}"), Some(help));
            continue;
        }
        if out.iter().any(|p| p.value == id) {
            reader.error(span.start, format!("`{key}`: {id:?} is named twice"), Some("name each person once".into()));
            continue;
        }
        out.push(Located { value: id, at: located(reader, span.start) });
    }
    out
}

fn people_ids(config: &SiteConfig) -> String {
    config.people.iter().map(|p| format!("{:?}", p.id)).collect::<Vec<_>>().join(", ")
}

/// `image`: a file next to the page (`diagram.png`) or a site path
/// (`/img/card.png`); no URLs, `..` or backslashes.
fn read_image(reader: &mut Reader<'_>, node: &Node) -> Option<Located<String>> {
    let path = reader.string(node, "image")?;
    let trimmed = path.trim();
    let bad = trimmed.is_empty()
        || trimmed.contains("://")
        || trimmed.contains(['\\', '?', '#', '"', '<', '>'])
        || trimmed.split('/').any(|s| s == "..")
        || trimmed.ends_with('/');
    if bad {
        reader.error(
            node.span.start,
            format!("`image`: {path:?} is not the path of an image file"),
            Some("name a file next to the page (\"diagram.png\") or a site path (\"/img/card.png\")".into()),
        );
        return None;
    }
    Some(Located { value: trimmed.to_string(), at: located(reader, node.span.start) })
}

fn located(reader: &Reader<'_>, offset: usize) -> LineCol {
    reader.locator().locate(offset)
}

/// Slugs become one URL segment: no separators, dots, or URL syntax.
fn read_slug(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let slug = reader.string(node, "slug")?;
    let bad = slug.chars().find(|&c| !(c.is_alphanumeric() || c == '-' || c == '_'));
    if let Some(c) = bad {
        let help = format!("use letters, digits, '-' and '_' only, for example {:?}", crate::text::slugify(&slug));
        reader.error(
            node.span.start,
            format!("`slug`: {slug:?} contains {c:?}, which cannot be part of a URL segment"),
            Some(help),
        );
        return None;
    }
    Some(slug)
}

fn read_aliases(reader: &mut Reader<'_>, node: &Node) -> Vec<Located<String>> {
    let Some(list) = reader.string_list(node, "aliases") else { return Vec::new() };
    let mut out = Vec::new();
    for (alias, span) in list {
        match normalise_alias(&alias) {
            Some(path) => out.push(Located { value: path, at: located(reader, span.start) }),
            None => reader.error(
                span.start,
                format!("`aliases`: {alias:?} is not a site path"),
                Some("write site paths such as \"/old/page/\"".into()),
            ),
        }
    }
    out
}

/// `/old/page` → `/old/page/`; refuses `..`, backslashes, schemes and
/// control characters, so an alias can never point outside the output.
pub(crate) fn normalise_alias(alias: &str) -> Option<String> {
    let trimmed = alias.trim();
    if !trimmed.starts_with('/')
        || trimmed.contains("://")
        || trimmed.contains(['\\', '?', '#', '%'])
        || trimmed.chars().any(char::is_control)
    {
        return None;
    }
    let segments: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() || segments.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    if segments.last().is_some_and(|s| s.ends_with(".html")) {
        return Some(format!("/{}", segments.join("/")));
    }
    Some(format!("/{}/", segments.join("/")))
}

fn read_template(reader: &mut Reader<'_>, node: &Node) -> Option<Located<String>> {
    let name = reader.string(node, "template")?;
    let ok = name.ends_with(".html") && !name.contains("..") && !name.starts_with('/') && !name.contains('\\');
    if !ok {
        reader.error(
            node.span.start,
            format!("`template`: {name:?} is not a template name"),
            Some("name a file of templates/ such as \"page-wide.html\"".into()),
        );
        return None;
    }
    Some(Located { value: name, at: located(reader, node.span.start) })
}

fn read_taxonomies(
    reader: &mut Reader<'_>,
    node: &Node,
    config: &SiteConfig,
) -> BTreeMap<String, Vec<Located<String>>> {
    let mut out = BTreeMap::new();
    let Value::Table(entries) = &node.value else {
        reader.type_error(node, "taxonomies", "a table such as { concerns = [\"acne scars\"] }");
        return out;
    };
    reader.set_code(crate::diagnostics::Code::Taxonomy);
    for (key, value) in entries {
        let Some(taxonomy) = config.taxonomies.get(&key.name) else {
            let help = suggestion_help(&key.name, config.taxonomies.keys().map(String::as_str))
                .unwrap_or_else(|| "declare it in site.toml under [taxonomies.<name>]".to_string());
            reader.error(key.span.start, format!("unknown taxonomy `{}`", key.name), Some(help));
            continue;
        };
        let Some(terms) = reader.string_list(value, &key.name) else { continue };
        let mut kept = Vec::new();
        for (term, span) in terms {
            if let Some(allowed) = &taxonomy.terms
                && !allowed.contains(&term)
            {
                let help = suggestion_help(&term, allowed.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the terms of `{}` are listed in site.toml", key.name));
                reader.error(span.start, format!("{term:?} is not a term of `{}`", key.name), Some(help));
                continue;
            }
            kept.push(Located { value: term, at: located(reader, span.start) });
        }
        out.insert(key.name.clone(), kept);
    }
    reader.set_code(crate::diagnostics::Code::FrontMatter);
    out
}

fn read_references(reader: &mut Reader<'_>, node: &Node, sources: &crate::config::SourcesConfig) -> Vec<Reference> {
    let Value::Array(items) = &node.value else {
        reader.type_error(node, "references", "a list of tables ([[references]] with title and url)");
        return Vec::new();
    };
    let mut out: Vec<Reference> = Vec::new();
    for item in items {
        let Some(mut fields) = reader.table(item, "references") else { continue };
        let key_node = fields.take("key");
        let key_offset = key_node.as_ref().map_or(item.span.start, |n| n.span.start);
        let key_at = located(reader, key_offset);
        let key = match key_node {
            Some(node) => read_reference_key(reader, node),
            None => {
                reader.error(
                    item.span.start,
                    "a reference needs a `key`, the name prose cites it by",
                    Some("add a short unique name such as `key = \"nhs-peels\"`, then cite it as [@nhs-peels]".into()),
                );
                None
            }
        };
        if let Some(k) = &key
            && let Some(first) = out.iter().find(|r| &r.key == k)
        {
            let message = format!("reference key {k:?} is used twice (first on line {})", first.key_at.line);
            reader.error(key_offset, message, Some("give each reference of a page its own key".into()));
        }
        let title = fields.take("title").and_then(|n| reader.string(n, "title"));
        let url_node = fields.take("url");
        let url = url_node.and_then(|n| read_reference_url(reader, n));
        let publisher = fields.take("publisher").and_then(|n| reader.string(n, "publisher"));
        let year = fields.take("year").and_then(|n| reader.integer(n, "year"));
        if title.is_none() || url.is_none() {
            reader.error(item.span.start, "a reference needs a `title` and a `url`", None);
        }
        let source = super::reference_source::read_source_keys(reader, &mut fields, sources, key_offset, url_node);
        fields.finish(reader, REFERENCE_KEYS, "a reference");
        if let (Some(key), Some(title), Some(url)) = (key, title, url) {
            let super::reference_source::SourceKeys { tier, doi, pmid } = source;
            out.push(Reference { key, key_at, title, url, publisher, year, tier, doi, pmid });
        }
    }
    out
}

/// The keys a reference may have.
const REFERENCE_KEYS: &[&str] = &["key", "title", "url", "publisher", "year", "tier", "doi", "pmid"];

/// Keys are what `[@key]` names: lowercase letters, digits, `-`, `_` and
/// `.`, starting with a letter or digit.
fn read_reference_key(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let key = reader.string(node, "key")?;
    if !is_reference_key(&key) {
        let suggestion = crate::text::slugify(&key);
        let help = if suggestion.is_empty() {
            "use lowercase letters, digits, '-', '_' and '.', such as \"nhs-peels\"".to_string()
        } else {
            format!("use lowercase letters, digits, '-', '_' and '.', for example {suggestion:?}")
        };
        reader.error(node.span.start, format!("`key`: {key:?} is not a citation key"), Some(help));
        return None;
    }
    Some(key)
}

fn read_reference_url(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let url = reader.string(node, "url")?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        reader.error(
            node.span.start,
            format!("`url`: {url:?} is not an http(s) URL"),
            Some("cite sources by their full web address".into()),
        );
        return None;
    }
    Some(url)
}

/// Converts a node to JSON for templates (`extra`).
pub(crate) fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::String(s) | Value::Datetime(s) => J::String(s.clone()),
        Value::Integer(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Bool(b) => J::Bool(*b),
        Value::Array(items) => J::Array(items.iter().map(|n| to_json(&n.value)).collect()),
        Value::Table(entries) => J::Object(entries.iter().map(|(k, n)| (k.name.clone(), to_json(&n.value))).collect()),
        Value::Null => J::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(normalise_alias("/old/page").as_deref(), Some("/old/page/"));
        assert_eq!(normalise_alias("/old.html").as_deref(), Some("/old.html"));
        assert_eq!(normalise_alias("/a/../../etc"), None);
        assert_eq!(normalise_alias("old"), None);
        assert_eq!(normalise_alias("/a\\b"), None);
        assert_eq!(normalise_alias("/%2e%2e/x"), None);
        assert_eq!(normalise_alias("/"), None);
    }
}

/// `[extra]` in the build cache, whose compact format cannot read back a
/// value that describes its own shape: the same tree with its kinds
/// written out (numbers kept exactly as read).
mod json_as_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Map, Number, Value};

    #[derive(Serialize, Deserialize)]
    enum Json {
        Null,
        Bool(bool),
        Unsigned(u64),
        Signed(i64),
        Float(f64),
        Text(String),
        List(Vec<Json>),
        Table(Vec<(String, Json)>),
    }

    fn to_tree(value: &Value) -> Json {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Json::Unsigned(u),
                (None, Some(i)) => Json::Signed(i),
                (None, None) => Json::Float(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => Json::Text(s.clone()),
            Value::Array(items) => Json::List(items.iter().map(to_tree).collect()),
            Value::Object(map) => Json::Table(map.iter().map(|(k, v)| (k.clone(), to_tree(v))).collect()),
        }
    }

    fn from_tree(tree: Json) -> Value {
        match tree {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(b),
            Json::Unsigned(u) => Value::Number(u.into()),
            Json::Signed(i) => Value::Number(i.into()),
            Json::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
            Json::Text(s) => Value::String(s),
            Json::List(items) => Value::Array(items.into_iter().map(from_tree).collect()),
            Json::Table(entries) => {
                Value::Object(entries.into_iter().map(|(k, v)| (k, from_tree(v))).collect::<Map<_, _>>())
            }
        }
    }

    pub(super) fn serialize<S: Serializer>(value: &Value, serializer: S) -> Result<S::Ok, S::Error> {
        to_tree(value).serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        Json::deserialize(deserializer).map(from_tree)
    }
}
