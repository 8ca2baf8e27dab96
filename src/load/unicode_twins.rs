//! Names that are one name after Unicode NFC normalisation (`café` written
//! with `é` and with `e` + a combining accent): macOS file systems store them
//! as one file, so a site that holds both would build differently there
//! (bad-inputs row 24). Two such entries of one folder are an error naming both.

use crate::diagnostics::{Code, Diagnostic};
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization as _;

/// One error per set of NFC twins among `files` (site-relative, `/`-separated
/// paths) and the folders above them, reported at the folder level where the
/// names differ.
pub(super) fn find_unicode_twins<'a>(files: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    let mut folders = BTreeSet::new();
    let mut entries = BTreeSet::new();
    for file in files {
        entries.insert(file);
        for (end, _) in file.match_indices('/') {
            folders.insert(&file[..end]);
        }
    }
    entries.extend(folders.iter().copied());
    // Twins share their folder as written (twin folders are reported once,
    // not again for every file inside them) and their NFC name.
    let mut groups: BTreeMap<(&str, String), Vec<&str>> = BTreeMap::new();
    for entry in entries {
        let (folder, name) = entry.rsplit_once('/').unwrap_or(("", entry));
        if name.is_ascii() {
            groups.entry((folder, name.to_string())).or_default().push(entry);
        } else {
            groups.entry((folder, name.nfc().collect())).or_default().push(entry);
        }
    }
    let mut out = Vec::new();
    for twins in groups.into_values().filter(|g| g.len() > 1) {
        let kind = match twins.iter().filter(|t| folders.contains(*t)).count() {
            0 => "files",
            n if n == twins.len() => "folders",
            _ => "entries",
        };
        let spelled = twins.iter().map(|t| escape_non_ascii(t)).collect::<Vec<_>>().join(", ");
        let message = format!(
            "{} {kind} have names that are equal after Unicode NFC normalisation and would be one on macOS: {spelled}",
            twins.len()
        );
        out.push(Diagnostic::error(Code::Io, twins[0], message).with_help(
            "keep one spelling: rename or remove the others (most editors write NFC, `é` as one character)",
        ));
    }
    out
}

/// `caf\u{e9}.md`: a name with every non-ASCII character as its code point,
/// so two spellings that look alike read differently.
fn escape_non_ascii(path: &str) -> String {
    path.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.escape_unicode().to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NFC: &str = "caf\u{e9}";
    const NFD: &str = "cafe\u{301}";

    #[test]
    fn two_spellings_of_one_file_name_are_one_error_naming_both() {
        let (a, b) = (format!("content/{NFC}.md"), format!("content/{NFD}.md"));
        let found = find_unicode_twins([a.as_str(), b.as_str(), "content/other.md"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, b);
        assert!(found[0].message.starts_with("2 files have names"), "{}", found[0].message);
        assert!(found[0].message.ends_with("content/cafe\\u{301}.md, content/caf\\u{e9}.md"), "{}", found[0].message);
    }

    #[test]
    fn twin_folders_are_reported_once_not_for_each_file_inside() {
        let paths = [
            format!("static/{NFC}/a.png"),
            format!("static/{NFC}/b.png"),
            format!("static/{NFD}/a.png"),
            format!("static/{NFD}/c.png"),
        ];
        let found = find_unicode_twins(paths.iter().map(String::as_str));
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("2 folders have names"), "{}", found[0].message);
    }

    #[test]
    fn the_same_name_in_different_folders_and_plain_names_are_fine() {
        let paths = [format!("content/a/{NFC}.md"), format!("content/b/{NFD}.md"), "content/a/x.md".to_string()];
        assert!(find_unicode_twins(paths.iter().map(String::as_str)).is_empty());
    }
}
