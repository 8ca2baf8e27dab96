//! The state the server shares between requests and rebuilds: one
//! [`Snapshot`] per finished build (the last good site, the errors of a
//! failed one, and its generation number), swapped whole, so a request never
//! sees a half-built site and a page always names the build it came from.
//! Browsers follow the snapshots through a watch channel: a late listener
//! gets the current one first, so no build can go unnoticed.

use super::dashboard::{DashboardInput, dashboard_html};
use super::error_overlay::{EditorLinks, overlay_html};
use super::request_path::site_key;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::{OutputContent, OutputFile};
use crate::site_overview::SiteOverview;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use tokio::sync::watch;

/// What a good build changed, for browsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LiveEvent {
    /// Reload the page (content changed, or errors appeared or went away).
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Stylesheets,
}

/// A built site held in memory: the files of the build, and those its
/// search part added when it was made (they win over the build's).
#[derive(Debug, Default)]
pub(crate) struct ServedSite {
    files: Arc<HashMap<String, Arc<[u8]>>>,
    late: HashMap<String, Arc<[u8]>>,
}

impl ServedSite {
    /// Reads the output files into memory (copied assets included).
    pub(crate) fn from_files(files: Vec<OutputFile>) -> std::io::Result<ServedSite> {
        Ok(ServedSite { files: Arc::new(in_memory(files)?), late: HashMap::new() })
    }

    /// This site with `files` added (a build's search part).
    pub(crate) fn with_late(&self, files: Vec<OutputFile>) -> std::io::Result<ServedSite> {
        Ok(ServedSite { files: self.files.clone(), late: in_memory(files)? })
    }

    /// The bytes of an output path.
    pub(crate) fn get(&self, key: &str) -> Option<&[u8]> {
        self.late.get(key).or_else(|| self.files.get(key)).map(|b| &b[..])
    }
}

/// Output files by path, their bytes in memory.
fn in_memory(files: Vec<OutputFile>) -> std::io::Result<HashMap<String, Arc<[u8]>>> {
    let mut map = HashMap::with_capacity(files.len());
    for file in files {
        let bytes = match file.content {
            OutputContent::Bytes(b) => Arc::from(b),
            OutputContent::Shared(b) => b,
            OutputContent::Copy(path) => Arc::from(std::fs::read(path)?),
            // `serve` reads back the previous output's bytes; a file left
            // on disk is read here.
            OutputContent::Previous(previous) => Arc::from(std::fs::read(&previous.path)?),
        };
        map.insert(file.path, bytes);
    }
    Ok(map)
}

/// Which build a page or an event belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// Names this server run, so browsers notice a restart.
    pub server: Arc<str>,
    /// Builds finished in this run (good or failed), counted from 1; 0 before the first.
    pub generation: u64,
    /// The last generation that changed more than stylesheets: a page older
    /// than this must reload, a newer one only swaps stylesheets.
    pub reload: u64,
}

/// One finished build as it is served.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// The last good site; `None` until a build succeeds.
    pub site: Option<Arc<ServedSite>>,
    /// The error overlay, when the last build failed.
    pub overlay: Option<Arc<String>>,
    /// What the build found, for the dashboard.
    pub report: Arc<BuildReport>,
    /// The dashboard page (without the live-reload script), made on the
    /// first request for it: on a large site it lists thousands of
    /// entries, and nobody may be looking.
    dashboard: Arc<OnceLock<String>>,
    /// The build this is.
    pub stamp: Stamp,
    /// The build's search part is still being made: its files are not in
    /// `site` yet, and a request for one waits ([`Snapshot::waits_for`]).
    pub search_pending: bool,
}

/// What a finished build tells the dashboard.
#[derive(Debug, Clone, Default)]
pub(crate) struct BuildReport {
    /// Its errors and warnings, sorted (shared with the build's result).
    pub diagnostics: Diagnostics,
    /// Its pages, when it got as far as resolving them.
    pub overview: Option<Arc<SiteOverview>>,
    /// The local time it finished (`12:04:31`).
    pub finished_at: String,
}

impl BuildReport {
    /// A report finished now.
    pub(crate) fn now(diagnostics: Diagnostics, overview: Option<Arc<SiteOverview>>) -> Self {
        BuildReport { diagnostics, overview, finished_at: chrono::Local::now().format("%H:%M:%S").to_string() }
    }

    /// The dashboard for this build, linking only pages `site` has.
    pub(crate) fn dashboard(&self, site: Option<&ServedSite>, failed: bool) -> String {
        let served = |url: &str| site.is_some_and(|s| site_key(url).is_ok_and(|key| s.get(&key).is_some()));
        dashboard_html(&DashboardInput {
            diagnostics: self.diagnostics.as_slice(),
            overview: self.overview.as_deref(),
            failed,
            finished_at: &self.finished_at,
            served: &served,
        })
    }
}

impl Snapshot {
    /// The dashboard of this build: links go to pages of the site it
    /// serves (the last good one, when the build failed).
    pub(crate) fn dashboard(&self) -> &str {
        self.dashboard.get_or_init(|| self.report.dashboard(self.site.as_deref(), self.overlay.is_some()))
    }

    /// Whether a request for the output path `key` must wait for the
    /// search part: it is still being made, and `key` is in the search
    /// folder and not yet served.
    pub(crate) fn waits_for(&self, key: &str) -> bool {
        self.search_pending
            && key.split('/').next() == Some("search")
            && self.site.as_deref().is_some_and(|site| site.get(key).is_none())
    }
}

/// Shared by the HTTP handlers and the rebuild loop.
pub(crate) struct SharedState {
    current: watch::Sender<Arc<Snapshot>>,
    /// `Host` header values accepted (DNS-rebinding protection).
    pub allowed_hosts: Vec<String>,
}

impl SharedState {
    /// State with nothing built yet (generation 0).
    pub(crate) fn new(allowed_hosts: Vec<String>) -> Arc<SharedState> {
        let server: Arc<str> = Arc::from(format!(
            "{:x}",
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
        ));
        let first = Snapshot {
            site: None,
            overlay: None,
            report: Arc::default(),
            dashboard: Arc::default(),
            stamp: Stamp { server, generation: 0, reload: 0 },
            search_pending: false,
        };
        let (current, _) = watch::channel(Arc::new(first));
        Arc::new(SharedState { current, allowed_hosts })
    }

    /// The build being served.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.current.borrow().clone()
    }

    /// A good build: serve it, drop the overlay, tell browsers. With
    /// `search_pending`, its search part comes later ([`SharedState::add_search`]).
    /// Gives the build's generation.
    pub(crate) fn publish(&self, site: ServedSite, event: LiveEvent, report: BuildReport, search_pending: bool) -> u64 {
        let report = Arc::new(report);
        let site = Arc::new(site);
        let mut generation = 0;
        self.current.send_modify(|snapshot| {
            let mut stamp = snapshot.stamp.clone();
            stamp.generation += 1;
            generation = stamp.generation;
            // A page that showed an overlay must reload to lose it.
            if event == LiveEvent::Reload || snapshot.overlay.is_some() || snapshot.site.is_none() {
                stamp.reload = stamp.generation;
            }
            let dashboard = Arc::default();
            let next = Arc::new(Snapshot { site: Some(site), overlay: None, report, dashboard, stamp, search_pending });
            // The last site's files are freed off the path to the reload.
            crate::drop_later::drop_later(std::mem::replace(snapshot, next));
        });
        generation
    }

    /// The search part of build `generation`, made: served from now on,
    /// its warnings added to the report. Same build, so browsers do not
    /// reload, unless the part replaced a page (a draft whose banner now
    /// lists a broken link into `/search/`); requests waiting for a search
    /// file go on. False (and nothing changes) when another build is served
    /// by now.
    pub(crate) fn add_search(
        &self,
        generation: u64,
        files: Vec<crate::pipeline::OutputFile>,
        warnings: Vec<Diagnostic>,
    ) -> std::io::Result<bool> {
        let current = self.snapshot();
        let Some(site) =
            current.site.as_deref().filter(|_| current.search_pending && current.stamp.generation == generation)
        else {
            return Ok(false);
        };
        let replaces_pages = files.iter().any(|f| f.path.split('/').next() != Some("search"));
        let site = Arc::new(site.with_late(files)?);
        Ok(self.current.send_if_modified(|snapshot| {
            if snapshot.stamp.generation != generation || !snapshot.search_pending {
                return false;
            }
            let mut report = (*snapshot.report).clone();
            if !warnings.is_empty() {
                let mut all = std::mem::take(&mut report.diagnostics);
                all.extend(warnings);
                report.diagnostics = all.sorted();
            }
            let mut stamp = snapshot.stamp.clone();
            if replaces_pages {
                stamp.generation += 1;
                stamp.reload = stamp.generation;
            }
            *snapshot = Arc::new(Snapshot {
                site: Some(site),
                overlay: None,
                report: Arc::new(report),
                dashboard: Arc::default(),
                stamp,
                search_pending: false,
            });
            true
        }))
    }

    /// The search part of build `generation` failed (the build with its
    /// search has errors): as [`SharedState::fail`], when that build is
    /// still the one served. False otherwise.
    /// The report lists the build's warnings and `errors`.
    pub(crate) fn fail_search(
        &self,
        generation: u64,
        errors: Vec<Diagnostic>,
        editor: Option<&EditorLinks<'_>>,
    ) -> bool {
        self.fail_when(editor, |s| {
            if s.stamp.generation != generation || !s.search_pending {
                return None;
            }
            let mut all = s.report.diagnostics.clone();
            all.extend(errors);
            Some(BuildReport::now(all.sorted(), s.report.overview.clone()))
        })
    }

    /// A failed build: keep the last good site (if any), show the errors
    /// (their files linked to the editor when `editor` is given).
    pub(crate) fn fail(&self, report: BuildReport, editor: Option<&EditorLinks<'_>>) {
        self.fail_when(editor, |_| Some(report));
    }

    /// [`SharedState::fail`] with the report `report_for` gives for the
    /// snapshot served; nothing when it gives none.
    fn fail_when(
        &self,
        editor: Option<&EditorLinks<'_>>,
        report_for: impl FnOnce(&Snapshot) -> Option<BuildReport>,
    ) -> bool {
        self.current.send_if_modified(|snapshot| {
            let Some(report) = report_for(snapshot) else {
                return false;
            };
            let report = Arc::new(report);
            let mut stamp = snapshot.stamp.clone();
            stamp.generation += 1;
            stamp.reload = stamp.generation;
            let overlay = Arc::new(overlay_html(report.diagnostics.as_slice(), snapshot.site.is_some(), editor));
            let (site, dashboard) = (snapshot.site.clone(), Arc::default());
            // What a request for a search file waited for will not come.
            let search_pending = false;
            *snapshot = Arc::new(Snapshot { site, overlay: Some(overlay), report, dashboard, stamp, search_pending });
            true
        })
    }

    /// Follows the builds: the current one first, then every newer one
    /// (builds finished in between are skipped; only the newest matters).
    pub(crate) fn subscribe(&self) -> watch::Receiver<Arc<Snapshot>> {
        let mut receiver = self.current.subscribe();
        receiver.mark_changed();
        receiver
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    fn broken() -> BuildReport {
        BuildReport::now(Diagnostics::from(vec![Diagnostic::error(Code::Io, "a.md", "broken")]), None)
    }

    #[test]
    fn generations_count_builds_and_mark_the_ones_that_need_a_reload() {
        let state = SharedState::new(Vec::new());
        assert_eq!(state.snapshot().stamp.generation, 0);
        state.fail(broken(), None);
        let failed = state.snapshot();
        assert!(failed.site.is_none());
        assert!(failed.overlay.as_deref().is_some_and(|o| o.contains("no successful build yet")));
        assert_eq!((failed.stamp.generation, failed.stamp.reload), (1, 1));
        state.publish(ServedSite::default(), LiveEvent::Stylesheets, BuildReport::default(), false);
        assert_eq!((state.snapshot().stamp.generation, state.snapshot().stamp.reload), (2, 2), "the overlay must go");
        state.publish(ServedSite::default(), LiveEvent::Stylesheets, BuildReport::default(), false);
        assert_eq!((state.snapshot().stamp.generation, state.snapshot().stamp.reload), (3, 2));
        state.fail(broken(), None);
        let failed = state.snapshot();
        assert!(failed.site.is_some());
        assert!(failed.overlay.as_deref().is_some_and(|o| o.contains("showing the last good build")));
        assert_eq!((failed.stamp.generation, failed.stamp.reload), (4, 4));
    }

    #[test]
    fn a_late_subscriber_sees_the_current_build_at_once() {
        let state = SharedState::new(Vec::new());
        state.publish(ServedSite::default(), LiveEvent::Reload, BuildReport::default(), false);
        let mut receiver = state.subscribe();
        assert!(receiver.has_changed().unwrap_or(false));
        assert_eq!(receiver.borrow_and_update().stamp.generation, 1);
    }
}
