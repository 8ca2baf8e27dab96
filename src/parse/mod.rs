//! Stage 2: [`SourceFile`] → [`ParsedPage`]. Pure and per file (run in
//! parallel): front matter split and read, facts checked against the schema,
//! body outlined (heading ids, links with locations), editorial checks
//! (`editorial/`). Never reads the disk.

mod citations;
mod compare_block;
mod editorial;
mod facts;
mod front_matter;
mod markdown_parser;
mod outline;
mod page_meta;
mod reference;
mod reference_source;
mod variants;

pub(crate) use citations::{Citation, CitedKey, check_citations};
pub(crate) use compare_block::CompareRequest;
pub(crate) use facts::{FactCites, FactValue, Facts};
pub(crate) use markdown_parser::markdown_events;
pub use markdown_parser::{markdown_options, new_markdown_parser};
pub(crate) use outline::{Heading, LinkKind, LinkRef, Outline};
pub(crate) use page_meta::{BUILT_IN_KEYS, Located, PageMeta};
pub(crate) use reference::Reference;
pub(crate) use variants::Variant;

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, LineIndex, SourceLocator};
use crate::load::SourceFile;
use crate::spanned::reader::Reader;

/// A page or section file, parsed and checked on its own.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParsedPage {
    /// [`source_hash`] of the source: two pages with the same `parse_id`
    /// are parses of the same text (what the memos of later stages key on).
    pub parse_id: u64,
    /// `content/methods/peels.md`.
    pub rel_path: String,
    /// `methods/peels.md`.
    pub content_path: String,
    /// True for `_index.md`.
    pub is_section: bool,
    /// True for a page bundle: `methods/peels/index.md` is the page `peels`
    /// of the folder `methods`, and the other files of `methods/peels/` are its assets.
    pub is_bundle: bool,
    /// Front matter.
    pub meta: PageMeta,
    /// The collection the page belongs to, by name.
    pub collection: Option<String>,
    /// Checked facts (empty outside collections).
    pub facts: Facts,
    /// The references each of `facts` rests on (facts written with `cite`).
    pub fact_cites: FactCites,
    /// `[[variants]]`, each with its facts merged with the page's (empty
    /// when the page has none).
    pub variants: Vec<Variant>,
    /// The Markdown body: the source's text from `body_offset` on. Not in
    /// the build cache, which gives it back from the source
    /// ([`ParsedPage::with_body_from`]).
    #[serde(skip)]
    pub body: String,
    /// Where the body starts in the source's text (after the front matter).
    pub body_offset: usize,
    /// Headings, links, code.
    pub outline: Outline,
    /// Compare blocks, read.
    pub compare_requests: Vec<CompareRequest>,
    /// A hash of what the page shows outside its own page, without its
    /// body ([`ParsedPage::facts_digest_of`]): made once per parse, for
    /// the keys of table rows, term pages and exports.
    pub facts_digest: u64,
    /// A hash of what links from other pages read of this one (paths,
    /// title, draft flag, headings), without its body
    /// ([`ParsedPage::link_digest_of`]): made once per parse, for the key
    /// of every page's resolved links.
    pub link_digest: u64,
}

impl ParsedPage {
    /// A parse read back from the build cache, its body taken from the
    /// source it was made from; `None` when the source has no text at
    /// `body_offset` (then it was not made from this source).
    pub(crate) fn with_body_from(mut self, source: &SourceFile) -> Option<Self> {
        self.body = source.text.get(self.body_offset..)?.to_string();
        Some(self)
    }

    /// A hash of the title, description, dates, draft flag, collection,
    /// facts, variants, fact sources and references: what a page shows of itself
    /// in table rows, term pages and exports (not its body, so an edit of
    /// the prose leaves those alone).
    fn with_digests(mut self) -> Self {
        self.facts_digest = self.facts_digest_of();
        self.link_digest = self.link_digest_of();
        self
    }

    /// See [`ParsedPage::link_digest`].
    fn link_digest_of(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (&self.rel_path, &self.content_path, self.is_section, self.is_bundle).hash(&mut h);
        (&self.meta.title, self.meta.draft).hash(&mut h);
        for heading in &self.outline.headings {
            (heading.level, &heading.id, &heading.text).hash(&mut h);
        }
        h.finish()
    }

    /// See [`ParsedPage::facts_digest`].
    fn facts_digest_of(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        let meta = &self.meta;
        (&meta.title, &meta.description, meta.reviewed, meta.date, meta.updated, &self.collection).hash(&mut h);
        // Lists mark a draft (term pages, sections, related pages).
        meta.draft.hash(&mut h);
        format!("{:?}", self.facts).hash(&mut h);
        format!("{:?}{:?}{:?}", self.variants, self.fact_cites, meta.references).hash(&mut h);
        h.finish()
    }

    /// Every reference key cited by the page's facts and its variants'
    /// facts, once each, sorted.
    pub fn fact_citations(&self) -> std::collections::BTreeSet<&str> {
        self.fact_cites
            .iter()
            .chain(self.variants.iter().flat_map(|v| &v.cites))
            .flat_map(|(_, keys)| keys.iter().map(String::as_str))
            .collect()
    }

    /// The facts of one row: the page's own (`None`), or those of its variant.
    pub fn facts_of(&self, variant: Option<usize>) -> &Facts {
        match variant.and_then(|v| self.variants.get(v)) {
            Some(v) => &v.facts,
            None => &self.facts,
        }
    }

    /// The reference keys the fact `key` of a row rests on (empty: none cited).
    pub fn cites_of(&self, variant: Option<usize>, key: &str) -> &[String] {
        let cites = match variant.and_then(|v| self.variants.get(v)) {
            Some(v) => &v.cites,
            None => &self.fact_cites,
        };
        cites.get(key).map_or(&[][..], |keys| &keys[..])
    }

    /// Whether this is the home page (the section at the top of `content/`).
    pub fn is_home(&self) -> bool {
        self.is_section && self.folder().is_empty()
    }

    /// The section folder below `content/` the page belongs to: `methods`
    /// (or `` at the top). For a bundle, the folder holding the bundle's folder.
    pub fn folder(&self) -> &str {
        let dir = self.source_dir();
        if self.is_bundle { dir.rsplit_once('/').map_or("", |(parent, _)| parent) } else { dir }
    }

    /// The folder below `content/` holding the file itself: relative links
    /// and co-located assets start here.
    pub fn source_dir(&self) -> &str {
        self.content_path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// File name without `.md`; for a bundle, the name of its folder.
    pub fn stem(&self) -> &str {
        if self.is_bundle {
            let dir = self.source_dir();
            return dir.rsplit('/').next().unwrap_or(dir);
        }
        let name = self.content_path.rsplit('/').next().unwrap_or(&self.content_path);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// A reference is cited by prose `[@key]` or by any fact's `cite`.
fn check_all_citations(
    path: &str,
    meta: &PageMeta,
    (fact_cites, variants): (&FactCites, &[Variant]),
    outline: &Outline,
) -> Vec<Diagnostic> {
    let cites = fact_cites.iter().chain(variants.iter().flat_map(|v| &v.cites));
    let cited_by_facts = cites.flat_map(|(_, keys)| keys.iter().map(String::as_str));
    check_citations(path, &meta.references, &outline.citations, cited_by_facts)
}

/// Parses one source. Errors are returned with whatever could be read.
pub fn parse_page(source: &SourceFile, config: &SiteConfig) -> (Option<ParsedPage>, Vec<Diagnostic>) {
    let (path, name) = (source.rel_path.as_str(), source.rel_path.rsplit('/').next().unwrap_or(&source.rel_path));
    let is_bundle = name == "index.md";
    if is_bundle && !source.content_path().contains('/') {
        return (None, vec![home_bundle_error(path)]);
    }
    let text = source.text.as_str();
    let split = match front_matter::split_front_matter(path, text) {
        Ok(split) => split,
        Err(d) => return (None, vec![d]),
    };
    let index = LineIndex::new(text);
    let front_locator = SourceLocator { path, text, index: &index, base: split.front_offset };
    let root = match front_matter::parse_front(&split) {
        Ok(root) => root,
        Err(e) => return (None, vec![front_matter_syntax_error(&e, split.format, &front_locator)]),
    };
    let mut reader = Reader::new(front_locator, Code::FrontMatter);
    let Some(mut fields) = reader.table(&root, "front matter") else {
        return (None, reader.into_diagnostics());
    };
    let meta = page_meta::read_page_meta(&mut reader, &mut fields, config);
    let tables = FactTables { facts: fields.take("facts"), variants: fields.take("variants") };
    fields.finish(&mut reader, BUILT_IN_KEYS, "front matter");
    let is_section = name == "_index.md";
    let content_path = source.content_path().to_string();
    let collection = if is_section { None } else { collection_of(config, &content_path, is_bundle) };
    let (facts, fact_cites, variants) = read_fact_tables(&mut reader, collection, tables, meta.as_ref());
    let mut diagnostics = reader.into_diagnostics();
    // After an error in the front matter, facts and their `cite` lists may be
    // missing: "cited nowhere" would then be noise about a half-read page.
    let front_matter_read = !diagnostics.iter().any(Diagnostic::is_error);
    let body = &text[split.body_offset..];
    let body_locator = SourceLocator { path, text, index: &index, base: split.body_offset };
    let outline = outline::outline_body(body, &body_locator, &mut diagnostics);
    if let Some(meta) = meta.as_ref().filter(|_| front_matter_read) {
        diagnostics.extend(check_all_citations(path, meta, (&fact_cites, &variants), &outline));
    }
    let compare_requests = read_compare_requests(&outline, body_locator, &mut diagnostics);
    let page = meta
        .map(|meta| ParsedPage {
            rel_path: path.to_string(),
            content_path,
            is_section,
            is_bundle,
            meta,
            collection: collection.map(|c| c.name.clone()),
            facts,
            fact_cites,
            variants,
            body: body.to_string(),
            body_offset: split.body_offset,
            outline,
            compare_requests,
            parse_id: source_hash(source),
            facts_digest: 0,
            link_digest: 0,
        })
        .map(ParsedPage::with_digests);
    if let Some(page) = &page {
        diagnostics.extend(editorial::check_page(page, config, &body_locator));
    }
    (page, diagnostics)
}

/// The collection whose section holds the page (a bundle's folder is the page).
fn collection_of<'c>(
    config: &'c SiteConfig,
    content_path: &str,
    is_bundle: bool,
) -> Option<&'c crate::config::Collection> {
    let dir = content_path.rsplit_once('/').map_or("", |(d, _)| d);
    let folder = if is_bundle { dir.rsplit_once('/').map_or("", |(d, _)| d) } else { dir };
    config.collections.values().find(|c| c.section == folder)
}

fn home_bundle_error(path: &str) -> Diagnostic {
    Diagnostic::error(
        Code::FrontMatter,
        path,
        "`content/index.md` cannot be a page bundle: the home page is `content/_index.md`",
    )
    .with_help("rename it to `_index.md` for the home page, or move it into a folder of its own")
}

fn front_matter_syntax_error(
    e: &crate::spanned::SyntaxError,
    format: front_matter::Format,
    locator: &SourceLocator<'_>,
) -> Diagnostic {
    let name = match format {
        front_matter::Format::Toml => "TOML",
        front_matter::Format::Yaml => "YAML",
    };
    Diagnostic::error(Code::FrontMatter, locator.path, format!("the front matter is not valid {name}: {}", e.message))
        .at(locator.locate(e.offset))
        .with_help_opt(syntax_help(&e.message, format))
}

/// The `[facts]` and `[[variants]]` tables of a front matter, when written.
struct FactTables<'n> {
    facts: Option<&'n crate::spanned::Node>,
    variants: Option<&'n crate::spanned::Node>,
}

/// Checks the facts and variants of a page of `collection` against its
/// schema; outside a collection, either table is an error.
fn read_fact_tables(
    reader: &mut Reader<'_>,
    collection: Option<&crate::config::Collection>,
    tables: FactTables<'_>,
    meta: Option<&PageMeta>,
) -> (Facts, FactCites, Vec<Variant>) {
    reader.set_code(Code::Facts);
    let Some(collection) = collection else {
        let help = "declare a collection for this section in site.toml, or remove [facts]";
        if let Some(node) = tables.facts {
            reader.error(node.span.start, "[facts] is only allowed in pages of a collection", Some(help.into()));
        }
        if let Some(node) = tables.variants {
            let help = "variants are kinds of an article of a collection: declare a collection for this section in site.toml, or remove [[variants]]";
            reader.error(node.span.start, "[[variants]] is only allowed in pages of a collection", Some(help.into()));
        }
        return (Facts::new(), FactCites::new(), Vec::new());
    };
    let reference_keys: Option<Vec<String>> = meta.map(|m| m.references.iter().map(|r| r.key.clone()).collect());
    let ctx = facts::FactsContext {
        collection,
        reference_keys: reference_keys.as_deref(),
        require: tables.variants.is_none(),
    };
    let (facts, cites) = facts::check_facts(reader, tables.facts, &ctx, 0);
    let page_facts = variants::PageFacts { node: tables.facts, facts: &facts, cites: &cites };
    let variants = tables.variants.map(|n| variants::check_variants(reader, n, &ctx, &page_facts)).unwrap_or_default();
    (facts, cites, variants)
}

/// The ```` ```compare ```` blocks of the body, read.
fn read_compare_requests(
    outline: &Outline,
    locator: SourceLocator<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<CompareRequest> {
    let mut requests = Vec::new();
    for block in &outline.compare_blocks {
        match compare_block::read_compare_block(block, locator) {
            Ok(request) => requests.push(request),
            Err(d) => diagnostics.extend(d),
        }
    }
    requests
}

/// A fix for the common syntax errors the parsers report.
fn syntax_help(message: &str, format: front_matter::Format) -> Option<String> {
    let m = message.to_lowercase();
    let help = if m.contains("tab") {
        "indent with spaces; YAML does not allow tabs for indentation"
    } else if m.contains("duplicate") || m.contains("twice") {
        "each key may appear only once; remove or rename the repeated key"
    } else if m.contains("date") || m.contains("day") || m.contains("month") {
        "write dates as YYYY-MM-DD, with a day that exists in that month"
    } else if m.contains("quote") || m.contains("literal") || m.contains("string") {
        match format {
            front_matter::Format::Toml => "text values go in double quotes: title = \"My title\"",
            front_matter::Format::Yaml => "put text containing : # [ ] { } in quotes",
        }
    } else if m.contains("unclosed") || m.contains("closing") || m.contains("expected") {
        "check the brackets and quotes on this line"
    } else {
        return None;
    };
    Some(help.to_string())
}

/// A hash of the source a parse is made from (path and text): equal for
/// two parses of the same text with the same configuration, which is what
/// the memos of later stages key on (configuration changes clear them).
pub(crate) fn source_hash(source: &SourceFile) -> u64 {
    source.content_hash()
}
