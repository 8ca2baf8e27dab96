//! The only place the stages are chained:
//! config → load → parse → resolve → render → (write).
//!
//! Rules owned here: every stage runs and collects what it finds; render runs
//! only when nothing failed before it; write runs only when everything
//! succeeded. A failed build never touches the output folder.

// What clients (`commands`, `serve`) need of the stages, so that they name
// only the pipeline (tests/integration/architecture.rs checks it).
#[cfg(feature = "serve")]
pub(crate) use crate::load::is_editor_dropping;
pub use crate::render::{OutputContent, OutputFile, PreviousFile};
pub(crate) use crate::write::StopRequest;

use crate::config::{EditorUrl, SiteConfig, load_site_config_hashed};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::drafts::{DraftNotes, DraftReview};
use crate::load::{
    Asset, SourceCache, SourceFile, attach_source_lines, check_theme, load_sources, load_sources_cached, load_theme,
};
use crate::memo::Memo;
use crate::parse::{ParsedPage, parse_page};
use crate::progress::{ProgressSink, Stage, StageCounter};
use crate::render::{
    LinkScope, PageWords, RenderCache, RenderInputs, SearchCache, Templates, check_deferred_links, count_page_words,
    find_collisions, find_reserved, may_clash_with_search, render_pages_again, render_site,
};
use crate::resolve::{LeftOutSources, ResolveMemo, Resolved, SiteGraph, build_site_graph};
use crate::site_overview::{LeftOutDraft, SiteOverview};
use crate::write::{ReadBack, check_output_dir, previous_bytes, write_site_until};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

mod build_cache;
mod build_parts;
mod build_rules;
mod deferred_search;
mod page_patch;
mod previous_pages;
use build_cache::{CacheStamp, ParseResult, ParseStore};
use build_parts::{Rendered, Timer};
use build_rules::{fail_on_stale, promote_warnings};
pub use deferred_search::{DeferredSearch, SearchPart};
use page_patch::{BuildInputs, LastBuild, ThisBuild};
use previous_pages::PendingPages;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Include pages with `draft = true`.
    pub drafts: bool,
    /// Who hears how far the build has got (nobody by default).
    pub progress: ProgressSink,
    /// Use and update the persistent build cache in `<root>/.dermis-cache/`
    /// (`build` and `check` unless `--no-cache`; off by default). Without
    /// it the build reads and writes nothing there.
    pub cache: bool,
}

impl BuildOptions {
    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A finished build.
#[derive(Debug)]
pub struct BuiltSite {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Warnings (no errors).
    pub warnings: Diagnostics,
    /// Counts for the summary line.
    pub stats: BuildStats,
    /// The drafts of the build (only with `--drafts`) and their problems.
    pub drafts: DraftNotes,
    /// The site search, still to be made, when the session defers it
    /// ([`BuildSession::defer_search`]): `files` has none of it until then.
    pub deferred_search: Option<DeferredSearch>,
    /// What to tell about the build cache: why it was not used, or could
    /// not be written (nothing when it was used, or not asked for).
    pub cache_notes: Vec<String>,
}

/// Counts and timings.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    /// Article pages.
    pub pages: usize,
    /// Section pages.
    pub sections: usize,
    /// Taxonomy terms.
    pub terms: usize,
    /// Pages of content (articles and sections) rendered by this build; the
    /// others were reused from the build before (`serve`'s memo, or the
    /// previous output of `build` with the persistent cache).
    pub pages_rendered: usize,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// Content sources (Markdown files) of the build.
    pub sources: usize,
    /// Sources this build parsed; the others were taken from a cache
    /// (`serve`'s, or the persistent build cache).
    pub sources_parsed: usize,
    /// Pages of content (articles and sections) of the build, rendered or
    /// reused.
    pub content_pages: usize,
    /// The build took the last one's site and patched the changed pages
    /// in, instead of resolving and rendering the whole site (`serve`,
    /// after an edit of articles' prose only; see `pipeline/page_patch.rs`).
    pub patched: bool,
}

impl BuildStats {
    fn of(graph: &SiteGraph, pages_rendered: usize, timings: Vec<(&'static str, Duration)>) -> Self {
        BuildStats {
            pages: graph.articles().count(),
            sections: graph.sections().count(),
            terms: graph.taxonomies.iter().map(|t| t.terms.len()).sum(),
            pages_rendered,
            timings,
            sources: 0,
            sources_parsed: 0,
            content_pages: graph.pages.len(),
            patched: false,
        }
    }
}

/// Why a build failed; the exit code follows from it.
#[derive(Debug)]
pub enum BuildFailure {
    /// site.toml is missing or invalid (exit 2).
    Config(Diagnostics),
    /// The site has errors (exit 1). Warnings are included.
    Site(Diagnostics),
}

/// Builds in memory: everything `build` checks, writing nothing (`check`).
/// With `options.cache` it reads the persistent build cache, and never
/// writes it (`check` writes nothing).
pub fn build_in_memory(options: &BuildOptions) -> Result<BuiltSite, BuildFailure> {
    BuildSession::with_build_cache(options.clone()).build()
}

/// Successive builds of one site. Without caching (`new`) every build starts
/// from scratch; with caching (`with_cache`, for `serve`) unchanged files are
/// not read or parsed again and unchanged pages are not rendered again. The
/// caches key on content (file size and time, text hashes, rendered inputs),
/// never on which files the watcher reported, so a missed event cannot leave
/// stale output, and the result equals a fresh build.
pub struct BuildSession {
    options: BuildOptions,
    sources: SourceCache,
    parsed: Memo<String, ParseResult>,
    render: RenderCache,
    /// What search keeps between builds; shared with a [`DeferredSearch`].
    search: Arc<Mutex<SearchCache>>,
    /// Build the search after the rest of the site (`serve`).
    defer_search: bool,
    related: ResolveMemo,
    /// Hashes of site.toml and of the templates at the last build.
    stamp: Option<(u64, u64)>,
    caching: bool,
    /// The editor URL of the last configuration that loaded.
    editor_url: Option<EditorUrl>,
    /// Drafts the last build left out (without `drafts`).
    left_out_drafts: Vec<LeftOutDraft>,
    /// The pages of the last build that got as far as resolve (caching sessions only).
    overview: Option<Arc<SiteOverview>>,
    /// The body words search counted beside resolve, for this build's
    /// render only (set after resolve, dropped with the build).
    page_words: Option<PageWords>,
    /// The persistent build cache's folder, when the options ask for it.
    cache_dir: Option<PathBuf>,
    /// The persistent parse cache, once opened (first build of the session).
    store: Option<ParseStore>,
    /// Why the persistent cache was not used, for the build that opened it.
    cache_note: Option<String>,
    /// Sources the last build parsed (the others were reused).
    sources_parsed: usize,
    /// The render stamp of the last build with the persistent cache (0
    /// without one): what the manifest of its output records.
    render_stamp: u64,
    /// How pages of the previous output are taken: left where they are,
    /// or read (in verify mode, so each can be compared with the page
    /// rendered again).
    read_back: ReadBack,
    /// The paths a file watcher reported since the last build
    /// ([`BuildSession::changed_paths`]); `None`: look at every file.
    changes: Option<Vec<PathBuf>>,
    /// The last successful build, for the next one to patch when only
    /// articles' prose changed (caching sessions only).
    last: Option<LastBuild>,
}

impl BuildSession {
    /// A session that builds from scratch every time.
    pub fn new(options: BuildOptions) -> Self {
        BuildSession {
            options,
            sources: SourceCache::default(),
            parsed: Memo::new("parse", false),
            render: RenderCache::default(),
            search: Arc::new(Mutex::new(SearchCache::default())),
            defer_search: false,
            related: ResolveMemo::default(),
            stamp: None,
            caching: false,
            editor_url: None,
            left_out_drafts: Vec::new(),
            overview: None,
            page_words: None,
            cache_dir: None,
            store: None,
            cache_note: None,
            sources_parsed: 0,
            render_stamp: 0,
            read_back: ReadBack::Place,
            changes: None,
            last: None,
        }
    }

    /// A session that keeps every parse in the persistent build cache
    /// (`.dermis-cache/` of the site, see `pipeline/build_cache.rs`) when
    /// `options.cache` asks for it: the next process parses only what
    /// changed. In verify mode every hit is parsed again and compared.
    pub fn with_build_cache(options: BuildOptions) -> Self {
        BuildSession::with_build_cache_verifying(options, crate::memo::verify_requested())
    }

    /// [`BuildSession::with_build_cache`], in verify mode when `verify`:
    /// every source is parsed again and compared with what the cache held
    /// (a difference panics, naming the source).
    pub fn with_build_cache_verifying(options: BuildOptions, verify: bool) -> Self {
        let mut session = BuildSession::new(options);
        if session.options.cache {
            session.parsed = Memo::new("parse", true).verifying(verify);
            session.render = RenderCache::for_build(verify);
            session.cache_dir = Some(session.options.root.join(CACHE_DIR));
            session.read_back = if verify { ReadBack::Bytes } else { ReadBack::Place };
        }
        session
    }

    /// Writes the persistent cache for the next process (a no-op without
    /// one). A cache that cannot be written is a note, never a failure.
    pub fn save_build_cache(&self) -> Option<String> {
        let store = self.store.as_ref()?;
        store.save(&self.parsed).err().map(|e| format!("the build cache could not be written: {e}"))
    }

    /// A session that reuses what did not change (the dev server).
    pub fn with_cache(options: BuildOptions) -> Self {
        BuildSession::with_cache_verifying(options, crate::memo::verify_requested())
    }

    /// A caching session in verify mode when `verify` (what
    /// `DERMIS_VERIFY_CACHE=1` turns on): every memo hit is made again and
    /// compared, and a difference panics naming the entry (see [`crate::memo`]).
    pub fn with_cache_verifying(options: BuildOptions, verify: bool) -> Self {
        BuildSession {
            caching: true,
            parsed: Memo::new("parse", true).verifying(verify),
            render: RenderCache::with(true, verify),
            search: Arc::new(Mutex::new(SearchCache::with(true, verify))),
            related: ResolveMemo::new(true, verify),
            ..BuildSession::new(options)
        }
    }

    /// Leaves the site search out of each build's files, to be made
    /// afterwards by the build's [`DeferredSearch`]: the rest of the site is
    /// ready without waiting for the index (at 10,000 articles about half
    /// of a rebuild in `serve`). The search part, once made, is what a build
    /// without deferral would have written.
    pub fn defer_search(mut self) -> Self {
        self.defer_search = true;
        self
    }

    /// Tells the next build which paths changed since the last one read
    /// the site's files (a file watcher's report, which must name every
    /// change made since that build began): it looks only at those files
    /// instead of walking and checking every file of the site. A build
    /// that is not told looks at every file; a caching session only.
    pub fn changed_paths(&mut self, paths: &[PathBuf]) {
        if !self.caching {
            return;
        }
        // Paths told to a build that failed before it loaded anything
        // (a broken site.toml) are still to be looked at.
        match &mut self.changes {
            Some(pending) => pending.extend_from_slice(paths),
            None => self.changes = Some(paths.to_vec()),
        }
    }

    /// The options.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The editor URL pattern of the last build whose configuration loaded
    /// (for the overlay's links; kept while site.toml is broken).
    pub fn editor_url(&self) -> Option<&EditorUrl> {
        self.editor_url.as_ref()
    }

    /// What the last build found out about the pages (drafts, orphans,
    /// review dates), for `serve`'s dashboard. Only a caching session keeps
    /// it, and only when the last build got as far as resolve; `None`
    /// after a configuration error.
    pub fn overview(&self) -> Option<Arc<SiteOverview>> {
        self.overview.clone()
    }

    /// Builds the site in memory.
    pub fn build(&mut self) -> Result<BuiltSite, BuildFailure> {
        let never = AtomicBool::new(false);
        match self.build_unless(&never)? {
            Some(built) => Ok(built),
            None => unreachable!("a build is given up only when `newer` is set"),
        }
    }

    /// [`BuildSession::build`], given up between two stages once `newer`
    /// is set (`serve`: a file changed since the build began, so it is out
    /// of date before it is done, and the next build starts sooner). `None`
    /// when given up. What the memos kept is keyed by content, so a build
    /// given up leaves nothing stale behind.
    pub fn build_unless(&mut self, newer: &AtomicBool) -> Result<Option<BuiltSite>, BuildFailure> {
        let superseded = || newer.load(Ordering::SeqCst);
        let mut timer = Timer { last: Some(Instant::now()), laps: Vec::new() };
        let progress = self.options.progress.clone();
        let previous_overview = self.overview.take();
        let (config, config_hash) = load_config(&self.options)?;
        self.editor_url.clone_from(&config.editor_url);
        let today = crate::review_schedule::today().map_err(|d| BuildFailure::Config(Diagnostics::from(vec![d])))?;
        timer.lap("config");
        progress.start(Stage::Load, 0);
        let first_build = self.store.is_none();
        let (loaded, diagnostics, templates) = self.load_stage(&config, config_hash);
        let previous_pages = self.read_previous_pages(config_hash, templates.as_ref().ok(), first_build);
        timer.lap("load");
        if superseded() {
            return Ok(None);
        }
        self.stamp_inputs(config_hash, templates.as_ref().map_or(0, Templates::fingerprint));
        let checks = config.checks.clone();
        // What a later build must find the same to patch this one (caching sessions only).
        let load_messages = self.caching.then(|| diagnostics.clone().into_vec());
        let parse_counter = progress.start(Stage::Parse, loaded.sources.len());
        let parsed = self.parse_all(&loaded.sources, &config, &parse_counter);
        let (pages, mut left_out, review) = (parsed.pages, parsed.left_out, DraftReview::new(parsed.drafts));
        left_out.failed.extend(loaded.unreadable.iter().cloned());
        timer.lap("parse");
        if superseded() {
            return Ok(None);
        }
        let stamp = self.stamp.unwrap_or_default();
        let inputs = load_messages.map(|m| BuildInputs::new(stamp, today, (&left_out, &loaded.assets), m));
        let templates = templates.map(Arc::new);
        let this = ThisBuild {
            inputs,
            sources: &loaded.sources,
            parse_messages: &parsed.parse_messages,
            pages: &pages,
            templates: templates.as_ref().ok(),
            checks: &checks,
        };
        let patched = self.patch_last(&this, config.search.enabled, &mut timer);
        let inputs = this.inputs;
        let after_parse = AfterParse {
            config,
            pages,
            left_out,
            review,
            assets: loaded.assets,
            templates,
            diagnostics,
            reported: parsed.reported,
            today,
            previous_pages,
            previous_overview,
        };
        let Some(rendered) = self.patched_or_full(patched, after_parse, &mut timer, (&superseded, &loaded.sources))
        else {
            return Ok(None);
        };
        let kept = (inputs, parsed.parse_messages);
        self.finish_build(rendered, &loaded.sources, timer, kept).map(Some)
    }

    /// The last build with this one's changed pages patched in, when only
    /// their prose changed (`pipeline/page_patch.rs`).
    fn patch_last(&mut self, this: &ThisBuild<'_>, search: bool, timer: &mut Timer) -> Option<Rendered> {
        // The search reads every page's body: only one made afterwards is left alone.
        let last = self.last.take().filter(|_| self.defer_search || !search)?;
        page_patch::patch_site(last, this, timer)
    }

    /// The patched site, or (when there is none, or in verify mode, which
    /// compares the two) the site resolved and rendered the full way;
    /// `None` when given up.
    fn patched_or_full(
        &mut self,
        patched: Option<Rendered>,
        after_parse: AfterParse,
        timer: &mut Timer,
        (superseded, sources): (&dyn Fn() -> bool, &[Arc<SourceFile>]),
    ) -> Option<Rendered> {
        match patched {
            Some(patched) if !self.parsed.is_verifying() => {
                // What the dashboard shows of the pages is outward only.
                self.overview = after_parse.previous_overview;
                Some(patched)
            }
            patched => {
                let previous_overview = after_parse.previous_overview.clone();
                let mut full = self.resolve_and_render(after_parse, timer, superseded)?;
                if let Some(patched) = patched {
                    self.assert_same_site(&patched, &full, sources);
                    let same = previous_overview == self.overview;
                    assert!(same, "{}: a patched rebuild kept an overview that changed", crate::memo::VERIFY_ENV);
                    full.patched = true;
                }
                Some(full)
            }
        }
    }

    /// Resolves and renders the site the full way; `None` when given up
    /// between the stages.
    fn resolve_and_render(
        &mut self,
        after_parse: AfterParse,
        timer: &mut Timer,
        superseded: &dyn Fn() -> bool,
    ) -> Option<Rendered> {
        let AfterParse {
            config,
            pages,
            left_out,
            mut review,
            assets,
            templates,
            mut diagnostics,
            reported,
            today,
            previous_pages,
            previous_overview,
        } = after_parse;
        crate::drop_later::drop_later(previous_overview);
        diagnostics.extend(reported.iter().flat_map(|d| d.iter().cloned()));
        let checks = config.checks.clone();
        self.options.progress.start(Stage::Resolve, 0);
        let (resolved, page_words) = self.resolve_beside_search(config, pages, assets, &left_out);
        let graph = Arc::new(resolved.graph);
        self.keep_overview(&graph, today);
        diagnostics.extend(resolved.diagnostics);
        diagnostics.extend(crate::review_schedule::overdue_warnings(&graph, today));
        // A draft's content problems are warnings from here on, listed on its page.
        let mut diagnostics = Diagnostics::from(review.review(diagnostics, &checks));
        let orphans = review.review(resolved.orphans, &checks);
        timer.lap("resolve");
        if superseded() {
            return None;
        }
        self.page_words = page_words;
        previous_pages.seed(&mut self.render);
        let (files, templates) = self.render_stage(&graph, templates, &mut diagnostics, &mut review);
        self.page_words = None;
        timer.lap("render");
        if superseded() {
            return None;
        }
        let pages_rendered = self.render.pages_rendered();
        Some(Rendered { graph, files, templates, diagnostics, orphans, review, pages_rendered, patched: false })
    }

    /// Verify mode: a patched rebuild must equal the full one.
    fn assert_same_site(&self, patched: &Rendered, full: &Rendered, sources: &[Arc<SourceFile>]) {
        let patched_messages = self.final_messages(&mut patched.clone_messages(), sources);
        let full_messages = self.final_messages(&mut full.clone_messages(), sources);
        page_patch::assert_same_site((patched, patched_messages), (full, full_messages));
    }

    /// The build's messages in their final form: orphans when nothing
    /// failed, warnings the site makes errors promoted, sorted, with their
    /// source lines.
    fn final_messages(&self, rendered: &mut Rendered, sources: &[Arc<SourceFile>]) -> Diagnostics {
        let checks = &rendered.graph.config.checks;
        let mut diagnostics = std::mem::take(&mut rendered.diagnostics);
        if !diagnostics.has_errors() {
            diagnostics.extend(rendered.orphans.iter().cloned());
        }
        let mut diagnostics = promote_warnings(diagnostics, checks, &rendered.review).sorted();
        attach_source_lines(&mut diagnostics, sources, &self.options.root);
        diagnostics
    }

    /// After render: the build's messages in their final form, and the
    /// search still to make when the session defers it.
    fn finish_build(
        &mut self,
        rendered: Rendered,
        sources: &[Arc<SourceFile>],
        timer: Timer,
        (inputs, parse_messages): (Option<BuildInputs>, Vec<Arc<[Diagnostic]>>),
    ) -> Result<BuiltSite, BuildFailure> {
        self.fail_on_stale_memos();
        let mut rendered = rendered;
        let diagnostics = self.final_messages(&mut rendered, sources);
        let Rendered { graph, files, templates, review, pages_rendered, patched, .. } = rendered;
        if diagnostics.has_errors() {
            return Err(BuildFailure::Site(diagnostics));
        }
        let deferred_search =
            templates.filter(|_| self.defer_search && graph.config.search.enabled).map(|templates| DeferredSearch {
                claims: files.iter().filter(|f| may_clash_with_search(&f.path)).cloned().collect(),
                graph: graph.clone(),
                templates,
                cache: self.search.clone(),
                review: review.clone(),
                sources: sources.to_vec(),
                root: self.options.root.clone(),
            });
        let mut stats = BuildStats::of(&graph, pages_rendered, timer.laps);
        stats.sources = sources.len();
        stats.sources_parsed = self.sources_parsed;
        stats.patched = patched;
        let cache_notes = self.cache_note.take().into_iter().collect();
        if let Some(inputs) = inputs {
            // What the next build may patch (`pipeline/page_patch.rs`).
            let last = LastBuild {
                inputs,
                graph,
                files: files.clone(),
                warnings: diagnostics.clone(),
                sources: sources.to_vec(),
                parse_messages,
                review: review.clone(),
            };
            crate::drop_later::drop_later(self.last.replace(last));
        } else {
            // Freeing the graph is left to another thread (a deferred search may hold it still).
            crate::drop_later::drop_later(graph);
        }
        Ok(BuiltSite { files, warnings: diagnostics, stats, drafts: review.notes(), deferred_search, cache_notes })
    }

    /// Reads the sources (only the reported ones when the session was told
    /// what changed) and, on the first build of a session that keeps the
    /// persistent cache, that cache beside them; then the theme.
    fn load_stage(&mut self, config: &SiteConfig, config_hash: u64) -> LoadedStage {
        let (root, caching, sources) = (&self.options.root, self.caching, &mut self.sources);
        let cache_dir = self.cache_dir.as_deref().filter(|_| self.store.is_none());
        let changes = self.changes.take();
        let (loaded, opened) = rayon::join(
            || if caching { load_sources_cached(root, sources, changes.as_deref()) } else { load_sources(root) },
            || cache_dir.and_then(|dir| open_build_cache(dir, config_hash)),
        );
        if let Some((store, note)) = opened {
            self.store = Some(store);
            self.cache_note = note;
        }
        let (loaded, mut diagnostics) = loaded;
        // The theme's files are read here too: render reads no disk.
        let mut theme_warnings = Vec::new();
        let templates = load_theme(&self.options.root, config, &mut theme_warnings).and_then(Templates::compile);
        diagnostics.extend(theme_warnings);
        (loaded, diagnostics, templates)
    }

    /// On the first build of a session with the persistent cache, starts
    /// reading back the pages the last build wrote into the output folder
    /// (see `pipeline/previous_pages.rs`), for render to take those whose
    /// key is unchanged; nothing without templates.
    fn read_previous_pages(&mut self, config_hash: u64, templates: Option<&Templates>, first: bool) -> PendingPages {
        let (Some(dir), Some(templates)) = (self.cache_dir.as_deref(), templates) else {
            return PendingPages::none();
        };
        let Some(binary) = CacheStamp::of_this_binary(config_hash) else { return PendingPages::none() };
        let stamp = previous_pages::render_stamp(
            &binary,
            config_hash,
            templates.fingerprint(),
            &(&self.options.base_url, self.options.drafts),
        );
        self.render_stamp = stamp;
        // A later build of the session has the memo of the one before.
        match first {
            true => PendingPages::start(&self.options.output_dir(), dir, stamp, self.read_back),
            false => PendingPages::none(),
        }
    }

    /// What the manifest of the output of `built` records of its pages:
    /// the render stamp and every page's key (nothing without the
    /// persistent cache).
    fn render_keys(&self, built: &BuiltSite) -> crate::write::RenderKeys {
        match self.render_stamp {
            0 => crate::write::RenderKeys::default(),
            stamp => previous_pages::render_keys(&self.render, &built.files, stamp),
        }
    }

    /// A caching session keeps what the build found out about its pages,
    /// for the dashboard.
    fn keep_overview(&mut self, graph: &SiteGraph, today: chrono::NaiveDate) {
        if self.caching {
            let left_out = std::mem::take(&mut self.left_out_drafts);
            let root = self.options.root.clone();
            self.overview = Some(Arc::new(SiteOverview::from_graph(graph, today, root, left_out)));
        }
    }

    /// Everything parsed or rendered depends on the configuration and the
    /// templates: when either changes, the memos start again.
    fn stamp_inputs(&mut self, config_hash: u64, template_hash: u64) {
        if self.stamp != Some((config_hash, template_hash)) {
            self.parsed.clear();
            self.render.clear();
            self.search.lock().unwrap_or_else(PoisonError::into_inner).clear();
            self.stamp = Some((config_hash, template_hash));
        }
    }

    /// Renders the site when nothing before failed. When something did,
    /// the templates are still tried on the pages that resolved, so their
    /// errors come in the same run; nothing else render finds is trusted
    /// over a broken graph. Gives the templates back for a deferred search.
    fn render_stage(
        &mut self,
        graph: &SiteGraph,
        templates: Result<Arc<Templates>, Vec<Diagnostic>>,
        diagnostics: &mut Diagnostics,
        review: &mut DraftReview,
    ) -> (Vec<OutputFile>, Option<Arc<Templates>>) {
        let progress = self.options.progress.clone();
        let counter = &progress.start(Stage::Render, graph.pages.len());
        let templates = match templates {
            Ok(t) => t,
            Err(d) => {
                diagnostics.extend(d);
                return (Vec::new(), None);
            }
        };
        if !diagnostics.has_errors() {
            let (files, render_diagnostics) = self.render_checked(graph, &templates, review, counter);
            diagnostics.extend(render_diagnostics);
            return (files, Some(templates));
        }
        let notes = review.notes();
        // The search's cache, unless the search is made afterwards.
        let search = (!self.defer_search).then_some(&*self.search);
        let inputs = RenderInputs { drafts: &notes, page_words: self.page_words.as_ref(), search };
        let (_, render_diagnostics) = render_site(graph, &templates, &mut self.render, &inputs, counter);
        diagnostics.extend(render_diagnostics.into_iter().filter(|d| d.code == Code::Template));
        (Vec::new(), None)
    }

    /// Verify mode: a memo entry whose key was equal but whose value was
    /// not is a key that misses an input, a bug that would serve stale
    /// pages. It stops the build loudly (`serve` catches the panic and keeps
    /// the last good site).
    fn fail_on_stale_memos(&mut self) {
        let mut stale = self.parsed.take_mismatches();
        stale.extend(self.related.take_mismatches());
        stale.extend(self.render.take_mismatches());
        if !self.defer_search {
            stale.extend(self.search.lock().unwrap_or_else(PoisonError::into_inner).take_mismatches());
        }
        fail_on_stale(&stale);
    }

    /// Renders the site and checks the outputs (collisions, links to site
    /// paths). A draft whose links the output checks find broken is rendered
    /// again, so its banner lists them too.
    fn render_checked(
        &mut self,
        graph: &SiteGraph,
        templates: &Templates,
        review: &mut DraftReview,
        progress: &StageCounter<'_>,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let checks = &graph.config.checks;
        let notes = review.notes();
        // The search's cache, unless the search is made afterwards.
        let search = (!self.defer_search).then_some(&*self.search);
        let inputs = RenderInputs { drafts: &notes, page_words: self.page_words.as_ref(), search };
        let (mut files, render_diagnostics) = render_site(graph, templates, &mut self.render, &inputs, progress);
        let mut diagnostics = review.review(render_diagnostics, checks);
        diagnostics.extend(find_collisions(&files));
        diagnostics.extend(find_reserved(&files));
        // Without the search files, links into /search/ wait for them.
        let scope =
            if self.defer_search && graph.config.search.enabled { LinkScope::OutsideSearch } else { LinkScope::All };
        let deferred = review.review(check_deferred_links(graph, &files, scope, &previous_bytes), checks);
        let drafts = review.drafts_among(&deferred);
        diagnostics.extend(deferred);
        if !drafts.is_empty() {
            let (again, template_errors) = render_pages_again(graph, templates, &review.notes(), &drafts);
            diagnostics.extend(template_errors);
            for file in again {
                if let Some(slot) = files.iter_mut().find(|f| f.path == file.path) {
                    *slot = file;
                }
            }
        }
        (files, diagnostics)
    }

    /// Resolves the site while search counts the pages' body words: the
    /// counting needs only the parsed pages, and resolve leaves a core idle
    /// much of its time. (A deferred search counts them itself, later.)
    fn resolve_beside_search(
        &mut self,
        config: SiteConfig,
        pages: Vec<Arc<ParsedPage>>,
        assets: Vec<Asset>,
        left_out: &LeftOutSources,
    ) -> (Resolved, Option<PageWords>) {
        let count_words = config.search.enabled && !self.defer_search;
        let counted = if count_words { pages.clone() } else { Vec::new() };
        let related = &mut self.related;
        rayon::join(
            || build_site_graph(config, pages, assets, left_out, related),
            || (!counted.is_empty()).then(|| count_page_words(&counted)),
        )
    }

    /// Parses every source in parallel (reusing the result for a source the
    /// loader handed back unchanged). Drafts are left out unless the options
    /// include them.
    fn parse_all(
        &mut self,
        sources: &[Arc<SourceFile>],
        config: &SiteConfig,
        progress: &StageCounter<'_>,
    ) -> ParsedSources {
        let cache = &self.parsed;
        // The persistent cache, unless verify mode parses everything again.
        let store = self.store.as_ref().filter(|_| !cache.is_verifying());
        let results: Vec<(u64, ParseResult, bool)> = sources
            .par_iter()
            .map(|s| {
                // A parse is keyed by the source's path and text (the
                // configuration clears the memo when it changes).
                let key = crate::parse::source_hash(s);
                let kept = cache.lookup(&s.rel_path, key).cloned().or_else(|| store?.restore(s, key));
                let fresh = kept.is_none();
                let result = match kept {
                    Some(result) => result,
                    None => {
                        let (page, d) = parse_page(s, config);
                        // The lines its messages show, while the text is
                        // at hand (and kept with the parse, so a rebuild
                        // does not look them up again).
                        let mut d = Diagnostics::from(d);
                        d.attach_sources(|path| (path == s.rel_path).then_some(s.text.as_str()));
                        (page.map(Arc::new), Arc::from(d.into_vec()))
                    }
                };
                progress.tick();
                (key, result, fresh)
            })
            .collect();
        self.sources_parsed = results.iter().filter(|(_, _, fresh)| *fresh).count();
        let mut out = ParsedSources { pages: Vec::with_capacity(results.len()), ..ParsedSources::default() };
        self.left_out_drafts.clear();
        for (source, (key, (page, d), _)) in sources.iter().zip(results) {
            if self.parsed.is_verifying()
                && let Some(kept) = self.store.as_ref().and_then(|store| store.restore(source, key))
            {
                // Verify mode: what the persistent cache held is compared
                // with the parse made again.
                self.parsed.seed(source.rel_path.clone(), key, kept);
            }
            self.parsed.record(source.rel_path.clone(), key, (page.clone(), d.clone()));
            out.parse_messages.push(d.clone());
            match page {
                Some(page) if page.meta.draft && !self.options.drafts => {
                    // Drafts are left out, and so are their errors; links to them say so.
                    out.left_out.drafts.push(source.content_path().to_string());
                    let title = page.meta.title.clone();
                    self.left_out_drafts.push(LeftOutDraft { title, rel_path: source.rel_path.clone() });
                }
                Some(page) => {
                    if page.meta.draft {
                        out.drafts.push(page.rel_path.clone());
                    }
                    out.reported.push(d);
                    out.pages.push(page);
                }
                None => {
                    out.reported.push(Arc::from(crate::drafts::unreadable_draft(&source.text, d.to_vec())));
                    out.left_out.failed.push(source.content_path().to_string());
                }
            }
        }
        // Only what exists now: deleted files drop out of the memo.
        self.parsed.finish();
        out
    }
}

/// The sources and assets loaded, what loading reported, and the templates.
type LoadedStage = (crate::load::LoadedSite, Diagnostics, Result<Templates, Vec<Diagnostic>>);

/// What resolve and render take from the stages before them.
struct AfterParse {
    config: SiteConfig,
    pages: Vec<Arc<ParsedPage>>,
    left_out: LeftOutSources,
    review: DraftReview,
    assets: Vec<Asset>,
    templates: Result<Arc<Templates>, Vec<Diagnostic>>,
    /// What loading reported.
    diagnostics: Diagnostics,
    /// What parsing reported, source by source.
    reported: Vec<Arc<[Diagnostic]>>,
    today: chrono::NaiveDate,
    previous_pages: PendingPages,
    /// What the last build found out about its pages, for the dashboard.
    previous_overview: Option<Arc<SiteOverview>>,
}

/// What parsing gives the later stages.
#[derive(Default)]
struct ParsedSources {
    /// The pages of the build.
    pages: Vec<Arc<ParsedPage>>,
    /// Source paths (`content/…`) of the drafts among `pages`.
    drafts: Vec<String>,
    /// Sources without a page: failed, or drafts left out.
    left_out: LeftOutSources,
    /// Each source's parse messages, in the order of the sources.
    parse_messages: Vec<Arc<[Diagnostic]>>,
    /// What the build reports of the parses, in the order of the sources
    /// (nothing of the drafts left out).
    reported: Vec<Arc<[Diagnostic]>>,
}

/// The site's cache folder (git-ignored; deleting it is always safe): what
/// a successful build keeps for the next one: every source's parse
/// (`parses.bin`) and the manifest of each output folder.
pub const CACHE_DIR: &str = ".dermis-cache";

/// Builds and writes the output folder atomically.
pub fn build_site(options: &BuildOptions) -> Result<BuiltSite, BuildFailure> {
    build_site_until(options, &StopRequest::new())
}

/// [`build_site`], whose write stops when `stop` is requested, leaving the
/// previous output as it was (`dermis build` on SIGINT and SIGTERM).
pub fn build_site_until(options: &BuildOptions, stop: &StopRequest) -> Result<BuiltSite, BuildFailure> {
    let mut session = BuildSession::with_build_cache(options.clone());
    let built = session.build_and_write_until(stop);
    // Freeing the memos (every page's parse and rendered bytes) takes a
    // tenth of a warm build at 10,000 articles; the caller need not wait
    // for it, and a command that exits next does not.
    std::thread::spawn(move || drop(session));
    built
}

impl BuildSession {
    /// Builds the site and writes it atomically into the output folder,
    /// keeping the persistent cache when the session has one ([`build_site`]
    /// with this session's memos: tests run it in verify mode).
    pub fn build_and_write(&mut self) -> Result<BuiltSite, BuildFailure> {
        self.build_and_write_until(&StopRequest::new())
    }

    fn build_and_write_until(&mut self, stop: &StopRequest) -> Result<BuiltSite, BuildFailure> {
        let out = self.options.output_dir();
        // Refuse a dangerous output folder before doing any work (bad-inputs row 51).
        if let Err(d) = check_output_dir(&self.options.root, &out) {
            return Err(BuildFailure::Site(Diagnostics::from(vec![d])));
        }
        // A failed build writes nothing, the cache included.
        let mut built = self.build()?;
        let started = Instant::now();
        let counter = self.options.progress.start(Stage::Write, built.files.len());
        let cache_dir = self.options.cache.then(|| self.options.root.join(CACHE_DIR));
        let renders = self.render_keys(&built);
        let cache = cache_dir.as_deref().map(|dir| (dir, &renders));
        if let Err(d) = write_site_until(&built.files, &out, cache, stop, &counter) {
            let mut all = built.warnings;
            all.push(d);
            return Err(BuildFailure::Site(all.sorted()));
        }
        // Only once the output is in place: a build that fails to write (or
        // is stopped) leaves the cache as it was.
        built.cache_notes.extend(self.save_build_cache());
        built.stats.timings.push(("write", started.elapsed()));
        Ok(built)
    }
}

/// Opens the persistent cache in `dir` for the exact inputs of a parse
/// besides its source: this binary, and the configuration fields a parse
/// reads (checks, sources, people, taxonomies, collections), all made from
/// site.toml's text alone (`--base-url` and the editor URL, which come from
/// elsewhere, are not read by parse, so `build --base-url` and `check`
/// share one cache). `None` when this binary cannot be told apart from
/// another (then nothing is cached); with the store, why the file there
/// was not used.
fn open_build_cache(dir: &std::path::Path, config_hash: u64) -> Option<(ParseStore, Option<String>)> {
    let stamp = CacheStamp::of_this_binary(config_hash)?;
    let (store, discarded) = ParseStore::open(dir, stamp);
    Some((store, discarded.map(|d| d.to_string())))
}

fn load_config(options: &BuildOptions) -> Result<(SiteConfig, u64), BuildFailure> {
    let (config, hash) = load_site_config_hashed(&options.root).map_err(BuildFailure::Config)?;
    check_theme(&options.root, &config).map_err(|d| {
        let mut d = Diagnostics::from(vec![d]);
        attach_source_lines(&mut d, &[], &options.root);
        BuildFailure::Config(d)
    })?;
    match &options.base_url {
        Some(url) => config.with_base_url(url).map(|c| (c, hash)).map_err(|why| {
            let d = Diagnostic::error(crate::diagnostics::Code::Config, "--base-url", why)
                .with_help("write an absolute URL such as https://example.org");
            BuildFailure::Config(Diagnostics::from(vec![d]))
        }),
        None => Ok((config, hash)),
    }
}
