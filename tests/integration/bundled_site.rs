//! The site that ships in this repository builds without errors or warnings,
//! and every page passes the W3C Nu HTML checker.
//!
//! The checker is installed by scripts/install-test-tools.sh (the README's
//! test command runs it). Without it this test fails and says so, unless
//! DERMIS_SKIP_VNU=1 is set deliberately.

use crate::site_test::SiteTest;
use std::process::Command;

fn bundled() -> SiteTest {
    SiteTest::from_repo(&["site.toml", "content", "themes", "static", "templates"])
}

#[test]
fn bundled_site_builds_with_no_errors_or_warnings() {
    let site = bundled();
    let out = site.build_ok(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "warnings:\n{stderr}");
    for page in [
        "methods/chemical-peels/index.html",
        "methods/dermabrasion/index.html",
        "methods/ablative-laser-resurfacing/index.html",
    ] {
        let doc = site.page(page);
        let refs = crate::site_test::texts(&doc, ".sources li");
        assert!(refs.len() >= 2, "{page} cites fewer than two sources");
        assert_eq!(
            crate::site_test::attrs(&doc, ".review-date time", "datetime").len(),
            1,
            "{page} has no reviewed date"
        );
    }
}

#[test]
fn every_bundled_page_passes_the_nu_html_checker() {
    if crate::site_test::skip_nu_checker() {
        return;
    }
    let site = bundled();
    site.build_ok(&[]);
    crate::site_test::assert_passes_nu_checker(&site.root.join("public"));
    // The checker must have seen every page: count what it was given.
    let pages = walkdir::WalkDir::new(site.root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages >= 10, "only {pages} pages built");
}

#[test]
fn the_checker_rejects_invalid_html() {
    // Guards against a checker that passes everything (a wrong path, a no-op)
    // and against this test passing because the checker did not run at all:
    // the jar must exist, pass a valid page and name the error of a bad one.
    if std::env::var_os("DERMIS_SKIP_VNU").is_some() {
        return;
    }
    let tools = crate::site_test::tools_dir();
    let jar = tools.join("node/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "the Nu HTML checker is not installed at {}", jar.display());
    let check = |html: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.html"), html).unwrap();
        let out = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args(["--skip-non-html", "--errors-only", "--format", "gnu"])
            .arg(dir.path())
            .output()
            .expect("java runs");
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (ok, report) = check("<!DOCTYPE html><html lang=en><title>x</title><div id=a></div><div id=b></div>");
    assert!(ok && report.trim().is_empty(), "a valid page was refused:\n{report}");
    let (ok, report) = check("<!DOCTYPE html><html lang=en><title>x</title><div id=a></div><div id=a></div>");
    assert!(!ok, "the checker passed a duplicate id");
    assert!(report.contains("page.html") && report.contains("Duplicate ID"), "unexpected report:\n{report}");
}
