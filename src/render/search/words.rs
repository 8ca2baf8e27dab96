//! Words as the search index sees them: folded, split into tokens, stop
//! words dropped, stemmed. `search.js` does the same to a query (its stemmer
//! is `search-stemmer.js`, checked against this one on a word list), so a
//! word means the same thing on both sides.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words too common to tell pages apart; never indexed, ignored in queries.
/// The search page receives this list, so both sides use the same one.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could",
    "did", "do", "does", "doing", "for", "from", "had", "has", "have", "having", "he", "her", "his", "how", "i", "if",
    "in", "into", "is", "it", "it's", "its", "me", "my", "of", "on", "or", "our", "she", "should", "so", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "versus", "vs",
    "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you",
    "your",
];

/// Whether `word` (folded) is a stop word.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Lower case, accents removed, curly apostrophes made straight.
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if matches!(c, '\u{2019}' | '\u{2018}') { '\'' } else { c })
        .collect()
}

/// The tokens of folded text, with their byte ranges: runs of letters and
/// digits, joined by an apostrophe between two of them ("crow's").
pub(crate) fn tokens(folded: &str) -> Tokens<'_> {
    Tokens { text: folded, at: 0 }
}

/// Iterator of [`tokens`]; each item is `(start, token)`.
pub(crate) struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        // ASCII runs are scanned byte by byte (almost all text); anything
        // else by characters.
        while self.at < bytes.len() && bytes[self.at].is_ascii() && !bytes[self.at].is_ascii_alphanumeric() {
            self.at += 1;
        }
        if self.at < bytes.len() && bytes[self.at].is_ascii_alphanumeric() {
            let start = self.at;
            let mut end = start;
            while end < bytes.len() {
                let b = bytes[end];
                let inner_apostrophe = b == b'\'' && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
                if !b.is_ascii_alphanumeric() && !inner_apostrophe {
                    break;
                }
                end += 1;
            }
            if end == bytes.len() || bytes[end].is_ascii() {
                self.at = end;
                return Some((start, &self.text[start..end]));
            }
        }
        let rest = &self.text[self.at..];
        let start = self.at + rest.find(|c: char| c.is_alphanumeric())?;
        let mut end = start;
        let mut chars = self.text[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                end = start + i + c.len_utf8();
            } else if c == '\'' && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric()) {
                continue;
            } else {
                break;
            }
        }
        self.at = end;
        Some((start, &self.text[start..end]))
    }
}

/// Stems tokens, remembering each word it has seen (a site uses a few
/// thousand distinct words many times over).
pub(crate) struct WordStemmer {
    stemmer: Stemmer,
}

impl WordStemmer {
    /// The Snowball English stemmer.
    pub(crate) fn new() -> Self {
        WordStemmer { stemmer: Stemmer::create(Algorithm::English) }
    }

    /// The stem of one folded token; tokens of digits only stay as written.
    pub(crate) fn stem(&self, token: &str) -> String {
        if token.bytes().all(|b| b.is_ascii_digit()) {
            return token.to_string();
        }
        self.stemmer.stem(token).into_owned()
    }
}

/// Maps each distinct token to a small number (its word id) and counts how
/// often each form was seen, so each word is stemmed once per thread.
pub(crate) struct WordTable {
    stemmer: WordStemmer,
    /// Folded token → (stem id, times seen).
    forms: HashMap<String, (u32, u32)>,
    /// Stem id → stem.
    pub(crate) stems: Vec<String>,
    stem_ids: HashMap<String, u32>,
}

impl WordTable {
    /// An empty table.
    pub(crate) fn new() -> Self {
        WordTable {
            stemmer: WordStemmer::new(),
            forms: HashMap::default(),
            stems: Vec::new(),
            stem_ids: HashMap::default(),
        }
    }

    /// The stem id of a token, or `None` for a stop word.
    pub(crate) fn id(&mut self, token: &str) -> Option<u32> {
        if let Some((id, seen)) = self.forms.get_mut(token) {
            *seen += 1;
            return (*id != u32::MAX).then_some(*id);
        }
        let id = if is_stop_word(token) {
            u32::MAX
        } else {
            let stem = self.stemmer.stem(token);
            self.intern_stem(&stem)
        };
        self.forms.insert(token.to_string(), (id, 1));
        (id != u32::MAX).then_some(id)
    }

    /// The id of a stem, added when new.
    pub(crate) fn intern_stem(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.stem_ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stem_ids.insert(stem.to_string(), id);
        self.stems.push(stem.to_string());
        id
    }

    /// Records that `form`, of stem `id`, was seen `seen` more times.
    pub(crate) fn add_form(&mut self, form: &str, id: u32, seen: u32) {
        match self.forms.get_mut(form) {
            Some((_, count)) => *count += seen,
            None => {
                self.forms.insert(form.to_string(), (id, seen));
            }
        }
    }

    /// Every form seen, with its stem id and count.
    pub(crate) fn forms(&self) -> impl Iterator<Item = (&str, u32, u32)> {
        self.forms.iter().filter(|(_, (id, _))| *id != u32::MAX).map(|(form, &(id, seen))| (form.as_str(), id, seen))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        tokens(text).map(|(_, t)| t).collect()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn tokens_keep_inner_apostrophes_only() {
        assert_eq!(all("crow's feet, 'quoted' co2-laser"), ["crow's", "feet", "quoted", "co2", "laser"]);
        assert_eq!(all("patients' skin"), ["patients", "skin"]);
        assert_eq!(all("  "), Vec::<&str>::new());
    }

    #[test]
    fn folding_drops_accents_and_case() {
        assert_eq!(fold("Café CROW\u{2019}S"), "cafe crow's");
        assert_eq!(fold("Juvéderm"), "juvederm");
    }

    #[test]
    fn stems_agree_across_forms() {
        let s = WordStemmer::new();
        assert_eq!(s.stem("microneedling"), s.stem("microneedle"));
        assert_eq!(s.stem("peels"), s.stem("peel"));
        assert_eq!(s.stem("wrinkles"), s.stem("wrinkle"));
        assert_eq!(s.stem("1064"), "1064");
    }

    #[test]
    fn the_table_skips_stop_words_and_counts_forms() {
        let mut table = WordTable::new();
        assert_eq!(table.id("the"), None);
        let a = table.id("peels");
        let b = table.id("peel");
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(table.forms().count(), 2);
    }
}
