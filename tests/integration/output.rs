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
        .filter(|n| n.contains("dermis-") && n != ".dermis-cache")
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

/// What stderr says when `--output NAME` is refused for being `what`.
#[cfg(unix)]
fn refused(name: &str, what: &str) -> String {
    format!(
        "error[output]: {name}\n  the output path is {what}; dermis replaces only a folder it made, an empty folder or nothing\n  help: pass --output with a folder dermis made, an empty folder, or a path that does not exist yet\nFound 1 error in the build.\n"
    )
}

/// Every entry of `dir` whose name mentions dermis (staging, old output, lock).
fn dermis_leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dermis-") && n != ".dermis-cache")
        .collect()
}

#[cfg(unix)]
fn file_kind(path: &std::path::Path) -> String {
    use std::os::unix::fs::FileTypeExt as _;
    let t = std::fs::symlink_metadata(path).unwrap().file_type();
    let kinds = [
        (t.is_symlink(), "symlink"),
        (t.is_dir(), "dir"),
        (t.is_file(), "file"),
        (t.is_char_device(), "char"),
        (t.is_block_device(), "block"),
        (t.is_fifo(), "fifo"),
        (t.is_socket(), "socket"),
    ];
    kinds.iter().find(|(yes, _)| *yes).map(|(_, k)| k.to_string()).unwrap()
}

#[cfg(unix)]
#[test]
fn devices_fifos_sockets_and_links_to_them_are_refused_and_left_in_place() {
    let site = SiteTest::from_fixture("base");
    let made = |args: &[&str]| {
        std::process::Command::new(args[0]).args(&args[1..]).current_dir(&site.root).status().unwrap().success()
    };
    assert!(made(&["mkfifo", "out-fifo"]));
    let _socket = std::os::unix::net::UnixListener::bind(site.root.join("out-socket")).unwrap();
    let mut cases = vec![("out-fifo", "a named pipe (FIFO)"), ("out-socket", "a socket")];
    // Device nodes need root; they are made here, never taken from /dev.
    if made(&["mknod", "out-char", "c", "1", "3"]) && made(&["mknod", "out-block", "b", "7", "0"]) {
        cases.push(("out-char", "a character device"));
        cases.push(("out-block", "a block device"));
    }
    for (target, what) in cases.clone() {
        let link = format!("link-{target}");
        std::os::unix::fs::symlink(target, site.root.join(&link)).unwrap();
        cases.push((Box::leak(link.into_boxed_str()), what));
    }
    for (name, what) in cases {
        let before = file_kind(&site.root.join(name));
        let out = site.run(&["build", "--output", name]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        let what = if name.starts_with("link-") { format!("a symbolic link to {what}") } else { what.to_string() };
        assert_eq!(stderr, refused(name, &what), "{name}");
        assert_eq!(file_kind(&site.root.join(name)), before, "{name} was replaced");
        assert!(dermis_leftovers(&site.root).is_empty(), "{name}: {:?}", dermis_leftovers(&site.root));
    }
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_their_folder_or_lead_nowhere_are_refused() {
    let site = SiteTest::from_fixture("base");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("keep.txt"), "keep").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.root.join("away")).unwrap();
    std::os::unix::fs::symlink("missing", site.root.join("dangling")).unwrap();
    std::fs::create_dir(site.root.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", site.root.join("sub/up")).unwrap();
    let target = elsewhere.path().canonicalize().unwrap();
    let parent = site.root.canonicalize().unwrap();
    for (name, what) in [
        (
            "away",
            format!("a symbolic link to {}, outside the folder it is in ({})", target.display(), parent.display()),
        ),
        ("dangling", "a symbolic link to nothing".to_string()),
    ] {
        let out = site.run(&["build", "--output", name]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr, refused(name, &what), "{name}");
        assert_eq!(file_kind(&site.root.join(name)), "symlink");
    }
    // `sub/up` points at the site root: refused as such before anything else.
    let out = site.run(&["build", "--output", "sub/up"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is the site root"));
    assert_eq!(tree(elsewhere.path()), vec![("keep.txt".to_string(), b"keep".to_vec())]);
    assert!(dermis_leftovers(&site.root).is_empty());
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_empty_folder_beside_it_is_written_through() {
    let site = SiteTest::from_fixture("base");
    std::fs::create_dir(site.root.join("real")).unwrap();
    std::os::unix::fs::symlink("real", site.root.join("linked")).unwrap();
    site.build_ok(&["--output", "linked"]);
    assert_eq!(file_kind(&site.root.join("linked")), "symlink");
    assert!(site.root.join("real/index.html").is_file());
    site.build_ok(&["--output", "linked"]);
    assert!(site.root.join("real/.dermis-output").is_file());
    assert!(dermis_leftovers(&site.root).is_empty(), "{:?}", dermis_leftovers(&site.root));
}

#[test]
fn parallel_builds_into_one_folder_never_trip_over_each_other() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&["--output", "reference"]);
    let reference = tree(&site.root.join("reference"));
    for round in 0..3 {
        let children: Vec<_> = (0..8)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_dermis"))
                    .args(["build", "--output", "shared"])
                    .current_dir(&site.root)
                    .env("NO_COLOR", "1")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut successes = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                successes += 1;
            } else {
                assert_eq!(out.status.code(), Some(1), "round {round}: {stderr}");
                assert!(stderr.contains("another dermis build"), "round {round}: foreign error:\n{stderr}");
                assert_eq!(stderr.matches("error[").count(), 1, "round {round}: {stderr}");
            }
        }
        assert!(successes >= 1, "round {round}: no build succeeded");
        assert_eq!(tree(&site.root.join("shared")), reference, "round {round}: the output is not a complete site");
        assert!(dermis_leftovers(&site.root).is_empty(), "round {round}: {:?}", dermis_leftovers(&site.root));
    }
}

#[test]
fn what_a_killed_build_left_behind_is_cleaned_up_by_the_next() {
    let site = SiteTest::from_fixture("base");
    site.build_ok(&[]);
    // A lock file without a holder, naming a process that may well be alive.
    site.write(".public.dermis-lock", "1");
    site.write(".public.dermis-staging-4242/half.html", "<p>half");
    site.write(".public.dermis-old-4242/index.html", "old");
    site.build_ok(&[]);
    assert!(dermis_leftovers(&site.root).is_empty(), "{:?}", dermis_leftovers(&site.root));
    assert!(site.root.join("public/index.html").is_file());
}

/// Starts a build that pauses mid-write (the test-only hook), waits until its
/// staging folder exists, sends `signal`, and returns the exit code.
#[cfg(unix)]
fn interrupt_a_build_mid_write(site: &SiteTest, signal: &str) -> Option<i32> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dermis"))
        .arg("build")
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .env("DERMIS_TEST_PAUSE_AFTER_STAGING", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let staging = site.root.join(format!(".public.dermis-staging-{}", child.id()));
    // Polls for the event (the writer has begun), bounded at a minute.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let has_a_file = |dir: &std::path::Path| std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    while !has_a_file(&staging) {
        assert!(std::time::Instant::now() < deadline, "the build never began writing");
        assert!(child.try_wait().unwrap().is_none(), "the build ended before writing");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let sent = std::process::Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the build was stopped before the new output was in place"), "{stderr}");
    assert!(!staging.exists(), "the staging folder is left");
    out.status.code()
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_mid_write_remove_staging_and_lock_and_keep_the_old_output() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&[]);
    let before = tree(&site.root.join("public"));
    // A new page: had the build finished, the output would differ.
    site.write("content/guides/new.md", "+++\ntitle = \"New\"\n+++\nNew.\n");
    assert_eq!(interrupt_a_build_mid_write(&site, "-INT"), Some(130));
    assert_eq!(tree(&site.root.join("public")), before);
    assert!(dermis_leftovers(&site.root).is_empty(), "{:?}", dermis_leftovers(&site.root));
    assert_eq!(interrupt_a_build_mid_write(&site, "-TERM"), Some(143));
    assert_eq!(tree(&site.root.join("public")), before);
    assert!(dermis_leftovers(&site.root).is_empty(), "{:?}", dermis_leftovers(&site.root));
    // Nothing is stuck: the next build goes through.
    site.build_ok(&[]);
    assert!(site.root.join("public/guides/new/index.html").is_file());
}

#[test]
fn file_and_folder_names_equal_after_nfc_are_one_located_error_naming_both() {
    let site = SiteTest::from_fixture("base");
    let (nfc, nfd) = ("caf\u{e9}", "cafe\u{301}");
    site.write(
        &format!("content/guides/{nfc}.md"),
        "+++\ntitle = \"Caf\u{e9} one\"\ndescription = \"One.\"\n+++\nOne.\n",
    );
    site.write(
        &format!("content/guides/{nfd}.md"),
        "+++\ntitle = \"Caf\u{e9} two\"\ndescription = \"Two.\"\n+++\nTwo.\n",
    );
    site.write(&format!("static/{nfc}/logo.svg"), "<svg/>");
    site.write(&format!("static/{nfd}/logo.svg"), "<svg/>");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let help =
        "  help: keep one spelling: rename or remove the others (most editors write NFC, `é` as one character)\n";
    let expected = format!(
        "error[io]: content/guides/{nfd}.md\n  2 files have names that are equal after Unicode NFC normalisation and would be one on macOS: content/guides/cafe\\u{{301}}.md, content/guides/caf\\u{{e9}}.md\n{help}\
         error[io]: static/{nfd}\n  2 folders have names that are equal after Unicode NFC normalisation and would be one on macOS: static/cafe\\u{{301}}, static/caf\\u{{e9}}\n{help}\
         Found 2 errors in the build.\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
    assert!(!site.root.join("public").exists());
}

#[test]
fn outputs_equal_after_nfc_from_different_folders_collide() {
    let site = SiteTest::from_fixture("base");
    site.write("content/caf\u{e9}.png", "a");
    site.write("static/cafe\u{301}.png", "b");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 sources want the same URL /caf"), "{stderr}");
    assert!(
        stderr.contains("error[url]: content/caf\u{e9}.png\n")
            && stderr.contains("error[url]: static/cafe\u{301}.png\n"),
        "{stderr}"
    );
    assert!(!site.root.join("public").exists());
}

/// Every file of a tree with its inode, to tell a file written again from
/// one carried over by a hard link.
#[cfg(unix)]
fn inodes(dir: &std::path::Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name() != ".dermis-output")
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, e.metadata().unwrap().ino())
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_rebuild_carries_unchanged_files_over_and_writes_only_what_changed() {
    let site = SiteTest::from_fixture("full");
    site.build_ok(&[]);
    let public = site.root.join("public");
    let first = inodes(&public);
    let manifests: Vec<_> = std::fs::read_dir(site.root.join(".dermis-cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".manifest"))
        .collect();
    assert_eq!(manifests.len(), 1, "one manifest for the one output folder");

    // Nothing changed: every file is the same file, and the tree the same bytes.
    let before = tree(&public);
    site.build_ok(&[]);
    assert_eq!(inodes(&public), first);
    assert_eq!(tree(&public), before);

    // One article's text changes: its page is written again, files that do
    // not show that text stay the same files.
    site.replace("content/methods/gamma.md", "Gamma has no optional facts", "Gamma still has no optional facts");
    site.build_ok(&[]);
    let third = inodes(&public);
    assert_ne!(third["methods/gamma/index.html"], first["methods/gamma/index.html"]);
    let kept = third.iter().filter(|(path, ino)| first.get(*path) == Some(*ino)).count();
    assert!(kept > 0 && kept < third.len(), "{kept} of {} files carried over", third.len());
    // The same bytes as a fresh build into a folder with no history.
    site.build_ok(&["--output", "fresh"]);
    assert_eq!(tree(&public), tree(&site.root.join("fresh")));

    // A file edited by hand in the output is never trusted: the next build
    // writes it again, even with the same size.
    let style = public.join("style.css");
    let original = std::fs::read(&style).unwrap();
    let mut edited = original.clone();
    edited[0] = if edited[0] == b'x' { b'y' } else { b'x' };
    std::fs::write(&style, &edited).unwrap();
    site.build_ok(&[]);
    assert_eq!(std::fs::read(&style).unwrap(), original);

    // A damaged manifest is ignored: everything is written again, correctly.
    let manifests: Vec<_> = std::fs::read_dir(site.root.join(".dermis-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "manifest"))
        .collect();
    assert_eq!(manifests.len(), 2, "one manifest per output folder (public, fresh)");
    for manifest in manifests {
        std::fs::write(&manifest, "dermis-manifest 1 0.0.0\ngarbage\n").unwrap();
    }
    let before = inodes(&public);
    site.build_ok(&[]);
    let after = inodes(&public);
    let same: Vec<&String> =
        after.iter().filter(|(path, ino)| before.get(*path) == Some(*ino)).map(|(p, _)| p).collect();
    assert!(same.is_empty(), "nothing linked from a damaged manifest: {same:?}");
    assert_eq!(tree(&public), tree(&site.root.join("fresh")));
}
