//! The rendered pages of the previous `dermis build`, for the next one:
//! the output folder itself is where they are kept, and its manifest says
//! under which render key each was made. While this build parses and
//! resolves, the pages of the last one are read back (only those still on
//! disk exactly as written); render then takes every page whose key is
//! unchanged instead of rendering it again (see `render_cache`: a key is a
//! hash of everything the page shows).
//!
//! The keys take for granted what the in-process memo of `serve` clears
//! itself on: the binary, site.toml, the templates and the options that
//! change what pages show. Those make the render stamp; a manifest written
//! under another stamp gives no page.

use crate::render::{OutputContent, OutputFile, RenderCache};
use crate::write::{ReadBack, RenderKeys, RenderedPage, read_rendered_pages};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::thread::JoinHandle;

/// The pages being read back, on a thread of their own.
pub(super) struct PendingPages(Option<JoinHandle<Vec<RenderedPage>>>);

impl PendingPages {
    /// Nothing to read.
    pub(super) fn none() -> Self {
        PendingPages(None)
    }

    /// Starts reading the pages of the output `out` whose manifest is in
    /// `cache_dir`, if it was written under `stamp`, as `read` says.
    pub(super) fn start(out: &Path, cache_dir: &Path, stamp: u64, read: ReadBack) -> Self {
        let (out, cache_dir) = (out.to_path_buf(), cache_dir.to_path_buf());
        let reading = std::thread::Builder::new()
            .name("previous pages".into())
            .spawn(move || read_rendered_pages(&out, &cache_dir, stamp, read));
        // Without a thread, nothing is reused: every page is rendered.
        PendingPages(reading.ok())
    }

    /// Waits for the pages and hands them to the render memo.
    pub(super) fn seed(self, cache: &mut RenderCache) {
        let pages = self.0.and_then(|reading| reading.join().ok()).unwrap_or_default();
        for page in pages {
            cache.seed_page(page.path, page.key, page.content);
        }
    }
}

/// The render stamp of a build (never 0): this binary (as `binary`
/// identifies it), site.toml's text, the templates, and the options pages
/// show (`shown`: `--base-url` and `--drafts`).
pub(super) fn render_stamp(binary: &impl Hash, config_hash: u64, templates: u64, shown: &impl Hash) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    ("render stamp 1", binary, config_hash, templates, shown).hash(&mut h);
    h.finish().max(1)
}

/// The render keys of the pages among `files` as the memo made them: a
/// page whose file was replaced after rendering (a draft rendered again
/// with more problems on its banner) has no key, so the next build does
/// not take those bytes for that key.
pub(super) fn render_keys(cache: &RenderCache, files: &[OutputFile], stamp: u64) -> RenderKeys {
    let by_path: std::collections::HashMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let keys = cache
        .page_entries()
        .filter(|(path, _, kept)| {
            by_path.get(path.as_str()).is_some_and(|file| match (&file.content, kept) {
                (OutputContent::Shared(shared), OutputContent::Shared(bytes)) => {
                    std::sync::Arc::ptr_eq(shared, bytes) || shared[..] == bytes[..]
                }
                (OutputContent::Previous(file), OutputContent::Previous(previous)) => file == previous,
                (written, kept) => written.in_memory().is_some() && written.in_memory() == kept.in_memory(),
            })
        })
        .map(|(path, key, _)| (path.clone(), key))
        .collect();
    RenderKeys { stamp, keys }
}
