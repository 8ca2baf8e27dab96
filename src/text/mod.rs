//! Decoding the text files dermis reads (articles, templates, site.toml):
//! UTF-8 only, a BOM stripped, CRLF and lone CR read as LF. A file in
//! another encoding is one located error at the first byte that is not
//! UTF-8. Characters HTML and XML forbid become U+FFFD ([`clean_text`]).
//! A leaf: every stage may use it.

mod html_escape;
mod hygiene;
mod slug;

pub(crate) use html_escape::escape_html;
pub(crate) use hygiene::clean_text;
pub(crate) use slug::{is_identifier, slugify};

use crate::diagnostics::{Code, Diagnostic, LineCol};

/// The text of `bytes`, or an error on `rel_path` with code `code`.
pub(crate) fn decode_text(rel_path: &str, bytes: &[u8], code: Code) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(code, rel_path, "the file is UTF-16; dermis reads UTF-8")
            .at(LineCol { line: 1, col: 1 })
            .with_help("save the file as UTF-8 (most editors offer \"Save with encoding\")"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalise_line_ends(text)),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            Err(Diagnostic::error(
                code,
                rel_path,
                format!("invalid UTF-8: byte 0x{byte:02X} is not part of a UTF-8 character"),
            )
            .at(LineCol { line, col })
            // Lossy decoding turns the bad byte into one U+FFFD: the column still holds.
            .with_source(&normalise_line_ends(&String::from_utf8_lossy(bytes)))
            .with_help("the file looks like Latin-1 or Windows-1252; convert it to UTF-8"))
        }
    }
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
        let text = decode_text("a.md", b"\xEF\xBB\xBF+++\r\ntitle = \"A\"\r\n+++\r\n", Code::Io).unwrap();
        assert_eq!(text, "+++\ntitle = \"A\"\n+++\n");
    }

    #[test]
    fn locates_invalid_utf8() {
        let d = decode_text("a.md", b"+++\ntitle = \"caf\xE9\"\n", Code::Io).unwrap_err();
        assert_eq!(d.location, Some(LineCol { line: 2, col: 13 }));
        assert_eq!(d.message, "invalid UTF-8: byte 0xE9 is not part of a UTF-8 character");
    }

    #[test]
    fn refuses_utf16_in_both_byte_orders() {
        for bom in [[0xFF, 0xFE], [0xFE, 0xFF]] {
            let d = decode_text("a.md", &[&bom[..], b"a\x00"].concat(), Code::Config).unwrap_err();
            assert_eq!(d.message, "the file is UTF-16; dermis reads UTF-8");
            assert_eq!(d.location, Some(LineCol { line: 1, col: 1 }));
        }
    }
}
