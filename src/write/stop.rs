//! Asking a write that is under way to stop, from another thread or from a
//! signal handler (`dermis build` on SIGINT and SIGTERM).
//!
//! Two flags, both safe to touch from a signal handler: `requested` asks the
//! writer to stop at the next file, and `idle` tells the handler whether the
//! writer has anything on disk to clean up. While `idle` is true the process
//! may simply end; while it is false the writer removes its staging folder
//! and lock before it returns.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A shared request to stop writing. Cloning shares the flags.
#[derive(Debug, Clone)]
pub struct StopRequest {
    requested: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl Default for StopRequest {
    fn default() -> Self {
        StopRequest::new()
    }
}

impl StopRequest {
    /// Nothing requested, nothing being written.
    pub fn new() -> Self {
        StopRequest { requested: Arc::new(AtomicBool::new(false)), idle: Arc::new(AtomicBool::new(true)) }
    }

    /// Set this flag to true to ask the writer to stop.
    pub fn requested_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.requested)
    }

    /// True while no writer has anything on disk (lock, staging) to clean up:
    /// ending the process then leaves nothing behind.
    pub fn idle_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.idle)
    }

    /// Asks the writer to stop.
    pub fn request(&self) {
        self.requested.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for.
    pub fn is_requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }

    /// Marks the writer busy until the guard is dropped.
    pub(super) fn busy(&self) -> BusyGuard<'_> {
        self.idle.store(false, Ordering::SeqCst);
        BusyGuard { idle: &self.idle }
    }
}

/// While alive, the writer has something on disk to clean up.
pub(super) struct BusyGuard<'a> {
    idle: &'a AtomicBool,
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        self.idle.store(true, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_clears_idle_until_dropped() {
        let stop = StopRequest::new();
        let idle = stop.idle_flag();
        {
            let _busy = stop.busy();
            assert!(!idle.load(Ordering::SeqCst));
        }
        assert!(idle.load(Ordering::SeqCst));
        assert!(!stop.is_requested());
        stop.clone().request();
        assert!(stop.is_requested());
    }
}
