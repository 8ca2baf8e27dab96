//! A cached session (what `serve` uses) must give exactly what a fresh
//! build gives, after every kind of edit.

use crate::site_test::SiteTest;
use dermis::pipeline::{BuildOptions, BuildSession};
use dermis::pipeline::{OutputContent, OutputFile};
use dermis::progress::{Progress, ProgressSink, Stage};
use dermis::{BuildFailure, Diagnostics, Severity};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub(crate) fn bytes(files: &[OutputFile]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|f| {
            let content = match &f.content {
                OutputContent::Copy(p) => std::fs::read(p).unwrap(),
                OutputContent::Previous(p) => std::fs::read(&p.path).unwrap(),
                other => other.in_memory().unwrap().to_vec(),
            };
            (f.path.clone(), content)
        })
        .collect()
}

fn assert_same_as_fresh(site: &SiteTest, session: &mut BuildSession, step: &str) {
    let cached = session.build();
    let fresh = BuildSession::new(session.options().clone()).build();
    match (cached, fresh) {
        (Ok(a), Ok(b)) => assert!(bytes(&a.files) == bytes(&b.files), "{step}: cached build differs from a fresh one"),
        (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{step}"),
        (a, b) => panic!("{step}: cached ok = {}, fresh ok = {}", a.is_ok(), b.is_ok()),
    }
    let _ = site;
}

/// The errors of a failed build, as text.
fn errors(diagnostics: &Diagnostics) -> Vec<String> {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| format!("{d:?}")).collect()
}

/// What a session that makes the search afterwards (`serve`) ends with:
/// the build's files with its search part, or the errors of either.
fn with_search_part(session: &mut BuildSession) -> Result<Vec<(String, Vec<u8>)>, Vec<String>> {
    let built = session.build().map_err(|e| match e {
        BuildFailure::Config(d) | BuildFailure::Site(d) => errors(&d),
    })?;
    let mut files = built.files;
    if let Some(search) = built.deferred_search {
        let part = search.run(&AtomicBool::new(false)).expect("nothing asked it to stop").map_err(|d| errors(&d))?;
        let replaced: std::collections::HashSet<String> = part.files.iter().map(|f| f.path.clone()).collect();
        files.retain(|f| !replaced.contains(&f.path));
        files.extend(part.files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(bytes(&files))
}

fn assert_deferred_same_as_fresh(session: &mut BuildSession, step: &str) {
    let deferred = with_search_part(session);
    let fresh = BuildSession::new(session.options().clone()).build().map(|b| bytes(&b.files)).map_err(|e| match e {
        BuildFailure::Config(d) | BuildFailure::Site(d) => errors(&d),
    });
    match (deferred, fresh) {
        (Ok(a), Ok(b)) => {
            assert!(a.iter().any(|(p, _)| p.starts_with("search/")), "{step}: the search part was made");
            let differ: Vec<&String> = a.iter().zip(&b).filter(|(x, y)| x != y).map(|((p, _), _)| p).take(5).collect();
            assert!(a == b, "{step}: the build with its deferred search differs from a fresh one: {differ:?}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{step}"),
        (a, b) => panic!("{step}: deferred ok = {} ({:?}), fresh ok = {}", a.is_ok(), a.err(), b.is_ok()),
    }
}

/// One edit of the series: a name and what it does to the site.
type Edit = Box<dyn Fn(&SiteTest)>;

/// Every edit of the series, in order.
fn all_edits() -> Vec<(&'static str, Edit)> {
    let groups = [
        body_and_fact_edits(),
        date_edits(),
        page_edits(),
        link_edits(),
        heading_edits(),
        other_input_edits(),
        search_link_edits(),
    ];
    groups.into_iter().flatten().collect()
}

#[test]
fn cached_rebuilds_equal_fresh_builds_after_a_series_of_edits() {
    let site = SiteTest::from_fixture("compare");
    let options = BuildOptions { root: site.root.clone(), ..BuildOptions::default() };
    // Verify mode: every memo hit is made again and compared, so a key that
    // misses an input fails here even when the output happens to agree.
    let mut session = BuildSession::with_cache_verifying(options, true);
    assert_same_as_fresh(&site, &mut session, "first build");
    let edits = all_edits();
    assert!(edits.len() >= 20, "the differential test covers at least 20 kinds of edit");
    for (step, edit) in &edits {
        // `SiteTest` moves a file's time on when a rewrite would not change it.
        edit(&site);
        assert_same_as_fresh(&site, &mut session, step);
    }
}

/// `dermis build` with its persistent cache: each build is a new session
/// (a new process) that takes its parses from `.dermis-cache/` and its
/// unchanged pages from the output it wrote before. After every kind of
/// edit, a build that reuses them equals a fresh build, and one in verify
/// mode parses and renders everything again and finds each parse and page
/// equal to what the cache and the previous output held (a difference
/// panics).
#[test]
fn builds_with_the_persistent_cache_equal_fresh_builds_after_a_series_of_edits() {
    let site = SiteTest::from_fixture("compare");
    let options = BuildOptions { root: site.root.clone(), cache: true, ..BuildOptions::default() };
    let fresh = |step: &str| {
        let built = BuildSession::new(BuildOptions { cache: false, ..options.clone() }).build();
        built.map(|b| bytes(&b.files)).map_err(|e| format!("{step}: {e:?}"))
    };
    let cached = |step: &str, verify: bool| {
        let mut session = BuildSession::with_build_cache_verifying(options.clone(), verify);
        let built = session.build_and_write().map_err(|e| format!("{step}: {e:?}"))?;
        // Only a new site.toml makes the cache useless, and that is said.
        let expected: &[&str] = match step {
            "change site.toml" if !verify => &[
                "the build cache was made for another site.toml: every page was parsed afresh (a successful build rewrites it)",
            ],
            _ => &[],
        };
        assert_eq!(built.cache_notes, expected, "{step}");
        Ok::<_, String>((bytes(&built.files), built.stats))
    };
    let (first, stats) = cached("first build", false).unwrap();
    assert_eq!(Ok(first), fresh("first build"));
    assert_eq!(stats.sources_parsed, stats.sources, "nothing to reuse yet");
    assert_eq!(stats.pages_rendered, stats.content_pages);
    let (_, stats) = cached("unchanged", false).unwrap();
    assert_eq!(stats.sources_parsed, 0, "every parse comes from the cache");
    assert_eq!(stats.pages_rendered, 0, "every page comes from the previous output");
    for (step, edit) in &all_edits() {
        edit(&site);
        let reusing = cached(step, false).map(|(files, _)| files);
        assert_eq!(reusing, fresh(step), "{step}: a build reusing the cache differs from a fresh one");
        let verifying = cached(step, true).map(|(files, _)| files);
        assert_eq!(verifying, fresh(step), "{step}: verify mode");
    }
}

/// What a file watcher would report about the site since `before` was
/// taken: every file whose bytes or time changed, appeared or went, and
/// every folder that appeared or went (absolute paths).
fn changes_since(before: &TreeState, after: &TreeState) -> Vec<std::path::PathBuf> {
    let mut changed: Vec<std::path::PathBuf> = Vec::new();
    for (path, state) in after {
        if before.get(path) != Some(state) {
            changed.push(path.clone());
        }
    }
    changed.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    changed
}

/// Every file and folder under a site (its output left out), with the
/// bytes and time of each file.
type TreeState = std::collections::BTreeMap<std::path::PathBuf, Option<(Vec<u8>, std::time::SystemTime)>>;

fn tree_state(root: &std::path::Path) -> TreeState {
    let mut state = TreeState::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.starts_with(root.join("public")) {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                state.insert(path.clone(), None);
                folders.push(path);
            } else {
                state.insert(path.clone(), Some((std::fs::read(&path).unwrap(), meta.modified().unwrap())));
            }
        }
    }
    state
}

/// `serve` tells each build the paths its watcher reported, and the build
/// looks only at those files (no walk, no check of every file): after
/// every kind of edit, told exactly what changed, it equals a fresh build.
#[test]
fn rebuilds_told_the_changed_paths_equal_fresh_builds() {
    let site = SiteTest::from_fixture("compare");
    let options = BuildOptions { root: site.root.clone(), ..BuildOptions::default() };
    let mut session = BuildSession::with_cache_verifying(options, true);
    assert_same_as_fresh(&site, &mut session, "first build");
    for (step, edit) in &all_edits() {
        let before = tree_state(&site.root);
        edit(&site);
        let changed = changes_since(&before, &tree_state(&site.root));
        session.changed_paths(&changed);
        assert_same_as_fresh(&site, &mut session, step);
    }
    // A change the session is not told about is not seen until a build is
    // told nothing (and looks at every file): what `serve` relies on the
    // watcher for.
    let peel = std::fs::read_to_string(site.root.join("content/methods/peel.md")).unwrap();
    site.write("content/methods/peel.md", format!("{peel}\nUntoldmarker is a word.\n"));
    let shows_marker =
        |files: &[OutputFile]| bytes(files).iter().any(|(_, b)| String::from_utf8_lossy(b).contains("Untoldmarker"));
    session.changed_paths(&[]);
    assert!(!shows_marker(&session.build().unwrap().files), "a change nobody reported is not read");
    assert_same_as_fresh(&site, &mut session, "told nothing: every file is looked at");
}

/// `serve`'s sessions make the search after the rest of each build: the
/// two together are a fresh build, file for file, after every edit.
#[test]
fn rebuilds_with_the_search_made_afterwards_equal_fresh_builds() {
    let site = SiteTest::from_fixture("compare");
    let options = BuildOptions { root: site.root.clone(), ..BuildOptions::default() };
    let mut session = BuildSession::with_cache_verifying(options, true).defer_search();
    assert_deferred_same_as_fresh(&mut session, "first build");
    for (step, edit) in &all_edits() {
        edit(&site);
        assert_deferred_same_as_fresh(&mut session, step);
    }
}

/// Sets a flag when a chosen stage starts: a build told to give up once
/// the flag is set then stops right after that stage.
struct GiveUpAt {
    stage: std::sync::Mutex<Option<Stage>>,
    flag: Arc<AtomicBool>,
}

impl Progress for GiveUpAt {
    fn stage(&self, stage: Stage, _total: usize) {
        if *self.stage.lock().unwrap() == Some(stage) {
            self.flag.store(true, Ordering::SeqCst);
        }
    }
    fn advance(&self, _done: usize) {}
}

/// `serve` gives up a build that a newer change made out of date, between
/// two stages: whatever the given-up build left in the memos, the next
/// build equals a fresh one (verify mode), after every kind of edit and
/// whichever stage the build was given up after.
#[test]
fn builds_given_up_between_stages_leave_nothing_stale() {
    let site = SiteTest::from_fixture("compare");
    let flag = Arc::new(AtomicBool::new(false));
    let listener = Arc::new(GiveUpAt { stage: std::sync::Mutex::new(None), flag: flag.clone() });
    let progress = ProgressSink::to(listener.clone());
    let options = BuildOptions { root: site.root.clone(), progress, ..BuildOptions::default() };
    let mut session = BuildSession::with_cache_verifying(options, true);
    assert_same_as_fresh(&site, &mut session, "first build");
    let stages = [Stage::Load, Stage::Parse, Stage::Resolve, Stage::Render];
    for (n, (step, edit)) in all_edits().iter().enumerate() {
        edit(&site);
        let stage = stages[n % stages.len()];
        *listener.stage.lock().unwrap() = Some(stage);
        flag.store(false, Ordering::SeqCst);
        let given_up = session.build_unless(&flag);
        // (A broken site.toml fails before any stage starts.)
        let config_failed = matches!(given_up, Err(BuildFailure::Config(_)));
        assert!(matches!(given_up, Ok(None)) || config_failed, "{step}: the build was not given up after {stage}");
        *listener.stage.lock().unwrap() = None;
        flag.store(false, Ordering::SeqCst);
        assert_same_as_fresh(&site, &mut session, step);
    }
}

/// Links into /search/ (checked only once the search part is made).
fn search_link_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "link to a letter of the A–Z list",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "the true skin.", "the true skin ([A–Z](/search/#a-z-l)).")
            }),
        ),
        (
            "break the link into the search page",
            Box::new(|s: &SiteTest| s.replace("content/methods/cream.md", "/search/#a-z-l", "/search/#a-z-nothing")),
        ),
        (
            "link to a search file that does not exist",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "/search/#a-z-nothing", "/search/nothing.json")
            }),
        ),
        (
            "fix the link into search",
            Box::new(|s: &SiteTest| s.replace("content/methods/cream.md", " ([A–Z](/search/nothing.json))", "")),
        ),
    ]
}

/// Edits of what pages say: bodies, titles, facts, definitions, descriptions.
fn body_and_fact_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "edit a body",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/laser.md", "no acid is used", "no acid at all is used, unlike a peel")
            }),
        ),
        (
            "change a title others show",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/peel.md", "title = \"Peel\"", "title = \"Chemical peel\"")
            }),
        ),
        (
            "change a fact shown in tables",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/laser.md", "downtime_days = [3, 10]", "downtime_days = [2, 5]")
            }),
        ),
        (
            "change an enum fact (cream's related pages gain needling)",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/needling.md", "approach = \"minimally invasive\"", "approach = \"topical\"")
            }),
        ),
        (
            "change a glossary definition",
            Box::new(|s: &SiteTest| {
                s.replace(
                    "content/glossary/dermis.md",
                    "The layer under the epidermis.",
                    "The thick layer under the epidermis.",
                )
            }),
        ),
        (
            "change a description shown in related lists",
            Box::new(|s: &SiteTest| s.replace("content/methods/peel.md", "An acid peel", "A peel made with acid")),
        ),
        (
            "rename a section shown in breadcrumbs",
            Box::new(|s: &SiteTest| {
                s.write("content/methods/_index.md", "+++\ntitle = \"All the methods\"\n+++\n");
            }),
        ),
    ]
}

/// Dates that the feed and the sitemap show.
fn date_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "date two articles (the feed and sitemap list them)",
            Box::new(|s: &SiteTest| {
                s.replace(
                    "content/methods/peel.md",
                    "title = \"Chemical peel\"",
                    "title = \"Chemical peel\"\ndate = 2026-01-05",
                );
                s.replace("content/methods/laser.md", "title = \"Laser\"", "title = \"Laser\"\ndate = 2026-02-01");
            }),
        ),
        (
            "update the newest article (its entry's dates change, not the order)",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/laser.md", "date = 2026-02-01", "date = 2026-02-01\nupdated = 2026-02-15")
            }),
        ),
        (
            "update another article (the feed reorders)",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/peel.md", "date = 2026-01-05", "date = 2026-01-05\nupdated = 2026-03-01")
            }),
        ),
    ]
}

/// Pages and terms added, broken, fixed, deleted, renamed, re-filed.
fn page_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "add a glossary term",
            Box::new(|s: &SiteTest| {
                s.write(
                    "content/glossary/laser-light.md",
                    "+++\ntitle = \"Needles\"\ndescription = \"Fine needles.\"\n[facts]\naliases = []\n+++\nSmall.\n",
                );
            }),
        ),
        (
            "add a page",
            Box::new(|s: &SiteTest| {
                s.write("content/methods/light.md", "+++\ntitle = \"Light\"\n[taxonomies]\nconcerns = [\"redness\"]\n[facts]\napproach = \"non-invasive\"\n+++\nLike [[laser]], with light.\n");
            }),
        ),
        (
            "break a page",
            Box::new(|s: &SiteTest| {
                s.write("content/methods/light.md", "+++\ntitle = \"Light\"\n[facts]\napproach = \"lazer\"\n+++\n");
            }),
        ),
        (
            "fix it",
            Box::new(|s: &SiteTest| {
                s.write(
                    "content/methods/light.md",
                    "+++\ntitle = \"Light\"\n[facts]\napproach = \"non-invasive\"\n+++\nSee [[laser]].\n",
                );
            }),
        ),
        (
            "delete a page",
            Box::new(|s: &SiteTest| {
                std::fs::remove_file(s.root.join("content/methods/light.md")).unwrap();
            }),
        ),
        (
            "rename a page and the links to it",
            Box::new(|s: &SiteTest| {
                std::fs::rename(
                    s.root.join("content/methods/needling.md"),
                    s.root.join("content/methods/microneedling.md"),
                )
                .unwrap();
                s.replace("content/_index.md", "[[needling]]", "[[microneedling]]");
                s.replace("content/devices/device-b.md", "[[needling]]", "[[microneedling]]");
            }),
        ),
        (
            "give a page a slug of its own",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "title = \"Cream\"", "title = \"Cream\"\nslug = \"creams\"")
            }),
        ),
    ]
}

/// Aliases, mentions and links made, broken and fixed.
fn link_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "file a page under another term",
            Box::new(|s: &SiteTest| {
                s.replace(
                    "content/methods/laser.md",
                    "[\"fine lines\", \"acne scars\"]",
                    "[\"fine lines\", \"redness\"]",
                )
            }),
        ),
        (
            "give a glossary term an alias",
            Box::new(|s: &SiteTest| {
                s.replace("content/glossary/dermis.md", "aliases = []", "aliases = [\"true skin\"]")
            }),
        ),
        (
            "mention the new alias in an article",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "Applied daily.", "Applied daily to the true skin.")
            }),
        ),
        (
            "link a guide to a page (a new backlink)",
            Box::new(|s: &SiteTest| {
                s.replace("content/guides/choosing.md", "[[surgery]].", "[[surgery]]. Or a [[cream]].")
            }),
        ),
    ]
}

/// Headings and titles that links from other pages read, changed and
/// changed back; then a link broken (fixed by the next group).
fn heading_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "add a heading and link to it",
            Box::new(|s: &SiteTest| {
                s.replace(
                    "content/methods/laser.md",
                    "## Overview",
                    "## Overview\n\nSee [the risks](#risks).\n\n## Risks\n\nBurns.\n\n## More",
                );
            }),
        ),
        (
            "link to a heading of another page",
            Box::new(|s: &SiteTest| {
                s.replace("content/guides/choosing.md", "Or a [[cream]].", "Or a [[cream]]. Mind [[laser#risks]].")
            }),
        ),
        (
            "rename the heading another page links to (its link breaks)",
            Box::new(|s: &SiteTest| s.replace("content/methods/laser.md", "## Risks", "## Dangers")),
        ),
        ("rename it back", Box::new(|s: &SiteTest| s.replace("content/methods/laser.md", "## Dangers", "## Risks"))),
        (
            "retitle a page linked without text",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "title = \"Cream\"", "title = \"Night cream\"")
            }),
        ),
        (
            "title it back",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "title = \"Night cream\"", "title = \"Cream\"")
            }),
        ),
        (
            "break a link",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/peel.md", "[[laser]] for deeper", "[[lazer]] for deeper")
            }),
        ),
    ]
}

/// Drafts, static files, another collection, templates and site.toml.
fn other_input_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "fix the link",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/peel.md", "[[lazer]] for deeper", "[[laser]] for deeper")
            }),
        ),
        (
            "make a linked page a draft",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "title = \"Cream\"", "title = \"Cream\"\ndraft = true")
            }),
        ),
        (
            "publish it again",
            Box::new(|s: &SiteTest| {
                s.replace("content/methods/cream.md", "title = \"Cream\"\ndraft = true", "title = \"Cream\"")
            }),
        ),
        (
            "add a static file",
            Box::new(|s: &SiteTest| {
                s.write("static/notes/hello.txt", "Hello.\n");
            }),
        ),
        (
            "change the static file",
            Box::new(|s: &SiteTest| {
                s.write("static/notes/hello.txt", "Hello again, longer.\n");
            }),
        ),
        (
            "change a fact of a device (another collection)",
            Box::new(|s: &SiteTest| s.replace("content/devices/device-a.md", "kind = \"laser\"", "kind = \"light\"")),
        ),
        (
            "change a template",
            Box::new(|s: &SiteTest| {
                s.write(
                    "templates/404.html",
                    "{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}",
                );
            }),
        ),
        (
            "change site.toml",
            Box::new(|s: &SiteTest| {
                s.replace("site.toml", "title = \"Compare fixture\"", "title = \"Compare fixture, renamed\"")
            }),
        ),
    ]
}
