//! Source lines for the code frames of a run's diagnostics: from the texts
//! the run loaded, else (site.toml, files the run did not keep) read again
//! from disk and decoded the same way.

use super::SourceFile;
use crate::diagnostics::{Code, Diagnostics};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path};
use std::sync::Arc;

/// Attaches its source line to every located diagnostic whose file is known.
pub(crate) fn attach_source_lines(diagnostics: &mut Diagnostics, sources: &[Arc<SourceFile>], root: &Path) {
    let loaded: HashMap<&str, &str> = sources.iter().map(|s| (s.rel_path.as_str(), s.text.as_str())).collect();
    let missing: BTreeSet<String> = diagnostics
        .iter()
        .filter(|d| d.location.is_some() && d.excerpt.is_none() && !loaded.contains_key(d.path.as_str()))
        .map(|d| d.path.clone())
        .collect();
    let read: HashMap<String, String> =
        missing.into_iter().filter_map(|path| read_text(root, &path).map(|text| (path, text))).collect();
    diagnostics.attach_sources(|path| loaded.get(path).copied().or_else(|| read.get(path).map(String::as_str)));
}

/// The decoded text of a file of the site, when `rel_path` names one.
fn read_text(root: &Path, rel_path: &str) -> Option<String> {
    let relative = Path::new(rel_path);
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let bytes = std::fs::read(root.join(relative)).ok()?;
    crate::text::decode_text(rel_path, &bytes, Code::Io).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, LineCol};

    #[test]
    fn lines_come_from_loaded_sources_then_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "\u{feff}title = 1\n").unwrap();
        let source = Arc::new(SourceFile::new("content/a.md".into(), "+++\nx = 2\n+++\n".into()));
        let at = LineCol { line: 2, col: 1 };
        let mut all = Diagnostics::from(vec![
            Diagnostic::error(Code::Link, "content/a.md", "m").at(at),
            Diagnostic::error(Code::Config, "site.toml", "m").at(LineCol { line: 1, col: 9 }),
            Diagnostic::error(Code::Config, "../outside", "m").at(at),
            Diagnostic::error(Code::Config, "site.toml", "unlocated"),
        ]);
        attach_source_lines(&mut all, &[source], dir.path());
        let texts: Vec<Option<&str>> = all.iter().map(|d| d.excerpt.as_ref().map(|e| e.text.as_str())).collect();
        assert_eq!(texts, [Some("x = 2"), Some("title = 1"), None, None]);
    }
}
