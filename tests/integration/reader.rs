//! Issue 9, second half: what readers find on the bundled site (parsed HTML).
//! The interactive parts are checked in Chromium by tests/browser/reader_checks.mjs.

use crate::site_test::{SiteTest, attrs, texts, value_text, value_texts};

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

fn table_cells(doc: &scraper::Html, selector: &str) -> Vec<Vec<String>> {
    let rows = scraper::Selector::parse(&format!("{selector} tbody tr")).unwrap();
    let cells = scraper::Selector::parse("th, td").unwrap();
    doc.select(&rows).map(|r| r.select(&cells).map(value_text).collect()).collect()
}

#[test]
fn units_are_singular_for_one_and_written_once() {
    let site = bundled_built();
    let doc = site.page("methods/botulinum-toxin/index.html");
    let labels = texts(&doc, ".facts-card dt");
    let values = value_texts(&doc, ".facts-card dd");
    let sessions = labels.iter().position(|l| l == "Sessions usually needed").unwrap();
    assert_eq!(values[sessions], "1 session", "not \"1 sessions\"");
    let table = site.page("compare/all-methods/index.html");
    let headers = texts(&table, "thead th");
    assert!(headers.contains(&"Downtime".to_string()), "{headers:?}");
    assert!(headers.iter().all(|h| !h.contains('(')), "the unit is in the cells, not also in the header: {headers:?}");
    for row in table_cells(&table, ".compare-table") {
        for cell in &row {
            assert!(!cell.starts_with("1 sessions") && !cell.starts_with("1 days"), "{row:?}");
        }
    }
    let pair = site.page("compare/chemical-peels-vs-dermabrasion/index.html");
    assert!(texts(&pair, "tbody th").contains(&"Downtime".to_string()));
}

#[test]
fn a_missing_list_shows_nothing_rather_than_no_reliable_figure() {
    let site = bundled_built();
    let doc = site.page("glossary/collagen/index.html");
    assert!(texts(&doc, ".facts-card").is_empty(), "a term without aliases has no facts card");
    assert!(!site.output("glossary/collagen/index.html").contains("No reliable figure"));
    // A term with aliases still shows them.
    let doc = site.page("glossary/actinic-keratosis/index.html");
    assert_eq!(texts(&doc, ".facts-card dt"), ["Also called"]);
}

#[test]
fn enum_list_and_term_values_start_with_a_capital() {
    let site = bundled_built();
    let table = site.page("compare/all-methods/index.html");
    let kinds = attrs(&table, ".compare-table tbody tr:first-child td", "class");
    for row in table_cells(&table, ".compare-table") {
        for (cell, kind) in row[1..].iter().zip(&kinds) {
            if ["cell-enum", "cell-list", "cell-taxonomy"].contains(&kind.as_str()) {
                let first = cell.chars().next().unwrap();
                assert!(first.is_uppercase(), "{kind} cell {cell:?} in {row:?}");
            }
        }
    }
    let doc = site.page("methods/dermabrasion/index.html");
    let values = value_texts(&doc, ".facts-card dd");
    assert_eq!(values[0], "Minimally invasive");
    assert!(values[1].starts_with("✓ Epidermis✓ Papillary dermis"), "the depth diagram's labels: {values:?}");
    // Filter values stay as written, so filtering matches the data.
    assert!(attrs(&table, "td.cell-enum", "data-values").iter().any(|v| v == "minimally invasive"));
}

#[test]
fn scales_show_dots_and_text_in_cards_tables_and_pairs() {
    let site = bundled_built();
    for (rel, selector) in [
        ("methods/dermabrasion/index.html", ".facts-card .fact-scale dd"),
        ("compare/all-methods/index.html", "td.cell-scale"),
        ("compare/chemical-peels-vs-dermabrasion/index.html", ".pair-table td"),
    ] {
        let doc = site.page(rel);
        let cells = texts(&doc, selector);
        assert!(cells.iter().any(|c| c.starts_with("●●●●○ 4 of 5")), "{rel}: {cells:?}");
        assert!(
            !attrs(&doc, ".scale[aria-hidden=true]", "class").is_empty(),
            "{rel}: the dots are hidden from screen readers"
        );
    }
}

#[test]
fn tables_say_how_ranges_sort() {
    let site = bundled_built();
    let doc = site.page("compare/non-surgical/index.html");
    assert_eq!(
        texts(&doc, ".compare .table-note"),
        ["Ranges sort by their lowest figure, then their highest (0–21 comes before 1–3)."]
    );
    let downtime: Vec<String> = table_cells(&doc, ".compare-table").iter().map(|r| r[4].clone()).collect();
    let first_nonzero = downtime.iter().position(|d| d.starts_with('1')).unwrap();
    assert!(downtime[..first_nonzero].iter().all(|d| d.starts_with('0')), "{downtime:?}");
}

#[test]
fn every_page_has_a_favicon_and_theme_colours() {
    let site = bundled_built();
    assert!(site.output("favicon.svg").starts_with("<svg"), "the icon is a local SVG");
    for rel in PAGE_TYPES {
        let doc = site.page(rel);
        assert_eq!(attrs(&doc, "link[rel=icon]", "href"), ["/favicon.svg"], "{rel}");
        assert_eq!(attrs(&doc, "meta[name=theme-color]", "media").len(), 2, "{rel}: light and dark");
    }
}

#[test]
fn the_table_script_is_loaded_only_by_pages_with_a_table() {
    let site = bundled_built();
    let public = site.root.join("public");
    let mut with_table = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let has_table = !attrs(&doc, "[data-compare]", "class").is_empty();
        let loads = attrs(&doc, "script[src]", "src").iter().any(|s| s.ends_with("/compare.js"));
        assert_eq!(has_table, loads, "{}", entry.path().display());
        let has_tips = !attrs(&doc, ".gloss-tip", "id").is_empty();
        let loads_tips = attrs(&doc, "script[src]", "src").iter().any(|s| s.ends_with("/tooltips.js"));
        assert_eq!(has_tips, loads_tips, "tooltips.js: {}", entry.path().display());
        with_table += usize::from(has_table);
    }
    assert!(with_table >= 5, "{with_table} pages with tables");
}

#[test]
fn the_disclaimer_and_footer_come_from_site_toml() {
    let site = bundled_built();
    let doc = site.page("methods/chemical-peels/index.html");
    let disclaimer = texts(&doc, ".disclaimer");
    assert_eq!(disclaimer.len(), 1);
    assert!(disclaimer[0].starts_with("Medical disclaimer. This page explains treatments"), "{disclaimer:?}");
    assert!(disclaimer[0].contains("such as a dermatologist or plastic surgeon"), "{disclaimer:?}");
    assert_eq!(attrs(&doc, ".disclaimer", "aria-label"), ["Medical disclaimer"]);
    assert!(texts(&doc, ".site-footer p")[0].contains("not medical advice"));

    // A site made by `dermis init` is told nothing about skin or doctors.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dermis"))
        .args(["init", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_dermis")).args(["build"]).current_dir(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let article = std::fs::read_to_string(root.join("public/articles/first-article/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&article);
    assert_eq!(
        texts(&doc, ".disclaimer"),
        [
            "Note. This article explains its subject in general terms, from the sources it lists. Check them before relying on it."
        ]
    );
    for word in ["dermatolog", "medical", "skin", "clinician", "treatment"] {
        for file in walkdir::WalkDir::new(root.join("public")).into_iter().filter_map(Result::ok) {
            if file.path().extension().is_some_and(|x| x == "html") {
                let doc = scraper::Html::parse_document(&std::fs::read_to_string(file.path()).unwrap());
                let text = texts(&doc, "body").concat().to_lowercase();
                assert!(!text.contains(word), "{} says {word:?}", file.path().display());
            }
        }
    }
}

#[test]
fn articles_link_to_the_tables_they_appear_in_and_their_side_by_side_pages() {
    let site = bundled_built();
    let doc = site.page("methods/chemical-peels/index.html");
    assert_eq!(
        attrs(&doc, ".in-comparisons .comparison-links a", "href"),
        ["/compare/all-methods/", "/compare/non-surgical/", "/compare/resurfacing/"]
    );
    let pairs = attrs(&doc, ".in-comparisons .pair-links a", "href");
    assert_eq!(pairs.len(), 4, "{pairs:?}");
    assert!(pairs.contains(&"/compare/chemical-peels-vs-dermabrasion/".to_string()));
    assert!(texts(&doc, ".in-comparisons .pair-links a").contains(&"Chemical peels vs Dermabrasion".to_string()));
    // Surgery is in the table of every method only, and in no pair.
    let doc = site.page("methods/facelift/index.html");
    assert_eq!(attrs(&doc, ".in-comparisons .comparison-links a", "href"), ["/compare/all-methods/"]);
    assert!(attrs(&doc, ".in-comparisons .pair-links a", "href").is_empty());
    // Guides are in no comparison: no section.
    assert!(texts(&site.page("guides/choosing-a-treatment/index.html"), ".in-comparisons").is_empty());
}

#[test]
fn the_home_page_is_an_entry_point() {
    let site = bundled_built();
    let doc = site.page("index.html");
    let headings = texts(&doc, "main h2");
    let expected = ["What would you like to improve?", "Treatment methods by approach", "Comparisons", "Guides"];
    assert_eq!(headings[..4], expected, "{headings:?}");
    // Every concern, with its short description from site.toml.
    let concerns = texts(&doc, ".home-terms li a");
    assert_eq!(concerns.len(), 15, "{concerns:?}");
    assert_eq!(concerns[0], "Fine lines", "site.toml order, with a capital");
    let described = texts(&doc, ".home-terms li p");
    assert_eq!(described.len(), 15);
    assert!(described[0].starts_with("Thin, shallow lines"), "{described:?}");
    // Every treatment once, grouped by approach from topical to surgical.
    assert_eq!(texts(&doc, ".home-groups h3"), ["Topical", "Non-invasive", "Minimally invasive", "Surgical"]);
    let treatments = attrs(&doc, ".home-groups li a", "href");
    assert_eq!(treatments.len(), 29);
    assert!(treatments.iter().all(|t| t.starts_with("/methods/")));
    let mut unique = treatments.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 29);
    assert_eq!(
        attrs(&doc, ".home-compare li a", "href"),
        ["/compare/all-methods/", "/compare/non-surgical/", "/compare/resurfacing/"]
    );
    assert_eq!(attrs(&doc, ".home-guides li a", "href").len(), 6);
}

#[test]
fn concern_descriptions_show_on_the_concerns_index_and_term_pages() {
    let site = bundled_built();
    let doc = site.page("concerns/index.html");
    let items = texts(&doc, ".term-list li p");
    assert_eq!(items.len(), 15);
    let term = site.page("concerns/acne-scars/index.html");
    assert_eq!(texts(&term, ".term-description"), ["Marks, pits or raised areas left in the skin after acne."]);
}

#[test]
fn articles_open_with_their_first_paragraph_and_link_their_headings() {
    let site = bundled_built();
    let doc = site.page("methods/chemical-peels/index.html");
    // The opening paragraph comes before the facts card and the contents.
    let order: Vec<String> = attrs(&doc, "article.article > *", "class");
    let intro = order.iter().position(|c| c.contains("article-intro")).unwrap();
    let card = order.iter().position(|c| c.contains("facts-card")).unwrap();
    let toc = order.iter().position(|c| c.contains("toc")).unwrap();
    assert!(intro < card && card < toc, "{order:?}");
    assert!(texts(&doc, ".article-intro p")[0].starts_with("A chemical peel wounds the skin"));
    assert_eq!(texts(&doc, ".toc h2"), ["On this page"]);
    assert_eq!(attrs(&doc, "article.with-toc", "class").len(), 1);
    let ids = attrs(&doc, ".article-body h2[id]", "id");
    let anchors = attrs(&doc, ".article-body h2[id] > a.heading-link", "href");
    assert_eq!(anchors, ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>());
    assert!(texts(&doc, ".article-body h2").contains(&"What it is".to_string()), "the heading text is unchanged");
}

#[test]
fn backlinks_show_five_with_the_rest_behind_a_disclosure_and_titles_not_slugs() {
    let site = bundled_built();
    let doc = site.page("methods/chemical-peels/index.html");
    let shown = texts(&doc, ".backlinks > ul > li > a");
    let more = texts(&doc, ".backlinks details.backlinks-more li > a");
    assert_eq!(shown.len(), 5);
    assert!(more.len() >= 20, "{}", more.len());
    assert_eq!(texts(&doc, ".backlinks summary"), [format!("{} more pages link here", more.len())]);
    // `[[dermabrasion]]` reads as the page's title in the quoted sentence,
    // and the citation after it leaves no gap before the full stop.
    let doc = site.page("methods/dermabrasion/index.html");
    let quotes = texts(&doc, ".backlinks blockquote");
    let quote =
        "Despite the shared name, it is far gentler than Dermabrasion, which sands the skin down into the dermis.";
    assert!(quotes.iter().any(|q| q == quote), "{quotes:?}");
    assert!(quotes.iter().all(|q| !q.contains("[@") && !q.contains(" .")), "{quotes:?}");
}

#[test]
fn depth_facts_draw_the_layers_reached_in_cards_and_tables() {
    let site = bundled_built();
    let doc = site.page("methods/dermabrasion/index.html");
    assert_eq!(
        attrs(&doc, ".facts-card svg.depth[role=img]", "aria-label"),
        ["Skin layers reached: Epidermis, papillary dermis, reticular dermis (3 of 4 layers, from the surface down)"]
    );
    assert_eq!(attrs(&doc, ".facts-card svg.depth rect.reached", "class").len(), 3);
    assert_eq!(attrs(&doc, ".facts-card svg.depth rect.not-reached", "class").len(), 1);
    // Chemical peels draw one diagram per variant: light, medium, deep.
    let peels = site.page("methods/chemical-peels/index.html");
    let depths = attrs(&peels, ".facts-card svg.depth[role=img]", "aria-label");
    assert_eq!(depths.len(), 3, "{depths:?}");
    assert!(depths[0].contains("(1 of 4 layers") && depths[2].contains("(3 of 4 layers"), "{depths:?}");
    let table = site.page("compare/all-methods/index.html");
    let cells = attrs(&table, "td.cell-list svg.depth-cell", "aria-label");
    assert_eq!(
        cells.len(),
        33,
        "one diagram per row: 29 treatments; chemical peels as three variants, facial implants and home devices as two"
    );
    let facelift = site.page("methods/facelift/index.html");
    let label = attrs(&facelift, ".facts-card svg.depth", "aria-label");
    assert!(label[0].contains("Deeper: SMAS/muscle/fat") || label[0].contains("deeper: SMAS/muscle/fat"), "{label:?}");
    // Without `depth = true` a list is text only.
    let full = SiteTest::from_fixture("full");
    full.build_ok(&[]);
    assert!(attrs(&full.page("methods/alpha/index.html"), "svg.depth", "class").is_empty());
}
