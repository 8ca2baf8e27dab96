//! `reading-grade`: the Flesch–Kincaid grade of a page's prose (paragraphs
//! and list items; citation markers removed), against `[checks] reading_grade`.

use super::body_scan::{Block, BlockKind};
use super::sentences::{Sentence, split_sentences};
use crate::diagnostics::{Code, Diagnostic, SourceLocator};

/// The Flesch–Kincaid grade level:
/// 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
pub(super) fn flesch_kincaid(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    0.39 * (words as f64 / sentences as f64) + 11.8 * (syllables as f64 / words as f64) - 15.59
}

/// Prose shorter than this is not graded: a formula of averages says
/// nothing about a line or two (a stub, a short glossary note).
const MIN_WORDS: usize = 20;

/// Longest quotation of the hardest sentence, in characters.
const QUOTE_CHARS: usize = 90;

/// A warning when the prose's grade (to one decimal) is above `limit`, at
/// the hardest sentence.
pub(super) fn check_reading_grade(blocks: &[Block], limit: f64, body: &SourceLocator<'_>) -> Option<Diagnostic> {
    let mut sentences: Vec<(&Block, Sentence)> = Vec::new();
    for block in blocks.iter().filter(|b| b.kind == BlockKind::Prose) {
        let text = without_citations(&block.text.text);
        sentences.extend(split_sentences(&text).into_iter().map(|s| (block, s)));
    }
    let words = sentences.iter().map(|(_, s)| s.words).sum();
    if words < MIN_WORDS {
        return None;
    }
    let syllables = sentences.iter().map(|(_, s)| s.syllables).sum();
    let grade = round1(flesch_kincaid(words, sentences.len(), syllables));
    if grade <= limit {
        return None;
    }
    let sentence_grade = |s: &Sentence| flesch_kincaid(s.words, 1, s.syllables);
    let mut hardest = sentences.first()?;
    for candidate in &sentences {
        if sentence_grade(&candidate.1) > sentence_grade(&hardest.1) {
            hardest = candidate;
        }
    }
    let (block, sentence) = hardest;
    let message = format!(
        "the prose reads at grade {grade:.1} (Flesch–Kincaid: {words} words in {} sentence{}), above the limit of {}; hardest sentence (grade {:.1}): \"{}\"",
        sentences.len(),
        if sentences.len() == 1 { "" } else { "s" },
        show_limit(limit),
        sentence_grade(sentence),
        quote(&sentence.text(&without_citations(&block.text.text)))
    );
    let help =
        "split long sentences and prefer short, everyday words; the limit is `reading_grade` in site.toml [checks]";
    Some(
        Diagnostic::warning(Code::ReadingGrade, body.path, message)
            .at(body.locate(block.text.body_offset(sentence.start)))
            .with_help(help),
    )
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn show_limit(limit: f64) -> String {
    if limit.fract() == 0.0 { format!("{limit:.0}") } else { format!("{limit}") }
}

/// `text` cut at a word to at most [`QUOTE_CHARS`] characters, with `…` when cut.
fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > QUOTE_CHARS - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{out} …")
}

/// `text` with every `[@…]` citation marker blanked (same byte length, so
/// indices still map to the body); `text` itself when it has none.
pub(super) fn without_citations(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("[@") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[@") {
        let Some(len) = rest[at..].find(']') else { break };
        out.push_str(&rest[..at]);
        out.push_str(&" ".repeat(len + 1));
        rest = &rest[at + len + 1..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::editorial::sentences::split_sentences;

    fn grade_of(text: &str) -> f64 {
        let s = split_sentences(text);
        let words = s.iter().map(|s| s.words).sum();
        let syllables = s.iter().map(|s| s.syllables).sum();
        round1(flesch_kincaid(words, s.len(), syllables))
    }

    #[test]
    fn grades_passages_of_known_grade() {
        // The example sentence of the Flesch–Kincaid literature: 13 words, 26 syllables, grade 13.1.
        assert_eq!(grade_of("The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."), 13.1);
        // 6 words, 6 syllables: 0.39 × 6 + 11.8 − 15.59 = −1.45.
        assert!((grade_of("The cat sat on the mat.") - -1.4).abs() < 0.11);
        assert!((flesch_kincaid(6, 1, 6) - -1.45).abs() < 1e-9);
        // 2 sentences, 11 words, 14 syllables (ev-er-y): 0.39 × 5.5 + 11.8 × 14 / 11 − 15.59 = 1.57.
        assert_eq!(grade_of("Wear sunscreen every day in the sun. It keeps skin safe."), 1.6);
    }

    #[test]
    fn citation_markers_are_blanked_in_place() {
        assert_eq!(without_citations("Peels help [@nhs; @aad]. Yes."), "Peels help             . Yes.");
        assert_eq!(without_citations("odd [@x"), "odd [@x");
    }

    #[test]
    fn long_quotes_are_cut_at_a_word() {
        let q = quote(&"word ".repeat(40));
        assert!(q.ends_with(" …") && q.chars().count() <= QUOTE_CHARS + 1, "{q}");
    }
}
