//! `[sources]`: the source-quality policy of the site. Tiers every reference
//! is rated in, the page explaining them, and domains that may never be cited.

use crate::diagnostics::{LineCol, suggestion_help};
use crate::spanned::reader::Reader;
use crate::spanned::{Node, Value};
use crate::text::is_identifier;

/// What `[sources]` says; empty when the table is absent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourcesConfig {
    /// The page explaining the tiers (`@/guides/x.md#anchor`), resolved like a link.
    pub policy: Option<PolicyLink>,
    /// Host names that may not be cited, nor any of their subdomains (lowercase).
    pub deny_domains: Vec<String>,
    /// The tiers in the order written; empty when none are declared.
    pub tiers: Vec<SourceTier>,
}

/// `policy = "@/…"`: a content path with an optional anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyLink {
    /// As written.
    pub written: String,
    /// The content path below `content/` (`guides/how-articles-are-written.md`).
    pub content_path: String,
    /// The `#anchor`, without `#`.
    pub anchor: Option<String>,
    /// Where the value is in site.toml.
    pub at: LineCol,
}

/// One `[[sources.tiers]]` entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceTier {
    /// What references write in `tier` (`authoritative`).
    pub id: String,
    /// Shown in the source list (`Authoritative`).
    pub label: String,
    /// What the tier means, one sentence (accessible text of the label).
    pub meaning: String,
}

impl SourcesConfig {
    /// The tier with this id.
    pub fn tier(&self, id: &str) -> Option<&SourceTier> {
        self.tiers.iter().find(|t| t.id == id)
    }

    /// The denied domain `host` is, or is a subdomain of.
    pub fn denied_domain(&self, host: &str) -> Option<&str> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.deny_domains
            .iter()
            .find(|d| host == **d || host.strip_suffix(d.as_str()).is_some_and(|rest| rest.ends_with('.')))
            .map(String::as_str)
    }

    /// Reads `[sources]`.
    pub(super) fn read(reader: &mut Reader<'_>, node: &Node) -> SourcesConfig {
        let Some(mut fields) = reader.table(node, "sources") else { return SourcesConfig::default() };
        let policy = fields.take("policy").and_then(|n| read_policy(reader, n));
        let deny_domains = fields.take("deny_domains").map(|n| read_deny_domains(reader, n)).unwrap_or_default();
        let tiers = fields.take("tiers").map(|n| read_tiers(reader, n)).unwrap_or_default();
        fields.finish(reader, &["policy", "deny_domains", "tiers"], "[sources]");
        SourcesConfig { policy, deny_domains, tiers }
    }
}

fn read_policy(reader: &mut Reader<'_>, node: &Node) -> Option<PolicyLink> {
    let written = reader.string(node, "policy")?;
    let Some(rest) = written.strip_prefix("@/").filter(|r| !r.is_empty()) else {
        reader.error(
            node.span.start,
            format!("`policy`: {written:?} is not a content path"),
            Some("link the page explaining the tiers as \"@/guides/page.md#heading-id\"".into()),
        );
        return None;
    };
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string()).filter(|a| !a.is_empty())),
        None => (rest, None),
    };
    Some(PolicyLink {
        written: written.clone(),
        content_path: path.to_string(),
        anchor,
        at: reader.locator().locate(node.span.start),
    })
}

fn read_deny_domains(reader: &mut Reader<'_>, node: &Node) -> Vec<String> {
    let Some(list) = reader.string_list(node, "deny_domains") else { return Vec::new() };
    let mut out = Vec::new();
    for (domain, span) in list {
        let lower = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        let valid = !lower.is_empty()
            && lower.contains('.')
            && lower
                .split('.')
                .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if !valid {
            let help = match host_of(&lower) {
                Some(host) if host != lower => format!("write the host name only: {host:?}"),
                _ => "write a host name such as \"example.com\" (its subdomains are denied too)".to_string(),
            };
            reader.error(span.start, format!("`deny_domains`: {domain:?} is not a host name"), Some(help));
            continue;
        }
        out.push(lower);
    }
    out
}

fn read_tiers(reader: &mut Reader<'_>, node: &Node) -> Vec<SourceTier> {
    let Value::Array(items) = &node.value else {
        reader.type_error(node, "tiers", "a list of tables ([[sources.tiers]] with id, label and meaning)");
        return Vec::new();
    };
    let mut out: Vec<SourceTier> = Vec::new();
    for item in items {
        let Some(mut fields) = reader.table(item, "tiers") else { continue };
        let id_node = fields.take("id");
        let id = id_node.and_then(|n| reader.string(n, "id"));
        let label = fields.take("label").and_then(|n| reader.string(n, "label"));
        let meaning = fields.take("meaning").and_then(|n| reader.string(n, "meaning"));
        fields.finish(reader, &["id", "label", "meaning"], "[[sources.tiers]]");
        let (Some(id), Some(label), Some(meaning)) = (id, label, meaning) else {
            reader.error(
                item.span.start,
                "a source tier needs an `id`, a `label` and a `meaning`",
                Some("write id = \"authoritative\", label = \"Authoritative\", meaning = \"…\"".into()),
            );
            continue;
        };
        let offset = id_node.map_or(item.span.start, |n| n.span.start);
        if !is_identifier(&id) {
            let suggestion = crate::text::slugify(&id);
            reader.error(
                offset,
                format!("tier id {id:?} must be lowercase letters, digits, '-' or '_'"),
                Some(format!("for example {suggestion:?}")),
            );
            continue;
        }
        if out.iter().any(|t| t.id == id) {
            reader.error(offset, format!("tier id {id:?} is declared twice"), Some("give each tier its own id".into()));
            continue;
        }
        out.push(SourceTier { id, label, meaning });
    }
    out
}

/// The host of an `http(s)://` URL, lowercase, without port or credentials.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') { host } else { host.split(':').next()? };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A did-you-mean for a tier id, or the list of ids.
pub(crate) fn tier_help(config: &SourcesConfig, written: &str) -> String {
    suggestion_help(written, config.tiers.iter().map(|t| t.id.as_str())).unwrap_or_else(|| {
        let ids: Vec<String> = config.tiers.iter().map(|t| format!("{:?}", t.id)).collect();
        format!("the tiers declared in site.toml [sources] are: {}", ids.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_subdomains_are_denied() {
        let config = SourcesConfig { deny_domains: vec!["shop.com".into()], ..SourcesConfig::default() };
        assert_eq!(config.denied_domain("shop.com"), Some("shop.com"));
        assert_eq!(config.denied_domain("www.Shop.com"), Some("shop.com"));
        assert_eq!(config.denied_domain("workshop.com"), None);
        assert_eq!(host_of("https://user@www.a.org:8080/x?y"), Some("www.a.org".into()));
        assert_eq!(host_of("https://a.org"), Some("a.org".into()));
    }
}
