//! The theme's files, read from disk for `render` (which reads no disk
//! itself): the templates of the site's `templates/` and of the theme named
//! in site.toml, and the list of the theme's static files. The built-in
//! theme is compiled into the binary, so for it only the site's templates
//! are read. Folders are walked by the one policy of [`walk_folder`].

use super::discovery::{WalkedFile, walk_folder};
use crate::config::{BUILT_IN_THEME, SiteConfig};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::BTreeMap;
use std::path::Path;

/// A template's text and the site-relative path messages name it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateSource {
    /// `templates/page.html`, `themes/clinic/templates/base.html (built-in)`.
    pub(crate) display_path: String,
    /// The template, decoded.
    pub(crate) text: String,
}

/// Templates by name (`page.html`, `partials/toc.html`).
pub(crate) type TemplateSources = BTreeMap<String, TemplateSource>;

/// What the site and its theme give `render`.
pub(crate) struct ThemeFiles {
    /// The theme named in site.toml, when it is a folder of `themes/`;
    /// `None`: the built-in theme.
    pub(crate) folder: Option<ThemeFolder>,
    /// The site's own `templates/`, which override the theme's file by file.
    pub(crate) site_templates: TemplateSources,
}

/// A theme read from `themes/<name>/`.
pub(crate) struct ThemeFolder {
    /// Its name.
    pub(crate) name: String,
    /// Its `templates/`.
    pub(crate) templates: TemplateSources,
    /// Its `static/` files, copied into the output as they are.
    pub(crate) static_files: Vec<WalkedFile>,
}

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

/// Reads the theme's and the site's templates and lists the theme's static
/// files. Problems of files (a folder that is a file, a file that is not
/// UTF-8, one that cannot be read) are errors; links out of the site are
/// warnings, added to `warnings`.
pub(crate) fn load_theme(
    root: &Path,
    config: &SiteConfig,
    warnings: &mut Vec<Diagnostic>,
) -> Result<ThemeFiles, Vec<Diagnostic>> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut problems = Vec::new();
    let folder = match &config.theme {
        Some(name) if root.join("themes").join(name).is_dir() => {
            Some(read_theme_folder(root, name, &canonical_root, &mut problems))
        }
        Some(name) if name.as_str() != BUILT_IN_THEME => return Err(vec![missing_theme(config, name)]),
        _ => None,
    };
    let site_templates = read_templates(&root.join("templates"), "templates", &canonical_root, &mut problems);
    let (errors, found_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(Diagnostic::is_error);
    warnings.extend(found_warnings);
    if errors.is_empty() { Ok(ThemeFiles { folder, site_templates }) } else { Err(errors) }
}

fn read_theme_folder(root: &Path, name: &str, canonical_root: &Path, problems: &mut Vec<Diagnostic>) -> ThemeFolder {
    let dir = root.join("themes").join(name);
    let display = format!("themes/{name}");
    let templates = read_templates(&dir.join("templates"), &format!("{display}/templates"), canonical_root, problems);
    let static_dir = dir.join("static");
    let static_files = if static_dir.is_dir() {
        walk_folder(&static_dir, &format!("{display}/static"), canonical_root, Code::Io, problems)
    } else {
        Vec::new()
    };
    ThemeFolder { name: name.to_string(), templates, static_files }
}

/// Files of a templates folder that are templates: HTML pages and partials,
/// and the machine-read `sitemap.xml`, `atom.xml` and `robots.txt`.
fn is_template_name(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")
}

fn read_templates(dir: &Path, display: &str, canonical_root: &Path, problems: &mut Vec<Diagnostic>) -> TemplateSources {
    let mut sources = TemplateSources::new();
    if dir.exists() && !dir.is_dir() {
        let d =
            Diagnostic::error(Code::Template, display, "this is a file, but dermis reads templates from a folder here")
                .with_help(format!("move the file away and create the folder {display}/"));
        problems.push(d);
        return sources;
    }
    if !dir.is_dir() {
        return sources;
    }
    for file in walk_folder(dir, display, canonical_root, Code::Template, problems) {
        if !is_template_name(&file.rel_inside) {
            continue;
        }
        let display_path = format!("{display}/{}", file.rel_inside);
        match read_template(&file.path, &display_path) {
            Ok(text) => {
                sources.insert(file.rel_inside, TemplateSource { display_path, text });
            }
            Err(d) => problems.push(d),
        }
    }
    sources
}

fn read_template(path: &Path, display_path: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Code::Template, display_path, format!("cannot read template: {e}")))?;
    crate::text::decode_text(display_path, &bytes, Code::Template)
}
