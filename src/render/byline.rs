//! Who wrote and reviewed a page, when, when its next review is due, and
//! where to report a problem with it.

use super::display_text::date_context;
use super::template_context::{BylineContext, PersonContext};
use crate::config::{Contact, Person, SiteConfig};
use crate::parse::PageMeta;

/// The byline of a page.
pub(super) fn byline(config: &SiteConfig, meta: &PageMeta, permalink: &str) -> BylineContext {
    let people = |ids: &[crate::parse::Located<String>]| -> Vec<PersonContext> {
        ids.iter().filter_map(|id| config.person(&id.value)).map(|p| person_context(config, p)).collect()
    };
    let next_review = match (config.review, meta.reviewed) {
        (Some(policy), Some(reviewed)) => policy.next_due(reviewed).map(date_context),
        _ => None,
    };
    let authors = people(&meta.authors);
    let mut reviewers = people(&meta.reviewed_by);
    for reviewer in &mut reviewers {
        reviewer.also_author = authors.iter().any(|a| a.id == reviewer.id);
    }
    BylineContext {
        authors,
        reviewers,
        next_review,
        report_url: config.contact.as_ref().map(|c| report_url(c, &meta.title, permalink)),
    }
}

/// A person as templates and JSON-LD see them; a site path gets the base path.
pub(super) fn person_context(config: &SiteConfig, person: &Person) -> PersonContext {
    PersonContext {
        id: person.id.clone(),
        name: person.name.clone(),
        role: person.role.clone(),
        credentials: person.credentials.clone(),
        url: person
            .url
            .as_ref()
            .map(|u| if u.starts_with('/') { format!("{}{u}", config.base_path()) } else { u.clone() }),
        absolute_url: person.url.as_ref().map(|u| if u.starts_with('/') { config.absolute_url(u) } else { u.clone() }),
        also_author: false,
    }
}

/// `mailto:` with a subject naming the page, or the contact form as it is.
pub(super) fn report_url(contact: &Contact, title: &str, permalink: &str) -> String {
    match contact {
        Contact::Url(url) => url.clone(),
        Contact::Email(address) => {
            let subject = format!("Problem with the page \"{title}\" ({permalink})");
            format!("mailto:{address}?subject={}", percent_encode(&subject))
        }
    }
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986.
pub(super) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_percent_encoded() {
        assert_eq!(percent_encode("a b&c=é"), "a%20b%26c%3D%C3%A9");
        let url = report_url(&Contact::Email("e@x.org".into()), "Peels", "https://x.org/p/");
        assert_eq!(
            url,
            "mailto:e@x.org?subject=Problem%20with%20the%20page%20%22Peels%22%20%28https%3A%2F%2Fx.org%2Fp%2F%29"
        );
    }
}
