//! Issue 9, second half: what readers find on the bundled site (parsed HTML).
//! The interactive parts are checked in Chromium by tests/browser/reader_checks.mjs.

use crate::site_test::{SiteTest, attrs, texts};

fn bundled_built() -> SiteTest {
    let site = SiteTest::from_repo(&["site.toml", "content", "themes", "static", "templates"]);
    site.build_ok(&[]);
    site
}

const PAGE_TYPES: &[&str] = &[
    "index.html",
    "methods/index.html",
    "methods/chemical-peels/index.html",
    "compare/index.html",
    "compare/all-methods/index.html",
    "compare/chemical-peels-vs-dermabrasion/index.html",
    "glossary/index.html",
    "glossary/collagen/index.html",
    "concerns/index.html",
    "concerns/acne-scars/index.html",
    "guides/index.html",
    "404.html",
];

#[test]
fn every_page_has_a_header_search_box_that_submits_to_the_search_page() {
    let site = bundled_built();
    for rel in PAGE_TYPES {
        let doc = site.page(rel);
        assert_eq!(attrs(&doc, ".site-header form[role=search]", "action"), ["/search/"], "{rel}");
        assert_eq!(attrs(&doc, ".site-header form[role=search]", "method"), ["get"], "{rel}");
        assert_eq!(attrs(&doc, ".site-header form[role=search] input[type=search]", "name"), ["q"], "{rel}");
        let id = attrs(&doc, ".site-header form[role=search] input", "id");
        assert_eq!(attrs(&doc, ".site-header form[role=search] label", "for"), id, "{rel}: the box has a label");
    }
}

#[test]
fn navigation_is_ordered_by_importance_and_marks_the_current_section() {
    let site = bundled_built();
    let doc = site.page("index.html");
    assert_eq!(
        texts(&doc, ".site-nav li a"),
        ["Treatment methods", "Skin concerns", "Compare", "Guides", "Glossary"],
        "treatments, concerns and comparisons come before guides and the glossary"
    );
    assert!(attrs(&doc, ".site-nav a", "aria-current").is_empty(), "nothing is current on the home page");
    for (rel, current, how) in [
        ("methods/index.html", "Treatment methods", "page"),
        ("methods/chemical-peels/index.html", "Treatment methods", "true"),
        ("concerns/acne-scars/index.html", "Skin concerns", "true"),
        ("concerns/index.html", "Skin concerns", "page"),
        ("compare/chemical-peels-vs-dermabrasion/index.html", "Compare", "true"),
        ("compare/all-methods/index.html", "Compare", "true"),
        ("compare/index.html", "Compare", "page"),
        ("glossary/collagen/index.html", "Glossary", "true"),
        ("guides/index.html", "Guides", "page"),
    ] {
        let doc = site.page(rel);
        assert_eq!(texts(&doc, ".site-nav a[aria-current]"), [current], "{rel}");
        assert_eq!(attrs(&doc, ".site-nav a[aria-current]", "aria-current"), [how], "{rel}");
    }
}
