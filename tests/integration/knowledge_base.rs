//! The knowledge base that ships in content/: every method article is
//! complete and sourced, every concern has a method, nothing is orphaned,
//! and no link is broken (the build itself fails on a broken link).

use crate::site_test::{METHOD_SECTIONS, SiteTest, attrs, prose_texts, texts};

fn built() -> SiteTest {
    let site = SiteTest::from_repo(&["site.toml", "content", "themes", "static", "templates"]);
    let out = site.build_ok(&[]);
    // Zero warnings: no orphan pages, no skipped links.
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    site
}

#[test]
fn every_method_article_has_its_facts_sources_and_review_date() {
    let site = built();
    let doc: serde_json::Value = serde_json::from_str(&site.output("methods.json")).unwrap();
    let schema = doc["schema"].as_array().unwrap();
    let required: Vec<&str> =
        schema.iter().filter(|f| f["required"] == true).map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(required, ["approach", "layers", "invasiveness"]);
    let pages = doc["pages"].as_array().unwrap();
    assert!(pages.len() >= 16, "only {} method articles", pages.len());
    for page in pages {
        let slug = page["slug"].as_str().unwrap();
        for key in &required {
            assert!(!page["facts"][key].is_null(), "{slug} lacks required fact {key}");
        }
        assert!(page["reviewed"].is_string(), "{slug} has no reviewed date");
        let description = page["description"].as_str().unwrap_or_default();
        assert!(
            !description.is_empty() && description.chars().count() < 160,
            "{slug}: description must be under 160 characters"
        );
        let html = site.page(&format!("methods/{slug}/index.html"));
        let sources = attrs(&html, ".sources li > a:first-child", "href");
        assert!(sources.len() >= 2, "{slug} cites {} sources", sources.len());
        assert!(sources.iter().all(|u| u.starts_with("http")), "{slug}: a source without a URL");
        // Every source shows its tier, linked to the policy page.
        let tiers = attrs(&html, ".sources li .source-tier a", "href");
        assert_eq!(tiers.len(), sources.len(), "{slug}: a source without a tier");
        assert!(tiers.iter().all(|t| t == "/guides/how-articles-are-written/#how-we-rate-sources"), "{tiers:?}");
        let sections = texts(&html, ".article-body h2");
        for wanted in
            ["What it is", "How it works", "What it treats", "Recovery and downtime", "Risks and side effects", "Cost"]
        {
            assert!(sections.iter().any(|s| s == wanted), "{slug} lacks the section {wanted:?}");
        }
    }
}

#[test]
fn every_concern_lists_at_least_one_method() {
    let site = built();
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    let doc = site.page("concerns/index.html");
    let listed = texts(&doc, ".term-list li > a");
    for term in
        ["fine lines", "deep wrinkles", "acne scars", "volume loss", "skin laxity", "hooded upper lids/under-eye bags"]
    {
        assert!(config.contains(&format!("\"{term}\"")), "{term} is not in the controlled list");
        assert!(listed.iter().any(|l| l.to_lowercase() == term), "no method is filed under {term}");
    }
    for term_url in attrs(&doc, ".term-list li > a", "href") {
        let page = site.page(&format!("{}index.html", term_url.trim_start_matches('/')));
        assert!(!texts(&page, ".compare-table tbody th a").is_empty(), "{term_url} shows no method");
    }
}

#[test]
fn the_site_has_guides_a_glossary_and_the_promised_comparisons() {
    let site = built();
    let glossary = site.page("glossary/index.html");
    assert!(texts(&glossary, ".glossary-list dt > a").len() >= 30);
    for guide in [
        "how-skin-ages",
        "choosing-a-treatment",
        "surgical-vs-non-surgical",
        "sun-protection-and-skin-care",
        "about-this-site",
    ] {
        assert_eq!(texts(&site.page(&format!("guides/{guide}/index.html")), "article h1").len(), 1, "{guide}");
    }
    for comparison in ["all-methods", "non-surgical", "resurfacing"] {
        assert!(site.root.join(format!("public/compare/{comparison}/index.html")).is_file());
    }
    let resurfacing = site.page("compare/resurfacing/index.html");
    // Five methods, chemical peels as three variants: seven rows.
    assert_eq!(texts(&resurfacing, ".compare-table tbody th a").len(), 7);
    assert_eq!(attrs(&resurfacing, ".pair-list a", "href").len(), 10);
    let choosing = site.page("guides/choosing-a-treatment/index.html");
    assert!(texts(&choosing, ".article-body .compare-table caption").len() >= 2);
}

/// Issue 10 on the bundled site: chemical peels as three variants, every
/// fact of the three seed articles cited, urgent-care boxes where the
/// sources name emergency signs, and the editorial team as the only person.
#[test]
fn the_seed_articles_show_variants_cited_facts_and_urgent_care() {
    let site = built();
    let peels = site.page("methods/chemical-peels/index.html");
    assert_eq!(texts(&peels, ".facts-variants thead th a"), ["Light", "Medium", "Deep"]);
    let table = site.page("compare/all-methods/index.html");
    let rows = texts(&table, ".compare-table tbody th a");
    for variant in ["light", "medium", "deep"] {
        assert!(rows.contains(&format!("Chemical peels — {variant}")), "{rows:?}");
    }
    // "Anesthesia: none" no longer covers deep peels.
    let anesthesia = crate::site_test::value_texts(&peels, ".facts-variants tr.fact-enum td");
    assert!(anesthesia.iter().any(|a| a == "Sedation"), "{anesthesia:?}");
    for seed in ["chemical-peels", "dermabrasion", "ablative-laser-resurfacing"] {
        let doc = site.page(&format!("methods/{seed}/index.html"));
        assert!(texts(&doc, ".facts-card .no-source").is_empty(), "{seed}: a fact without a source");
        assert!(!texts(&doc, ".facts-card sup.cite").is_empty(), "{seed}: no fact citations");
    }
    for urgent in ["hyaluronic-acid-fillers", "botulinum-toxin", "eyelid-surgery", "facelift"] {
        let doc = site.page(&format!("methods/{urgent}/index.html"));
        let labels = texts(&doc, "aside.callout-caution .callout-label");
        assert_eq!(labels, ["Get help now"], "{urgent} has one urgent-care box");
        assert!(!texts(&doc, "aside.callout-caution sup.cite").is_empty(), "{urgent}: the urgent signs cite a source");
    }
    let names = texts(&peels, ".byline .person");
    assert!(names.iter().all(|n| n.starts_with("The dermis editorial team")), "{names:?}");
}

/// Issue 11: "Also known as" names only what the article itself says. Each
/// name is cited, and each is written in the article's prose or in the title
/// of a source it lists (outside the facts card, so the card cannot vouch for
/// itself); a name's trailing "(…)" is a gloss and is not looked for.
#[test]
fn alternative_names_are_cited_and_written_in_the_article_itself() {
    let site = built();
    let doc: serde_json::Value = serde_json::from_str(&site.output("methods.json")).unwrap();
    let mut named = Vec::new();
    for page in doc["pages"].as_array().unwrap() {
        let Some(names) = page["facts"]["also_known_as"].as_array() else { continue };
        let slug = page["slug"].as_str().unwrap();
        let html = site.page(&format!("methods/{slug}/index.html"));
        // A card's fact is a `.fact` (label `dt`), or a row of the variants'
        // table (label `th`).
        let card = scraper::Selector::parse(".facts-card .fact, .facts-card tr").unwrap();
        let label = scraper::Selector::parse("dt, th").unwrap();
        let fact = html
            .select(&card)
            .find(|f| f.select(&label).any(|dt| dt.text().collect::<String>().trim() == "Also known as"))
            .unwrap_or_else(|| panic!("{slug}: no \"Also known as\" in the facts card"));
        let cites = scraper::Selector::parse("sup.cite").unwrap();
        let unsourced = scraper::Selector::parse(".no-source").unwrap();
        assert!(fact.select(&cites).next().is_some(), "{slug}: the names cite no source");
        assert!(fact.select(&unsourced).next().is_none(), "{slug}: the names say \"No source cited\"");
        let written =
            [prose_texts(&html, ".article-body"), prose_texts(&html, ".sources")].concat().join(" ").to_lowercase();
        for name in names {
            let name = name.as_str().unwrap();
            let bare = name.split(" (").next().unwrap_or(name).to_lowercase();
            assert!(written.contains(&bare), "{slug}: {name:?} is not written in the article or its sources");
        }
        named.push(slug.to_string());
    }
    assert!(named.len() >= 10, "only {named:?} have alternative names");
    let botox = site.page("methods/botulinum-toxin/index.html");
    let values = crate::site_test::value_texts(&botox, ".facts-card .fact-list dd");
    assert!(values.iter().any(|v| v.starts_with("Botox, Dysport, Xeomin")), "{values:?}");
    // Names are for the card and search, not a comparison column.
    for table in ["all-methods", "non-surgical", "resurfacing"] {
        let headers = texts(&site.page(&format!("compare/{table}/index.html")), ".compare-table thead th");
        assert!(!headers.iter().any(|h| h == "Also known as"), "{table}: {headers:?}");
    }
}

const CARE_SECTIONS: [&str; 4] = ["Choosing a practitioner", "How to prepare", "Aftercare", "Warning signs"];

/// Methods whose care facts (../shared/content-care.md, authoritative rows)
/// name signs that need emergency care: each has a "Get help now" box.
const URGENT: [&str; 10] = [
    "botulinum-toxin",
    "hyaluronic-acid-fillers",
    "facelift",
    "eyelid-surgery",
    "fat-grafting",
    "brow-lift",
    "neck-lift",
    "deoxycholic-acid-injections",
    "skin-lightening-creams",
    "retinoids-and-skin-care",
];

/// The nine treatments of the second edition (../shared/content-new-methods.md).
const NEW_METHODS: [&str; 9] = [
    "vascular-lasers",
    "pigment-lasers",
    "photodynamic-therapy",
    "neck-lift",
    "deoxycholic-acid-injections",
    "facial-implants",
    "permanent-fillers",
    "skin-lightening-creams",
    "home-light-and-microcurrent-devices",
];

/// One `##` section of an article body: its heading and the elements up to
/// the next `##`.
struct Section<'a> {
    heading: String,
    blocks: Vec<scraper::ElementRef<'a>>,
}

impl Section<'_> {
    fn text(&self) -> String {
        self.blocks.iter().map(|b| b.text().collect::<String>()).collect::<Vec<_>>().join(" ")
    }

    fn count(&self, selector: &str) -> usize {
        let selector = scraper::Selector::parse(selector).unwrap();
        self.blocks.iter().map(|b| b.select(&selector).count() + usize::from(selector.matches(b))).sum()
    }
}

fn sections(doc: &scraper::Html) -> Vec<Section<'_>> {
    let body = scraper::Selector::parse(".article-body:not(.article-intro)").unwrap();
    let mut out: Vec<Section<'_>> = Vec::new();
    let Some(body) = doc.select(&body).next() else { return out };
    for child in body.children().filter_map(scraper::ElementRef::wrap) {
        if child.value().name() == "h2" {
            out.push(Section { heading: child.text().collect::<String>().trim().to_string(), blocks: Vec::new() });
        } else if let Some(last) = out.last_mut() {
            last.blocks.push(child);
        }
    }
    out
}

fn method_slugs(site: &SiteTest) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(&site.output("methods.json")).unwrap();
    let mut slugs: Vec<String> =
        doc["pages"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap().to_string()).collect();
    slugs.dedup();
    slugs
}

/// Issue 13: every method article has the care sections, in the house
/// order, each citing its sources; urgent signs sit in one "Get help now"
/// box inside Warning signs, citing the source that names them.
#[test]
fn every_method_has_the_care_sections_in_the_house_order() {
    let site = built();
    let slugs = method_slugs(&site);
    assert!(slugs.len() >= 29, "{} method articles", slugs.len());
    for slug in &slugs {
        let html = site.page(&format!("methods/{slug}/index.html"));
        let found = sections(&html);
        let headings: Vec<&str> = found.iter().map(|s| s.heading.as_str()).collect();
        let house: Vec<&str> = headings.iter().copied().filter(|h| METHOD_SECTIONS.contains(h)).collect();
        let mut ordered = house.clone();
        ordered.sort_by_key(|h| METHOD_SECTIONS.iter().position(|o| o == h));
        assert_eq!(house, ordered, "{slug}: sections out of the house order");
        for care in CARE_SECTIONS {
            let section = found
                .iter()
                .find(|s| s.heading == care)
                .unwrap_or_else(|| panic!("{slug} lacks the section {care:?}: {headings:?}"));
            // Sourced, or saying plainly that no source gives it.
            let says_none = section.text().contains("found no");
            assert!(section.count("sup.cite") > 0 || says_none, "{slug}: {care:?} cites no source");
        }
        for other in &found {
            if other.heading != "Warning signs" {
                assert_eq!(
                    other.count("aside.callout-caution"),
                    0,
                    "{slug}: a Get help now box in {:?}",
                    other.heading
                );
            }
        }
        let warning = found.iter().find(|s| s.heading == "Warning signs").unwrap();
        let boxes = warning.count("aside.callout-caution");
        if URGENT.contains(&slug.as_str()) {
            assert_eq!(boxes, 1, "{slug}: urgent signs need one Get help now box");
        }
        if boxes > 0 {
            assert!(warning.count("aside.callout-caution sup.cite") > 0, "{slug}: the urgent signs cite no source");
            let labels = texts(&html, "aside.callout-caution .callout-label");
            assert!(labels.iter().all(|l| l == "Get help now"), "{slug}: {labels:?}");
        }
    }
}

/// Issue 13: at least two authoritative sources per method, every source
/// tiered, and none on the site's copy/retailer denylist.
#[test]
fn every_method_rests_on_two_authoritative_sources_and_no_copy() {
    let site = built();
    let config: toml::Value = toml::from_str(&std::fs::read_to_string(site.root.join("site.toml")).unwrap()).unwrap();
    let denied: Vec<String> =
        config["sources"]["deny_domains"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().to_string()).collect();
    assert!(denied.iter().any(|d| d == "valinorcosmetics.com") && denied.iter().any(|d| d == "reference.com"));
    for slug in method_slugs(&site) {
        let html = site.page(&format!("methods/{slug}/index.html"));
        let tiers = texts(&html, ".sources li .source-tier");
        let urls = attrs(&html, ".sources li > a:first-child", "href");
        assert_eq!(tiers.len(), urls.len(), "{slug}: a source without a tier");
        let authoritative = tiers.iter().filter(|t| t.contains("Authoritative")).count();
        assert!(authoritative >= 2, "{slug}: {authoritative} authoritative sources ({tiers:?})");
        for url in &urls {
            let host = url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_default();
            let hit = denied.iter().find(|d| host == d.as_str() || host.ends_with(&format!(".{d}")));
            assert!(hit.is_none(), "{slug}: {url} is a denylisted copy or retailer");
        }
        assert!(texts(&html, ".facts-card .no-source").is_empty(), "{slug}: a fact in the card cites no source");
        let body = prose_texts(&html, ".article-body").join(" ");
        for superlative in ["best-known device", "best-known brand"] {
            assert!(!body.contains(superlative), "{slug}: unsourced superlative {superlative:?}");
        }
    }
}

/// Issue 13: the nine new treatments exist with cited facts, join their
/// concerns and the comparison of all methods, and are linked from at
/// least two other pages' text.
#[test]
fn the_new_methods_have_full_facts_and_are_linked_from_other_pages() {
    let site = built();
    let doc: serde_json::Value = serde_json::from_str(&site.output("methods.json")).unwrap();
    let pages = doc["pages"].as_array().unwrap();
    let all = site.page("compare/all-methods/index.html");
    let rows = attrs(&all, ".compare-table tbody th a", "href");
    let mut bodies = Vec::new();
    for entry in walkdir::WalkDir::new(site.root.join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let rel = entry.path().strip_prefix(site.root.join("public")).unwrap().to_string_lossy().to_string();
            if rel.starts_with("methods/") || rel.starts_with("guides/") {
                bodies.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
            }
        }
    }
    for slug in NEW_METHODS {
        let page = pages.iter().find(|p| p["slug"] == slug).unwrap_or_else(|| panic!("no method article {slug}"));
        let facts = page["facts"].as_object().unwrap();
        let known = facts.values().filter(|v| !v.is_null()).count();
        assert!(known >= 5, "{slug}: only {known} facts");
        // Facts no source gives are left out (the card says so), never guessed.
        for key in ["approach", "layers", "invasiveness"] {
            assert!(!facts[key].is_null(), "{slug} lacks {key}");
        }
        let html = site.page(&format!("methods/{slug}/index.html"));
        assert!(texts(&html, ".facts-card .no-source").is_empty(), "{slug}: a fact without a source");
        let concerns = page["taxonomies"]["concerns"].as_array().map_or(0, Vec::len);
        assert!(concerns > 0, "{slug} is filed under no concern");
        let url = format!("/methods/{slug}/");
        assert!(rows.iter().any(|r| r.starts_with(&url)), "{slug} is not in the comparison of all methods");
        let linking: Vec<&str> = bodies
            .iter()
            .filter(|(rel, text)| {
                rel != &format!("methods/{slug}/index.html") && {
                    let doc = scraper::Html::parse_document(text);
                    attrs(&doc, ".article-body a", "href").iter().any(|h| h.starts_with(&url))
                }
            })
            .map(|(rel, _)| rel.as_str())
            .collect();
        assert!(linking.len() >= 2, "{slug} is linked from {linking:?}");
    }
}

/// Issue 13: the home page describes today's site and leads to the guide
/// for choosing a treatment.
#[test]
fn the_home_page_describes_the_site_and_links_the_choosing_guide() {
    let site = built();
    let home = site.page("index.html");
    let links = attrs(&home, "main a", "href");
    assert!(links.iter().any(|l| l == "/guides/choosing-a-treatment/"), "{links:?}");
    let text = prose_texts(&home, "main").join(" ");
    assert!(!text.contains("We start with three treatments"), "the home page describes the first edition");
}
