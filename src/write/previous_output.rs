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

use crate::render::{OutputContent, OutputFile};
use std::collections::HashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// The first line of a manifest.
fn header() -> String {
    format!("dermis-manifest 1 {}", env!("CARGO_PKG_VERSION"))
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
    hash: u64,
    size: u64,
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
    let mut hasher = std::hash::DefaultHasher::new();
    match &file.content {
        OutputContent::Bytes(_) | OutputContent::Shared(_) => {
            let bytes = file.content.in_memory()?;
            hasher.write_u8(0);
            hasher.write(bytes);
            Some(Content { hash: hasher.finish(), size: bytes.len() as u64 })
        }
        OutputContent::Copy(source) => {
            let meta = std::fs::metadata(source).ok()?;
            let stamp = DiskStamp::of(&meta)?;
            hasher.write_u8(1);
            hasher.write(source.to_string_lossy().as_bytes());
            hasher.write_u128(stamp.modified_ns);
            hasher.write_u64(stamp.inode);
            Some(Content { hash: hasher.finish(), size: meta.len() })
        }
    }
}

/// The previous output folder and what its manifest says of it.
pub(super) struct PreviousOutput {
    dir: PathBuf,
    files: HashMap<String, Recorded>,
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
        let files = lines.map(parse_line).collect::<Option<HashMap<String, Recorded>>>()?;
        Some(PreviousOutput { dir: dir.to_path_buf(), files })
    }

    /// Hard-links the previous output's copy of `path` to `target` when it
    /// holds `content` and is still the file the manifest describes.
    pub(super) fn link_unchanged(&self, path: &str, content: Content, target: &Path) -> Option<Recorded> {
        let recorded = self.files.get(path).filter(|r| r.content == content)?;
        let old = self.dir.join(path);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !meta.is_file() || meta.len() != content.size || DiskStamp::of(&meta)? != recorded.disk {
            return None;
        }
        std::fs::hard_link(&old, target).ok()?;
        Some(*recorded)
    }
}

fn parse_line(line: &str) -> Option<(String, Recorded)> {
    let mut parts = line.splitn(5, ' ');
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    let size = parts.next()?.parse().ok()?;
    let modified_ns = parts.next()?.parse().ok()?;
    let inode = parts.next()?.parse().ok()?;
    let path = parts.next()?.to_string();
    Some((path, Recorded { content: Content { hash, size }, disk: DiskStamp { modified_ns, inode } }))
}

/// Writes the manifest of a new output (whole: see [`super::replace_file`]).
/// A path that cannot be one line is left out: it is simply written again
/// next time.
pub(super) fn write_manifest(manifest: &Path, files: &[(&str, Recorded)]) -> std::io::Result<()> {
    let mut text = header();
    text.push('\n');
    for (path, r) in files {
        if path.contains(['\n', '\r']) {
            continue;
        }
        let Recorded { content, disk } = r;
        text.push_str(&format!("{:016x} {} {} {} {path}\n", content.hash, content.size, disk.modified_ns, disk.inode));
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
        write_manifest(&manifest, &[("a b.html", recorded), ("bad\nname", recorded)]).expect("written");
        let previous = PreviousOutput::read(&out, &manifest).expect("read");
        assert_eq!(previous.files.len(), 1);
        assert_eq!(previous.files.get("a b.html"), Some(&recorded));

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
        write_manifest(&manifest, &recorded).expect("written");
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
}
