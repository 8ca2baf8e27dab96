//! Archetypes: the body skeleton `dermis new` gives a new page (Hugo's
//! idea). An archetype is Markdown, the body only (front matter comes from
//! site.toml), in which `{{ title }}` is replaced by the new page's title;
//! nothing else is a placeholder. Looked up, first found wins:
//!
//! 1. `archetypes/<section>.md` in the site (`archetypes/guides/skin.md` for `guides/skin`);
//! 2. `archetypes/default.md` in the site;
//! 3. the theme's `archetypes/<section>.md`, then its `archetypes/default.md`
//!    (`themes/<theme>/archetypes/`, or the built-in theme's, compiled in);
//! 4. the built-in theme's `default.md`.

use crate::config::BUILT_IN_THEME;
use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, LineCol, did_you_mean};
use std::path::Path;

/// The built-in theme's archetypes: (file name, text).
pub(crate) const EMBEDDED_ARCHETYPES: &[(&str, &str)] =
    &[("default.md", include_str!("../../themes/clinic/archetypes/default.md"))];

/// The placeholders an archetype may use.
const PLACEHOLDERS: &[&str] = &["title"];

/// An archetype found for a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Archetype {
    /// Where it came from, as messages name it (`archetypes/guides.md`,
    /// `themes/clinic/archetypes/default.md (built-in)`).
    pub source: String,
    /// Its text, BOM removed and line ends LF.
    pub text: String,
}

/// The archetype for new pages of the section folder `folder`.
pub(crate) fn find_archetype(root: &Path, config: &SiteConfig, folder: &str) -> Result<Archetype, Diagnostic> {
    let wanted = [format!("{folder}.md"), "default.md".to_string()];
    for name in &wanted {
        if let Some(found) = read_file(root, &format!("archetypes/{name}"))? {
            return Ok(found);
        }
    }
    let theme_folder = config.theme.as_ref().filter(|t| root.join("themes").join(t).is_dir());
    if let Some(theme) = theme_folder {
        for name in &wanted {
            if let Some(found) = read_file(root, &format!("themes/{theme}/archetypes/{name}"))? {
                return Ok(found);
            }
        }
    }
    let embedded = |name: &str| EMBEDDED_ARCHETYPES.iter().find(|(n, _)| *n == name);
    let built_in = if theme_folder.is_none() { wanted.iter().find_map(|n| embedded(n)) } else { None };
    let (name, text) = built_in.or_else(|| embedded("default.md")).copied().unwrap_or(("default.md", ""));
    Ok(Archetype { source: format!("themes/{BUILT_IN_THEME}/archetypes/{name} (built-in)"), text: text.to_string() })
}

/// Reads the archetype at `rel` (site-relative) if it is a file.
fn read_file(root: &Path, rel: &str) -> Result<Option<Archetype>, Diagnostic> {
    let path = root.join(rel);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path)
        .map_err(|e| Diagnostic::error(Code::Io, rel, format!("cannot read the archetype: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            Code::Io,
            rel,
            format!("the archetype is not UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        )
        .with_help("save the file as UTF-8")
    })?;
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n");
    Ok(Some(Archetype { source: rel.to_string(), text }))
}

/// The archetype's text with `{{ title }}` replaced by `title`. A
/// placeholder dermis does not know, or front matter in the archetype, is
/// an error at its place in the archetype.
pub(crate) fn fill(archetype: &Archetype, title: &str) -> Result<String, Diagnostic> {
    let text = archetype.text.as_str();
    let first_line = text.lines().next().unwrap_or("").trim_end();
    if first_line == "+++" || first_line == "---" {
        return Err(Diagnostic::error(Code::Config, &archetype.source, "an archetype holds the body of the page only")
            .at(LineCol { line: 1, col: 1 })
            .with_help("remove the front matter: `dermis new` writes it from site.toml (title, date, draft and the facts of a collection)"));
    }
    let mut out = String::with_capacity(text.len() + title.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        let is_placeholder = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..start]);
        if !is_placeholder {
            out.push_str("{{");
            rest = after;
            continue;
        }
        if name != "title" {
            let offset = text.len() - rest.len() + start;
            return Err(unknown_placeholder(archetype, name, offset));
        }
        out.push_str(title);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    Ok(out)
}

fn unknown_placeholder(archetype: &Archetype, name: &str, offset: usize) -> Diagnostic {
    let before = &archetype.text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let known = PLACEHOLDERS.iter().map(|p| format!("{{{{ {p} }}}}")).collect::<Vec<_>>().join(", ");
    let help = match did_you_mean(name, PLACEHOLDERS.iter().copied()) {
        Some(close) => format!("did you mean `{{{{ {close} }}}}`? An archetype knows only {known}"),
        None => format!("an archetype knows only {known} (the title given to `dermis new`)"),
    };
    Diagnostic::error(Code::Config, &archetype.source, format!("unknown placeholder `{{{{ {name} }}}}`"))
        .at(LineCol { line, col })
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archetype(text: &str) -> Archetype {
        Archetype { source: "archetypes/x.md".into(), text: text.into() }
    }

    #[test]
    fn the_title_is_filled_in_and_other_braces_stay() {
        let filled = fill(&archetype("# About {{ title }}\n{{title}} and {{ not a name }} and {{"), "Peels").unwrap();
        assert_eq!(filled, "# About Peels\nPeels and {{ not a name }} and {{\n");
    }

    #[test]
    fn unknown_placeholders_and_front_matter_are_located_errors() {
        let d = fill(&archetype("Intro.\n\nSee {{ titel }}.\n"), "X").unwrap_err();
        assert_eq!(d.location, Some(LineCol { line: 3, col: 5 }));
        assert!(d.message.contains("{{ titel }}"), "{}", d.message);
        assert!(d.help.unwrap_or_default().contains("did you mean `{{ title }}`?"));
        let d = fill(&archetype("+++\ntitle = \"x\"\n+++\nBody\n"), "X").unwrap_err();
        assert_eq!(d.location, Some(LineCol { line: 1, col: 1 }));
    }

    #[test]
    fn the_built_in_default_has_no_front_matter_and_fills() {
        for (name, text) in EMBEDDED_ARCHETYPES {
            let a = Archetype { source: (*name).into(), text: (*text).into() };
            assert!(fill(&a, "T").is_ok(), "{name}");
        }
    }
}
