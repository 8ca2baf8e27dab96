//! One Markdown source decoded to text, and one asset to copy.

use crate::diagnostics::{Code, Diagnostic};
use std::path::PathBuf;

/// A Markdown file of `content/`, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path from the site root with `/` separators: `content/methods/peels.md`.
    pub rel_path: String,
    /// Text with the BOM removed and every line ending as `\n`. Line numbers
    /// are those of the file on disk.
    pub text: String,
    /// Hash of the path and the text, made once when the file is read:
    /// what the parse memo keys on (hashing 10,000 texts on every rebuild
    /// of `serve` cost 50 ms).
    hash: u64,
}

impl SourceFile {
    /// A source of this path and text.
    pub fn new(rel_path: String, text: String) -> Self {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (&rel_path, &text).hash(&mut h);
        SourceFile { rel_path, text, hash: h.finish() }
    }

    /// The hash of the path and the text.
    pub fn content_hash(&self) -> u64 {
        self.hash
    }

    /// The path below `content/`: `methods/peels.md`.
    pub fn content_path(&self) -> &str {
        self.rel_path.strip_prefix("content/").unwrap_or(&self.rel_path)
    }
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Path from the site root, for messages: `static/logo.svg`.
    pub rel_path: String,
    /// Path in the output, with `/` separators: `logo.svg`.
    pub output_path: String,
}

/// Decodes the bytes of a source file: UTF-8 only, BOM stripped, CRLF and
/// lone CR turned into LF, disallowed characters (NUL, controls) into U+FFFD.
pub fn decode_source(rel_path: &str, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    let text = crate::text::decode_text(rel_path, bytes, Code::Io)?;
    // Same length in characters, so lines and columns stay those of the file.
    let text = match crate::text::clean_text(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
    };
    Ok(SourceFile::new(rel_path.to_string(), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Decoding itself is tested in `crate::text`.
    #[test]
    fn keeps_the_path_and_reports_as_io() {
        let f = decode_source("content/a.md", b"+++\r\n").unwrap();
        assert_eq!((f.rel_path.as_str(), f.text.as_str()), ("content/a.md", "+++\n"));
        let d = decode_source("content/b.md", b"\xFF\xFEa\x00").unwrap_err();
        assert_eq!((d.code, d.path.as_str()), (Code::Io, "content/b.md"));
    }

    #[test]
    fn refuses_utf16() {
        // Both byte orders, each with its own message: the bytes are not
        // UTF-8 either, so `is_err()` alone would pass without the check.
        for bytes in [&b"\xFF\xFE+\x00+\x00+\x00"[..], &b"\xFE\xFF\x00+\x00+\x00+"[..]] {
            let d = decode_source("content/a.md", bytes).unwrap_err();
            assert_eq!(d.message, "the file is UTF-16; dermis reads UTF-8");
            assert_eq!(d.location, Some(crate::diagnostics::LineCol { line: 1, col: 1 }));
            assert_eq!(d.help.as_deref(), Some("save the file as UTF-8 (most editors offer \"Save with encoding\")"));
        }
    }
}
