//! `[serve] editor_url` and `DERMIS_EDITOR_URL`: a pattern that turns a file
//! and a position into a link that opens the file in the editor
//! (`vscode://file/{path}:{line}:{column}`). dermis only writes such links
//! into serve-only pages (the error overlay, the dashboard); it never starts
//! a program itself.

use crate::diagnostics::{Code, Diagnostic};
use crate::spanned::{Node, reader::Reader};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use std::path::Path;

/// The environment variable that replaces `[serve] editor_url`; set but
/// empty, it turns editor links off.
pub(crate) const EDITOR_URL_VARIABLE: &str = "DERMIS_EDITOR_URL";

/// Bytes of a path kept as they are in `{path}`: unreserved characters,
/// `/` between folders and `:` after a Windows drive letter.
const PATH_KEPT: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/').remove(b':');

/// The placeholders a pattern may contain.
const PLACEHOLDERS: [&str; 3] = ["path", "line", "column"];

/// What a pattern looks like, for help lines.
const EXAMPLE: &str = "vscode://file/{path}:{line}:{column}";

/// A checked editor URL pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorUrl {
    pattern: String,
}

impl EditorUrl {
    /// Checks a pattern: `Ok(None)` when it is empty (no editor links), an
    /// error sentence when it cannot make a link.
    pub fn parse(pattern: &str) -> Result<Option<EditorUrl>, String> {
        let pattern = pattern.trim();
        if pattern.is_empty() {
            return Ok(None);
        }
        if pattern.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>')) {
            return Err(format!("{pattern:?} contains spaces or characters a URL cannot have"));
        }
        let scheme = scheme_of(pattern)
            .ok_or_else(|| format!("{pattern:?} does not start with a scheme such as vscode:// or idea://"))?;
        if matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
            return Err(format!("{pattern:?} is a {scheme}: URL, which would run code rather than open a file"));
        }
        for name in placeholders(pattern) {
            if !PLACEHOLDERS.contains(&name) {
                return Err(format!("{{{name}}} is not a placeholder: use {{path}}, {{line}} and {{column}}"));
            }
        }
        if !pattern.contains("{path}") {
            return Err(format!("{pattern:?} has no {{path}}, so the link could not name the file"));
        }
        Ok(Some(EditorUrl { pattern: pattern.to_string() }))
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The link for a file at a position. `{path}` is the absolute path,
    /// percent-encoded (`/` and `:` kept; `\` written `/`); a single `/`
    /// just before `{path}` (`vscode://file/{path}`) is not doubled by the
    /// path's leading `/`, while `file://{path}` keeps all three. A missing
    /// line or column is `1`.
    pub fn link(&self, abs_path: &Path, line: Option<usize>, column: Option<usize>) -> String {
        let raw = abs_path.to_string_lossy().replace('\\', "/");
        let path = percent_encoding::utf8_percent_encode(&raw, PATH_KEPT).to_string();
        let mut out = String::with_capacity(self.pattern.len() + path.len());
        let mut rest = self.pattern.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                rest = &rest[open..];
                break;
            };
            match &after[..close] {
                "path" if out.ends_with('/') && !out.ends_with("//") => {
                    out.push_str(path.strip_prefix('/').unwrap_or(&path))
                }
                "path" => out.push_str(&path),
                "line" => out.push_str(&line.unwrap_or(1).to_string()),
                "column" => out.push_str(&column.unwrap_or(1).to_string()),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The lowercase scheme of a URL (`vscode` of `vscode://…`), when it has one.
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The names between braces in a pattern.
fn placeholders(pattern: &str) -> impl Iterator<Item = &str> {
    pattern.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// `[serve]` of site.toml: its only key is `editor_url`.
pub(super) fn read_serve(reader: &mut Reader<'_>, node: &Node) -> Option<EditorUrl> {
    let mut fields = reader.table(node, "serve")?;
    let pattern = fields.take("editor_url").and_then(|n| read_pattern(reader, n));
    fields.finish(reader, &["editor_url"], "[serve]");
    pattern
}

fn read_pattern(reader: &mut Reader<'_>, node: &Node) -> Option<EditorUrl> {
    let crate::spanned::Value::String(text) = &node.value else {
        reader.type_error(node, "editor_url", &format!("text such as \"{EXAMPLE}\""));
        return None;
    };
    match EditorUrl::parse(text) {
        Ok(url) => url,
        Err(why) => {
            let help = format!("write a pattern such as \"{EXAMPLE}\", or remove `editor_url`");
            reader.error(node.span.start, format!("`editor_url`: {why}"), Some(help));
            None
        }
    }
}

/// The editor URL in effect: `DERMIS_EDITOR_URL` when set (empty: none),
/// else what site.toml says.
pub(super) fn with_environment(from_config: Option<EditorUrl>) -> Result<Option<EditorUrl>, Diagnostic> {
    match std::env::var(EDITOR_URL_VARIABLE) {
        Ok(text) => from_variable(&text),
        Err(std::env::VarError::NotPresent) => Ok(from_config),
        Err(std::env::VarError::NotUnicode(_)) => Err(bad_variable("is not text".to_string())),
    }
}

fn from_variable(text: &str) -> Result<Option<EditorUrl>, Diagnostic> {
    EditorUrl::parse(text).map_err(|why| bad_variable(format!("is unusable: {why}")))
}

fn bad_variable(why: String) -> Diagnostic {
    Diagnostic::error(Code::Config, EDITOR_URL_VARIABLE, format!("{EDITOR_URL_VARIABLE} {why}")).with_help(format!(
        "set it to a pattern such as {EDITOR_URL_VARIABLE}=\"{EXAMPLE}\", or to nothing to turn editor links off"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(pattern: &str) -> EditorUrl {
        EditorUrl::parse(pattern).unwrap().unwrap()
    }

    #[test]
    fn fills_the_placeholders() {
        let link = url("vscode://file/{path}:{line}:{column}").link(Path::new("/site/content/a.md"), Some(9), Some(17));
        assert_eq!(link, "vscode://file/site/content/a.md:9:17");
        let link = url("idea://open?file={path}&line={line}").link(Path::new("/s/a.md"), Some(3), None);
        assert_eq!(link, "idea://open?file=/s/a.md&line=3");
    }

    #[test]
    fn missing_positions_are_one() {
        let link = url("x-editor://{path}#{line},{column}").link(Path::new("/a.md"), None, None);
        assert_eq!(link, "x-editor:///a.md#1,1");
        let link = url("file://{path}").link(Path::new("/a.md"), None, None);
        assert_eq!(link, "file:///a.md");
    }

    #[test]
    fn paths_are_percent_encoded() {
        let link = url("vscode://file/{path}:{line}").link(Path::new("/my site/é & #1.md"), Some(1), None);
        assert_eq!(link, "vscode://file/my%20site/%C3%A9%20%26%20%231.md:1");
    }

    #[test]
    fn windows_separators_become_slashes() {
        let link = url("vscode://file/{path}").link(Path::new(r"C:\site\a.md"), None, None);
        assert_eq!(link, "vscode://file/C:/site/a.md");
    }

    #[test]
    fn empty_means_no_links() {
        assert_eq!(EditorUrl::parse("  "), Ok(None));
    }

    #[test]
    fn rejects_patterns_that_cannot_open_a_file() {
        for bad in [
            "vscode://file/",
            "javascript:alert('{path}')",
            "JavaScript:x({path})",
            "data:text/html,{path}",
            "/open/{path}",
            "vscode://file/{path}:{lin}",
            "vscode://file/{path} :{line}",
        ] {
            assert!(EditorUrl::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_variable_is_checked() {
        assert_eq!(from_variable(""), Ok(None));
        assert!(from_variable("vscode://file/{path}").unwrap().is_some());
        let error = from_variable("javascript:{path}").unwrap_err();
        assert_eq!(error.path, EDITOR_URL_VARIABLE);
        assert!(error.message.contains("javascript"), "{}", error.message);
    }

    #[test]
    fn site_toml_serve_table_gives_the_pattern() {
        let text = "title = \"T\"\nbase_url = \"https://a.org\"\n[serve]\neditor_url = \"vscode://file/{path}\"\n";
        let config = crate::config::parse_site_config(text).unwrap();
        assert_eq!(config.editor_url.map(|u| u.pattern().to_string()).as_deref(), Some("vscode://file/{path}"));
    }

    #[test]
    fn a_bad_pattern_in_site_toml_is_located() {
        let text = "title = \"T\"\nbase_url = \"https://a.org\"\n[serve]\neditor_url = \"javascript:{path}\"\n";
        let errors = crate::config::parse_site_config(text).unwrap_err().into_vec();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].location.map(|l| (l.line, l.col)), Some((4, 14)));
        assert!(errors[0].message.starts_with("`editor_url`"), "{}", errors[0].message);
    }
}
