//! Checks over the complete list of outputs: two sources writing the same
//! file, and links to site paths that nothing produces.

use super::output::{OutputContent, OutputFile, PreviousFile};
use crate::diagnostics::{Code, Diagnostic, suggestion_help_as};
use crate::resolve::SiteGraph;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// Every output path claimed twice, and every file whose path another
/// output needs as a folder (an alias `/style.css/` beside the stylesheet),
/// as one error for each source an editor can change, naming all of them.
pub(crate) fn find_collisions(files: &[OutputFile]) -> Vec<Diagnostic> {
    // Case-insensitive file systems would merge paths that differ in case
    // only, and macOS paths equal after Unicode NFC normalisation.
    let mut by_path: BTreeMap<String, Vec<&OutputFile>> = BTreeMap::new();
    for f in files {
        let key: String = unicode_normalization::UnicodeNormalization::nfc(f.path.as_str()).collect();
        by_path.entry(key.to_lowercase()).or_default().push(f);
    }
    let mut clashes: Vec<(String, Vec<&OutputFile>)> =
        by_path.iter().filter(|(_, claims)| claims.len() > 1).map(|(p, c)| (p.clone(), c.clone())).collect();
    for (path, claims) in &by_path {
        let mut folder = path.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if let Some(file) = by_path.get(parent) {
                let mut all = file.clone();
                all.extend(claims.iter().copied());
                clashes.push((parent.to_string(), all));
            }
            folder = parent;
        }
    }
    let mut out = Vec::new();
    for (path, mut claims) in clashes {
        claims.sort_by(|a, b| a.origin.cmp(&b.origin));
        let url = format!("/{}", path.trim_end_matches("index.html"));
        let names: Vec<String> = claims.iter().map(|c| c.origin.to_string()).collect();
        let message = format!("{} sources want the same URL {url}: {}", claims.len(), names.join(", "));
        let mut reported = false;
        for claim in &claims {
            if let Some((file, at)) = claim.origin.editable() {
                out.push(Diagnostic::error(Code::Url, file, message.clone()).at_opt(at).with_help(claim.origin.fix()));
                reported = true;
            }
        }
        if !reported {
            out.push(Diagnostic::error(Code::Url, "site.toml", message));
        }
    }
    out
}

/// The folder of the site's URLs that belongs to `dermis serve` (its
/// dashboard, script and event stream), never to content.
pub(crate) const RESERVED_FOLDER: &str = "__dermis";

/// An error for every output under `/__dermis/`, in any letter case: a
/// page, alias or file there would be hidden by `serve`'s dashboard.
pub(crate) fn find_reserved(files: &[OutputFile]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in files {
        let first = f.path.split('/').next().unwrap_or("");
        let first: String = unicode_normalization::UnicodeNormalization::nfc(first).collect();
        if !first.eq_ignore_ascii_case(RESERVED_FOLDER) {
            continue;
        }
        let url = format!("/{}", f.path.trim_end_matches("index.html"));
        let message = format!("{} wants the URL {url}, but /{RESERVED_FOLDER}/ is reserved for dermis serve", f.origin);
        let help = match &f.origin {
            super::Origin::Alias { .. } => {
                "choose another alias: URLs under /__dermis/ belong to the dashboard of `dermis serve`"
            }
            super::Origin::Page { .. } => {
                "change the `slug`: URLs under /__dermis/ belong to the dashboard of `dermis serve`"
            }
            _ => "rename the folder `__dermis`: URLs under /__dermis/ belong to the dashboard of `dermis serve`",
        };
        match f.origin.editable() {
            Some((file, at)) => out.push(Diagnostic::error(Code::Url, file, message).at_opt(at).with_help(help)),
            None => out.push(Diagnostic::error(Code::Url, "site.toml", message).with_help(help)),
        }
    }
    out
}

/// Which of the links [`check_deferred_links`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkScope {
    /// Every link.
    All,
    /// Links to paths outside `/search/` (the output has no search files yet).
    OutsideSearch,
    /// Links into `/search/` alone (the search files have just been made).
    IntoSearch,
}

/// The output folder of site search.
const SEARCH_FOLDER: &str = "search";

/// Whether an output path is in the search folder or could clash with it
/// (`search`, `Search/…`: the collision check folds case and Unicode).
pub(crate) fn may_clash_with_search(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or("");
    let first: String = unicode_normalization::UnicodeNormalization::nfc(first).collect();
    first.to_lowercase() == SEARCH_FOLDER
}

/// Links to `/site/paths` and relative files that the output does not
/// have, and `#anchors` on them that the target page has no element for;
/// of the links `scope` takes. A target left in the previous output is
/// read with `read_previous` (render reads no disk).
pub(crate) fn check_deferred_links(
    graph: &SiteGraph,
    files: &[OutputFile],
    scope: LinkScope,
    read_previous: &dyn Fn(&PreviousFile) -> Option<Vec<u8>>,
) -> Vec<Diagnostic> {
    let by_path: BTreeMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut ids_of: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for link in &graph.deferred_links {
        let wanted = link.path.trim_start_matches('/');
        let into_search = wanted.split('/').next() == Some(SEARCH_FOLDER);
        match scope {
            LinkScope::OutsideSearch if into_search => continue,
            LinkScope::IntoSearch if !into_search => continue,
            _ => {}
        }
        let candidates = if wanted.is_empty() {
            vec!["index.html".to_string()]
        } else {
            vec![wanted.to_string(), format!("{wanted}index.html"), format!("{wanted}/index.html")]
        };
        let Some(target) = candidates.iter().find_map(|c| by_path.get(c.as_str())) else {
            let pages = by_path.keys().filter(|p| p.ends_with("index.html")).map(|p| p.trim_end_matches("index.html"));
            let help = suggestion_help_as(wanted, pages, |c| format!("/{c}"));
            let message = format!("link `{}` points to {}, which the site does not have", link.written, link.path);
            out.push(Diagnostic::error(Code::Link, &link.rel_path, message).at(link.at).with_help_opt(help));
            continue;
        };
        let Some(anchor) = &link.anchor else { continue };
        if !target.path.ends_with(".html") {
            continue;
        }
        let ids = match ids_of.entry(target.path.as_str()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(entry) => {
                let ids = match &target.content {
                    OutputContent::Previous(previous) => read_previous(previous).map(|html| element_ids(&html)),
                    other => other.in_memory().map(element_ids),
                };
                let Some(ids) = ids else { continue };
                entry.insert(ids)
            }
        };
        if ids.contains(anchor) {
            continue;
        }
        let help = match suggestion_help_as(anchor, ids.iter().map(String::as_str), |c| format!("#{c}")) {
            Some(help) => help,
            None if ids.is_empty() => format!("{} has no ids to link to; remove `#{anchor}`", link.path),
            None => {
                let listed: Vec<String> = ids.iter().take(12).map(|i| format!("#{i}")).collect();
                let more = if ids.len() > 12 { format!(" and {} more", ids.len() - 12) } else { String::new() };
                format!("the ids of {} are: {}{more}", link.path, listed.join(", "))
            }
        };
        let message = format!("no element with id `#{anchor}` on {}", link.path);
        out.push(Diagnostic::error(Code::Link, &link.rel_path, message).at(link.at).with_help(help));
    }
    out
}

fn unescape_attribute(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut text = raw.to_string();
    for (entity, c) in
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#x27;", "'"), ("&#39;", "'"), ("&#x2F;", "/")]
    {
        text = text.replace(entity, c);
    }
    text.replace("&amp;", "&")
}

/// The values of every `id` attribute of an HTML page (as dermis's templates
/// and Markdown renderer write them: double-quoted, entities for `&"<>`).
fn element_ids(html: &[u8]) -> BTreeSet<String> {
    let text = String::from_utf8_lossy(html);
    let mut ids = BTreeSet::new();
    for (at, _) in text.match_indices(" id=\"") {
        let rest = &text[at + 5..];
        if let Some(end) = rest.find('"') {
            let raw = &rest[..end];
            ids.insert(unescape_attribute(raw));
        }
    }
    ids
}
