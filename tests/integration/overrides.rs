//! The site's own files override the theme's, file by file.

use crate::site_test::{SiteTest, attrs, copy_tree, repo, texts};

#[test]
fn static_style_css_overrides_the_themes_stylesheet() {
    let site = SiteTest::from_fixture("base");
    site.write("static/style.css", "body { color: rebeccapurple }\n");
    site.build_ok(&[]);
    assert_eq!(site.output("style.css"), "body { color: rebeccapurple }\n");
    // The theme's other files are still there.
    assert!(site.output("compare.js").contains("function"));
}

/// The `<loc>` of every `<url>` of a sitemap, with the text of `child` in
/// the same `<url>` (scraper reads the XML as unknown HTML elements).
fn sitemap_rows(xml: &str, child: &str) -> Vec<(String, Option<String>)> {
    let doc = scraper::Html::parse_document(xml);
    let url = scraper::Selector::parse("urlset > url").unwrap();
    let loc = scraper::Selector::parse("loc").unwrap();
    let other = scraper::Selector::parse(child).unwrap();
    let text = |e: scraper::ElementRef<'_>| e.text().collect::<String>();
    doc.select(&url).map(|u| (u.select(&loc).next().map(text).unwrap(), u.select(&other).next().map(text))).collect()
}

const SITEMAP_WITH_PRIORITY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{%- for entry in entries %}
  <url><loc>{{ entry.permalink }}</loc><priority>{% if entry.lastmod %}0.8{% else %}0.3{% endif %}</priority></url>
{%- endfor %}
</urlset>
"#;

const ALIAS_WITH_LINK_ONLY: &str = r#"<!DOCTYPE html>
<html lang="{{ language }}"><head><meta charset="utf-8"><title>{{ title }} has moved</title>
<link rel="canonical" href="{{ permalink }}"></head>
<body><p><a class="moved" href="{{ target }}">{{ title }}</a></p></body></html>
"#;

#[test]
fn templates_folder_overrides_the_sitemap_and_the_alias_page() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&[]);
    let default_rows = sitemap_rows(&site.output("sitemap.xml"), "lastmod");
    let default_atom = site.output("atom.xml");

    site.write("templates/sitemap.xml", SITEMAP_WITH_PRIORITY);
    site.write("templates/alias.html", ALIAS_WITH_LINK_ONLY);
    site.build_ok(&[]);

    // The same URLs, each with the override's priority instead of lastmod.
    let rows = sitemap_rows(&site.output("sitemap.xml"), "priority");
    let locs: Vec<&str> = rows.iter().map(|(loc, _)| loc.as_str()).collect();
    let default_locs: Vec<&str> = default_rows.iter().map(|(loc, _)| loc.as_str()).collect();
    assert_eq!(locs, default_locs);
    for ((loc, priority), (_, lastmod)) in rows.iter().zip(&default_rows) {
        let expected = if lastmod.is_some() { "0.8" } else { "0.3" };
        assert_eq!(priority.as_deref(), Some(expected), "{loc}");
    }
    assert!(locs.contains(&"https://full.example.org/methods/alpha/"));
    assert!(sitemap_rows(&site.output("sitemap.xml"), "lastmod").iter().all(|(_, l)| l.is_none()));

    // Both aliases of alpha.md use the override; no meta refresh is left.
    for alias in ["old/alpha/index.html", "alpha.html"] {
        let page = site.page(alias);
        assert_eq!(texts(&page, "title"), ["Alpha peel has moved"], "{alias}");
        assert_eq!(attrs(&page, "a.moved", "href"), ["/methods/alpha/"], "{alias}");
        assert_eq!(attrs(&page, "link[rel=canonical]", "href"), ["https://full.example.org/methods/alpha/"]);
        assert!(attrs(&page, "meta[http-equiv]", "content").is_empty(), "{alias}");
    }
    // The feed was not overridden: the built-in template, unchanged output.
    assert_eq!(site.output("atom.xml"), default_atom);
}

#[test]
fn a_theme_without_feed_templates_gets_the_built_in_ones_and_may_override_them() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&[]);
    let default_sitemap = site.output("sitemap.xml");
    let default_alias = site.output("alpha.html");

    // A copy of the built-in theme without the machine-read templates.
    copy_tree(&repo().join("themes/clinic"), &site.root.join("themes/plain"));
    for name in ["sitemap.xml", "atom.xml", "robots.txt", "alias.html"] {
        std::fs::remove_file(site.root.join("themes/plain/templates").join(name)).unwrap();
    }
    site.replace("site.toml", "title = \"Full fixture\"", "title = \"Full fixture\"\ntheme = \"plain\"");
    site.build_ok(&[]);
    assert_eq!(site.output("sitemap.xml"), default_sitemap);
    assert_eq!(site.output("alpha.html"), default_alias);

    // The theme's own alias.html is used, and the site's templates/ wins over it.
    site.write("themes/plain/templates/alias.html", ALIAS_WITH_LINK_ONLY);
    site.write("themes/plain/templates/sitemap.xml", "theme sitemap\n");
    site.write("templates/sitemap.xml", SITEMAP_WITH_PRIORITY);
    site.build_ok(&[]);
    assert_eq!(texts(&site.page("alpha.html"), "title"), ["Alpha peel has moved"]);
    let rows = sitemap_rows(&site.output("sitemap.xml"), "priority");
    assert!(!rows.is_empty() && rows.iter().all(|(_, p)| p.is_some()), "{rows:?}");
}

/// A theme folder is read by the walker content is read with: a link out
/// of the site is not followed (a warning, the file left out), an editor's
/// swap file is not a template, and a template that is not UTF-8 is an error
/// naming it.
#[cfg(unix)]
#[test]
fn a_theme_folder_is_read_by_the_same_rules_as_content() {
    let site = SiteTest::from_fixture("full");
    copy_tree(&repo().join("themes/clinic"), &site.root.join("themes/plain"));
    site.replace("site.toml", "title = \"Full fixture\"", "title = \"Full fixture\"\ntheme = \"plain\"");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.css"), "body{}").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.css"), site.root.join("themes/plain/static/leak.css"))
        .unwrap();
    site.write("themes/plain/templates/.page.html.swp", "{% broken");
    let out = site.build_ok(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[io]: themes/plain/static/leak.css"), "{stderr}");
    assert!(!site.root.join("public/leak.css").exists());
    assert!(site.root.join("public/style.css").exists());

    std::fs::write(site.root.join("themes/plain/templates/partials/latin1.html"), b"caf\xe9").unwrap();
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[template]: themes/plain/templates/partials/latin1.html"), "{stderr}");
}
