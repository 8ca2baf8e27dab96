//! `dermis serve`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use super::Outcome;
use super::rebuild_log::{RebuildOutcome, rebuild_line};
use super::report::{Printer, counts, millis, plural};
use super::warning_memory::WarningMemory;
use crate::cli::ServeArgs;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::BuiltSite;
use crate::serve::{ConnectionLimits, ServeError, ServeOptions, ServeReporter, serve};
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

struct TerminalReporter {
    printer: Printer,
    open: bool,
    /// The warnings of the last good build, printed then: a rebuild prints
    /// only new ones.
    warnings: Mutex<WarningMemory>,
    /// The same for the search parts.
    search_warnings: Mutex<WarningMemory>,
}

impl TerminalReporter {
    /// Prints the errors of `diagnostics` and the warnings that `memory`
    /// has not seen; remembers these warnings when `remember`. Returns how
    /// many warnings there are, and the count to show after a rebuild line.
    fn report(
        &self,
        memory: &Mutex<WarningMemory>,
        diagnostics: &Diagnostics,
        remember: bool,
    ) -> (usize, Option<String>) {
        let mut memory = memory.lock().unwrap_or_else(PoisonError::into_inner);
        let change = memory.compare(diagnostics, remember);
        let shown: Vec<Diagnostic> = change.to_print(diagnostics).into_iter().cloned().collect();
        self.printer.diagnostics(&Diagnostics::from(shown));
        (change.total, change.summary())
    }
}

impl ServeReporter for TerminalReporter {
    fn listening(&self, url: &str, polling: bool) {
        println!("Serving the site at {url} (Ctrl-C to stop)");
        println!("Dashboard of errors, warnings, drafts and reviews: {url}__dermis/");
        if polling {
            eprintln!("note: file events are not available here; checking for changes every 300 ms");
        }
        if self.open {
            open_browser(url);
        }
    }

    fn built(&self, built: &BuiltSite, elapsed: Duration, changed: &[String]) {
        let (total, warnings) = self.report(&self.warnings, &built.warnings, true);
        self.printer.timings(&built.stats);
        if changed.is_empty() {
            let counted = if total > 0 { format!("; {}", plural(total, "warning")) } else { String::new() };
            self.printer.info(&format!("Built {} in {}{counted}", counts(&built.stats), millis(elapsed)));
        } else {
            let outcome = RebuildOutcome::Built {
                rendered: built.stats.pages_rendered,
                pages: built.stats.pages + built.stats.sections,
                elapsed,
            };
            let line = rebuild_line(&local_time(), changed, &outcome);
            self.printer.info(&match warnings {
                Some(count) => format!("{line}; {count}"),
                None => line,
            });
        }
    }

    fn search_warnings(&self, warnings: &Diagnostics) {
        self.report(&self.search_warnings, warnings, true);
    }

    fn failed(&self, diagnostics: &Diagnostics, changed: &[String]) {
        // The warnings a failed build finds are often fewer (render did
        // not run): the last good build's stay the ones to compare with.
        self.report(&self.warnings, diagnostics, false);
        if changed.is_empty() {
            let found = super::report::problem_count(diagnostics);
            anstream::eprintln!("Found {found}; still serving the last good build.");
        } else {
            let errors = diagnostics.error_count();
            anstream::eprintln!("{}", rebuild_line(&local_time(), changed, &RebuildOutcome::Failed { errors }));
        }
    }
}

/// `12:04:31`, in the machine's time zone.
fn local_time() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program).arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser; visit {url}");
    }
}

/// The default connection limits; the tests shorten the header timeout
/// with `DERMIS_SERVE_HEADER_TIMEOUT_MS` so they need not wait 10 s.
fn limits() -> ConnectionLimits {
    let mut limits = ConnectionLimits::default();
    if let Some(ms) = std::env::var("DERMIS_SERVE_HEADER_TIMEOUT_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        limits.header_timeout = Duration::from_millis(ms.max(1));
    }
    limits
}

/// Serves until stopped.
pub(super) fn run(args: &ServeArgs, root: &Path, printer: Printer) -> Outcome {
    if !args.interface.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines on the network can read the site, drafts included",
            args.interface
        );
    }
    let options = ServeOptions {
        root: root.to_path_buf(),
        interface: args.interface,
        port: args.port,
        drafts: args.drafts,
        limits: limits(),
    };
    let reporter =
        TerminalReporter { printer, open: args.open, warnings: Mutex::default(), search_warnings: Mutex::default() };
    match serve(options, reporter) {
        Ok(()) => Outcome::Success,
        Err(ServeError::Config(d)) => {
            let out = Printer { quiet: false, verbose: false };
            out.diagnostics(&d);
            Outcome::UsageError
        }
        Err(ServeError::Bind(message)) => {
            eprintln!("error: {message}");
            Outcome::UsageError
        }
        Err(ServeError::Other(message)) => {
            eprintln!("error: {message}");
            Outcome::SiteErrors
        }
    }
}
