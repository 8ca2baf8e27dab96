//! The build's progress: what the pipeline reports (through the library),
//! and the bar `dermis build` draws on a pseudo-terminal but never on a pipe
//! or with `--quiet`. The pseudo-terminal comes from util-linux's `script`
//! (Debian's essential package bsdutils, so on every machine the tests run on).

use crate::site_test::SiteTest;
use dermis::progress::{Progress, ProgressSink, Stage};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// Everything the pipeline told a listener, in order.
#[derive(Default)]
struct Recorder(Mutex<Vec<(Stage, usize, usize)>>);

impl Progress for Recorder {
    fn stage(&self, stage: Stage, total: usize) {
        self.0.lock().unwrap().push((stage, total, 0));
    }
    fn advance(&self, done: usize) {
        let mut seen = self.0.lock().unwrap();
        let last = seen.last_mut().expect("advance comes after a stage");
        assert!(done >= last.2 && done <= last.1, "{done} of {} after {}", last.1, last.2);
        last.2 = done;
    }
}

#[test]
fn the_pipeline_reports_every_stage_in_order_with_its_counts() {
    let site = SiteTest::from_fixture("compare");
    let recorder = Arc::new(Recorder::default());
    let options = dermis::BuildOptions {
        root: site.root.clone(),
        progress: ProgressSink::to(recorder.clone()),
        ..dermis::BuildOptions::default()
    };
    let built = dermis::build_site(&options).unwrap();
    let seen = recorder.0.lock().unwrap().clone();
    let stages: Vec<Stage> = seen.iter().map(|s| s.0).collect();
    assert_eq!(stages, [Stage::Load, Stage::Parse, Stage::Resolve, Stage::Render, Stage::Write]);
    let pages = built.stats.pages + built.stats.sections;
    // (stage, total, done): every counted stage ends at its total.
    assert_eq!(seen[1].1, seen[1].2, "parse counted every source: {seen:?}");
    assert!(seen[1].1 >= pages, "{seen:?}");
    assert_eq!((seen[3].1, seen[3].2), (pages, pages), "render counts the pages of content");
    assert_eq!((seen[4].1, seen[4].2), (built.files.len(), built.files.len()), "write counts output files");
    assert_eq!(built.stats.pages_rendered, pages, "a build without a cache renders every page");
}

/// Runs `dermis ARGS` in the site with its stdout and stderr on a
/// pseudo-terminal; returns everything the terminal received.
fn on_terminal(site: &SiteTest, args: &str) -> String {
    let command = format!("'{}' {args}", env!("CARGO_BIN_EXE_dermis"));
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(&site.root)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs the build on a pseudo-terminal (Debian: bsdutils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Lines the bar drew: indicatif clears the line (`ESC [2K`) before each
/// draw but the first.
fn bar_lines(terminal: &str) -> Vec<String> {
    terminal.split("\x1b[2K").map(|l| l.trim_end_matches(['\r', '\n', ' ']).to_string()).collect()
}

#[test]
fn build_on_a_terminal_shows_the_stage_and_pages_then_the_summary() {
    let site = SiteTest::from_fixture("compare");
    let terminal = on_terminal(&site, "build");
    let lines = bar_lines(&terminal);
    let stages = ["load", "parse", "resolve", "render", "write"];
    let drawn: Vec<&String> =
        lines.iter().filter(|l| stages.iter().any(|s| l.trim_start().starts_with(&format!("{s} ")))).collect();
    for stage in stages {
        assert!(
            drawn.iter().any(|l| l.trim_start().starts_with(&format!("{stage} "))),
            "every stage is drawn when it starts, even in a short build; {stage} is missing:\n{terminal:?}"
        );
    }
    assert!(
        drawn.iter().any(|l| l.contains("] ") && (l.ends_with(" files") || l.ends_with(" pages"))),
        "a counted stage shows `[bar] done/total files|pages`:\n{drawn:#?}"
    );
    // The bar is cleared before the summary: the last thing after a clear is the summary line.
    let last = lines.last().expect("the bar drew");
    assert!(last.starts_with("Built ") && last.contains(" pages, "), "{last:?}");
}

#[test]
fn no_bar_with_quiet_or_on_a_pipe() {
    let site = SiteTest::from_fixture("compare");
    let quiet = on_terminal(&site, "build --quiet");
    assert!(!quiet.contains("\x1b["), "--quiet draws nothing: {quiet:?}");
    assert_eq!(quiet, "", "--quiet prints nothing on success");
    let piped = site.run(&["build"]);
    assert!(piped.status.success());
    let stderr = String::from_utf8_lossy(&piped.stderr);
    let stdout = String::from_utf8_lossy(&piped.stdout);
    assert_eq!(stderr, "", "nothing but the summary when stderr is a pipe");
    assert!(stdout.starts_with("Built ") && stdout.lines().count() == 1, "{stdout:?}");
    // A terminal that cannot redraw a line gets no bar either.
    let dumb = Command::new("script")
        .args(["-q", "-e", "-c", &format!("'{}' build", env!("CARGO_BIN_EXE_dermis")), "/dev/null"])
        .current_dir(&site.root)
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let dumb = String::from_utf8_lossy(&dumb.stdout);
    assert!(dumb.starts_with("Built ") && !dumb.contains("\x1b["), "{dumb:?}");
}
