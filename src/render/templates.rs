//! Templates: the only owner of `tera::Tera`. Sources, in order of
//! precedence: the site's `templates/`, the theme folder
//! `themes/<theme>/templates/`, and the default theme compiled into the
//! binary (so a site without `themes/` builds). Errors name the template
//! file, line, column and the failing expression.

use super::tera_message::TeraMessage;
use crate::config::BUILT_IN_THEME;
use crate::diagnostics::{Code, Diagnostic, LineCol};
use crate::load::{TemplateSource, TemplateSources, ThemeFiles};
use serde::Serialize;
use std::collections::BTreeMap;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/clinic/templates/", $name)))),*]
    };
}

/// The built-in theme's templates: (name, source).
pub(crate) const EMBEDDED_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "404.html",
    "compare_index.html",
    "compare.html",
    "compare_pair.html",
    "glossary.html",
    "search.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "alias.html",
    "partials/facts_card.html",
    "partials/link_graph.html",
    "partials/toc.html",
    "partials/references.html",
    "partials/disclaimer.html",
    "partials/page_list.html",
    "partials/section_intro.html",
    "partials/section_meta.html",
    "partials/seo.html",
    "partials/byline.html",
    "partials/draft_banner.html",
);

/// The templates of feeds.rs; a theme that lacks one gets the built-in one.
const FEED_TEMPLATES: &[&str] = &["sitemap.xml", "atom.xml", "robots.txt", "alias.html"];

/// The built-in theme's static files: (output path, bytes).
pub(crate) const EMBEDDED_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../themes/clinic/static/style.css")),
    ("compare.js", include_bytes!("../../themes/clinic/static/compare.js")),
    ("search.js", include_bytes!("../../themes/clinic/static/search.js")),
    ("search-stemmer.js", include_bytes!("../../themes/clinic/static/search-stemmer.js")),
    ("tooltips.js", include_bytes!("../../themes/clinic/static/tooltips.js")),
    ("favicon.svg", include_bytes!("../../themes/clinic/static/favicon.svg")),
    ("og-image.png", include_bytes!("../../themes/clinic/static/og-image.png")),
];

/// Compiled templates, ready to render.
pub(crate) struct Templates {
    tera: tera::Tera,
    sources: BTreeMap<String, TemplateSource>,
    /// The folders templates were looked up in, most specific first.
    roots: Vec<String>,
    /// Where the theme's static files come from: a folder, or the binary.
    pub theme_static: ThemeStatic,
}

/// The theme's static files.
pub(crate) enum ThemeStatic {
    /// The files of `themes/<name>/static/`: path inside it and on disk.
    Folder(Vec<(String, std::path::PathBuf)>),
    /// The built-in theme's files.
    Embedded,
}

impl Templates {
    /// Compiles every template of the theme and the site once: the site's
    /// over the theme's over the built-in theme's.
    pub(crate) fn compile(files: ThemeFiles) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources = TemplateSources::new();
        let mut roots = vec!["templates/".to_string()];
        let theme_static = match files.folder {
            Some(folder) => {
                // As Zola's built-in sitemap.xml and atom.xml: a theme need
                // not ship the machine-read templates, it may override them.
                for feed in FEED_TEMPLATES {
                    insert_embedded(feed, &mut sources);
                }
                sources.extend(folder.templates);
                roots.push(format!("themes/{}/templates/", folder.name));
                ThemeStatic::Folder(folder.static_files.into_iter().map(|f| (f.rel_inside, f.path)).collect())
            }
            None => {
                roots.push(format!("the built-in {BUILT_IN_THEME} theme"));
                for (name, _) in EMBEDDED_TEMPLATES {
                    insert_embedded(name, &mut sources);
                }
                ThemeStatic::Embedded
            }
        };
        sources.extend(files.site_templates);
        let mut tera = tera::Tera::new();
        let result = tera.add_raw_templates(sources.iter().map(|(name, s)| (name.as_str(), s.text.as_str())));
        let templates = Templates { tera, sources, roots, theme_static };
        match result {
            Ok(()) => Ok(templates),
            Err(e) => Err(templates.diagnostics_of(&e)),
        }
    }

    /// A hash of every template's name and text: rendered pages depend on it.
    pub(crate) fn fingerprint(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        for (name, source) in &self.sources {
            std::hash::Hash::hash(&(name, &source.text), &mut h);
        }
        std::hash::Hasher::finish(&h)
    }

    /// True if a template of that name exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Where templates are looked up, for "not found" messages.
    pub(crate) fn search_path(&self) -> String {
        self.roots.join(", ")
    }

    /// Renders `name` with a serialisable context.
    pub(crate) fn render(&self, name: &str, context: &impl Serialize) -> Result<String, Vec<Diagnostic>> {
        let context = tera::Context::from_serialize(context).map_err(|e| self.diagnostics_of(&e))?;
        self.tera.render(name, &context).map_err(|e| self.diagnostics_of(&e))
    }

    /// Diagnostics from Tera's error value. Tera 2.4.0 gives file, span and
    /// message as values for syntax and rendering errors, and the template
    /// names for inheritance and include errors (without a span: the tag is
    /// found in the source); the checks done when templates are added (unknown
    /// filters, tests, functions, includes, blocks) come only as one text, see
    /// `located_from_report`. `Error::source()` is set only for I/O and UTF-8
    /// errors, which the catch-all prints.
    fn diagnostics_of(&self, error: &tera::Error) -> Vec<Diagnostic> {
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                vec![self.located(report.filename(), report.span(), report.message())]
            }
            tera::ErrorKind::Msg(text) if text.contains("\n") && text.contains("--> ") => {
                text.split("\n\nerror: ").map(|chunk| self.located_from_report(chunk)).collect()
            }
            tera::ErrorKind::CircularExtend { tpl, inheritance_chain } => {
                let mut chain = vec![tpl.clone()];
                chain.extend(inheritance_chain.iter().cloned());
                let next = chain.get(1).cloned().unwrap_or_default();
                vec![self.at_tag(
                    tpl,
                    ("extends", &next),
                    format!("`extends` cycle: {}", chain.join(" → ")),
                    "a template cannot extend itself, directly or through others: make one of them extend base.html",
                )]
            }
            tera::ErrorKind::CircularInclude { tpl, include_chain } => {
                // The include in `tpl` that starts the loop: the template after it in the chain.
                let at = include_chain.iter().position(|t| t == tpl).unwrap_or(0);
                let next = include_chain.get(at + 1).cloned().unwrap_or_default();
                vec![self.at_tag(
                    tpl,
                    ("include", &next),
                    format!("`include` cycle: {}", include_chain.join(" → ")),
                    "a template cannot include itself, directly or through others: remove one of these includes",
                )]
            }
            tera::ErrorKind::MissingParent { current, parent } => vec![self.at_tag(
                current,
                ("extends", parent),
                format!("`{current}` extends `{parent}`, which does not exist"),
                "check the name; templates are looked up in templates/, then in the theme",
            )],
            other => vec![Diagnostic::error(Code::Template, "templates", other.to_string())],
        }
    }

    /// An error at the tag `{% keyword "target" %}` of template `name`.
    fn at_tag(&self, name: &str, (keyword, target): (&str, &str), message: String, help: &str) -> Diagnostic {
        let source = self.sources.get(name);
        let path = source.map_or_else(|| name.to_string(), |s| s.display_path.clone());
        let at = source.and_then(|s| tag_location(&s.text, keyword, target));
        let d = Diagnostic::error(Code::Template, path, message).at_opt(at).with_help(help);
        match source {
            Some(s) => d.with_source(&s.text),
            None => d,
        }
    }

    fn located(&self, name: &str, span: &tera::Span, message: &str) -> Diagnostic {
        let source = self.sources.get(name);
        let path = source.map_or_else(|| name.to_string(), |s| s.display_path.clone());
        let at = LineCol { line: span.start_line, col: span.start_col + 1 };
        let said = TeraMessage::read(message);
        let d = Diagnostic::error(Code::Template, path, said.plain()).at(at).with_help_opt(said.help());
        with_template_source(d, source.map(|s| s.text.as_str()))
    }

    /// Parses one of Tera's text reports (`error: …\n --> name:line:col\n …`).
    /// Tera 2.4.0's `finalize_templates` runs the reference checks, renders
    /// each `ReportError` with `generate_report()` and joins the texts into
    /// one `ErrorKind::Msg`: the file, line and column exist only in that text.
    fn located_from_report(&self, chunk: &str) -> Diagnostic {
        let mut lines = chunk.lines();
        let message = lines.next().unwrap_or("").trim_start_matches("error: ").to_string();
        let rest: Vec<&str> = lines.collect();
        let place = rest.iter().find_map(|l| l.trim().strip_prefix("--> "));
        let parsed = place.and_then(|p| {
            let mut parts = p.rsplitn(3, ':');
            let col: usize = parts.next()?.parse().ok()?;
            let line: usize = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), LineCol { line, col }))
        });
        let Some((name, at)) = parsed else {
            return Diagnostic::error(Code::Template, "templates", chunk.to_string());
        };
        let source = self.sources.get(&name);
        let path = source.map_or_else(|| name.clone(), |s| s.display_path.clone());
        let said = TeraMessage::read(&message);
        let d = Diagnostic::error(Code::Template, path, said.plain()).at(at).with_help_opt(said.help());
        with_template_source(d, source.map(|s| s.text.as_str()))
    }
}

/// Adds the built-in theme's template `name`.
fn insert_embedded(name: &str, sources: &mut BTreeMap<String, TemplateSource>) {
    if let Some((_, text)) = EMBEDDED_TEMPLATES.iter().find(|(n, _)| *n == name) {
        let display_path = format!("themes/{BUILT_IN_THEME}/templates/{name} (built-in)");
        sources.insert(name.to_string(), TemplateSource { display_path, text: (*text).to_string() });
    }
}

/// Attaches the template's line for the code frame.
fn with_template_source(d: Diagnostic, text: Option<&str>) -> Diagnostic {
    match text {
        Some(text) => d.with_source(text),
        None => d,
    }
}

/// Where `{% keyword "target" %}` (or with single quotes) starts in `text`.
fn tag_location(text: &str, keyword: &str, target: &str) -> Option<LineCol> {
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| i + from) {
        let close = text[open..].find("%}").map_or(text.len(), |i| open + i);
        let tag = &text[open..close];
        let words: Vec<&str> = tag.trim_start_matches("{%").trim_start_matches('-').split_whitespace().collect();
        let names_target = words.iter().skip(1).any(|w| w.trim_matches(['"', '\'']) == target);
        if words.first() == Some(&keyword) && names_target {
            let before = &text[..open];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Some(LineCol { line, col });
        }
        from = close.max(open + 2);
    }
    None
}
