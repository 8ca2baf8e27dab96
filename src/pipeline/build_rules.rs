//! Rules a build applies once every stage has reported, shared by the
//! build and by a search part made after it (`deferred_search.rs`).

use crate::config::CheckSettings;
use crate::diagnostics::{Diagnostics, Severity};
use crate::drafts::DraftReview;

/// `[checks] errors`: the one place a warning becomes an error, after every
/// stage has reported (so build, check and serve agree). Not in a draft:
/// there the review has noted that it blocks publishing.
pub(super) fn promote_warnings(diagnostics: Diagnostics, checks: &CheckSettings, review: &DraftReview) -> Diagnostics {
    let promoted = diagnostics.into_iter().map(|mut d| {
        if d.severity == Severity::Warning && checks.is_error(d.code) && !review.is_draft(&d.path) {
            d.severity = Severity::Error;
            let why = format!("(an error on this site: site.toml [checks] errors lists `{}`)", d.code);
            d.help = Some(match d.help.take() {
                Some(help) => format!("{help} {why}"),
                None => why,
            });
        }
        d
    });
    Diagnostics::from(promoted.collect::<Vec<_>>())
}

/// Verify mode: a memo entry whose key was equal but whose value was not
/// is a key that misses an input; the build stops loudly.
pub(super) fn fail_on_stale(stale: &[String]) {
    assert!(
        stale.is_empty(),
        "{}: a memoised value differs from a fresh one of the same key (a key misses an input): {}",
        crate::memo::VERIFY_ENV,
        stale.join(", ")
    );
}
