//! The progress bar of `build` and `check` on a terminal (the only code that
//! knows indicatif). The pipeline reports stages and counts through
//! [`crate::progress::Progress`]; this draws them on stderr, and only when
//! stderr is a terminal and `--quiet` was not given, so logs, pipes and CI
//! see nothing but the summary line.

use crate::progress::{Progress, ProgressSink, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

/// A stage that counts items: `  render [#####-----] 4000/10010 pages`.
fn counted(stage: Stage, unit: &str) -> String {
    format!("{:>8} [{{bar:32}}] {{pos}}/{{len}} {unit}", stage.name())
}
/// A stage that counts none (load, resolve): the stage and a spinner.
fn uncounted(stage: Stage) -> String {
    format!("{:>8} {{spinner}} {{elapsed}}", stage.name())
}
/// How often the bar is redrawn while a stage counts nothing.
const TICK: Duration = Duration::from_millis(100);

/// A bar on stderr that lasts one build.
pub(super) struct BuildProgress {
    bar: ProgressBar,
}

impl BuildProgress {
    /// A bar when stderr is a terminal that can redraw a line (`TERM` set
    /// and not `dumb`, as indicatif requires) and the user did not ask for quiet.
    pub(super) fn on_terminal(quiet: bool) -> Option<Arc<BuildProgress>> {
        let dumb = matches!(std::env::var("TERM").as_deref(), Err(_) | Ok("dumb"));
        if quiet || dumb || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
            .with_style(style(&uncounted(Stage::Load)));
        bar.enable_steady_tick(TICK);
        Some(Arc::new(BuildProgress { bar }))
    }

    /// The sink the pipeline reports to; nobody when there is no bar.
    pub(super) fn sink(bar: Option<&Arc<BuildProgress>>) -> ProgressSink {
        bar.map_or_else(ProgressSink::default, |b| ProgressSink::to(b.clone()))
    }

    /// Removes the bar, so the summary line and diagnostics print on a clean line.
    pub(super) fn clear(bar: Option<&Arc<BuildProgress>>) {
        if let Some(b) = bar {
            b.bar.finish_and_clear();
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants of this file; a bad one would show the
    // default bar rather than fail a build.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("#>-")
}

impl Progress for BuildProgress {
    fn stage(&self, stage: Stage, total: usize) {
        let template = match stage {
            _ if total == 0 => uncounted(stage),
            Stage::Render => counted(stage, "pages"),
            Stage::Load | Stage::Parse | Stage::Resolve | Stage::Write => counted(stage, "files"),
        };
        self.bar.set_style(style(&template));
        self.bar.update(|state| {
            state.set_len(total as u64);
            state.set_pos(0);
        });
        // With a steady tick only the ticker draws; a new stage is drawn at
        // once, so even a build shorter than a tick shows its stages.
        self.bar.force_draw();
    }

    fn advance(&self, done: usize) {
        self.bar.set_position(done as u64);
    }
}
