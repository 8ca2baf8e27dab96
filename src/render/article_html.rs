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
    let base_path = graph.config.base_path();
    let body = &page.parsed.body;
    let mut headings = page.parsed.outline.headings.iter();
    let mut events: Vec<Event<'_>> = Vec::new();
    // (language, text, offset of the fence)
    let mut code: Option<(String, String, usize)> = None;
    let mut replacing_text = false;
    let mut callouts = 0;
    // End of the citation marker being replaced: its events are skipped.
    let mut citation_end = 0;
    for (event, range) in markdown_events(body) {
        // Only the marker's own text events: ends of enclosing blocks start before it.
        if range.start < citation_end && matches!(event, Event::Text(_) | Event::SoftBreak) {
            continue;
        }
        if let Some((lang, text, fence)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = match page.embedded_tables.get(fence) {
                        Some(table) => table_html(graph, table, &row_header(graph, table)),
                        None => code_block_html(text, lang),
                    };
                    events.push(Event::Html(html.into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        if replacing_text {
            if matches!(event, Event::End(TagEnd::Link)) {
                replacing_text = false;
                events.push(event);
            }
            continue;
        }
        match event {
            Event::Text(_) if page.parsed.outline.citation_at(range.start).is_some() => {
                if let Some(citation) = page.parsed.outline.citation_at(range.start) {
                    citation_end = citation.body_range.end;
                    // The superscript sits on the word before it: "pain [@x]." reads "pain[5].".
                    if let Some(Event::Text(before)) = events.last_mut() {
                        let kept = before.trim_end_matches(' ').len();
                        if kept < before.len() {
                            *before = before[..kept].to_string().into();
                        }
                    }
                    events.push(Event::InlineHtml(citation_html(&page.parsed.meta.references, &citation.keys).into()));
                }
            }
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                let id = headings.next().map(|h| CowStr::from(h.id.clone()));
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => code_language(&info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), range.start));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => match page.links.get(&range.start) {
                Some(link) => {
                    let href = prefixed(base_path, &link.href);
                    events.push(Event::Start(Tag::Link { link_type, dest_url: href.into(), title, id }));
                    if let Some(text) = &link.default_text {
                        events.push(Event::Text(text.clone().into()));
                        replacing_text = true;
                    }
                }
                None => events.push(Event::Start(Tag::Link { link_type, dest_url, title, id })),
            },
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = match page.links.get(&range.start) {
                    Some(link) => prefixed(base_path, &link.href).into(),
                    None => dest_url,
                };
                events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::Text(text) if page.glossary_mentions.contains_key(&range.start) => {
                let mentions = &page.glossary_mentions[&range.start];
                push_glossary_links(graph, &text, mentions, &mut events);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                callouts += 1;
                events.push(Event::Html(callout_start(kind, &graph.config.callouts, callouts).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html(CALLOUT_END.into())),
            // Footnote labels become ids; a prefix keeps them apart from heading ids.
            Event::FootnoteReference(label) => events.push(Event::FootnoteReference(format!("fn-{label}").into())),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                events.push(Event::Start(Tag::FootnoteDefinition(format!("fn-{label}").into())));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
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
