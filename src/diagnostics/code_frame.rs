//! The code frame of a diagnostic: its source line with the offending text
//! underlined, as rustc shows it. The line is cut out of the file when the
//! diagnostic is made or after the run (`excerpt.rs`); `annotate-snippets`
//! draws it, so tabs and wide characters keep the carets in place.

use super::diagnostic::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::ops::Range;

/// The frame of a located diagnostic with an attached line, drawn by
/// `annotate-snippets` (ANSI styles when `color` is set), without a final
/// newline; `None` when there is no line to show.
pub(crate) fn render_frame(d: &Diagnostic, color: bool) -> Option<String> {
    let excerpt = d.excerpt.as_ref()?;
    let at = d.location?;
    let bytes = byte_range(&excerpt.text, &excerpt.underline);
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let snippet =
        Snippet::source(excerpt.text.as_str()).line_start(at.line).annotation(AnnotationKind::Primary.span(bytes));
    let report = [Group::with_level(level).element(snippet)];
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    Some(renderer.render(&report).trim_end().to_string())
}

/// Byte offsets of a character range of `text`.
fn byte_range(text: &str, chars: &Range<usize>) -> Range<usize> {
    let byte = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    byte(chars.start)..byte(chars.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, LineCol};

    fn frame(line: &str, col: usize) -> String {
        let d = Diagnostic::error(Code::Link, "content/a.md", "x")
            .at(LineCol { line: 3, col })
            .with_source(&format!("a\nb\n{line}\n"));
        render_frame(&d, false).unwrap()
    }

    /// The text of the source line from the display column of the first
    /// caret (emoji take two columns; the frame has no tabs left).
    fn above_caret(frame: &str) -> String {
        let lines: Vec<&str> = frame.lines().collect();
        let carets = lines.iter().position(|l| l.contains('^')).unwrap();
        let column = lines[carets].find('^').unwrap();
        let source = lines[carets - 1];
        assert!(!source.contains('\t'), "{source:?}");
        let mut width = 0;
        let mut chars = source.chars();
        while width < column {
            let c = chars.next().unwrap();
            width += if u32::from(c) >= 0x1F000 { 2 } else { 1 };
        }
        chars.collect()
    }

    #[test]
    fn frames_show_the_line_number_and_carets() {
        let f = frame("see [[missing-page]] here", 5);
        assert!(f.contains("3 | see [[missing-page]] here"), "{f}");
        assert!(f.contains("  |     ^^^^^^^^^^^^^^^^"), "{f}");
    }

    #[test]
    fn carets_line_up_after_tabs_and_wide_characters() {
        for line in ["\tkey\t= [[x]]", "café é = [[x]]", "🙂🙂 = [[x]]", "\t🙂é\t[[x]]"] {
            let col = line.chars().position(|c| c == '[').unwrap() + 1;
            let f = frame(line, col);
            // Wide characters take two columns: count display width above the caret.
            assert!(above_caret(&f).starts_with("[[x]]"), "{line:?}:\n{f}");
        }
    }
}
