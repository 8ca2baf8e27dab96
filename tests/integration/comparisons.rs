//! Comparison tables, pair pages, taxonomy term tables, compare blocks, the
//! link graph, the glossary, search and data exports, on the `compare`
//! fixture (two collections, four comparisons, a glossary).

use crate::site_test::{SiteTest, attrs, texts, value_text, value_texts};

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("compare");
    let out = site.build_ok(&[]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    site
}

fn table_rows(doc: &scraper::Html, table: &str) -> Vec<Vec<String>> {
    let row_sel = scraper::Selector::parse(&format!("{table} tbody tr")).unwrap();
    let cell_sel = scraper::Selector::parse("th, td").unwrap();
    doc.select(&row_sel).map(|r| r.select(&cell_sel).map(value_text).collect()).collect()
}

#[test]
fn comparison_page_has_an_accessible_table_sorted_by_enum_order() {
    let site = built();
    let doc = site.page("compare/all/index.html");
    assert_eq!(texts(&doc, "table caption"), ["All methods"]);
    assert_eq!(
        texts(&doc, "thead th[scope=col]"),
        ["Methods", "Approach", "Layers", "Downtime", "Invasiveness", "Note", "Concerns"]
    );
    assert_eq!(attrs(&doc, "thead th[aria-sort]", "data-key"), ["approach"]);
    assert_eq!(
        attrs(&doc, "tbody th[scope=row] a", "href"),
        ["/methods/cream/", "/methods/laser/", "/methods/needling/", "/methods/peel/", "/methods/surgery/"]
    );
    let rows = table_rows(&doc, "table");
    // topical < minimally invasive < surgical; ties by title.
    assert_eq!(
        rows.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["Topical", "Minimally invasive", "Minimally invasive", "Minimally invasive", "Surgical"]
    );
    let peel = &rows[3];
    assert_eq!(peel[3], "7–21 days");
    assert_eq!(peel[4], "●●●○○ 3 of 5");
    assert_eq!(rows[2][3], "No reliable figure", "needling has no downtime");
    assert_eq!(rows[4][6], "Sagging");
}

#[test]
fn sorting_is_numeric_for_ranges_descending_with_missing_last() {
    let site = built();
    let doc = site.page("compare/by-downtime/index.html");
    let rows = table_rows(&doc, "table");
    let order: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    // Ranges sort by their minimum, then maximum: surgery 14, peel 7–21, laser 3–10, cream 0.
    assert_eq!(order, ["Surgery", "Peel", "Laser", "Cream", "Needling"]);
    assert_eq!(attrs(&doc, "thead th[aria-sort]", "aria-sort"), ["descending"]);
}

#[test]
fn filter_and_index_page() {
    let site = built();
    let doc = site.page("compare/non-surgical/index.html");
    assert_eq!(texts(&doc, "tbody th a"), ["Cream", "Laser", "Needling", "Peel"]);
    let index = site.page("compare/index.html");
    assert_eq!(
        texts(&index, ".page-list li > a"),
        ["All methods", "Methods by downtime", "Non-surgical methods", "Devices"]
    );
    let devices = site.page("compare/devices/index.html");
    assert_eq!(texts(&devices, "tbody th a"), ["Device B", "Device A"]);
    assert_eq!(value_texts(&devices, "tbody td:nth-child(3)"), ["300 USD", "1,200 USD"]);
}

/// A small RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_parses_back_with_a_header_of_labels() {
    let site = built();
    let csv = site.output("compare/all.csv");
    assert!(csv.ends_with("\r\n"));
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        ["Methods", "Variant", "URL", "Approach", "Layers", "Downtime", "Invasiveness", "Note", "Concerns"]
    );
    assert_eq!(rows.len(), 6);
    let peel = rows.iter().find(|r| r[0] == "Peel").unwrap();
    assert_eq!(peel[1], "", "no variants");
    assert_eq!(peel[2], "https://compare.example.org/methods/peel/");
    assert_eq!(peel[7], "Has \"quotes\", and a comma");
    assert_eq!(peel[8], "Acne scars, fine lines");
}

#[test]
fn pair_pages_cover_every_unordered_pair_once() {
    let site = built();
    let doc = site.page("compare/by-downtime/index.html");
    let pairs = attrs(&doc, ".pair-list a", "href");
    assert_eq!(pairs.len(), 10, "5 rows make 10 pairs");
    assert!(pairs.contains(&"/compare/laser-vs-peel/".to_string()));
    assert!(!pairs.contains(&"/compare/peel-vs-laser/".to_string()));
    let pair = site.page("compare/laser-vs-peel/index.html");
    assert_eq!(texts(&pair, "h1"), ["Laser vs Peel"]);
    let rows = table_rows(&pair, ".pair-table");
    let downtime = rows.iter().find(|r| r[0] == "Downtime").unwrap();
    assert_eq!(downtime[1..], ["3–10 days", "7–21 days", "Different"]);
    let approach = rows.iter().find(|r| r[0] == "Approach").unwrap();
    assert_eq!(approach[3], "Same");
    assert_eq!(attrs(&pair, "tr.differs th", "scope").len(), rows.iter().filter(|r| r[3] == "Different").count());
    // The comparisons without `pairs = true` make none.
    assert!(!site.root.join("public/compare/device-a-vs-device-b").exists());
}

#[test]
fn too_many_pairs_is_a_configuration_error_naming_the_comparison() {
    let site = SiteTest::from_fixture("compare");
    let config = std::fs::read_to_string(site.root.join("site.toml"))
        .unwrap()
        .replace("pairs = true", "pairs = true\nmax_pairs = 9");
    site.write("site.toml", config);
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("comparison `by-downtime` would make 10 side-by-side pages (5 rows), more than max_pairs = 9"),
        "{stderr}"
    );
}

#[test]
fn term_pages_show_the_table_of_exactly_their_articles() {
    let site = built();
    let doc = site.page("concerns/acne-scars/index.html");
    assert_eq!(texts(&doc, "table tbody th a"), ["Laser", "Needling", "Peel"]);
    assert_eq!(texts(&doc, "table caption"), ["Methods for acne scars"]);
    let list = site.page("concerns/index.html");
    assert_eq!(
        texts(&list, ".term-list li"),
        ["Acne scars (3 articles)", "Fine lines (3 articles)", "Sagging (1 article)"]
    );
}

#[test]
fn compare_blocks_render_tables_inside_articles() {
    let site = built();
    let doc = site.page("guides/choosing/index.html");
    assert_eq!(texts(&doc, ".article-body table caption"), ["Laser and peel", "Methods compared"]);
    let first = table_rows(&doc, ".article-body .compare:nth-of-type(1) table");
    assert_eq!(first.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["Laser", "Peel"]);
    assert_eq!(texts(&doc, ".article-body .compare:nth-of-type(2) tbody th a"), ["Laser", "Needling", "Peel"]);
}

#[test]
fn unknown_rows_and_columns_in_a_compare_block_are_located_errors() {
    let site = SiteTest::from_fixture("compare");
    site.write("content/guides/choosing.md", "+++\ntitle = \"Choosing\"\n+++\n\nText.\n\n```compare\nrows = [\"lazer\", \"peel\"]\ncolumns = [\"downtime\", \"concerns\"]\n```\n");
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("error[link]: content/guides/choosing.md:8:9\n  unknown row \"lazer\": no page of `methods` has that name\n    |\n  8 | rows = [\"lazer\", \"peel\"]\n    |         ^^^^^^^\n  help: did you mean `laser`?"), "{stderr}");
    assert!(stderr.contains("error[link]: content/guides/choosing.md:9:12\n  unknown column \"downtime\"\n    |\n  9 | columns = [\"downtime\", \"concerns\"]\n    |            ^^^^^^^^^^\n  help: did you mean `downtime_days`?"), "{stderr}");
}

#[test]
fn backlinks_carry_the_linking_sentence_and_related_pages_rank_by_shared_terms() {
    let site = built();
    let doc = site.page("methods/peel/index.html");
    assert_eq!(texts(&doc, ".backlinks li > a"), ["Home", "Laser", "Needling"]);
    assert!(texts(&doc, ".backlinks blockquote").contains(&"Unlike the acid peel, no acid is used.".to_string()));
    // Laser shares 2 terms and 3 facts; needling 1 term and 2 facts; cream 1 term.
    assert_eq!(texts(&doc, ".related li > a"), ["Laser", "Needling", "Cream"]);
    assert!(texts(&site.page("methods/surgery/index.html"), ".related li").is_empty());
}

#[test]
fn orphans_are_reported_by_check() {
    let site = SiteTest::from_fixture("compare");
    site.write("content/guides/lonely.md", "+++\ntitle = \"Lonely\"\n+++\n");
    let out = site.run(&["check"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning[link]: content/guides/lonely.md\n  orphan page: no other page links to it"),
        "{stderr}"
    );
}

#[test]
fn glossary_links_first_mentions_only_in_prose() {
    let site = built();
    let doc = site.page("methods/peel/index.html");
    // First "dermis" and the longest match "Collagen fibres" are linked, once each.
    assert_eq!(attrs(&doc, ".article-body a.gloss-term", "href"), ["/glossary/dermis/", "/glossary/collagen/"]);
    assert_eq!(texts(&doc, ".article-body a.gloss-term"), ["dermis", "Collagen fibres"]);
    assert_eq!(texts(&doc, "#gloss-dermis"), ["The layer under the epidermis."]);
    assert_eq!(attrs(&doc, "a.gloss-term", "aria-describedby"), ["gloss-dermis", "gloss-collagen"]);
    // Never in headings, links or code.
    assert!(texts(&doc, "h2 .gloss").is_empty());
    assert!(texts(&doc, "a .gloss, code .gloss").is_empty());
    // Whole words: "epidermis" in laser's prose links the epidermis term, not "dermis".
    let laser = site.page("methods/laser/index.html");
    assert_eq!(attrs(&laser, "a.gloss-term", "href"), ["/glossary/epidermis/"]);
    // Never on the term's own page.
    let own = site.page("glossary/collagen/index.html");
    assert!(!attrs(&own, "a.gloss-term", "href").contains(&"/glossary/collagen/".to_string()));
    let dermis_page = site.page("glossary/dermis/index.html");
    assert_eq!(attrs(&dermis_page, "a.gloss-term", "href"), ["/glossary/collagen/"]);
}

#[test]
fn glossary_lists_terms_a_to_z_with_anchors() {
    let site = built();
    let doc = site.page("glossary/index.html");
    assert_eq!(texts(&doc, ".glossary-list dt > a"), ["Collagen", "Dermis", "Epidermis"]);
    assert_eq!(attrs(&doc, ".glossary-list > div", "id"), ["term-collagen", "term-dermis", "term-epidermis"]);
    assert_eq!(texts(&doc, ".letters a"), ["C", "D", "E"]);
    assert_eq!(texts(&doc, ".aliases"), ["(collagen fibres)", "(outer layer)"]);
}

#[test]
fn collection_export_has_its_documented_shape() {
    let site = built();
    let doc: serde_json::Value = serde_json::from_str(&site.output("methods.json")).unwrap();
    assert_eq!(doc["collection"], "methods");
    let schema = doc["schema"].as_array().unwrap();
    assert_eq!(
        schema.iter().map(|f| f["key"].as_str().unwrap()).collect::<Vec<_>>(),
        ["approach", "layers", "downtime_days", "invasiveness", "note"]
    );
    assert_eq!(schema[0]["type"], "enum");
    assert_eq!(schema[0]["values"], serde_json::json!(["topical", "non-invasive", "minimally invasive", "surgical"]));
    assert_eq!(schema[2]["unit"], "days");
    let pages = doc["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 5);
    let peel = pages.iter().find(|p| p["slug"] == "peel").unwrap();
    assert_eq!(peel["facts"]["downtime_days"], serde_json::json!({ "min": 7, "max": 21 }));
    assert_eq!(peel["facts"]["invasiveness"], 3);
    assert_eq!(peel["taxonomies"]["concerns"], serde_json::json!(["acne scars", "fine lines"]));
    let needling = pages.iter().find(|p| p["slug"] == "needling").unwrap();
    assert!(needling["facts"]["downtime_days"].is_null());
    let devices: serde_json::Value = serde_json::from_str(&site.output("devices.json")).unwrap();
    assert_eq!(devices["pages"].as_array().unwrap().len(), 2);
}
