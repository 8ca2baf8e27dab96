//! Prose citations and the source list, on the `citations` fixture: every
//! marker links to its source and every source back to its markers, numbers
//! follow `references`, tiers link to the policy page, DOI and PMID links,
//! and `[@…]` stays text in code, link text and escapes.

use crate::site_test::{SiteTest, attrs, texts};
use scraper::{Html, Selector};

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("citations");
    let out = site.build_ok(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().is_empty(), "the citations fixture builds without warnings:\n{stderr}");
    site
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn every_marker_resolves_to_its_source_and_back() {
    let site = built();
    let doc = site.page("articles/peels/index.html");
    let markers = select(&doc, "sup.cite a");
    assert_eq!(markers.len(), 12);
    let keys = ["nhs", "trial", "review", "clinic.site"];
    for marker in &markers {
        let href = marker.value().attr("href").unwrap();
        let key = href.strip_prefix("#ref-").unwrap();
        let number = keys.iter().position(|k| *k == key).unwrap() + 1;
        let entries = select(&doc, &format!("ol.references > li[id=\"ref-{key}\"]"));
        assert_eq!(entries.len(), 1, "{href} has one source entry");
        let text: String = marker.text().collect();
        assert_eq!(text.trim_matches(['[', ']']), number.to_string(), "{href} shows its position");
        let id = marker.value().attr("id").unwrap();
        assert!(id.starts_with(&format!("cite-{key}-")), "{id}");
        // The entry links back to this marker.
        let back = select(&doc, &format!("li[id=\"ref-{key}\"] a.cite-back[href=\"#{id}\"]"));
        assert_eq!(back.len(), 1, "{id} has a back-link");
        let label = marker.value().attr("aria-label").unwrap();
        assert!(label.starts_with(&format!("Source {number}: ")), "{label}");
    }
    // Every back-link lands on a marker.
    for back in select(&doc, "a.cite-back") {
        let target = back.value().attr("href").unwrap().trim_start_matches('#').to_string();
        assert_eq!(select(&doc, &format!("sup.cite a[id=\"{target}\"]")).len(), 1, "{target}");
    }
    assert_eq!(
        attrs(&doc, "li#ref-nhs a.cite-back", "aria-label"),
        ["Back to citation 1", "Back to citation 2", "Back to citation 3", "Back to citation 4"]
    );
    // A source cited several times is lettered back to each citation; once, one arrow.
    assert_eq!(texts(&doc, "li#ref-nhs a.cite-back"), ["a", "b", "c", "d"]);
    for entry in select(&doc, "ol.references > li") {
        let backs = select_in_all(&entry, "a.cite-back");
        if backs.len() == 1 {
            assert_eq!(backs[0].text().collect::<String>(), "↩");
        }
    }
    // The marker sits on the word before it: no space between them.
    for sup in select(&doc, "sup.cite") {
        let before = sup.prev_sibling().and_then(|n| n.value().as_text().map(|t| t.to_string())).unwrap_or_default();
        assert!(!before.ends_with(' '), "a space before a citation marker: {before:?}");
    }
    // One citation of two sources: one <sup>, two links.
    let first_multi = select(&doc, "sup.cite").into_iter().find(|s| select_in(s, "a") == 2).unwrap();
    assert_eq!(first_multi.text().collect::<String>(), "[2, 3]");
    assert_eq!(
        attrs(&doc, "sup.cite a", "id")[..3],
        ["cite-nhs-1".to_string(), "cite-trial-1".to_string(), "cite-review-1".to_string()]
    );
}

fn select_in(element: &scraper::ElementRef<'_>, css: &str) -> usize {
    element.select(&Selector::parse(css).unwrap()).count()
}

#[test]
fn the_source_list_shows_tiers_identifiers_and_the_policy_link() {
    let site = built();
    let doc = site.page("articles/peels/index.html");
    assert_eq!(attrs(&doc, "ol.references > li", "id"), ["ref-nhs", "ref-trial", "ref-review", "ref-clinic.site"]);
    let tiers = texts(&doc, "ol.references .source-tier");
    assert_eq!(tiers[0], "Authoritative source: Health services, professional bodies and peer-reviewed research");
    assert_eq!(texts(&doc, "ol.references .source-tier .visually-hidden").len(), 4);
    let policy = attrs(&doc, "ol.references .source-tier a", "href");
    assert_eq!(policy, vec!["/docs/guides/sources/#how-we-rate-sources".to_string(); 4]);
    let guide = site.page("guides/sources/index.html");
    assert_eq!(attrs(&guide, "h2#how-we-rate-sources", "id").len(), 1);
    assert_eq!(
        attrs(&doc, "ol.references a.source-id", "href"),
        [
            "https://doi.org/10.1111/j.1524-4725.2010.01234.x",
            "https://pubmed.ncbi.nlm.nih.gov/20725554/",
            "https://doi.org/10.1001/jamaderm.2019.0001",
        ]
    );
    assert_eq!(texts(&doc, "li#ref-trial > a")[0], "A trial of <glycolic> peels");
}

#[test]
fn markers_stay_text_in_code_links_and_escapes_and_leave_other_syntax_alone() {
    let site = built();
    let doc = site.page("articles/peels/index.html");
    let codes = texts(&doc, ".article-body code");
    assert!(codes.contains(&"[@nhs]".to_string()), "{codes:?}");
    assert!(codes.iter().any(|c| c.contains("[@trial] in a code block")), "{codes:?}");
    assert!(texts(&doc, ".article-body a").contains(&"a link [@nhs]".to_string()));
    assert!(texts(&doc, ".article-body li").iter().any(|t| t.contains("to show [@nhs] as it is")));
    // Glossary first mention, wiki link and footnote next to citations.
    assert_eq!(attrs(&doc, ".article-body a.gloss-term", "href"), ["/docs/glossary/dermis/"]);
    assert!(texts(&doc, ".article-body a").contains(&"Dermis".to_string()));
    assert_eq!(attrs(&doc, ".article-body sup.footnote-reference a", "href"), ["#fn-healing"]);
    assert_eq!(select(&doc, ".footnote-definition sup.cite a").len(), 1);
    // Citations in a list item and a table.
    assert_eq!(select(&doc, ".article-body li sup.cite").len(), 1);
    assert_eq!(select(&doc, ".article-body td sup.cite").len(), 2);
    // No raw marker anywhere readers or machines read plain text.
    let description = attrs(&doc, "meta[name=description]", "content");
    assert_eq!(description, ["What peels do, and what the research says."]);
    let index = search_docs_text(&site);
    // Only what readers see as text keeps `[@`: the escaped `\[@nhs]` and
    // its code span, the code span and link text in one sentence, and the
    // code block; no citation marker.
    assert_eq!(index.matches("[@").count(), 5, "{index}");
    assert_eq!(index.matches("[@trial").count(), 1, "only the code block's: {index}");
    assert!(!index.contains("skin [@nhs]"), "{index}");
    let feed = site.output("atom.xml");
    assert!(!feed.contains("[@"), "{feed}");
    let tips = texts(&doc, ".gloss-tip");
    assert!(tips.iter().all(|t| !t.contains("[@")), "{tips:?}");
}

#[test]
fn citation_pages_pass_the_nu_html_checker() {
    if crate::site_test::skip_nu_checker() {
        return;
    }
    let site = built();
    crate::site_test::assert_passes_nu_checker(&site.root.join("public"));
}

fn select_in_all<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element.select(&Selector::parse(css).unwrap()).collect()
}

/// Every search document's JSON, joined.
fn search_docs_text(site: &SiteTest) -> String {
    let dir = site.root.join("public/search/d");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect::<Vec<_>>().join("\n")
}
