//! Documents → an inverted index: for every stem, the documents that
//! contain it, each with one precomputed weight (BM25 in each of six fields,
//! weighted and summed), so a query's score is a sum of weights the browser
//! reads off the postings.

use super::documents::SearchDoc;
use super::words::{WordTable, fold, tokens};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// Title, other names, headings, description and facts, body, and the
/// extra text (sources' titles, listed pages).
pub(crate) const FIELDS: usize = 6;
/// How much a word in each field counts against one in the body. Each
/// field's BM25 saturates on its own, so a word in the title is worth more
/// than the same word any number of times in the body.
const FIELD_WEIGHTS: [f64; FIELDS] = [6.0, 5.0, 3.0, 2.0, 1.0, 0.5];
/// How strongly each field's length discounts its words (BM25's `b`): a
/// page with many other names is not a worse match for each of them.
const FIELD_B: [f64; FIELDS] = [0.5, 0.2, 0.5, 0.6, 0.75, 0.75];
/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// Scores are stored in one byte on a log scale: `round(SCALE × ln(1 +
/// score))`, 1..=255; the browser reads `exp(byte / SCALE) - 1` (about 2.5 %
/// apart, from 0.025 to 580).
pub(crate) const WEIGHT_SCALE: f64 = 40.0;

/// One stem and where it occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexTerm {
    pub(crate) stem: String,
    /// The form readers see most often ("wrinkles" for "wrinkl"), for suggestions.
    pub(crate) display: String,
    /// (document, weight), by document.
    pub(crate) postings: Vec<(u32, u8)>,
}

/// Every stem of the corpus, sorted.
pub(crate) struct InvertedIndex {
    pub(crate) terms: Vec<IndexTerm>,
}

type FieldCounts = [u16; FIELDS];

/// The index of one run of consecutive documents (one rayon job).
struct Partial {
    table: WordTable,
    /// Stem id → (document, counts per field).
    postings: Vec<Vec<(u32, FieldCounts)>>,
    /// Per document of this run: (document, words per field).
    lengths: Vec<(u32, [u32; FIELDS])>,
    /// Scratch: counts of the document being read, by stem id.
    counts: Vec<FieldCounts>,
    touched: Vec<u32>,
    /// Stem id in [`PageWords`] → stem id here (`u32::MAX`: not yet seen).
    from_pages: Vec<u32>,
}

impl Partial {
    fn new() -> Self {
        Partial {
            table: WordTable::new(),
            postings: Vec::new(),
            lengths: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            from_pages: Vec::new(),
        }
    }

    /// Adds document `doc`; its body's words come from `counted` when they
    /// were counted beforehand ([`count_page_words`]).
    fn add(&mut self, doc: u32, d: &SearchDoc<'_>, counted: Option<(&PageWords, &BodyWords)>) {
        let mut lengths = [0u32; FIELDS];
        let headings = d.headings.iter().map(String::as_str);
        let about = std::iter::once(d.description.as_str()).chain(d.about.iter().map(String::as_str));
        self.add_field(0, std::iter::once(d.title.as_str()), &mut lengths[0]);
        self.add_field(1, d.names.iter().map(String::as_str), &mut lengths[1]);
        self.add_field(2, headings, &mut lengths[2]);
        self.add_field(3, about, &mut lengths[3]);
        if let Some((words, body)) = counted {
            lengths[4] = body.length;
            for &(page_stem, n) in &body.counts {
                let id = self.stem_from_pages(words, page_stem);
                self.count_n(id, 4, n);
            }
        } else {
            let body = d.sections.iter().filter(|_| d.index_sections).map(|s| s.text.as_ref());
            self.add_field(4, body, &mut lengths[4]);
        }
        self.add_field(5, d.extra.iter().map(String::as_str), &mut lengths[5]);
        for id in self.touched.drain(..) {
            let slot = &mut self.counts[id as usize];
            self.postings[id as usize].push((doc, *slot));
            *slot = [0; FIELDS];
        }
        self.lengths.push((doc, lengths));
    }

    fn add_field<'t>(&mut self, field: usize, texts: impl Iterator<Item = &'t str>, length: &mut u32) {
        let mut lower = String::new();
        for text in texts {
            // ASCII text (nearly all) is read as it is, each token lowered
            // on its own: folding a whole body would copy it.
            let folded: Cow<'_, str> = if text.is_ascii() { Cow::Borrowed(text) } else { Cow::Owned(fold(text)) };
            let mut previous: Option<(usize, usize)> = None;
            for (start, token) in tokens(&folded) {
                let end = start + token.len();
                let token = if token.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower.clear();
                    lower.extend(token.chars().map(|c| c.to_ascii_lowercase()));
                    lower.as_str()
                } else {
                    token
                };
                if let Some(id) = self.table.id(token) {
                    *length += 1;
                    self.count(id, field);
                }
                // "non-ablative" is also found as "nonablative".
                // (Words only: "method-12" would make a word per number.)
                if let Some((p_start, p_end)) = previous
                    && &folded[p_end..start] == "-"
                    && folded[p_start..p_end].chars().all(char::is_alphabetic)
                    && token.chars().all(char::is_alphabetic)
                {
                    let joined = format!("{}{}", &folded[p_start..p_end], token).to_ascii_lowercase();
                    if let Some(id) = self.table.id(&joined) {
                        self.count(id, field);
                    }
                }
                previous = Some((start, end));
            }
        }
    }

    /// This run's id of a stem of [`PageWords`].
    fn stem_from_pages(&mut self, words: &PageWords, page_stem: u32) -> u32 {
        let at = page_stem as usize;
        if at >= self.from_pages.len() {
            self.from_pages.resize(words.stems.len().max(at + 1), u32::MAX);
        }
        if self.from_pages[at] == u32::MAX {
            self.from_pages[at] = self.table.intern_stem(&words.stems[at]);
        }
        self.from_pages[at]
    }

    /// One page's body alone: its length and (stem id, count) pairs.
    fn body_words<'t>(&mut self, texts: impl Iterator<Item = &'t str>) -> BodyWords {
        let mut length = 0;
        self.add_field(4, texts, &mut length);
        let mut counts = Vec::with_capacity(self.touched.len());
        for id in self.touched.drain(..) {
            let slot = &mut self.counts[id as usize];
            counts.push((id, slot[4]));
            *slot = [0; FIELDS];
        }
        BodyWords { length, counts }
    }

    fn count(&mut self, id: u32, field: usize) {
        self.count_n(id, field, 1);
    }

    fn count_n(&mut self, id: u32, field: usize, n: u16) {
        let id = id as usize;
        if id >= self.counts.len() {
            self.counts.resize(id + 1, [0; FIELDS]);
            self.postings.resize_with(id + 1, Vec::new);
        }
        let slot = &mut self.counts[id];
        if *slot == [0; FIELDS] {
            self.touched.push(id as u32);
        }
        slot[field] = slot[field].saturating_add(n);
    }

    /// Appends `later`, whose documents all come after this one's.
    fn merge(mut self, later: Partial) -> Partial {
        let Partial { table, postings, lengths, .. } = later;
        let mut map = vec![0u32; table.stems.len()];
        for (later_id, stem) in table.stems.iter().enumerate() {
            map[later_id] = self.table.intern_stem(stem);
        }
        if self.postings.len() < self.table.stems.len() {
            self.postings.resize_with(self.table.stems.len(), Vec::new);
            self.counts.resize(self.table.stems.len(), [0; FIELDS]);
        }
        for (later_id, list) in postings.into_iter().enumerate() {
            self.postings[map[later_id] as usize].extend(list);
        }
        for (form, later_id, seen) in table.forms() {
            self.table.add_form(form, map[later_id as usize], seen);
        }
        self.lengths.extend(lengths);
        self
    }
}

/// Builds the index of `docs` (document ids are positions in `docs`).
#[cfg(test)]
pub(crate) fn build(docs: &[SearchDoc<'_>]) -> InvertedIndex {
    build_with(docs, None)
}

/// [`build`], reading the bodies of the documents `words` counted (found by
/// the key `key_of` gives a document) instead of tokenising them again. The
/// index is the same: `words` is used only when it counted exactly the
/// bodies the index takes, else every body is tokenised here.
pub(crate) fn build_with(docs: &[SearchDoc<'_>], counted: Option<(&PageWords, DocKey<'_>)>) -> InvertedIndex {
    let never = AtomicBool::new(false);
    build_until(docs, counted, &never).unwrap_or(InvertedIndex { terms: Vec::new() })
}

/// [`build_with`], given up (`None`) soon after `stop` is set.
pub(crate) fn build_until(
    docs: &[SearchDoc<'_>],
    counted: Option<(&PageWords, DocKey<'_>)>,
    stop: &AtomicBool,
) -> Option<InvertedIndex> {
    let counted = counted.filter(|(words, key_of)| {
        let keys: Vec<usize> = docs.iter().filter(|d| d.index_sections).filter_map(key_of).collect();
        let distinct: std::collections::HashSet<usize> = keys.iter().copied().collect();
        distinct.len() == keys.len()
            && distinct.len() == words.pages.len()
            && keys.iter().all(|k| words.pages.contains_key(k))
    });
    let body_of = |d: &SearchDoc<'_>| {
        let (words, key_of) = counted?;
        let body = key_of(d).filter(|_| d.index_sections).and_then(|k| words.pages.get(&k))?;
        Some((words, body))
    };
    let mut whole = docs
        .par_iter()
        .enumerate()
        .with_min_len(runs_of(docs.len()))
        .fold(Partial::new, |mut part, (i, doc)| {
            if !stop.load(Ordering::Relaxed) {
                part.add(i as u32, doc, body_of(doc));
            }
            part
        })
        .reduce(Partial::new, Partial::merge);
    if stop.load(Ordering::Relaxed) {
        return None;
    }
    // How often each form was seen in the counted bodies, for the form each
    // stem is shown as.
    if let Some((words, _)) = counted {
        for (form, page_stem, seen) in &words.forms {
            let id = whole.table.intern_stem(&words.stems[*page_stem as usize]);
            whole.table.add_form(form, id, *seen);
        }
    }
    Some(weigh(whole, docs))
}

/// Few, long runs: each run stems every word it meets once, so many short
/// runs would stem the same words over and over.
fn runs_of(len: usize) -> usize {
    (len / (4 * rayon::current_num_threads())).max(32)
}

/// The key of the page a document stands for, as [`count_page_words`] got it.
pub(crate) type DocKey<'k> = &'k (dyn Fn(&SearchDoc<'_>) -> Option<usize> + Sync);

/// The words of one page's body.
pub(crate) struct BodyWords {
    /// Words counted (the body field's length).
    length: u32,
    /// (stem id in [`PageWords`], occurrences).
    counts: Vec<(u32, u16)>,
}

/// The body words of pages, counted from their text alone, so the pipeline
/// can count them while resolve runs (resolve leaves a core idle for much
/// of its time) instead of beside the rendering of pages.
pub(crate) struct PageWords {
    stems: Vec<String>,
    /// (form, stem id, times seen) over every counted body.
    forms: Vec<(String, u32, u32)>,
    /// By page key.
    pages: HashMap<usize, BodyWords>,
}

/// Counts the body words of `pages`, each given as (key, its texts).
pub(crate) fn count_page_words(pages: &[(usize, Vec<&str>)]) -> PageWords {
    type Run = (Partial, Vec<(usize, BodyWords)>);
    let runs: Vec<Run> = pages
        .par_iter()
        .with_min_len(runs_of(pages.len()))
        .fold(
            || (Partial::new(), Vec::new()),
            |(mut part, mut bodies): Run, (key, texts)| {
                let body = part.body_words(texts.iter().copied());
                bodies.push((*key, body));
                (part, bodies)
            },
        )
        .collect();
    // The runs' tables joined into one, as `Partial::merge` joins them.
    let mut table = WordTable::new();
    let mut pages_out = HashMap::new();
    for (part, bodies) in runs {
        let map: Vec<u32> = part.table.stems.iter().map(|stem| table.intern_stem(stem)).collect();
        for (form, id, seen) in part.table.forms() {
            table.add_form(form, map[id as usize], seen);
        }
        for (key, mut body) in bodies {
            for c in &mut body.counts {
                c.0 = map[c.0 as usize];
            }
            pages_out.insert(key, body);
        }
    }
    let forms = table.forms().map(|(form, id, seen)| (form.to_string(), id, seen)).collect();
    PageWords { stems: table.stems, forms, pages: pages_out }
}

fn weigh(whole: Partial, docs: &[SearchDoc<'_>]) -> InvertedIndex {
    let n = docs.len();
    let mut lengths = vec![[0u32; FIELDS]; n];
    let priors: Vec<f64> = docs.iter().map(|d| d.prior).collect();
    for (doc, l) in &whole.lengths {
        lengths[*doc as usize] = *l;
    }
    let mut average = [0f64; FIELDS];
    for l in &lengths {
        for f in 0..FIELDS {
            average[f] += f64::from(l[f]);
        }
    }
    for a in &mut average {
        *a = (*a / n.max(1) as f64).max(1.0);
    }
    let displays = display_forms(&whole.table);
    let mut terms: Vec<IndexTerm> = whole
        .table
        .stems
        .iter()
        .zip(whole.postings)
        .enumerate()
        .filter(|(_, (_, postings))| !postings.is_empty())
        .map(|(id, (stem, postings))| {
            let df = postings.len() as f64;
            let idf = (1.0 + (n as f64 - df + 0.5) / (df + 0.5)).ln();
            let postings = postings
                .into_iter()
                .map(|(doc, counts)| {
                    let l = &lengths[doc as usize];
                    let mut sum = 0.0;
                    for f in 0..FIELDS {
                        if counts[f] > 0 {
                            let norm = 1.0 - FIELD_B[f] + FIELD_B[f] * f64::from(l[f]) / average[f];
                            let tf = f64::from(counts[f]);
                            sum += FIELD_WEIGHTS[f] * tf * (K1 + 1.0) / (tf + K1 * norm);
                        }
                    }
                    let score = priors[doc as usize] * idf * sum;
                    (doc, (WEIGHT_SCALE * score.ln_1p()).round().clamp(1.0, 255.0) as u8)
                })
                .collect();
            IndexTerm { stem: stem.clone(), display: displays[id].clone(), postings }
        })
        .collect();
    terms.sort_unstable_by(|a, b| a.stem.cmp(&b.stem));
    InvertedIndex { terms }
}

/// For each stem, its most frequent form (ties: the shorter, then the first
/// in alphabetical order).
fn display_forms(table: &WordTable) -> Vec<String> {
    let mut best: HashMap<u32, (&str, u32)> = HashMap::new();
    for (form, id, seen) in table.forms() {
        let entry = best.entry(id).or_insert((form, seen));
        let better = seen > entry.1 || (seen == entry.1 && (form.len(), form) < (entry.0.len(), entry.0));
        if better {
            *entry = (form, seen);
        }
    }
    table
        .stems
        .iter()
        .enumerate()
        .map(|(id, stem)| best.get(&(id as u32)).map_or(stem.clone(), |(f, _)| f.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::documents::{DocSection, SearchDoc};
    use super::*;

    fn doc(title: &str, body: &str) -> SearchDoc<'static> {
        SearchDoc {
            url: format!("/{}/", title.to_lowercase()),
            title: title.to_string(),
            kind: 0,
            names: Vec::new(),
            headings: Vec::new(),
            description: String::new(),
            about: Vec::new(),
            sections: vec![DocSection { heading: String::new(), anchor: String::new(), text: body.to_string().into() }],
            extra: Vec::new(),
            facets: Vec::new(),
            page: None,
            index_sections: true,
            prior: 1.0,
        }
    }

    fn postings<'a>(index: &'a InvertedIndex, stem: &str) -> &'a [(u32, u8)] {
        index.terms.iter().find(|t| t.stem == stem).map_or(&[], |t| &t.postings)
    }

    #[test]
    fn a_title_word_outweighs_the_same_word_in_a_body() {
        let docs = vec![doc("Peels", "skin"), doc("Lasers", "a peel is mentioned"), doc("Other", "nothing")];
        let index = build(&docs);
        let peel = postings(&index, "peel");
        assert_eq!(peel.len(), 2);
        assert!(peel[0].1 > peel[1].1, "{peel:?}");
        assert!(postings(&index, "is").is_empty(), "stop words are not indexed");
    }

    #[test]
    fn parallel_runs_give_the_index_a_single_run_gives() {
        let docs: Vec<SearchDoc<'static>> =
            (0..500).map(|i| doc(&format!("Page {i}"), &format!("word{} shared text {}", i % 37, i % 5))).collect();
        let parallel = build(&docs);
        let single = weigh(
            docs.iter().enumerate().fold(Partial::new(), |mut p, (i, d)| {
                p.add(i as u32, d, None);
                p
            }),
            &docs,
        );
        assert_eq!(parallel.terms, single.terms);
        for t in &parallel.terms {
            assert!(t.postings.windows(2).all(|w| w[0].0 < w[1].0), "postings of {} are sorted", t.stem);
        }
    }

    #[test]
    fn bodies_counted_beforehand_give_the_same_index() {
        let bodies = [
            "Peels and PEELING: non-ablative peel, crow's feet.",
            "Café résumé naïve peel; 1064 nm laser-lasers.",
            "the of and", // stop words only
            "",
        ];
        let mut docs: Vec<SearchDoc<'static>> = (0..300)
            .map(|i| doc(&format!("Page {i}"), &format!("{} word{} {}", bodies[i % 4], i % 23, "Wrinkles wrinkle")))
            .collect();
        docs[7].index_sections = false; // a list page: its text is not body
        let texts: Vec<(usize, Vec<&str>)> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.index_sections)
            .map(|(i, d)| (i, d.sections.iter().map(|s| s.text.as_ref()).collect()))
            .collect();
        let words = count_page_words(&texts);
        let position = |d: &SearchDoc<'_>| docs.iter().position(|other| std::ptr::eq(other, d));
        let counted = build_with(&docs, Some((&words, &position)));
        let plain = build(&docs);
        assert_eq!(counted.terms, plain.terms);
        // Counts that do not match the documents (one body missing) are not used.
        let fewer = count_page_words(&texts[1..]);
        assert_eq!(build_with(&docs, Some((&fewer, &position))).terms, plain.terms);
    }

    #[test]
    fn hyphenated_words_are_also_found_joined() {
        let index = build(&[doc("Non-ablative lasers", "")]);
        assert_eq!(postings(&index, "nonabl").len(), 1);
        assert_eq!(postings(&index, "non").len(), 1);
    }

    #[test]
    fn the_display_form_is_the_commonest() {
        let index = build(&[doc("Wrinkles", "wrinkles wrinkle wrinkles")]);
        let term = index.terms.iter().find(|t| t.stem == "wrinkl");
        assert_eq!(term.map(|t| t.display.as_str()), Some("wrinkles"));
    }
}
