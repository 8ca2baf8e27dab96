//! `dermis build`.
//!
//! SIGINT and SIGTERM end the build with exit 130 and 143. Before the writer
//! starts nothing is on disk, so the process ends at once; while it writes,
//! the signal asks it to stop, and it removes its staging folder and lock
//! before the command exits, leaving the previous output untouched.
//!
//! On a terminal a progress bar shows the stage and the pages done; it is
//! cleared before the summary line.

use super::Outcome;
use super::progress_bar::BuildProgress;
use super::report::{Printer, counts, millis};
use crate::cli::BuildArgs;
use crate::pipeline::StopRequest;
use crate::pipeline::{BuildOptions, build_site_until};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Builds the site into the output folder.
pub(super) fn run(args: &BuildArgs, root: &Path, out: &Printer) -> Outcome {
    let started = Instant::now();
    let bar = BuildProgress::on_terminal(out.quiet);
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        progress: BuildProgress::sink(bar.as_ref()),
        cache: !args.no_cache,
    };
    let stop = StopRequest::new();
    let exit_code = Arc::new(AtomicUsize::new(0));
    // Without handlers the signals keep their default action, which is safe
    // except mid-write; failing to install them is not worth failing the build.
    let _ = handle_signals(&stop, &exit_code);
    let result = build_site_until(&options, &stop);
    BuildProgress::clear(bar.as_ref());
    let outcome = match &result {
        Ok(built) => {
            out.diagnostics(&built.warnings);
            out.notes(&built.cache_notes);
            out.timings(&built.stats);
            out.info(&format!("Built {} in {}", counts(&built.stats), millis(started.elapsed())));
            Outcome::Success
        }
        Err(failure) => out.failure(failure),
    };
    // The process ends next: the output's bytes are freed beside it.
    std::thread::spawn(move || drop(result));
    match u8::try_from(exit_code.load(Ordering::SeqCst)) {
        Ok(code) if code != 0 => Outcome::Interrupted(code),
        _ => outcome,
    }
}

/// SIGINT → 130, SIGTERM → 143: end at once while the writer is idle,
/// otherwise ask it to stop and remember the exit code.
fn handle_signals(stop: &StopRequest, exit_code: &Arc<AtomicUsize>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for (signal, code) in [(SIGINT, 130), (SIGTERM, 143)] {
        // Registration order is the order the actions run in.
        signal_hook::flag::register_conditional_shutdown(signal, code, stop.idle_flag())?;
        signal_hook::flag::register_usize(signal, Arc::clone(exit_code), code as usize)?;
        signal_hook::flag::register(signal, stop.requested_flag())?;
    }
    Ok(())
}
