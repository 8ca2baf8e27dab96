//! Markdown body → HTML. Re-walks the events with the parse stage's options
//! and rewrites them: heading ids from the outline, link targets from the
//! resolved links (wiki links without text get the target's title), fenced
//! code highlighted, GitHub alerts as callouts (`callouts.rs`). Everything
//! else is pulldown-cmark's own HTML.

use super::callouts::{CALLOUT_END, callout_start};
use super::compare_table::{row_header, table_html};
use super::highlight::highlight_code;
use crate::parse::markdown_events;
use crate::resolve::{GlossaryMention, ResolvedPage, SiteGraph};
use crate::text::escape_html;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd, html};

/// Renders the body of `page`.
pub fn render_body(graph: &SiteGraph, page: &ResolvedPage) -> String {
    let body = &page.parsed.body;
    let mut walk = BodyWalk {
        graph,
        page,
        headings: page.parsed.outline.headings.iter(),
        events: Vec::new(),
        code: None,
        replacing_text: false,
        callouts: 0,
        citation_end: 0,
    };
    for (event, range) in markdown_events(body) {
        walk.event(event, range.start);
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, walk.events.into_iter());
    out
}

/// The state of [`render_body`]'s pass over the events of a body.
struct BodyWalk<'a> {
    graph: &'a SiteGraph,
    page: &'a ResolvedPage,
    /// The ids the parse stage gave the headings, in order.
    headings: std::slice::Iter<'a, crate::parse::Heading>,
    /// The events to render.
    events: Vec<Event<'a>>,
    /// The code block being read: language, text, offset of the fence.
    code: Option<(String, String, usize)>,
    /// Inside a link whose text dermis writes (`[[peels]]`): its own events are dropped.
    replacing_text: bool,
    /// Callouts so far, for their ids.
    callouts: usize,
    /// End of the citation marker being replaced: its events are skipped.
    citation_end: usize,
}

impl<'a> BodyWalk<'a> {
    fn event(&mut self, event: Event<'a>, at: usize) {
        // Only the marker's own text events: ends of enclosing blocks start before it.
        if at < self.citation_end && matches!(event, Event::Text(_) | Event::SoftBreak) {
            return;
        }
        if self.code.is_some() {
            self.code_block_event(event);
            return;
        }
        if self.replacing_text {
            if matches!(event, Event::End(TagEnd::Link)) {
                self.replacing_text = false;
                self.events.push(event);
            }
            return;
        }
        let (graph, page) = (self.graph, self.page);
        match event {
            Event::Text(_) if page.parsed.outline.citation_at(at).is_some() => self.citation(at),
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                let id = self.headings.next().map(|h| CowStr::from(h.id.clone()));
                self.events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => code_language(&info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new(), at));
            }
            Event::Start(tag @ Tag::Link { .. }) => self.link(tag, at),
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = match page.links.get(&at) {
                    Some(link) => prefixed(graph.config.base_path(), &link.href).into(),
                    None => dest_url,
                };
                self.events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::Text(text) if page.glossary_mentions.contains_key(&at) => {
                push_glossary_links(graph, &text, &page.glossary_mentions[&at], &mut self.events);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.callouts += 1;
                self.events.push(Event::Html(callout_start(kind, &graph.config.callouts, self.callouts).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.events.push(Event::Html(CALLOUT_END.into())),
            // Footnote labels become ids; a prefix keeps them apart from heading ids.
            Event::FootnoteReference(label) => {
                self.events.push(Event::FootnoteReference(format!("fn-{label}").into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.events.push(Event::Start(Tag::FootnoteDefinition(format!("fn-{label}").into())));
            }
            other => self.events.push(other),
        }
    }

    /// Inside a code block: its text, then the highlighted block (or the
    /// table of a compare block) at its end.
    fn code_block_event(&mut self, event: Event<'a>) {
        let Some((lang, text, fence)) = self.code.as_mut() else { return };
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let html = match self.page.embedded_tables.get(fence) {
                    Some(table) => table_html(self.graph, table, &row_header(self.graph, table)),
                    None => code_block_html(text, lang),
                };
                self.events.push(Event::Html(html.into()));
                self.code = None;
            }
            _ => {}
        }
    }

    /// A citation marker becomes its superscript, on the word before it:
    /// "pain [@x]." reads "pain[5].".
    fn citation(&mut self, at: usize) {
        let Some(citation) = self.page.parsed.outline.citation_at(at) else { return };
        self.citation_end = citation.body_range.end;
        if let Some(Event::Text(before)) = self.events.last_mut() {
            let kept = before.trim_end_matches(' ').len();
            if kept < before.len() {
                *before = before[..kept].to_string().into();
            }
        }
        let html = citation_html(&self.page.parsed.meta.references, &citation.keys);
        self.events.push(Event::InlineHtml(html.into()));
    }

    /// A resolved link gets its site path (with the base path); a link
    /// without text (`[[peels]]`) gets the target's title. `tag` is a `Tag::Link`.
    fn link(&mut self, tag: Tag<'a>, at: usize) {
        let Tag::Link { link_type, dest_url, title, id } = tag else { return };
        match self.page.links.get(&at) {
            Some(link) => {
                let href = prefixed(self.graph.config.base_path(), &link.href);
                self.events.push(Event::Start(Tag::Link { link_type, dest_url: href.into(), title, id }));
                if let Some(text) = &link.default_text {
                    self.events.push(Event::Text(text.clone().into()));
                    self.replacing_text = true;
                }
            }
            None => self.events.push(Event::Start(Tag::Link { link_type, dest_url, title, id })),
        }
    }
}

/// The marker of one citation: `<sup class="cite">` holding a link per key
/// to its entry of the source list, numbered by the reference's position in
/// `references`, with id `cite-KEY-N` for the key's N-th citation. One key
/// shows `[1]`; several show `[1, 3]`, each number its own link.
pub(crate) fn citation_html(references: &[crate::parse::Reference], keys: &[crate::parse::CitedKey]) -> String {
    let links: Vec<String> = keys
        .iter()
        .map(|k| {
            let Some(number) = references.iter().position(|r| r.key == k.key).map(|i| i + 1) else {
                return "?".to_string();
            };
            let r = &references[number - 1];
            let source = match &r.publisher {
                Some(p) => format!("{p}, {}", r.title),
                None => r.title.clone(),
            };
            let key = escape_html(&k.key);
            let label = escape_html(&format!("Source {number}: {source}"));
            let text = if keys.len() == 1 { format!("[{number}]") } else { number.to_string() };
            format!("<a href=\"#ref-{key}\" id=\"cite-{key}-{}\" aria-label=\"{label}\">{text}</a>", k.occurrence)
        })
        .collect();
    if links.len() == 1 {
        format!("<sup class=\"cite\">{}</sup>", links[0])
    } else {
        format!("<sup class=\"cite\">[{}]</sup>", links.join(", "))
    }
}

/// Splits a text event around its glossary mentions: each becomes a link
/// to the term with its definition as a tooltip shown on hover and focus.
fn push_glossary_links<'a>(graph: &SiteGraph, text: &str, mentions: &[GlossaryMention], events: &mut Vec<Event<'a>>) {
    let base = graph.config.base_path();
    let mut at = 0;
    for m in mentions {
        if m.start < at || m.end > text.len() {
            continue;
        }
        if m.start > at {
            events.push(Event::Text(text[at..m.start].to_string().into()));
        }
        let term = &graph.pages[m.term];
        let tip_id = format!("gloss-{}", term.slug);
        let definition = term.parsed.meta.description.clone().unwrap_or_else(|| term.parsed.meta.title.clone());
        let html = format!(
            "<span class=\"gloss\"><a class=\"gloss-term\" href=\"{base}{}\" aria-describedby=\"{tip_id}\">{}</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"{tip_id}\">{}</span></span>",
            escape_html(&term.url),
            escape_html(&text[m.start..m.end]),
            escape_html(&definition)
        );
        events.push(Event::InlineHtml(html.into()));
        at = m.end;
    }
    if at < text.len() {
        events.push(Event::Text(text[at..].to_string().into()));
    }
}

/// Site paths get the base path; same-page anchors stay as they are.
fn prefixed(base_path: &str, href: &str) -> String {
    if href.starts_with('#') { href.to_string() } else { format!("{base_path}{href}") }
}

/// The language of a fenced block: the first word of its info string, whole
/// (CommonMark leaves the rest of the line to the writer).
pub(crate) fn code_language(info: &str) -> &str {
    info.split(|c: char| c.is_ascii_whitespace()).find(|w| !w.is_empty()).unwrap_or("")
}

fn code_block_html(code: &str, lang: &str) -> String {
    let highlighted = if lang.is_empty() { None } else { highlight_code(code, lang) };
    let inner = highlighted.unwrap_or_else(|| escape_html(code));
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{inner}</code></pre>\n")
    } else {
        let lang = escape_html(lang);
        format!("<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{inner}</code></pre>\n")
    }
}

#[cfg(test)]
mod tests {
    use crate::test_site::{BuiltGraph, TestSite};

    /// Served under `/docs`, with a glossary and a `methods` collection.
    const SITE: &str = r#"title = "T"
base_url = "https://example.org/docs"
[collections.glossary]
section = "glossary"
title = "Glossary"
[[collections.glossary.facts]]
key = "aliases"
label = "Also called"
type = "list"
[collections.methods]
section = "methods"
title = "Methods"
[[collections.methods.facts]]
key = "approach"
label = "Approach"
type = "enum"
values = ["topical", "surgical"]
"#;

    const PEEL: &str = "+++\ntitle = \"Chemical peel\"\ndescription = \"An acid peel.\"\n[facts]\napproach = \"topical\"\n+++\n## Side effects\n\nRedness.\n";
    const DERMIS: &str = "+++\ntitle = \"Dermis\"\ndescription = \"The layer <under> the epidermis.\"\n[facts]\naliases = []\n+++\nThick.\n";

    /// The body HTML of `content/guide.md` written as `text` (front matter included).
    fn guide_html(text: &str) -> String {
        let site = site_with(text);
        assert!(site.errors().is_empty(), "{:?}", site.errors());
        site.body_html("content/guide.md")
    }

    fn site_with(guide: &str) -> BuiltGraph {
        TestSite::new(SITE)
            .page("content/methods/peel.md", PEEL)
            .page("content/glossary/dermis.md", DERMIS)
            .page("content/guide.md", guide)
            .graph()
    }

    fn guide(body: &str) -> String {
        format!("+++\ntitle = \"Guide\"\n+++\n{body}")
    }

    #[test]
    fn a_resolved_link_gets_the_base_path() {
        assert_eq!(
            guide_html(&guide("See [it](@/methods/peel.md).")),
            "<p>See <a href=\"/docs/methods/peel/\">it</a>.</p>\n"
        );
    }

    #[test]
    fn a_wiki_link_without_text_gets_the_target_title() {
        let html = guide_html(&guide("See [[peel]] and [[peel#side-effects]]."));
        let expected = "<p>See <a href=\"/docs/methods/peel/\">Chemical peel</a> and <a href=\"/docs/methods/peel/#side-effects\">Chemical peel: Side effects</a>.</p>\n";
        assert_eq!(html, expected);
    }

    #[test]
    fn a_same_page_anchor_and_an_outside_link_are_left_as_written() {
        let html = guide_html(&guide("## Top\n\n[up](#top), [out](https://example.com/a)."));
        assert_eq!(
            html,
            "<h2 id=\"top\">Top</h2>\n<p><a href=\"#top\">up</a>, <a href=\"https://example.com/a\">out</a>.</p>\n"
        );
    }

    #[test]
    fn a_citation_marker_becomes_its_superscript_on_the_word_before() {
        let text = "+++\ntitle = \"Guide\"\n[[references]]\nkey = \"nhs\"\ntitle = \"Peels\"\nurl = \"https://nhs.example/p\"\npublisher = \"NHS\"\n+++\nPeels help [@nhs].\n";
        let expected = "<p>Peels help<sup class=\"cite\"><a href=\"#ref-nhs\" id=\"cite-nhs-1\" aria-label=\"Source 1: NHS, Peels\">[1]</a></sup>.</p>\n";
        assert_eq!(guide_html(text), expected);
    }

    #[test]
    fn a_glossary_mention_becomes_a_link_with_its_tooltip() {
        let html = guide_html(&guide("The dermis heals."));
        let expected = "<p>The <span class=\"gloss\"><a class=\"gloss-term\" href=\"/docs/glossary/dermis/\" aria-describedby=\"gloss-dermis\">dermis</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"gloss-dermis\">The layer &lt;under&gt; the epidermis.</span></span> heals.</p>\n";
        assert_eq!(html, expected);
    }

    #[test]
    fn a_compare_block_becomes_a_table_of_its_rows() {
        let html = guide_html(&guide("```compare\nrows = [\"peel\"]\ncolumns = [\"approach\"]\n```\n"));
        assert!(html.starts_with("<div class=\"compare\" data-compare>"), "{html}");
        assert!(html.contains("<caption>Methods compared</caption>"), "{html}");
        assert!(html.contains("<a href=\"/docs/methods/peel/\">Chemical peel</a></th>"), "{html}");
        assert!(!html.contains("<pre"), "{html}");
    }

    #[test]
    fn footnote_ids_are_prefixed() {
        let html = guide_html(&guide("Text[^a].\n\n[^a]: The note.\n"));
        assert!(html.contains("<a href=\"#fn-a\">1</a>"), "{html}");
        assert!(html.contains("<div class=\"footnote-definition\" id=\"fn-a\">"), "{html}");
    }

    #[test]
    fn a_plain_code_block_is_escaped_in_a_pre() {
        let html = guide_html(&guide("```\na < b\n```\n"));
        assert_eq!(html, "<pre class=\"code\"><code>a &lt; b\n</code></pre>\n");
    }
}
