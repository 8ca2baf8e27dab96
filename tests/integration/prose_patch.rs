//! Issue 14 §1: a rebuild after an edit of an article's prose that no other
//! page can see patches the last build's site (the page rendered again,
//! everything else kept) instead of resolving and rendering the whole
//! site, and gives exactly what a fresh build gives: the same files and
//! the same messages, with their lines moved. Edits other pages can see
//! (a sentence with a link, a heading, a first mention of a glossary term,
//! a title) build the full way.

use crate::incremental::bytes;
use crate::site_test::SiteTest;
use dermis::BuiltSite;
use dermis::pipeline::{BuildOptions, BuildSession};
use std::sync::atomic::AtomicBool;

const LASER: &str = "content/methods/laser.md";

/// An edit of laser.md: its name, the text replaced and its replacement,
/// and whether other pages can tell (then the build goes the full way).
struct ProseEdit {
    name: &'static str,
    from: &'static str,
    to: &'static str,
    seen_elsewhere: bool,
}

fn edit(name: &'static str, from: &'static str, to: &'static str, seen_elsewhere: bool) -> ProseEdit {
    ProseEdit { name, from, to, seen_elsewhere }
}

fn prose_edits() -> Vec<ProseEdit> {
    vec![
        edit("a paragraph before a link", "## Overview\n\n", "## Overview\n\nThey work in passes.\n\n", false),
        edit("a word in a sentence without a link", "in passes.", "in several passes.", false),
        edit(
            "a figure without a source (a warning)",
            "several passes.",
            "several passes. Healing takes 5 days.",
            false,
        ),
        edit("a paragraph before the warning (it moves)", "## Overview\n\n", "## Overview\n\nA new start.\n\n", false),
        edit("a footnote", "A new start.", "A new start.[^a]\n\n[^a]: A note.", false),
        edit("the warning fixed", " Healing takes 5 days.", "", false),
        edit("a word in the sentence of a link", "no acid is used", "no acid at all is used", true),
        edit("a glossary term mentioned for the first time", "A new start.", "A new start for collagen.", true),
        edit("a heading", "A new start", "## Passes\n\nA new start", true),
        edit("the title", "title = \"Laser\"", "title = \"Laser resurfacing\"", true),
        edit("prose again, after the full builds", "They work in", "Lasers work in", false),
    ]
}

/// The files and messages of a build of `options` from scratch.
fn fresh(options: &BuildOptions) -> (Vec<(String, Vec<u8>)>, String) {
    let built = BuildSession::new(options.clone()).build().expect("the fixture builds");
    (bytes(&built.files), format!("{:?}", built.warnings))
}

/// A build of `session` (which makes the search afterwards, as `serve`
/// does) with its search part: its files, its messages and whether it was
/// patched.
fn build_with_search(session: &mut BuildSession, step: &str) -> (Vec<(String, Vec<u8>)>, String, BuiltSite) {
    let mut built = session.build().unwrap_or_else(|f| panic!("{step}: {f:?}"));
    let mut files = std::mem::take(&mut built.files);
    if let Some(search) = built.deferred_search.take() {
        let part = search.run(&AtomicBool::new(false)).expect("nothing stops it").expect("the search builds");
        let made: std::collections::HashSet<String> = part.files.iter().map(|f| f.path.clone()).collect();
        files.retain(|f| !made.contains(&f.path));
        files.extend(part.files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    (bytes(&files), format!("{:?}", built.warnings), built)
}

/// Runs the series in `session`: each build must equal a fresh one, and be
/// patched exactly when the edit is one other pages cannot see.
fn run_series(site: &SiteTest, verify: bool) {
    let options = BuildOptions { root: site.root.clone(), ..BuildOptions::default() };
    let mut session = BuildSession::with_cache_verifying(options, verify).defer_search();
    let options = session.options().clone();
    let (_, _, first) = build_with_search(&mut session, "first build");
    assert!(!first.stats.patched, "a first build has nothing to patch");
    for e in prose_edits() {
        site.replace(LASER, e.from, e.to);
        let (files, warnings, built) = build_with_search(&mut session, e.name);
        let (fresh_files, fresh_warnings) = fresh(&options);
        assert!(files == fresh_files, "{}: the rebuild differs from a fresh build", e.name);
        assert_eq!(warnings, fresh_warnings, "{}: other messages than a fresh build", e.name);
        assert_eq!(built.stats.patched, !e.seen_elsewhere, "{}: patched", e.name);
        // (Verify mode renders every page again, to compare.)
        if built.stats.patched && !verify {
            assert_eq!(built.stats.pages_rendered, 1, "{}: only the edited page is rendered", e.name);
        }
    }
}

#[test]
fn prose_edits_patch_the_last_build_and_equal_fresh_builds() {
    let site = SiteTest::from_fixture("compare");
    run_series(&site, false);
}

#[test]
fn in_verify_mode_each_patched_build_is_compared_with_the_full_one() {
    let site = SiteTest::from_fixture("compare");
    // Verify mode builds the full way too and panics on any difference.
    run_series(&site, true);
}

#[test]
fn a_session_that_makes_the_search_with_the_site_never_patches() {
    let site = SiteTest::from_fixture("compare");
    let options = BuildOptions { root: site.root.clone(), ..BuildOptions::default() };
    let mut session = BuildSession::with_cache_verifying(options, false);
    session.build().expect("the fixture builds");
    site.replace(LASER, "## Overview\n\n", "## Overview\n\nThey work in passes.\n\n");
    let built = session.build().expect("the fixture builds");
    let searched = built.files.iter().any(|f| f.path.starts_with("search/"));
    assert!(searched, "the fixture has a search, made with the site");
    assert!(!built.stats.patched, "the search reads every body: the build goes the full way");
}

/// A session like `serve`'s, built once, and its options.
fn served_session(site: &SiteTest) -> (BuildSession, BuildOptions) {
    let options = BuildOptions { root: site.root.clone(), ..BuildOptions::default() };
    let mut session = BuildSession::with_cache_verifying(options.clone(), true).defer_search();
    build_with_search(&mut session, "first build");
    (session, options)
}

#[test]
fn two_articles_edited_at_once_are_both_patched() {
    let site = SiteTest::from_fixture("compare");
    let (mut session, options) = served_session(&site);
    site.replace(LASER, "## Overview\n\n", "## Overview\n\nThey work in passes.\n\n");
    site.replace("content/methods/peel.md", "Peels reach the dermis.", "Peels reach the dermis, in time.");
    let (files, warnings, built) = build_with_search(&mut session, "two edits");
    assert!(built.stats.patched, "two prose edits patch the last build");
    assert_eq!((files, warnings), fresh(&options), "the same as a fresh build");
}

#[test]
fn a_static_file_changed_beside_a_prose_edit_builds_the_full_way() {
    let site = SiteTest::from_fixture("compare");
    site.write("static/notes.html", "<!doctype html><title>Notes</title><p id=\"one\">One</p>\n");
    site.replace(LASER, "no acid is used.", "no acid is used. See [the notes](/notes.html#one).");
    let (mut session, options) = served_session(&site);
    // Another size, so the change shows whatever the file system's clock.
    site.write("static/notes.html", "<!doctype html><title>Notes</title><p id=\"two\">Two, later</p>\n");
    // Another article than the one that links to the file.
    site.replace("content/methods/peel.md", "Peels reach the dermis.", "Peels reach the dermis, in time.");
    let (files, warnings, built) = build_with_search(&mut session, "static file and prose");
    assert!(!built.stats.patched, "a static file changed: links into it are checked again");
    assert_eq!((files, warnings), fresh(&options), "the same as a fresh build");
}

#[test]
fn a_prose_edit_that_makes_an_error_fails_as_a_fresh_build_does() {
    let site = SiteTest::from_fixture("compare");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[checks]\nerrors = [\"uncited-figure\"]\n"));
    let (mut session, options) = served_session(&site);
    site.replace(LASER, "## Overview\n\n", "## Overview\n\nHealing takes 5 days.\n\n");
    let built = session.build();
    let from_scratch = BuildSession::new(options.clone()).build();
    match (built, from_scratch) {
        (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "the same errors as a fresh build"),
        (a, b) => panic!("an uncited figure is an error here: patched ok = {}, fresh ok = {}", a.is_ok(), b.is_ok()),
    }
    site.replace(LASER, "Healing takes 5 days.", "Healing takes a while.");
    let (files, warnings, built) = build_with_search(&mut session, "fixed");
    assert!(!built.stats.patched, "after a failed build, the last good one is not this site's");
    assert_eq!((files, warnings), fresh(&options), "the same as a fresh build");
}
