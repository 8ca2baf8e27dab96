//! One entry of a page's `references` list, and the rule for the keys prose
//! cites it by (`[@key]`).

use crate::diagnostics::LineCol;

/// One entry of `references`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// The name prose and facts cite it by (`[@key]`), unique in the page.
    pub key: String,
    /// Where `key` is written (or the reference's table, when missing).
    pub key_at: LineCol,
    /// Title of the source.
    pub title: String,
    /// Its URL.
    pub url: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// Year of publication.
    pub year: Option<i64>,
    /// Id of its `[[sources.tiers]]` entry (required when site.toml declares tiers).
    pub tier: Option<String>,
    /// DOI (`10.1111/…`), without a `https://doi.org/` prefix.
    pub doi: Option<String>,
    /// PubMed id (digits).
    pub pmid: Option<String>,
}

/// True for a valid citation key (also used to read `[@key]` in prose).
pub(crate) fn is_reference_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
        && !key.ends_with('.')
}
