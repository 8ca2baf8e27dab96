//! The one place pulldown-cmark options are set, so the outline pass (parse)
//! and the HTML pass (render) always see the same events.

use pulldown_cmark::{Options, Parser};

/// CommonMark plus tables, footnotes, strikethrough, task lists, smart
/// punctuation, `{#id}` heading attributes and `[[wiki links]]`.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// A parser over a page body with dermis's options.
pub fn new_markdown_parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, markdown_options())
}
