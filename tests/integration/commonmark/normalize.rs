//! HTML normalised the way the CommonMark spec's own runner does it
//! (`test/normalize.py`): tokens, not trees; attributes sorted; character
//! references decoded and re-escaped; runs of whitespace one space outside
//! `<pre>`; no whitespace next to block-level tags; a newline right after
//! `<br>` dropped.
//!
//! [`Deviations::Dermis`] also undoes what README.md documents dermis adds to
//! pulldown-cmark's HTML, and nothing else: heading ids, the code-block
//! markup (`class="code"`, `data-lang` on `<pre>`, `hl-*` highlight spans),
//! the `fn-` prefix of footnote ids, and site-path rewriting: a relative
//! destination becomes a path from the site root (the example pages sit at
//! the top of `content/`), an empty one the page's own URL.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, EndTag, StartTag, Tag, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// Which markup to undo besides the spec runner's normalisation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Deviations<'a> {
    /// None: pulldown-cmark's HTML and the spec's.
    None,
    /// dermis's documented additions, on a page with this URL.
    Dermis {
        /// `/example-001/`.
        page_url: &'a str,
    },
}

const BLOCK_TAGS: &[&str] = &[
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "div",
    "section",
    "dl",
    "table",
    "td",
    "dt",
    "tbody",
    "embed",
    "textarea",
    "fieldset",
    "tfoot",
    "figcaption",
    "th",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    StartTag,
    EndTag,
    Other,
}

struct State<'a> {
    deviations: Deviations<'a>,
    out: String,
    last: Last,
    last_tag: String,
    in_pre: bool,
    /// For each open `<span>`: whether it is a highlight span being dropped.
    spans: Vec<bool>,
    in_footnote_reference: bool,
}

struct Sink<'a>(RefCell<State<'a>>);

/// `text` normalised; `deviations` says what else to undo.
pub(super) fn normalize(html: &str, deviations: Deviations<'_>) -> String {
    let state = State {
        deviations,
        out: String::new(),
        last: Last::StartTag,
        last_tag: String::new(),
        in_pre: false,
        spans: Vec::new(),
        in_footnote_reference: false,
    };
    let tokenizer = Tokenizer::new(Sink(RefCell::new(state)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.0.into_inner();
    state.out
}

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => return state.tag(tag),
            Token::CharacterTokens(text) => state.text(&text),
            Token::NullCharacterToken => state.text("\0"),
            Token::CommentToken(text) => {
                state.out.push_str(&format!("<!--{text}-->"));
                state.last = Last::Other;
            }
            Token::DoctypeToken(d) => {
                let name = d.name.as_deref().unwrap_or("");
                state.out.push_str(&format!("<!DOCTYPE {name}>"));
                state.last = Last::Other;
            }
            Token::EOFToken | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

fn is_block(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag)
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

impl State<'_> {
    fn text(&mut self, data: &str) {
        let after_tag = matches!(self.last, Last::StartTag | Last::EndTag);
        let after_block_tag = after_tag && is_block(&self.last_tag);
        let mut data = data.to_string();
        if after_tag && self.last_tag == "br" {
            data = data.trim_start_matches('\n').to_string();
        }
        if !self.in_pre {
            data = collapse_whitespace(&data);
            if after_block_tag {
                data = match self.last {
                    Last::StartTag => data.trim_start().to_string(),
                    _ => data.trim().to_string(),
                };
            }
        }
        escape(&data, &mut self.out);
        self.last = Last::Other;
    }

    fn tag(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name = tag.name.to_string();
        let page_url = match self.deviations {
            Deviations::Dermis { page_url } => Some(page_url),
            Deviations::None => None,
        };
        let dermis = page_url.is_some();
        let mut attrs: Vec<(String, String)> =
            tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
        if tag.kind == EndTag {
            self.end_tag(name);
            return TokenSinkResult::Continue;
        }
        let attr = |attrs: &[(String, String)], key: &str| {
            attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        if name == "span" {
            let highlight = dermis && attr(&attrs, "class").split(' ').any(|c| c.starts_with("hl-"));
            self.spans.push(highlight);
            if highlight {
                return TokenSinkResult::Continue;
            }
        }
        if name == "sup" {
            self.in_footnote_reference = attr(&attrs, "class") == "footnote-reference";
        }
        if let Some(page_url) = page_url {
            undo_dermis_markup(&name, &mut attrs, self.in_footnote_reference, page_url);
        }
        if name == "pre" {
            self.in_pre = true;
        }
        if is_block(&name) {
            self.trim_end();
        }
        attrs.sort();
        self.out.push('<');
        self.out.push_str(&name);
        for (k, v) in &attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape(v, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
        self.last_tag = name.clone();
        self.last = if tag.self_closing { Last::EndTag } else { Last::StartTag };
        match (tag.kind, name.as_str()) {
            (StartTag, "script") => TokenSinkResult::RawData(RawKind::ScriptData),
            (StartTag, "style" | "xmp" | "iframe" | "noembed" | "noframes") => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            (StartTag, "textarea" | "title") => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }

    fn end_tag(&mut self, name: String) {
        if name == "span" && self.spans.pop() == Some(true) {
            return;
        }
        if name == "sup" {
            self.in_footnote_reference = false;
        }
        if name == "pre" {
            self.in_pre = false;
        } else if is_block(&name) {
            self.trim_end();
        }
        self.out.push_str(&format!("</{name}>"));
        self.last_tag = name;
        self.last = Last::EndTag;
    }

    fn trim_end(&mut self) {
        let kept = self.out.trim_end().len();
        self.out.truncate(kept);
    }
}

/// Heading ids, code-block attributes and footnote id prefixes removed;
/// link destinations as site paths.
fn undo_dermis_markup(name: &str, attrs: &mut Vec<(String, String)>, in_footnote_reference: bool, page_url: &str) {
    for (k, v) in attrs.iter_mut() {
        if (name == "a" && k == "href") || (name == "img" && k == "src") {
            *v = as_site_path(v, page_url);
        }
    }
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => attrs.retain(|(k, _)| k != "id"),
        "pre" => attrs.retain(|(k, v)| !(k == "class" && v == "code") && k != "data-lang"),
        "div" if attrs.iter().any(|(k, v)| k == "class" && v == "footnote-definition") => {
            for (k, v) in attrs.iter_mut() {
                if k == "id" {
                    *v = v.strip_prefix("fn-").unwrap_or(v).to_string();
                }
            }
        }
        "a" if in_footnote_reference => {
            for (k, v) in attrs.iter_mut() {
                if k == "href" {
                    *v = v.replacen("#fn-", "#", 1);
                }
            }
        }
        _ => {}
    }
}

/// What dermis makes of a destination on a page at the top of `content/`.
fn as_site_path(dest: &str, page_url: &str) -> String {
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if dest.is_empty() {
        page_url.to_string()
    } else if scheme || dest.starts_with(['/', '#']) {
        dest.to_string()
    } else {
        format!("/{dest}")
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        // Python's `\s` in the spec runner: Unicode whitespace.
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[test]
fn normalises_like_the_spec_runner() {
    let n = |h: &str| normalize(h, Deviations::None);
    assert_eq!(n("<p>a  \n b</p>\n<ul>\n<li>x</li>\n</ul>\n"), "<p>a b</p><ul><li>x</li></ul>");
    assert_eq!(n("<a title=\"t\" href=\"&amp;u\">x</a>"), "<a href=\"&amp;u\" title=\"t\">x</a>");
    assert_eq!(n("<p>&quot;&#42;&gt;</p>"), "<p>&quot;*&gt;</p>");
    assert_eq!(n("<pre><code>a\n  b\n</code></pre>"), "<pre><code>a\n  b\n</code></pre>");
    assert_ne!(n("<p>a</p>"), n("<p>b</p>"));
    let d = |h: &str| normalize(h, Deviations::Dermis { page_url: "/p/" });
    assert_eq!(
        d(
            "<h2 id=\"x\">X</h2><pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">fn</span> <span>a</span></code></pre>"
        ),
        "<h2>X</h2><pre><code class=\"language-rust\">fn <span>a</span></code></pre>"
    );
    assert_eq!(n("<h2 id=\"x\">X</h2>"), "<h2 id=\"x\">X</h2>");
    assert_eq!(
        d("<a href=\"\">a</a><a href=\"x.png\">b</a><a href=\"mailto:a@b\">c</a><img src=\"#t\">"),
        "<a href=\"/p/\">a</a><a href=\"/x.png\">b</a><a href=\"mailto:a@b\">c</a><img src=\"#t\">"
    );
}
