//! Slugs: the URL- and file-safe form of a title, heading or key.

/// Lowercase, alphanumerics kept, every other run of characters one `-`;
/// at most 200 bytes so slugs stay valid file names.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            if pending_dash {
                out.push('-');
                pending_dash = false;
            }
            out.push('_');
        } else {
            pending_dash = true;
        }
        if out.len() >= 200 {
            break;
        }
    }
    out.trim_end_matches(['-', '_']).to_string()
}

/// Lowercase ASCII letters, digits, `-` and `_`, starting with a letter.
pub(crate) fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_and_file_safe() {
        assert_eq!(slugify("Before, during and after"), "before-during-and-after");
        assert_eq!(slugify("Dark spots/hyperpigmentation"), "dark-spots-hyperpigmentation");
        assert_eq!(slugify("Café crème"), "café-crème");
        assert_eq!(slugify("🎉"), "");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert!(slugify(&"a".repeat(400)).len() <= 200);
    }
}
