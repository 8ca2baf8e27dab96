//! When reviews fall due. The only code that knows today's date, and it
//! only decides `warning[review-overdue]`: the output never depends on it.

use crate::config::ReviewPolicy;
use crate::diagnostics::{Code, Diagnostic};
use crate::resolve::SiteGraph;
use chrono::NaiveDate;

/// The variable that replaces the system date (`YYYY-MM-DD`), for tests
/// and for checking a site as of another day.
pub(crate) const TODAY_VARIABLE: &str = "DERMIS_TODAY";

/// Today: `DERMIS_TODAY` when set, else the system date (UTC).
pub(crate) fn today() -> Result<NaiveDate, Diagnostic> {
    match std::env::var(TODAY_VARIABLE) {
        Ok(text) => parse_today(&text),
        Err(std::env::VarError::NotPresent) => Ok(chrono::Utc::now().date_naive()),
        Err(std::env::VarError::NotUnicode(_)) => Err(bad_today("a value that is not text")),
    }
}

fn parse_today(text: &str) -> Result<NaiveDate, Diagnostic> {
    let trimmed = text.trim();
    let well_formed = trimmed.len() == 10 && trimmed.as_bytes().get(4) == Some(&b'-');
    match NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        Ok(date) if well_formed => Ok(date),
        _ => Err(bad_today(&format!("{text:?}"))),
    }
}

fn bad_today(found: &str) -> Diagnostic {
    Diagnostic::error(Code::Config, TODAY_VARIABLE, format!("{TODAY_VARIABLE} is {found}, not a date"))
        .with_help(format!("set it to a date such as {TODAY_VARIABLE}=2025-06-30, or unset it to use today's date"))
}

/// `warning[review-overdue]` at `reviewed` of every page whose next review
/// (reviewed + `[review] interval_months`) is before `today`.
pub(crate) fn overdue_warnings(graph: &SiteGraph, today: NaiveDate) -> Vec<Diagnostic> {
    let Some(policy) = graph.config.review else { return Vec::new() };
    graph.pages.iter().filter_map(|page| overdue(policy, &page.parsed.meta, &page.parsed.rel_path, today)).collect()
}

fn overdue(policy: ReviewPolicy, meta: &crate::parse::PageMeta, path: &str, today: NaiveDate) -> Option<Diagnostic> {
    let reviewed = meta.reviewed?;
    let due = policy.next_due(reviewed)?;
    if due >= today {
        return None;
    }
    let message = format!(
        "review overdue: `reviewed` is {}, so the next review was due on {} ({} months later)",
        reviewed.format("%Y-%m-%d"),
        due.format("%Y-%m-%d"),
        policy.interval_months
    );
    let help =
        "review the page against its sources, then set `reviewed` (and `reviewed_by`) to the date of that review";
    Some(Diagnostic::warning(Code::ReviewOverdue, path, message).at_opt(meta.reviewed_at).with_help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_must_be_a_date() {
        assert_eq!(parse_today("2025-06-30").ok(), NaiveDate::from_ymd_opt(2025, 6, 30));
        assert!(parse_today("2025-6-3").is_err());
        assert!(parse_today("30/06/2025").is_err());
        assert!(parse_today("2025-02-30").is_err());
    }
}
