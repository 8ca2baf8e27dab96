//! `dermis build`.

use super::Outcome;
use super::report::{Printer, counts, millis};
use crate::cli::BuildArgs;
use crate::pipeline::{BuildOptions, build_site};
use std::path::Path;
use std::time::Instant;

/// Builds the site into the output folder.
pub fn run(args: &BuildArgs, root: &Path, out: &Printer) -> Outcome {
    let started = Instant::now();
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    };
    match build_site(&options) {
        Ok(built) => {
            out.diagnostics(&built.warnings);
            out.timings(&built.stats);
            out.info(&format!("Built {} in {}", counts(&built.stats), millis(started.elapsed())));
            Outcome::Success
        }
        Err(failure) => out.failure(&failure),
    }
}
