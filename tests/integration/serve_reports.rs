//! What `serve` tells the editor besides the pages: one log line per
//! rebuild, and the dashboard at /__dermis/. Waits on printed lines and
//! build events under deadlines, never on sleeps.

use crate::serve::Server;

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
    s.wait_for("the last new page", |s| s.get("/guides/many-4/").0 == 200);
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
