//! The persistent build cache: every source's parse, kept in
//! `.dermis-cache/parses.bin` by each successful `dermis build` so that the
//! next build (or `dermis check`, which reads it and writes nothing) parses
//! only the sources whose text changed (parsing is a quarter of a cold
//! build). A failed build leaves it as it was; `--no-cache` neither reads
//! nor writes it.
//!
//! Correct by construction: an entry is a parse memo entry (see
//! [`crate::memo`]) keyed by the hash of its source's path and text, and
//! the file as a whole is trusted only for the exact other inputs of a
//! parse: the same dermis binary (its size and time: a rebuilt or
//! upgraded dermis starts afresh), and the same configuration (the text of
//! site.toml and what the command line and environment change in it). A
//! file made for other inputs, or one that cannot be read back whole
//! (checked by a hash of its content), is discarded with a note and
//! rewritten; it is never half trusted. In verify mode
//! (`DERMIS_VERIFY_CACHE=1`) every source is parsed again and compared
//! with what the file held.
//!
//! Layout: a magic line with the format's number, the [`CacheStamp`], then
//! the entries, each encoded on its own (so each decodes when the parse
//! stage reaches its source, in parallel, and an entry the build reused is
//! copied into the next file as it is), and a hash of everything before
//! it. A page's body is not stored: it is the source's text after the
//! front matter.

use crate::diagnostics::Diagnostic;
use crate::load::SourceFile;
use crate::memo::Memo;
use crate::parse::ParsedPage;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A parse and its messages, shared (a rebuild reuses thousands of them).
pub(super) type ParseResult = (Option<Arc<ParsedPage>>, Arc<[Diagnostic]>);

/// The file, in the site's cache folder.
pub(super) const PARSES_FILE: &str = "parses.bin";

/// The first bytes of the file; the last digit is the format's number.
const MAGIC: &[u8] = b"dermis build cache: parses 3\n";

/// What a file must have been made for to be trusted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(super) struct CacheStamp {
    /// `CARGO_PKG_VERSION`.
    version: String,
    /// The running binary's size and modification time (nanoseconds).
    binary: (u64, u128),
    /// A hash of everything the configuration is made from.
    config: u64,
}

impl CacheStamp {
    /// The stamp of this process for a configuration whose inputs hash to
    /// `config`; `None` when the binary cannot be told apart from another
    /// (then nothing is cached).
    pub(super) fn of_this_binary(config: u64) -> Option<CacheStamp> {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok()?;
        let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
        Some(CacheStamp { version: env!("CARGO_PKG_VERSION").to_string(), binary: (meta.len(), modified), config })
    }
}

/// Why a cache file was not used (printed as a note; the build goes on
/// without it and writes a new one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CacheDiscarded {
    /// Another dermis binary wrote it (another version, or the same rebuilt).
    OtherDermis,
    /// It was made for another site.toml.
    OtherConfig,
    /// It could not be read back whole.
    Unreadable(String),
}

impl std::fmt::Display for CacheDiscarded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self {
            CacheDiscarded::OtherDermis => "was written by another dermis build".to_string(),
            CacheDiscarded::OtherConfig => "was made for another site.toml".to_string(),
            CacheDiscarded::Unreadable(why) => format!("could not be read ({why})"),
        };
        write!(f, "the build cache {why}: every page was parsed afresh (a successful build rewrites it)")
    }
}

/// One stored parse, as its bytes in the file.
struct StoredEntry {
    key: u64,
    bytes: Arc<[u8]>,
}

/// The parse cache of one build: what the file held, to seed the parse
/// memo with, and to copy unchanged entries from when saving.
pub(super) struct ParseStore {
    path: PathBuf,
    stamp: CacheStamp,
    loaded: HashMap<String, StoredEntry>,
}

/// A parse as the file holds it.
#[derive(Serialize, Deserialize)]
struct Record {
    page: Option<ParsedPage>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct RecordRef<'a> {
    page: Option<&'a ParsedPage>,
    diagnostics: &'a [Diagnostic],
}

impl ParseStore {
    /// Opens the cache of the site cache folder `dir` for a build stamped
    /// `stamp`. No file is no note; a file that is not used says why.
    pub(super) fn open(dir: &Path, stamp: CacheStamp) -> (ParseStore, Option<CacheDiscarded>) {
        let path = dir.join(PARSES_FILE);
        let mut store = ParseStore { path, stamp, loaded: HashMap::new() };
        let bytes = match std::fs::read(&store.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (store, None),
            Err(e) => return (store, Some(CacheDiscarded::Unreadable(e.to_string()))),
        };
        match read_entries(&bytes, &store.stamp) {
            Ok(entries) => {
                store.loaded = entries.into_iter().collect();
                (store, None)
            }
            Err(discarded) => (store, Some(discarded)),
        }
    }

    /// The parse of `source` the file holds, if it was made from the same
    /// path and text (`key`). An entry that does not decode is no parse
    /// (the source is parsed again, and the entry replaced on saving).
    pub(super) fn restore(&self, source: &SourceFile, key: u64) -> Option<ParseResult> {
        let entry = self.loaded.get(&source.rel_path).filter(|e| e.key == key)?;
        let record: Record = bincode::deserialize(&entry.bytes).ok()?;
        let page = match record.page {
            Some(page) => Some(Arc::new(page.with_body_from(source)?)),
            None => None,
        };
        Some((page, Arc::from(record.diagnostics)))
    }

    /// Writes what `memo` kept of the last build (whole: see
    /// [`crate::write::replace_file`]).
    /// Nothing is written when the file already holds exactly these entries.
    pub(super) fn save(&self, memo: &Memo<String, ParseResult>) -> std::io::Result<()> {
        let mut entries: Vec<(&String, u64, &ParseResult)> = memo.entries().collect();
        let unchanged = entries.len() == self.loaded.len()
            && entries.iter().all(|(rel_path, key, _)| self.loaded.get(*rel_path).is_some_and(|e| e.key == *key));
        if unchanged {
            return Ok(());
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let encoded: Vec<Result<Arc<[u8]>, bincode::Error>> = entries
            .par_iter()
            .map(|&(rel_path, key, (page, diagnostics))| match self.loaded.get(rel_path) {
                Some(stored) if stored.key == key => Ok(stored.bytes.clone()),
                _ => {
                    let record = RecordRef { page: page.as_deref(), diagnostics };
                    bincode::serialize(&record).map(Arc::from)
                }
            })
            .collect();
        let mut out = Vec::with_capacity(MAGIC.len() + encoded.iter().flatten().map(|b| b.len() + 64).sum::<usize>());
        out.extend_from_slice(MAGIC);
        put_bytes(&mut out, &bincode::serialize(&self.stamp).map_err(std::io::Error::other)?);
        out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for ((rel_path, key, _), bytes) in entries.iter().zip(encoded) {
            let bytes = bytes.map_err(std::io::Error::other)?;
            put_bytes(&mut out, rel_path.as_bytes());
            out.extend_from_slice(&key.to_le_bytes());
            put_bytes(&mut out, &bytes);
        }
        let hash = content_hash(&out);
        out.extend_from_slice(&hash.to_le_bytes());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::write::replace_file(&self.path, &out)
    }
}

/// Appends `bytes` with their length before them.
fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// A hash of a file's bytes, to tell a whole file from a damaged one.
fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The entries of a file, after checking its magic, its hash and its stamp.
fn read_entries(bytes: &[u8], stamp: &CacheStamp) -> Result<Vec<(String, StoredEntry)>, CacheDiscarded> {
    let damaged = |what: &str| CacheDiscarded::Unreadable(what.to_string());
    let body = bytes.strip_prefix(MAGIC).ok_or_else(|| damaged("not a cache file of this format"))?;
    let (body, hash) = body.split_last_chunk::<8>().ok_or_else(|| damaged("cut short"))?;
    if content_hash(&bytes[..bytes.len() - 8]) != u64::from_le_bytes(*hash) {
        return Err(damaged("its content does not match its checksum"));
    }
    // Every length is checked against the bytes that are left before
    // anything is decoded or allocated: even a file forged with a valid
    // checksum cannot ask for more memory than its own size.
    let mut reader = body;
    let cut_short = || damaged("cut short");
    let stamp_bytes = take_bytes(&mut reader).ok_or_else(cut_short)?;
    let written_for: CacheStamp = bincode::deserialize(stamp_bytes).map_err(|e| damaged(&e.to_string()))?;
    if written_for.version != stamp.version || written_for.binary != stamp.binary {
        return Err(CacheDiscarded::OtherDermis);
    }
    if written_for.config != stamp.config {
        return Err(CacheDiscarded::OtherConfig);
    }
    let count = take_u64(&mut reader).ok_or_else(cut_short)?;
    // Each entry takes at least 24 bytes (three numbers).
    let count = usize::try_from(count).ok().filter(|&n| n <= reader.len() / 24).ok_or_else(cut_short)?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let rel_path = take_bytes(&mut reader).ok_or_else(cut_short)?;
        let rel_path = std::str::from_utf8(rel_path).map_err(|_| damaged("a path that is not UTF-8"))?.to_string();
        let key = take_u64(&mut reader).ok_or_else(cut_short)?;
        let entry = take_bytes(&mut reader).ok_or_else(cut_short)?;
        entries.push((rel_path, StoredEntry { key, bytes: Arc::from(entry) }));
    }
    match reader.is_empty() {
        true => Ok(entries),
        false => Err(damaged("bytes after the last entry")),
    }
}

/// The next bytes, after their length; `None` when fewer are left.
fn take_bytes<'b>(reader: &mut &'b [u8]) -> Option<&'b [u8]> {
    let len = usize::try_from(take_u64(reader)?).ok().filter(|&n| n <= reader.len())?;
    let (head, rest) = reader.split_at(len);
    *reader = rest;
    Some(head)
}

fn take_u64(reader: &mut &[u8]) -> Option<u64> {
    let (head, rest) = reader.split_first_chunk::<8>()?;
    *reader = rest;
    Some(u64::from_le_bytes(*head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_site_config;
    use crate::load::decode_source;
    use crate::parse::parse_page;

    fn stamp(config: u64) -> CacheStamp {
        CacheStamp { version: "test".into(), binary: (1, 2), config }
    }

    /// Every source of the bundled site, and a page with every kind of
    /// `[extra]` value, with a page that fails to parse and one with warnings.
    fn sources() -> (crate::config::SiteConfig, Vec<SourceFile>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config_text = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
        let config = parse_site_config(&config_text).unwrap_or_else(|d| panic!("{d:?}"));
        let mut sources: Vec<SourceFile> = walkdir::WalkDir::new(root.join("content"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .filter_map(|e| {
                let rel = e.path().strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
                decode_source(&rel, &std::fs::read(e.path()).ok()?).ok()
            })
            .collect();
        assert!(sources.len() > 20, "the bundled site's pages");
        let extra = "+++\ntitle = \"Extra\"\n[extra]\nn = -3\nbig = 9223372036854775807\nf = 0.1\nlist = [1.5, \"x\", true]\n[extra.deep]\nwhen = 2024-01-02\n+++\nText with a very long sentence that goes on and on without any full stop so that the reading grade rises well above any limit a site would set for its readers today\n";
        for (rel, text) in [
            ("content/guides/extra.md", extra),
            ("content/guides/broken.md", "+++\ntitle = 3\n+++\n"),
            ("content/guides/no-front-matter.md", "Just text.\n"),
        ] {
            sources.push(decode_source(rel, text.as_bytes()).unwrap_or_else(|d| panic!("{d:?}")));
        }
        (config, sources)
    }

    fn memo_of(config: &crate::config::SiteConfig, sources: &[SourceFile]) -> Memo<String, ParseResult> {
        let mut memo = Memo::new("parse", true);
        for s in sources {
            let (page, d) = parse_page(s, config);
            memo.record(s.rel_path.clone(), s.content_hash(), (page.map(Arc::new), Arc::from(d)));
        }
        memo.finish();
        memo
    }

    #[test]
    fn every_parse_reads_back_equal_to_what_was_saved() {
        let (config, sources) = sources();
        let memo = memo_of(&config, &sources);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (store, note) = ParseStore::open(dir.path(), stamp(7));
        assert_eq!(note, None, "no file is no note");
        store.save(&memo).unwrap_or_else(|e| panic!("{e}"));
        let (store, note) = ParseStore::open(dir.path(), stamp(7));
        assert_eq!(note, None);
        let mut failed_parses = 0;
        for s in &sources {
            let (_, key, kept) = memo.entries().find(|(id, _, _)| **id == s.rel_path).unwrap_or_else(|| panic!());
            let restored = store.restore(s, key).unwrap_or_else(|| panic!("{} is in the cache", s.rel_path));
            assert_eq!(restored.0, kept.0, "{}", s.rel_path);
            assert_eq!(restored.1, kept.1, "{}", s.rel_path);
            failed_parses += usize::from(kept.0.is_none());
            // Another text of the same path is not this parse.
            assert!(store.restore(s, key ^ 1).is_none());
        }
        assert!(failed_parses >= 2, "failed parses are cached too");
        let extra = memo.entries().find(|(id, _, _)| id.ends_with("extra.md")).and_then(|(_, _, r)| r.0.clone());
        let extra = extra.map(|page| page.meta.extra.to_string()).unwrap_or_default();
        assert!(extra.contains("\"f\":0.1") && extra.contains("-3"), "[extra] of every kind: {extra}");
        assert!(memo.entries().any(|(_, _, (_, d))| !d.is_empty()), "and messages");
    }

    #[test]
    fn a_file_for_other_inputs_or_damaged_anywhere_is_discarded_never_half_read() {
        let (config, sources) = sources();
        let memo = memo_of(&config, &sources[..3]);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        ParseStore::open(dir.path(), stamp(7)).0.save(&memo).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ParseStore::open(dir.path(), stamp(8)).1, Some(CacheDiscarded::OtherConfig));
        let other = CacheStamp { binary: (1, 3), ..stamp(7) };
        assert_eq!(ParseStore::open(dir.path(), other).1, Some(CacheDiscarded::OtherDermis));
        let path = dir.path().join(PARSES_FILE);
        let good = std::fs::read(&path).unwrap_or_default();
        // Every byte changed, and the file cut at every length: discarded
        // with a reason, never a panic, never an entry.
        let step = (good.len() / 400).max(1);
        for at in (0..good.len()).step_by(step) {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            std::fs::write(&path, &bad).unwrap_or_default();
            let (store, note) = ParseStore::open(dir.path(), stamp(7));
            assert!(matches!(note, Some(CacheDiscarded::Unreadable(_))), "byte {at}: {note:?}");
            assert!(store.loaded.is_empty());
            std::fs::write(&path, &good[..at]).unwrap_or_default();
            assert!(matches!(ParseStore::open(dir.path(), stamp(7)).1, Some(CacheDiscarded::Unreadable(_))));
        }
        std::fs::write(&path, &good).unwrap_or_default();
        assert_eq!(ParseStore::open(dir.path(), stamp(7)).1, None);
    }

    #[test]
    fn a_forged_file_with_a_valid_checksum_cannot_ask_for_more_than_its_size() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(PARSES_FILE);
        let good_stamp = bincode::serialize(&stamp(7)).unwrap_or_default();
        // A stamp whose version string claims 2^62 bytes.
        let mut huge_string = good_stamp.clone();
        huge_string[..8].copy_from_slice(&(1u64 << 62).to_le_bytes());
        let forgeries: Vec<Vec<u8>> = vec![
            // Counts and lengths far beyond the file.
            [(1u64 << 62).to_le_bytes().to_vec()].concat(),
            [(good_stamp.len() as u64).to_le_bytes().to_vec(), good_stamp.clone(), u64::MAX.to_le_bytes().to_vec()]
                .concat(),
            [
                (good_stamp.len() as u64).to_le_bytes().to_vec(),
                good_stamp.clone(),
                1u64.to_le_bytes().to_vec(),
                (1u64 << 62).to_le_bytes().to_vec(),
                vec![0; 32],
            ]
            .concat(),
            [(huge_string.len() as u64).to_le_bytes().to_vec(), huge_string].concat(),
        ];
        for (n, body) in forgeries.into_iter().enumerate() {
            let mut file = MAGIC.to_vec();
            file.extend_from_slice(&body);
            let hash = content_hash(&file);
            file.extend_from_slice(&hash.to_le_bytes());
            std::fs::write(&path, &file).unwrap_or_default();
            let (store, note) = ParseStore::open(dir.path(), stamp(7));
            assert!(matches!(note, Some(CacheDiscarded::Unreadable(_))), "forgery {n}: {note:?}");
            assert!(store.loaded.is_empty());
        }
    }

    #[test]
    fn an_unchanged_cache_is_not_written_again() {
        let (config, sources) = sources();
        let memo = memo_of(&config, &sources[..3]);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        ParseStore::open(dir.path(), stamp(7)).0.save(&memo).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(PARSES_FILE);
        std::fs::write(&path, b"marker").unwrap_or_default();
        // (The marker is unreadable, so the store opened on it has nothing.)
        let (store, _) = ParseStore::open(dir.path(), stamp(7));
        store.save(&memo).unwrap_or_else(|e| panic!("{e}"));
        let saved = std::fs::read(&path).unwrap_or_default();
        assert_ne!(saved, b"marker");
        let (store, note) = ParseStore::open(dir.path(), stamp(7));
        assert_eq!(note, None);
        std::fs::write(&path, b"marker").unwrap_or_default();
        store.save(&memo).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"marker", "nothing changed, nothing written");
    }
}
