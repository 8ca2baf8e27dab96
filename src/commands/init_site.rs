//! `dermis init <DIR>`: a minimal site that builds with the built-in theme.

use super::Outcome;
use super::report::Printer;
use crate::cli::InitArgs;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

const SITE_TOML: &str = r#"title = "My knowledge site"
base_url = "https://example.org"
description = "Sourced articles, compared"
language = "en"

# Wording of the theme: change it to suit what the site is about.
[text]
disclaimer_title = "Note"
disclaimer = "This article explains its subject in general terms, from the sources it lists. Check them before relying on it."
search_hint = "Type a word to search the articles."

[taxonomies.topics]
title = "Topics"

[collections.articles]
section = "articles"
title = "Articles"
# The schema.org type the pages are about (README, "site.toml reference");
# without it they are plain web pages. A medical site sets, for example:
# jsonld = "MedicalProcedure"

[[collections.articles.facts]]
key = "level"
label = "Level"
type = "enum"
values = ["introductory", "intermediate", "advanced"]
required = true
help = "Who the article is written for"

[[collections.articles.facts]]
key = "reading_minutes"
label = "Reading time"
type = "range"
unit = "minutes"
"#;

const HOME: &str = "+++\ntitle = \"Welcome\"\ndescription = \"The home page of a new dermis site\"\n+++\n\nThis site was made with `dermis init`. Start with [[first-article]].\n";
const SECTION: &str =
    "+++\ntitle = \"Articles\"\ndescription = \"Every article of the site\"\n+++\n\nAll articles, in order.\n";
const ARTICLE: &str = "+++\ntitle = \"First article\"\ndescription = \"An example article with facts\"\ndate = 2024-01-01\n\n[taxonomies]\ntopics = [\"examples\"]\n\n[facts]\nlevel = \"introductory\"\nreading_minutes = [2, 3]\n+++\n\n## Hello\n\nEdit `content/articles/first-article.md`, then run `dermis build`.\n";

/// Creates the site; refuses a folder that is not empty.
pub(super) fn run(args: &InitArgs, out: &Printer) -> Outcome {
    let dir = &args.dir;
    let shown = dir.display().to_string();
    let not_empty = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
    if not_empty || dir.is_file() {
        let d = Diagnostic::error(Code::Io, &shown, "the folder exists and is not empty; dermis init never overwrites")
            .with_help("choose a new or empty folder");
        out.diagnostics(&Diagnostics::from(vec![d]));
        return Outcome::UsageError;
    }
    let files = [
        ("site.toml", SITE_TOML),
        ("content/_index.md", HOME),
        ("content/articles/_index.md", SECTION),
        ("content/articles/first-article.md", ARTICLE),
        (".gitignore", "public/\n.dermis-cache/\n"),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        let result = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
        if let Err(e) = result {
            out.diagnostics(&Diagnostics::from(vec![Diagnostic::error(
                Code::Io,
                path.display().to_string(),
                format!("cannot write: {e}"),
            )]));
            return Outcome::SiteErrors;
        }
    }
    out.info(&format!("Created a new site in {shown}. Next: cd {shown} && dermis build"));
    Outcome::Success
}
