//! Rows of ../shared/bad-inputs.md that are not single-error snapshots:
//! inputs that must neither hang, crash nor overflow the stack.

use crate::site_test::SiteTest;

#[test]
fn deeply_nested_front_matter_is_an_error_not_a_stack_overflow() {
    let site = SiteTest::from_fixture("base");
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    site.write("content/guides/t.md", format!("+++\ntitle = \"T\"\n[extra]\nx = {deep}\n+++\n"));
    site.write("content/guides/y.md", format!("---\ntitle: Y\nextra: {deep}\n---\n"));
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[front-matter]: content/guides/t.md:4:"), "{stderr}");
    assert!(stderr.contains("error[front-matter]: content/guides/y.md:3:"), "{stderr}");
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let site = SiteTest::from_fixture("base");
    let mut yaml = String::from("---\ntitle: Bomb\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f")] {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        yaml.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    yaml.push_str("---\n");
    site.write("content/guides/bomb.md", yaml);
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/guides/bomb.md"));
}

#[test]
fn pathological_markdown_builds() {
    let site = SiteTest::from_fixture("base");
    let mut body = String::new();
    for i in 0..2000 {
        body.push_str(&"  ".repeat(i));
        body.push_str("- a\n");
    }
    body.push_str(&"> ".repeat(20_000));
    body.push_str("x\n\n");
    body.push_str(&"[a](<b".repeat(20_000));
    body.push_str("\n\n");
    body.push_str(&"a***".repeat(30_000));
    body.push_str("\n\n[[unclosed and [[a|b|c]] and \0 NUL\n");
    site.write("content/guides/weird.md", format!("+++\ntitle = \"Weird\"\n+++\n{body}"));
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // `[[a|b|c]]` is a wiki link to a page `a`, which does not exist: an error, not a crash.
    assert!(stderr.contains("no page `a` for this wiki link"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_empty_content_folder_builds_a_minimal_site() {
    let site = SiteTest::from_fixture("base");
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    std::fs::create_dir(site.root.join("content")).unwrap();
    site.build_ok(&[]);
    assert!(site.root.join("public/index.html").is_file());
    assert!(site.root.join("public/404.html").is_file());
}

#[test]
fn file_names_with_spaces_and_symbols_get_clean_urls() {
    let site = SiteTest::from_fixture("base");
    site.write("content/guides/Skin care #1 (100%)?.md", "+++\ntitle = \"Odd name\"\n+++\n");
    site.build_ok(&[]);
    assert!(site.root.join("public/guides/skin-care-1-100/index.html").is_file());
}

#[test]
fn case_only_twins_collide_instead_of_overwriting() {
    let site = SiteTest::from_fixture("base");
    site.write("content/guides/About.md", "+++\ntitle = \"A\"\n+++\n");
    site.write("content/guides/about.md", "+++\ntitle = \"B\"\n+++\n");
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("content/guides/About.md (page), content/guides/about.md (page)"), "{stderr}");
}

#[test]
fn a_second_concurrent_build_is_refused() {
    let site = SiteTest::from_fixture("base");
    // A live process holds the OS lock: this test's own process.
    let lock = std::fs::File::create(site.root.join(".public.dermis-lock")).unwrap();
    lock.try_lock().unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("another dermis build"));
    assert!(!site.root.join("public").exists());
    // A lock file nobody holds (left by a killed build) is simply taken.
    drop(lock);
    site.write(".public.dermis-lock", "999999999");
    site.build_ok(&[]);
    assert!(!site.root.join(".public.dermis-lock").exists());
}

#[test]
fn thirty_thousand_identical_headings_build_with_unique_ids() {
    // Quadratic id allocation once took 30 s on this page (BENCHMARKS.md).
    let site = SiteTest::from_fixture("base");
    site.write("content/guides/many.md", format!("+++\ntitle = \"Many\"\n+++\n{}", "# a\n\n".repeat(30_000)));
    site.build_ok(&[]);
    let doc = site.page("guides/many/index.html");
    let ids = crate::site_test::attrs(&doc, ".article-body h1", "id");
    assert_eq!(ids.len(), 30_000);
    assert_eq!((ids[0].as_str(), ids[1].as_str(), ids[29_999].as_str()), ("a", "a-1", "a-29999"));
}

#[test]
fn sixty_thousand_wiki_links_in_one_paragraph_build() {
    // Per-link sentence and column searches once made this page quadratic.
    let site = SiteTest::from_fixture("base");
    site.write("content/guides/links.md", format!("+++\ntitle = \"Links\"\n+++\n{}\n", "[[peel]] ".repeat(60_000)));
    site.build_ok(&[]);
    let doc = site.page("guides/links/index.html");
    let hrefs = crate::site_test::attrs(&doc, ".article-body p a", "href");
    assert_eq!(hrefs.len(), 60_000);
    assert!(hrefs.iter().all(|h| h == "/methods/peel/"));
}
