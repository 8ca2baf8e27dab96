//! `dermis serve`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use super::Outcome;
use super::rebuild_log::{RebuildOutcome, rebuild_line};
use super::report::{Printer, counts, millis};
use crate::cli::ServeArgs;
use crate::diagnostics::Diagnostics;
use crate::pipeline::BuiltSite;
use crate::serve::{ConnectionLimits, ServeError, ServeOptions, ServeReporter, serve};
use std::path::Path;
use std::time::Duration;

struct TerminalReporter {
    printer: Printer,
    open: bool,
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
        self.printer.diagnostics(&built.warnings);
        self.printer.timings(&built.stats);
        if changed.is_empty() {
            self.printer.info(&format!("Built {} in {}", counts(&built.stats), millis(elapsed)));
        } else {
            let outcome = RebuildOutcome::Built {
                rendered: built.stats.pages_rendered,
                pages: built.stats.pages + built.stats.sections,
                elapsed,
            };
            self.printer.info(&rebuild_line(&local_time(), changed, &outcome));
        }
    }

    fn search_warnings(&self, warnings: &Diagnostics) {
        self.printer.diagnostics(warnings);
    }

    fn failed(&self, diagnostics: &Diagnostics, changed: &[String]) {
        self.printer.diagnostics(diagnostics);
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
    let reporter = TerminalReporter { printer, open: args.open };
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
