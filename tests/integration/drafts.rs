//! Issue 12 §1: drafts you can preview. In builds with `--drafts` (and in
//! `serve --drafts`) a draft's content problems are warnings listed in a
//! banner on its page; a production build leaves drafts out, and a link from
//! a published page to a draft fails it.
//!
//! The `drafts` fixture is the `base` site with two drafts: `methods/cryo.md`
//! (a required fact missing, a fact of the wrong type, an empty description,
//! broken links of both kinds, an image without alt text, a heading that
//! skips a level, which its site.toml makes an error) and `guides/clean-draft.md`
//! (nothing to fix).

use crate::site_test::{SiteTest, assert_passes_nu_checker, attrs, skip_nu_checker, texts};
use dermis::pipeline::{BuildOptions, BuildSession};

/// The problems of `cryo.md` that block publishing, by place, in file order.
const CRYO_TO_FIX: &[&str] = &[
    "content/methods/cryo.md:3:15",  // description = ""
    "content/methods/cryo.md:7:1",   // [facts] without `approach`
    "content/methods/cryo.md:9:17",  // downtime_days = "two weeks"
    "content/methods/cryo.md:16:38", // [[lazer]]
    "content/methods/cryo.md:16:57", // /methods/nowhere/ (found by the output check)
    "content/methods/cryo.md:18:1",  // #### after ## ([checks] errors = ["heading-level"])
    "content/methods/cryo.md:20:1",  // ![](frost.png): no alt text, and no such file
    "content/methods/cryo.md:20:1",
];

fn banner_places(doc: &scraper::Html, list: &str) -> Vec<String> {
    texts(doc, &format!("section.draft-banner ul[aria-labelledby={list}] .draft-place code"))
}

#[test]
fn build_with_drafts_renders_a_draft_with_its_problems_in_a_banner() {
    let site = SiteTest::from_fixture("drafts");
    let out = site.build_ok(&["--drafts"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error["), "a draft's problems are warnings:\n{stderr}");
    let doc = site.page("methods/cryo/index.html");
    // The page itself renders: title, prose, headings.
    assert_eq!(texts(&doc, "h1"), ["Cryo"]);
    assert!(texts(&doc, ".article-body h2").contains(&"How it works".to_string()));
    assert_eq!(texts(&doc, "section.draft-banner > h2"), ["Draft — not published"]);
    assert_eq!(attrs(&doc, "section.draft-banner", "aria-labelledby"), ["dermis-draft"]);
    assert_eq!(texts(&doc, "#dermis-draft-fix"), ["To fix before publishing (8)"]);
    assert_eq!(banner_places(&doc, "dermis-draft-fix"), CRYO_TO_FIX);
    let messages = texts(&doc, "section.draft-banner .draft-message").join("\n");
    for expected in [
        "description is empty",
        "required fact approach is missing",
        "no page lazer for this wiki link",
        "link /methods/nowhere/ points to /methods/nowhere/",
        "heading h4 skips a level",
        "image without alt text",
    ] {
        assert!(messages.contains(expected), "the banner lacks {expected:?}:\n{messages}");
    }
    let helps = texts(&doc, "section.draft-banner .draft-help").join("\n");
    assert!(helps.contains("How to fix: did you mean [[laser]]?"), "{helps}");
    // What messages quote is code.
    assert_eq!(texts(&doc, ".draft-message code")[..2], ["description", "approach"]);
    assert!(!helps.contains("a draft: this is an error"), "the terminal's note is not repeated in the banner");
    // What stays a warning once published is a suggestion.
    assert_eq!(banner_places(&doc, "dermis-draft-suggestions"), ["content/methods/cryo.md"]);
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
    // A draft with nothing to fix says so.
    let clean = site.page("guides/clean-draft/index.html");
    assert_eq!(texts(&clean, "section.draft-banner > h2"), ["Draft — not published"]);
    assert!(texts(&clean, "section.draft-banner > p")[0].contains("Nothing blocks publishing"));
    assert!(texts(&clean, "#dermis-draft-fix").is_empty());
    // Lists mark drafts; published pages carry no banner.
    let section = site.page("methods/index.html");
    assert_eq!(texts(&section, ".page-list li:has(.draft-badge) > a"), ["Cryo"]);
    assert!(texts(&site.page("methods/peel/index.html"), "section.draft-banner").is_empty());
    if !skip_nu_checker() {
        // cryo.md's own h4 is invalid on purpose; the banner markup is the same on both drafts.
        assert_passes_nu_checker(&site.root.join("public/guides/clean-draft/index.html"));
        assert_passes_nu_checker(&site.root.join("public/methods/index.html"));
    }
}

#[test]
fn a_production_build_leaves_drafts_out_and_says_nothing_of_them() {
    let site = SiteTest::from_fixture("drafts");
    let out = site.build_ok(&[]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.root.join("public/methods/cryo").exists());
    assert!(!site.root.join("public/guides/clean-draft").exists());
    assert!(!site.output("sitemap.xml").contains("cryo"));
    let search_docs: String = crate::site_test::tree(&site.root.join("public/search/d"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(!search_docs.is_empty() && !search_docs.contains("Cryo"));
    assert!(texts(&site.page("methods/index.html"), ".draft-badge").is_empty());
}

#[test]
fn a_published_page_linking_to_a_draft_fails_build_and_warns_with_drafts() {
    let site = SiteTest::from_fixture("drafts");
    site.replace("content/methods/laser.md", "See [[peel#recovery]].", "See [[peel#recovery]] and [[cryo]].");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "error[link]: content/methods/laser.md:12:27\n  this links to a draft, content/methods/cryo.md, which a build without --drafts leaves out"
        ),
        "{stderr}"
    );
    assert!(!site.root.join("public").exists());
    // With drafts the link works, and a warning says what `build` will do.
    let out = site.build_ok(&["--drafts"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning[link]: content/methods/laser.md:12:27\n  this links to a draft, content/methods/cryo.md"
        ),
        "{stderr}"
    );
    assert_eq!(
        attrs(&site.page("methods/laser/index.html"), ".article-body a[href='/methods/cryo/']", "href").len(),
        1
    );
}

#[test]
fn a_published_page_stays_strict_about_what_a_draft_may_have() {
    let site = SiteTest::from_fixture("drafts");
    site.replace("content/guides/clean-draft.md", "draft = true\n", "");
    site.replace("content/guides/clean-draft.md", "## In short", "#### In short");
    let out = site.run(&["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[heading-level]: content/guides/clean-draft.md:6:1"), "{stderr}");
}

#[cfg(feature = "serve")]
#[test]
fn serve_with_drafts_shows_the_banner_and_follows_each_fix() {
    use crate::serve::Server;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dermis"));
    command.args(["serve", "--port", "0", "--drafts"]);
    let s = Server::spawn(SiteTest::from_fixture("drafts"), command);
    let (status, _, body) = s.get("/methods/cryo/");
    assert_eq!(status, 200, "the draft is served, not a 404");
    let places = |body: &str| banner_places(&scraper::Html::parse_document(body), "dermis-draft-fix");
    assert_eq!(places(&body), CRYO_TO_FIX);
    // The editor fixes the facts; the banner follows.
    s.write(
        "content/methods/cryo.md",
        &std::fs::read_to_string(s.site.root.join("content/methods/cryo.md"))
            .unwrap()
            .replace("downtime_days = \"two weeks\"", "approach = \"topical\"\ndowntime_days = [3, 14]"),
    );
    s.wait_for("the banner without the facts", |s| places(&s.get("/methods/cryo/").2).len() == CRYO_TO_FIX.len() - 2);
    let body = s.get("/methods/cryo/").2;
    let messages = texts(&scraper::Html::parse_document(&body), ".draft-message").join("\n");
    assert!(!messages.contains("approach") && !messages.contains("downtime_days"), "{messages}");
}

#[test]
fn cached_rebuilds_with_drafts_equal_fresh_builds() {
    let site = SiteTest::from_fixture("drafts");
    let options = BuildOptions { root: site.root.clone(), drafts: true, ..BuildOptions::default() };
    let mut session = BuildSession::with_cache(options.clone());
    let same = |session: &mut BuildSession, step: &str| {
        let cached = session.build().map(|b| b.files).unwrap_or_else(|e| panic!("{step}: {e:?}"));
        let fresh = BuildSession::new(options.clone()).build().map(|b| b.files).unwrap_or_else(|e| panic!("{e:?}"));
        let html = |files: &[dermis::pipeline::OutputFile]| -> Vec<(String, Vec<u8>)> {
            files.iter().filter_map(|f| f.content.in_memory().map(|b| (f.path.clone(), b.to_vec()))).collect()
        };
        assert!(html(&cached) == html(&fresh), "{step}: the cached build differs from a fresh one");
    };
    same(&mut session, "first build");
    // Fixing a problem only the output check finds must still change the banner.
    site.replace("content/methods/cryo.md", "(/methods/nowhere/)", "(/methods/peel/)");
    same(&mut session, "a broken site path fixed");
    site.replace("content/methods/cryo.md", "(/methods/peel/)", "(/methods/gone/)");
    same(&mut session, "a site path broken again");
    site.replace("content/guides/clean-draft.md", "Read [[peel]] first.", "Read [[peel]] and [[nope]] first.");
    same(&mut session, "a problem in the clean draft");
}
