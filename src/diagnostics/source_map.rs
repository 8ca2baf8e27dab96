//! Byte offsets to line and column. Front-matter parsers report offsets in
//! their slice; [`SourceLocator`] shifts them into the coordinates of the
//! whole file, which is what editors show (see Zola #1133).

/// A line and column, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub col: usize,
}

/// Start offsets of every line of a text, and how many characters come
/// before every [`CHUNK`]-th byte, so a column costs at most one chunk of
/// counting however long the line is (60,000 links on one line stay linear).
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    line_starts: Vec<usize>,
    /// For chunk k: the last character boundary at or before byte k × CHUNK,
    /// and the number of characters before it.
    chunks: Vec<(usize, usize)>,
}

/// Bytes between two character-count checkpoints.
const CHUNK: usize = 4096;

impl LineIndex {
    /// Indexes `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chunks = Vec::with_capacity(text.len() / CHUNK + 1);
        let (mut byte, mut chars) = (0, 0);
        for k in 0..=text.len() / CHUNK {
            let mut at = k * CHUNK;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            chars += text[byte..at].chars().count();
            byte = at;
            chunks.push((byte, chars));
        }
        LineIndex { line_starts, chunks }
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        match self.chunks.get(offset / CHUNK) {
            Some(&(byte, chars)) if byte <= offset => chars + text.get(byte..offset).map_or(0, |s| s.chars().count()),
            _ => text.get(..offset).map_or(0, |s| s.chars().count()),
        }
    }

    /// Line and column of a byte offset in `text` (the text given to `new`).
    /// Offsets past the end or inside a character are clamped.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.chars_before(text, end).saturating_sub(self.chars_before(text, start));
        LineCol { line: line + 1, col: col + 1 }
    }

    /// Byte offset of the start of a 1-based line.
    pub(crate) fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }
}

/// Locates spans of a slice (such as the front matter) within a whole file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceLocator<'a> {
    /// Site-relative path of the file.
    pub path: &'a str,
    /// The whole file's text.
    pub text: &'a str,
    /// Its line index.
    pub index: &'a LineIndex,
    /// Offset of the slice in the file.
    pub base: usize,
}

impl SourceLocator<'_> {
    /// Line and column of an offset relative to the slice.
    pub(crate) fn locate(&self, offset_in_slice: usize) -> LineCol {
        self.index.line_col(self.text, self.base + offset_in_slice)
    }

    /// Characters of a span of the slice that lie on its first line (what a
    /// code frame underlines).
    pub(crate) fn span_chars(&self, span: std::ops::Range<usize>) -> usize {
        let start = self.base + span.start;
        let end = (self.base + span.end).min(self.text.len());
        let Some(spanned) = self.text.get(start.min(end)..end) else { return 1 };
        spanned.split('\n').next().map_or(0, |first| first.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, col: 1 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, col: 1 });
        // 'é' takes two bytes: the newline after it is the fourth character.
        assert_eq!(index.line_col(text, 8), LineCol { line: 3, col: 1 });
        assert_eq!(index.line_col(text, 7), LineCol { line: 2, col: 4 });
    }

    #[test]
    fn columns_on_long_lines_count_characters_across_chunks() {
        let text = format!("x\n{}é{}", "é".repeat(3000), "a".repeat(5000));
        let index = LineIndex::new(&text);
        for offset in [2, 3000, 6000, 6002, 9000, text.len()] {
            let direct = text[2..offset].chars().count() + 1;
            assert_eq!(index.line_col(&text, offset), LineCol { line: 2, col: direct }, "at {offset}");
        }
    }
}
