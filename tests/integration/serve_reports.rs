//! What `serve` tells the editor besides the pages: one log line per
//! rebuild, and the dashboard at /__dermis/. Waits on printed lines and
//! build events under deadlines, never on sleeps.

use crate::serve::Server;
use crate::site_test::SiteTest;
use std::process::Command;

/// The printed line that mentions `text`.
fn printed_line(s: &Server, text: &str) -> String {
    s.wait_for_output(text);
    s.output().lines().find(|l| l.contains(text)).unwrap_or_default().to_string()
}

/// `12:04:31 rest` → `rest`, checking the time's shape.
fn after_time(line: &str) -> &str {
    let (time, rest) = line.split_once(' ').unwrap_or(("", ""));
    let parts: Vec<&str> = time.split(':').collect();
    assert!(
        parts.len() == 3 && parts.iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())),
        "the line starts with the local time HH:MM:SS: {line:?}"
    );
    rest
}

#[test]
fn each_rebuild_logs_the_time_the_changed_files_the_pages_rendered_and_the_duration() {
    let s = Server::start("compare");
    let first = printed_line(&s, "Built ");
    // "Built 11 pages, 5 sections, 3 terms in 41 ms": articles and sections are the pages of content.
    let numbers: Vec<usize> = first.split(' ').filter_map(|w| w.parse().ok()).collect();
    let content_pages = numbers[0] + numbers[1];
    let text = std::fs::read_to_string(s.path("content/methods/laser.md")).unwrap();
    s.write("content/methods/laser.md", &text.replace("no acid is used", "no acid at all"));
    let line = printed_line(&s, "content/methods/laser.md changed: ");
    let rest = after_time(&line);
    let counts = rest.strip_prefix("content/methods/laser.md changed: ").unwrap();
    let words: Vec<&str> = counts.split(' ').collect();
    assert_eq!(words.len(), 8, "{line:?}");
    assert_eq!(
        (words[1], words[3], words[4], words[5], words[7]),
        ("of", "pages", "re-rendered", "in", "ms"),
        "{line:?}"
    );
    let rendered: usize = words[0].parse().unwrap();
    assert_eq!(words[2].parse::<usize>().unwrap(), content_pages, "{line:?}");
    assert!(words[6].parse::<u64>().is_ok(), "{line:?}");
    assert!(rendered >= 1 && rendered < content_pages, "a prose edit re-renders the page, not the site: {line:?}");
    // A failed rebuild names the files and counts the errors.
    s.write("content/methods/laser.md", "+++\ntitle = \"Laser\"\n[facts]\napproach = \"lazer\"\n+++\n");
    let failed = printed_line(&s, "content/methods/laser.md changed: 1 error");
    assert_eq!(after_time(&failed), "content/methods/laser.md changed: 1 error (see the browser)");
}

#[test]
fn a_rebuild_of_many_files_names_three_and_counts_the_rest() {
    let s = Server::start("compare");
    s.wait_for_output("Built ");
    let staging = s.site.root.parent().unwrap().join("staging-log");
    std::fs::create_dir_all(&staging).unwrap();
    for i in 0..5 {
        std::fs::write(
            staging.join(format!("many-{i}.md")),
            format!("+++\ntitle = \"Many {i}\"\n+++\nSee [[peel]].\n"),
        )
        .unwrap();
    }
    for i in 0..5 {
        std::fs::rename(staging.join(format!("many-{i}.md")), s.path(&format!("content/guides/many-{i}.md"))).unwrap();
    }
    let after = s.wait_for("the last new page", |s| s.get("/guides/many-4/").0 == 200);
    // The terminal hears of a build after browsers do: wait for the line of
    // every build served since the first.
    let reported =
        |text: &str| text.lines().filter(|l| l.contains("content/guides/many-") && l.contains(" changed: ")).count();
    s.wait_for_printed("a line for each rebuild", |text| reported(text) as u64 + 1 >= after.generation);
    let output = s.output();
    // One burst may be split in two rebuilds; every line names at most three files.
    let lines: Vec<&str> =
        output.lines().filter(|l| l.contains("content/guides/many-") && l.contains(" changed: ")).collect();
    assert!(!lines.is_empty(), "{output}");
    for line in &lines {
        let named = after_time(line).split(" changed: ").next().unwrap();
        let files = named.split(" and ").next().unwrap().split(", ").count();
        assert!(files <= 3, "{line:?}");
        if files == 3 && named.contains(" and ") {
            assert!(named.ends_with(" more"), "{line:?}");
        }
    }
    assert!(lines.iter().any(|l| l.contains(" more changed: ")) || lines.len() > 1, "{output}");
}

/// The compare fixture plus a review schedule, an orphan whose review is
/// overdue, and a draft.
pub(crate) fn site_with_editorial_problems() -> SiteTest {
    let site = SiteTest::from_fixture("compare");
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", format!("{config}\n[review]\ninterval_months = 6\n"));
    site.write(
        "content/guides/lonely.md",
        "+++\ntitle = \"Lonely <guide>\"\ndescription = \"A guide nobody links to.\"\nreviewed = 2020-01-15\n+++\nIt mentions [[peel]].\n",
    );
    site.write(
        "content/guides/unfinished.md",
        "+++\ntitle = \"Unfinished\"\ndraft = true\n+++\nA draft about [[laser]].\n",
    );
    site
}

pub(crate) fn start_dashboard_server(site: SiteTest) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dermis"));
    command
        .args(["serve", "--port", "0", "--drafts"])
        .env("DERMIS_EDITOR_URL", "vscode://file/{path}:{line}:{column}")
        .env("DERMIS_TODAY", "2026-01-01");
    Server::spawn(site, command)
}

fn dashboard(s: &Server) -> scraper::Html {
    let (status, head, body) = s.get("/__dermis/");
    assert_eq!(status, 200, "{body}");
    assert!(head.to_lowercase().contains("content-type: text/html; charset=utf-8"));
    scraper::Html::parse_document(&body)
}

/// Texts of the list items of the section under heading `id`.
fn section_items(doc: &scraper::Html, id: &str) -> Vec<String> {
    let heading = scraper::Selector::parse(&format!("h2#{id}")).unwrap();
    let Some(h2) = doc.select(&heading).next() else { panic!("no section #{id}") };
    let mut items = Vec::new();
    for sibling in h2.next_siblings().filter_map(scraper::ElementRef::wrap) {
        if sibling.value().name() == "h2" {
            break;
        }
        let li = scraper::Selector::parse("li, tbody tr").unwrap();
        items.extend(sibling.select(&li).map(|e| e.text().collect::<String>()));
    }
    items
}

#[test]
fn the_dashboard_lists_warnings_drafts_orphans_and_reviews_with_links_that_work() {
    let s = start_dashboard_server(site_with_editorial_problems());
    let doc = dashboard(&s);
    let problems = section_items(&doc, "problems");
    let overdue = problems.iter().find(|p| p.contains("review overdue")).expect("the overdue review warning");
    assert!(overdue.contains("content/guides/lonely.md:4:12"), "{overdue}");
    assert!(
        problems.iter().any(|p| p.contains("orphan page") && p.contains("content/guides/lonely.md")),
        "{problems:#?}"
    );
    assert!(section_items(&doc, "drafts").iter().any(|d| d.contains("Unfinished")), "the draft is listed");
    let orphans = section_items(&doc, "orphans");
    assert!(orphans.iter().any(|o| o.contains("Lonely <guide>")), "titles are shown escaped and whole: {orphans:#?}");
    let reviews = section_items(&doc, "reviews");
    let lonely = reviews.iter().find(|r| r.contains("Lonely")).expect("the reviewed article");
    assert!(lonely.contains("2020-01-15") && lonely.contains("2020-07-15") && lonely.contains("(overdue)"), "{lonely}");
    assert!(reviews.last().is_some_and(|r| r.contains("Lonely")), "never-reviewed pages come first: {reviews:#?}");
    // Page links, and file links through the editor URL.
    let hrefs = crate::site_test::attrs(&doc, "a", "href");
    assert!(hrefs.iter().any(|h| h == "/guides/lonely/"), "{hrefs:#?}");
    assert!(hrefs.iter().any(|h| h == "/guides/unfinished/"), "the draft links to its preview");
    let editor: Vec<&String> = hrefs.iter().filter(|h| h.starts_with("vscode://file/")).collect();
    assert!(editor.iter().any(|h| h.ends_with("content/guides/lonely.md:4:12")), "{editor:#?}");
    // No link of the dashboard is broken.
    let ids = crate::site_test::attrs(&doc, "[id]", "id");
    for href in &hrefs {
        if let Some(id) = href.strip_prefix('#') {
            assert!(ids.iter().any(|i| i == id), "no #{id} on the dashboard");
        } else if href.starts_with('/') {
            assert_eq!(s.get(href).0, 200, "{href}");
        } else {
            assert!(href.starts_with("vscode://file/"), "{href}");
        }
    }
    // Served with the live-reload script, so it refreshes with the build.
    assert_eq!(crate::site_test::attrs(&doc, "script[src=\"/__dermis/live-reload.js\"]", "data-generation"), ["1"]);
    assert_eq!(s.get("/__dermis").0, 308);
    assert_eq!(s.get("/__dermis/nothing-here").0, 404);
}

#[test]
fn the_dashboard_follows_the_builds_and_shows_errors_without_the_overlay() {
    let s = start_dashboard_server(site_with_editorial_problems());
    assert!(section_items(&dashboard(&s), "orphans").iter().any(|o| o.contains("Lonely")));
    // A link to the orphan: the next build's dashboard no longer lists it.
    s.site.replace("content/guides/choosing.md", "[[surgery]]", "[[surgery]] and [[lonely]]");
    s.wait_for("the orphan to go", |s| !section_items(&dashboard(s), "orphans").iter().any(|o| o.contains("Lonely")));
    // A failed build: its errors are listed, and the dashboard is not hidden by the overlay.
    s.write("content/methods/laser.md", "+++\ntitle = \"Laser\"\n[facts]\napproach = \"lazer\"\n+++\n");
    s.wait_for("the error", |s| section_items(&dashboard(s), "problems").iter().any(|p| p.contains("lazer")));
    let doc = dashboard(&s);
    assert!(crate::site_test::texts(&doc, "#dermis-overlay").is_empty(), "no overlay on the dashboard");
    let error = section_items(&doc, "problems").into_iter().find(|p| p.contains("lazer")).unwrap();
    assert!(error.starts_with("error [facts] content/methods/laser.md:4:12"), "{error}");
    assert!(section_items(&doc, "orphans").is_empty(), "orphans wait for a build without errors");
}

#[test]
fn build_output_has_no_dashboard() {
    let site = site_with_editorial_problems();
    site.build_ok(&["--drafts"]);
    assert!(!site.root.join("public/__dermis").exists());
    for (path, bytes) in crate::site_test::tree(&site.root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("dermis dashboard") && !text.contains("/__dermis/"), "{path}");
    }
}

#[test]
fn the_dashboard_passes_the_nu_html_checker() {
    if crate::site_test::skip_nu_checker() {
        return;
    }
    let s = start_dashboard_server(site_with_editorial_problems());
    let (_, _, ok) = s.get("/__dermis/");
    s.write("content/methods/laser.md", "+++\ntitle = \"Laser\"\n[facts]\napproach = \"<lazer>\"\n+++\n");
    s.wait_for("the error", |s| s.get("/__dermis/").2.contains("&lt;lazer&gt;"));
    let (_, _, failed) = s.get("/__dermis/");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.html"), ok).unwrap();
    std::fs::write(dir.path().join("failed.html"), failed).unwrap();
    crate::site_test::assert_passes_nu_checker(dir.path());
}

/// The `n`th printed line that mentions `text` (counted from 1), once printed.
fn nth_printed_line(s: &Server, text: &str, n: usize) -> String {
    let mentions = |printed: &str| printed.lines().filter(|l| l.contains(text)).count();
    s.wait_for_printed(&format!("{n} lines with {text:?}"), |printed| mentions(printed) >= n);
    s.output().lines().filter(|l| l.contains(text)).nth(n - 1).unwrap_or_default().to_string()
}

/// Lines that start a warning, as the terminal prints them.
fn warning_starts(text: &str) -> Vec<String> {
    text.lines().filter(|l| l.starts_with("warning[")).map(str::to_string).collect()
}

#[test]
fn a_rebuild_prints_only_the_warnings_its_change_brought() {
    let site = SiteTest::from_fixture("compare");
    // Pages nobody links to: orphan warnings from the first build on.
    site.write("content/guides/lonely.md", "+++\ntitle = \"Lonely\"\n+++\nNobody links here.\n");
    site.write("content/guides/alone.md", "+++\ntitle = \"Alone\"\n+++\nNobody links here either.\n");
    let s = Server::start_site(site);
    // "Built … in 9 ms; 4 warnings" (warnings go to stderr, the line to
    // stdout: wait for as many as the line counts).
    let built = printed_line(&s, "Built ");
    let total: usize = built.rsplit("; ").next().and_then(|c| c.split(' ').next()?.parse().ok()).unwrap_or(0);
    s.wait_for_printed("the first build's warnings", |text| warning_starts(text).len() >= total);
    let first = warning_starts(&s.output());
    assert!(first.iter().any(|w| w.contains("content/guides/lonely.md")), "{}", s.output());
    assert_eq!(first.len(), total, "{built:?}");
    // A prose edit elsewhere prints none of them again, and counts them.
    let text = std::fs::read_to_string(s.path("content/methods/laser.md")).unwrap();
    s.write("content/methods/laser.md", &text.replace("no acid is used", "no acid at all"));
    let line = printed_line(&s, "content/methods/laser.md changed: ");
    assert!(line.ends_with(&format!("; {total} warnings")), "{line:?}");
    assert_eq!(warning_starts(&s.output()).len(), total, "{}", s.output());
    // A new orphan: its warning alone is printed.
    s.write("content/guides/solo.md", "+++\ntitle = \"Solo\"\n+++\nNobody links here at all.\n");
    let line = printed_line(&s, "content/guides/solo.md changed: ");
    // "…; 6 warnings (2 new)".
    let new_count: usize = line.rsplit('(').next().and_then(|c| c.split(' ').next()?.parse().ok()).unwrap_or(0);
    s.wait_for_printed("the new warnings", |text| warning_starts(text).len() >= total + new_count);
    let printed = warning_starts(&s.output());
    let new: Vec<&String> = printed[total..].iter().collect();
    assert!(!new.is_empty() && new.iter().all(|w| w.contains("content/guides/solo.md")), "{new:?}");
    assert!(line.ends_with(&format!("; {} warnings ({} new)", total + new.len(), new.len())), "{line:?}");
    // Deleted again: its warnings are counted as fixed, nothing is printed.
    let before = printed.len();
    std::fs::remove_file(s.path("content/guides/solo.md")).unwrap();
    let line = nth_printed_line(&s, "content/guides/solo.md changed: ", 2);
    assert!(line.ends_with(&format!("; {total} warnings ({} fixed)", new.len())), "{line:?}");
    assert_eq!(warning_starts(&s.output()).len(), before, "{}", s.output());
}
