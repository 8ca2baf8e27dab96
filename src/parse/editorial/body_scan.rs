//! One walk over a page body for the editorial checks: the text of each
//! prose block (paragraph or list item) and table with a map back to body
//! offsets, the headings, and the images.

use crate::parse::markdown_events;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// Text gathered from events, with where each piece came from.
#[derive(Debug, Default)]
pub(super) struct MappedText {
    /// The text; inline code, breaks and footnote references are one space.
    pub text: String,
    /// (index in `text`, body offset, whether the piece is the source verbatim).
    marks: Vec<(usize, usize, bool)>,
}

impl MappedText {
    fn push(&mut self, piece: &str, offset: usize, verbatim: bool) {
        self.marks.push((self.text.len(), offset, verbatim));
        self.text.push_str(piece);
    }

    /// The body offset of byte `index` of `text` (the start of its piece
    /// when the piece is not the source verbatim, e.g. after smart quotes).
    pub(super) fn body_offset(&self, index: usize) -> usize {
        let at = self.marks.partition_point(|(start, _, _)| *start <= index);
        match at.checked_sub(1).and_then(|i| self.marks.get(i)) {
            Some((start, offset, true)) => offset + (index - start),
            Some((_, offset, false)) => *offset,
            None => 0,
        }
    }
}

/// What a block of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    /// A paragraph or the text of a list item.
    Prose,
    /// A whole table.
    Table,
}

/// One paragraph, list item or table.
#[derive(Debug)]
pub(super) struct Block {
    /// Prose or table.
    pub kind: BlockKind,
    /// Body offset where the block starts (orders the blocks).
    pub start: usize,
    /// Its text.
    pub text: MappedText,
}

/// An image of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Image {
    /// Body offset of `![` or `<img`.
    pub offset: usize,
    /// Whether it has non-blank alternative text.
    pub has_alt: bool,
    /// Written as raw HTML.
    pub is_html: bool,
}

/// The result of [`scan_body`].
#[derive(Debug, Default)]
pub(super) struct BodyScan {
    /// Blocks in the order they start.
    pub blocks: Vec<Block>,
    /// (level, body offset) of each heading.
    pub headings: Vec<(u8, usize)>,
    /// Images in order.
    pub images: Vec<Image>,
}

#[derive(Default)]
struct Walk {
    scan: BodyScan,
    open: Vec<Block>,
    table: Option<Block>,
    /// Inside a heading, a code block, an autolink or a wiki link's target: not prose.
    hidden: usize,
    /// Inside an autolink or a wiki link without text.
    in_autolink: bool,
    image: Option<(usize, String)>,
}

impl Walk {
    fn current(&mut self) -> Option<&mut Block> {
        if self.hidden > 0 {
            return None;
        }
        match self.table.as_mut() {
            Some(table) => Some(table),
            None => self.open.last_mut(),
        }
    }

    fn text(&mut self, text: &str, range: std::ops::Range<usize>) {
        if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(text);
        } else if let Some(block) = self.current() {
            block.text.push(text, range.start, text.len() == range.len());
        }
    }

    fn space(&mut self, offset: usize) {
        if self.image.is_none()
            && let Some(block) = self.current()
        {
            block.text.push(" ", offset, false);
        }
    }

    fn start(&mut self, tag: &Tag<'_>, offset: usize) {
        let block = |kind| Block { kind, start: offset, text: MappedText::default() };
        match tag {
            Tag::Paragraph | Tag::Item if self.table.is_none() => self.open.push(block(BlockKind::Prose)),
            Tag::Table(_) => self.table = Some(block(BlockKind::Table)),
            Tag::Heading { level, .. } => {
                self.scan.headings.push((*level as u8, offset));
                self.hidden += 1;
            }
            Tag::CodeBlock(_) => self.hidden += 1,
            // Cells are apart: "Light" and "1-3 days" are two cells, not "Light1-3 days".
            Tag::TableCell => self.space(offset),
            Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. } => {
                self.in_autolink = true;
                self.hidden += 1;
            }
            // `[[methods/chemical-peels#x]]` shows the target's title, unknown
            // here: the slug's words ("chemical peels") stand for it.
            Tag::Link { link_type: LinkType::WikiLink { has_pothole: false }, dest_url, .. } => {
                let target = dest_url.split('#').next().unwrap_or("");
                let words = target.rsplit('/').next().unwrap_or(target).replace(['-', '_'], " ");
                if let Some(block) = self.current() {
                    block.text.push(&words, offset, false);
                }
                self.in_autolink = true;
                self.hidden += 1;
            }
            Tag::Image { .. } => self.image = Some((offset, String::new())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Item if self.table.is_none() => self.scan.blocks.extend(self.open.pop()),
            TagEnd::Table => self.scan.blocks.extend(self.table.take()),
            TagEnd::Heading(_) | TagEnd::CodeBlock => self.hidden = self.hidden.saturating_sub(1),
            TagEnd::Link if self.in_autolink => {
                self.in_autolink = false;
                self.hidden = self.hidden.saturating_sub(1);
            }
            TagEnd::Image => {
                if let Some((offset, alt)) = self.image.take() {
                    self.scan.images.push(Image { offset, has_alt: !alt.trim().is_empty(), is_html: false });
                }
            }
            _ => {}
        }
    }
}

/// Walks `body` once.
pub(super) fn scan_body(body: &str) -> BodyScan {
    let mut walk = Walk::default();
    for (event, range) in markdown_events(body) {
        match event {
            Event::Start(tag) => walk.start(&tag, range.start),
            Event::End(tag) => walk.end(tag),
            Event::Text(t) => walk.text(&t, range),
            Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::FootnoteReference(_) => {
                walk.space(range.start);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let verbatim = html.len() == range.len();
                for (at, has_alt) in html_images(&html) {
                    let offset = if verbatim { range.start + at } else { range.start };
                    walk.scan.images.push(Image { offset, has_alt, is_html: true });
                }
            }
            _ => {}
        }
    }
    // Blocks that were still open (cannot happen with balanced events) are kept too.
    walk.scan.blocks.append(&mut walk.open);
    walk.scan.blocks.sort_by_key(|b| b.start);
    walk.scan
}

/// The `<img>` tags of raw HTML: (offset of `<img`, whether `alt` is non-blank).
pub(super) fn html_images(html: &str) -> Vec<(usize, bool)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<img") {
        let at = from + found;
        let rest = &lower[at + 4..];
        from = at + 4;
        if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>') {
            continue;
        }
        let tag = &html[at + 4..at + 4 + rest.find('>').unwrap_or(rest.len())];
        out.push((at, attribute(tag, "alt").is_some_and(|v| !v.trim().is_empty())));
    }
    out
}

/// The value of attribute `name` in the inside of a tag (`src="a" alt='b'`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let (attr, after) = rest.split_at(name_end);
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('=') {
            Some(v) => attribute_value(v.trim_start()),
            None => ("", after),
        };
        if attr.eq_ignore_ascii_case(name) {
            return Some(value);
        }
        rest = next;
    }
}

/// A quoted or bare attribute value and what follows it.
fn attribute_value(text: &str) -> (&str, &str) {
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote) {
            let end = inner.find(quote).unwrap_or(inner.len());
            return (&inner[..end], inner.get(end + 1..).unwrap_or(""));
        }
    }
    let end = text.find(|c: char| c.is_ascii_whitespace()).unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_html_images_and_their_alt() {
        let found = html_images(r#"<p><img src="a.png" alt="A peel"> <IMG SRC=b.png> <img alt='' src=c> <imgx></p>"#);
        assert_eq!(found, vec![(3, true), (34, false), (50, false)]);
        assert_eq!(html_images("<img src=a alt=bare>"), vec![(0, true)]);
        assert_eq!(html_images("<img alt>"), vec![(0, false)]);
    }

    #[test]
    fn blocks_hold_prose_and_tables_but_not_headings_or_code() {
        let scan = scan_body(
            "# Title\n\nOne `code` two.\n\n- item [x](http://a)\n\n```\nhidden\n```\n\n| a |\n|---|\n| 5 |\n",
        );
        let texts: Vec<&str> = scan.blocks.iter().map(|b| b.text.text.as_str()).collect();
        assert_eq!(texts, vec!["One   two.", "item x", " a 5"]);
        assert_eq!(scan.blocks[2].kind, BlockKind::Table);
        assert_eq!(scan.headings, vec![(1, 0)]);
        // "o" of "two": after "# Title\n\n", "One " and the code span.
        assert_eq!(scan.blocks[0].text.body_offset(8), 22);
    }

    #[test]
    fn images_know_their_alt_text() {
        let scan = scan_body("![A peel](a.png) and ![](b.png)\n");
        let alts: Vec<bool> = scan.images.iter().map(|i| i.has_alt).collect();
        assert_eq!(alts, vec![true, false]);
        assert_eq!(scan.images[1].offset, 21);
        assert_eq!(scan.blocks[0].text.text, " and ");
    }
}
