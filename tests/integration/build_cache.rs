//! Issue 14 §3: `dermis build` keeps a persistent cache in `.dermis-cache/`
//! (every parse, and the render key of every page of the output). A build
//! that reuses it writes exactly what a build without it writes; a cache
//! that cannot be trusted is discarded with a note; `--no-cache` neither
//! reads nor writes it.

use crate::site_test::{SiteTest, tree};
use std::path::Path;

const PARSES: &str = ".dermis-cache/parses.bin";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The output of a build of the same site without any cache, elsewhere.
fn built_without_cache(site: &SiteTest) -> Vec<(String, Vec<u8>)> {
    site.build_ok(&["--no-cache", "--output", "fresh"]);
    let fresh = tree(&site.root.join("fresh"));
    std::fs::remove_dir_all(site.root.join("fresh")).unwrap();
    fresh
}

/// The `sources` line of `build -v`: how many were parsed, how many reused.
fn sources_line(out: &std::process::Output) -> Option<String> {
    stderr(out)
        .lines()
        .find(|l| l.trim_start().starts_with("sources"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The `pages` line of `build -v`: how many were rendered, how many taken
/// from the previous output.
fn pages_line(out: &std::process::Output) -> Option<String> {
    stderr(out)
        .lines()
        .find(|l| l.trim_start().starts_with("pages "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn a_build_renders_only_pages_whose_inputs_changed_and_takes_the_others_from_the_previous_output() {
    let site = SiteTest::from_fixture("full");
    let first = site.build_ok(&["-v"]);
    assert_eq!(pages_line(&first), None, "nothing to reuse on the first build");
    let again = site.build_ok(&["-v"]);
    let line = pages_line(&again).expect("a pages line");
    assert!(line.starts_with("pages 0 rendered, "), "{line}");
    // Prose no other page shows: that page alone.
    site.replace("content/methods/alpha.md", "A second heading with the same text.", "A second heading, more text.");
    let edited = site.build_ok(&["-v"]);
    assert_eq!(pages_line(&edited).as_deref().and_then(|l| l.split(',').next()), Some("pages 1 rendered"));
    assert_eq!(tree(&site.root.join("public")), built_without_cache(&site));
    // A title other pages show (lists, backlinks, related pages).
    site.replace("content/methods/beta.md", "title: Beta laser", "title: The beta laser");
    let retitled = site.build_ok(&["-v"]);
    let rendered: usize = pages_line(&retitled)
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .expect("a pages line");
    assert!(rendered > 1, "the pages that show the title are rendered again: {rendered}");
    assert_eq!(tree(&site.root.join("public")), built_without_cache(&site));
    // A page changed by hand in the output is never taken for the page.
    let page = site.root.join("public/methods/gamma/index.html");
    std::fs::write(&page, "edited by hand").unwrap();
    let after_hand_edit = site.build_ok(&["-v"]);
    let line = pages_line(&after_hand_edit).expect("a pages line");
    assert!(line.starts_with("pages 1 rendered, "), "{line}");
    assert_eq!(tree(&site.root.join("public")), built_without_cache(&site));
    // Another base URL changes every page; so does a template.
    let other_url = site.build_ok(&["-v", "--base-url", "https://other.example/"]);
    assert_eq!(pages_line(&other_url), None, "{}", stderr(&other_url));
    site.build_ok(&[]);
    site.replace("templates/404.html", "<h1>Lost in the fixture</h1>", "<h1>Lost in the changed fixture</h1>");
    let other_template = site.build_ok(&["-v"]);
    assert_eq!(pages_line(&other_template), None, "{}", stderr(&other_template));
    assert_eq!(tree(&site.root.join("public")), built_without_cache(&site));
}

#[test]
fn each_output_folder_keeps_its_own_pages_and_check_renders_only_what_changed() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&[]);
    site.build_ok(&["--output", "elsewhere"]);
    site.replace("content/methods/alpha.md", "A second heading with the same text.", "A second heading, more text.");
    let elsewhere = site.build_ok(&["-v", "--output", "elsewhere"]);
    assert_eq!(pages_line(&elsewhere).as_deref().and_then(|l| l.split(',').next()), Some("pages 1 rendered"));
    // `check` takes the pages of the default output, and writes nothing.
    let check = site.run(&["-v", "check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(pages_line(&check).as_deref().and_then(|l| l.split(',').next()), Some("pages 1 rendered"));
    let public = site.build_ok(&["-v"]);
    assert_eq!(pages_line(&public).as_deref().and_then(|l| l.split(',').next()), Some("pages 1 rendered"));
    assert_eq!(tree(&site.root.join("public")), tree(&site.root.join("elsewhere")));
}

#[test]
fn a_build_parses_only_what_changed_and_writes_what_a_build_without_cache_writes() {
    let site = SiteTest::from_fixture("full");
    let first = site.build_ok(&["-v"]);
    assert_eq!(sources_line(&first), None, "nothing to reuse on the first build");
    assert!(site.root.join(PARSES).is_file());
    let again = site.build_ok(&["-v"]);
    let line = sources_line(&again).expect("a sources line");
    assert!(line.starts_with("sources 0 parsed, "), "{line}");
    site.replace("content/methods/alpha.md", "title = \"Alpha peel\"", "title = \"Alpha skin peel\"");
    let edited = site.build_ok(&["-v"]);
    let line = sources_line(&edited).expect("a sources line");
    assert!(line.starts_with("sources 1 parsed, "), "{line}");
    assert!(stderr(&edited).lines().all(|l| !l.starts_with("note:")), "{}", stderr(&edited));
    assert_eq!(tree(&site.root.join("public")), built_without_cache(&site));
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache_folder() {
    let site = SiteTest::from_fixture("base");
    site.build_ok(&["--no-cache"]);
    assert!(!site.root.join(".dermis-cache").exists(), "--no-cache wrote .dermis-cache");
    let out = site.run(&["check", "--no-cache"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.root.join(".dermis-cache").exists(), "check --no-cache wrote .dermis-cache");
    // A damaged cache is not even read.
    std::fs::create_dir_all(site.root.join(".dermis-cache")).unwrap();
    std::fs::write(site.root.join(PARSES), b"not a cache").unwrap();
    let out = site.build_ok(&["--no-cache"]);
    assert!(!stderr(&out).contains("note:"), "{}", stderr(&out));
    assert_eq!(std::fs::read(site.root.join(PARSES)).unwrap(), b"not a cache");
}

/// Builds after `damage` and expects one note containing `why`, an output
/// equal to a build without cache, and a cache that is trusted again after.
fn assert_discarded_with_note(site: &SiteTest, why: &str, damage: impl Fn(&Path)) {
    site.build_ok(&[]);
    damage(&site.root);
    let out = site.build_ok(&["-v"]);
    let err = stderr(&out);
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note:")).map(str::trim_end).collect();
    assert_eq!(notes.len(), 1, "{}", stderr(&out));
    assert!(notes[0].contains(why), "{notes:?}");
    assert!(notes[0].ends_with("every page was parsed afresh (a successful build rewrites it)"), "{notes:?}");
    assert_eq!(sources_line(&out), None, "nothing was taken from the discarded cache");
    assert_eq!(tree(&site.root.join("public")), built_without_cache(site));
    let next = site.build_ok(&["-v"]);
    assert!(!stderr(&next).contains("note:"), "the rewritten cache is trusted: {}", stderr(&next));
    assert!(sources_line(&next).is_some_and(|l| l.starts_with("sources 0 parsed")));
}

#[test]
fn a_damaged_cache_is_discarded_with_a_note() {
    let site = SiteTest::from_fixture("full");
    // One byte changed in the middle of the file.
    assert_discarded_with_note(&site, "could not be read (its content does not match its checksum)", |root| {
        let mut bytes = std::fs::read(root.join(PARSES)).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        std::fs::write(root.join(PARSES), bytes).unwrap();
    });
    // Cut short.
    assert_discarded_with_note(&site, "could not be read", |root| {
        let bytes = std::fs::read(root.join(PARSES)).unwrap();
        std::fs::write(root.join(PARSES), &bytes[..bytes.len() / 3]).unwrap();
    });
    // Not a cache file at all.
    assert_discarded_with_note(&site, "could not be read (not a cache file of this format)", |root| {
        std::fs::write(root.join(PARSES), "{}").unwrap();
    });
}

#[test]
fn a_cache_made_for_another_site_toml_is_discarded_with_a_note() {
    let site = SiteTest::from_fixture("full");
    assert_discarded_with_note(&site, "was made for another site.toml", |root| {
        let config = root.join("site.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(config, format!("{text}\n# edited\n")).unwrap();
    });
}

/// Runs a copy of dermis, waiting while the copy is still open for
/// writing in a process another test forked (ETXTBSY).
fn run_copy(copy: &Path, args: &[&str], dir: &Path) -> std::process::Output {
    for _ in 0..100 {
        match std::process::Command::new(copy).args(args).current_dir(dir).env("NO_COLOR", "1").output() {
            Err(e) if e.raw_os_error() == Some(26) => std::thread::sleep(std::time::Duration::from_millis(20)),
            other => return other.unwrap(),
        }
    }
    panic!("{} stayed busy", copy.display());
}

#[test]
fn a_cache_written_by_another_dermis_is_discarded_with_a_note() {
    let site = SiteTest::from_fixture("base");
    site.build_ok(&[]);
    // A copy of the binary is another binary (another time on disk).
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("dermis");
    std::fs::copy(env!("CARGO_BIN_EXE_dermis"), &copy).unwrap();
    let out = run_copy(&copy, &["build"], &site.root);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note:")).collect();
    let note = "note: the build cache was written by another dermis build: every page was parsed afresh (a successful build rewrites it)";
    assert_eq!(notes, [note]);
    assert_eq!(tree(&site.root.join("public")), built_without_cache(&site));
}

/// A failed build writes nothing, the cache included; `check` reads the
/// cache and writes nothing either.
#[test]
fn a_failed_build_and_check_leave_the_cache_as_it_was() {
    let site = SiteTest::from_fixture("base");
    site.build_ok(&[]);
    let cache = std::fs::read(site.root.join(PARSES)).unwrap();
    site.write("content/guides/new.md", "+++\ntitle = \"New guide\"\n+++\n\nA new guide about [[peel]].\n");
    let page = "content/methods/laser.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    site.write(page, text.replacen("+++", "+++\nweight = \"heavy\"", 1));
    let failed = site.run(&["build"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("weight"), "{}", stderr(&failed));
    assert!(std::fs::read(site.root.join(PARSES)).unwrap() == cache, "a failed build rewrote the cache");
    site.write(page, text.replacen("+++", "+++\nweight = 3", 1));
    let checked = site.run(&["check", "-v"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let line = sources_line(&checked).expect("a sources line");
    assert!(line.starts_with("sources 2 parsed, "), "the new guide and the fixed page: {line}");
    assert!(std::fs::read(site.root.join(PARSES)).unwrap() == cache, "check wrote the cache");
    let built = site.build_ok(&["-v"]);
    assert!(sources_line(&built).is_some_and(|l| l.starts_with("sources 2 parsed, ")));
    let again = site.build_ok(&["-v"]);
    assert!(sources_line(&again).is_some_and(|l| l.starts_with("sources 0 parsed, ")));
}
