//! Test helpers: copy a fixture site to a temporary folder, run the binary,
//! read and parse what it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where scripts/install-test-tools.sh put the outside judges.
pub(crate) fn tools_dir() -> PathBuf {
    std::env::var("DERMIS_TOOLS").map(PathBuf::from).unwrap_or_else(|_| repo().join(".test-tools"))
}

/// `tests/fixtures/<rel>`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// A site in a temporary folder.
pub(crate) struct SiteTest {
    _dir: tempfile::TempDir,
    /// The site root.
    pub root: PathBuf,
}

impl SiteTest {
    /// Copies `tests/fixtures/sites/<name>` into a new temporary folder.
    pub(crate) fn from_fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&fixture(&format!("sites/{name}")), &root);
        SiteTest { _dir: dir, root }
    }

    /// Copies the given top-level entries of the repository (the bundled site).
    pub(crate) fn from_repo(parts: &[&str]) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        for part in parts {
            let from = repo().join(part);
            if from.is_dir() {
                copy_tree(&from, &root.join(part));
            } else if from.is_file() {
                std::fs::copy(&from, root.join(part)).unwrap();
            }
        }
        SiteTest { _dir: dir, root }
    }

    /// Writes (or replaces) a file of the site.
    pub(crate) fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        write_changed(&path, bytes.as_ref());
        self
    }

    /// Replaces `from` by `to` in a file of the site.
    pub(crate) fn replace(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        write_changed(&path, text.replace(from, to).as_bytes());
    }

    /// Runs `dermis ARGS` in the site's folder, without colours.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[])
    }

    /// [`SiteTest::run`] with extra environment variables (`DERMIS_TODAY`).
    pub(crate) fn run_with_env(&self, args: &[&str], env: &[(String, String)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dermis"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            // The developer's own editor pattern must not change what tests see.
            .env_remove("DERMIS_EDITOR_URL")
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap()
    }

    /// Runs `dermis build` and panics with its stderr if it fails.
    pub(crate) fn build_ok(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
        out
    }

    /// A file of the output folder `public/`.
    pub(crate) fn output(&self, rel: &str) -> String {
        let path = self.root.join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// An output page, parsed.
    pub(crate) fn page(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.output(rel))
    }
}

/// Copies a folder recursively (files and folders only).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// True when `DERMIS_SKIP_VNU` asks to skip the Nu HTML checker.
pub(crate) fn skip_nu_checker() -> bool {
    std::env::var_os("DERMIS_SKIP_VNU").is_some()
}

/// Runs the W3C Nu HTML checker over `path` (one HTML file, or a folder whose
/// HTML files it all reads) and fails the test with its report on any error.
pub(crate) fn assert_passes_nu_checker(path: &Path) {
    let jar = tools_dir().join("node/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the Nu HTML checker is not installed at {}: run scripts/install-test-tools.sh (or set DERMIS_SKIP_VNU=1 to skip on purpose)",
        jar.display()
    );
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--skip-non-html", "--errors-only", "--format", "gnu"])
        .arg(path)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && report.trim().is_empty(), "vnu found errors:\n{report}");
}

/// Every file under `dir` with its bytes, sorted by path.
pub(crate) fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

/// Text of every element matching `selector`.
pub(crate) fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

/// Text of every element matching `selector` as a value reads (see [`value_text`]).
pub(crate) fn value_texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel).map(value_text).collect()
}

/// An element's text without its source markers (citation numbers
/// `sup.cite`, "No source cited", "Our rating"): what a fact says, whatever
/// its sourcing.
pub(crate) fn value_text(element: scraper::ElementRef<'_>) -> String {
    let is_marker = |el: scraper::ElementRef<'_>| {
        let el = el.value();
        el.has_class("cite", scraper::CaseSensitivity::CaseSensitive)
            || el.has_class("source-note", scraper::CaseSensitivity::CaseSensitive)
    };
    let mut out = String::new();
    for node in element.descendants() {
        let Some(text) = node.value().as_text() else { continue };
        let inside = node.ancestors().take_while(|a| a.id() != element.id()).filter_map(scraper::ElementRef::wrap);
        if !inside.into_iter().any(is_marker) {
            out.push_str(text);
        }
    }
    out.trim().to_string()
}

/// An attribute of every element matching `selector`.
pub(crate) fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Text of every element matching `selector` as a reader reads it in the
/// page: the glossary tooltips (`.gloss-tip`) placed after linked terms are
/// left out, so "collagen induction therapy" stays one phrase.
pub(crate) fn prose_texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    let is_tip =
        |el: scraper::ElementRef<'_>| el.value().has_class("gloss-tip", scraper::CaseSensitivity::CaseSensitive);
    doc.select(&sel)
        .map(|element| {
            let mut out = String::new();
            for node in element.descendants() {
                let Some(text) = node.value().as_text() else { continue };
                if !node.ancestors().filter_map(scraper::ElementRef::wrap).any(is_tip) {
                    out.push_str(text);
                }
            }
            out.trim().to_string()
        })
        .collect()
}

/// The house sections of a method article, in the house order
/// (archetypes/methods.md, README "Writing an article").
pub(crate) const METHOD_SECTIONS: &[&str] = &[
    "What it is",
    "How it works",
    "What it treats",
    "Who is a good candidate",
    "Choosing a practitioner",
    "How to prepare",
    "Before, during and after",
    "Recovery and downtime",
    "Aftercare",
    "Risks and side effects",
    "Warning signs",
    "Results and how long they last",
    "Cost",
];

/// Writes `bytes` to `path` so that the change shows in the file's time even
/// on a file system with coarse times: a rewrite within the same tick gets
/// its time moved one second past the old one (the load cache of `serve`
/// and of a build session compares size and time).
fn write_changed(path: &std::path::Path, bytes: &[u8]) {
    let before = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    std::fs::write(path, bytes).unwrap();
    let after = std::fs::metadata(path).and_then(|m| m.modified()).unwrap();
    if let Some(before) = before
        && after <= before
    {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(before + std::time::Duration::from_secs(1)).unwrap();
    }
}
