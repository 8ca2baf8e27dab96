//! Prose text → sentences and words, for the reading grade. A sentence ends
//! at `.`, `!` or `?` followed by a space (after any closing quote or
//! bracket), or at the end of its block; common abbreviations do not end one.

use super::syllables::count_syllables;

/// One sentence of a block.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Sentence {
    /// Byte index of its first character in the block's text.
    pub start: usize,
    /// Byte index just past it (trailing space included).
    pub end: usize,
    /// Words (tokens with a letter or digit).
    pub words: usize,
    /// Syllables of those words.
    pub syllables: usize,
}

/// Words that end with a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &["e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "approx", "fig", "no", "st"];

/// The sentences of `text`, skipping those without words.
pub(super) fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    // The stops are ASCII, so a byte search finds them (a byte of a
    // multi-byte character is never one).
    for (i, c) in text.bytes().enumerate().filter(|(_, b)| matches!(b, b'.' | b'!' | b'?')) {
        let after = &text[i + 1..];
        let rest = after.trim_start_matches(['"', '\'', '”', '’', ')', ']']);
        let at_space = rest.chars().next().is_none_or(char::is_whitespace);
        if !at_space || (c == b'.' && is_abbreviation(&text[start..i])) {
            continue;
        }
        let end = text.len() - rest.len();
        out.extend(sentence(text, start, end));
        start = end;
    }
    out.extend(sentence(text, start, text.len()));
    out
}

/// Whether the word before a full stop (the end of `before`) is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut chars = word.chars();
    // One letter, also once lower-cased ("İ" lower-cases to two).
    let initial = chars.next().is_some_and(char::is_alphabetic)
        && chars.next().is_none()
        && word.chars().flat_map(char::to_lowercase).count() == 1;
    initial || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

fn sentence(text: &str, start: usize, end: usize) -> Option<Sentence> {
    let slice = &text[start..end];
    let trimmed = slice.trim_start();
    let start = start + (slice.len() - trimmed.len());
    let (mut words, mut syllables) = (0, 0);
    for word in trimmed.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)) {
        words += 1;
        syllables += count_syllables(word);
    }
    (words > 0).then_some(Sentence { start, end, words, syllables })
}

impl Sentence {
    /// Its text in `block` (the text it was split from), trimmed, every run
    /// of spaces one space.
    pub(super) fn text(&self, block: &str) -> String {
        block.get(self.start..self.end).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_stops_but_not_abbreviations_or_decimals() {
        let s =
            split_sentences("A peel, e.g. a light one, takes 1.5 hours. Is it safe? Yes! Ask Dr. Smith (or J. Doe).");
        let text = "A peel, e.g. a light one, takes 1.5 hours. Is it safe? Yes! Ask Dr. Smith (or J. Doe).";
        let texts: Vec<String> = s.iter().map(|s| s.text(text)).collect();
        assert_eq!(
            texts,
            vec!["A peel, e.g. a light one, takes 1.5 hours.", "Is it safe?", "Yes!", "Ask Dr. Smith (or J. Doe)."]
        );
        assert_eq!(s[1].start, 43);
        assert_eq!(s[1].words, 3);
    }

    #[test]
    fn a_block_without_a_stop_is_one_sentence_and_punctuation_is_not_a_word() {
        let s = split_sentences("  Redness — for a day  ");
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].start, s[0].words), (2, 4));
        assert!(split_sentences(" — ").is_empty());
    }
}
