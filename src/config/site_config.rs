//! The resolved site configuration: defaults applied, URLs normalised.

use super::taxonomy::{Taxonomy, read_taxonomies};
use super::{Collection, ComparisonSpec};
use crate::spanned::{Node, reader::Reader};
use std::collections::BTreeMap;

/// Name of the theme compiled into the binary (`theme` may name it, or
/// leave it out).
pub(crate) const BUILT_IN_THEME: &str = "clinic";

/// Everything `site.toml` says, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Absolute base URL without a trailing slash (`https://example.org` or
    /// `https://example.org/docs`).
    pub base_url: String,
    /// Site description for the home page, feeds and meta tags.
    pub description: String,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// Theme folder name under `themes/`; `None` uses the built-in theme.
    pub theme: Option<String>,
    /// Where `theme` is written.
    pub theme_at: Option<crate::diagnostics::LineCol>,
    /// Author named in the Atom feed.
    pub author: String,
    /// Taxonomies by name.
    pub taxonomies: BTreeMap<String, Taxonomy>,
    /// Collections by name.
    pub collections: BTreeMap<String, Collection>,
    /// `[[comparisons]]`, in the order written.
    pub comparisons: Vec<ComparisonSpec>,
    /// `[text]`: the theme's wording that depends on the site.
    pub text: SiteText,
    /// `[[people]]`: authors and reviewers, in the order written.
    pub people: Vec<super::Person>,
    /// `contact`: where "Report a problem with this page" leads.
    pub contact: Option<super::Contact>,
    /// `[review]`: how often pages are reviewed.
    pub review: Option<super::ReviewPolicy>,
    /// `[callouts]`: labels of the GitHub-style alerts.
    pub callouts: super::CalloutLabels,
    /// `[search]`: other names, synonyms and result labels.
    pub search: super::SearchConfig,
    /// `[checks]`: limits of the editorial checks and which warnings are errors.
    pub checks: super::CheckSettings,
    /// `[sources]`: source tiers, the policy page and denied domains.
    pub sources: super::SourcesConfig,
    /// `[serve] editor_url`, or `DERMIS_EDITOR_URL` when set (the loader
    /// applies it): links from serve-only pages to the file in an editor.
    pub editor_url: Option<super::EditorUrl>,
}

/// `[text]`: sentences the theme shows that depend on what the site is
/// about, so a new site is not told about dermatologists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteText {
    /// The label and bold lead of the disclaimer ("Medical disclaimer").
    pub disclaimer_title: String,
    /// Shown after every article and side-by-side page; `None`: no disclaimer.
    pub disclaimer: Option<String>,
    /// The footer's first line; `None`: none.
    pub footer: Option<String>,
    /// The search page's prompt before a query is typed.
    pub search_hint: String,
    /// What an article without a `reviewed` date says ("Not yet reviewed").
    pub unreviewed: String,
}

const TEXT_KEYS: &[&str] = &["disclaimer_title", "disclaimer", "footer", "search_hint", "unreviewed"];

fn read_text(reader: &mut Reader<'_>, node: &Node) -> SiteText {
    let Some(mut fields) = reader.table(node, "text") else { return SiteText::defaults() };
    let mut string = |name: &str| fields.take(name).and_then(|n| reader.string(n, name));
    let disclaimer_title = string("disclaimer_title");
    let disclaimer = string("disclaimer");
    let footer = string("footer");
    let search_hint = string("search_hint");
    let unreviewed = string("unreviewed");
    fields.finish(reader, TEXT_KEYS, "[text]");
    let defaults = SiteText::defaults();
    SiteText {
        disclaimer_title: disclaimer_title.unwrap_or(defaults.disclaimer_title),
        disclaimer: disclaimer.filter(|d| !d.trim().is_empty()),
        footer: footer.filter(|f| !f.trim().is_empty()),
        search_hint: search_hint.unwrap_or(defaults.search_hint),
        unreviewed: unreviewed.unwrap_or(defaults.unreviewed),
    }
}

impl SiteText {
    /// The wording of a site without `[text]`: neutral, no disclaimer.
    pub fn defaults() -> SiteText {
        SiteText {
            disclaimer_title: "Disclaimer".to_string(),
            disclaimer: None,
            footer: None,
            search_hint: "Type a word to search the articles.".to_string(),
            unreviewed: "Not yet reviewed".to_string(),
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "author",
    "taxonomies",
    "collections",
    "comparisons",
    "text",
    "contact",
    "people",
    "review",
    "callouts",
    "checks",
    "sources",
    "search",
    "serve",
];

impl SiteConfig {
    /// Reads the root table, recording every problem in `reader`.
    pub(super) fn read(root: &Node, reader: &mut Reader<'_>) -> Option<SiteConfig> {
        let mut fields = reader.table(root, "site.toml")?;
        let title = required_string(reader, &mut fields, "title");
        let base_url = match fields.take("base_url") {
            Some(node) => read_base_url(reader, node),
            None => {
                reader.error(
                    0,
                    "missing key `base_url`",
                    Some("add `base_url = \"https://example.org\"` at the top of site.toml".into()),
                );
                None
            }
        };
        let description = fields.take("description").and_then(|n| reader.string(n, "description"));
        let language = fields.take("language").and_then(|n| reader.string(n, "language"));
        let theme_node = fields.take("theme");
        let theme_at = theme_node.as_ref().map(|n| reader.locator().locate(n.span.start));
        let theme = theme_node.and_then(|n| read_theme_name(reader, n));
        let author = fields.take("author").and_then(|n| reader.string(n, "author"));
        let taxonomies = fields.take("taxonomies").map(|n| read_taxonomies(reader, n)).unwrap_or_default();
        let collections = fields.take("collections").map(|n| Collection::read_all(reader, n)).unwrap_or_default();
        let comparisons = fields
            .take("comparisons")
            .map(|n| ComparisonSpec::read_all(reader, n, &collections, &taxonomies))
            .unwrap_or_default();
        let text = fields.take("text").map_or_else(SiteText::defaults, |n| read_text(reader, n));
        let people = fields.take("people").map(|n| super::people::read_people(reader, n)).unwrap_or_default();
        let contact = fields.take("contact").and_then(|n| super::people::read_contact(reader, n));
        let review = fields.take("review").and_then(|n| super::people::read_review(reader, n));
        let callouts = fields.take("callouts").map(|n| super::CalloutLabels::read(reader, n)).unwrap_or_default();
        let checks = fields.take("checks").map(|n| super::CheckSettings::read(reader, n)).unwrap_or_default();
        let sources = fields.take("sources").map(|n| super::SourcesConfig::read(reader, n)).unwrap_or_default();
        let search =
            fields.take("search").map(|n| super::SearchConfig::read(reader, n, &collections)).unwrap_or_default();
        let editor_url = fields.take("serve").and_then(|n| super::editor_url::read_serve(reader, n));
        fields.finish(reader, TOP_KEYS, "site.toml");
        let title = title?;
        Some(SiteConfig {
            author: author.unwrap_or_else(|| title.clone()),
            title,
            base_url: base_url?,
            description: description.unwrap_or_default(),
            language: language.unwrap_or_else(|| "en".to_string()),
            theme,
            theme_at,
            taxonomies,
            collections,
            comparisons,
            text,
            people,
            contact,
            review,
            callouts,
            checks,
            sources,
            search,
            editor_url,
        })
    }

    /// The absolute URL of a site path such as `/methods/peels/`.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The person declared with that id.
    pub fn person(&self, id: &str) -> Option<&super::Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The URL a page of the site links to for the site path `path`
    /// (`/methods/peels/`): the path of `base_url` in front, if any.
    pub fn site_url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path())
    }

    /// The path part of `base_url` (`""` or `/docs`), prefixed to every internal link.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }

    /// The same configuration with another base URL (for `--base-url`).
    pub fn with_base_url(mut self, url: &str) -> Result<SiteConfig, String> {
        self.base_url = normalise_base_url(url)?;
        Ok(self)
    }
}

fn required_string(
    reader: &mut Reader<'_>,
    fields: &mut crate::spanned::reader::Fields<'_>,
    key: &str,
) -> Option<String> {
    match fields.take(key) {
        Some(node) => reader.string(node, key),
        None => {
            reader.error(
                0,
                format!("missing key `{key}`"),
                Some(format!("add `{key} = \"…\"` at the top of site.toml")),
            );
            None
        }
    }
}

fn read_base_url(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let raw = reader.string(node, "base_url")?;
    match normalise_base_url(&raw) {
        Ok(url) => Some(url),
        Err(why) => {
            reader.error(
                node.span.start,
                format!("`base_url`: {why}"),
                Some("write an absolute URL such as \"https://example.org\" or \"https://example.org/docs\"".into()),
            );
            None
        }
    }
}

/// Checks a base URL and removes its trailing slash.
pub(crate) fn normalise_base_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    let Some((scheme, rest)) = raw.split_once("://") else {
        return Err(format!("{raw:?} has no scheme (http:// or https://)"));
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!("scheme {scheme:?} is not http or https"));
    }
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("{raw:?} has no host"));
    }
    if rest.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err(format!("{raw:?} contains characters a base URL cannot have"));
    }
    Ok(raw.trim_end_matches('/').to_string())
}

fn read_theme_name(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let name = reader.string(node, "theme")?;
    let valid = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        reader.error(
            node.span.start,
            format!("`theme`: {name:?} is not a folder name"),
            Some("name a folder of themes/, such as \"clinic\"".into()),
        );
        return None;
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        assert_eq!(normalise_base_url("https://a.org/").unwrap(), "https://a.org");
        assert_eq!(normalise_base_url("https://a.org/docs/").unwrap(), "https://a.org/docs");
        assert!(normalise_base_url("a.org").is_err());
        assert!(normalise_base_url("ftp://a.org").is_err());
    }
}
