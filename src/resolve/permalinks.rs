//! Pretty URLs: `content/methods/peels.md` → `/methods/peels/`,
//! `content/methods/_index.md` → `/methods/`. Folder names are slugified,
//! a page's `slug` replaces its file stem.

use crate::parse::ParsedPage;
use crate::text::slugify;

/// The site path and slug of a page.
pub(super) fn permalink(page: &ParsedPage) -> (String, String) {
    let folders: Vec<String> = page.folder().split('/').filter(|s| !s.is_empty()).map(segment).collect();
    let mut url = String::from("/");
    for f in &folders {
        url.push_str(f);
        url.push('/');
    }
    if page.is_section {
        let slug = folders.last().cloned().unwrap_or_default();
        return (url, slug);
    }
    let slug = page.meta.slug.clone().unwrap_or_else(|| segment(page.stem()));
    url.push_str(&slug);
    url.push('/');
    (url, slug)
}

/// One URL segment from a file or folder name: slugified, `page` when
/// nothing of it is left.
pub(crate) fn segment(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { "page".to_string() } else { s }
}

/// Pages and aliases that claim the same URL (case-insensitively, since
/// case-insensitive file systems would merge them): an error on every
/// claimant, naming all of them (never "last one wins", Zola #366).
pub(super) fn find_url_collisions(pages: &[super::ResolvedPage]) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Code, Diagnostic, LineCol};
    use std::collections::BTreeMap;
    /// Who claims a URL: the source, where (its slug, its alias, or the file), and how.
    struct Claim<'a> {
        rel_path: &'a str,
        at: LineCol,
        what: &'static str,
        help: &'static str,
    }
    let mut claims: BTreeMap<String, Vec<Claim<'_>>> = BTreeMap::new();
    for page in pages {
        let rel_path = page.parsed.rel_path.as_str();
        let (at, help) = match page.parsed.meta.slug_at {
            Some(at) => (at, "change the `slug`: another source produces this URL"),
            None => (
                LineCol { line: 1, col: 1 },
                "rename the file or give the page a `slug`: another source produces this URL",
            ),
        };
        claims.entry(page.url.to_lowercase()).or_default().push(Claim { rel_path, at, what: "page", help });
        for alias in &page.parsed.meta.aliases {
            claims.entry(alias.value.to_lowercase()).or_default().push(Claim {
                rel_path,
                at: alias.at,
                what: "alias",
                help: "change or remove the alias: it names a URL that is already taken",
            });
        }
    }
    let mut out = Vec::new();
    for (url, claimants) in claims {
        if claimants.len() < 2 {
            continue;
        }
        let names: Vec<String> = claimants.iter().map(|c| format!("{} ({})", c.rel_path, c.what)).collect();
        let message = format!("{} sources want the same URL {url}: {}", claimants.len(), names.join(", "));
        for claim in &claimants {
            out.push(Diagnostic::error(Code::Url, claim.rel_path, message.clone()).at(claim.at).with_help(claim.help));
        }
    }
    out
}
