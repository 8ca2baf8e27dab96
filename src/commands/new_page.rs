//! `dermis new <collection> "<Title>"`: a page with every schema field, its
//! type and help text, marked as a draft until the editor fills it in.

use super::Outcome;
use super::report::Printer;
use crate::cli::NewArgs;
use crate::config::{Collection, FactType, SiteConfig, load_site_config};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::parse::slugify;
use std::fmt::Write;
use std::path::Path;

/// Writes `content/<section>/<slug>.md`, never overwriting.
pub fn run(args: &NewArgs, root: &Path, out: &Printer) -> Outcome {
    let config = match load_site_config(root) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics(&d);
            return Outcome::UsageError;
        }
    };
    let Some(collection) = config.collections.get(&args.collection) else {
        let help = did_you_mean(&args.collection, config.collections.keys().map(String::as_str))
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| {
                format!("collections: {}", config.collections.keys().cloned().collect::<Vec<_>>().join(", "))
            });
        let d = Diagnostic::error(Code::Config, "site.toml", format!("no collection `{}`", args.collection))
            .with_help(help);
        out.diagnostics(&Diagnostics::from(vec![d]));
        return Outcome::UsageError;
    };
    let slug = slugify(&args.title);
    if slug.is_empty() {
        let d = Diagnostic::error(Code::Config, "title", "the title has no letters or digits to make a file name from");
        out.diagnostics(&Diagnostics::from(vec![d]));
        return Outcome::UsageError;
    }
    let rel = format!("content/{}/{slug}.md", collection.section);
    let path = root.join(&rel);
    if path.exists() {
        let d = Diagnostic::error(Code::Io, &rel, "the file already exists; dermis new never overwrites")
            .with_help("choose another title, or edit the existing file");
        out.diagnostics(&Diagnostics::from(vec![d]));
        return Outcome::UsageError;
    }
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let text = scaffold(&args.title, &today, collection, &config);
    let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
    match written {
        Ok(()) => {
            out.info(&format!("Created {rel} (a draft: fill in the facts, then remove `draft = true`)"));
            Outcome::Success
        }
        Err(e) => {
            out.diagnostics(&Diagnostics::from(vec![Diagnostic::error(Code::Io, &rel, format!("cannot write: {e}"))]));
            Outcome::SiteErrors
        }
    }
}

/// The scaffold's text: TOML front matter with every field documented.
pub fn scaffold(title: &str, today: &str, collection: &Collection, config: &SiteConfig) -> String {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", toml_string(title));
    s.push_str("description = \"\"  # one sentence, under 160 characters\n");
    let _ = writeln!(s, "date = {today}\nreviewed = {today}  # date of the last medical review");
    s.push_str("draft = true  # remove when the page is ready\n");
    if !config.taxonomies.is_empty() {
        s.push_str("\n[taxonomies]\n");
        for (name, taxonomy) in &config.taxonomies {
            match &taxonomy.terms {
                Some(terms) => {
                    let _ = writeln!(
                        s,
                        "# {}: any of {}",
                        taxonomy.title,
                        terms.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ")
                    );
                }
                None => {
                    let _ = writeln!(s, "# {}", taxonomy.title);
                }
            }
            let _ = writeln!(s, "{name} = []");
        }
    }
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
    s.push_str("[[references]]\nkey = \"source-1\"  # cite it in the text as [@source-1]\ntitle = \"\"\nurl = \"https://\"\npublisher = \"\"\n");
    let tiers = &config.sources.tiers;
    if let Some(first) = tiers.first() {
        let ids: Vec<String> = tiers.iter().map(|t| format!("{:?}", t.id)).collect();
        let _ = writeln!(s, "tier = {}  # one of {}", toml_string(&first.id), ids.join(", "));
    }
    s.push_str("# doi = \"10.…\"  pmid = \"…\"  (optional)\n+++\n\n");
    s.push_str("## What it is\n\nWrite the article here [@source-1]. Link to other pages with [[page-name]].\n");
    s
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

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
