//! Printing diagnostics, summaries and timings. Colour goes through
//! anstream, which drops it when stderr is not a terminal or NO_COLOR is set.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use super::Outcome;
use crate::diagnostics::{Diagnostics, render_diagnostics};
use crate::pipeline::{BuildFailure, BuildStats};
use std::time::Duration;

/// Output settings from the global flags.
pub(super) struct Printer {
    /// Errors only.
    pub quiet: bool,
    /// Stage timings too.
    pub verbose: bool,
}

impl Printer {
    /// Prints diagnostics (warnings only when not quiet).
    pub(super) fn diagnostics(&self, diagnostics: &Diagnostics) {
        let shown: Vec<_> = diagnostics.iter().filter(|d| d.is_error() || !self.quiet).collect();
        if shown.is_empty() {
            return;
        }
        match anstream::AutoStream::choice(&std::io::stderr()) {
            anstream::ColorChoice::Never => {
                // In one write: anstream strips colours run by run, one
                // write each (a quarter of a million for 13,000 warnings).
                let text = render_diagnostics(shown, false);
                let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
            }
            _ => anstream::eprint!("{}", render_diagnostics(shown, true)),
        }
    }

    /// Prints a failure and returns its outcome.
    pub(super) fn failure(&self, failure: &BuildFailure) -> Outcome {
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
    pub(super) fn info(&self, line: &str) {
        if !self.quiet {
            println!("{line}");
        }
    }

    /// Notes on stderr unless quiet (`note: …`): what the user may want to
    /// know about the build but need not act on.
    pub(super) fn notes(&self, notes: &[String]) {
        if !self.quiet {
            for note in notes {
                anstream::eprintln!("note: {note}");
            }
        }
    }

    /// Stage timings when verbose.
    pub(super) fn timings(&self, stats: &BuildStats) {
        if self.verbose {
            for (stage, time) in &stats.timings {
                eprintln!("  {stage:<10} {}", millis(*time));
            }
            let reused = stats.sources.saturating_sub(stats.sources_parsed);
            if reused > 0 {
                eprintln!("  {:<10} {} parsed, {reused} from the cache", "sources", stats.sources_parsed);
            }
            if stats.patched {
                eprintln!("  {:<10} the last build's site, {} page(s) patched in", "patched", stats.pages_rendered);
            }
            let reused = stats.content_pages.saturating_sub(stats.pages_rendered);
            if reused > 0 {
                eprintln!("  {:<10} {} rendered, {reused} from the previous output", "pages", stats.pages_rendered);
            }
        }
    }
}

fn count_line(d: &Diagnostics, what: &str) -> String {
    format!("Found {} in {what}.", problem_count(d))
}

/// `1 error`, `2 errors and 1 warning`: the errors always, warnings when
/// there are some.
pub(super) fn problem_count(d: &Diagnostics) -> String {
    let errors = plural(d.error_count(), "error");
    match d.warning_count() {
        0 => errors,
        warnings => format!("{errors} and {}", plural(warnings, "warning")),
    }
}

/// `1 page`, `2 pages`: a count with its noun, never `page(s)`.
pub(super) fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("{n} {noun}") } else { format!("{n} {noun}s") }
}

/// `41 ms`.
pub(super) fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// `23 pages, 4 sections, 9 terms`.
pub(super) fn counts(stats: &BuildStats) -> String {
    format!("{}, {}, {}", plural(stats.pages, "page"), plural(stats.sections, "section"), plural(stats.terms, "term"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Diagnostic};

    fn found(errors: usize, warnings: usize) -> String {
        let mut all = Diagnostics::new();
        all.extend((0..errors).map(|_| Diagnostic::error(Code::Link, "a", "e")));
        all.extend((0..warnings).map(|_| Diagnostic::warning(Code::Link, "a", "w")));
        count_line(&all, "the build")
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(found(1, 0), "Found 1 error in the build.");
        assert_eq!(found(2, 0), "Found 2 errors in the build.");
        assert_eq!(found(2, 1), "Found 2 errors and 1 warning in the build.");
        assert_eq!(found(1, 3), "Found 1 error and 3 warnings in the build.");
        assert_eq!(plural(0, "warning"), "0 warnings");
    }
}
