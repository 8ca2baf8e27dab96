//! Markdown details the CommonMark harness cannot see on its own: what
//! dermis does with email autolinks, info strings, relative and empty
//! destinations, and characters HTML does not allow.

use crate::site_test::{SiteTest, attrs, texts};

fn article(body: &str) -> String {
    format!("+++\ntitle = \"Notes\"\n+++\n{body}")
}

#[test]
fn email_autolinks_are_mailto_links_not_site_paths() {
    let site = SiteTest::from_fixture("base");
    site.write("content/guides/notes.md", article("Write to <foo@bar.example.com> or <a+b@x-y.org>.\n"));
    site.build_ok(&[]);
    let doc = site.page("guides/notes/index.html");
    assert_eq!(attrs(&doc, ".article-body a", "href"), ["mailto:foo@bar.example.com", "mailto:a+b@x-y.org"]);
    assert_eq!(texts(&doc, ".article-body a"), ["foo@bar.example.com", "a+b@x-y.org"]);
}

#[test]
fn the_language_of_a_code_block_is_the_first_word_of_its_info_string_kept_whole() {
    let site = SiteTest::from_fixture("base");
    let body = "``` f&ouml;&ouml;\nx\n```\n\n````;\n;\n````\n\n```toml title=\"a.toml\"\nkey = 1\n```\n\n\
                ```rust,ignore\nfn main() {}\n```\n\n```a\"<b>\nq\n```\n";
    site.write("content/guides/notes.md", article(body));
    site.build_ok(&[]);
    let doc = site.page("guides/notes/index.html");
    let languages = ["föö", ";", "toml", "rust,ignore", "a\"<b>"];
    assert_eq!(attrs(&doc, ".article-body pre", "data-lang"), languages);
    let classes: Vec<String> = languages.iter().map(|l| format!("language-{l}")).collect();
    assert_eq!(attrs(&doc, ".article-body pre code", "class"), classes);
    // Only TOML is a known language: `föö` is not Fortran.
    let highlighted: Vec<bool> = ["föö", ";", "toml", "rust,ignore"]
        .iter()
        .map(|l| !attrs(&doc, &format!("pre[data-lang=\"{l}\"] span"), "class").is_empty())
        .collect();
    assert_eq!(highlighted, [false, false, true, false]);
    assert_eq!(texts(&doc, ".article-body pre code"), ["x", ";", "key = 1", "fn main() {}", "q"]);
}

#[test]
fn relative_destinations_become_site_paths_and_an_empty_one_is_the_page() {
    let site = SiteTest::from_fixture("base");
    site.write("content/guides/pic.png", b"\x89PNG");
    site.write("content/guides/notes.md", article("![a picture](pic.png) [this page]() [also](<>)\n"));
    site.build_ok(&[]);
    let doc = site.page("guides/notes/index.html");
    assert_eq!(attrs(&doc, ".article-body img", "src"), ["/guides/pic.png"]);
    assert_eq!(attrs(&doc, ".article-body a", "href"), ["/guides/notes/", "/guides/notes/"]);
}

/// Characters HTML (or XML, for the feeds) does not allow in text.
fn disallowed(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

#[test]
fn nul_and_other_control_characters_become_replacement_characters() {
    let site = SiteTest::from_fixture("base");
    let body = "# Head\0ing\n\nNUL \0, bell \x07, vertical tab \x0B, form feed \x0C, DEL \x7F, C1 \u{85}, \
                noncharacter \u{FDD0} and \u{FFFF}.\n\n`code \0` and <span>raw \0</span>\n\nReferences &#1;&#x7F;&#0; too.\n";
    let text = format!(
        "+++\ntitle = \"Notes\"\ndescription = \"Bad \\u0007 text\"\n[taxonomies]\ntags = [\"nul\\u0000term\", \"raw\u{1}term\"]\n+++\n{body}"
    );
    site.write("content/guides/notes.md", text);
    site.build_ok(&[]);
    for (path, bytes) in crate::site_test::tree(&site.root.join("public")) {
        // Binary search shards (postings, facet bitmaps) are not text.
        if path.ends_with(".bin") {
            continue;
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let bad: Vec<char> = text.chars().filter(|&c| disallowed(c)).collect();
            assert!(bad.is_empty(), "{path} holds {bad:?}");
        }
    }
    let doc = site.page("guides/notes/index.html");
    let paragraphs = texts(&doc, ".article-body p");
    assert_eq!(
        paragraphs[0],
        "NUL \u{FFFD}, bell \u{FFFD}, vertical tab \u{FFFD}, form feed \u{FFFD}, DEL \u{FFFD}, C1 \u{FFFD}, \
         noncharacter \u{FFFD} and \u{FFFD}."
    );
    assert_eq!(paragraphs[1], "code \u{FFFD} and raw \u{FFFD}");
    assert_eq!(paragraphs[2], "References \u{FFFD}\u{FFFD}\u{FFFD} too.");
    assert_eq!(texts(&doc, ".article-body h1"), ["Head\u{FFFD}ing"]);
    let tags: Vec<String> =
        texts(&site.page("tags/index.html"), "main li a").iter().map(|t| t.to_lowercase()).collect();
    assert!(tags.iter().any(|t| t.contains("nul\u{FFFD}term")), "{tags:?}");
    assert!(tags.iter().any(|t| t.contains("raw\u{FFFD}term")), "{tags:?}");
    if crate::site_test::skip_nu_checker() {
        return;
    }
    crate::site_test::assert_passes_nu_checker(&site.root.join("public/guides/notes/index.html"));
}
