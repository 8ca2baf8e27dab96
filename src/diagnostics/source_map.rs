//! Byte offsets to line and column. Front-matter parsers report offsets in
//! their slice; [`SourceLocator`] shifts them into the coordinates of the
//! whole file, which is what editors show (see Zola #1133).

use super::LineCol;

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// Line and column of a byte offset in `text` (the text given to `new`).
    /// Offsets past the end or inside a character are clamped.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text.get(start..end).map_or(0, |s| s.chars().count());
        LineCol { line: line + 1, col: col + 1 }
    }

    /// Byte offset of the start of a 1-based line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }
}

/// Locates spans of a slice (such as the front matter) within a whole file.
#[derive(Debug, Clone, Copy)]
pub struct SourceLocator<'a> {
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
    pub fn locate(&self, offset_in_slice: usize) -> LineCol {
        self.index.line_col(self.text, self.base + offset_in_slice)
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
}
