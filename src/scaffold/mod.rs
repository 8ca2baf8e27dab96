//! `dermis new <section> "<Title>"`: the text of a new page. Front matter
//! from site.toml (the collection's facts with their help, when the section
//! is a collection), marked as a draft, and a body from the section's
//! archetype. Nothing in it fails a build with `--drafts`: what is still
//! missing shows as warnings in the draft's banner. Reads site files
//! (sections, archetypes), never writes: the command does.

mod archetype;
mod front_matter;
mod target;

pub(crate) use archetype::{fill, find_archetype};

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic};
use crate::text::slugify;
use std::path::Path;

/// A page `dermis new` is about to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewPage {
    /// Site-relative path (`content/guides/aftercare.md`).
    pub rel_path: String,
    /// The whole file.
    pub text: String,
    /// Where the body came from (`archetypes/guides.md`).
    pub archetype: String,
    /// The page's site path (`/guides/aftercare/`), without the base path:
    /// where `serve --drafts` shows it.
    pub url_path: String,
}

/// The new page titled `title` in the section `section` (a collection's
/// name or a section folder), dated `today` (`YYYY-MM-DD`). Errors: an
/// unknown section (naming the sections), a title without letters or
/// digits, an existing page, a bad archetype.
pub(crate) fn new_page(
    root: &Path,
    config: &SiteConfig,
    section: &str,
    title: &str,
    today: &str,
) -> Result<NewPage, Diagnostic> {
    let target = target::find_target(root, config, section)?;
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Code::Config,
            "dermis new",
            "the title has no letters or digits to make a file name from",
        )
        .with_help("give the page a title with words, such as \"Aftercare\""));
    }
    let rel_path = format!("content/{}/{slug}.md", target.folder);
    let bundle = format!("content/{}/{slug}/index.md", target.folder);
    if let Some(existing) = [&rel_path, &bundle].into_iter().find(|p| root.join(p).exists()) {
        return Err(Diagnostic::error(
            Code::Io,
            existing.as_str(),
            "the page already exists; dermis new never overwrites",
        )
        .with_help("choose another title, or edit the existing file"));
    }
    let archetype = find_archetype(root, config, &target.folder)?;
    let body = fill(&archetype, title)?;
    let text = front_matter::front_matter(title, today, target.collection, config) + &body;
    // Folder names become URL segments as resolve's permalinks make them.
    let segment = |name: &str| Some(slugify(name)).filter(|s| !s.is_empty()).unwrap_or_else(|| "page".into());
    let folders: String = target.folder.split('/').filter(|s| !s.is_empty()).map(|f| segment(f) + "/").collect();
    let url_path = format!("/{folders}{slug}/");
    Ok(NewPage { rel_path, text, archetype: archetype.source, url_path })
}
