//! The editorial checks end to end: fixture sites are free of them, `check`
//! and `build` agree, and `[checks]` turns warnings into errors.
//! The exact messages are invalid cases 90–99.

use crate::site_test::SiteTest;

fn check(site: &SiteTest) -> (i32, String) {
    let out = site.run(&["check"]);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn fixture_sites_have_no_editorial_warnings() {
    for name in ["base", "full", "compare", "callouts"] {
        let site = SiteTest::from_fixture(name);
        let (code, stderr) = check(&site);
        assert_eq!(code, 0, "{name}:\n{stderr}");
        assert!(!stderr.contains("warning["), "{name} has warnings:\n{stderr}");
    }
}

const UNCITED: &str = "+++\ntitle = \"Peel\"\ndescription = \"A peel.\"\n[facts]\napproach = \"topical\"\n+++\n## Recovery\n\nRedness lasts 3 days.\n";

#[test]
fn listed_checks_are_errors_in_check_and_build_alike() {
    let site = SiteTest::from_fixture("base");
    site.write("content/methods/peel.md", UNCITED);
    let (code, stderr) = check(&site);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[uncited-figure]"), "{stderr}");
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", format!("{config}\n[checks]\nerrors = \"all\"\n"));
    let (code, stderr) = check(&site);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[uncited-figure]") && stderr.contains("[checks] errors lists"), "{stderr}");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.root.join("public").exists());
}

#[test]
fn limits_come_from_site_toml() {
    let site = SiteTest::from_fixture("base");
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", format!("{config}\n[checks]\nreading_grade = 1\ndescription_length = 10\n"));
    // Twenty words or more: shorter prose is not graded.
    site.write(
        "content/guides/choosing.md",
        "+++\ntitle = \"Choosing\"\ndescription = \"How to choose\"\n+++\n\nA peel suits fine lines on the face. \
         A laser reaches deeper skin. Surgery lifts loose skin and tissue when other treatments cannot.\n",
    );
    let (code, stderr) = check(&site);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[reading-grade]"), "{stderr}");
    assert!(stderr.contains("over the limit of 10"), "{stderr}");
}

#[test]
fn uncited_figures_are_only_checked_in_collection_pages() {
    let site = SiteTest::from_fixture("base");
    site.write("content/guides/choosing.md", UNCITED.replace("[facts]\napproach = \"topical\"\n", ""));
    let (code, stderr) = check(&site);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("uncited-figure"), "{stderr}");
}
