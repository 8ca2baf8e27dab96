//! `[[people]]`, `contact` and `[review]` of site.toml: who writes and
//! reviews the pages, where readers report a problem, and how often pages
//! are reviewed.

use crate::spanned::reader::Reader;
use crate::spanned::{Node, Value};
use crate::text::is_identifier;

/// One `[[people]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The id front matter names them by (`authors`, `reviewed_by`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What they do, shown next to their name.
    pub role: String,
    /// Qualifications, as written (optional).
    pub credentials: Option<String>,
    /// A page about them: a site path (`/about/`) or an http(s) URL.
    pub url: Option<String>,
    /// One person or a team (`kind = "organization"`): what structured data calls them.
    pub kind: PersonKind,
}

/// `kind` of a `[[people]]` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PersonKind {
    /// One person (the default): schema.org `Person`.
    #[default]
    Person,
    /// A team or body, such as an editorial team: schema.org `Organization`.
    Organization,
}

/// Where "Report a problem with this page" leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Contact {
    /// An e-mail address: a `mailto:` link with a subject naming the page.
    Email(String),
    /// A web address (a form), linked as it is.
    Url(String),
}

/// `[review]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewPolicy {
    /// Months between reviews: next review due = `reviewed` + this.
    pub interval_months: u32,
}

const PERSON_KEYS: &[&str] = &["id", "name", "role", "credentials", "url", "kind"];

/// Reads `[[people]]`; ids must be unique identifiers.
pub(super) fn read_people(reader: &mut Reader<'_>, node: &Node) -> Vec<Person> {
    let Value::Array(items) = &node.value else {
        reader.type_error(node, "people", "a list of tables ([[people]] with id, name and role)");
        return Vec::new();
    };
    let mut out: Vec<Person> = Vec::new();
    for item in items {
        let Some(mut fields) = reader.table(item, "people") else { continue };
        let id_node = fields.take("id");
        let id = id_node.and_then(|n| read_person_id(reader, n));
        if id_node.is_none() {
            reader.error(
                item.span.start,
                "a person needs an `id`, the name front matter uses for them",
                Some("add `id = \"editorial-team\"`, then write `authors = [\"editorial-team\"]` in a page".into()),
            );
        }
        let mut required = |key: &str, example: &str| match fields.take(key) {
            Some(n) => reader.string(n, key).filter(|s| !s.trim().is_empty()),
            None => {
                reader.error(
                    item.span.start,
                    format!("a person needs a `{key}`"),
                    Some(format!("add `{key} = \"{example}\"` to this [[people]] entry")),
                );
                None
            }
        };
        let name = required("name", "The editorial team");
        let role = required("role", "Editor");
        let credentials = fields.take("credentials").and_then(|n| reader.string(n, "credentials"));
        let url = fields.take("url").and_then(|n| read_person_url(reader, n));
        let kind = fields.take("kind").map_or(Some(PersonKind::Person), |n| read_person_kind(reader, n));
        fields.finish(reader, PERSON_KEYS, "[[people]]");
        let (Some(id), Some(name), Some(role), Some(kind)) = (id, name, role, kind) else { continue };
        if out.iter().any(|p| p.id == id) {
            let offset = id_node.map_or(item.span.start, |n| n.span.start);
            reader.error(
                offset,
                format!("person id {id:?} is declared twice"),
                Some("give each person their own id".into()),
            );
            continue;
        }
        out.push(Person { id, name, role, credentials, url, kind });
    }
    out
}

fn read_person_kind(reader: &mut Reader<'_>, node: &Node) -> Option<PersonKind> {
    let kind = reader.string(node, "kind")?;
    match kind.as_str() {
        "person" => Some(PersonKind::Person),
        "organization" => Some(PersonKind::Organization),
        other => {
            let help = crate::diagnostics::suggestion_help(other, ["person", "organization"]).unwrap_or_else(|| {
                "write `kind = \"person\"` (the default) or `kind = \"organization\"` for a team".into()
            });
            reader.error(
                node.span.start,
                format!("`kind`: {other:?} is not \"person\" or \"organization\""),
                Some(help),
            );
            None
        }
    }
}

fn read_person_id(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let id = reader.string(node, "id")?;
    if !is_identifier(&id) {
        let suggestion = crate::text::slugify(&id);
        reader.error(
            node.span.start,
            format!("`id`: {id:?} is not a valid id (lowercase letters, digits, `-` and `_`)"),
            Some(format!(
                "use lowercase letters, digits, '-' and '_', starting with a letter, for example {:?}",
                if is_identifier(&suggestion) { suggestion.as_str() } else { "editorial-team" }
            )),
        );
        return None;
    }
    Some(id)
}

fn read_person_url(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let url = reader.string(node, "url")?;
    let is_site_path = url.starts_with('/') && !url.starts_with("//") && !url.contains(['\\', ' ', '"', '<', '>']);
    let is_web = (url.starts_with("https://") || url.starts_with("http://")) && !url.contains([' ', '"', '<', '>']);
    if !is_site_path && !is_web {
        reader.error(
            node.span.start,
            format!("`url`: {url:?} is neither a site path nor an http(s) URL"),
            Some("write a site path such as \"/guides/about-this-site/\" or a full web address".into()),
        );
        return None;
    }
    Some(url)
}

/// Reads `contact`: an e-mail address or an https URL.
pub(super) fn read_contact(reader: &mut Reader<'_>, node: &Node) -> Option<Contact> {
    let raw = reader.string(node, "contact")?;
    let value = raw.trim();
    if value.starts_with("https://") && value.len() > "https://".len() && !value.contains([' ', '"', '<', '>']) {
        return Some(Contact::Url(value.to_string()));
    }
    let address = value.strip_prefix("mailto:").unwrap_or(value);
    if is_email(address) {
        return Some(Contact::Email(address.to_string()));
    }
    reader.error(
        node.span.start,
        format!("`contact`: {raw:?} is neither an e-mail address nor an https URL"),
        Some("write an address such as \"editors@example.org\", or the https address of a contact form".into()),
    );
    None
}

/// One `@`, something on both sides, a dot in the domain, no spaces or
/// characters that would break a `mailto:` link.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '?' | '&' | '#' | ',' | ';' | '/')
        })
        && !domain.contains('@')
}

/// Reads `[review]`.
pub(super) fn read_review(reader: &mut Reader<'_>, node: &Node) -> Option<ReviewPolicy> {
    let mut fields = reader.table(node, "review")?;
    let interval = match fields.take("interval_months") {
        Some(n) => match reader.integer(n, "interval_months") {
            Some(months) if (1..=120).contains(&months) => u32::try_from(months).ok(),
            Some(months) => {
                reader.error(
                    n.span.start,
                    format!("`interval_months`: {months} is not between 1 and 120"),
                    Some("write the months between two reviews of a page, such as `interval_months = 12`".into()),
                );
                None
            }
            None => None,
        },
        None => {
            reader.error(
                node.span.start,
                "[review] needs `interval_months`",
                Some("add `interval_months = 12`: the months between two reviews of a page".into()),
            );
            None
        }
    };
    fields.finish(reader, &["interval_months"], "[review]");
    interval.map(|interval_months| ReviewPolicy { interval_months })
}

impl ReviewPolicy {
    /// The date the next review is due after a review on `reviewed`.
    pub fn next_due(self, reviewed: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        reviewed.checked_add_months(chrono::Months::new(self.interval_months))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_recognised() {
        assert!(is_email("editors@dermis.example.org"));
        assert!(!is_email("editors"));
        assert!(!is_email("a b@c.org"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a@b.org?subject=x"));
    }

    #[test]
    fn next_review_adds_months() {
        let policy = ReviewPolicy { interval_months: 12 };
        let d = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(policy.next_due(d), chrono::NaiveDate::from_ymd_opt(2025, 2, 28));
    }
}
