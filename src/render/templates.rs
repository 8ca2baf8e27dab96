//! Templates: the only owner of `tera::Tera`. Sources, in order of
//! precedence: the site's `templates/`, the theme folder
//! `themes/<theme>/templates/`, and the default theme compiled into the
//! binary (so a site without `themes/` builds). Errors name the template
//! file, line, column and the failing expression.

use super::tera_message::TeraMessage;
use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, LineCol};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Name of the theme compiled into the binary.
pub(crate) const BUILT_IN_THEME: &str = "clinic";

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

/// The theme site.toml names, if it is neither a folder of `themes/` nor
/// the built-in theme: a configuration error (exit 2), at its place in site.toml.
pub(crate) fn check_theme(root: &Path, config: &SiteConfig) -> Result<(), Diagnostic> {
    match &config.theme {
        Some(name) if name != BUILT_IN_THEME && !root.join("themes").join(name).is_dir() => {
            Err(missing_theme(config, name))
        }
        _ => Ok(()),
    }
}

fn missing_theme(config: &SiteConfig, name: &str) -> Diagnostic {
    Diagnostic::error(Code::Config, "site.toml", format!("theme `{name}` not found: no folder themes/{name}/"))
        .at_opt(config.theme_at)
        .with_help(format!(
            "create themes/{name}/templates/, or remove `theme` to use the built-in `{BUILT_IN_THEME}` theme"
        ))
}

struct TemplateSource {
    display_path: String,
    text: String,
}

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
    /// `themes/<name>/static/` on disk (site-relative folder name).
    Folder(std::path::PathBuf),
    /// The built-in theme's files.
    Embedded,
}

impl Templates {
    /// Loads and compiles every template once.
    pub(crate) fn load(root: &Path, config: &SiteConfig) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, TemplateSource> = BTreeMap::new();
        let mut theme_static = ThemeStatic::Embedded;
        let mut roots = vec!["templates/".to_string()];
        let theme_dir = config.theme.as_ref().map(|t| (t, root.join("themes").join(t)));
        match &theme_dir {
            Some((name, dir)) if dir.is_dir() => {
                // As Zola's built-in sitemap.xml and atom.xml: a theme need
                // not ship the machine-read templates, it may override them.
                for feed in FEED_TEMPLATES {
                    insert_embedded(feed, &mut sources);
                }
                read_folder(&dir.join("templates"), &format!("themes/{name}/templates"), &mut sources)?;
                roots.push(format!("themes/{name}/templates/"));
                theme_static = ThemeStatic::Folder(dir.join("static"));
            }
            Some((name, _)) if name.as_str() != BUILT_IN_THEME => return Err(vec![missing_theme(config, name)]),
            _ => {
                roots.push(format!("the built-in {BUILT_IN_THEME} theme"));
                for (name, _) in EMBEDDED_TEMPLATES {
                    insert_embedded(name, &mut sources);
                }
            }
        }
        read_folder(&root.join("templates"), "templates", &mut sources)?;
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
                    "extends",
                    &next,
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
                    "include",
                    &next,
                    format!("`include` cycle: {}", include_chain.join(" → ")),
                    "a template cannot include itself, directly or through others: remove one of these includes",
                )]
            }
            tera::ErrorKind::MissingParent { current, parent } => vec![self.at_tag(
                current,
                "extends",
                parent,
                format!("`{current}` extends `{parent}`, which does not exist"),
                "check the name; templates are looked up in templates/, then in the theme",
            )],
            other => vec![Diagnostic::error(Code::Template, "templates", other.to_string())],
        }
    }

    /// An error at the `{% keyword "target" %}` tag of template `name`.
    fn at_tag(&self, name: &str, keyword: &str, target: &str, message: String, help: &str) -> Diagnostic {
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

/// Files of a templates folder that are templates: HTML pages and partials,
/// and the machine-read `sitemap.xml`, `atom.xml` and `robots.txt`.
fn is_template_name(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")
}

fn read_folder(
    dir: &Path,
    display: &str,
    sources: &mut BTreeMap<String, TemplateSource>,
) -> Result<(), Vec<Diagnostic>> {
    if dir.exists() && !dir.is_dir() {
        let d =
            Diagnostic::error(Code::Template, display, "this is a file, but dermis reads templates from a folder here")
                .with_help(format!("move the file away and create the folder {display}/"));
        return Err(vec![d]);
    }
    if !dir.is_dir() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = crate::load::slash_path(rel);
        if !is_template_name(&name) || crate::load::is_editor_dropping(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let display_path = format!("{display}/{name}");
        match std::fs::read(entry.path()) {
            Ok(bytes) => match crate::text::decode_text(&display_path, &bytes, Code::Template) {
                Ok(text) => {
                    sources.insert(name, TemplateSource { display_path, text });
                }
                Err(d) => errors.push(d),
            },
            Err(e) => {
                errors.push(Diagnostic::error(Code::Template, display_path, format!("cannot read template: {e}")))
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}
