//! Diagnostics as text for the terminal, in the shape of design.md:
//!
//! ```text
//! error[facts]: content/methods/chemical-peels.md:9:17
//!   `downtime_days`: expected a range such as "3-14" or [3, 14], found "two weeks"
//!    |
//!  9 | downtime_days = "two weeks"
//!    |                 ^^^^^^^^^^^
//!   help: the facts declared for `methods` in site.toml make downtime_days a range in days
//! ```
//!
//! The frame (drawn by [`render_frame`]) is there when the diagnostic has a
//! location and its line was attached.

use super::code_frame::render_frame;
use super::diagnostic::{Diagnostic, Severity};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

/// Renders diagnostics, one block each, with ANSI styles when `color` is set.
pub(crate) fn render_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>, color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        render_one(&mut out, d, color);
    }
    out
}

fn paint(out: &mut String, style: Style, text: &str, color: bool) {
    if color {
        let _ = write!(out, "{}{text}{}", style.render(), style.render_reset());
    } else {
        out.push_str(text);
    }
}

fn render_one(out: &mut String, d: &Diagnostic, color: bool) {
    let (word, tint) = match d.severity {
        Severity::Error => ("error", AnsiColor::Red),
        Severity::Warning => ("warning", AnsiColor::Yellow),
    };
    let head = Style::new().bold().fg_color(Some(tint.into()));
    paint(out, head, &format!("{word}[{}]", d.code), color);
    out.push_str(": ");
    let place = match d.location {
        Some(lc) => format!("{}:{}:{}", d.path, lc.line, lc.col),
        None => d.path.clone(),
    };
    paint(out, Style::new().bold(), &place, color);
    out.push('\n');
    for line in d.message.lines() {
        let _ = writeln!(out, "  {line}");
    }
    if let Some(frame) = render_frame(d, color) {
        for line in frame.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    if let Some(help) = &d.help {
        out.push_str("  ");
        paint(out, Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())), "help", color);
        let mut lines = help.lines();
        let _ = writeln!(out, ": {}", lines.next().unwrap_or(""));
        for line in lines {
            let _ = writeln!(out, "        {line}");
        }
    }
}
