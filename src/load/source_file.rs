//! One Markdown source decoded to text, and one asset to copy.

use crate::diagnostics::{Code, Diagnostic, LineCol};
use std::path::PathBuf;

/// A Markdown file of `content/`, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path from the site root with `/` separators: `content/methods/peels.md`.
    pub rel_path: String,
    /// Text with the BOM removed and every line ending as `\n`. Line numbers
    /// are those of the file on disk.
    pub text: String,
}

impl SourceFile {
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
/// lone CR turned into LF.
pub fn decode_source(rel_path: &str, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(Code::Io, rel_path, "the file is UTF-16; dermis reads UTF-8")
            .at(LineCol { line: 1, col: 1 })
            .with_help("save the file as UTF-8 (most editors offer \"Save with encoding\")"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            return Err(Diagnostic::error(
                Code::Io,
                rel_path,
                format!("invalid UTF-8: byte 0x{byte:02X} is not part of a UTF-8 character"),
            )
            .at(LineCol { line, col })
            .with_help("the file looks like Latin-1 or Windows-1252; convert it to UTF-8"));
        }
    };
    Ok(SourceFile { rel_path: rel_path.to_string(), text: normalise_line_ends(text) })
}

fn normalise_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let f = decode_source("content/a.md", b"\xEF\xBB\xBF+++\r\ntitle = \"A\"\r\n+++\r\n").unwrap();
        assert_eq!(f.text, "+++\ntitle = \"A\"\n+++\n");
    }

    #[test]
    fn locates_invalid_utf8() {
        let d = decode_source("content/a.md", b"+++\ntitle = \"caf\xE9\"\n").unwrap_err();
        assert_eq!(d.location, Some(LineCol { line: 2, col: 13 }));
    }

    #[test]
    fn refuses_utf16() {
        // Both byte orders, each with its own message: the bytes are not
        // UTF-8 either, so `is_err()` alone would pass without the check.
        for bytes in [&b"\xFF\xFE+\x00+\x00+\x00"[..], &b"\xFE\xFF\x00+\x00+\x00+"[..]] {
            let d = decode_source("content/a.md", bytes).unwrap_err();
            assert_eq!(d.message, "the file is UTF-16; dermis reads UTF-8");
            assert_eq!(d.location, Some(LineCol { line: 1, col: 1 }));
            assert_eq!(d.help.as_deref(), Some("save the file as UTF-8 (most editors offer \"Save with encoding\")"));
        }
    }
}
