//! `dermis check`; on a terminal it shows the same progress bar as `build`.

use super::Outcome;
use super::progress_bar::BuildProgress;
use super::report::{Printer, counts, millis};
use crate::cli::CheckArgs;
use crate::pipeline::{BuildOptions, build_in_memory};
use std::path::Path;
use std::time::Instant;

/// Checks the site without writing anything.
pub(super) fn run(args: &CheckArgs, root: &Path, out: &Printer) -> Outcome {
    let started = Instant::now();
    let bar = BuildProgress::on_terminal(out.quiet);
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        drafts: args.drafts,
        progress: BuildProgress::sink(bar.as_ref()),
        cache: !args.no_cache,
    };
    let result = build_in_memory(&options);
    BuildProgress::clear(bar.as_ref());
    match result {
        Ok(built) => {
            out.diagnostics(&built.warnings);
            out.notes(&built.cache_notes);
            out.timings(&built.stats);
            let warnings = built.warnings.warning_count();
            let tail =
                if warnings == 0 { "no problems".to_string() } else { super::report::plural(warnings, "warning") };
            out.info(&format!("Checked {} in {}: {tail}", counts(&built.stats), millis(started.elapsed())));
            Outcome::Success
        }
        Err(failure) => out.failure(&failure),
    }
}
