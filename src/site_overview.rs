//! The state of the site's pages as an editor looks at it: which are drafts,
//! which no other page links to, and when each is due for review. Read from
//! the resolved [`SiteGraph`] after a build; `serve`'s dashboard shows it.
//! Never part of the output, and computed only by `serve`'s session.

use crate::config::EditorUrl;
use crate::resolve::{GLOSSARY_SECTION, SiteGraph};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// One page of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSummary {
    /// The page's title.
    pub title: String,
    /// Its site path (`/methods/peels/`), with the base path.
    pub url: String,
    /// Its source, relative to the site folder (`content/methods/peels.md`).
    pub rel_path: String,
    /// A section (`_index.md`) rather than an article.
    pub is_section: bool,
    /// `draft = true`.
    pub draft: bool,
    /// An article that no other page links to.
    pub orphan: bool,
    /// `reviewed`: the date of the last medical review.
    pub reviewed: Option<NaiveDate>,
    /// `reviewed` plus the site's review interval.
    pub next_review: Option<NaiveDate>,
}

/// A draft the build left out (`serve` without `--drafts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOutDraft {
    /// Its title, when its front matter could be read.
    pub title: String,
    /// Its source, relative to the site folder.
    pub rel_path: String,
}

/// Everything the dashboard lists besides the diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteOverview {
    /// Every page of content, in source order.
    pub pages: Vec<PageSummary>,
    /// Drafts not in this build.
    pub left_out_drafts: Vec<LeftOutDraft>,
    /// The date the review schedule was judged on.
    pub today: NaiveDate,
    /// Months between reviews (`[review] interval_months`), when the site has a schedule.
    pub review_interval: Option<u32>,
    /// The site folder, for editor links to files.
    pub root: PathBuf,
    /// The editor URL pattern, when one is set.
    pub editor_url: Option<EditorUrl>,
    /// Index in `pages` by source path (a site has thousands of pages and
    /// its dashboard may list tens of thousands of warnings).
    by_path: HashMap<String, usize>,
}

impl SiteOverview {
    /// Reads the overview from a resolved site.
    pub fn from_graph(graph: &SiteGraph, today: NaiveDate, root: PathBuf, left_out_drafts: Vec<LeftOutDraft>) -> Self {
        let policy = graph.config.review;
        let pages = graph
            .pages
            .iter()
            .map(|p| {
                let meta = &p.parsed.meta;
                let is_article = !p.parsed.is_section && p.parsed.folder() != GLOSSARY_SECTION;
                PageSummary {
                    title: meta.title.clone(),
                    url: graph.config.site_url(&p.url),
                    rel_path: p.parsed.rel_path.clone(),
                    is_section: p.parsed.is_section,
                    draft: meta.draft,
                    // The rule of the orphan warning (resolve/link_graph.rs).
                    orphan: is_article && p.backlinks.is_empty(),
                    reviewed: meta.reviewed,
                    next_review: meta.reviewed.zip(policy).and_then(|(r, policy)| policy.next_due(r)),
                }
            })
            .collect::<Vec<PageSummary>>();
        let by_path = pages.iter().enumerate().map(|(i, p)| (p.rel_path.clone(), i)).collect();
        SiteOverview {
            by_path,
            pages,
            left_out_drafts,
            today,
            review_interval: policy.map(|p| p.interval_months),
            root,
            editor_url: graph.config.editor_url.clone(),
        }
    }

    /// Articles by review: never reviewed first, then by next review due
    /// (or last review, without a schedule), oldest first; ties by path.
    pub fn by_review(&self) -> Vec<&PageSummary> {
        let mut articles: Vec<&PageSummary> = self.pages.iter().filter(|p| !p.is_section).collect();
        articles.sort_by(|a, b| {
            let key = |p: &PageSummary| (p.reviewed.is_some(), p.next_review.or(p.reviewed));
            key(a).cmp(&key(b)).then_with(|| a.rel_path.cmp(&b.rel_path))
        });
        articles
    }

    /// True when `page`'s next review is before today.
    pub fn is_overdue(&self, page: &PageSummary) -> bool {
        page.next_review.is_some_and(|due| due < self.today)
    }

    /// The page built from `rel_path`, if any.
    pub fn page_of(&self, rel_path: &str) -> Option<&PageSummary> {
        self.by_path.get(rel_path).and_then(|&i| self.pages.get(i))
    }

    /// The editor link for a file of the site at a position, when an editor URL is set.
    pub fn editor_link(&self, rel_path: &str, line: Option<usize>, column: Option<usize>) -> Option<String> {
        let editor = self.editor_url.as_ref()?;
        Some(editor.link(&self.root.join(rel_path), line, column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, reviewed: Option<&str>, next: Option<&str>) -> PageSummary {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        PageSummary {
            title: path.to_string(),
            url: format!("/{path}/"),
            rel_path: path.to_string(),
            is_section: false,
            draft: false,
            orphan: false,
            reviewed: reviewed.and_then(date),
            next_review: next.and_then(date),
        }
    }

    #[test]
    fn never_reviewed_first_then_next_review_due_first() {
        let overview = SiteOverview {
            pages: vec![
                page("c", Some("2025-01-01"), Some("2026-01-01")),
                page("a", Some("2024-01-01"), Some("2025-01-01")),
                page("z", None, None),
                page("b", Some("2024-06-01"), Some("2025-06-01")),
            ],
            left_out_drafts: Vec::new(),
            today: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default(),
            review_interval: Some(12),
            root: PathBuf::from("/site"),
            editor_url: None,
            by_path: HashMap::new(),
        };
        let order: Vec<&str> = overview.by_review().iter().map(|p| p.rel_path.as_str()).collect();
        assert_eq!(order, ["z", "a", "b", "c"]);
        assert!(overview.is_overdue(&overview.pages[1]));
        assert!(!overview.is_overdue(&overview.pages[0]));
        assert_eq!(overview.editor_link("a.md", Some(3), None), None);
    }
}
