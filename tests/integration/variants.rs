//! Issue 10: articles with `[[variants]]` and facts with `cite`, on the
//! `variants` fixture (chemical peels with three variants, a laser without).

use crate::site_test::{SiteTest, attrs, texts};

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("variants");
    let out = site.build_ok(&[]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    site
}

fn ids(doc: &scraper::Html) -> Vec<String> {
    attrs(doc, "[id]", "id")
}

#[test]
fn facts_card_has_one_column_per_variant_with_citation_markers() {
    let site = built();
    let doc = site.page("methods/chemical-peels/index.html");
    assert_eq!(texts(&doc, ".facts-card thead th"), ["Fact", "Light", "Medium", "Deep"]);
    assert_eq!(attrs(&doc, ".facts-card thead th a", "href"), ["#light-peels", "#medium-peels", "#deep-peels"]);
    assert_eq!(texts(&doc, ".facts-card tbody th"), ["Approach", "Downtime", "Anesthesia", "Invasiveness"]);
    // Downtime: each variant its own value and source.
    assert_eq!(texts(&doc, ".facts-card tbody tr:nth-child(2) td"), ["0–7 days[3]", "7–14 days[2]", "14–21 days[2]"]);
    assert_eq!(
        attrs(&doc, ".facts-card tbody tr:nth-child(2) sup.cite a", "aria-label"),
        ["Source 3: Light peels", "Source 2: Mayo Clinic, Chemical peel", "Source 2: Mayo Clinic, Chemical peel"]
    );
    // Several sources in source-list order.
    assert_eq!(
        attrs(&doc, ".facts-card tbody tr:nth-child(3) td:nth-child(4) sup.cite a", "href"),
        ["#ref-nhs", "#ref-mayo"]
    );
    // The same value in every variant spans the columns; an editorial fact says so.
    assert_eq!(attrs(&doc, ".facts-card td.fact-shared", "colspan"), ["3"]);
    assert_eq!(texts(&doc, ".facts-card td.fact-shared .source-note.editorial"), ["Our rating"]);
    // A value without `cite` says so, visibly.
    assert_eq!(texts(&doc, ".facts-card tbody tr:nth-child(3) td:nth-child(3) .no-source"), ["No source cited"]);
    // Every marker leads to an element of the page.
    let ids = ids(&doc);
    for href in attrs(&doc, ".facts-card sup.cite a", "href") {
        assert!(ids.contains(&href[1..].to_string()), "{href} has no target");
    }
    assert_eq!(attrs(&doc, ".sources li", "id"), ["ref-nhs", "ref-mayo", "ref-healthgrades"]);
}

#[test]
fn a_page_without_variants_keeps_the_list_card_with_sources() {
    let site = built();
    let doc = site.page("methods/laser/index.html");
    assert!(texts(&doc, ".facts-card table").is_empty());
    assert_eq!(
        texts(&doc, ".facts-card dd"),
        ["Minimally invasive No source cited", "3–10 days[1]", "numbing cream No source cited", "No reliable figure"]
    );
    assert_eq!(attrs(&doc, ".facts-card sup.cite a", "href"), ["#ref-aad"]);
}

#[test]
fn comparison_rows_are_one_per_variant_sorted_and_filterable() {
    let site = built();
    let doc = site.page("compare/all/index.html");
    assert_eq!(
        texts(&doc, "tbody th[scope=row]"),
        ["Chemical peels — light", "Laser", "Chemical peels — medium", "Chemical peels — deep"],
        "sorted by downtime, per row"
    );
    assert_eq!(
        attrs(&doc, "tbody th[scope=row] a", "href"),
        [
            "/methods/chemical-peels/#light-peels",
            "/methods/laser/",
            "/methods/chemical-peels/#medium-peels",
            "/methods/chemical-peels/#deep-peels"
        ]
    );
    assert_eq!(attrs(&doc, "tbody td.cell-range", "data-sort"), ["0 7", "3 10", "7 14", "14 21"]);
    assert_eq!(
        attrs(&doc, "tbody td.cell-enum", "data-values"),
        ["minimally invasive", "minimally invasive", "minimally invasive", "surgical"]
    );
    assert_eq!(
        attrs(&doc, "tbody td.cell-range sup.cite a", "href"),
        [
            "/methods/chemical-peels/#ref-healthgrades",
            "/methods/laser/#ref-aad",
            "/methods/chemical-peels/#ref-mayo",
            "/methods/chemical-peels/#ref-mayo"
        ]
    );
    // Each cell's marker leads to an id of the linked page.
    let peels = ids(&site.page("methods/chemical-peels/index.html"));
    for href in attrs(&doc, "tbody sup.cite a[href^='/methods/chemical-peels/']", "href") {
        let (_, id) = href.split_once('#').unwrap();
        assert!(peels.contains(&id.to_string()), "{href}");
    }
    assert_eq!(texts(&doc, "tbody td.cell-text .no-source"), ["No source cited", "No source cited"]);
    // The filter keeps the rows (variants) that match: the deep peel is surgical.
    let filtered = site.page("compare/minimally-invasive/index.html");
    assert_eq!(texts(&filtered, "tbody th[scope=row]"), ["Chemical peels — light", "Chemical peels — medium", "Laser"]);
}

#[test]
fn csv_and_json_have_one_entry_per_variant() {
    let site = built();
    let csv = site.output("compare/all.csv");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "Methods,Variant,URL,Approach,Downtime,Anesthesia,Invasiveness,Concerns");
    assert_eq!(
        lines[1],
        "Chemical peels,light,https://variants.example.org/methods/chemical-peels/#light-peels,Minimally invasive,0–7 days,none,3 of 5,Fine lines"
    );
    assert_eq!(
        lines[2],
        "Laser,,https://variants.example.org/methods/laser/,Minimally invasive,3–10 days,numbing cream,,Fine lines"
    );
    assert_eq!(lines.len(), 5);
    let json: serde_json::Value = serde_json::from_str(&site.output("methods.json")).unwrap();
    let pages = json["pages"].as_array().unwrap();
    let names: Vec<_> = pages.iter().map(|p| (p["title"].as_str().unwrap(), p["variant"].as_str())).collect();
    assert_eq!(
        names,
        [
            ("Chemical peels", Some("light")),
            ("Chemical peels", Some("medium")),
            ("Chemical peels", Some("deep")),
            ("Laser", None)
        ]
    );
    let deep = &pages[2];
    assert_eq!(deep["url"], "https://variants.example.org/methods/chemical-peels/#deep-peels");
    assert_eq!(deep["facts"]["approach"], "surgical");
    assert_eq!(deep["facts"]["invasiveness"], 3, "inherited from [facts]");
    assert_eq!(deep["facts"]["downtime_days"], serde_json::json!({ "min": 14, "max": 21 }));
    assert_eq!(deep["sources"]["downtime_days"][0]["key"], "mayo");
    assert!(deep["sources"].get("approach").is_none());
}

#[test]
fn pair_pages_stay_one_per_article_pair_with_a_column_per_variant() {
    let site = built();
    let doc = site.page("compare/chemical-peels-vs-laser/index.html");
    assert_eq!(
        texts(&doc, ".pair-table thead th"),
        [
            "Fact",
            "Chemical peels — light",
            "Chemical peels — medium",
            "Chemical peels — deep",
            "Laser",
            "Same or different"
        ]
    );
    let downtime = texts(&doc, ".pair-table tbody tr:nth-child(2) td");
    assert_eq!(downtime, ["0–7 days[3]", "7–14 days[2]", "14–21 days[2]", "3–10 days[1]", "Different"]);
    let html = std::fs::read_dir(site.root.join("public/compare")).unwrap().count();
    assert_eq!(html, 6, "index, two tables, two CSVs and one pair page");
}

#[test]
fn compare_blocks_and_term_tables_show_variant_rows() {
    let site = built();
    let guide = site.page("guides/choosing/index.html");
    assert_eq!(
        texts(&guide, "tbody th[scope=row]"),
        ["Chemical peels — light", "Chemical peels — medium", "Chemical peels — deep", "Laser"]
    );
    let term = site.page("concerns/fine-lines/index.html");
    assert_eq!(
        attrs(&term, "tbody th[scope=row] a", "href"),
        [
            "/methods/chemical-peels/#light-peels",
            "/methods/chemical-peels/#medium-peels",
            "/methods/chemical-peels/#deep-peels",
            "/methods/laser/"
        ]
    );
}
