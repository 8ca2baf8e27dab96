//! Every link form is checked (issue 8, section 4): anchors on site paths,
//! query strings, percent-encoded paths and fragments, page bundles and
//! where co-located assets are published.

use crate::site_test::{SiteTest, attrs};

const PEEL: &str = "content/methods/peel.md";

fn peel_with(body: &str) -> SiteTest {
    let site = SiteTest::from_fixture("base");
    let text = std::fs::read_to_string(site.root.join(PEEL)).unwrap();
    site.write(PEEL, format!("{text}\n{body}\n"));
    site
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn hrefs(site: &SiteTest, page: &str) -> Vec<String> {
    attrs(&site.page(page), "article a", "href")
}

#[test]
fn anchors_on_site_paths_are_checked_like_wiki_anchors() {
    let site = peel_with("See [the risks](/methods/laser/#risk) and [home](/#nowhere).");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[link]: content/methods/peel.md:20:5\n  no element with id `#risk` on /methods/laser/\n     |\n  20 | See [the risks](/methods/laser/#risk) and [home](/#nowhere).\n     |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  help: did you mean `#risks`?"),
        "{err}"
    );
    assert!(err.contains("no element with id `#nowhere` on /\n     |\n  20 | See [the risks](/methods/laser/#risk) and [home](/#nowhere).\n     |                                           ^^^^^^^^^^^^^^^^^\n  help: the ids of / are: "), "{err}");
    assert!(!site.root.join("public").exists());
}

#[test]
fn relative_links_to_other_pages_check_their_anchors_too() {
    let site = peel_with("See [risks](laser/#riskz).");
    let out = site.run(&["build"]);
    assert!(stderr(&out).contains("no element with id `#riskz` on /methods/laser/"), "{}", stderr(&out));
    let site = peel_with("See [risks](laser/#risks).");
    site.build_ok(&[]);
    assert!(hrefs(&site, "methods/peel/index.html").contains(&"/methods/laser/#risks".to_string()));
}

#[test]
fn query_strings_on_internal_links_are_kept_and_not_errors() {
    let site = peel_with(
        "Search [collagen](/search/?q=collagen), [laser](@/methods/laser.md?from=peel#risks), [again](laser/?a=1).",
    );
    site.build_ok(&[]);
    let links = hrefs(&site, "methods/peel/index.html");
    for expected in ["/search/?q=collagen", "/methods/laser/?from=peel#risks", "/methods/laser/?a=1"] {
        assert!(links.contains(&expected.to_string()), "{expected} not in {links:?}");
    }
    // Under a sub-path, site paths written in Markdown get the base path too.
    site.build_ok(&["--base-url", "https://example.org/docs/"]);
    let links = hrefs(&site, "methods/peel/index.html");
    for expected in ["/docs/search/?q=collagen", "/docs/methods/laser/?from=peel#risks", "/docs/methods/laser/?a=1"] {
        assert!(links.contains(&expected.to_string()), "{expected} not in {links:?}");
    }
}

#[test]
fn percent_encoded_paths_and_fragments_are_decoded_before_checking() {
    let site =
        peel_with("A [photo](my%20file.png), [the risks](/methods/laser/#ri%73ks), [café](#caf%C3%A9).\n\n## Café");
    site.write("content/methods/my file.png", b"png");
    site.build_ok(&[]);
    let links = hrefs(&site, "methods/peel/index.html");
    assert!(links.contains(&"/methods/my%20file.png".to_string()), "{links:?}");
    assert!(links.contains(&"/methods/laser/#risks".to_string()), "{links:?}");
    assert!(links.contains(&"#café".to_string()), "{links:?}");
    assert!(site.root.join("public/methods/my file.png").is_file());

    let broken = peel_with("A [photo](my%20fil.png) and [bytes](x%FF.png).");
    broken.write("content/methods/my file.png", b"png");
    let err = stderr(&broken.run(&["build"]));
    assert!(err.contains("link `x%FF.png` has a percent-encoded byte sequence that is not UTF-8"), "{err}");
    let broken = peel_with("A [photo](my%20fil.png).");
    broken.write("content/methods/my file.png", b"png");
    let err = stderr(&broken.run(&["build"]));
    assert!(err.contains("link `my fil.png` points to /methods/my fil.png, which the site does not have"), "{err}");
}

const BUNDLE: &str = "+++\ntitle = \"Needling\"\ndescription = \"A bundle\"\nslug = \"micro-needling\"\n\n[facts]\napproach = \"minimally invasive\"\n+++\n\n## How it works\n\n![Before](before.png) and [the diagram](img/diagram.svg). Compare [[peel]].\n";

#[test]
fn a_folder_with_index_md_is_one_page_with_its_assets() {
    let site = SiteTest::from_fixture("base");
    site.write("content/methods/Needling Bundle/index.md", BUNDLE);
    site.write("content/methods/Needling Bundle/before.png", b"png");
    site.write("content/methods/Needling Bundle/img/diagram.svg", b"<svg/>");
    site.replace(PEEL, "Compare with [[laser]].", "Compare with [[laser]] and [[Needling Bundle]].");
    site.build_ok(&[]);
    // The page: in the methods collection, at its slug, listed in its section.
    let doc = site.page("methods/micro-needling/index.html");
    assert_eq!(crate::site_test::texts(&doc, "article h1"), ["Needling"]);
    assert!(site.output("methods/index.html").contains("/methods/micro-needling/"));
    // Its assets, under the page's URL folder, and its links point there.
    assert_eq!(std::fs::read(site.root.join("public/methods/micro-needling/before.png")).unwrap(), b"png");
    assert!(site.root.join("public/methods/micro-needling/img/diagram.svg").is_file());
    assert!(!site.root.join("public/methods/Needling Bundle").exists());
    assert_eq!(attrs(&doc, "article img", "src"), ["/methods/micro-needling/before.png"]);
    assert!(attrs(&doc, "article a", "href").contains(&"/methods/micro-needling/img/diagram.svg".to_string()));
    // Wiki links name a bundle by its folder; the comparison has its row.
    assert!(hrefs(&site, "methods/peel/index.html").contains(&"/methods/micro-needling/".to_string()));
    assert!(site.output("compare/all/index.html").contains("/methods/micro-needling/"));
}

#[test]
fn co_located_assets_follow_the_slugified_folder() {
    let site = SiteTest::from_fixture("base");
    site.write("content/Skin Care/_index.md", "+++\ntitle = \"Skin care\"\n+++\n\n![A photo](<Photo 1.png>)\n");
    site.write("content/Skin Care/Photo 1.png", b"png");
    site.build_ok(&[]);
    assert!(site.root.join("public/skin-care/Photo 1.png").is_file());
    assert_eq!(attrs(&site.page("skin-care/index.html"), "main img", "src"), ["/skin-care/Photo%201.png"]);
}

#[test]
fn pages_inside_a_bundle_are_errors() {
    let site = SiteTest::from_fixture("base");
    site.write(
        "content/methods/needling/index.md",
        BUNDLE.replace("before.png", "x.png").replace("img/diagram.svg", "x.png"),
    );
    site.write("content/methods/needling/x.png", b"png");
    site.write("content/methods/needling/notes.md", "+++\ntitle = \"Notes\"\n+++\n");
    let err = stderr(&site.run(&["build"]));
    assert!(
        err.contains("error[url]: content/methods/needling/notes.md\n  this page is inside the page bundle `content/methods/needling/`"),
        "{err}"
    );
}
