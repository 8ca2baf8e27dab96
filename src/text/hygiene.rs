//! Characters no output may hold. HTML forbids NUL, the C0 controls other
//! than whitespace, DEL, the C1 controls and the noncharacters; XML (the
//! feeds) also forbids form feed. Each becomes U+FFFD, as CommonMark does
//! with NUL, wherever text is read: sources, front-matter strings (including
//! escapes such as TOML's `\u0000`) and what Markdown character references
//! produce.

use std::borrow::Cow;

/// True for a character replaced by U+FFFD: controls other than tab, LF and
/// CR, and noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF).
pub(crate) fn is_disallowed_char(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// `text` with every disallowed character replaced by U+FFFD; borrowed
/// (no copy) when there is none, which is nearly always.
pub(crate) fn clean_text(text: &str) -> Cow<'_, str> {
    // Bytes that can start a disallowed character: ASCII controls, and the
    // lead bytes of C1 controls (0xC2), U+FDD0–U+FFFF (0xEF) and other planes.
    let suspect =
        |b: &u8| (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7F | 0xC2 | 0xEF | 0xF0..);
    if !text.as_bytes().iter().any(suspect) || !text.chars().any(is_disallowed_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_disallowed_char(c) { '\u{FFFD}' } else { c }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_controls_and_noncharacters_and_keeps_whitespace() {
        let text = "a\0b\x01\x0B\x0C\x1F\x7F\u{80}\u{9F}\u{FDD0}\u{FFFE}\u{10FFFF} \t\n\r é 🎉";
        let expected =
            "a\u{FFFD}b\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD} \t\n\r é 🎉";
        assert_eq!(clean_text(text), expected);
        assert!(matches!(clean_text("plain text\n"), Cow::Borrowed(_)));
        assert!(matches!(clean_text("é © 🎉 \u{FFFD} \u{FDF0} \u{FF76}"), Cow::Borrowed(_)));
    }
}
