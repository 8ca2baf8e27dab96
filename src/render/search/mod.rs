//! Site search: the search page (with an A–Z list of every page, for readers
//! without JavaScript) and a sharded index the page's script fetches a few
//! pieces of per query. See README.md "Search" for what readers get.

mod documents;
mod index_files;
mod inverted_index;
mod words;

use super::output::{Origin, OutputFile};
use super::render_cache::page_entry_key;
use super::seo_context::generated_seo;
use super::template_context::{AzEntry, AzLetter, AzNav, SearchTemplate, SiteContext};
use super::templates::Templates;
use crate::diagnostics::Diagnostic;
use crate::memo::Memo;
use crate::resolve::SiteGraph;
use documents::{COMPARE_KIND, SearchCorpus};
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The documents and the inverted index: what the search needs from the
/// graph alone, so it can be built while the pages render.
pub(crate) struct PreparedSearch<'g> {
    corpus: SearchCorpus<'g>,
    index: inverted_index::InvertedIndex,
}

pub(crate) use inverted_index::PageWords;

/// Counts the body words of the pages search will index (every page but the
/// home page), from the parse output alone: the pipeline does this while
/// resolve runs.
pub(crate) fn count_page_words(pages: &[std::sync::Arc<crate::parse::ParsedPage>]) -> PageWords {
    let texts: Vec<(usize, Vec<&str>)> = pages
        .iter()
        .filter(|p| !p.is_home())
        .map(|p| (page_key(p), p.outline.sections.iter().map(|s| s.text.as_str()).collect()))
        .collect();
    inverted_index::count_page_words(&texts)
}

/// Which parsed page a count belongs to: the page itself (the graph keeps
/// the parse output's pages as they are).
fn page_key(page: &std::sync::Arc<crate::parse::ParsedPage>) -> usize {
    std::sync::Arc::as_ptr(page) as usize
}

/// Collects the documents and builds their index, reading the bodies
/// `words` counted.
pub(crate) fn prepare_search<'g>(graph: &'g SiteGraph, words: Option<&PageWords>) -> PreparedSearch<'g> {
    let corpus = documents::collect(graph);
    let key_of = |d: &documents::SearchDoc<'_>| d.page.map(|id| page_key(&graph.pages[id].parsed));
    let index = inverted_index::build_with(
        &corpus.docs,
        words.map(|w| (w, &key_of as &(dyn Fn(&documents::SearchDoc<'_>) -> Option<usize> + Sync))),
    );
    PreparedSearch { corpus, index }
}

/// What search keeps between builds (`serve`): each page's document file,
/// keyed by the page's entry key, its kind and the base path. Its own
/// memo, apart from the render cache, because `serve` builds the search
/// after the rest of the site, on another thread (see
/// `pipeline::DeferredSearch`).
pub(crate) struct SearchCache {
    docs: Memo<String, Arc<str>>,
}

impl SearchCache {
    /// A cache that remembers when `enabled`, in verify mode when `verify`.
    pub(crate) fn with(enabled: bool, verify: bool) -> Self {
        SearchCache { docs: Memo::new("search document", enabled).verifying(verify) }
    }

    /// Forgets everything (templates or configuration changed).
    pub(crate) fn clear(&mut self) {
        self.docs.clear();
    }

    /// Verify mode: entries whose key was equal but whose value was not.
    pub(crate) fn take_mismatches(&mut self) -> Vec<String> {
        self.docs.take_mismatches()
    }
}

impl Default for SearchCache {
    fn default() -> Self {
        SearchCache::with(false, false)
    }
}

/// [`prepare_search`] without counted words, given up (`None`) soon after
/// `stop` is set (a search made after the rest of the site, which a newer
/// build makes unneeded).
pub(crate) fn prepare_search_until<'g>(
    graph: &'g SiteGraph,
    stop: &std::sync::atomic::AtomicBool,
) -> Option<PreparedSearch<'g>> {
    let corpus = documents::collect(graph);
    let index = inverted_index::build_until(&corpus.docs, None, stop)?;
    Some(PreparedSearch { corpus, index })
}

/// Each document's file: reused from the last build when its page's key
/// is the same, the others serialised in parallel.
fn document_files(graph: &SiteGraph, cache: &mut SearchCache, docs: &[documents::SearchDoc<'_>]) -> Vec<String> {
    let base = graph.config.base_path();
    let keys: Vec<Option<u64>> = docs
        .par_iter()
        .map(|doc| {
            doc.page.map(|id| {
                let mut key = std::hash::DefaultHasher::new();
                (page_entry_key(graph, &graph.pages[id]), doc.kind, base).hash(&mut key);
                key.finish()
            })
        })
        .collect();
    let reused: Vec<Option<Arc<str>>> = docs
        .iter()
        .zip(&keys)
        .map(|(doc, key)| match (doc.page, key) {
            (Some(id), Some(key)) => cache.docs.lookup(&graph.pages[id].parsed.rel_path, *key).cloned(),
            _ => None,
        })
        .collect();
    let doc_files: Vec<String> = docs
        .par_iter()
        .zip(reused.par_iter())
        .map(|(doc, reused)| match reused {
            Some(text) => text.to_string(),
            None => index_files::doc_json(doc, base),
        })
        .collect();
    for ((doc, key), (reused, json)) in docs.iter().zip(&keys).zip(reused.into_iter().zip(&doc_files)) {
        if let (Some(id), Some(key)) = (doc.page, key) {
            let text = reused.unwrap_or_else(|| json.as_str().into());
            cache.docs.record(graph.pages[id].parsed.rel_path.clone(), *key, text);
        }
    }
    cache.docs.finish();
    doc_files
}

/// The search page and every index file.
pub(crate) fn render_search(
    graph: &SiteGraph,
    templates: &Templates,
    site: &SiteContext,
    cache: &mut SearchCache,
    prepared: PreparedSearch<'_>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let base = graph.config.base_path();
    let PreparedSearch { corpus, index } = prepared;
    let doc_files = document_files(graph, cache, &corpus.docs);
    let synonyms = synonyms(graph, &corpus);
    let index_files::IndexFiles { mut files, manifest } =
        index_files::index_files(&corpus, &index, doc_files, &synonyms);
    let letters = a_to_z(&corpus, base);
    let entries: usize = letters.iter().map(|l| l.entries.len()).sum();
    // A large site lists each letter on its own page (a phone should not
    // fetch 10,000 links to search); a small one lists them all here.
    let split = entries > A_TO_Z_ON_ONE_PAGE;
    let nav: Vec<AzNav> = letters
        .iter()
        .map(|l| AzNav {
            letter: l.letter.clone(),
            href: if split { format!("{base}/search/{}/", l.id) } else { format!("#{}", l.id) },
        })
        .collect();
    let manifest = script_safe_json(&manifest);
    let page = |path: &str, title: &str, shown: Vec<AzLetter>| {
        let seo = generated_seo(graph, site, ("WebPage", title, None), path);
        let context = SearchTemplate {
            site,
            seo,
            manifest: manifest.clone(),
            index_base: format!("{base}/search/"),
            script: format!("{base}/search.js"),
            stemmer_script: format!("{base}/search-stemmer.js"),
            nav: nav.clone(),
            letters: shown,
            a_to_z_pages: split,
        };
        templates.render("search.html", &context)
    };
    if split {
        for letter in letters {
            let id = letter.id.clone();
            let title = format!("Pages A–Z: {}", letter.letter);
            let html = page(&format!("/search/{id}/"), &title, vec![letter])?;
            files.push(OutputFile::bytes(
                format!("search/{id}/index.html"),
                html,
                Origin::generated("the generated A–Z list"),
            ));
        }
        let html = page("/search/", "Search", Vec::new())?;
        files.push(OutputFile::bytes("search/index.html", html, Origin::generated("the generated search page")));
    } else {
        let html = page("/search/", "Search", letters)?;
        files.push(OutputFile::bytes("search/index.html", html, Origin::generated("the generated search page")));
    }
    Ok(files)
}

/// Entries the search page lists itself; above this, one page per letter.
const A_TO_Z_ON_ONE_PAGE: usize = 400;

/// `[search.synonyms]`, then each other name of a page → its title.
fn synonyms(graph: &SiteGraph, corpus: &SearchCorpus<'_>) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> =
        graph.config.search.synonyms.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (name, title) in &corpus.name_synonyms {
        if !graph.config.search.synonyms.contains_key(name) {
            out.push((name.clone(), vec![title.clone()]));
        }
    }
    out
}

/// JSON that cannot end a `<script>` element early.
fn script_safe_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_default().replace('<', "\\u003c")
}

/// Every document but the A-vs-B pages, by title, under its first letter.
fn a_to_z(corpus: &SearchCorpus<'_>, base: &str) -> Vec<AzLetter> {
    let mut entries: Vec<(String, AzEntry)> = corpus
        .docs
        .iter()
        .filter(|d| !(corpus.kinds[d.kind].key == COMPARE_KIND && d.url.contains("-vs-")))
        .map(|d| {
            let entry = AzEntry {
                title: d.title.clone(),
                url: format!("{base}{}", d.url),
                label: corpus.kinds[d.kind].label.clone(),
            };
            (documents::sort_key(&d.title), entry)
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.url.cmp(&b.1.url)));
    let mut letters: Vec<AzLetter> = Vec::new();
    for (key, entry) in entries {
        let letter = match key.chars().next() {
            Some(c) if c.is_ascii_lowercase() => c.to_ascii_uppercase().to_string(),
            _ => "#".to_string(),
        };
        match letters.last_mut() {
            Some(last) if last.letter == letter => last.entries.push(entry),
            _ => letters.push(AzLetter {
                id: if letter == "#" { "a-z-other".into() } else { format!("a-z-{}", letter.to_lowercase()) },
                letter,
                entries: vec![entry],
            }),
        }
    }
    letters
}
