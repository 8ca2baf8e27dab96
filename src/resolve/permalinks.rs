//! Pretty URLs: `content/methods/peels.md` → `/methods/peels/`,
//! `content/methods/_index.md` → `/methods/`. Folder names are slugified,
//! a page's `slug` replaces its file stem.

use crate::parse::{ParsedPage, slugify};

/// The site path and slug of a page.
pub fn permalink(page: &ParsedPage) -> (String, String) {
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

fn segment(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { "page".to_string() } else { s }
}

/// Pages and aliases that claim the same URL (case-insensitively, since
/// case-insensitive file systems would merge them): an error on every
/// claimant, naming all of them (never "last one wins", Zola #366).
pub fn find_url_collisions(pages: &[super::ResolvedPage]) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Code, Diagnostic};
    use std::collections::BTreeMap;
    // URL → (source path, where the alias is written, "page" or "alias").
    type Claim<'a> = (String, Option<crate::diagnostics::LineCol>, &'a str);
    let mut claims: BTreeMap<String, Vec<Claim<'_>>> = BTreeMap::new();
    for page in pages {
        let rel = page.parsed.rel_path.clone();
        claims.entry(page.url.to_lowercase()).or_default().push((rel.clone(), None, "page"));
        for alias in &page.parsed.meta.aliases {
            claims.entry(alias.value.to_lowercase()).or_default().push((rel.clone(), Some(alias.at), "alias"));
        }
    }
    let mut out = Vec::new();
    for (url, claimants) in claims {
        if claimants.len() < 2 {
            continue;
        }
        let names: Vec<String> = claimants.iter().map(|(path, _, what)| format!("{path} ({what})")).collect();
        for (path, at, _) in &claimants {
            let message = format!("{} sources want the same URL {url}: {}", claimants.len(), names.join(", "));
            let help = if claimants.iter().any(|(_, _, what)| *what == "alias") {
                "change or remove the alias: it names a URL that is already taken"
            } else {
                "give one of the pages another file name or `slug`"
            };
            out.push(Diagnostic::error(Code::Url, path, message).at_opt(*at).with_help(help));
        }
    }
    out
}
