//! The one place pulldown-cmark options are set, so the outline pass (parse)
//! and the HTML pass (render) always see the same events.

use crate::text::clean_text;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use std::borrow::Cow;
use std::ops::Range;

/// CommonMark plus tables, footnotes, strikethrough, task lists, smart
/// punctuation, `{#id}` heading attributes, `[[wiki links]]` and GitHub's
/// alerts (`> [!NOTE]` …; a plain blockquote stays a blockquote).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

/// A parser over a page body with dermis's options.
pub fn new_markdown_parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, markdown_options())
}

/// The events of a page body with their byte ranges, as the outline and the
/// renderer read them: text that character references made disallowed
/// (`&#1;`, `&#x7f;`) holds U+FFFD instead (sources are already clean).
pub(crate) fn markdown_events(body: &str) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    new_markdown_parser(body).into_offset_iter().map(|(event, range)| (clean_event(event), range))
}

fn clean(text: CowStr<'_>) -> CowStr<'_> {
    match clean_text(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean.into(),
    }
}

fn clean_event(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Text(t) => Event::Text(clean(t)),
        Event::Code(t) => Event::Code(clean(t)),
        Event::Html(t) => Event::Html(clean(t)),
        Event::InlineHtml(t) => Event::InlineHtml(clean(t)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url, title: clean(title), id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url, title: clean(title), id })
        }
        other => other,
    }
}
