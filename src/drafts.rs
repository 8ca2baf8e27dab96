//! Drafts in a preview build (`serve --drafts`, `build --drafts`,
//! `check --drafts`). A draft is work in progress: the problems of its own
//! content (missing facts, empty fields, broken links from it, editorial
//! checks) are warnings, noted for the banner on its page, so an editor sees
//! the page before every fact is in. Published pages stay strict.
//!
//! Problems that leave nothing to render, or that are about more than the
//! draft's own text, stay errors: front matter that cannot be read (then
//! dermis cannot even tell the page is a draft), URL collisions, templates,
//! files that cannot be read, the output folder. A production build (no
//! `--drafts`) leaves drafts out before any of this.
//!
//! Used by the pipeline between the stages; never reads the disk.

use crate::config::CheckSettings;
use crate::diagnostics::{Code, Diagnostic, LineCol, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// Added to the help of every problem that blocks publishing a draft.
pub(crate) const BLOCKS_PUBLISHING: &str = "(a draft: this is an error once `draft = true` is removed)";

/// Whether a problem of this kind in a draft's own file becomes a warning.
/// Only problems of the page's content do: after them the page still
/// renders, with the value or link left out.
pub(crate) fn softens(code: Code) -> bool {
    match code {
        Code::FrontMatter
        | Code::Facts
        | Code::Taxonomy
        | Code::Link
        | Code::Citation
        | Code::UncitedReference
        | Code::Source
        | Code::People
        | Code::ReviewOverdue
        | Code::ReadingGrade
        | Code::Description
        | Code::AltText
        | Code::HeadingLevel
        | Code::UncitedFigure => true,
        Code::Config | Code::Io | Code::Url | Code::Template | Code::Output => false,
    }
}

/// One problem of a draft, as its banner lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftProblem {
    /// What kind of problem (`facts`, `link`, …).
    pub code: Code,
    /// Where in the draft's file.
    pub location: Option<LineCol>,
    /// What is wrong.
    pub message: String,
    /// How to fix it (without [`BLOCKS_PUBLISHING`]).
    pub help: Option<String>,
    /// True when it is an error once the page is published (an error made a
    /// warning, or a warning `[checks] errors` makes an error).
    pub blocks_publishing: bool,
}

/// The problems of every draft of a build, by the draft's source path
/// (`content/methods/x.md`), in file order. Every draft of the build has an
/// entry, empty when nothing is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftNotes {
    by_path: BTreeMap<String, Vec<DraftProblem>>,
}

impl DraftNotes {
    /// Whether the page of `rel_path` is a draft of this build.
    pub fn is_draft(&self, rel_path: &str) -> bool {
        self.by_path.contains_key(rel_path)
    }

    /// The problems of the draft `rel_path`; `None` when it is no draft.
    pub fn problems(&self, rel_path: &str) -> Option<&[DraftProblem]> {
        self.by_path.get(rel_path).map(Vec::as_slice)
    }

    /// True when no page of the build is a draft.
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// Every draft's source path with its problems, by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[DraftProblem])> {
        self.by_path.iter().map(|(path, problems)| (path.as_str(), problems.as_slice()))
    }
}

/// The drafts of one build and what was found in them so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct DraftReview {
    notes: DraftNotes,
}

impl DraftReview {
    /// A review of the drafts with these source paths (`content/…`).
    pub(crate) fn new(draft_paths: impl IntoIterator<Item = String>) -> Self {
        let by_path = draft_paths.into_iter().map(|p| (p, Vec::new())).collect();
        DraftReview { notes: DraftNotes { by_path } }
    }

    /// Passes a stage's diagnostics through: each one about a draft is noted
    /// for its banner, and an error of the draft's content becomes a warning
    /// whose help says it blocks publishing. `checks` tells which warnings
    /// are errors on a published page.
    pub(crate) fn review(
        &mut self,
        diagnostics: impl IntoIterator<Item = Diagnostic>,
        checks: &CheckSettings,
    ) -> Vec<Diagnostic> {
        diagnostics.into_iter().map(|d| self.review_one(d, checks)).collect()
    }

    fn review_one(&mut self, mut d: Diagnostic, checks: &CheckSettings) -> Diagnostic {
        let Some(problems) = self.notes.by_path.get_mut(&d.path) else { return d };
        let blocks_publishing = match d.severity {
            Severity::Error if softens(d.code) => true,
            // The build fails on it: no banner will show it.
            Severity::Error => return d,
            Severity::Warning => checks.is_error(d.code),
        };
        problems.push(DraftProblem {
            code: d.code,
            location: d.location,
            message: d.message.clone(),
            help: d.help.clone(),
            blocks_publishing,
        });
        if blocks_publishing {
            d.severity = Severity::Warning;
            d.help = Some(match d.help.take() {
                Some(help) => format!("{help}\n{BLOCKS_PUBLISHING}"),
                None => BLOCKS_PUBLISHING.to_string(),
            });
        }
        d
    }

    /// Whether `rel_path` is a draft of this build.
    pub(crate) fn is_draft(&self, rel_path: &str) -> bool {
        self.notes.is_draft(rel_path)
    }

    /// What was noted so far, each draft's problems in file order.
    pub(crate) fn notes(&self) -> DraftNotes {
        let mut notes = self.notes.clone();
        for problems in notes.by_path.values_mut() {
            problems.sort_by(|a, b| (a.location, &a.message).cmp(&(b.location, &b.message)));
            problems.dedup();
        }
        notes
    }

    /// The drafts (source paths) that got a problem from the diagnostics
    /// given, among those `review` passed: after the output checks, these
    /// pages must be rendered again to show it.
    pub(crate) fn drafts_among<'a>(&self, diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> BTreeSet<String> {
        diagnostics.into_iter().filter(|d| self.is_draft(&d.path)).map(|d| d.path.clone()).collect()
    }
}

/// Added to the errors of a file that says `draft = true` but whose front
/// matter cannot be read.
pub(crate) const UNREADABLE_DRAFT: &str = "this file says `draft = true`, but until its front matter can be read dermis cannot \
     tell that it is a draft: it is left out of the preview, and `dermis build` fails on it too";

/// The diagnostics of a source that gave no page: when its front matter
/// visibly says `draft = true` (`draft: true` in YAML), its errors say that
/// the draft cannot be previewed or left out until they are fixed.
pub(crate) fn unreadable_draft(text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if !says_draft(text) {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .map(|mut d| {
            if d.is_error() {
                d.help = Some(match d.help.take() {
                    Some(help) => format!("{help}\n{UNREADABLE_DRAFT}"),
                    None => UNREADABLE_DRAFT.to_string(),
                });
            }
            d
        })
        .collect()
}

/// Whether a line of the front matter (the lines after an opening `+++` or
/// `---`, up to the closing one) reads `draft = true` or `draft: true`,
/// comments and spaces aside.
fn says_draft(text: &str) -> bool {
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let Some(fence) = lines.next().map(str::trim_end).filter(|f| *f == "+++" || *f == "---") else {
        return false;
    };
    lines.take_while(|l| l.trim_end() != fence).any(|line| {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some(rest) = line.strip_prefix("draft") else { return false };
        let rest = rest.trim_start();
        let value = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':'));
        value.is_some_and(|v| v.trim() == "true")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks(errors: Vec<Code>) -> CheckSettings {
        CheckSettings { errors, ..CheckSettings::default() }
    }

    #[test]
    fn a_drafts_content_errors_become_warnings_and_are_noted() {
        let mut review = DraftReview::new(["content/d.md".to_string()]);
        let missing = Diagnostic::error(Code::Facts, "content/d.md", "required fact `a` is missing")
            .at(LineCol { line: 3, col: 1 })
            .with_help("add `a = …` under [facts]");
        let out = review.review(vec![missing], &CheckSettings::default());
        assert_eq!(out[0].severity, Severity::Warning);
        assert_eq!(out[0].help.as_deref(), Some(format!("add `a = …` under [facts]\n{BLOCKS_PUBLISHING}").as_str()));
        let notes = review.notes();
        let problems = notes.problems("content/d.md").unwrap();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].blocks_publishing);
        assert_eq!(problems[0].help.as_deref(), Some("add `a = …` under [facts]"));
    }

    #[test]
    fn published_pages_and_errors_that_cannot_render_stay_errors() {
        let mut review = DraftReview::new(["content/d.md".to_string()]);
        let published = Diagnostic::error(Code::Link, "content/p.md", "no page `x`");
        let collision = Diagnostic::error(Code::Url, "content/d.md", "2 sources want the same URL");
        let out = review.review(vec![published, collision], &CheckSettings::default());
        assert!(out.iter().all(Diagnostic::is_error));
        assert_eq!(review.notes().problems("content/d.md"), Some(&[][..]));
        assert_eq!(review.notes().problems("content/p.md"), None);
    }

    #[test]
    fn warnings_that_the_site_makes_errors_block_publishing() {
        let mut review = DraftReview::new(["content/d.md".to_string()]);
        let grade = Diagnostic::warning(Code::ReadingGrade, "content/d.md", "grade 14");
        let heading = Diagnostic::warning(Code::HeadingLevel, "content/d.md", "skips a level");
        let out = review.review(vec![grade, heading], &checks(vec![Code::ReadingGrade]));
        assert!(out.iter().all(|d| d.severity == Severity::Warning));
        assert!(out[0].help.as_deref().is_some_and(|h| h.contains(BLOCKS_PUBLISHING)));
        assert_eq!(out[1].help, None);
        let notes = review.notes();
        let blocking: Vec<bool> = notes.problems("content/d.md").unwrap().iter().map(|p| p.blocks_publishing).collect();
        assert_eq!(blocking, [true, false]);
    }

    #[test]
    fn an_unreadable_draft_says_why_it_is_left_out() {
        let broken = Diagnostic::error(Code::FrontMatter, "content/d.md", "invalid TOML front matter");
        let toml = "+++\ntitle = Broken\ndraft = true  # remove when ready\n+++\nbody\n";
        let out = unreadable_draft(toml, vec![broken.clone()]);
        assert_eq!(out[0].help.as_deref(), Some(UNREADABLE_DRAFT));
        let yaml = "---\ntitle: [\ndraft: true\n---\n";
        assert!(unreadable_draft(yaml, vec![broken.clone()])[0].help.is_some());
        for not_a_draft in ["+++\ntitle = 1\n+++\ndraft = true\n", "+++\ndraft = false\n+++\n", "draft = true\n"] {
            assert_eq!(unreadable_draft(not_a_draft, vec![broken.clone()])[0].help, None, "{not_a_draft:?}");
        }
    }

    #[test]
    fn only_content_codes_soften() {
        assert!(softens(Code::Facts) && softens(Code::AltText) && softens(Code::Link));
        assert!(!softens(Code::Url) && !softens(Code::Template) && !softens(Code::Io) && !softens(Code::Config));
    }
}
