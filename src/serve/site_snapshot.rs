//! The state the server shares between requests and rebuilds: the last good
//! site (swapped whole, so a request never sees a half-built one), the
//! errors of the last failed rebuild, and the channel that tells browsers.

use super::live_reload::overlay_html;
use crate::diagnostics::Diagnostic;
use crate::render::{OutputContent, OutputFile};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// What browsers are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveEvent {
    /// Reload the page (content changed, or errors appeared or went away).
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Stylesheets,
}

/// A built site held in memory.
#[derive(Debug, Default)]
pub struct ServedSite {
    files: HashMap<String, Arc<[u8]>>,
}

impl ServedSite {
    /// Reads the output files into memory (copied assets included).
    pub fn from_files(files: Vec<OutputFile>) -> std::io::Result<ServedSite> {
        let mut map = HashMap::with_capacity(files.len());
        for file in files {
            let bytes = match file.content {
                OutputContent::Bytes(b) => Arc::from(b),
                OutputContent::Shared(b) => b,
                OutputContent::Copy(path) => Arc::from(std::fs::read(path)?),
            };
            map.insert(file.path, bytes);
        }
        Ok(ServedSite { files: map })
    }

    /// The bytes of an output path.
    pub fn get(&self, key: &str) -> Option<&[u8]> {
        self.files.get(key).map(|b| &b[..])
    }
}

struct Current {
    site: Arc<ServedSite>,
    overlay: Option<Arc<String>>,
}

/// Shared by the HTTP handlers and the rebuild loop.
pub struct SharedState {
    current: RwLock<Current>,
    events: broadcast::Sender<LiveEvent>,
    /// Names this server run, so browsers notice a restart.
    pub instance: String,
    /// `Host` header values accepted (DNS-rebinding protection).
    pub allowed_hosts: Vec<String>,
}

impl SharedState {
    /// State serving `site` (possibly empty, when the first build failed).
    pub fn new(site: ServedSite, allowed_hosts: Vec<String>) -> Arc<SharedState> {
        let (events, _) = broadcast::channel(16);
        let instance = format!(
            "{:x}",
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
        );
        Arc::new(SharedState {
            current: RwLock::new(Current { site: Arc::new(site), overlay: None }),
            events,
            instance,
            allowed_hosts,
        })
    }

    /// The site being served and the overlay to show, if the last rebuild failed.
    pub fn snapshot(&self) -> (Arc<ServedSite>, Option<Arc<String>>) {
        match self.current.read() {
            Ok(c) => (c.site.clone(), c.overlay.clone()),
            Err(poisoned) => {
                let c = poisoned.into_inner();
                (c.site.clone(), c.overlay.clone())
            }
        }
    }

    /// A good build: serve it, drop the overlay, tell browsers.
    pub fn publish(&self, site: ServedSite, event: LiveEvent) {
        if let Ok(mut c) = self.current.write() {
            c.site = Arc::new(site);
            c.overlay = None;
        }
        let _ = self.events.send(event);
    }

    /// A failed build: keep the last good site, show the errors.
    pub fn fail(&self, diagnostics: &[Diagnostic]) {
        if let Ok(mut c) = self.current.write() {
            c.overlay = Some(Arc::new(overlay_html(diagnostics)));
        }
        let _ = self.events.send(LiveEvent::Reload);
    }

    /// A new receiver of live events.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }
}
