//! The output folder: atomic replacement, refusal of dangerous folders,
//! determinism, and symlinks that must not hang or leak.

use crate::site_test::{SiteTest, tree};

#[test]
fn two_builds_give_byte_identical_trees() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&["--output", "one"]);
    site.build_ok(&["--output", "two"]);
    let one = tree(&site.root.join("one"));
    let two = tree(&site.root.join("two"));
    assert!(one.len() > 20);
    assert_eq!(one, two);
}

#[test]
fn a_failed_build_keeps_the_previous_output_exactly() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&[]);
    let before = tree(&site.root.join("public"));
    site.write("content/methods/broken.md", "+++\ntitle = \"Broken\"\n[facts]\napproach = \"laser\"\n+++\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&site.root.join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dermis-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_replaces_files_that_no_longer_exist() {
    let site = SiteTest::from_fixture("full");
    site.write("content/guides/temporary.md", "+++\ntitle = \"Temporary\"\n+++\n");
    site.build_ok(&[]);
    assert!(site.root.join("public/guides/temporary/index.html").exists());
    std::fs::remove_file(site.root.join("content/guides/temporary.md")).unwrap();
    site.build_ok(&[]);
    assert!(!site.root.join("public/guides/temporary").exists());
    assert!(site.root.join("public/.dermis-output").is_file());
}

#[test]
fn an_empty_output_folder_is_used() {
    let site = SiteTest::from_fixture("full");
    std::fs::create_dir(site.root.join("empty")).unwrap();
    site.build_ok(&["--output", "empty"]);
    assert!(site.root.join("empty/index.html").is_file());
}

#[test]
fn output_folders_that_hold_sources_are_refused_before_anything_happens() {
    let site = SiteTest::from_fixture("full");
    let before = tree(&site.root);
    for (output, fragment) in [
        (".", "is the site root"),
        ("..", "contains the site"),
        ("content/out", "inside content/"),
        ("static", "inside static/"),
    ] {
        let out = site.run(&["build", "--output", output]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{output}: {stderr}");
        assert!(stderr.contains(fragment), "{output}: {stderr}");
    }
    assert_eq!(tree(&site.root), before);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_does_not_hang_and_links_out_of_the_site_are_not_followed() {
    let site = SiteTest::from_fixture("full");
    std::os::unix::fs::symlink("..", site.root.join("content/methods/loop")).unwrap();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(secret.path(), site.root.join("static/leak")).unwrap();
    let out = site.build_ok(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[io]: static/leak"), "{stderr}");
    assert!(stderr.contains("content/methods/loop"), "{stderr}");
    assert!(!site.root.join("public/leak").exists());
}
