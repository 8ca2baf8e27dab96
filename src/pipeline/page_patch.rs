//! `serve`'s shortcut for an edit of an article's prose: when the sources
//! that changed since the last successful build are articles whose edit
//! other pages cannot see (`resolve::patch_page` says which), the last
//! build's site is taken as it was, with those pages given their new parse
//! and rendered again, instead of resolving and rendering 10,000 pages to
//! find that nothing else changed. Everything else (configuration,
//! templates, the day, assets, drafts, the other sources) must be exactly
//! as the last build had it. In verify mode the pipeline builds the full
//! way too and [`assert_same_site`] fails on any difference.

use super::build_parts::{Rendered, Timer};
use super::build_rules::promote_warnings;
use crate::config::CheckSettings;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::drafts::DraftReview;
use crate::load::{Asset, SourceFile};
use crate::parse::ParsedPage;
use crate::render::{OutputContent, OutputFile, Templates, render_pages_again};
use crate::resolve::{LeftOutSources, PageId, SiteGraph, patch_page};
use std::collections::BTreeSet;
use std::sync::Arc;

/// At most this many changed sources are patched; more go the full way.
const MOST_PATCHED: usize = 8;

/// What a build's result depends on besides the sources: equal for two
/// builds, and with the same sources, they build the same site.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct BuildInputs {
    /// Hashes of site.toml and of the templates.
    pub(super) stamp: (u64, u64),
    /// The day (reviews fall due).
    pub(super) today: chrono::NaiveDate,
    /// Sources that failed to parse, drafts left out.
    pub(super) left_out: (Vec<String>, Vec<String>),
    /// The assets, by path and source, with the size and time of the
    /// source (checks of links into a static HTML file read its ids).
    pub(super) assets: Vec<(String, std::path::PathBuf, Option<SizeAndTime>)>,
    /// What loading the sources and the theme reported.
    pub(super) load_messages: Vec<Diagnostic>,
}

impl BuildInputs {
    pub(super) fn new(
        stamp: (u64, u64),
        today: chrono::NaiveDate,
        (left_out, assets): (&LeftOutSources, &[Asset]),
        load_messages: Vec<Diagnostic>,
    ) -> BuildInputs {
        BuildInputs {
            stamp,
            today,
            load_messages,
            left_out: (left_out.failed.clone(), left_out.drafts.clone()),
            assets: assets.iter().map(|a| (a.rel_path.clone(), a.source.clone(), size_and_time(&a.source))).collect(),
        }
    }
}

/// A file's size and modification time.
type SizeAndTime = (u64, std::time::SystemTime);

/// The size and modification time of a file (`None` when it cannot be
/// looked at).
fn size_and_time(path: &std::path::Path) -> Option<SizeAndTime> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// What a successful build of a caching session keeps for the next one.
pub(super) struct LastBuild {
    pub(super) inputs: BuildInputs,
    pub(super) graph: Arc<SiteGraph>,
    /// Every output file, sorted by path.
    pub(super) files: Vec<OutputFile>,
    /// The build's messages in their final form.
    pub(super) warnings: Diagnostics,
    /// Every source, in the order the loader gave them.
    pub(super) sources: Vec<Arc<SourceFile>>,
    /// Each source's parse messages, in the same order.
    pub(super) parse_messages: Vec<Arc<[Diagnostic]>>,
    /// The drafts and the problems noted for their banners.
    pub(super) review: DraftReview,
}

/// This build so far: its inputs (made by caching sessions only), sources
/// and parses.
pub(super) struct ThisBuild<'a> {
    pub(super) inputs: Option<BuildInputs>,
    pub(super) sources: &'a [Arc<SourceFile>],
    /// Each source's parse messages, in the order of `sources`.
    pub(super) parse_messages: &'a [Arc<[Diagnostic]>],
    /// The pages parsed (sources left out have none).
    pub(super) pages: &'a [Arc<ParsedPage>],
    pub(super) templates: Option<&'a Arc<Templates>>,
    pub(super) checks: &'a CheckSettings,
}

/// One source that changed: where it is in the sources, its new page, and
/// the line its body starts on.
struct Changed {
    source: usize,
    page: Arc<ParsedPage>,
    id: PageId,
    body_line: usize,
}

/// The last build's site with the changed pages patched in, or `None`
/// when the edit is not one that only its pages show.
pub(super) fn patch_site(last: LastBuild, now: &ThisBuild<'_>, timer: &mut Timer) -> Option<Rendered> {
    let templates = now.templates?;
    if now.inputs.as_ref() != Some(&last.inputs) {
        return None;
    }
    let changed = changed_pages(&last, now)?;
    let warnings = patched_warnings(&last, now, &changed)?;
    let mut graph = Arc::unwrap_or_clone(last.graph);
    for c in &changed {
        if !patch_page(&mut graph, c.id, c.page.clone()) {
            return None;
        }
    }
    timer.lap("resolve");
    let mut review = last.review;
    let paths: BTreeSet<String> = changed.iter().map(|c| c.page.rel_path.clone()).collect();
    let (again, errors) = render_pages_again(&graph, templates, &review.notes(), &paths);
    if !errors.is_empty() || again.len() != paths.len() {
        return None;
    }
    let mut files = last.files;
    for file in again {
        let at = files.binary_search_by(|f| f.path.as_str().cmp(&file.path)).ok()?;
        files[at] = file;
    }
    let diagnostics = Diagnostics::from(review.review(warnings, now.checks));
    let pages_rendered = paths.len();
    timer.lap("render");
    Some(Rendered {
        graph: Arc::new(graph),
        files,
        templates: Some(templates.clone()),
        diagnostics,
        orphans: Vec::new(),
        review,
        pages_rendered,
        patched: true,
    })
}

/// The sources that differ from the last build's, each with its page:
/// `None` unless the sources are the same files, at most
/// [`MOST_PATCHED`] of them changed, and each changed one has a page in
/// both builds whose front matter is the same text.
fn changed_pages(last: &LastBuild, now: &ThisBuild<'_>) -> Option<Vec<Changed>> {
    if last.sources.len() != now.sources.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (i, (before, after)) in last.sources.iter().zip(now.sources).enumerate() {
        if before.rel_path != after.rel_path {
            return None;
        }
        if Arc::ptr_eq(before, after) || (before.content_hash() == after.content_hash() && before.text == after.text) {
            continue;
        }
        if changed.len() == MOST_PATCHED {
            return None;
        }
        let page = now.pages.iter().find(|p| p.rel_path == after.rel_path)?.clone();
        let id = last.graph.pages.binary_search_by(|p| p.parsed.rel_path.cmp(&after.rel_path)).ok()?;
        let front = after.text.get(..page.body_offset)?;
        if before.text.get(..last.graph.pages[id].parsed.body_offset)? != front {
            return None;
        }
        let body_line = 1 + front.matches('\n').count();
        changed.push(Changed { source: i, page, id: PageId(id), body_line });
    }
    Some(changed)
}

/// The last build's messages with the changed pages' parse messages
/// replaced by their new ones; `None` when a changed page has any other
/// message located in its body (it would have moved) or a new error.
fn patched_warnings(last: &LastBuild, now: &ThisBuild<'_>, changed: &[Changed]) -> Option<Vec<Diagnostic>> {
    let mut review = last.review.clone();
    let final_form = |review: &mut DraftReview, d: &[Diagnostic]| {
        let reviewed = Diagnostics::from(review.review(d.iter().cloned(), now.checks));
        promote_warnings(reviewed, now.checks, review).into_vec()
    };
    let mut old_messages = Vec::new();
    let mut new_messages = Vec::new();
    for c in changed {
        old_messages.extend(final_form(&mut review, &last.parse_messages[c.source]));
        new_messages.extend(final_form(&mut review, &now.parse_messages[c.source]));
    }
    if new_messages.iter().any(|d| d.severity == crate::diagnostics::Severity::Error) {
        return None;
    }
    let mut warnings: Vec<Diagnostic> = Vec::new();
    for d in last.warnings.iter() {
        if let Some(c) = changed.iter().find(|c| c.page.rel_path == d.path) {
            if old_messages.contains(d) {
                continue;
            }
            if d.location.is_some_and(|at| at.line >= c.body_line) {
                return None;
            }
        }
        warnings.push(d.clone());
    }
    warnings.extend(new_messages);
    Some(warnings)
}

/// Verify mode: the patched site must be the one the full build made:
/// the same files with the same bytes, and the same messages (each given
/// in its final form).
pub(super) fn assert_same_site(
    (patched, patched_messages): (&Rendered, Diagnostics),
    (full, full_messages): (&Rendered, Diagnostics),
) {
    let paths = |r: &Rendered| r.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(patched), paths(full), "{}: a patched rebuild has other files than a full one", VERIFY);
    for (a, b) in patched.files.iter().zip(&full.files) {
        assert!(same_content(&a.content, &b.content), "{VERIFY}: a patched rebuild made {} otherwise", a.path);
    }
    assert_eq!(
        patched_messages.into_vec(),
        full_messages.into_vec(),
        "{VERIFY}: a patched rebuild has other messages than a full one"
    );
}

const VERIFY: &str = crate::memo::VERIFY_ENV;

fn same_content(a: &OutputContent, b: &OutputContent) -> bool {
    match (a.in_memory(), b.in_memory()) {
        (Some(x), Some(y)) => x == y,
        _ => match (a, b) {
            (OutputContent::Copy(x), OutputContent::Copy(y)) => x == y,
            (OutputContent::Previous(x), OutputContent::Previous(y)) => x == y,
            _ => false,
        },
    }
}
