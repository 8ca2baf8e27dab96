//! Issue 10 §4 and §6 on the "people" fixture: bylines, review dates, the
//! report-a-problem link, canonical and Open Graph tags on every page type,
//! JSON-LD checked against schema.org, the sitemap and the Atom feed.

use crate::site_test::{SiteTest, attrs, texts};
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::BTreeMap;

const BASE: &str = "https://people.example.org/docs";

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("people");
    let out = site.run_with_env(&["build"], &[("DERMIS_TODAY".into(), "2024-06-01".into())]);
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    site
}

fn one(doc: &Html, selector: &str, attr: &str) -> String {
    let found = attrs(doc, selector, attr);
    assert_eq!(found.len(), 1, "expected one {selector} [{attr}], found {found:?}");
    found[0].clone()
}

/// Percent-decoding of a URL component (the subject of a mailto: link).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn articles_show_who_wrote_and_reviewed_them_and_when() {
    let site = built();
    let doc = site.page("methods/peels/index.html");
    let authors = texts(&doc, ".byline-authors .person > a, .byline-authors .person");
    assert!(authors.iter().any(|a| a.starts_with("Sam Writer")), "{authors:?}");
    assert!(authors.iter().any(|a| a.starts_with("The editorial team")), "{authors:?}");
    // A site-path url gets the base path; a person without url is not a link.
    assert_eq!(attrs(&doc, ".byline-authors .person a", "href"), vec!["/docs/about/"]);
    assert!(texts(&doc, ".byline-authors .person-role").contains(&"(Health writer)".to_string()));
    let dates: BTreeMap<String, String> = {
        let div = Selector::parse(".page-dates > div").unwrap();
        let dt = Selector::parse("dt").unwrap();
        let time = Selector::parse("time").unwrap();
        doc.select(&div)
            .map(|d| {
                let label = d.select(&dt).next().unwrap().text().collect::<String>();
                let iso = d.select(&time).next().map(|t| t.value().attr("datetime").unwrap().to_string());
                (label, iso.unwrap_or_default())
            })
            .collect()
    };
    assert_eq!(dates.get("Published").map(String::as_str), Some("2024-01-10"));
    assert_eq!(dates.get("Updated").map(String::as_str), Some("2024-03-05"));
    assert_eq!(dates.get("Last reviewed").map(String::as_str), Some("2024-02-29"));
    // 29 February + 6 months.
    assert_eq!(dates.get("Next review due").map(String::as_str), Some("2024-08-29"));
    let reviewer = texts(&doc, ".review-date .person");
    assert_eq!(reviewer, vec!["Dr Ada Lee (Dermatologist, MD, FAAD)"]);
    assert_eq!(attrs(&doc, ".review-date .person a", "href"), vec!["https://lee.example.org/about"]);
    // An unreviewed page says so, with no next review.
    let laser = site.page("methods/laser/index.html");
    assert_eq!(texts(&laser, ".review-date dd"), vec!["Not yet reviewed"]);
    assert!(texts(&laser, ".page-dates dt").iter().all(|t| t != "Next review due"));
}

#[test]
fn every_article_links_to_report_a_problem() {
    let site = built();
    for page in ["methods/peels/index.html", "methods/laser/index.html", "glossary/collagen/index.html"] {
        let doc = site.page(page);
        let link = one(&doc, ".report-problem a", "href");
        assert_eq!(texts(&doc, ".report-problem a"), vec!["Report a problem with this page"]);
        let (address, query) = link.strip_prefix("mailto:").unwrap().split_once('?').unwrap();
        assert_eq!(address, "editors@people.example.org");
        let subject = percent_decode(query.strip_prefix("subject=").unwrap());
        let title = texts(&doc, "h1").remove(0);
        let canonical = one(&doc, "link[rel=canonical]", "href");
        assert_eq!(subject, format!("Problem with the page \"{title}\" ({canonical})"), "{page}");
    }
    // An https contact is linked as it is.
    let site = SiteTest::from_fixture("people");
    site.replace(
        "site.toml",
        "contact = \"editors@people.example.org\"",
        "contact = \"https://forms.example.org/report\"",
    );
    site.build_ok(&[]);
    let doc = site.page("methods/laser/index.html");
    assert_eq!(one(&doc, ".report-problem a", "href"), "https://forms.example.org/report");
}

/// Every HTML page of the output, by path.
fn html_pages(site: &SiteTest) -> Vec<String> {
    let public = site.root.join("public");
    let mut out: Vec<String> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(&public).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_page_type_has_canonical_and_open_graph_tags() {
    let site = built();
    let pages = html_pages(&site);
    for expected in [
        "index.html",
        "methods/index.html",
        "methods/peels/index.html",
        "glossary/index.html",
        "glossary/collagen/index.html",
        "concerns/index.html",
        "concerns/fine-lines/index.html",
        "compare/index.html",
        "compare/all/index.html",
        "search/index.html",
        "404.html",
    ] {
        assert!(pages.contains(&expected.to_string()), "{expected} not built: {pages:?}");
    }
    assert!(pages.iter().any(|p| p.contains("-vs-")), "no pair page: {pages:?}");
    for page in &pages {
        let doc = site.page(page);
        let canonical = one(&doc, "link[rel=canonical]", "href");
        assert!(canonical.starts_with(BASE), "{page}: {canonical}");
        assert_eq!(one(&doc, "meta[property='og:url']", "content"), canonical, "{page}");
        assert!(!one(&doc, "meta[property='og:title']", "content").is_empty(), "{page}");
        let kind = one(&doc, "meta[property='og:type']", "content");
        assert!(kind == "article" || kind == "website", "{page}: {kind}");
        let image = one(&doc, "meta[property='og:image']", "content");
        assert!(image.starts_with(BASE) && image.ends_with(".png"), "{page}: {image}");
        assert_eq!(one(&doc, "meta[name='twitter:card']", "content"), "summary_large_image", "{page}");
        let path = canonical.strip_prefix(BASE).unwrap();
        let expected_path = if page == "404.html" {
            "/404.html".to_string()
        } else {
            format!("/{}", page.trim_end_matches("index.html"))
        };
        assert_eq!(path, expected_path, "{page}");
    }
    // The default image is the theme's, a real 1200×630 PNG; pages override it.
    let png = std::fs::read(site.root.join("public/og-image.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 630));
    let og = |page: &str| one(&site.page(page), "meta[property='og:image']", "content");
    assert_eq!(og("methods/creams/index.html"), format!("{BASE}/og-image.png"));
    assert_eq!(og("methods/peels/index.html"), format!("{BASE}/methods/peels/card.png"));
    assert_eq!(og("methods/laser/index.html"), format!("{BASE}/img/laser-card.png"));
    assert!(site.root.join("public/methods/peels/card.png").is_file());
    assert_eq!(one(&site.page("methods/peels/index.html"), "meta[property='og:type']", "content"), "article");
}

/// schema.org types and the properties dermis may use with them, from
/// schema.org's definitions (own and inherited properties).
fn schema_org() -> BTreeMap<&'static str, Vec<&'static str>> {
    let thing = vec!["name", "url", "description", "sameAs"];
    let creative_work: Vec<&str> = [
        thing.clone(),
        vec!["inLanguage", "author", "datePublished", "dateModified", "citation", "about", "publisher", "mainEntity"],
    ]
    .concat();
    let web_page: Vec<&str> = [creative_work.clone(), vec!["reviewedBy", "lastReviewed"]].concat();
    BTreeMap::from([
        ("WebPage", web_page.clone()),
        ("MedicalWebPage", web_page.clone()),
        ("CollectionPage", web_page),
        ("WebSite", creative_work.clone()),
        ("DefinedTermSet", [creative_work.clone(), vec!["hasDefinedTerm"]].concat()),
        ("DefinedTerm", [thing.clone(), vec!["inDefinedTermSet", "termCode"]].concat()),
        ("MedicalProcedure", thing.clone()),
        ("CreativeWork", creative_work),
        ("Person", [thing.clone(), vec!["jobTitle", "hasCredential"]].concat()),
        ("Organization", thing.clone()),
        ("EducationalOccupationalCredential", thing),
    ])
}

fn check_schema(value: &Value, types: &BTreeMap<&str, Vec<&str>>, where_: &str, seen: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| check_schema(v, types, where_, seen)),
        Value::Object(map) => {
            let kind = map
                .get("@type")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{where_}: object without @type: {value}"));
            let allowed = types.get(kind).unwrap_or_else(|| panic!("{where_}: type {kind} is not in the allow-list"));
            seen.push(kind.to_string());
            for (key, inner) in map {
                if key == "@type" || key == "@context" {
                    continue;
                }
                assert!(allowed.contains(&key.as_str()), "{where_}: {kind} has no property {key}");
                check_schema(inner, types, where_, seen);
            }
        }
        _ => {}
    }
}

fn json_ld(doc: &Html) -> Vec<Value> {
    let sel = Selector::parse("script[type='application/ld+json']").unwrap();
    doc.select(&sel).map(|s| serde_json::from_str(&s.text().collect::<String>()).unwrap()).collect()
}

#[test]
fn json_ld_uses_only_schema_org_types_and_properties() {
    let site = built();
    let types = schema_org();
    let mut seen = Vec::new();
    for page in html_pages(&site) {
        let doc = site.page(&page);
        for doc in json_ld(&doc) {
            assert_eq!(doc["@context"], "https://schema.org", "{page}");
            check_schema(&doc, &types, &page, &mut seen);
        }
    }
    for kind in
        ["MedicalWebPage", "DefinedTerm", "DefinedTermSet", "Person", "Organization", "CollectionPage", "WebSite"]
    {
        assert!(seen.iter().any(|s| s == kind), "no {kind} anywhere");
    }
    let peels = json_ld(&site.page("methods/peels/index.html")).remove(0);
    assert_eq!(peels["@type"], "MedicalWebPage");
    assert_eq!(peels["about"]["@type"], "MedicalProcedure");
    assert_eq!(peels["datePublished"], "2024-01-10");
    assert_eq!(peels["dateModified"], "2024-03-05");
    assert_eq!(peels["lastReviewed"], "2024-02-29");
    assert_eq!(peels["author"][0]["name"], "Sam Writer");
    assert_eq!(peels["author"][0]["url"], format!("{BASE}/about/"));
    // A team is an Organization, never a Person.
    assert_eq!(peels["author"][1]["@type"], "Organization");
    assert_eq!(peels["author"][1]["name"], "The editorial team");
    assert_eq!(peels["reviewedBy"][0]["name"], "Dr Ada Lee");
    assert_eq!(peels["reviewedBy"][0]["hasCredential"]["name"], "MD, FAAD");
    assert_eq!(peels["citation"][0]["url"], "https://www.nhs.uk/conditions/chemical-peels/");
    assert_eq!(peels["citation"][0]["sameAs"][0], "https://pubmed.ncbi.nlm.nih.gov/20725554/");
    // A page of no collection is a plain web page.
    assert_eq!(json_ld(&site.page("about/index.html"))[0]["@type"], "WebPage");
    assert!(json_ld(&site.page("404.html")).is_empty());
}

#[test]
fn glossary_terms_are_defined_terms_of_the_glossary_set() {
    let site = built();
    for term in ["collagen", "erythema"] {
        let doc = json_ld(&site.page(&format!("glossary/{term}/index.html"))).remove(0);
        assert_ne!(doc["@type"], "MedicalWebPage", "{term}");
        assert_eq!(doc["about"]["@type"], "DefinedTerm");
        assert_eq!(doc["about"]["inDefinedTermSet"]["@type"], "DefinedTermSet");
        assert_eq!(doc["about"]["inDefinedTermSet"]["url"], format!("{BASE}/glossary/"));
        assert!(!doc.to_string().contains("MedicalProcedure"), "{term}: {doc}");
    }
    let set = json_ld(&site.page("glossary/index.html")).remove(0);
    assert_eq!(set["@type"], "DefinedTermSet");
    let names: Vec<&str> =
        set["hasDefinedTerm"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Collagen", "Erythema"]);
}

#[test]
fn the_404_page_is_noindex_and_the_sitemap_lists_every_indexable_page() {
    let site = built();
    let not_found = site.page("404.html");
    assert_eq!(one(&not_found, "meta[name=robots]", "content"), "noindex");
    for page in html_pages(&site).into_iter().filter(|p| p != "404.html") {
        assert!(attrs(&site.page(&page), "meta[name=robots]", "content").is_empty(), "{page} is noindex");
    }
    let xml = site.output("sitemap.xml");
    let doc = Html::parse_document(&xml);
    let url = Selector::parse("url").unwrap();
    let loc = Selector::parse("loc").unwrap();
    let lastmod = Selector::parse("lastmod").unwrap();
    let entries: BTreeMap<String, Option<String>> = doc
        .select(&url)
        .map(|u| {
            let l = u.select(&loc).next().unwrap().text().collect::<String>();
            (l, u.select(&lastmod).next().map(|m| m.text().collect::<String>()))
        })
        .collect();
    assert!(!entries.keys().any(|l| l.contains("404")), "{entries:?}");
    let pages: Vec<String> = html_pages(&site).into_iter().filter(|p| p != "404.html").collect();
    for page in &pages {
        let expected = format!("{BASE}/{}", page.trim_end_matches("index.html"));
        assert!(entries.contains_key(&expected), "{expected} not in the sitemap");
    }
    assert_eq!(entries.len(), pages.len(), "{entries:?}");
    // lastmod: the newest of date, updated and reviewed.
    assert_eq!(entries[&format!("{BASE}/methods/peels/")].as_deref(), Some("2024-03-05"));
    assert_eq!(entries[&format!("{BASE}/methods/laser/")].as_deref(), Some("2024-05-02"));
    assert_eq!(entries[&format!("{BASE}/methods/creams/")], None);
    assert_eq!(entries[&format!("{BASE}/compare/all/")].as_deref(), Some("2024-05-02"));
    assert_eq!(entries[&format!("{BASE}/compare/laser-vs-peels/")].as_deref(), Some("2024-05-02"), "{entries:?}");
}

#[test]
fn atom_entries_carry_their_own_dates_and_undated_pages_are_left_out() {
    let site = built();
    let xml = site.output("atom.xml");
    assert!(!xml.contains("1970"), "{xml}");
    let doc = Html::parse_document(&xml);
    let entry = Selector::parse("entry").unwrap();
    let field = |e: scraper::ElementRef<'_>, name: &str| {
        e.select(&Selector::parse(name).unwrap()).next().map(|n| n.text().collect::<String>())
    };
    let entries: Vec<(String, String, Option<String>)> = doc
        .select(&entry)
        .map(|e| (field(e, "title").unwrap(), field(e, "updated").unwrap(), field(e, "published")))
        .collect();
    assert_eq!(
        entries,
        vec![
            ("Laser".to_string(), "2024-05-02T00:00:00Z".to_string(), Some("2024-05-02T00:00:00Z".to_string())),
            ("Collagen".to_string(), "2024-04-01T00:00:00Z".to_string(), None),
            (
                "Chemical peels & more".to_string(),
                "2024-03-05T00:00:00Z".to_string(),
                Some("2024-01-10T00:00:00Z".to_string())
            ),
        ]
    );
    let feed_updated = Selector::parse("feed > updated").unwrap();
    assert_eq!(doc.select(&feed_updated).next().unwrap().text().collect::<String>(), "2024-05-02T00:00:00Z");
}

#[test]
fn a_site_without_dates_has_no_feed_and_never_claims_1970() {
    let site = SiteTest::from_fixture("people");
    for page in ["methods/peels/index.md", "methods/laser.md", "glossary/collagen.md"] {
        let path = site.root.join("content").join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("date") && !l.starts_with("updated") && !l.starts_with("reviewed ="))
            .collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
    site.build_ok(&[]);
    assert!(!site.root.join("public/atom.xml").exists());
    for page in html_pages(&site) {
        let doc = site.page(&page);
        assert!(attrs(&doc, "link[type='application/atom+xml']", "href").is_empty(), "{page} links a feed");
        assert!(!site.output(&page).contains("1970"), "{page}");
    }
    assert!(!site.output("sitemap.xml").contains("1970"));
}

#[test]
fn review_overdue_is_a_warning_that_depends_on_today_and_the_output_does_not() {
    let site = SiteTest::from_fixture("people");
    let run = |today: &str| site.run_with_env(&["build"], &[("DERMIS_TODAY".into(), today.into())]);
    let early = run("2024-06-01");
    assert!(early.status.success());
    assert!(!String::from_utf8_lossy(&early.stderr).contains("review-overdue"));
    let first = crate::site_test::tree(&site.root.join("public"));
    let late = run("2024-09-01");
    assert!(late.status.success());
    let stderr = String::from_utf8_lossy(&late.stderr);
    assert!(stderr.contains("warning[review-overdue]: content/methods/peels/index.md:6:12"), "{stderr}");
    assert!(!stderr.contains("collagen"), "collagen is due 2024-10-01: {stderr}");
    assert_eq!(crate::site_test::tree(&site.root.join("public")), first, "the output changed with today's date");
}

#[test]
fn the_people_site_passes_the_nu_html_checker() {
    if crate::site_test::skip_nu_checker() {
        return;
    }
    let site = built();
    crate::site_test::assert_passes_nu_checker(&site.root.join("public"));
}

#[test]
fn an_init_site_is_not_medical() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dermis")).arg("init").arg(&root).output().unwrap();
    assert!(out.status.success());
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_dermis")).args(["build", "--root"]).arg(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(root.join("public/articles/first-article/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let ld = json_ld(&doc).remove(0);
    assert_eq!(ld["@type"], "WebPage");
    assert!(!html.contains("Medical"), "{html}");
}
