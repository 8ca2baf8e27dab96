//! The search index as files (the manifest in the search page, vocabulary
//! shards, postings, document texts, facets) and the search page without
//! JavaScript, on the `search` fixture. What readers get from a query is
//! checked in Chromium (`browser::search_*`).

use crate::site_test::{SiteTest, attrs, texts};
use serde_json::Value;

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("search");
    let out = site.build_ok(&[]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    site
}

fn manifest(site: &SiteTest) -> Value {
    let page = site.page("search/index.html");
    let sel = scraper::Selector::parse("script#dermis-search-manifest").unwrap();
    let script = page.select(&sel).next().expect("the search page embeds its manifest");
    assert_eq!(script.value().attr("type"), Some("application/json"));
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

/// Vocabulary entries of every shard: stem → (shown form, shard, offset, count).
fn vocabulary(site: &SiteTest, manifest: &Value) -> Vec<(String, Value, u64, u64, u64)> {
    let mut out = Vec::new();
    for key in manifest["vocabulary"].as_array().unwrap() {
        let key = key.as_str().unwrap();
        let flat: Value = serde_json::from_str(&site.output(&format!("search/v/{key}.json"))).unwrap();
        let flat = flat.as_array().unwrap();
        assert_eq!(flat.len() % 5, 0);
        for e in flat.chunks(5) {
            let stem = e[0].as_str().unwrap().to_string();
            assert!(stem.starts_with(key), "{stem} is in the shard of {key}");
            out.push((stem, e[1].clone(), e[2].as_u64().unwrap(), e[3].as_u64().unwrap(), e[4].as_u64().unwrap()));
        }
    }
    out
}

/// The documents (id, weight) of one stem, decoded as search.js does.
fn postings(site: &SiteTest, manifest: &Value, stem: &str) -> Vec<(u64, u8)> {
    let vocab = vocabulary(site, manifest);
    let Some((_, _, shard, offset, count)) = vocab.iter().find(|e| e.0 == stem) else { return Vec::new() };
    let bytes = std::fs::read(site.root.join(format!("public/search/p/{shard}.bin"))).unwrap();
    let mut at = *offset as usize;
    let mut doc = 0u64;
    let mut out = Vec::new();
    for i in 0..*count {
        let (mut delta, mut shift) = (0u64, 0);
        loop {
            let b = bytes[at];
            at += 1;
            delta |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        doc = if i == 0 { delta } else { doc + delta };
        out.push((doc, bytes[at]));
        at += 1;
    }
    out
}

fn doc(site: &SiteTest, id: u64) -> Value {
    serde_json::from_str(&site.output(&format!("search/d/{id}.json"))).unwrap()
}

fn doc_id(site: &SiteTest, manifest: &Value, url: &str) -> u64 {
    let n = manifest["docs"].as_u64().unwrap();
    (0..n).find(|&i| doc(site, i)["u"] == url).unwrap_or_else(|| panic!("no document for {url}"))
}

#[test]
fn every_page_concern_and_comparison_is_a_document_with_its_type() {
    let site = built();
    let m = manifest(&site);
    let n = m["docs"].as_u64().unwrap();
    let urls: Vec<String> = (0..n).map(|i| doc(&site, i)["u"].as_str().unwrap().to_string()).collect();
    for url in [
        "/methods/facelift/",
        "/methods/skin-peeling/",
        "/glossary/neurotoxin/",
        "/guides/choosing/",
        "/concerns/fine-lines/",
        "/compare/all/",
        "/compare/facelift-vs-laser-resurfacing/",
    ] {
        assert!(urls.contains(&url.to_string()), "{url} is searchable: {urls:?}");
    }
    assert!(!urls.contains(&"/".to_string()), "the home page is not a result");
    let labels: Vec<&str> = m["kinds"].as_array().unwrap().iter().map(|k| k["label"].as_str().unwrap()).collect();
    let kind_of = |url: &str| {
        let d = doc(&site, doc_id(&site, &m, url));
        labels[d["k"].as_u64().unwrap() as usize].to_string()
    };
    assert_eq!(kind_of("/methods/facelift/"), "Treatment");
    assert_eq!(kind_of("/glossary/neurotoxin/"), "Glossary");
    assert_eq!(kind_of("/guides/choosing/"), "Guide");
    assert_eq!(kind_of("/concerns/fine-lines/"), "Concern");
    assert_eq!(kind_of("/compare/all/"), "Comparison", "the built-in label of comparisons");
    // Treatments come first among equals: documents are ordered by kind.
    let first = doc(&site, 0);
    assert_eq!(labels[first["k"].as_u64().unwrap() as usize], "Treatment");
}

#[test]
fn the_whole_body_is_indexed_and_kept_for_snippets() {
    let site = built();
    let m = manifest(&site);
    let peeling = doc_id(&site, &m, "/methods/skin-peeling/");
    // "Zephyrine" comes after some 1,000 words.
    let found = postings(&site, &m, "zephyrin");
    assert_eq!(found.iter().map(|p| p.0).collect::<Vec<_>>(), [peeling]);
    let d = doc(&site, peeling);
    let sections = d["s"].as_array().unwrap();
    assert_eq!(sections.iter().map(|s| s[0].as_str().unwrap()).collect::<Vec<_>>(), ["What happens", "Products"]);
    assert_eq!(sections[1][1], "products", "each section carries its heading's id");
    assert!(sections[1][2].as_str().unwrap().contains("Zephyrine, is named only here"));
    assert!(!sections[0][2].as_str().unwrap().contains("What happens"), "headings are not repeated in the text");
}

#[test]
fn stems_stop_words_and_field_weights_are_in_the_postings() {
    let site = built();
    let m = manifest(&site);
    let vocab = vocabulary(&site, &m);
    let stems: Vec<&str> = vocab.iter().map(|e| e.0.as_str()).collect();
    assert!(stems.contains(&"wrinkl") && !stems.contains(&"wrinkles"), "words are stemmed");
    for stop in ["the", "and", "how", "is"] {
        assert!(!stems.contains(&stop), "{stop} is a stop word");
    }
    assert!(m["stopWords"].as_array().unwrap().iter().any(|w| w == "how"), "the page knows the stop words");
    let mut sorted = stems.clone();
    sorted.sort_unstable();
    assert_eq!(stems, sorted, "shards hold stems in order");
    // A stem shows the commonest form of it.
    let recovery = vocab.iter().find(|e| e.0 == "recoveri").unwrap();
    assert_eq!(recovery.1, "recovery");
    // "laser" in a title outweighs "laser" twice in a body.
    let laser = postings(&site, &m, "laser");
    let weight = |url: &str| laser.iter().find(|p| p.0 == doc_id(&site, &m, url)).map(|p| p.1).unwrap();
    assert!(weight("/methods/laser-resurfacing/") > weight("/methods/facelift/"), "{laser:?}");
    // Hyphenated compounds are also indexed joined.
    assert!(stems.iter().any(|s| s.starts_with("minimallyinvas")) || stems.contains(&"minim"), "{stems:?}");
}

#[test]
fn other_names_and_synonyms_reach_the_page() {
    let site = built();
    let m = manifest(&site);
    let injections = doc_id(&site, &m, "/methods/wrinkle-injections/");
    assert_eq!(doc(&site, injections)["n"], serde_json::json!(["Relaxo"]));
    let relaxo = postings(&site, &m, "relaxo");
    assert_eq!(relaxo.len(), 1);
    assert_eq!(relaxo[0].0, injections);
    let synonyms = m["synonyms"].as_array().unwrap();
    assert!(synonyms.contains(&serde_json::json!(["price", ["cost"]])), "{synonyms:?}");
    assert!(synonyms.contains(&serde_json::json!(["crow's feet", ["lines around the eyes"]])));
    // Other names stand for the title in other pages' text.
    assert!(synonyms.contains(&serde_json::json!(["Relaxo", ["Wrinkle injections"]])));
    assert!(synonyms.contains(&serde_json::json!(["nerve blocker", ["Neurotoxin"]])));
}

#[test]
fn facets_are_bitmaps_of_enum_facts_and_taxonomies() {
    let site = built();
    let m = manifest(&site);
    let facets = m["facets"].as_array().unwrap();
    assert_eq!(facets.iter().map(|f| f["label"].as_str().unwrap()).collect::<Vec<_>>(), ["Approach", "Skin concerns"]);
    let n = m["docs"].as_u64().unwrap() as usize;
    let bytes = std::fs::read(site.root.join("public/search/facets.bin")).unwrap();
    let row = n.div_ceil(8);
    let values: Vec<&str> =
        facets.iter().flat_map(|f| f["values"].as_array().unwrap().iter().map(|v| v.as_str().unwrap())).collect();
    assert_eq!(bytes.len(), row * values.len());
    let has = |value: &str, url: &str| {
        let r = values.iter().position(|v| *v == value).unwrap();
        let d = doc_id(&site, &m, url) as usize;
        bytes[r * row + d / 8] >> (d % 8) & 1 == 1
    };
    assert!(has("surgical", "/methods/facelift/"));
    assert!(!has("surgical", "/methods/skin-peeling/"));
    assert!(has("dark spots", "/methods/skin-peeling/"));
    assert!(!has("dark spots", "/methods/facelift/"));
}

#[test]
fn without_javascript_the_search_page_lists_every_page_a_to_z() {
    let site = built();
    let page = site.page("search/index.html");
    assert_eq!(attrs(&page, "#dermis-search", "hidden"), [""], "the results region waits for the script");
    assert_eq!(texts(&page, ".a-z-letters a"), ["A", "C", "D", "F", "G", "L", "N", "S", "T", "W"]);
    let entries = texts(&page, ".a-z-list li a");
    for title in
        ["Facelift", "Skin peeling", "Neurotoxin", "Choosing a treatment", "Fine lines", "All treatments compared"]
    {
        assert!(entries.contains(&title.to_string()), "{title} in A–Z: {entries:?}");
    }
    assert!(!entries.iter().any(|e| e.contains(" vs ")), "A-vs-B pages stay out of the list: {entries:?}");
    let mut sorted = entries.clone();
    sorted.sort_by_key(|e| e.to_lowercase());
    assert_eq!(entries, sorted);
    assert!(attrs(&page, "a", "href").iter().all(|h| !h.contains("sitemap")), "no reader is sent to sitemap.xml");
    assert_eq!(texts(&page, "#a-z-f + ul .a-z-kind"), ["Treatment", "Concern"]);
}

#[test]
fn the_header_box_of_every_page_submits_to_the_search_page() {
    let site = built();
    for rel in ["methods/facelift/index.html", "glossary/neurotoxin/index.html", "index.html"] {
        let page = site.page(rel);
        assert_eq!(attrs(&page, "form.site-search", "action"), ["/search/"], "{rel}");
        assert_eq!(attrs(&page, "form.site-search input", "name"), ["q"], "{rel}");
    }
}

#[test]
fn search_can_be_turned_off() {
    let site = SiteTest::from_fixture("search");
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    std::fs::write(site.root.join("site.toml"), config.replace("[search]\n", "[search]\nenabled = false\n")).unwrap();
    site.build_ok(&[]);
    assert!(!site.root.join("public/search").exists());
    let page = site.page("methods/facelift/index.html");
    assert!(texts(&page, "form.site-search").is_empty(), "no search box without a search page");
}

#[test]
fn the_index_is_the_same_on_every_build() {
    let a = built();
    let b = built();
    let files = |s: &SiteTest| {
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(s.root.join("public/search")) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                out.push((e.path().strip_prefix(&s.root).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()));
            }
        }
        out.sort();
        out
    };
    assert_eq!(files(&a), files(&b));
}
