//! [`Diagnostic`]: one problem, its code, severity, place and help; and
//! [`Diagnostics`], the collection a run reports, sorted and deduplicated.

use super::excerpt::{Excerpt, LineCache};
use super::source_map::LineCol;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; `check` reports it.
    Warning,
}

/// Which part of the site a diagnostic is about; printed as `error[code]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Code {
    /// `site.toml`.
    Config,
    /// Reading files: encodings, permissions, symlinks.
    Io,
    /// Front matter syntax and built-in keys.
    FrontMatter,
    /// The `[facts]` table checked against the schema.
    Facts,
    /// Taxonomy terms.
    Taxonomy,
    /// Internal links and anchors.
    Link,
    /// Two sources that want the same URL.
    Url,
    /// Tera templates.
    Template,
    /// The output directory.
    Output,
    /// Inline citations (`[@key]`) and the references facts cite.
    Citation,
    /// A reference cited nowhere on its page.
    UncitedReference,
    /// Source quality: tiers, the domain denylist, DOI and PMID.
    Source,
    /// People named by `authors` and `reviewed_by`.
    People,
    /// A page whose next review date has passed.
    ReviewOverdue,
    /// Prose above the site's reading-grade limit.
    ReadingGrade,
    /// A description missing or too long.
    Description,
    /// An image without alternative text.
    AltText,
    /// A heading that skips a level.
    HeadingLevel,
    /// A paragraph with a figure and no citation.
    UncitedFigure,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Code::Config => "config",
            Code::Io => "io",
            Code::FrontMatter => "front-matter",
            Code::Facts => "facts",
            Code::Taxonomy => "taxonomy",
            Code::Link => "link",
            Code::Url => "url",
            Code::Template => "template",
            Code::Output => "output",
            Code::Citation => "citation",
            Code::UncitedReference => "uncited-reference",
            Code::Source => "source",
            Code::People => "people",
            Code::ReviewOverdue => "review-overdue",
            Code::ReadingGrade => "reading-grade",
            Code::Description => "description",
            Code::AltText => "alt-text",
            Code::HeadingLevel => "heading-level",
            Code::UncitedFigure => "uncited-figure",
        })
    }
}

/// One problem found in the site, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Category shown in brackets.
    pub code: Code,
    /// Path relative to the site root, with `/` separators (e.g. `content/a.md`).
    pub path: String,
    /// Where in the file, when known.
    pub location: Option<LineCol>,
    /// What is wrong, naming the key or link involved.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// How many characters the offending text spans from `location`, when
    /// the stage that found it knows; the code frame underlines them (else
    /// the word or bracketed text at the column).
    pub length: Option<u32>,
    /// The line at `location`, for the code frame; attached from the text the
    /// stage read ([`Diagnostic::with_source`], [`Diagnostics::attach_sources`]).
    /// Boxed: most diagnostics pass through `Result`s before it is attached.
    pub excerpt: Option<Box<Excerpt>>,
}

impl Diagnostic {
    /// A new error without location or help.
    pub fn error(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            location: None,
            message: message.into(),
            help: None,
            length: None,
            excerpt: None,
        }
    }

    /// A new warning without location or help.
    pub fn warning(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, path, message) }
    }

    /// Sets the location.
    pub fn at(mut self, location: LineCol) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the location when there is one.
    pub fn at_opt(mut self, location: Option<LineCol>) -> Self {
        self.location = location;
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Sets how many characters the problem spans from its location.
    pub fn spanning(mut self, chars: usize) -> Self {
        self.length = Some(u32::try_from(chars).unwrap_or(u32::MAX));
        self
    }

    /// Attaches the line at the location from `text`, the whole file the
    /// location counts in (no effect without a location or when one is
    /// already attached).
    pub fn with_source(mut self, text: &str) -> Self {
        self.attach_line(text);
        self
    }

    fn attach_line(&mut self, text: &str) {
        if self.excerpt.is_none()
            && let Some(at) = self.location
        {
            self.excerpt = Excerpt::of_line(text, at, self.length).map(Box::new);
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&str, Option<LineCol>, Severity, &str) {
        (&self.path, self.location, self.severity, &self.message)
    }
}

/// Everything a run found, kept in the order of file, line and column.
/// Cheap to clone: the items are shared, and copied only when a holder
/// of a shared list changes it (`serve` keeps a build's thousands of
/// messages for the next build, the dashboard and the terminal at once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: std::sync::Arc<Vec<Diagnostic>>,
}

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        std::sync::Arc::make_mut(&mut self.items).push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        std::sync::Arc::make_mut(&mut self.items).extend(more);
    }

    /// True if any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, line, column; exact duplicates removed.
    pub fn sorted(mut self) -> Self {
        let items = std::sync::Arc::make_mut(&mut self.items);
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        items.dedup();
        self
    }

    /// Attaches source lines to the located diagnostics whose file
    /// `text_of` knows (by site-relative path), for their code frames.
    pub fn attach_sources<'t>(&mut self, text_of: impl Fn(&str) -> Option<&'t str>) {
        let mut cache = LineCache::default();
        let wanted = |d: &Diagnostic| d.excerpt.is_none() && d.location.is_some() && text_of(&d.path).is_some();
        if !self.items.iter().any(wanted) {
            return;
        }
        for d in std::sync::Arc::make_mut(&mut self.items) {
            if d.excerpt.is_none()
                && let Some(at) = d.location
                && let Some(text) = text_of(&d.path)
            {
                d.excerpt = cache.excerpt(&d.path, text, at, d.length).map(Box::new);
            }
        }
    }

    /// The diagnostics in their current order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics in their current order.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Consumes the collection (copying the items when they are shared).
    pub fn into_vec(self) -> Vec<Diagnostic> {
        std::sync::Arc::unwrap_or_clone(self.items)
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items: std::sync::Arc::new(items) }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}
