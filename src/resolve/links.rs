//! Resolving internal links: wiki links by slug, `@/` content paths,
//! relative `.md` paths and same-page anchors; every target and anchor is
//! checked, with a did-you-mean for the closest slug or heading id. Links to
//! plain site paths are deferred until the output is known.

use super::content_paths::ContentPaths;
use super::failed_sources::FailedSources;
use super::site_graph::{DeferredLink, PageId, ResolvedLink, ResolvedPage};
use crate::diagnostics::{Code, Diagnostic, suggestion_help_as};
use crate::parse::{LinkKind, LinkRef};
use std::collections::BTreeMap;

/// Lookup tables over the pages being built.
pub(super) struct LinkTargets<'a> {
    pages: &'a [ResolvedPage],
    by_content_path: BTreeMap<&'a str, PageId>,
    by_name: BTreeMap<String, Vec<PageId>>,
    by_qualified: BTreeMap<String, PageId>,
    /// Sources that failed to parse: links to them are not reported again.
    failed: &'a FailedSources,
    /// Drafts the build leaves out: a link to one says so.
    drafts: &'a FailedSources,
    /// Where files of `content/` are published.
    content_paths: &'a ContentPaths,
}

impl<'a> LinkTargets<'a> {
    /// Indexes pages by content path, slug or stem, and folder-qualified
    /// name; `left_out` holds the sources that failed and the drafts left out.
    pub(crate) fn new(
        pages: &'a [ResolvedPage],
        (failed, drafts): (&'a FailedSources, &'a FailedSources),
        content_paths: &'a ContentPaths,
    ) -> Self {
        let mut by_content_path = BTreeMap::new();
        let mut by_name: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
        let mut by_qualified = BTreeMap::new();
        for (id, page) in super::site_graph::with_ids(pages) {
            let p = &page.parsed;
            by_content_path.insert(p.content_path.as_str(), id);
            let folder = p.folder();
            let names: Vec<String> = if p.is_section {
                vec![folder.to_string(), page.slug.clone()]
            } else {
                vec![p.stem().to_string(), page.slug.clone()]
            };
            for (i, name) in names.iter().enumerate() {
                if name.is_empty() || names[..i].contains(name) {
                    continue;
                }
                by_name.entry(name.clone()).or_default().push(id);
                if !p.is_section && !folder.is_empty() {
                    by_qualified.insert(format!("{folder}/{name}"), id);
                }
            }
            if p.is_section && !folder.is_empty() {
                by_qualified.insert(folder.to_string(), id);
            }
        }
        LinkTargets { pages, by_content_path, by_name, by_qualified, failed, drafts, content_paths }
    }

    /// Resolves the links of page `from`, returning them by body offset; the
    /// problems go to `diagnostics`, site paths to `deferred`.
    pub(super) fn resolve_page(
        &self,
        from: PageId,
        diagnostics: &mut Vec<Diagnostic>,
        deferred: &mut Vec<DeferredLink>,
    ) -> BTreeMap<usize, ResolvedLink> {
        let page = &self.pages[from];
        let mut out = BTreeMap::new();
        for link in &page.parsed.outline.links {
            match self.resolve_one(from, link, deferred) {
                Ok(Some(resolved)) => {
                    diagnostics.extend(self.link_to_draft(page, link, resolved.target));
                    out.insert(link.body_offset, resolved);
                }
                Ok(None) => {}
                Err(_) if self.failed.is_named(&target_name(page, link)) => {}
                Err(_) if self.drafts.is_named(&target_name(page, link)) => {
                    let draft = self.drafts.path_named(&target_name(page, link)).unwrap_or_default();
                    let message =
                        format!("this links to a draft, content/{draft}, which a build without --drafts leaves out");
                    let help = format!(
                        "publish the draft first (remove `draft = true` from content/{draft}), or remove this link until it is"
                    );
                    diagnostics.push(
                        Diagnostic::error(Code::Link, &page.parsed.rel_path, message).at(link.at).with_help(help),
                    );
                }
                Err(LinkError::Collision) => {}
                Err(LinkError::Broken { message, help }) => {
                    diagnostics.push(
                        Diagnostic::error(Code::Link, &page.parsed.rel_path, message).at(link.at).with_help_opt(help),
                    );
                }
            }
        }
        // A variant's rows link to its anchor: it must be an id of the page.
        for variant in &page.parsed.variants {
            if let Err(LinkError::Broken { message, help }) = self.anchor(from, &variant.anchor.value) {
                let message = format!("variant `{}`: {message}", variant.name);
                diagnostics.push(
                    Diagnostic::error(Code::Link, &page.parsed.rel_path, message)
                        .at(variant.anchor.at)
                        .with_help_opt(help),
                );
            }
        }
        out
    }

    fn resolve_one(
        &self,
        from: PageId,
        link: &LinkRef,
        deferred: &mut Vec<DeferredLink>,
    ) -> Result<Option<ResolvedLink>, LinkError> {
        let page = &self.pages[from];
        let target = match &link.kind {
            LinkKind::Wiki(name) => self.wiki_target(name)?,
            LinkKind::ContentPath(path) => self.content_target(path, &format!("@/{path}"))?,
            LinkKind::RelativeMarkdown(path) => self.relative_target(page, path)?,
            LinkKind::SameDocument => from,
            LinkKind::RootRelative(path) => {
                deferred.push(DeferredLink {
                    rel_path: page.parsed.rel_path.clone(),
                    at: link.at,
                    path: path.clone(),
                    anchor: link.anchor.clone(),
                    written: path.clone(),
                });
                let href = href_of(path, link);
                return Ok(Some(ResolvedLink { href, default_text: None, target: None }));
            }
            LinkKind::RelativeOther(path) => {
                let joined = join_relative(page.parsed.source_dir(), path)
                    .ok_or_else(|| LinkError::broken(format!("link `{path}` points outside the site"), None))?;
                let site_path = self.content_paths.site_path(&joined);
                deferred.push(DeferredLink {
                    rel_path: page.parsed.rel_path.clone(),
                    at: link.at,
                    path: site_path.clone(),
                    anchor: link.anchor.clone(),
                    written: path.clone(),
                });
                let href = href_of(&site_path, link);
                return Ok(Some(ResolvedLink { href, default_text: None, target: None }));
            }
        };
        let target_page = &self.pages[target];
        // A link to the page itself needs no path: `#anchor` works under any base URL.
        let mut href = if target == from && link.anchor.is_some() && link.query.is_none() {
            String::new()
        } else {
            encoded_path(&target_page.url)
        };
        if let Some(query) = &link.query {
            href = format!("{href}?{query}");
        }
        let mut default_text = target_page.parsed.meta.title.clone();
        if let Some(anchor) = &link.anchor {
            let heading = self.anchor(target, anchor)?;
            href = format!("{href}#{}", encoded_fragment(anchor));
            if target != from {
                default_text = format!("{default_text}: {heading}");
            } else {
                default_text = heading;
            }
        }
        Ok(Some(ResolvedLink { href, default_text: (!link.has_text).then_some(default_text), target: Some(target) }))
    }

    /// The site path (with anchor) of `[sources] policy`; a broken one is an
    /// `error[source]` at the value in site.toml. `None` as well when the
    /// page failed to parse (its own error says why).
    pub(super) fn resolve_policy(
        &self,
        policy: &crate::config::PolicyLink,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let result = self.content_target(&policy.content_path, &policy.written).and_then(|target| {
            let mut href = encoded_path(&self.pages[target].url);
            if let Some(anchor) = &policy.anchor {
                self.anchor(target, anchor)?;
                href = format!("{href}#{}", encoded_fragment(anchor));
            }
            Ok(href)
        });
        match result {
            Ok(href) => Some(href),
            Err(_) if self.failed.is_named(policy.content_path.trim_start_matches("./")) => None,
            // The pages sharing the URL are reported as a collision.
            Err(LinkError::Collision) => None,
            Err(LinkError::Broken { message, help }) => {
                let d = Diagnostic::error(Code::Source, crate::config::CONFIG_FILE, format!("`policy`: {message}"))
                    .at(policy.at)
                    .with_help_opt(help);
                diagnostics.push(d);
                None
            }
        }
    }

    /// In a build with drafts, a published page linking to a draft: a
    /// warning, since the build without `--drafts` fails on that link.
    fn link_to_draft(&self, page: &ResolvedPage, link: &LinkRef, target: Option<PageId>) -> Option<Diagnostic> {
        let target = &self.pages[target?].parsed;
        if page.parsed.meta.draft || !target.meta.draft {
            return None;
        }
        let message = format!("this links to a draft, {}: a build without --drafts leaves it out", target.rel_path);
        let help = format!(
            "`dermis build` fails on this link until the draft is published (`draft = true` removed from {})",
            target.rel_path
        );
        Some(Diagnostic::warning(Code::Link, &page.parsed.rel_path, message).at(link.at).with_help(help))
    }

    fn wiki_target(&self, name: &str) -> Result<PageId, LinkError> {
        let name = name.trim().trim_start_matches('/').trim_end_matches('/').trim_end_matches(".md");
        if name.contains('/') {
            return self.by_qualified.get(name).copied().ok_or_else(|| {
                let help = suggestion_help_as(name, self.by_qualified.keys().map(String::as_str), wiki_link);
                LinkError::broken(format!("no page `{name}` for this wiki link"), help)
            });
        }
        match self.by_name.get(name).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            // Pages sharing one URL are a collision, reported once as such.
            Some(many) if many.iter().all(|&id| self.pages[id].url == self.pages[many[0]].url) => {
                Err(LinkError::Collision)
            }
            Some(many) => {
                let mut choices: Vec<String> = many.iter().map(|&id| qualified(&self.pages[id])).collect();
                choices.sort();
                let help =
                    format!("write one of: {}", choices.iter().map(|c| wiki_link(c)).collect::<Vec<_>>().join(", "));
                let message = format!("wiki link `[[{name}]]` is ambiguous: {} pages are called `{name}`", many.len());
                Err(LinkError::broken(message, Some(help)))
            }
            None => {
                let help = suggestion_help_as(name, self.by_name.keys().map(String::as_str), wiki_link)
                    .or_else(|| Some("link to a page by its file name without .md, such as [[page-name]]".to_string()));
                Err(LinkError::broken(format!("no page `{name}` for this wiki link"), help))
            }
        }
    }

    /// The page a relative `.md` link names, from the folder of `page`.
    fn relative_target(&self, page: &ResolvedPage, path: &str) -> Result<PageId, LinkError> {
        let joined = join_relative(page.parsed.source_dir(), path)
            .ok_or_else(|| LinkError::broken(format!("link `{path}` climbs above content/"), None))?;
        self.content_target(&joined, path).map_err(|e| match e {
            LinkError::Broken { message, help } => {
                // Suggest in the form the author wrote: relative to this page's folder.
                let folder = format!("{}/", page.parsed.source_dir());
                let help = help.map(|h| h.replacen(&format!("`@/{folder}"), "`", 1));
                LinkError::Broken { message, help }
            }
            other => other,
        })
    }

    fn content_target(&self, path: &str, written: &str) -> Result<PageId, LinkError> {
        let path = path.trim_start_matches("./");
        self.by_content_path.get(path).copied().ok_or_else(|| {
            let help = suggestion_help_as(path, self.by_content_path.keys().copied(), |c| format!("@/{c}"));
            LinkError::broken(format!("link `{written}` points to content/{path}, which does not exist"), help)
        })
    }

    fn anchor(&self, target: PageId, anchor: &str) -> Result<String, LinkError> {
        let page = &self.pages[target];
        let headings = &page.parsed.outline.headings;
        if let Some(h) = headings.iter().find(|h| h.id == anchor) {
            return Ok(h.text.clone());
        }
        let ids = headings.iter().map(|h| h.id.as_str());
        let help = match suggestion_help_as(anchor, ids.clone(), |c| format!("#{c}")) {
            Some(help) => help,
            None if headings.is_empty() => format!("{} has no headings", page.parsed.rel_path),
            None => format!(
                "the anchors of {} are: {}",
                page.parsed.rel_path,
                ids.map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
            ),
        };
        Err(LinkError::broken(format!("no heading with id `#{anchor}` in {}", page.parsed.rel_path), Some(help)))
    }
}

/// Characters a path must not carry raw in an `href`: controls, space, and
/// those that end or quote it. `/` stays; so do letters beyond ASCII.
const PATH_RESERVED: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`');

/// Characters a fragment must not carry raw.
const FRAGMENT_RESERVED: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

fn encoded_path(path: &str) -> String {
    percent_encoding::percent_encode(path.as_bytes(), PATH_RESERVED).to_string()
}

fn encoded_fragment(anchor: &str) -> String {
    percent_encoding::percent_encode(anchor.as_bytes(), FRAGMENT_RESERVED).to_string()
}

/// The `href` of a link to a site path: the decoded path encoded again,
/// then the query as written and the anchor.
fn href_of(site_path: &str, link: &LinkRef) -> String {
    let mut href = encoded_path(site_path);
    if let Some(query) = &link.query {
        href.push('?');
        href.push_str(query);
    }
    if let Some(anchor) = &link.anchor {
        href.push('#');
        href.push_str(&encoded_fragment(anchor));
    }
    href
}

/// How a link names its target page, in the forms [`FailedSources`] knows
/// (empty for links to site paths and anchors of the page itself): a page
/// that failed to parse, or a draft left out, is named this way.
fn target_name(page: &ResolvedPage, link: &LinkRef) -> String {
    match &link.kind {
        LinkKind::Wiki(name) => name.trim().trim_matches('/').trim_end_matches(".md").to_string(),
        LinkKind::ContentPath(path) => path.trim_start_matches("./").to_string(),
        LinkKind::RelativeMarkdown(path) => join_relative(page.parsed.source_dir(), path).unwrap_or_default(),
        _ => String::new(),
    }
}

fn qualified(page: &ResolvedPage) -> String {
    let folder = page.parsed.folder();
    if page.parsed.is_section || folder.is_empty() {
        return if folder.is_empty() { page.parsed.stem().to_string() } else { folder.to_string() };
    }
    format!("{folder}/{}", page.parsed.stem())
}

/// `folder` + relative `path`, with `.` and `..` applied; `None` if it
/// climbs above the top.
pub(crate) fn join_relative(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let trailing_slash = path.ends_with('/');
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if trailing_slash && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Why a link does not resolve.
#[derive(Debug)]
enum LinkError {
    /// It names pages that share one URL: that is reported once, as a
    /// collision, not again at every link to them.
    Collision,
    /// What is wrong, and the fix when there is one to suggest.
    Broken { message: String, help: Option<String> },
}

impl LinkError {
    fn broken(message: String, help: Option<String>) -> Self {
        LinkError::Broken { message, help }
    }
}

/// A wiki link to `name`, as written: `[[name]]`.
fn wiki_link(name: &str) -> String {
    format!("[[{name}]]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_site::{BuiltGraph, MINIMAL_SITE, TestSite};

    const PEEL_PATH: &str = "content/methods/peel.md";
    const PEEL: &str = "+++\ntitle = \"Chemical peel\"\n+++\n## Overview\n\nText.\n\n## Side effects\n\nRedness.\n";

    /// A site where `content/guides/choosing.md` has `body`, next to a peel
    /// page with two headings and a laser page with none.
    fn site_with(body: &str) -> BuiltGraph {
        TestSite::new(MINIMAL_SITE)
            .titled("content/methods/_index.md", "Methods", "")
            .page("content/methods/peel.md", PEEL)
            .titled("content/methods/laser.md", "Laser", "No headings here.")
            .titled("content/guides/choosing.md", "Choosing", body)
            .graph()
    }

    /// The one resolved link of the choosing page: href, default text, target path.
    fn only_link(site: &BuiltGraph) -> (String, Option<String>, Option<String>) {
        let links: Vec<&ResolvedLink> = site.page("content/guides/choosing.md").links.values().collect();
        assert_eq!(links.len(), 1, "links: {links:?}, errors: {:?}", site.errors());
        let target = links[0].target.map(|t| site.graph.pages[t].parsed.rel_path.clone());
        (links[0].href.clone(), links[0].default_text.clone(), target)
    }

    fn help_of(site: &BuiltGraph, part: &str) -> String {
        site.error(part).help.clone().unwrap_or_default()
    }

    #[test]
    fn a_wiki_link_finds_the_page_by_file_name_and_takes_its_title() {
        let site = site_with("See [[peel]].");
        let expected = ("/methods/peel/".to_string(), Some("Chemical peel".to_string()), Some(PEEL_PATH.to_string()));
        assert_eq!(only_link(&site), expected);
        assert!(site.errors().is_empty(), "{:?}", site.errors());
    }

    #[test]
    fn a_wiki_link_with_text_keeps_its_text() {
        let site = site_with("See [[peel|the peel]].");
        assert_eq!(only_link(&site).1, None);
    }

    #[test]
    fn a_wiki_link_with_an_anchor_names_the_heading() {
        let site = site_with("See [[peel#side-effects]].");
        let (href, text, _) = only_link(&site);
        assert_eq!(href, "/methods/peel/#side-effects");
        assert_eq!(text.as_deref(), Some("Chemical peel: Side effects"));
    }

    #[test]
    fn a_content_path_link_resolves_to_the_page_url() {
        let site = site_with("See [the peel](@/methods/peel.md).");
        assert_eq!(only_link(&site), ("/methods/peel/".to_string(), None, Some(PEEL_PATH.to_string())));
    }

    #[test]
    fn a_relative_md_link_resolves_from_the_page_folder() {
        let site = site_with("See [the peel](../methods/peel.md#overview).");
        assert_eq!(only_link(&site).0, "/methods/peel/#overview");
    }

    #[test]
    fn a_same_page_anchor_stays_a_bare_fragment() {
        let site =
            TestSite::new(MINIMAL_SITE).page(PEEL_PATH, &format!("{PEEL}\nBack to [the top](#overview).")).graph();
        let links: Vec<&ResolvedLink> = site.page(PEEL_PATH).links.values().collect();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].href, "#overview");
        assert_eq!(links[0].target, Some(site.id(PEEL_PATH)));
    }

    #[test]
    fn a_missing_anchor_suggests_the_nearest_heading_id() {
        let site = site_with("See [[peel#side-efects]].");
        let d = site.error("no heading with id `#side-efects` in content/methods/peel.md");
        assert_eq!(d.path, "content/guides/choosing.md");
        assert_eq!(d.help.as_deref(), Some("did you mean `#side-effects`?"));
    }

    #[test]
    fn a_missing_anchor_far_from_any_lists_the_page_anchors() {
        let site = site_with("See [[peel#zzzzzz]].");
        let expected = "the anchors of content/methods/peel.md are: #overview, #side-effects";
        assert_eq!(help_of(&site, "no heading with id `#zzzzzz`"), expected);
    }

    #[test]
    fn an_anchor_on_a_page_without_headings_says_so() {
        let site = site_with("See [[laser#top]].");
        assert_eq!(help_of(&site, "no heading with id `#top`"), "content/methods/laser.md has no headings");
    }

    #[test]
    fn an_unknown_wiki_name_suggests_the_nearest_page() {
        let site = site_with("See [[pel]].");
        assert_eq!(site.errors(), ["no page `pel` for this wiki link"]);
        assert_eq!(help_of(&site, "no page `pel`"), "did you mean `[[peel]]`?");
        assert!(site.page("content/guides/choosing.md").links.is_empty());
    }

    #[test]
    fn a_missing_content_path_suggests_an_existing_one() {
        let site = site_with("See [x](@/methods/pel.md).");
        let message = "link `@/methods/pel.md` points to content/methods/pel.md, which does not exist";
        assert_eq!(site.errors(), [message]);
        assert_eq!(help_of(&site, message), "did you mean `@/methods/peel.md`?");
    }

    #[test]
    fn a_broken_relative_link_suggests_in_the_relative_form_written() {
        let site = site_with("See [x](../methods/pel.md).");
        let site_laser = TestSite::new(MINIMAL_SITE)
            .page(PEEL_PATH, PEEL)
            .titled("content/methods/laser.md", "Laser", "See [x](pel.md).")
            .graph();
        assert_eq!(help_of(&site, "points to content/methods/pel.md"), "did you mean `@/methods/peel.md`?");
        assert_eq!(help_of(&site_laser, "link `pel.md` points to content/methods/pel.md"), "did you mean `peel.md`?");
    }

    #[test]
    fn a_relative_link_above_content_is_an_error() {
        let site = site_with("See [x](../../x.md).");
        assert_eq!(site.errors(), ["link `../../x.md` climbs above content/"]);
    }

    #[test]
    fn a_name_two_pages_share_is_ambiguous_and_the_folder_decides() {
        let site = TestSite::new(MINIMAL_SITE)
            .page(PEEL_PATH, PEEL)
            .titled("content/guides/peel.md", "Peel guide", "")
            .titled("content/guides/choosing.md", "Choosing", "[[peel]] or [[guides/peel]]")
            .graph();
        assert_eq!(site.errors(), ["wiki link `[[peel]]` is ambiguous: 2 pages are called `peel`"]);
        assert_eq!(help_of(&site, "ambiguous"), "write one of: [[guides/peel]], [[methods/peel]]");
        let links: Vec<&ResolvedLink> = site.page("content/guides/choosing.md").links.values().collect();
        assert_eq!(links.iter().map(|l| l.href.as_str()).collect::<Vec<_>>(), ["/guides/peel/"]);
    }

    #[test]
    fn links_to_a_page_that_failed_to_parse_are_not_reported_again() {
        let site = TestSite::new(MINIMAL_SITE)
            .page("content/methods/broken.md", "+++\ntitle = \n+++\nBody.")
            .titled(
                "content/guides/choosing.md",
                "Choosing",
                "[[broken]], [x](@/methods/broken.md), [y](../methods/broken.md)",
            )
            .graph();
        let errors: Vec<&str> = site.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.path.as_str()).collect();
        assert_eq!(errors, ["content/methods/broken.md"], "{:?}", site.errors());
        assert!(site.page("content/guides/choosing.md").links.is_empty());
    }

    #[test]
    fn relative_paths_join_and_stop_at_the_top() {
        assert_eq!(join_relative("methods", "peels.md").as_deref(), Some("methods/peels.md"));
        assert_eq!(join_relative("methods", "../guides/a.md").as_deref(), Some("guides/a.md"));
        assert_eq!(join_relative("methods", "../../x.md"), None);
        assert_eq!(join_relative("", "./img/a.png").as_deref(), Some("img/a.png"));
    }
}
