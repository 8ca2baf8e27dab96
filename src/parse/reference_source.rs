//! The source-quality keys of a reference (`tier`, `doi`, `pmid`) and the
//! domain denylist, checked against `[sources]` of site.toml. Every problem
//! is an `error[source]` at the offending value.

use crate::config::SourcesConfig;
use crate::diagnostics::Code;
use crate::spanned::Node;
use crate::spanned::reader::{Fields, Reader};

/// What a reference says about the quality of its source.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct SourceKeys {
    pub tier: Option<String>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
}

/// Reads `tier`, `doi` and `pmid` of one reference and checks its URL's host.
/// `key_offset` is where a missing tier is reported; `url` is the reference's
/// URL node.
pub(crate) fn read_source_keys(
    reader: &mut Reader<'_>,
    fields: &mut Fields<'_>,
    sources: &SourcesConfig,
    key_offset: usize,
    url: Option<&Node>,
) -> SourceKeys {
    reader.set_code(Code::Source);
    let tier = match fields.take("tier") {
        Some(node) => read_tier(reader, node, sources),
        None if !sources.tiers.is_empty() => {
            let ids: Vec<&str> = sources.tiers.iter().map(|t| t.id.as_str()).collect();
            reader.error(
                key_offset,
                "this reference has no `tier`",
                Some(format!("rate the source with `tier = \"…\"`, one of: {}", ids.join(", "))),
            );
            None
        }
        None => None,
    };
    let doi = fields.take("doi").and_then(|n| read_doi(reader, n));
    let pmid = fields.take("pmid").and_then(|n| read_pmid(reader, n));
    if let Some(node) = url {
        check_denied(reader, node, sources);
    }
    reader.set_code(Code::FrontMatter);
    SourceKeys { tier, doi, pmid }
}

fn read_tier(reader: &mut Reader<'_>, node: &Node, sources: &SourcesConfig) -> Option<String> {
    let tier = reader.string(node, "tier")?;
    if sources.tiers.is_empty() {
        reader.error(
            node.span.start,
            format!("`tier`: {tier:?} is given, but site.toml declares no source tiers"),
            Some(
                "declare the tiers in site.toml under [[sources.tiers]] (id, label, meaning), or remove `tier`".into(),
            ),
        );
        return None;
    }
    if sources.tier(&tier).is_none() {
        let help = crate::config::tier_help(sources, &tier);
        reader.error(node.span.start, format!("`tier`: {tier:?} is not a source tier"), Some(help));
        return None;
    }
    Some(tier)
}

/// `10.NNNN/suffix` (four to nine registrant digits, a non-empty suffix);
/// a `https://doi.org/` prefix is accepted and removed.
fn read_doi(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let written = reader.string(node, "doi")?;
    let doi = written
        .trim()
        .trim_start_matches("https://doi.org/")
        .trim_start_matches("http://doi.org/")
        .trim_start_matches("doi:");
    if !is_doi(doi) {
        reader.error(
            node.span.start,
            format!("`doi`: {written:?} is not a DOI"),
            Some("write the DOI as printed on the article, such as \"10.1111/dsu.12345\"".into()),
        );
        return None;
    }
    Some(doi.to_string())
}

pub(crate) fn is_doi(doi: &str) -> bool {
    let Some((prefix, suffix)) = doi.split_once('/') else { return false };
    let Some(registrant) = prefix.strip_prefix("10.") else { return false };
    let digits = registrant.split('.').next().unwrap_or("");
    (4..=9).contains(&digits.len())
        && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !suffix.is_empty()
        && !suffix.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// A PubMed id: digits only (a string, or an integer in TOML).
fn read_pmid(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let written = match &node.value {
        crate::spanned::Value::Integer(i) => i.to_string(),
        _ => reader.string(node, "pmid")?,
    };
    let valid = !written.is_empty() && written.len() <= 10 && written.chars().all(|c| c.is_ascii_digit());
    if !valid || written.starts_with('0') {
        reader.error(
            node.span.start,
            format!("`pmid`: {written:?} is not a PubMed id"),
            Some("write the PMID's digits only, such as \"20725554\"".into()),
        );
        return None;
    }
    Some(written)
}

fn check_denied(reader: &mut Reader<'_>, node: &Node, sources: &SourcesConfig) {
    let crate::spanned::Value::String(url) = &node.value else { return };
    let Some(host) = crate::config::host_of(url) else { return };
    if let Some(domain) = sources.denied_domain(&host) {
        let what = if host == domain { format!("{domain:?}") } else { format!("{host:?}, a subdomain of {domain:?},") };
        reader.error(
            node.span.start,
            format!("`url`: {what} is on the site's list of domains not to cite (site.toml [sources] deny_domains)"),
            Some("cite the original publisher instead (the health service, journal or professional body)".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_have_a_registrant_and_a_suffix() {
        assert!(is_doi("10.1111/j.1524-4725.2010.01234.x"));
        assert!(is_doi("10.1001/jamadermatol.2020.1234"));
        assert!(!is_doi("10.11/x"));
        assert!(!is_doi("11.1111/x"));
        assert!(!is_doi("10.1111/"));
        assert!(!is_doi("10.1111"));
        assert!(!is_doi("10.1111/a b"));
    }
}
