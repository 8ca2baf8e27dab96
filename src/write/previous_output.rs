//! What the next build may take from the previous output instead of
//! writing it again.
//!
//! After each build, a manifest in the site's cache folder
//! (`.dermis-cache/output-<hash of the output path>.manifest`) lists every
//! file written:
//! a hash of its content, its size, and the time and inode it had on disk.
//! The next build hard-links a file whose content has not changed from the
//! previous output into its staging folder, but only while the file on disk
//! is still the one the manifest describes (same size, time and inode: a
//! file edited or replaced by hand is written again). Unchanged files keep
//! their time, so a deploy by size and time (rsync) sends only what changed,
//! and removing the previous tree frees only what changed. A manifest from
//! another dermis version, or one that cannot be read, is not used.
//!
//! The manifest also says under which render key (see `render_cache`) each
//! page was rendered, and for which build inputs (binary, site.toml,
//! templates, options: the render stamp). The next build with the same
//! stamp takes a page whose key is unchanged from the previous output
//! instead of rendering it again ([`read_rendered_pages`]) while the file
//! is still the one written (same size, time and inode; the bytes are read
//! and their hash compared only where they are needed: verify mode, a
//! writer that can no longer link the file, an anchor check).

use crate::render::{OutputContent, OutputFile, PreviousFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The first line of a manifest.
fn header() -> String {
    format!("dermis-manifest 3 {}", env!("CARGO_PKG_VERSION"))
}

/// The start of the second line, before the render stamp.
const RENDER_STAMP: &str = "render-stamp ";

/// What a build's render memo says of the files it wrote: the stamp of
/// its inputs, and the render key of each page by output path.
#[derive(Debug, Clone, Default)]
pub(crate) struct RenderKeys {
    /// A hash of what every render key takes for granted (binary,
    /// site.toml, templates, options); 0 for none.
    pub(crate) stamp: u64,
    /// Output path → the key its bytes were rendered under.
    pub(crate) keys: HashMap<String, u64>,
}

/// A page of the previous output with the key it was rendered under:
/// its bytes ([`OutputContent::Shared`]) or where it is
/// ([`OutputContent::Previous`]).
pub(crate) struct RenderedPage {
    pub(crate) path: String,
    pub(crate) key: u64,
    pub(crate) content: OutputContent,
}

/// What [`read_rendered_pages`] gives of each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadBack {
    /// Its bytes, read and checked against the manifest's content hash
    /// (`serve`, which serves from memory, and verify mode).
    Bytes,
    /// Where it is: the file is not read. It is the file the manifest
    /// describes while it has the size, time and inode recorded, the test
    /// the writer makes before it hard-links a file.
    Place,
}

/// One file of an output, as the manifest records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Recorded {
    pub(super) content: Content,
    pub(super) disk: DiskStamp,
}

/// What a file holds: a hash and a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Content {
    pub(super) hash: u64,
    pub(super) size: u64,
}

/// Which file on disk it is: its time (nanoseconds) and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DiskStamp {
    modified_ns: u128,
    inode: u64,
}

impl DiskStamp {
    pub(super) fn of(meta: &std::fs::Metadata) -> Option<DiskStamp> {
        let modified_ns = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(DiskStamp { modified_ns, inode })
    }
}

/// The content of a file about to be written. A copied file stands for its
/// source's path, size and time (reading it would cost what copying does).
pub(super) fn content_of(file: &OutputFile) -> Option<Content> {
    match &file.content {
        OutputContent::Bytes(_) | OutputContent::Shared(_) => Some(content_of_bytes(file.content.in_memory()?)),
        OutputContent::Previous(previous) => Some(Content { hash: previous.hash, size: previous.size }),
        OutputContent::Copy(source) => {
            let meta = std::fs::metadata(source).ok()?;
            let stamp = DiskStamp::of(&meta)?;
            let mut key = source.to_string_lossy().into_owned().into_bytes();
            key.extend_from_slice(&stamp.modified_ns.to_le_bytes());
            key.extend_from_slice(&stamp.inode.to_le_bytes());
            Some(Content { hash: xxh3_64_with_seed(&key, COPIED), size: meta.len() })
        }
    }
}

/// The seeds that keep the hashes of rendered bytes and of copied files'
/// stamps apart.
const RENDERED: u64 = 0;
const COPIED: u64 = 1;

/// The bytes of a page left in the previous output, if they are still the
/// ones recorded (for the anchors of links to it).
pub(crate) fn previous_bytes(previous: &PreviousFile) -> Option<Vec<u8>> {
    std::fs::read(&previous.path).ok().filter(|bytes| holds(previous, bytes))
}

/// Whether `bytes` are those of `previous`.
pub(super) fn holds(previous: &PreviousFile, bytes: &[u8]) -> bool {
    content_of_bytes(bytes) == Content { hash: previous.hash, size: previous.size }
}

/// The content of a file of these bytes: XXH3, which hashes at memory
/// speed (every page is hashed on each build: a third of a gigabyte at
/// 10,000 articles).
fn content_of_bytes(bytes: &[u8]) -> Content {
    Content { hash: xxh3_64_with_seed(bytes, RENDERED), size: bytes.len() as u64 }
}

/// The previous output folder and what its manifest says of it.
pub(super) struct PreviousOutput {
    dir: PathBuf,
    files: HashMap<String, Recorded>,
    /// The render stamp of the build that wrote it, and each page's key.
    renders: RenderKeys,
}

impl PreviousOutput {
    /// Reads the manifest of the output folder `dir`; `None` when there is
    /// none, it is from another version, or any line is not understood.
    pub(super) fn read(dir: &Path, manifest: &Path) -> Option<PreviousOutput> {
        let text = std::fs::read_to_string(manifest).ok()?;
        let mut lines = text.lines();
        if lines.next()? != header() {
            return None;
        }
        let stamp = u64::from_str_radix(lines.next()?.strip_prefix(RENDER_STAMP)?, 16).ok()?;
        let mut renders = RenderKeys { stamp, keys: HashMap::new() };
        let mut files = HashMap::new();
        for line in lines {
            let (path, recorded, key) = parse_line(line)?;
            if let Some(key) = key {
                renders.keys.insert(path.clone(), key);
            }
            files.insert(path, recorded);
        }
        Some(PreviousOutput { dir: dir.to_path_buf(), files, renders })
    }

    /// The file at `path` as it was written, or `None` when the file on
    /// disk is not the one the manifest describes (size, time, inode).
    fn unchanged_on_disk(&self, path: &str) -> Option<(&Recorded, PathBuf)> {
        let recorded = self.files.get(path)?;
        let old = self.dir.join(path);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        let same = meta.is_file() && meta.len() == recorded.content.size && DiskStamp::of(&meta)? == recorded.disk;
        same.then_some((recorded, old))
    }

    /// Hard-links the previous output's copy of `path` to `target` when it
    /// holds `content` and is still the file the manifest describes.
    pub(super) fn link_unchanged(&self, path: &str, content: Content, target: &Path) -> Option<Recorded> {
        let (recorded, old) = self.unchanged_on_disk(path).filter(|(r, _)| r.content == content)?;
        std::fs::hard_link(&old, target).ok()?;
        Some(*recorded)
    }
}

/// The pages the previous build wrote into `out` (its manifest is in
/// `cache_dir`) with their render keys, when that build's render stamp is
/// `stamp`: each kept only if it is still the file written (same size,
/// time and inode; with [`ReadBack::Bytes`], then the same content hash).
/// Empty when there is no such manifest or another stamp.
pub(crate) fn read_rendered_pages(out: &Path, cache_dir: &Path, stamp: u64, read: ReadBack) -> Vec<RenderedPage> {
    use rayon::prelude::*;
    let target = super::output_guard::resolve_path(out);
    let Some(previous) = PreviousOutput::read(&target, &manifest_path(cache_dir, &target)) else {
        return Vec::new();
    };
    if stamp == 0 || previous.renders.stamp != stamp {
        return Vec::new();
    }
    let keys: Vec<(&String, &u64)> = previous.renders.keys.iter().collect();
    keys.par_iter()
        .filter_map(|&(path, &key)| {
            let (recorded, old) = previous.unchanged_on_disk(path)?;
            let content = match read {
                ReadBack::Place => OutputContent::Previous(std::sync::Arc::new(PreviousFile {
                    path: old,
                    hash: recorded.content.hash,
                    size: recorded.content.size,
                })),
                ReadBack::Bytes => {
                    let bytes = std::fs::read(&old).ok()?;
                    if content_of_bytes(&bytes) != recorded.content {
                        return None;
                    }
                    OutputContent::Shared(bytes.into())
                }
            };
            Some(RenderedPage { path: path.clone(), key, content })
        })
        .collect()
}

fn parse_line(line: &str) -> Option<(String, Recorded, Option<u64>)> {
    let mut parts = line.splitn(6, ' ');
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    let size = parts.next()?.parse().ok()?;
    let modified_ns = parts.next()?.parse().ok()?;
    let inode = parts.next()?.parse().ok()?;
    let key = match parts.next()? {
        "-" => None,
        key => Some(u64::from_str_radix(key, 16).ok()?),
    };
    let path = parts.next()?.to_string();
    Some((path, Recorded { content: Content { hash, size }, disk: DiskStamp { modified_ns, inode } }, key))
}

/// The manifest of the output folder `target` (see above): one
/// per output folder, under the site's cache folder.
pub(super) fn manifest_path(cache_dir: &Path, target: &Path) -> PathBuf {
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&target, &mut hasher);
    cache_dir.join(format!("output-{:016x}.manifest", std::hash::Hasher::finish(&hasher)))
}

/// Writes the manifest of a new output (whole: see [`super::replace_file`]).
/// A path that cannot be one line is left out: it is simply written again
/// next time.
pub(super) fn write_manifest(manifest: &Path, files: &[(&str, Recorded)], renders: &RenderKeys) -> std::io::Result<()> {
    let mut text = header();
    text.push_str(&format!("\n{RENDER_STAMP}{:016x}\n", renders.stamp));
    for (path, r) in files {
        if path.contains(['\n', '\r']) {
            continue;
        }
        let Recorded { content, disk } = r;
        let key = renders.keys.get(*path).map_or_else(|| "-".to_string(), |k| format!("{k:016x}"));
        text.push_str(&format!(
            "{:016x} {} {} {} {key} {path}\n",
            content.hash, content.size, disk.modified_ns, disk.inode
        ));
    }
    super::replace_file::replace_file(manifest, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Origin;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile::bytes(path, text.as_bytes().to_vec(), Origin::generated("a test"))
    }

    #[test]
    fn a_manifest_reads_back_as_written_and_another_version_is_ignored() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        std::fs::create_dir(&out).expect("folder");
        std::fs::write(out.join("a b.html"), "hello").expect("file");
        let meta = std::fs::metadata(out.join("a b.html")).expect("meta");
        let content = content_of(&page("a b.html", "hello")).expect("content");
        let recorded = Recorded { content, disk: DiskStamp::of(&meta).expect("stamp") };
        let manifest = dir.path().join(".public.dermis-manifest");
        let renders = RenderKeys { stamp: 7, keys: HashMap::from([("a b.html".to_string(), u64::MAX)]) };
        write_manifest(&manifest, &[("a b.html", recorded), ("bad\nname", recorded)], &renders).expect("written");
        let previous = PreviousOutput::read(&out, &manifest).expect("read");
        assert_eq!(previous.files.len(), 1);
        assert_eq!(previous.files.get("a b.html"), Some(&recorded));
        assert_eq!((previous.renders.stamp, previous.renders.keys), (renders.stamp, renders.keys));

        let text = std::fs::read_to_string(&manifest).expect("text").replace(env!("CARGO_PKG_VERSION"), "0.0.0-other");
        std::fs::write(&manifest, text).expect("rewritten");
        assert!(PreviousOutput::read(&out, &manifest).is_none(), "another version's manifest is not used");
        std::fs::write(&manifest, format!("{}\nnot a line\n", header())).expect("rewritten");
        assert!(PreviousOutput::read(&out, &manifest).is_none(), "a damaged manifest is not used");
    }

    #[test]
    fn only_an_unchanged_file_still_on_disk_as_recorded_is_linked() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        std::fs::create_dir(&out).expect("folder");
        let mut recorded = Vec::new();
        for (path, text) in [("same.html", "same"), ("edited.html", "before"), ("by-hand.html", "orig")] {
            std::fs::write(out.join(path), text).expect("file");
            let meta = std::fs::metadata(out.join(path)).expect("meta");
            let content = content_of(&page(path, text)).expect("content");
            recorded.push((path, Recorded { content, disk: DiskStamp::of(&meta).expect("stamp") }));
        }
        let manifest = dir.path().join(".public.dermis-manifest");
        write_manifest(&manifest, &recorded, &RenderKeys::default()).expect("written");
        // Someone replaces a file by hand (same size, new inode).
        std::fs::remove_file(out.join("by-hand.html")).expect("removed");
        std::fs::write(out.join("by-hand.html"), "ORIG").expect("file");
        let previous = PreviousOutput::read(&out, &manifest).expect("read");
        let staging = dir.path().join("staging");
        std::fs::create_dir(&staging).expect("folder");
        let try_link = |path: &str, text: &str| {
            let content = content_of(&page(path, text)).expect("content");
            previous.link_unchanged(path, content, &staging.join(path)).is_some()
        };
        assert!(try_link("same.html", "same"));
        assert_eq!(std::fs::read_to_string(staging.join("same.html")).expect("linked"), "same");
        assert!(!try_link("edited.html", "after!"), "changed content is written");
        assert!(!try_link("by-hand.html", "orig"), "a file replaced by hand is not trusted");
        assert!(!try_link("new.html", "new"), "a file the manifest does not know is written");
        assert!(!staging.join("edited.html").exists() && !staging.join("by-hand.html").exists());
    }

    #[test]
    fn only_pages_still_holding_the_bytes_written_are_read_back_and_only_for_their_stamp() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (out, cache) = (dir.path().join("public"), dir.path().join("cache"));
        std::fs::create_dir_all(&out).expect("folder");
        std::fs::create_dir_all(&cache).expect("folder");
        let mut recorded = Vec::new();
        let mut keys = HashMap::new();
        for (i, path) in ["kept.html", "touched.html", "forged.html", "plain.css"].into_iter().enumerate() {
            std::fs::write(out.join(path), format!("page {path}")).expect("file");
            let meta = std::fs::metadata(out.join(path)).expect("meta");
            let content = content_of(&page(path, &format!("page {path}"))).expect("content");
            recorded.push((path, Recorded { content, disk: DiskStamp::of(&meta).expect("stamp") }));
            if path.ends_with(".html") {
                keys.insert(path.to_string(), i as u64 + 100);
            }
        }
        let target = super::super::output_guard::resolve_path(&out);
        let manifest = manifest_path(&cache, &target);
        write_manifest(&manifest, &recorded, &RenderKeys { stamp: 9, keys }).expect("written");
        // Edited in place: another time.
        std::fs::write(out.join("touched.html"), "page touched.html!").expect("file");
        // Edited in place with its size and time put back: only the content
        // hash tells.
        let forged = out.join("forged.html");
        let time = std::fs::metadata(&forged).and_then(|m| m.modified()).expect("time");
        std::fs::write(&forged, "PAGE forged.html").expect("file");
        std::fs::File::options().write(true).open(&forged).and_then(|f| f.set_modified(time)).expect("time set");
        let read = |stamp, how| {
            let mut pages: Vec<(String, u64, OutputContent)> =
                read_rendered_pages(&out, &cache, stamp, how).into_iter().map(|p| (p.path, p.key, p.content)).collect();
            pages.sort_by(|a, b| a.0.cmp(&b.0));
            pages
        };
        let bytes = read(9, ReadBack::Bytes);
        let listed: Vec<(&str, u64, Option<&[u8]>)> =
            bytes.iter().map(|(path, key, content)| (path.as_str(), *key, content.in_memory())).collect();
        assert_eq!(listed, [("kept.html", 100, Some(&b"page kept.html"[..]))]);
        // Left in place, a page is trusted on its size, time and inode, as
        // the writer trusts a file it hard-links: the forged one is taken
        // too, and a writer that finds it no longer linkable reads and
        // checks it (`staging`).
        let placed = read(9, ReadBack::Place);
        let listed: Vec<(&str, u64)> = placed.iter().map(|(path, key, _)| (path.as_str(), *key)).collect();
        assert_eq!(listed, [("forged.html", 102), ("kept.html", 100)]);
        let OutputContent::Previous(kept) = &placed[1].2 else { panic!("left in place: {:?}", placed[1].2) };
        assert_eq!(kept.path, target.join("kept.html"));
        assert!(holds(kept, b"page kept.html") && !holds(kept, b"page kept.html!"));
        for how in [ReadBack::Bytes, ReadBack::Place] {
            assert!(read(8, how).is_empty(), "another stamp");
            assert!(read_rendered_pages(&dir.path().join("elsewhere"), &cache, 9, how).is_empty(), "another folder");
        }
    }
}
