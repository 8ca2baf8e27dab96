//! Checks over the complete list of outputs: two sources writing the same
//! file, and links to site paths that nothing produces.

use super::output::OutputFile;
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::resolve::SiteGraph;
use std::collections::{BTreeMap, BTreeSet};

/// Every output path claimed twice, as an error naming all its sources.
pub fn find_collisions(files: &[OutputFile]) -> Vec<Diagnostic> {
    let mut by_path: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for f in files {
        // Case-insensitive file systems would merge these, so they collide too.
        by_path.entry(f.path.to_lowercase()).or_default().push(&f.origin);
    }
    let mut out = Vec::new();
    for (path, origins) in by_path {
        if origins.len() < 2 {
            continue;
        }
        let url = format!("/{}", path.trim_end_matches("index.html"));
        let all = origins.join(", ");
        for origin in &origins {
            let file = if origin.contains(' ') { "site.toml" } else { origin };
            let message = format!("{} sources want the same URL {url}: {all}", origins.len());
            out.push(
                Diagnostic::error(Code::Url, file, message)
                    .with_help("give one of them another slug or file name (`slug = \"…\"` in the front matter)"),
            );
        }
    }
    out
}

/// Links to `/site/paths` and relative files that the output does not have.
pub fn check_deferred_links(graph: &SiteGraph, files: &[OutputFile]) -> Vec<Diagnostic> {
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut out = Vec::new();
    for link in &graph.deferred_links {
        let wanted = link.path.trim_start_matches('/');
        let candidates = [wanted.to_string(), format!("{wanted}index.html"), format!("{wanted}/index.html")];
        let exists = wanted.is_empty() || candidates.iter().any(|c| paths.contains(c.as_str()));
        if exists {
            continue;
        }
        let pages = paths.iter().filter(|p| p.ends_with("index.html")).map(|p| p.trim_end_matches("index.html"));
        let help = did_you_mean(wanted, pages).map(|c| format!("did you mean `/{c}`?"));
        let message = format!("link `{}` points to {}, which the site does not have", link.written, link.path);
        out.push(Diagnostic::error(Code::Link, &link.rel_path, message).at(link.at).with_help_opt(help));
    }
    out
}
