//! The one line `serve` prints after each rebuild: when, what changed, how
//! much was rendered again and how long it took, or how many errors the
//! browser now shows. Pure text; `serve.rs` prints it.

use std::time::Duration;

/// How many changed files the line names before "and N more".
const NAMED: usize = 3;

/// What a rebuild came to.
pub(super) enum RebuildOutcome {
    /// Built: `rendered` of `pages` pages of content were rendered again.
    Built {
        /// Pages rendered by this build.
        rendered: usize,
        /// Pages of content in the site (articles and sections).
        pages: usize,
        /// How long the rebuild took.
        elapsed: Duration,
    },
    /// Failed with this many errors (shown in the browser's overlay).
    Failed {
        /// Errors of the build.
        errors: usize,
    },
}

/// `12:04:31 content/methods/facelift.md changed: 1 of 66 pages re-rendered in 38 ms`.
pub(super) fn rebuild_line(time: &str, changed: &[String], outcome: &RebuildOutcome) -> String {
    let what = match outcome {
        RebuildOutcome::Built { rendered, pages, elapsed } => {
            let noun = if *pages == 1 { "page" } else { "pages" };
            format!("{rendered} of {pages} {noun} re-rendered in {} ms", elapsed.as_millis())
        }
        RebuildOutcome::Failed { errors } => {
            let noun = if *errors == 1 { "error" } else { "errors" };
            format!("{errors} {noun} (see the browser)")
        }
    };
    format!("{time} {} changed: {what}", changed_files(changed))
}

/// `a.md`, `a.md, b.md`, `a.md, b.md, c.md and 4 more`.
fn changed_files(changed: &[String]) -> String {
    if changed.is_empty() {
        return "something".to_string();
    }
    let named = changed.iter().take(NAMED).map(String::as_str).collect::<Vec<_>>().join(", ");
    match changed.len().saturating_sub(NAMED) {
        0 => named,
        more => format!("{named} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("content/{i}.md")).collect()
    }

    #[test]
    fn names_three_files_then_counts_the_rest() {
        let built = RebuildOutcome::Built { rendered: 1, pages: 66, elapsed: Duration::from_millis(38) };
        assert_eq!(
            rebuild_line("12:04:31", &["content/methods/facelift.md".into()], &built),
            "12:04:31 content/methods/facelift.md changed: 1 of 66 pages re-rendered in 38 ms"
        );
        assert_eq!(
            rebuild_line("09:00:00", &files(3), &built),
            "09:00:00 content/1.md, content/2.md, content/3.md changed: 1 of 66 pages re-rendered in 38 ms"
        );
        assert_eq!(
            rebuild_line("09:00:00", &files(7), &RebuildOutcome::Failed { errors: 2 }),
            "09:00:00 content/1.md, content/2.md, content/3.md and 4 more changed: 2 errors (see the browser)"
        );
        assert_eq!(
            rebuild_line("09:00:00", &files(1), &RebuildOutcome::Failed { errors: 1 }),
            "09:00:00 content/1.md changed: 1 error (see the browser)"
        );
    }
}
