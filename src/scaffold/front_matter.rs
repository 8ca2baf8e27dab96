//! The front matter `dermis new` writes: the title, an empty description to
//! fill in, today's date and `draft = true`; for a collection every fact of
//! its schema, commented with its type, unit and help text. Everything the
//! editor may add later (people, the review date, sources) is a comment, so
//! the new page holds no placeholder that reads as a value: `reviewed` in
//! particular stays out until someone reviews the page.

use crate::config::{Collection, FactType, SiteConfig};
use std::fmt::Write;

/// The front matter of a new page titled `title`, dated `today`
/// (`YYYY-MM-DD`), with the facts of `collection` when it belongs to one.
pub(super) fn front_matter(title: &str, today: &str, collection: Option<&Collection>, config: &SiteConfig) -> String {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", toml_string(title));
    s.push_str("description = \"\"  # one sentence, under 160 characters: shown in search results and lists\n");
    let _ = writeln!(s, "date = {today}");
    s.push_str("draft = true  # remove when the page is ready to publish\n");
    people(&mut s, today, config);
    taxonomies(&mut s, config);
    if let Some(collection) = collection {
        facts(&mut s, collection);
    }
    references(&mut s, config);
    s.push_str("+++\n\n");
    s
}

/// Authors and the review, as comments: nobody is named, and no review is
/// claimed, until the editor says so.
fn people(s: &mut String, today: &str, config: &SiteConfig) {
    let ids: Vec<String> = config.people.iter().map(|p| toml_string(&p.id)).collect();
    if let Some(first) = ids.first() {
        let _ =
            writeln!(s, "# authors = [{first}]  # who wrote it: ids of [[people]] in site.toml: {}", ids.join(", "));
    }
    let _ = writeln!(s, "# reviewed = {today}  # add once someone has reviewed the page: the date of that review");
    if let Some(first) = ids.first() {
        let _ = writeln!(s, "# reviewed_by = [{first}]  # who reviewed it");
    }
}

fn taxonomies(s: &mut String, config: &SiteConfig) {
    if config.taxonomies.is_empty() {
        return;
    }
    s.push_str("\n[taxonomies]\n");
    for (name, taxonomy) in &config.taxonomies {
        match &taxonomy.terms {
            Some(terms) => {
                let listed: Vec<String> = terms.iter().map(|t| toml_string(t)).collect();
                let _ = writeln!(s, "# {}: any of {}", taxonomy.title, listed.join(", "));
            }
            None => {
                let _ = writeln!(s, "# {}", taxonomy.title);
            }
        }
        let _ = writeln!(s, "{name} = []");
    }
}

fn facts(s: &mut String, collection: &Collection) {
    s.push_str("\n[facts]\n");
    for fact in &collection.facts {
        let required = if fact.required { ", required" } else { ", optional: leave out when no source gives it" };
        let unit = fact.unit.as_ref().map(|u| format!(" in {u}")).unwrap_or_default();
        let _ = writeln!(s, "# {} ({}{unit}{required})", fact.label, fact.kind.name());
        if let Some(help) = &fact.help {
            let _ = writeln!(s, "# {help}");
        }
        let _ = writeln!(s, "# {}", fact.kind.expectation());
        let _ = writeln!(s, "# {} = {}\n", fact.key, example(&fact.kind));
    }
}

/// A commented source to copy: an empty one would be an error.
fn references(s: &mut String, config: &SiteConfig) {
    if !s.ends_with("\n\n") {
        s.push('\n');
    }
    s.push_str("# Sources: one [[references]] block each, cited in the text as [@key].\n");
    s.push_str("# [[references]]\n# key = \"source-1\"\n# title = \"…\"\n# url = \"https://…\"\n# publisher = \"…\"\n");
    s.push_str("# year = 2024\n");
    let tiers = &config.sources.tiers;
    if let Some(first) = tiers.first() {
        let ids: Vec<String> = tiers.iter().map(|t| toml_string(&t.id)).collect();
        let _ = writeln!(s, "# tier = {}  # one of {}", toml_string(&first.id), ids.join(", "));
    }
    s.push_str("# doi = \"10.…\"  pmid = \"…\"  (optional)\n");
}

fn example(kind: &FactType) -> String {
    match kind {
        FactType::Text => "\"\"".into(),
        FactType::Number => "0".into(),
        FactType::Range => "[0, 0]".into(),
        FactType::Enum(values) => toml_string(values.first().map_or("", String::as_str)),
        FactType::List(Some(values)) => format!("[{}]", toml_string(values.first().map_or("", String::as_str))),
        FactType::List(None) => "[]".into(),
        FactType::Bool => "false".into(),
        FactType::Scale => "3".into(),
        FactType::Date => "2024-01-01".into(),
    }
}

/// A TOML basic string.
pub(super) fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_valid_toml_strings() {
        assert_eq!(toml_string("Say \"hi\" \\ there"), "\"Say \\\"hi\\\" \\\\ there\"");
        assert_eq!(toml_string("a\tb\u{1}"), "\"a\\tb\\u0001\"");
    }
}
