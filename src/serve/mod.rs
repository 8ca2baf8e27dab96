//! `dermis serve`: builds the site in memory, serves it, watches the
//! sources, rebuilds what changed and tells the browser. A client of the
//! pipeline ([`BuildSession`]), never of stage internals; never writes to
//! the output folder.
//!
//! A failed rebuild keeps the last good site, prints the errors like
//! `build`, and shows them in an overlay on every page until the next good
//! build. Bursts of events are coalesced into one rebuild; events that arrive
//! during a rebuild cause exactly one more.

mod change_plan;
mod connections;
mod dashboard;
mod error_overlay;
mod http;
mod live_reload;
mod reporter;
mod request_path;
mod search_job;
mod site_snapshot;
mod watcher;

pub(crate) use change_plan::RebuildPlan;
pub(crate) use connections::ConnectionLimits;
pub(crate) use error_overlay::EditorLinks;
pub(crate) use reporter::ServeReporter;
pub(crate) use site_snapshot::{BuildReport, LiveEvent, ServedSite, SharedState};

use search_job::{SearchBuild, SearchJobs};

use crate::diagnostics::Diagnostics;
use crate::pipeline::{BuildFailure, BuildOptions, BuildSession, BuiltSite};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How to serve.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Address to bind (127.0.0.1 by default).
    pub interface: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Connection caps and the header timeout.
    pub limits: ConnectionLimits,
}

/// A server that could not start.
#[derive(Debug)]
pub(crate) enum ServeError {
    /// Binding the address failed (port in use, no permission).
    Bind(String),
    /// site.toml is missing or invalid.
    Config(Diagnostics),
    /// Anything else (watcher, runtime).
    Other(String),
}

/// Runs the server until the process is stopped.
pub(crate) fn serve(mut options: ServeOptions, reporter: impl ServeReporter) -> Result<(), ServeError> {
    // Watcher events carry absolute paths; compare them with an absolute root.
    options.root = options
        .root
        .canonicalize()
        .map_err(|e| ServeError::Other(format!("cannot open the site folder {}: {e}", options.root.display())))?;
    let listener = TcpListener::bind(SocketAddr::new(options.interface, options.port)).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse { " (pass --port 0 to use any free port)" } else { "" };
        ServeError::Bind(format!("cannot listen on {}:{}: {e}{hint}", options.interface, options.port))
    })?;
    let addr = listener.local_addr().map_err(|e| ServeError::Bind(e.to_string()))?;
    listener.set_nonblocking(true).map_err(|e| ServeError::Bind(e.to_string()))?;
    let base_url = format!("http://{}", display_addr(addr));
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: None,
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        progress: crate::progress::ProgressSink::default(),
        // serve keeps its caches in memory (its base URL is its own).
        cache: false,
    };
    let mut session = BuildSession::with_cache(build_options).defer_search();
    let state = SharedState::new(allowed_hosts(addr));
    let mut served = Publisher { state: state.clone(), search: SearchJobs::default(), reporter: Arc::new(reporter) };
    // Watching starts before the first build reads anything: a change made
    // while it runs is in the first burst of events (rebuilds look only at
    // the files the watcher reports).
    let watcher = watcher::SiteWatcher::start(&options.root).map_err(ServeError::Other)?;
    let started = Instant::now();
    match run_build(&mut session, &NEVER) {
        Some(Ok(built)) => {
            let cause = BuildCause { event: LiveEvent::Reload, elapsed: started.elapsed(), changed: Vec::new() };
            served.publish(&session, built, cause).map_err(|e| ServeError::Other(e.to_string()))?;
        }
        Some(Err(BuildFailure::Config(d))) => return Err(ServeError::Config(d)),
        Some(Err(BuildFailure::Site(d))) => {
            served.reporter.failed(&d, &[]);
            fail(&state, &session, d);
        }
        None => unreachable!("a build is given up only when its flag is set, and nothing sets NEVER"),
    }
    served.reporter.listening(&format!("{base_url}/"), watcher.polling);
    std::thread::spawn(move || rebuild_loop(session, watcher, served));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Other(e.to_string()))?;
    let limits = options.limits;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| ServeError::Bind(e.to_string()))?;
        tokio::select! {
            () = connections::run(listener, state, limits) => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        Ok(())
    })
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

/// `Host` values the server answers to: its own address, and localhost
/// names when bound to loopback or all interfaces.
fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![display_addr(addr)];
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        hosts.extend([format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")]);
    }
    hosts
}

/// A build that never takes the server down, even if it panics; `None`
/// when given up because `newer` was set ([`BuildSession::build_unless`]).
fn run_build(
    session: &mut BuildSession,
    newer: &std::sync::atomic::AtomicBool,
) -> Option<Result<BuiltSite, BuildFailure>> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session.build_unless(newer))) {
        Ok(result) => result.transpose(),
        Err(_) => {
            let d = crate::diagnostics::Diagnostic::error(
                crate::diagnostics::Code::Io,
                "dermis",
                "the rebuild crashed (a bug in dermis); the last good site is still served",
            )
            .with_help("please report it with the file you were editing");
            Some(Err(BuildFailure::Site(Diagnostics::from(vec![d]))))
        }
    }
}

/// Quiet time that ends a burst of events, and the longest a burst may
/// delay a rebuild. The quiet time is short (a save's events come within a
/// millisecond or two): a burst with longer gaps, such as a `git checkout`
/// on a busy machine, may start a build early, but the next event gives that
/// build up (the watcher's `newer` flag), so a burst still ends in one
/// served build, or two when a gap outlasts a whole build.
const QUIET: Duration = Duration::from_millis(10);
const MAX_BURST: Duration = Duration::from_millis(400);

/// Where good builds go: the state browsers are served from, the search
/// part being made, and the terminal.
struct Publisher<R> {
    state: Arc<SharedState>,
    search: SearchJobs,
    reporter: Arc<R>,
}

impl<R: ServeReporter> Publisher<R> {
    /// Serves a good build's files and tells browsers, then the terminal
    /// (printing thousands of warnings must not hold the reload up); its
    /// search part, if deferred, is started on its own thread and added
    /// when made.
    fn publish(&mut self, session: &BuildSession, mut built: BuiltSite, cause: BuildCause) -> std::io::Result<()> {
        let BuildCause { event, elapsed, changed } = cause;
        let report = BuildReport::now(built.warnings.clone(), session.overview());
        let site = ServedSite::from_files(std::mem::take(&mut built.files))?;
        let deferred = built.deferred_search.take();
        let generation = self.state.publish(site, event, report, deferred.is_some());
        self.reporter.built(&built, elapsed, &changed);
        if let Some(job) = deferred {
            let build = SearchBuild {
                generation,
                changed,
                root: session.options().root.clone(),
                editor_url: session.editor_url().cloned(),
            };
            self.search.start(job, build, self.state.clone(), self.reporter.clone());
        }
        Ok(())
    }
}

/// What a build was for: the event browsers get, how long it took, and
/// the files whose change caused it (none for the first).
struct BuildCause {
    event: LiveEvent,
    elapsed: Duration,
    changed: Vec<String>,
}

fn rebuild_loop<R: ServeReporter>(
    mut session: BuildSession,
    mut watcher: watcher::SiteWatcher,
    mut served: Publisher<R>,
) {
    let state = served.state.clone();
    let reporter = served.reporter.clone();
    let root = session.options().root.clone();
    while let Ok(first) = watcher.changes.recv() {
        let mut changed = first;
        let burst_start = Instant::now();
        // Until a build of the burst is done: a build that a newer change
        // made out of date is given up, and the burst goes on. (The time
        // reported counts from the first attempt.)
        let mut started = None;
        let (built, plan) = loop {
            gather_burst(&watcher, &mut changed, burst_start);
            let plan = change_plan::plan(&root, &changed);
            if plan == RebuildPlan::Nothing {
                break (None, plan);
            }
            let _ = watcher.watch_new_folders(&changed);
            // The search part of the last build would be served no more.
            served.search.stop();
            watcher.newer.store(false, std::sync::atomic::Ordering::SeqCst);
            let started = *started.get_or_insert_with(Instant::now);
            // A burst that lasts is built as it stands, however it goes on.
            let newer = if burst_start.elapsed() < MAX_BURST { &*watcher.newer } else { &NEVER };
            // Every change since the last build's load is in the burst (a
            // build given up is followed by one told the whole burst).
            session.changed_paths(&changed);
            if let Some(result) = run_build(&mut session, newer) {
                break (Some((result, started.elapsed())), plan);
            }
        };
        let Some((result, elapsed)) = built else { continue };
        let changed = changed_files(&root, &changed);
        match result {
            Ok(built) => {
                let event = if plan == RebuildPlan::Stylesheets { LiveEvent::Stylesheets } else { LiveEvent::Reload };
                let cause = BuildCause { event, elapsed, changed: changed.clone() };
                if let Err(e) = served.publish(&session, built, cause) {
                    let d = crate::diagnostics::Diagnostic::error(
                        crate::diagnostics::Code::Io,
                        "static",
                        format!("cannot read a file of the site: {e}"),
                    );
                    fail(&state, &session, Diagnostics::from(vec![d]));
                }
            }
            Err(BuildFailure::Config(d) | BuildFailure::Site(d)) => {
                reporter.failed(&d, &changed);
                fail(&state, &session, d);
            }
        }
    }
}

/// A flag nobody sets: a build that is never given up.
static NEVER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Adds to `changed` the events that follow within [`QUIET`] of each other,
/// for at most [`MAX_BURST`] since the burst began, and then those already
/// waiting (after a build given up late in a long burst, the events that
/// gave it up).
fn gather_burst(watcher: &watcher::SiteWatcher, changed: &mut Vec<PathBuf>, burst_start: Instant) {
    while burst_start.elapsed() < MAX_BURST {
        match watcher.changes.recv_timeout(QUIET) {
            Ok(more) => changed.extend(more),
            Err(_) => break,
        }
    }
    while let Ok(more) = watcher.changes.try_recv() {
        changed.extend(more);
    }
}

/// Shows a failed build's errors, linked to the editor when the site has an
/// editor URL, and keeps them for the dashboard.
fn fail(state: &SharedState, session: &BuildSession, diagnostics: Diagnostics) {
    let root = &session.options().root;
    let links = session.editor_url().map(|url| EditorLinks { root, url });
    state.fail(BuildReport::now(diagnostics, session.overview()), links.as_ref());
}

/// The site files among the changed paths, relative to the site folder with
/// `/` separators, sorted and each once. Files that exist, and deleted paths
/// with an extension (a deleted article); not folders, nor the temporary
/// files some tools write and rename within the burst (`sed -i` leaves
/// `content/sedbTNVhO` in the events), unless nothing else is left.
fn changed_files(root: &std::path::Path, changed: &[PathBuf]) -> Vec<String> {
    let relevant: Vec<&PathBuf> = changed.iter().filter(|p| change_plan::is_relevant(root, p)).collect();
    let files: Vec<&PathBuf> =
        relevant.iter().copied().filter(|p| p.is_file() || (!p.exists() && p.extension().is_some())).collect();
    let shown = if files.is_empty() { relevant } else { files };
    let files: std::collections::BTreeSet<String> = shown
        .into_iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|rel| rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        .collect();
    files.into_iter().collect()
}
