//! One pass over a page body: headings with stable unique ids, every link
//! with its location, and whether there is code to highlight. Nothing here
//! knows other pages; resolve checks the links.

use super::markdown_parser::markdown_events;
use crate::diagnostics::{Code, Diagnostic, LineCol, SourceLocator};
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Tag, TagEnd};

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text.
    pub text: String,
    /// Unique id within the page.
    pub id: String,
}

/// What a link points at, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LinkKind {
    /// `[[slug]]`, `[[section/slug]]`.
    Wiki(String),
    /// `@/methods/peels.md`.
    ContentPath(String),
    /// `peels.md`, `../guides/x.md`: relative to the page's folder.
    RelativeMarkdown(String),
    /// `#anchor` on the same page.
    SameDocument,
    /// `/methods/peels/`: checked against the built output.
    RootRelative(String),
    /// `images/a.png`, `../x/`: relative to the page's folder in `content/`.
    RelativeOther(String),
}

/// One internal link found in a page body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkRef {
    /// What it points at.
    pub kind: LinkKind,
    /// `#anchor` part, without `#`, percent-decoded.
    pub anchor: Option<String>,
    /// `?query` part, without `?`, as written (kept in the link, never checked).
    pub query: Option<String>,
    /// Where the link starts in the file.
    pub at: LineCol,
    /// Offset of the link in the body: the key render uses to find it.
    pub body_offset: usize,
    /// Whether the link text was written (`[[a|text]]`, `[text](…)`).
    pub has_text: bool,
    /// An image rather than a link.
    pub is_image: bool,
}

/// A ```` ```compare ```` block: its TOML text and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CompareBlock {
    /// The block's text (TOML).
    pub text: String,
    /// Offset of the fence in the body: the key render uses to find it.
    pub body_offset: usize,
    /// Offset of the block's first content line in the body.
    pub content_offset: usize,
    /// Where the fence is in the file.
    pub at: LineCol,
}

/// The result of [`outline_body`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outline {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Internal links in order (external ones are not listed).
    pub links: Vec<LinkRef>,
    /// The sentence around each link of `links`, same order (for backlinks).
    pub link_contexts: Vec<String>,
    /// True if a fenced or indented code block (other than `compare`) exists.
    pub has_code: bool,
    /// Embedded comparison tables.
    pub compare_blocks: Vec<CompareBlock>,
    /// The body as plain text, one part per heading (the part before the
    /// first heading has none), without citation markers: what search
    /// indexes and quotes.
    pub sections: Vec<TextSection>,
    /// Prose citations (`[@key]`) in order.
    pub citations: Vec<super::Citation>,
}

/// The plain text under one heading, up to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextSection {
    /// Index in [`Outline::headings`]; `None` for the text before the first heading.
    pub heading: Option<usize>,
    /// The text, blocks separated by one space.
    pub text: String,
}

impl Outline {
    /// The citation whose marker covers body offset `offset`.
    pub fn citation_at(&self, offset: usize) -> Option<&super::Citation> {
        let i = self.citations.partition_point(|c| c.body_range.end <= offset);
        self.citations.get(i).filter(|c| c.body_range.contains(&offset))
    }
}

/// Appends body text to the current section.
fn push_text(outline: &mut Outline, text: &str) {
    if outline.sections.is_empty() {
        outline.sections.push(TextSection::default());
    }
    if let Some(section) = outline.sections.last_mut() {
        if text == " " && (section.text.is_empty() || section.text.ends_with(' ')) {
            return;
        }
        section.text.push_str(text);
    }
}

/// Drops the spaces that end the current section's text.
fn trim_text_end(outline: &mut Outline) {
    if let Some(section) = outline.sections.last_mut() {
        let kept = section.text.trim_end_matches(' ').len();
        section.text.truncate(kept);
    }
}

/// Walks the body once. `locator` has `base` = body offset in the file.
pub(super) fn outline_body(body: &str, locator: &SourceLocator<'_>, diagnostics: &mut Vec<Diagnostic>) -> Outline {
    let citations = super::citations::find_citations(body, locator, diagnostics);
    let mut walk = OutlineWalk {
        outline: Outline { citations, ..Outline::default() },
        ids: IdAllocator::default(),
        heading: None,
        compare: None,
        block_text: String::new(),
        block_links: Vec::new(),
    };
    for (event, range) in markdown_events(body) {
        if walk.compare.is_some() {
            walk.compare_block_event(event, range.start);
        } else {
            walk.event(event, range.start, locator, diagnostics);
        }
    }
    walk.close_block();
    let mut outline = walk.outline;
    trim_text_end(&mut outline);
    outline.link_contexts.resize(outline.links.len(), String::new());
    outline
}

/// The state of [`outline_body`]'s walk over the events.
struct OutlineWalk {
    outline: Outline,
    ids: IdAllocator,
    /// The heading being read: level, explicit id, text so far.
    heading: Option<(u8, Option<String>, String)>,
    /// The ```` ```compare ```` block being read.
    compare: Option<CompareBlock>,
    /// Text of the current block.
    block_text: String,
    /// The links that started in the current block (index, position in `block_text`).
    block_links: Vec<(usize, usize)>,
}

impl OutlineWalk {
    fn event(&mut self, event: Event<'_>, at: usize, locator: &SourceLocator<'_>, diagnostics: &mut Vec<Diagnostic>) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((level as u8, id.map(|i| i.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            // Citation markers are not prose: they stay out of contexts and the
            // search index, with the space before them ("treat [@a]." reads "treat.").
            Event::Text(_) | Event::SoftBreak if self.outline.citation_at(at).is_some() => {
                let linked_up_to = self.block_links.last().map_or(0, |&(_, end)| end);
                let kept = self.block_text.trim_end_matches(' ').len().max(linked_up_to);
                self.block_text.truncate(kept);
                trim_text_end(&mut self.outline);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = self.heading.as_mut() {
                    text.push_str(&t);
                } else {
                    push_text(&mut self.outline, &t);
                }
                self.block_text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block_text.push(' ');
                if self.heading.is_none() {
                    push_text(&mut self.outline, " ");
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                if matches!(&kind, CodeBlockKind::Fenced(info) if info.trim() == "compare") {
                    let start = locator.locate(at);
                    self.compare =
                        Some(CompareBlock { text: String::new(), body_offset: at, content_offset: at, at: start });
                } else {
                    self.outline.has_code = true;
                }
            }
            // `<user@example.org>`: pulldown-cmark writes the `mailto:`; never a site path.
            Event::Start(Tag::Link { link_type: LinkType::Email, .. }) => {}
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let has_text = !matches!(link_type, LinkType::WikiLink { has_pothole: false } | LinkType::Autolink);
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                let before = self.outline.links.len();
                let link = WrittenLink { dest: &dest_url, wiki, is_image: false, has_text, offset: at };
                classify(link, locator, &mut self.outline, diagnostics);
                if self.outline.links.len() > before {
                    self.block_links.push((before, self.block_text.len()));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let image = WrittenLink { dest: &dest_url, wiki: false, is_image: true, has_text: true, offset: at };
                classify(image, locator, &mut self.outline, diagnostics);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                self.close_block();
                push_text(&mut self.outline, " ");
            }
            Event::End(TagEnd::CodeBlock) => push_text(&mut self.outline, " "),
            _ => {}
        }
    }

    /// Inside a compare block: its text, up to the end of the block.
    fn compare_block_event(&mut self, event: Event<'_>, at: usize) {
        match event {
            Event::Text(t) => {
                if let Some(block) = self.compare.as_mut() {
                    if block.text.is_empty() {
                        block.content_offset = at;
                    }
                    block.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => self.outline.compare_blocks.extend(self.compare.take()),
            _ => {}
        }
    }

    /// A heading ends: its id, and a new text section under it.
    fn end_heading(&mut self) {
        if let Some((level, explicit, text)) = self.heading.take() {
            let base = explicit.unwrap_or_else(|| crate::text::slugify(&text));
            let id = self.ids.unique(&base);
            self.outline.headings.push(Heading { level, text: text.trim().to_string(), id });
            trim_text_end(&mut self.outline);
            let heading = Some(self.outline.headings.len() - 1);
            self.outline.sections.push(TextSection { heading, text: String::new() });
        }
        self.close_block();
    }

    fn close_block(&mut self) {
        close_block(&mut self.outline, &mut self.block_text, &mut self.block_links);
    }
}

/// Gives the links of the block just ended the sentence they sit in.
fn close_block(outline: &mut Outline, text: &mut String, links: &mut Vec<(usize, usize)>) {
    let mut sentences = Sentences::new(text);
    for (index, position) in links.drain(..) {
        if outline.link_contexts.len() <= index {
            outline.link_contexts.resize(index + 1, String::new());
        }
        outline.link_contexts[index] = sentences.around(position);
    }
    text.clear();
}

/// Finds the sentence around each of a block's links. The links come in
/// text order, so both scans only move forward: a paragraph of n links costs
/// O(n + length), not O(n × length).
struct Sentences<'t> {
    text: &'t str,
    /// `text[..scanned_to]` was searched for sentence starts; the last one
    /// found begins at `start`.
    scanned_to: usize,
    start: usize,
    /// Exclusive end of the sentence of the last position asked for: one past
    /// the first `.`, `!` or `?` at or after it, or the end of the text.
    end: Option<usize>,
}

impl<'t> Sentences<'t> {
    fn new(text: &'t str) -> Self {
        Sentences { text, scanned_to: 0, start: 0, end: None }
    }

    /// The sentence around byte `position`, at most ~240 characters.
    fn around(&mut self, position: usize) -> String {
        let text = self.text;
        let mut position = position.min(text.len());
        while !text.is_char_boundary(position) {
            position -= 1;
        }
        if position < self.scanned_to {
            // Out of order (never expected): start over.
            *self = Sentences::new(text);
        }
        if let Some(i) = text[self.scanned_to..position].rfind(['.', '!', '?', ':']) {
            self.start = self.scanned_to + i + 1;
        }
        self.scanned_to = position;
        // No sentence end between the last position and its end: it is this one's too.
        let end = match self.end {
            Some(end) if end > position => end,
            _ => text[position..].find(['.', '!', '?']).map_or(text.len(), |i| position + i + 1),
        };
        self.end = Some(end);
        let sentence = text.get(self.start..end).unwrap_or("").trim();
        match sentence.char_indices().nth(240) {
            Some(_) => {
                let cut = sentence.char_indices().nth(237).map_or(sentence, |(i, _)| &sentence[..i]);
                format!("{}…", cut.trim_end())
            }
            None => sentence.to_string(),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn classify(
    link: WrittenLink<'_>,
    locator: &SourceLocator<'_>,
    outline: &mut Outline,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let at = locator.locate(link.offset);
    let dest = link.dest.trim();
    let split = match split_destination(dest, link.wiki) {
        Ok(Some(split)) => split,
        Ok(None) => return,
        Err((message, help)) => {
            diagnostics.push(Diagnostic::error(Code::Link, locator.path, message).at(at).with_help(help));
            return;
        }
    };
    let path = split.path;
    let kind = if link.wiki {
        if path.is_empty() { LinkKind::SameDocument } else { LinkKind::Wiki(path) }
    } else if let Some(p) = path.strip_prefix("@/") {
        LinkKind::ContentPath(p.to_string())
    } else if path.is_empty() {
        LinkKind::SameDocument
    } else if path.starts_with('/') {
        LinkKind::RootRelative(path)
    } else if path.ends_with(".md") {
        LinkKind::RelativeMarkdown(path)
    } else {
        LinkKind::RelativeOther(path)
    };
    let (anchor, query, body_offset) = (split.anchor, split.query, link.offset);
    outline.links.push(LinkRef {
        kind,
        anchor,
        query,
        at,
        body_offset,
        has_text: link.has_text,
        is_image: link.is_image,
    });
}

/// A link or image destination as the body writes it.
struct WrittenLink<'d> {
    dest: &'d str,
    /// `[[…]]`.
    wiki: bool,
    is_image: bool,
    /// Whether the author wrote a text for it.
    has_text: bool,
    /// Where it starts in the body.
    offset: usize,
}

/// A destination on the site, decoded: path, `#anchor` and `?query`.
struct SiteDestination {
    path: String,
    anchor: Option<String>,
    query: Option<String>,
}

/// Splits a destination into its parts: `Ok(None)` for a link off the site
/// (a scheme or `//host`), `Err((message, help))` for one that is never right.
fn split_destination(dest: &str, wiki: bool) -> Result<Option<SiteDestination>, (String, String)> {
    if !wiki && let Some(scheme) = url_scheme(dest) {
        if ["javascript", "vbscript", "data"].contains(&scheme.to_ascii_lowercase().as_str()) {
            let message = format!("`{scheme}:` links are not allowed: they run code in the reader's browser");
            return Err((message, "link to a page or an https:// address instead".to_string()));
        }
        return Ok(None);
    }
    if !wiki && dest.starts_with("//") {
        return Ok(None);
    }
    if !wiki && dest.contains('\\') {
        let message = format!("link `{dest}` has a backslash: web addresses separate folders with `/`");
        return Err((message, format!("write `{}`", dest.replace('\\', "/"))));
    }
    let (before_anchor, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let (path, query) = match before_anchor.split_once('?') {
        Some((p, q)) if !wiki => (p, Some(q.to_string())),
        _ => (before_anchor, None),
    };
    // Paths and anchors are checked as the browser reads them: decoded.
    let anchor = match anchor {
        Some(a) => percent_decoded(a).map(Some),
        None => Some(None),
    };
    let (Some(path), Some(anchor)) = (percent_decoded(path), anchor) else {
        let message = format!("link `{dest}` has a percent-encoded byte sequence that is not UTF-8");
        let help = "write the character itself, or encode it as UTF-8 (a space is %20, é is %C3%A9)";
        return Err((message, help.to_string()));
    };
    Ok(Some(SiteDestination { path, anchor, query }))
}

/// `%20` → ` `; `None` when the decoded bytes are not UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|s| s.into_owned())
}

/// The scheme of an absolute URL (`https`, `mailto`, `javascript`), if any.
pub(crate) fn url_scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    valid.then_some(scheme)
}

/// Hands out ids, adding `-1`, `-2` … to repeats; empty ones become `section`.
/// Each base remembers the last suffix it gave, so n repeats cost O(n), not O(n²).
#[derive(Default)]
struct IdAllocator {
    seen: std::collections::HashSet<String>,
    last_suffix: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut candidate = base.to_string();
        if self.seen.contains(&candidate) {
            let n = self.last_suffix.entry(base.to_string()).or_default();
            // Suffixes already taken by explicit ids (`{#a-1}`) are skipped.
            loop {
                *n += 1;
                candidate = format!("{base}-{n}");
                if !self.seen.contains(&candidate) {
                    break;
                }
            }
        }
        self.seen.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineIndex;

    fn outline(body: &str) -> Outline {
        let index = LineIndex::new(body);
        let locator = SourceLocator { path: "a.md", text: body, index: &index, base: 0 };
        outline_body(body, &locator, &mut Vec::new())
    }

    #[test]
    fn heading_ids_are_unique_and_never_empty() {
        let o = outline("## Intro\n\n## Intro\n\n## 🎉\n\n## !!!\n\n## Custom {#mine}\n");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "section", "section-1", "mine"]);
    }

    #[test]
    fn each_link_gets_its_sentence() {
        let o = outline("First [[a]] here. Then [[b]] and [[c]]! Last: [[d]]\n\nNew block [[e]].\n");
        assert_eq!(o.link_contexts, ["First a here.", "Then b and c!", "Then b and c!", "d", "New block e."]);
        let long = format!("{} [[a]] {}.", "word ".repeat(60), "more ".repeat(60));
        let o = outline(&long);
        assert!(o.link_contexts[0].ends_with('…') && o.link_contexts[0].chars().count() <= 238);
    }

    /// The direct (quadratic) definition the scanner must agree with.
    fn sentence_around(text: &str, position: usize) -> String {
        let start = text[..position].rfind(['.', '!', '?', ':']).map_or(0, |i| i + 1);
        let end = text[position..].find(['.', '!', '?']).map_or(text.len(), |i| position + i + 1);
        let sentence = text[start..end].trim();
        if sentence.chars().count() > 240 {
            let cut: String = sentence.chars().take(237).collect();
            return format!("{}…", cut.trim_end());
        }
        sentence.to_string()
    }

    #[test]
    fn the_sentence_scanner_agrees_with_the_direct_definition() {
        let pieces = ["word ", "é ", ". ", "! ", ": ", "?", "  ", "long-word-here "];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for _ in 0..200 {
            let text: String = (0..next(150)).map(|_| pieces[next(pieces.len())]).collect();
            let mut positions: Vec<usize> =
                (0..next(12)).map(|_| next(text.len() + 1)).filter(|&p| text.is_char_boundary(p)).collect();
            positions.sort_unstable();
            let mut scanner = Sentences::new(&text);
            for p in positions {
                assert_eq!(scanner.around(p), sentence_around(&text, p), "{text:?} at {p}");
            }
        }
    }

    #[test]
    fn repeated_ids_skip_suffixes_already_taken() {
        let o = outline("# a\n# A {#a-2}\n# a\n# a\n# a\n# a-1\n");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-2", "a-1", "a-3", "a-4", "a-1-1"]);
    }

    #[test]
    fn compare_blocks_are_collected_and_are_not_code() {
        let o = outline("Text with [[a]] link. Next.\n\n```compare\nrows = [\"a\"]\n```\n");
        assert_eq!(o.compare_blocks.len(), 1);
        assert_eq!(o.compare_blocks[0].text, "rows = [\"a\"]\n");
        assert!(!o.has_code);
        assert_eq!(o.link_contexts, ["Text with a link."]);
    }

    #[test]
    fn wiki_links_in_code_stay_text() {
        let o = outline("See [[peels]] and `[[not-a-link]]`.\n\n```\n[[nor-this]]\n```\n");
        assert_eq!(o.links.len(), 1);
        assert_eq!(o.links[0].kind, LinkKind::Wiki("peels".into()));
        assert!(o.has_code);
    }

    #[test]
    fn classifies_links() {
        let o = outline("[a](@/m/x.md#r) [b](y.md) [c](#top) [d](/m/) [e](https://x.org) ![i](p.png)");
        let kinds: Vec<_> = o.links.iter().map(|l| l.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                LinkKind::ContentPath("m/x.md".into()),
                LinkKind::RelativeMarkdown("y.md".into()),
                LinkKind::SameDocument,
                LinkKind::RootRelative("/m/".into()),
                LinkKind::RelativeOther("p.png".into()),
            ]
        );
        assert_eq!(o.links[0].anchor.as_deref(), Some("r"));
    }
}
