//! The output of rendering: files to write, in memory or copied from disk.

use crate::diagnostics::LineCol;
use std::path::PathBuf;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated: `methods/peels/index.html`.
    pub path: String,
    /// What to write.
    pub content: OutputContent,
    /// What produced it, for collision messages.
    pub origin: Origin,
}

/// What an output file comes from: where a collision is reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A page of `content/`; `at` is its `slug` when it has one.
    Page {
        /// `content/methods/peel.md`.
        rel_path: String,
        /// Where `slug = …` is written.
        at: Option<LineCol>,
    },
    /// An alias redirect page.
    Alias {
        /// The page whose front matter names the alias.
        rel_path: String,
        /// Where the alias is written.
        at: LineCol,
    },
    /// A file of `static/` or `content/` copied as it is.
    Asset {
        /// `static/logo.svg`.
        rel_path: String,
    },
    /// Something site.toml declares (a comparison, taxonomy or collection).
    Config {
        /// `comparison all`.
        what: String,
    },
    /// A file dermis or the theme makes whatever the site says (sitemap, 404 page, theme files).
    Generated {
        /// `sitemap.xml`, `the theme's style.css`.
        what: String,
    },
}

impl Origin {
    /// A page (located at its slug, if any).
    pub fn page(page: &crate::parse::ParsedPage) -> Origin {
        Origin::Page { rel_path: page.rel_path.clone(), at: page.meta.slug_at }
    }

    /// Something dermis makes.
    pub fn generated(what: impl Into<String>) -> Origin {
        Origin::Generated { what: what.into() }
    }

    /// Something of site.toml.
    pub fn config(what: impl Into<String>) -> Origin {
        Origin::Config { what: what.into() }
    }

    /// The file an editor changes to resolve a clash, and where in it;
    /// `None` for what dermis generates or site.toml declares.
    pub fn editable(&self) -> Option<(&str, Option<LineCol>)> {
        match self {
            Origin::Page { rel_path, at } => Some((rel_path, Some(at.unwrap_or(LineCol { line: 1, col: 1 })))),
            Origin::Alias { rel_path, at } => Some((rel_path, Some(*at))),
            Origin::Asset { rel_path } => Some((rel_path, None)),
            // site.toml declares these on purpose: the content that clashes with them moves.
            Origin::Config { .. } | Origin::Generated { .. } => None,
        }
    }

    /// What to do about a clash, said to the owner of this origin.
    pub fn fix(&self) -> &'static str {
        match self {
            Origin::Page { at: Some(_), .. } => "change the `slug`: another source produces this URL",
            Origin::Page { at: None, .. } => {
                "rename the file or give the page a `slug`: another source produces this URL"
            }
            Origin::Alias { .. } => "change or remove the alias: it names a URL that is already taken",
            Origin::Asset { .. } => "rename or move the file: another source produces the same output path",
            Origin::Config { .. } | Origin::Generated { .. } => "",
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Page { rel_path, .. } => write!(f, "{rel_path} (page)"),
            Origin::Alias { rel_path, .. } => write!(f, "{rel_path} (alias)"),
            Origin::Asset { rel_path } => write!(f, "{rel_path}"),
            Origin::Config { what } => write!(f, "{what} (site.toml)"),
            Origin::Generated { what } => write!(f, "{what}"),
        }
    }
}

/// The bytes of an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputContent {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Rendered earlier and shared with the render cache (no copy).
    Shared(std::sync::Arc<[u8]>),
    /// Copied from a file of the site.
    Copy(PathBuf),
    /// Rendered by an earlier build, and still on disk in its output
    /// exactly as written: left there, not read (see
    /// `pipeline/previous_pages.rs`).
    Previous(std::sync::Arc<PreviousFile>),
}

/// A file of the previous output that holds what this build would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousFile {
    /// Where it is.
    pub path: PathBuf,
    /// The hash of its bytes, as the output manifest records it.
    pub hash: u64,
    /// Its size in bytes.
    pub size: u64,
}

impl OutputFile {
    /// A rendered file.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>, origin: Origin) -> Self {
        OutputFile { path: path.into(), content: OutputContent::Bytes(bytes.into()), origin }
    }
}

impl OutputContent {
    /// The bytes, when they are in memory.
    pub fn in_memory(&self) -> Option<&[u8]> {
        match self {
            OutputContent::Bytes(b) => Some(b),
            OutputContent::Shared(b) => Some(b),
            OutputContent::Copy(_) | OutputContent::Previous(_) => None,
        }
    }
}

/// `/methods/peels/` → `methods/peels/index.html`; `/a.html` → `a.html`.
pub(crate) fn output_path_of(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}
