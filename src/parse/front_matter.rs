//! Splitting a source into front matter and body. TOML sits between `+++`
//! lines, YAML between `---` lines; both must open on the first line.

use crate::diagnostics::{Code, Diagnostic, LineCol};
use crate::spanned::{Node, SyntaxError, parse_toml, parse_yaml};

/// Which format the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// `+++`
    Toml,
    /// `---`
    Yaml,
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }
}

/// The front matter of a source, located.
#[derive(Debug)]
pub(super) struct Split<'t> {
    /// TOML or YAML.
    pub format: Format,
    /// The front-matter text between the delimiter lines.
    pub front: &'t str,
    /// Offset of `front` in the file.
    pub front_offset: usize,
    /// Offset of the body (after the closing delimiter line).
    pub body_offset: usize,
}

/// Finds the front matter of `text` (already LF-normalised).
pub(super) fn split_front_matter<'t>(path: &str, text: &'t str) -> Result<Split<'t>, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    let opener = first_line.trim_end();
    let format = match opener {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => return Err(no_front_matter(path, opener)),
    };
    let front_offset = (first_line.len() + 1).min(text.len());
    let mut offset = front_offset;
    for line in text[front_offset..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == format.delimiter() {
            return Ok(Split {
                format,
                front: &text[front_offset..offset],
                front_offset,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(unclosed(path, text, format))
}

fn no_front_matter(path: &str, opener: &str) -> Diagnostic {
    let start = LineCol { line: 1, col: 1 };
    if opener.starts_with("+++") || opener.starts_with("---") {
        let wanted = if opener.starts_with('+') { "+++" } else { "---" };
        return Diagnostic::error(
            Code::FrontMatter,
            path,
            format!("front matter opens with `{opener}`; expected exactly `{wanted}`"),
        )
        .at(start)
        .with_help(format!("write `{wanted}` alone on the first line, and again after the front matter"));
    }
    Diagnostic::error(Code::FrontMatter, path, "no front matter: every page starts with `+++` (TOML) or `---` (YAML)")
        .at(start)
        .with_help("begin the file with:\n+++\ntitle = \"The page title\"\n+++")
}

fn unclosed(path: &str, text: &str, format: Format) -> Diagnostic {
    let other = match format {
        Format::Toml => "---",
        Format::Yaml => "+++",
    };
    let mismatched = text.lines().skip(1).position(|l| l.trim_end() == other);
    let help = match mismatched {
        Some(i) => format!(
            "line {} has `{other}`, but front matter opened with `{}` must close with `{}` too",
            i + 2,
            format.delimiter(),
            format.delimiter()
        ),
        None => format!("add a line with `{}` after the last front-matter key", format.delimiter()),
    };
    Diagnostic::error(
        Code::FrontMatter,
        path,
        format!("front matter opened here with `{}` is never closed", format.delimiter()),
    )
    .at(LineCol { line: 1, col: 1 })
    .with_help(help)
}

/// Parses the front-matter text in its format.
pub(super) fn parse_front(split: &Split<'_>) -> Result<Node, SyntaxError> {
    match split.format {
        Format::Toml => parse_toml(split.front),
        Format::Yaml => parse_yaml(split.front),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml() {
        let s = split_front_matter("a.md", "+++\ntitle = \"A\"\n+++\nbody").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body_offset, 20);
        let s = split_front_matter("a.md", "---\ntitle: A\n---\n").unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.front, "title: A\n");
    }

    #[test]
    fn front_matter_only_is_valid() {
        let s = split_front_matter("a.md", "+++\ntitle = \"A\"\n+++").unwrap();
        assert_eq!(s.body_offset, 19);
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(split_front_matter("a.md", "").unwrap_err().message.contains("no front matter"));
        assert!(split_front_matter("a.md", "++++\n").unwrap_err().message.contains("expected exactly"));
        let e = split_front_matter("a.md", "+++\ntitle = \"A\"\n---\n").unwrap_err();
        assert!(e.help.unwrap().contains("line 3 has `---`"));
    }
}
