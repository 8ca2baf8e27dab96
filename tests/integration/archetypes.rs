//! Issue 12 §2: `dermis new` for every section, with the body from the
//! section's archetype (site, then theme, then built in), a draft that
//! builds with `--drafts` at once.

use crate::site_test::{METHOD_SECTIONS, SiteTest, texts};
use dermis::pipeline::{BuildOptions, BuildSession};

fn new_ok(site: &SiteTest, section: &str, title: &str) -> String {
    let out = site.run(&["new", section, title]);
    assert!(out.status.success(), "new {section}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn new_for_a_collection_and_a_plain_section_builds_with_drafts_at_once() {
    let site = SiteTest::from_repo(&["site.toml", "content", "themes", "archetypes"]);
    let said = new_ok(&site, "methods", "Cryotherapy");
    assert!(
        said.contains("Created content/methods/cryotherapy.md (a draft; body from archetypes/methods.md)"),
        "{said}"
    );
    assert!(said.contains("`dermis serve --drafts`, at /methods/cryotherapy/"), "new says how to preview: {said}");
    new_ok(&site, "guides", "Aftercare");
    let said = new_ok(&site, "glossary", "Cold burn");
    assert!(said.contains("body from archetypes/glossary.md"), "{said}");
    for rel in ["content/methods/cryotherapy.md", "content/guides/aftercare.md", "content/glossary/cold-burn.md"] {
        let text = std::fs::read_to_string(site.root.join(rel)).unwrap();
        assert!(text.contains("\ndraft = true"), "{rel}");
        // Nobody has reviewed the page: no `reviewed` value, only the prompt.
        assert!(!text.lines().any(|l| l.starts_with("reviewed")), "{rel} claims a review:\n{text}");
        assert!(!text.contains("[[page-name]]"), "{rel} has a placeholder link");
    }
    let build = site.build_ok(&["--drafts"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(!stderr.contains("error["), "{stderr}");
    let method = site.page("methods/cryotherapy/index.html");
    assert_eq!(texts(&method, ".article-body h2"), METHOD_SECTIONS);
    assert_eq!(texts(&method, "section.draft-banner > h2"), ["Draft — not published"]);
    let to_fix = texts(&method, "section.draft-banner .draft-message").join("\n");
    assert!(to_fix.contains("required fact approach is missing"), "{to_fix}");
    let guide = site.page("guides/aftercare/index.html");
    assert_eq!(texts(&guide, ".article-body h2"), ["In short", "Where to read more"]);
    assert_eq!(texts(&guide, "h1"), ["Aftercare"]);
    assert_eq!(
        texts(&site.page("glossary/cold-burn/index.html"), "section.draft-banner > h2"),
        ["Draft — not published"]
    );
    // The production build leaves both out and still succeeds.
    site.build_ok(&[]);
    assert!(!site.root.join("public/methods/cryotherapy").exists());
    assert!(!site.root.join("public/guides/aftercare").exists());
    assert!(!site.root.join("public/glossary/cold-burn").exists());
}

#[test]
fn a_serve_style_build_shows_the_new_page() {
    let site = SiteTest::from_fixture("base");
    new_ok(&site, "guides", "Aftercare");
    new_ok(&site, "methods", "Cold therapy");
    let options = BuildOptions {
        root: site.root.clone(),
        drafts: true,
        base_url: Some("http://127.0.0.1:1111".into()),
        ..BuildOptions::default()
    };
    let built = BuildSession::with_cache(options).build().unwrap_or_else(|e| panic!("{e:?}"));
    let drafts: Vec<&str> = built.drafts.iter().map(|(path, _)| path).collect();
    assert_eq!(drafts, ["content/guides/aftercare.md", "content/methods/cold-therapy.md"]);
    for path in ["guides/aftercare/index.html", "methods/cold-therapy/index.html"] {
        let file = built.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(file.content.in_memory().unwrap()));
        assert_eq!(texts(&doc, "section.draft-banner > h2"), ["Draft — not published"], "{path}");
    }
}

#[test]
fn the_sites_archetype_overrides_the_themes() {
    let site = SiteTest::from_fixture("base");
    // Without archetypes: the built-in theme's default.
    let said = new_ok(&site, "guides", "First");
    assert!(said.contains("body from themes/clinic/archetypes/default.md (built-in)"), "{said}");
    assert!(
        std::fs::read_to_string(site.root.join("content/guides/first.md")).unwrap().contains("Write \"First\" here")
    );
    // A theme folder's archetype for the section wins over the built-in default.
    crate::site_test::copy_tree(&crate::site_test::repo().join("themes/clinic"), &site.root.join("themes/clinic"));
    site.replace("site.toml", "title = \"Base fixture\"", "title = \"Base fixture\"\ntheme = \"clinic\"");
    site.write("themes/clinic/archetypes/guides.md", "Theme guide about {{ title }}.\n");
    new_ok(&site, "guides", "Second");
    let second = std::fs::read_to_string(site.root.join("content/guides/second.md")).unwrap();
    assert!(second.ends_with("+++\n\nTheme guide about Second.\n"), "{second}");
    // The site's default wins over the theme's section archetype, and its
    // section archetype over its default.
    site.write("archetypes/default.md", "Site default for {{ title }}.\n");
    new_ok(&site, "guides", "Third");
    assert!(
        std::fs::read_to_string(site.root.join("content/guides/third.md"))
            .unwrap()
            .ends_with("Site default for Third.\n")
    );
    site.write("archetypes/guides.md", "## Site guide\n\nAbout {{title}}.\n");
    new_ok(&site, "guides", "Fourth");
    let fourth = std::fs::read_to_string(site.root.join("content/guides/fourth.md")).unwrap();
    assert!(fourth.ends_with("+++\n\n## Site guide\n\nAbout Fourth.\n"), "{fourth}");
    // Every one of them builds.
    site.build_ok(&["--drafts"]);
}

#[test]
fn new_refuses_to_overwrite_and_names_the_sections() {
    let site = SiteTest::from_fixture("base");
    let before = std::fs::read(site.root.join("content/guides/choosing.md")).unwrap();
    let out = site.run(&["new", "guides", "Choosing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the page already exists; dermis new never overwrites"));
    assert_eq!(std::fs::read(site.root.join("content/guides/choosing.md")).unwrap(), before);
    let out = site.run(&["new", "guide", "X"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no section `guide` in content/"), "{stderr}");
    assert!(stderr.contains("did you mean `guides`? The sections are: `guides`, `methods`"), "{stderr}");
    assert!(!site.root.join("content/guide").exists());
}
