//! Generated inputs (property-based, proptest): TOML and YAML front matter,
//! wiki links, compare blocks and whole pages, valid and broken. Whatever
//! comes in, dermis never panics or hangs, and every error it reports names a
//! file of the site and, when it is about a page, a line and column inside
//! that page.
//!
//! 1,000 cases per property by default; `PROPTEST_CASES=100000 cargo test
//! --release --test generated_inputs` runs 100,000 (see README, Development).
//! Every case runs under proptest's timeout (which runs the cases in a child
//! process), so a hang fails the case instead of the suite.

#![allow(clippy::unwrap_used, missing_docs)]

use dermis::Diagnostic;
use dermis::{BuildFailure, BuildOptions, build_in_memory};
use dermis::{SiteConfig, parse_site_config};
use proptest::prelude::*;
use proptest::sample::Index;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// 1,000 cases unless `PROPTEST_CASES` says otherwise; ten seconds a case.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 1000;
    }
    config.timeout = 10_000;
    config
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites").join(name)
}

fn site_config() -> &'static SiteConfig {
    static CONFIG: OnceLock<SiteConfig> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let text = std::fs::read_to_string(fixture("compare").join("site.toml")).unwrap();
        parse_site_config(&text).unwrap()
    })
}

// ---------------------------------------------------------------- pieces

/// Short text with the characters that matter to the parsers.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 _-]{0,12}",
        2 => "[a-z\"'\\\\\\[\\]{}#|@/.:=,*&!%`<>\t é-]{0,10}",
        1 => "\\PC{0,8}",
        1 => Just(String::new()),
    ]
}

/// Names of pages, facts and collections of the `compare` fixture, and others.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "laser", "peel", "cream", "needling", "surgery", "device-a", "collagen", "dermis",
            "choosing", "methods", "devices", "glossary", "approach", "layers", "downtime_days",
            "invasiveness", "note", "kind", "price", "aliases", "concerns", "generated",
        ])
        .prop_map(str::to_string),
        1 => text(),
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof!["(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]", "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"]
}

/// A TOML value: strings (some with bad escapes), numbers, dates, lists, tables.
fn toml_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => name().prop_map(|s| format!("{s:?}")),
        2 => text().prop_map(|s| format!("\"{s}\"")),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<f32>().prop_map(|n| n.to_string()),
        1 => any::<bool>().prop_map(|b| b.to_string()),
        2 => date(),
        1 => text(),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((name(), inner), 0..3).prop_map(|kv| {
                let fields: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", fields.join(", "))
            }),
        ]
    })
}

const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "reviewed",
    "description",
    "slug",
    "aliases",
    "draft",
    "template",
    "toc",
    "weight",
    "tags",
    "concerns",
    "references",
    "unknown_key",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(KEYS).prop_map(str::to_string), 1 => name()]
}

/// TOML front matter lines, with a `[facts]` and a `[taxonomies]` table at times.
fn toml_front() -> impl Strategy<Value = Vec<String>> {
    let line = (key(), toml_value()).prop_map(|(k, v)| format!("{k} = {v}"));
    let title = text().prop_map(|t| format!("title = {t:?}"));
    let facts = prop::collection::vec((name(), toml_value()), 0..5).prop_map(|kv| {
        let mut lines = vec!["[facts]".to_string()];
        lines.extend(kv.into_iter().map(|(k, v)| format!("{k} = {v}")));
        lines
    });
    let taxonomies = prop::collection::vec(toml_value(), 0..3)
        .prop_map(|v| vec!["[taxonomies]".to_string(), format!("concerns = [{}]", v.join(", "))]);
    (
        prop::option::weighted(0.9, title),
        prop::collection::vec(line, 0..6),
        prop::option::of(taxonomies),
        prop::option::weighted(0.6, facts),
    )
        .prop_map(|(title, lines, taxonomies, facts)| {
            let mut all: Vec<String> = title.into_iter().chain(lines).collect();
            all.extend(taxonomies.unwrap_or_default());
            all.extend(facts.unwrap_or_default());
            all
        })
}

/// A YAML scalar, flow list or block construct.
fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => name(),
        2 => text().prop_map(|s| format!("{s:?}")),
        1 => text().prop_map(|s| format!("'{s}'")),
        2 => any::<i32>().prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec!["yes", "no", "true", "null", "~", "", "[]", "{}", "1e9"]).prop_map(str::to_string),
        2 => date(),
        2 => prop::collection::vec(name(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        2 => prop::collection::vec(name(), 1..4)
            .prop_map(|v| v.iter().map(|i| format!("\n  - {i}")).collect::<String>()),
        1 => text().prop_map(|s| format!("|\n  {s}\n  more")),
        1 => name().prop_map(|s| format!("&anchor {s}")),
        1 => Just("*anchor".to_string()),
    ]
}

/// YAML front matter lines, with a `facts:` mapping at times.
fn yaml_front() -> impl Strategy<Value = Vec<String>> {
    let line = (key(), yaml_value()).prop_map(|(k, v)| format!("{k}: {v}"));
    let title = text().prop_map(|t| format!("title: {t:?}"));
    let indent = prop::sample::select(vec!["  ", "    ", "\t", " "]);
    let facts = prop::collection::vec((indent, name(), yaml_value()), 0..5).prop_map(|kv| {
        let mut lines = vec!["facts:".to_string()];
        lines.extend(kv.into_iter().map(|(i, k, v)| format!("{i}{k}: {v}")));
        lines
    });
    (prop::option::weighted(0.9, title), prop::collection::vec(line, 0..6), prop::option::weighted(0.6, facts))
        .prop_map(|(title, lines, facts)| {
            let mut all: Vec<String> = title.into_iter().chain(lines).collect();
            all.extend(facts.unwrap_or_default());
            all
        })
}

/// `[[target]]`, `[[target#anchor|label]]`, broken brackets, Markdown and `@/` links.
fn link() -> impl Strategy<Value = String> {
    let anchor = prop::option::of(prop_oneof![
        Just("overview".to_string()),
        Just("recovery".to_string()),
        Just("risks".to_string()),
        text()
    ]);
    let label = prop::option::of(text());
    let wiki = (name(), anchor, label).prop_map(|(target, anchor, label)| {
        let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        let label = label.map(|l| format!("|{l}")).unwrap_or_default();
        format!("[[{target}{anchor}{label}]]")
    });
    let url = prop_oneof![
        name().prop_map(|n| format!("/methods/{n}/")),
        name().prop_map(|n| format!("{n}.md")),
        name().prop_map(|n| format!("@/methods/{n}.md")),
        name().prop_map(|n| format!("#{n}")),
        prop::sample::select(vec!["javascript:alert(1)", "../../x", "%2e%2e%2f", "https://example.org", "", "<>"])
            .prop_map(str::to_string),
        text(),
    ];
    let markdown = (text(), url).prop_map(|(t, u)| format!("[{t}]({u})"));
    prop_oneof![
        4 => wiki,
        2 => markdown,
        1 => prop::sample::select(vec!["[[", "]]", "[[]]", "[[|]]", "[[#]]", "[[a[[b]]]]", "[[laser", "`[[peel]]`"])
            .prop_map(str::to_string),
    ]
}

/// A fenced compare block: TOML with rows, columns, filter, collection, title.
fn compare_block() -> impl Strategy<Value = String> {
    let list = || {
        prop::collection::vec(name(), 0..4)
            .prop_map(|v| format!("[{}]", v.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")))
    };
    let line = prop_oneof![
        3 => list().prop_map(|l| format!("rows = {l}")),
        3 => list().prop_map(|l| format!("columns = {l}")),
        1 => (name(), toml_value()).prop_map(|(k, v)| format!("filter = {{ {k} = {v} }}")),
        1 => name().prop_map(|c| format!("collection = {c:?}")),
        1 => text().prop_map(|t| format!("title = {t:?}")),
        1 => (key(), toml_value()).prop_map(|(k, v)| format!("{k} = {v}")),
    ];
    (prop::collection::vec(line, 0..5), prop::sample::select(vec!["```", "````", "~~~", ""])).prop_map(
        |(lines, close)| {
            let open = if close == "~~~" { "~~~" } else { "```" };
            format!("{open}compare\n{}\n{close}", lines.join("\n"))
        },
    )
}

/// One block of a body.
fn body_part() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop_oneof![2 => text(), 2 => link()], 1..5).prop_map(|v| v.join(" ")),
        2 => (1..7usize, text()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
        2 => compare_block(),
        1 => link().prop_map(|l| format!("```\n{l}\n```")),
        1 => text().prop_map(|t| format!("- {t}\n  - [[peel]]\n> {t}")),
        1 => text().prop_map(|t| format!("<div>{t}</div>")),
        1 => prop::sample::select(vec!["+++", "---", "| a | b |\n|---|---|\n| [[laser]] | x |", "\r", "\u{feff}"])
            .prop_map(str::to_string),
    ]
}

/// Small edits that break what was well formed.
#[derive(Debug, Clone)]
enum Edit {
    Delete(Index, usize),
    Insert(Index, String),
    Truncate(Index),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let inserted = prop::sample::select(vec![
        "\"", "'", "[", "]", "{", "}", "=", ":", "\n", "\t", "\\", "#", "[[", "]]", "```", "+++\n", "---\n", "é",
        "\u{301}", "\u{0}", "- ", "&", "*", "|",
    ])
    .prop_map(str::to_string);
    let edit = prop_oneof![
        2 => (any::<Index>(), 1..4usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        3 => (any::<Index>(), inserted).prop_map(|(i, s)| Edit::Insert(i, s)),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ];
    prop_oneof![2 => Just(Vec::new()), 3 => prop::collection::vec(edit, 1..4)]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match edit {
            Edit::Delete(at, n) if !chars.is_empty() => {
                let start = at.index(chars.len());
                let end = (start + n).min(chars.len());
                chars.drain(start..end);
            }
            Edit::Insert(at, s) => {
                let at = at.index(chars.len() + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::Truncate(at) if !chars.is_empty() => chars.truncate(at.index(chars.len())),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn assemble(delimiter: &str, front: &[String], body: &[String]) -> String {
    format!("{delimiter}\n{}\n{delimiter}\n{}\n", front.join("\n"), body.join("\n\n"))
}

/// A whole page: TOML or YAML front matter, a body, and perhaps some damage.
fn page() -> impl Strategy<Value = String> {
    let front =
        prop_oneof![toml_front().prop_map(|lines| ("+++", lines)), yaml_front().prop_map(|lines| ("---", lines)),];
    (front, prop::collection::vec(body_part(), 0..6), edits())
        .prop_map(|((delimiter, front), body, edits)| apply(&assemble(delimiter, &front, &body), &edits))
}

/// A page whose front matter is valid (for a collection page too), so the
/// body's links and compare blocks reach resolve and render; the body may be
/// damaged. Now and then a page of any kind.
fn site_page(in_collection: bool) -> impl Strategy<Value = String> {
    let approach = prop::sample::select(vec!["topical", "non-invasive", "minimally invasive", "surgical", "lazer"]);
    let concerns = prop::collection::vec(prop::sample::select(vec!["fine lines", "acne scars", "redness"]), 0..3);
    let front =
        ("[a-zA-Z0-9 ]{1,12}", approach, prop::option::of(concerns)).prop_map(move |(title, approach, concerns)| {
            let mut lines = vec![format!("title = {title:?}")];
            if let Some(concerns) = concerns {
                lines.push(format!("[taxonomies]\nconcerns = {concerns:?}"));
            }
            if in_collection {
                lines.push(format!("[facts]\napproach = {approach:?}"));
            }
            lines
        });
    let tame = (front, prop::collection::vec(body_part(), 1..6), edits())
        .prop_map(|(front, body, edits)| assemble("+++", &front, &[apply(&body.join("\n\n"), &edits)]));
    prop_oneof![4 => tame, 1 => page()]
}

// ---------------------------------------------------------------- checks

/// Every diagnostic names a file of the site; errors about `page` (whose text
/// is `text`) have a line and column, and every location is inside the page.
fn check_located<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    page: &str,
    text: &str,
    site_root: Option<&Path>,
) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        prop_assert!(!d.path.is_empty(), "no file: {d:?}");
        if let Some(root) = site_root {
            prop_assert!(root.join(&d.path).exists(), "not a file of the site: {d:?}");
        }
        if d.path == page && d.is_error() {
            prop_assert!(d.location.is_some(), "no line and column: {d:?}");
        }
        if let (true, Some(at)) = (d.path == page, d.location) {
            prop_assert!(at.line >= 1 && at.line <= lines.len(), "line {} outside the page: {d:?}", at.line);
            let width = lines[at.line - 1].chars().count();
            prop_assert!(at.col >= 1 && at.col <= width + 1, "column {} outside line {}: {d:?}", at.col, at.line);
        }
    }
    Ok(())
}

/// Parses `text` as `content/<path>` in process.
fn parse(path: &str, text: &str) -> Result<(), TestCaseError> {
    let source =
        dermis::stages::decode_source(path, text.as_bytes()).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
    let (_, diagnostics) = dermis::stages::parse_page(&source, site_config());
    check_located(&diagnostics, path, &source.text, None)
}

/// Copies the `compare` fixture to `root`.
fn copy_compare_site(root: &Path) {
    let from = fixture("compare");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the `compare` fixture for the whole-site property, one per
/// process (proptest runs the cases in a child process). Copies left by
/// processes that have ended are removed.
fn site_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        for entry in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("generated-site-")
                && Path::new("/proc/self").exists()
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let root = tmp.join(format!("generated-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_compare_site(&root);
        root
    })
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn toml_front_matter_never_panics_and_every_error_is_located(
        front in toml_front(),
        edits in edits(),
        in_collection in any::<bool>(),
    ) {
        let text = apply(&assemble("+++", &front, &[]), &edits);
        let path = if in_collection { "content/methods/generated.md" } else { "content/guides/generated.md" };
        parse(path, &text)?;
    }

    #[test]
    fn yaml_front_matter_never_panics_and_every_error_is_located(
        front in yaml_front(),
        edits in edits(),
        in_collection in any::<bool>(),
    ) {
        let text = apply(&assemble("---", &front, &[]), &edits);
        let path = if in_collection { "content/methods/generated.md" } else { "content/guides/generated.md" };
        parse(path, &text)?;
    }

    #[test]
    fn whole_pages_never_panic_and_every_error_is_located(page in page(), crlf in any::<bool>()) {
        let text = if crlf { page.replace('\n', "\r\n") } else { page };
        parse("content/methods/generated.md", &text)?;
    }

    /// Wiki links and compare blocks are resolved against the other pages, so
    /// this one builds a whole site (in memory) around the generated page.
    #[test]
    fn wiki_links_and_compare_blocks_in_a_site_never_panic_and_every_error_is_located(
        (in_collection, page) in any::<bool>().prop_flat_map(|c| (Just(c), site_page(c))),
    ) {
        let root = site_root();
        let (path, other) = if in_collection {
            ("content/methods/generated.md", "content/guides/generated.md")
        } else {
            ("content/guides/generated.md", "content/methods/generated.md")
        };
        let _ = std::fs::remove_file(root.join(other));
        std::fs::write(root.join(path), &page).unwrap();
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let text = dermis::stages::decode_source(path, page.as_bytes()).map(|s| s.text).unwrap_or_default();
        match build_in_memory(&options) {
            Ok(built) => check_located(built.warnings.iter(), path, &text, Some(root))?,
            Err(BuildFailure::Site(d) | BuildFailure::Config(d)) => check_located(d.iter(), path, &text, Some(root))?,
        }
    }
}

/// The whole-site property builds a real site: a valid page comes out as HTML.
#[test]
fn the_site_around_generated_pages_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_compare_site(root);
    std::fs::write(root.join("content/guides/generated.md"), "+++\ntitle = \"G\"\n+++\nSee [[laser]].\n").unwrap();
    let built = build_in_memory(&BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() }).unwrap();
    assert!(built.files.iter().any(|f| f.path == "guides/generated/index.html"));
}
