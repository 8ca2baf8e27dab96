//! Each build's search part, made on its own thread once the rest of the
//! build is served (see `pipeline::DeferredSearch`): browsers reload as soon
//! as the pages are ready, and a request for a search file waits until the
//! part is added. A newer build stops the part of the one before (it would
//! never be served).

use super::error_overlay::EditorLinks;
use super::reporter::ServeReporter;
use super::site_snapshot::SharedState;
use crate::config::EditorUrl;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::pipeline::{DeferredSearch, SearchPart};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What a search part needs to know of its build to report on it.
pub(super) struct SearchBuild {
    /// The build's generation (its part is added only while it is served).
    pub(super) generation: u64,
    /// The files whose change caused the build, for the terminal.
    pub(super) changed: Vec<String>,
    pub(super) root: PathBuf,
    pub(super) editor_url: Option<EditorUrl>,
}

/// The search part being made, if any, and the threads that make it.
pub(super) struct SearchJobs {
    running: Option<Arc<AtomicBool>>,
    /// Half the cores (at least one): the next build, which the editor
    /// waits for, keeps the others even while a part is still being made.
    pool: Option<rayon::ThreadPool>,
}

impl Default for SearchJobs {
    fn default() -> Self {
        let threads = (rayon::current_num_threads() / 2).max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("dermis-search-{i}"))
            .build()
            .ok();
        SearchJobs { running: None, pool }
    }
}

impl SearchJobs {
    /// Stops the part being made (a newer build is starting).
    pub(super) fn stop(&mut self) {
        if let Some(stop) = self.running.take() {
            stop.store(true, Ordering::Relaxed);
        }
    }

    /// Makes `job` on its own thread, then adds it to the site served (or
    /// shows its errors).
    pub(super) fn start<R: ServeReporter>(
        &mut self,
        job: DeferredSearch,
        build: SearchBuild,
        state: Arc<SharedState>,
        reporter: Arc<R>,
    ) {
        self.stop();
        let stop = Arc::new(AtomicBool::new(false));
        self.running = Some(stop.clone());
        let build = Arc::new(build);
        if let Some(pool) = &self.pool {
            pool.spawn(move || finish(job, &build, &state, &*reporter, &stop));
            return;
        }
        // No pool of its own (the system refused threads): one thread, on
        // the cores the builds use.
        let failed = (build.clone(), state.clone(), reporter.clone());
        let spawned = std::thread::Builder::new()
            .name("dermis-search".into())
            .spawn(move || finish(job, &build, &state, &*reporter, &stop));
        if let Err(e) = spawned {
            let (build, state, reporter) = failed;
            let d = Diagnostic::error(Code::Io, "dermis", format!("cannot start making the search index: {e}"))
                .with_help("the system is out of threads or memory; the pages are still served");
            report_failure(&build, &state, &*reporter, Diagnostics::from(vec![d]));
        }
    }
}

/// Runs the part and puts its result where users see it.
fn finish<R: ServeReporter>(
    job: DeferredSearch,
    build: &SearchBuild,
    state: &SharedState,
    reporter: &R,
    stop: &AtomicBool,
) {
    let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.run(stop))) {
        Ok(None) => return,
        Ok(Some(result)) => result,
        Err(_) => {
            let d = Diagnostic::error(Code::Io, "dermis", "making the search index crashed (a bug in dermis)")
                .with_help("please report it with the file you were editing; the pages are still served");
            Err(Diagnostics::from(vec![d]))
        }
    };
    match result {
        Ok(SearchPart { files, warnings }) => {
            match state.add_search(build.generation, files, warnings.iter().cloned().collect()) {
                // Also with none: the terminal forgets the ones fixed.
                Ok(true) => reporter.search_warnings(&warnings),
                Ok(false) => {}
                Err(e) => {
                    let d = Diagnostic::error(Code::Io, "dermis", format!("cannot serve the search index: {e}"));
                    report_failure(build, state, reporter, Diagnostics::from(vec![d]));
                }
            }
        }
        Err(errors) => report_failure(build, state, reporter, errors),
    }
}

/// The build with its search part has errors: shown as a failed build's
/// (overlay, dashboard, terminal) while that build is the one served.
fn report_failure<R: ServeReporter>(build: &SearchBuild, state: &SharedState, reporter: &R, errors: Diagnostics) {
    let links = build.editor_url.as_ref().map(|url| EditorLinks { root: &build.root, url });
    if state.fail_search(build.generation, errors.iter().cloned().collect(), links.as_ref()) {
        reporter.failed(&errors, &build.changed);
    }
}
