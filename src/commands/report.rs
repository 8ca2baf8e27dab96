//! Printing diagnostics, summaries and timings. Colour goes through
//! anstream, which drops it when stderr is not a terminal or NO_COLOR is set.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use super::Outcome;
use crate::diagnostics::{Diagnostics, render_diagnostics};
use crate::pipeline::{BuildFailure, BuildStats};
use std::time::Duration;

/// Output settings from the global flags.
pub struct Printer {
    /// Errors only.
    pub quiet: bool,
    /// Stage timings too.
    pub verbose: bool,
}

impl Printer {
    /// Prints diagnostics (warnings only when not quiet).
    pub fn diagnostics(&self, diagnostics: &Diagnostics) {
        let shown: Vec<_> = diagnostics.iter().filter(|d| d.is_error() || !self.quiet).collect();
        if !shown.is_empty() {
            anstream::eprint!("{}", render_diagnostics(shown, true));
        }
    }

    /// Prints a failure and returns its outcome.
    pub fn failure(&self, failure: &BuildFailure) -> Outcome {
        match failure {
            BuildFailure::Config(d) => {
                self.diagnostics(d);
                // `--base-url` and `DERMIS_TODAY` are configuration too, but not site.toml.
                let place = if d.iter().all(|x| x.path == "site.toml") { "site.toml" } else { "the configuration" };
                anstream::eprintln!("{}", count_line(d, place));
                Outcome::UsageError
            }
            BuildFailure::Site(d) => {
                self.diagnostics(d);
                anstream::eprintln!("{}", count_line(d, "the build"));
                Outcome::SiteErrors
            }
        }
    }

    /// A line for stdout unless quiet.
    pub fn info(&self, line: &str) {
        if !self.quiet {
            println!("{line}");
        }
    }

    /// Stage timings when verbose.
    pub fn timings(&self, stats: &BuildStats) {
        if self.verbose {
            for (stage, time) in &stats.timings {
                eprintln!("  {stage:<10} {}", millis(*time));
            }
        }
    }
}

fn count_line(d: &Diagnostics, what: &str) -> String {
    let errors = d.error_count();
    let warnings = d.warning_count();
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    if warnings > 0 {
        format!("Found {} and {} in {what}.", plural(errors, "error"), plural(warnings, "warning"))
    } else {
        format!("Found {} in {what}.", plural(errors, "error"))
    }
}

/// `41 ms`.
pub fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// `23 pages, 4 sections, 9 terms`.
pub fn counts(stats: &BuildStats) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    format!("{}, {}, {}", plural(stats.pages, "page"), plural(stats.sections, "section"), plural(stats.terms, "term"))
}
