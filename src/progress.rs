//! How far a build has got, told to whoever listens: the stage it is in and
//! how many of that stage's items (files, pages) are done. The pipeline
//! reports through [`ProgressSink`] and never knows whether anyone draws it;
//! the command layer decides (a progress bar on a terminal, nothing
//! elsewhere). By default nobody listens and reporting costs one branch.
//!
//! Reports are throttled here, not by the listener: a stage counts its items
//! with one atomic add each and calls the listener once every
//! [`REPORT_EVERY`] items (and at the end), so a 10,000-page build makes a
//! few hundred calls, not tens of thousands.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The stages a build goes through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Finding and reading the site's files.
    Load,
    /// Front matter, facts and Markdown of every source.
    Parse,
    /// URLs, links, taxonomies, tables, backlinks.
    Resolve,
    /// Templates: one HTML page per page of content, then the listings.
    Render,
    /// Writing the output folder.
    Write,
}

impl Stage {
    /// The stage's name as shown to people (`load`, `parse`, …).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Parse => "parse",
            Stage::Resolve => "resolve",
            Stage::Render => "render",
            Stage::Write => "write",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Someone who wants to know how a build is going. Called from the
/// pipeline's worker threads, hence `Send + Sync`; calls must be cheap.
pub trait Progress: Send + Sync {
    /// A stage starts; `total` is how many items it will count (0 when it
    /// counts none: load and resolve).
    fn stage(&self, stage: Stage, total: usize);
    /// `done` items of the current stage are finished (never more than its total).
    fn advance(&self, done: usize);
}

/// How many items a stage counts between two reports.
pub const REPORT_EVERY: usize = 64;

/// Where the pipeline sends progress: nobody (the default) or one listener.
#[derive(Clone, Default)]
pub struct ProgressSink(Option<Arc<dyn Progress>>);

impl fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "ProgressSink(listening)" } else { "ProgressSink(none)" })
    }
}

impl ProgressSink {
    /// Sends progress to `listener`.
    pub fn to(listener: Arc<dyn Progress>) -> Self {
        ProgressSink(Some(listener))
    }

    /// Starts `stage`; returns the counter its items tick.
    pub fn start(&self, stage: Stage, total: usize) -> StageCounter<'_> {
        if let Some(listener) = &self.0 {
            listener.stage(stage, total);
        }
        StageCounter { listener: self.0.as_deref(), total, done: AtomicUsize::new(0) }
    }
}

/// Counts the finished items of one stage; shared by the threads doing them.
pub struct StageCounter<'a> {
    listener: Option<&'a dyn Progress>,
    total: usize,
    done: AtomicUsize,
}

impl StageCounter<'_> {
    /// A counter that reports to nobody (for stages run outside a build).
    pub fn none() -> StageCounter<'static> {
        StageCounter { listener: None, total: 0, done: AtomicUsize::new(0) }
    }

    /// One more item is done.
    pub fn tick(&self) {
        let Some(listener) = self.listener else { return };
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if done.is_multiple_of(REPORT_EVERY) || done == self.total {
            listener.advance(done.min(self.total));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl Progress for Recorder {
        fn stage(&self, stage: Stage, total: usize) {
            self.0.lock().unwrap().push(format!("{stage} {total}"));
        }
        fn advance(&self, done: usize) {
            self.0.lock().unwrap().push(done.to_string());
        }
    }

    #[test]
    fn reports_every_so_many_items_and_the_last() {
        let recorder = Arc::new(Recorder::default());
        let sink = ProgressSink::to(recorder.clone());
        let counter = sink.start(Stage::Render, 150);
        for _ in 0..150 {
            counter.tick();
        }
        let seen = recorder.0.lock().unwrap().clone();
        assert_eq!(seen, ["render 150", "64", "128", "150"]);
    }

    #[test]
    fn nobody_listening_is_the_default() {
        let sink = ProgressSink::default();
        let counter = sink.start(Stage::Parse, 3);
        counter.tick();
        assert_eq!(format!("{sink:?}"), "ProgressSink(none)");
    }
}
