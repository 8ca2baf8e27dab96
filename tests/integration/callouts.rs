//! GitHub alerts (`> [!CAUTION]` …) as accessible asides, on the
//! `callouts` fixture site.

use crate::site_test::{SiteTest, attrs, texts};
use scraper::Selector;

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("callouts");
    let out = site.build_ok(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "the callouts fixture has warnings:\n{stderr}");
    site
}

#[test]
fn alerts_are_asides_named_by_their_visible_label() {
    let site = built();
    let doc = site.page("guides/callouts/index.html");
    let classes = attrs(&doc, ".article-body aside", "class");
    assert_eq!(
        classes,
        [
            "callout callout-caution",
            "callout callout-warning",
            "callout callout-important",
            "callout callout-note",
            "callout callout-tip",
            "callout callout-caution"
        ]
    );
    // Labels from site.toml [callouts], defaults for the rest.
    let labels = texts(&doc, ".article-body aside > p.callout-label:first-child");
    assert_eq!(labels, ["Get help now", "Warning", "Important", "Good to know", "Tip", "Get help now"]);
    // Each aside is labelled by its own label, whose id is unique on the page.
    let ids = attrs(&doc, ".callout-label", "id");
    let named_by = attrs(&doc, "aside.callout", "aria-labelledby");
    assert_eq!(ids, named_by);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    let all_ids = attrs(&doc, "[id]", "id");
    for id in &ids {
        assert_eq!(all_ids.iter().filter(|i| *i == id).count(), 1, "id {id} is used twice");
    }
    // The body follows the label, inside the aside; the marker is gone.
    let caution = Selector::parse("aside.callout-caution").unwrap();
    let first = doc.select(&caution).next().unwrap();
    let paragraphs: Vec<String> =
        first.select(&Selector::parse("p").unwrap()).map(|p| p.text().collect::<String>()).collect();
    assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
    assert!(paragraphs[1].starts_with("Call 999"), "{paragraphs:?}");
    assert!(!doc.root_element().html().contains("[!CAUTION]"));
    assert!(attrs(&doc, "script", "src").iter().all(|s| !s.contains("callout")));
}

#[test]
fn a_plain_blockquote_is_still_a_blockquote() {
    let site = built();
    let doc = site.page("guides/callouts/index.html");
    assert_eq!(texts(&doc, ".article-body blockquote"), ["A plain quote stays a quote."]);
    assert!(attrs(&doc, ".article-body blockquote", "class").is_empty());
    assert_eq!(texts(&doc, ".article-body blockquote p"), ["A plain quote stays a quote."]);
}

#[test]
fn callout_labels_in_site_toml_are_checked() {
    let site = SiteTest::from_fixture("callouts");
    site.replace("site.toml", "note = \"Good to know\"", "notes = \"Good to know\"");
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("unknown key `notes` in [callouts]") && stderr.contains("did you mean `note`?"),
        "{stderr}"
    );
}
