//! Every example of the CommonMark 0.31.2 spec, rendered by dermis (each
//! example one page of a site, through parse, resolve and the article
//! renderer, as `build` does) and by pulldown-cmark alone with dermis's
//! options. Both are compared with the spec's HTML after the spec runner's
//! normalisation; dermis's output also has its documented additions undone
//! (see `normalize`). Every example pulldown-cmark passes, dermis must pass.
//!
//! The examples come from the npm package `commonmark-spec`, which
//! scripts/install-test-tools.sh installs and writes out as
//! `commonmark-spec/spec.json` in the tools folder. Without it this test fails
//! and says so, unless DERMIS_SKIP_COMMONMARK=1 is set deliberately.

mod normalize;

use dermis::{Code, Diagnostic};
use normalize::{Deviations, normalize};
use std::sync::Arc;

#[derive(serde::Deserialize)]
struct Example {
    markdown: String,
    html: String,
    section: String,
    number: usize,
}

fn examples() -> Option<Vec<Example>> {
    if std::env::var_os("DERMIS_SKIP_COMMONMARK").is_some() {
        return None;
    }
    let path = crate::site_test::tools_dir().join("commonmark-spec/spec.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the CommonMark spec examples are not installed at {} ({e}): run scripts/install-test-tools.sh (or set DERMIS_SKIP_COMMONMARK=1 to skip on purpose)",
            path.display()
        )
    });
    let examples: Vec<Example> = serde_json::from_str(&text).unwrap();
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    Some(examples)
}

fn page_path(number: usize) -> String {
    format!("content/example-{number:03}.md")
}

/// Each example's body HTML as dermis renders it, and the errors of its page.
fn render_with_dermis(examples: &[Example]) -> Vec<(String, Vec<Diagnostic>)> {
    let config = dermis::parse_site_config("title = \"Spec\"\nbase_url = \"https://example.org\"\n").unwrap();
    let mut pages = Vec::new();
    let mut diagnostics = Vec::new();
    for example in examples {
        let text = format!("+++\ntitle = \"Example {}\"\n+++\n{}", example.number, example.markdown);
        let source = dermis::stages::decode_source(&page_path(example.number), text.as_bytes()).unwrap();
        let (page, d) = dermis::stages::parse_page(&source, &config);
        diagnostics.extend(d);
        pages.push(Arc::new(page.unwrap()));
    }
    let resolved =
        dermis::stages::build_site_graph(config, pages, Vec::new(), &Default::default(), &mut Default::default());
    diagnostics.extend(resolved.diagnostics);
    let graph = resolved.graph;
    examples
        .iter()
        .map(|example| {
            let path = page_path(example.number);
            let page = graph.pages.iter().find(|p| p.parsed.rel_path == path).unwrap();
            let errors = diagnostics.iter().filter(|d| d.path == path && d.is_error()).cloned().collect();
            (dermis::stages::render_body(&graph, page), errors)
        })
        .collect()
}

fn render_with_pulldown(markdown: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, dermis::stages::new_markdown_parser(markdown));
    out
}

#[test]
#[allow(clippy::print_stderr)] // the two counts are the test's report (`-- --nocapture`)
fn commonmark_spec_examples_pass_wherever_pulldown_cmark_passes() {
    let Some(examples) = examples() else { return };
    let dermis_html = render_with_dermis(&examples);
    let (mut dermis_passes, mut pulldown_passes) = (0, 0);
    let mut regressions = Vec::new();
    for (example, (html, errors)) in examples.iter().zip(&dermis_html) {
        let expected = normalize(&example.html, Deviations::None);
        let pulldown_ok = normalize(&render_with_pulldown(&example.markdown), Deviations::None) == expected;
        let deviations = Deviations::Dermis { page_url: &format!("/example-{:03}/", example.number) };
        let ours = normalize(html, deviations);
        // Broken-link errors are dermis's strict link checking (README), and
        // images without alt text its editorial checks: neither is Markdown.
        let builds = errors.iter().all(|d| matches!(d.code, Code::Link | Code::AltText));
        let dermis_ok = builds && ours == normalize(&example.html, deviations);
        pulldown_passes += usize::from(pulldown_ok);
        dermis_passes += usize::from(dermis_ok);
        if pulldown_ok && !dermis_ok {
            regressions.push(format!(
                "example {} ({}):\n  markdown: {:?}\n  expected: {expected:?}\n  dermis:   {ours:?}\n  errors: {errors:?}",
                example.number, example.section, example.markdown
            ));
        }
    }
    let total = examples.len();
    eprintln!("CommonMark 0.31.2: dermis passes {dermis_passes} of {total}, pulldown-cmark alone {pulldown_passes}");
    // A normaliser that rejected everything would make the next check vacuous.
    assert!(pulldown_passes >= 600, "pulldown-cmark passes only {pulldown_passes}: is the normaliser broken?");
    assert!(
        regressions.is_empty(),
        "{} examples pulldown-cmark passes fail in dermis:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
}
