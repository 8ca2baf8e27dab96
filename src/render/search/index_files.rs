//! The index as files the search page fetches only as it needs them:
//!
//! - `search/v/<key>.json`: the vocabulary of the stems that start with `key`
//!   (one letter, or two when a letter's list is large): stem, shown form,
//!   posting shard, offset, count.
//! - `search/p/<n>.bin`: postings of a run of stems, as (varint document
//!   delta, one-byte weight) pairs.
//! - `search/d/<id>.json`: one document's title, URL, type and text, fetched
//!   for the results shown (snippets, highlighting, phrases).
//! - `search/facets.bin`: for every facet value, a bitmap of the documents
//!   that have it.
//!
//! The manifest (stop words, synonyms, kinds, facets, vocabulary keys, the
//! first stem of every posting shard) is written into the search page itself.

use super::documents::{DocSection, SearchCorpus, SearchDoc};
use super::inverted_index::{IndexTerm, InvertedIndex};
use super::words::STOP_WORDS;
use crate::render::output::{Origin, OutputFile};
use serde::Serialize;
use serde_json::{Value, json};
use std::hash::{Hash, Hasher};

/// A posting shard is closed once it reaches this many bytes.
const POSTING_SHARD_BYTES: usize = 16 * 1024;
/// A vocabulary file larger than this is split by one more letter…
const VOCABULARY_SHARD_BYTES: usize = 24 * 1024;
/// …up to keys of this many letters.
const MAX_VOCABULARY_KEY: usize = 4;

/// The files, and the manifest the search page embeds.
pub(crate) struct IndexFiles {
    pub(crate) files: Vec<OutputFile>,
    pub(crate) manifest: Value,
}

/// One document's file, as the browser reads it.
#[derive(Serialize)]
struct DocFile<'a> {
    /// Title.
    t: &'a str,
    /// URL, with the base path.
    u: String,
    /// Kind (index in the manifest's kinds).
    k: usize,
    /// Description.
    d: &'a str,
    /// Other names.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    n: &'a [String],
    /// Sections: [heading, anchor, text].
    s: Vec<(&'a str, &'a str, &'a str)>,
}

/// The JSON of one document's file (cached per page by the caller).
pub(crate) fn doc_json(doc: &SearchDoc<'_>, base: &str) -> String {
    let file = DocFile {
        t: &doc.title,
        u: format!("{base}{}", doc.url),
        k: doc.kind,
        d: &doc.description,
        n: &doc.names,
        s: doc
            .sections
            .iter()
            .map(|DocSection { heading, anchor, text }| (heading.as_str(), anchor.as_str(), text.as_ref()))
            .collect(),
    };
    // Sized for the text up front: a body of 8 KB would otherwise be
    // copied through six reallocations.
    let text: usize = doc.sections.iter().map(|s| s.heading.len() + s.anchor.len() + s.text.len() + 12).sum();
    let mut out = Vec::with_capacity(text + doc.title.len() + doc.description.len() + file.u.len() + 64);
    match serde_json::to_writer(&mut out, &file) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The postings in shards of about [`POSTING_SHARD_BYTES`], added to
/// `files`: where each term's postings start (shard, offset), and the first
/// stem of each shard (the page can fetch a word's shard at once, beside
/// its vocabulary file, instead of after it).
fn posting_shards<'i>(
    index: &'i InvertedIndex,
    files: &mut Vec<OutputFile>,
    version: &mut std::hash::DefaultHasher,
) -> (Vec<(usize, usize)>, Vec<&'i str>) {
    let origin = || Origin::generated("the generated search index");
    let mut locations = Vec::with_capacity(index.terms.len());
    let mut shard: Vec<u8> = Vec::new();
    let mut shard_count = 0usize;
    let mut shard_starts: Vec<&str> = Vec::new();
    for term in &index.terms {
        let bytes = encode_postings(term);
        if !shard.is_empty() && shard.len() + bytes.len() > POSTING_SHARD_BYTES {
            shard.hash(version);
            files.push(OutputFile::bytes(format!("search/p/{shard_count}.bin"), std::mem::take(&mut shard), origin()));
            shard_count += 1;
        }
        if shard_starts.len() == shard_count {
            shard_starts.push(&term.stem);
        }
        locations.push((shard_count, shard.len()));
        shard.extend_from_slice(&bytes);
    }
    if !shard.is_empty() {
        shard.hash(version);
        files.push(OutputFile::bytes(format!("search/p/{shard_count}.bin"), shard, origin()));
    }
    (locations, shard_starts)
}

/// One bitmap row per facet value, a bit per document.
fn facet_bitmaps(corpus: &SearchCorpus<'_>) -> Vec<u8> {
    let row = corpus.docs.len().div_ceil(8);
    let values: usize = corpus.facets.iter().map(|f| f.values.len()).sum();
    let mut bitmaps = vec![0u8; row * values];
    let offsets: Vec<usize> = corpus
        .facets
        .iter()
        .scan(0, |acc, f| {
            let at = *acc;
            *acc += f.values.len();
            Some(at)
        })
        .collect();
    for (d, doc) in corpus.docs.iter().enumerate() {
        for &(f, v) in &doc.facets {
            let value_row = offsets[f] + v;
            bitmaps[value_row * row + d / 8] |= 1 << (d % 8);
        }
    }
    bitmaps
}

/// Lays the index out as files. `doc_files` are the documents' JSON, in
/// document order.
pub(crate) fn index_files(
    corpus: &SearchCorpus<'_>,
    index: &InvertedIndex,
    doc_files: Vec<String>,
    synonyms: &[(String, Vec<String>)],
) -> IndexFiles {
    let origin = || Origin::generated("the generated search index");
    let mut files = Vec::new();
    let mut version = std::hash::DefaultHasher::new();
    // Postings.
    let (locations, shard_starts) = posting_shards(index, &mut files, &mut version);
    // Vocabulary: one file per first letter, split by longer prefixes
    // while a file is over the limit.
    let mut vocabulary_keys = Vec::new();
    let mut vocabulary_files: Vec<(String, String)> = Vec::new();
    vocabulary_pieces(&index.terms, &locations, 1, &mut vocabulary_files);
    for (key, text) in vocabulary_files {
        text.hash(&mut version);
        files.push(OutputFile::bytes(format!("search/v/{}.json", file_key(&key)), text, origin()));
        vocabulary_keys.push(key);
    }
    // Documents.
    for (id, json) in doc_files.into_iter().enumerate() {
        json.hash(&mut version);
        files.push(OutputFile::bytes(format!("search/d/{id}.json"), json, origin()));
    }
    // Facets.
    let n = corpus.docs.len();
    let bitmaps = facet_bitmaps(corpus);
    let facets_bytes = bitmaps.len();
    bitmaps.hash(&mut version);
    if !corpus.facets.is_empty() {
        files.push(OutputFile::bytes("search/facets.bin", bitmaps, origin()));
    }
    let manifest = json!({
        "version": format!("{:016x}", version.finish()),
        "docs": n,
        "kinds": corpus.kinds.iter().enumerate().map(|(i, k)| {
            let first = corpus.docs.iter().position(|d| d.kind == i).unwrap_or(0);
            let count = corpus.docs.iter().filter(|d| d.kind == i).count();
            json!({"key": k.key, "label": k.label, "rank": k.rank, "first": first, "count": count})
        }).collect::<Vec<_>>(),
        "stopWords": STOP_WORDS,
        "synonyms": synonyms,
        "vocabulary": vocabulary_keys,
        "shards": shard_starts,
        "facets": corpus.facets.iter().map(|f| json!({"label": f.label, "values": f.values})).collect::<Vec<_>>(),
        "facetBytes": facets_bytes,
    });
    IndexFiles { files, manifest }
}

/// Appends the vocabulary files of `terms` (sorted), keyed by their first
/// `chars` characters, splitting a file over the limit by one more.
fn vocabulary_pieces(terms: &[IndexTerm], locations: &[(usize, usize)], chars: usize, out: &mut Vec<(String, String)>) {
    let mut at = 0;
    while at < terms.len() {
        let key = first_char_key(&terms[at].stem, chars);
        let stop = at + terms[at..].iter().take_while(|t| first_char_key(&t.stem, chars) == key).count();
        let text = vocabulary_json(&terms[at..stop], &locations[at..stop]);
        let splittable = chars < MAX_VOCABULARY_KEY && stop - at > 1 && key.chars().count() == chars;
        if text.len() > VOCABULARY_SHARD_BYTES && splittable {
            vocabulary_pieces(&terms[at..stop], &locations[at..stop], chars + 1, out);
        } else {
            out.push((key, text));
        }
        at = stop;
    }
}

/// The vocabulary key of a stem: its first `chars` characters.
fn first_char_key(stem: &str, chars: usize) -> String {
    stem.chars().take(chars).collect()
}

/// A file name for a key: ASCII letters and digits as they are, anything
/// else as `u<hex>` (the browser does the same).
fn file_key(key: &str) -> String {
    key.chars()
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c.to_string() } else { format!("u{:x}", c as u32) })
        .collect()
}

fn vocabulary_json(terms: &[IndexTerm], locations: &[(usize, usize)]) -> String {
    let mut entries: Vec<Value> = Vec::with_capacity(terms.len() * 5);
    for (term, &(shard, offset)) in terms.iter().zip(locations) {
        entries.push(json!(term.stem));
        entries.push(if term.display == term.stem { json!(0) } else { json!(term.display) });
        entries.push(json!(shard));
        entries.push(json!(offset));
        entries.push(json!(term.postings.len()));
    }
    serde_json::to_string(&entries).unwrap_or_default()
}

fn encode_postings(term: &IndexTerm) -> Vec<u8> {
    let mut out = Vec::with_capacity(term.postings.len() * 2);
    let mut previous = 0u32;
    for (i, &(doc, weight)) in term.postings.iter().enumerate() {
        let delta = if i == 0 { doc } else { doc - previous };
        push_varint(&mut out, delta);
        out.push(weight);
        previous = doc;
    }
    out
}

/// Seven bits a byte, low bits first; the high bit says another byte follows.
fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_take_one_byte_below_128() {
        let mut out = Vec::new();
        push_varint(&mut out, 5);
        push_varint(&mut out, 300);
        assert_eq!(out, [5, 0xac, 0x02]);
    }

    #[test]
    fn a_large_letter_is_split_by_longer_prefixes_in_order() {
        let terms: Vec<IndexTerm> = (0..6000)
            .map(|i| IndexTerm { stem: format!("me{:05}x", i * 7), display: String::new(), postings: vec![(0, 1)] })
            .chain(std::iter::once(IndexTerm { stem: "peel".into(), display: "peel".into(), postings: vec![(1, 9)] }))
            .collect();
        let locations: Vec<(usize, usize)> = (0..terms.len()).map(|i| (0, i)).collect();
        let mut out = Vec::new();
        vocabulary_pieces(&terms, &locations, 1, &mut out);
        let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        assert!(keys.len() > 3 && keys.contains(&"p"), "{keys:?}");
        assert!(keys.iter().all(|k| k.len() <= MAX_VOCABULARY_KEY));
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        for (key, text) in &out {
            assert!(text.len() <= VOCABULARY_SHARD_BYTES || key.len() == MAX_VOCABULARY_KEY, "{key}: {}", text.len());
        }
    }

    #[test]
    fn file_keys_are_safe_names() {
        assert_eq!(file_key("de"), "de");
        assert_eq!(file_key("\u{e9}"), "ue9");
    }
}
