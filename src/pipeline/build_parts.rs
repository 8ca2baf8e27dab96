//! What the stages of one build hand each other: the rendered site on its
//! way to the end of the build, and the stage timer.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::drafts::DraftReview;
use crate::render::{OutputFile, Templates};
use crate::resolve::SiteGraph;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What render leaves for the end of a build.
pub(super) struct Rendered {
    pub(super) graph: Arc<SiteGraph>,
    pub(super) files: Vec<OutputFile>,
    pub(super) templates: Option<Arc<Templates>>,
    pub(super) diagnostics: Diagnostics,
    /// Orphan warnings, reported only when the build has no errors.
    pub(super) orphans: Vec<Diagnostic>,
    pub(super) review: DraftReview,
    /// Pages rendered rather than reused.
    pub(super) pages_rendered: usize,
    /// Made by patching the last build (in verify mode: and found equal to
    /// the full build, which this is).
    pub(super) patched: bool,
}

impl Rendered {
    /// The same build with its messages only (for verify mode to put
    /// them in their final form apart).
    pub(super) fn clone_messages(&self) -> Rendered {
        Rendered {
            graph: self.graph.clone(),
            files: Vec::new(),
            templates: None,
            diagnostics: self.diagnostics.clone(),
            orphans: self.orphans.clone(),
            review: self.review.clone(),
            pages_rendered: self.pages_rendered,
            patched: self.patched,
        }
    }
}

/// The time each stage of one build took, in order.
pub(super) struct Timer {
    pub(super) last: Option<Instant>,
    pub(super) laps: Vec<(&'static str, Duration)>,
}

impl Timer {
    pub(super) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let since = self.last.map_or(Duration::ZERO, |l| now - l);
        self.laps.push((name, since));
        self.last = Some(now);
    }
}
