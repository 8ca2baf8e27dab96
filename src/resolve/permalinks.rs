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
