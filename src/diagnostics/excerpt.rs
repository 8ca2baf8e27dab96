//! The source line of a diagnostic, cut out of its file when the diagnostic
//! is made or after the run: the text a code frame shows, and which of its
//! characters to underline.

use super::source_map::{LineCol, LineIndex};
use std::ops::Range;

/// The source line of a diagnostic and which of its characters to underline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Excerpt {
    /// The line without its newline; a long line is cut to a window around
    /// the problem, with `…` where text was left out.
    pub text: String,
    /// The underlined characters of `text` (character indices, not bytes).
    pub underline: Range<usize>,
}

/// A line longer than this (in characters) is shown as a window.
const LONG_LINE: usize = 160;
/// Characters a window shows, at most.
const WINDOW: usize = 140;
/// Characters kept before the underline in a window, at most.
const BEFORE: usize = 40;
/// The longest underline a window keeps.
const LONGEST_UNDERLINE: usize = 80;
/// How far a closing quote or bracket is looked for.
const LOOKAHEAD: usize = 240;

impl Excerpt {
    /// The excerpt of line `at.line` of `text` (a whole file), underlining
    /// `length` characters from `at.col`, or the word or bracketed text
    /// there when `length` is not known. `None` when the file has no such line.
    pub(crate) fn of_line(text: &str, at: LineCol, length: Option<u32>) -> Option<Excerpt> {
        let line = text.split('\n').nth(at.line.checked_sub(1)?)?;
        Some(SourceLine::new(line).excerpt(at.col, length))
    }
}

/// Lines cut from files, each file indexed once and each line read once, for
/// attaching excerpts to many diagnostics.
#[derive(Default)]
pub(crate) struct LineCache<'t> {
    files: std::collections::HashMap<String, (&'t str, LineIndex)>,
    lines: std::collections::HashMap<(String, usize), SourceLine>,
}

impl<'t> LineCache<'t> {
    /// The excerpt at `at` of the file `path`, whose text is `text`.
    pub(crate) fn excerpt(&mut self, path: &str, text: &'t str, at: LineCol, length: Option<u32>) -> Option<Excerpt> {
        let key = (path.to_string(), at.line);
        if !self.lines.contains_key(&key) {
            let (text, index) = self.files.entry(path.to_string()).or_insert_with(|| (text, LineIndex::new(text)));
            let start = index.line_start(at.line)?;
            let rest = text.get(start..)?;
            let line = rest.split('\n').next().unwrap_or("");
            self.lines.insert(key.clone(), SourceLine::new(line));
        }
        self.lines.get(&key).map(|line| line.excerpt(at.col, length))
    }
}

/// One line, as characters, to cut excerpts from (several diagnostics of one
/// line share it, so a line with thousands of problems is read once).
pub(crate) struct SourceLine {
    chars: Vec<char>,
}

impl SourceLine {
    /// The line's text, without the newline.
    pub(crate) fn new(line: &str) -> Self {
        SourceLine { chars: line.strip_suffix('\r').unwrap_or(line).chars().collect() }
    }

    /// The excerpt for a 1-based column.
    pub(crate) fn excerpt(&self, col: usize, length: Option<u32>) -> Excerpt {
        let len = self.chars.len();
        let length = length.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        let start = col.saturating_sub(1).min(len);
        let end = match length {
            Some(n) => start + n.min(len - start),
            None => start + self.token_length(start),
        };
        // An empty underline (end of line, empty span) still shows one caret.
        let end = if end == start && start < len { start + 1 } else { end };
        if len <= LONG_LINE {
            return Excerpt { text: self.chars.iter().collect(), underline: start..end };
        }
        let end = end.min(start + LONGEST_UNDERLINE);
        let from = start.saturating_sub(BEFORE);
        let to = (from + WINDOW).max(end).min(len);
        let mut text = String::new();
        let mut shift = 0;
        if from > 0 {
            text.push('…');
            shift = 1;
        }
        text.extend(&self.chars[from..to]);
        if to < len {
            text.push('…');
        }
        Excerpt { text, underline: start - from + shift..end - from + shift }
    }

    /// Characters of the token starting at `start`: a quoted string or a
    /// bracketed group (with its `(…)` after `[…]`, as in a Markdown link)
    /// up to its closing character, else the word.
    fn token_length(&self, start: usize) -> usize {
        let Some(&first) = self.chars.get(start) else { return 0 };
        let after = |i: usize| self.chars.get(i).copied();
        match first {
            // A Markdown image: `![alt](src)`.
            '!' if after(start + 1) == Some('[') => 1 + self.token_length(start + 1),
            '"' | '\'' | '`' => self.closing(start, first, first).unwrap_or(1),
            '[' | '(' | '{' | '<' => {
                let close = match first {
                    '[' => ']',
                    '(' => ')',
                    '{' => '}',
                    _ => '>',
                };
                match self.closing(start, first, close) {
                    Some(n) if first == '[' && after(start + n) == Some('(') => {
                        n + self.closing(start + n, '(', ')').unwrap_or(0)
                    }
                    Some(n) => n,
                    None => 1,
                }
            }
            c if is_word(c) => {
                let mut n = 0;
                while let Some(c) = after(start + n) {
                    let ends_key = c == ':' && after(start + n + 1).is_none_or(char::is_whitespace);
                    if !is_word(c) || ends_key || n >= LOOKAHEAD {
                        break;
                    }
                    n += 1;
                }
                n.max(1)
            }
            _ => 1,
        }
    }

    /// Length up to and including the `close` that balances the `open` at
    /// `start` (quotes: the next one not escaped by `\`).
    fn closing(&self, start: usize, open: char, close: char) -> Option<usize> {
        let mut depth = 0usize;
        let mut escaped = false;
        for (i, &c) in self.chars.iter().enumerate().skip(start).take(LOOKAHEAD) {
            if open == close {
                if i > start && c == close && !escaped {
                    return Some(i - start + 1);
                }
                escaped = c == '\\' && !escaped;
                continue;
            }
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return Some(i - start + 1);
                }
            }
        }
        None
    }
}

/// Characters of a word: not space, not a quote, not punctuation that ends
/// a key or a value.
fn is_word(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(c, '=' | ',' | ';' | '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn underlined(line: &str, col: usize, length: Option<u32>) -> String {
        let e = SourceLine::new(line).excerpt(col, length);
        e.text.chars().skip(e.underline.start).take(e.underline.len()).collect()
    }

    #[test]
    fn underlines_the_token_at_the_column() {
        assert_eq!(underlined("downtime_days = \"two weeks\"", 17, None), "\"two weeks\"");
        assert_eq!(underlined("downtime_days = \"two weeks\"", 1, None), "downtime_days");
        assert_eq!(underlined("approach: topcal", 1, None), "approach");
        assert_eq!(underlined("See [[peel]] now", 5, None), "[[peel]]");
        assert_eq!(underlined("A [link](/x/y#z) b", 3, None), "[link](/x/y#z)");
        assert_eq!(underlined("{{ page.title | upperr }}", 1, None), "{{ page.title | upperr }}");
        assert_eq!(underlined("layers = [1, 2", 10, None), "[");
        assert_eq!(underlined("A peel: ![](peel.png) b", 9, None), "![](peel.png)");
        assert_eq!(underlined("Wow! Then", 4, None), "!");
        assert_eq!(underlined("abc", 9, None), "");
    }

    #[test]
    fn a_known_length_wins_and_stops_at_the_line_end() {
        assert_eq!(underlined("key = value here", 7, Some(10)), "value here");
        assert_eq!(underlined("key = value", 7, Some(99)), "value");
        assert_eq!(underlined("key = value", 7, Some(0)), "v");
    }

    #[test]
    fn long_lines_show_a_window() {
        let line = format!("{}[[nope]]{}", "a ".repeat(500), " b".repeat(500));
        let e = SourceLine::new(&line).excerpt(1001, None);
        assert!(e.text.starts_with('…') && e.text.ends_with('…'), "{}", e.text);
        assert!(e.text.chars().count() < LONG_LINE, "{}", e.text.chars().count());
        let shown: String = e.text.chars().skip(e.underline.start).take(e.underline.len()).collect();
        assert_eq!(shown, "[[nope]]");
    }
}
