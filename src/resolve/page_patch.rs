//! A resolved site updated for an edit that changed nothing another page
//! reads of the edited one (a prose edit): the edited page takes its new
//! parse, its links keep their targets under their new offsets, and every
//! other page stays as resolved. Used by `serve`'s rebuilds; the pipeline's
//! verify mode compares the result with a full resolve and render.
//!
//! What other pages read of a page is everything its parse holds except
//! the places things were written and the body's plain text (which only
//! the page itself and the search show): [`outward_view`] keeps all the
//! rest, so a field added to the parse later counts as read by default.

use super::glossary::{GLOSSARY_SECTION, GlossaryMatcher};
use super::site_graph::{PageId, ResolvedLink, SiteGraph};
use crate::parse::ParsedPage;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Keys of the parse (at any depth) that say where something was written,
/// or hold text only the page itself and the search show.
const INWARD_KEYS: &[&str] = &["parse_id", "body_offset", "body_range", "content_offset", "at", "key_at", "sections"];

/// The parse without what only the page itself shows: equal for two
/// parses of a page when no other page can tell them apart. `None` when
/// the parse cannot be viewed so (then nothing is patched).
fn outward_view(page: &ParsedPage) -> Option<serde_json::Value> {
    let mut value = serde_json::to_value(page).ok()?;
    strip_inward(&mut value);
    Some(value)
}

fn strip_inward(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|key, _| !INWARD_KEYS.contains(&key.as_str()) && !key.ends_with("_at"));
            map.values_mut().for_each(strip_inward);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_inward),
        _ => {}
    }
}

/// Gives page `id` of `graph` the parse `parsed`, when other pages cannot
/// tell it from the one it replaces: same outward view, an article (not a
/// section, a glossary term or a draft: those show their body or their
/// state elsewhere), the same glossary terms mentioned, no compare block,
/// and no link to a site path from or to it (those are checked against the
/// output). False, with `graph` unchanged, when it cannot.
pub(crate) fn patch_page(graph: &mut SiteGraph, id: PageId, parsed: Arc<ParsedPage>) -> bool {
    let Some(old) = graph.pages.get(id.0) else { return false };
    let same_kind = old.parsed.rel_path == parsed.rel_path
        && !parsed.is_section
        && parsed.folder() != GLOSSARY_SECTION
        && !parsed.meta.draft
        && parsed.outline.compare_blocks.is_empty()
        && old.parsed.outline.compare_blocks.is_empty();
    if !same_kind {
        return false;
    }
    match (outward_view(&old.parsed), outward_view(&parsed)) {
        (Some(before), Some(after)) if before == after => {}
        _ => return false,
    }
    let url = old.url.trim_end_matches('/');
    let site_path_link = graph
        .deferred_links
        .iter()
        .any(|l| l.rel_path == parsed.rel_path || l.path.trim_end_matches('/').trim_end_matches("index.html") == url);
    if site_path_link {
        return false;
    }
    let Some(links) = moved_links(&old.links, &old.parsed, &parsed) else { return false };
    let mentions = match GlossaryMatcher::new(&graph.pages, &graph.glossary_terms) {
        Some(matcher) => {
            let mut page = old.clone();
            page.parsed = parsed.clone();
            matcher.mentions(id, &page)
        }
        None => BTreeMap::new(),
    };
    let terms = |m: &BTreeMap<usize, Vec<super::GlossaryMention>>| {
        let mut terms: Vec<PageId> = m.values().flatten().map(|m| m.term).collect();
        terms.sort();
        terms.dedup();
        terms
    };
    // Term pages list the pages that mention them.
    if terms(&mentions) != terms(&old.glossary_mentions) {
        return false;
    }
    let page = &mut graph.pages[id.0];
    page.parsed = parsed;
    page.links = Arc::new(links);
    page.glossary_mentions = mentions;
    true
}

/// The resolved links of `old`, each under the offset its link has in
/// `new` (the outward views are equal, so the links are the same ones in
/// the same order). `None` when the links are not one per written link.
fn moved_links(
    links: &BTreeMap<usize, ResolvedLink>,
    old: &ParsedPage,
    new: &ParsedPage,
) -> Option<BTreeMap<usize, ResolvedLink>> {
    let (old_links, new_links) = (&old.outline.links, &new.outline.links);
    if links.len() != old_links.len() || old_links.len() != new_links.len() {
        return None;
    }
    let mut moved = BTreeMap::new();
    for (before, after) in old_links.iter().zip(new_links) {
        let resolved = links.get(&before.body_offset)?;
        moved.insert(after.body_offset, resolved.clone());
    }
    (moved.len() == links.len()).then_some(moved)
}
