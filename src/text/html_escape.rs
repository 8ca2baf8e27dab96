//! HTML escaping of text and quoted attribute values (`&`, `<`, `>`, `"`,
//! `'`), done by pulldown-cmark's own escaper so that dermis's HTML and the
//! Markdown renderer's agree.

/// `text` with `&`, `<`, `>`, `"` and `'` escaped.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape_html("café"), "café");
    }
}
