//! Watching the site (the only file that imports notify): the watched
//! folders recursively, the site root for `site.toml` and folders created
//! later. Every event kind counts as "something changed" and only the paths
//! matter (the change plan decides). If the system refuses native watches
//! (inotify limits, network file systems), it falls back to polling.

use super::change_plan::{WATCHED, is_relevant};
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// A running watcher and the paths it reports.
pub(super) struct SiteWatcher {
    watcher: Box<dyn Watcher + Send>,
    /// Paths that changed, one message per file-system event.
    pub changes: Receiver<Vec<PathBuf>>,
    /// Set on every event about a file of the site (as the change plan
    /// counts them), as it happens: a build under way can see it is
    /// already out of date. Whoever starts a build clears it.
    pub(super) newer: Arc<AtomicBool>,
    /// True when polling instead of native events.
    pub polling: bool,
    root: PathBuf,
    /// The site folders watched, by what they are on disk: watching one
    /// again walks all of it (10,000 files: a tenth of a rebuild), so only a
    /// folder that is new, or was replaced, is watched again.
    watched: HashMap<PathBuf, FolderIdentity>,
}

/// What a folder is on disk: a folder deleted and made again is another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderIdentity(u64, u64);

impl FolderIdentity {
    /// `None` where the system does not tell (every call then watches again).
    fn of(path: &Path) -> Option<FolderIdentity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(FolderIdentity(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

impl SiteWatcher {
    /// Starts watching `root`.
    pub(super) fn start(root: &Path) -> Result<SiteWatcher, String> {
        let newer = Arc::new(AtomicBool::new(false));
        let (tx, changes) = channel();
        let handler = event_handler(root, tx, newer.clone());
        let native = RecommendedWatcher::new(handler.clone(), Config::default());
        let mut site = match native {
            Ok(w) => SiteWatcher {
                watcher: Box::new(w),
                changes,
                newer: newer.clone(),
                polling: false,
                root: root.to_path_buf(),
                watched: HashMap::new(),
            },
            Err(_) => Self::polling(root, handler, changes, newer.clone())?,
        };
        if site.watch_all().is_err() && !site.polling {
            // Native watches can run out (inotify's max_user_watches): poll instead.
            let (tx, changes) = channel();
            let handler = event_handler(root, tx, newer.clone());
            site = Self::polling(root, handler, changes, newer)?;
            site.watch_all()?;
        }
        Ok(site)
    }

    fn polling<F: notify::EventHandler>(
        root: &Path,
        handler: F,
        changes: Receiver<Vec<PathBuf>>,
        newer: Arc<AtomicBool>,
    ) -> Result<SiteWatcher, String> {
        let config = Config::default().with_poll_interval(Duration::from_millis(300));
        let w = PollWatcher::new(handler, config).map_err(|e| format!("cannot watch files: {e}"))?;
        Ok(SiteWatcher {
            watcher: Box::new(w),
            changes,
            newer,
            polling: true,
            root: root.to_path_buf(),
            watched: HashMap::new(),
        })
    }

    fn watch_all(&mut self) -> Result<(), String> {
        self.watcher
            .watch(&self.root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", self.root.display()))?;
        self.watch_new_folders(&[])
    }

    /// Watches the site folders that exist now (call after changes: a
    /// `templates/` created later is then watched too).
    pub(super) fn watch_new_folders(&mut self, changed: &[PathBuf]) -> Result<(), String> {
        for name in WATCHED.iter().filter(|n| !n.contains('.')) {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(&dir);
                continue;
            }
            // A folder made again may get the number of the one deleted:
            // an event about the folder itself also means "watch again".
            let identity = FolderIdentity::of(&dir);
            let named = changed.iter().any(|p| p == &dir);
            if !named && identity.is_some() && self.watched.get(&dir) == identity.as_ref() {
                continue;
            }
            self.watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
            match identity {
                Some(identity) => self.watched.insert(dir, identity),
                None => self.watched.remove(&dir),
            };
        }
        Ok(())
    }
}

/// What the watcher does with each event: sends its paths, and sets
/// `newer` when one of them is a file of the site. Reading a file is an
/// access event too, and is dropped: the build's own reads would trigger
/// rebuilds forever.
fn event_handler(
    root: &Path,
    tx: Sender<Vec<PathBuf>>,
    newer: Arc<AtomicBool>,
) -> impl Fn(notify::Result<notify::Event>) + Clone + Send + 'static {
    let root = root.to_path_buf();
    move |event: notify::Result<notify::Event>| match event {
        Ok(event) if event.need_rescan() => lost_events(&root, &tx, &newer),
        Ok(event) if !matches!(event.kind, notify::EventKind::Access(_)) => {
            if event.paths.iter().any(|p| is_relevant(&root, p)) {
                newer.store(true, Ordering::SeqCst);
            }
            let _ = tx.send(event.paths);
        }
        Ok(_) => {}
        Err(_) => lost_events(&root, &tx, &newer),
    }
}

/// The system lost events (its queue overflowed) or the watcher failed:
/// what changed is unknown, so the site's folders are reported as changed,
/// which rebuilds and makes the build look at every file again.
fn lost_events(root: &Path, tx: &Sender<Vec<PathBuf>>, newer: &AtomicBool) {
    newer.store(true, Ordering::SeqCst);
    let _ = tx.send(WATCHED.iter().map(|name| root.join(name)).collect());
}
