//! The site's own files override the theme's, file by file.

use crate::site_test::SiteTest;

#[test]
fn static_style_css_overrides_the_themes_stylesheet() {
    let site = SiteTest::from_fixture("base");
    site.write("static/style.css", "body { color: rebeccapurple }\n");
    site.build_ok(&[]);
    assert_eq!(site.output("style.css"), "body { color: rebeccapurple }\n");
    // The theme's other files are still there.
    assert!(site.output("compare.js").contains("function"));
}
