//! How values read on a page: facts ("7–21 days", "3 of 5"), numbers
//! ("1,234.5"), dates ("4 March 2025") and capitalised names.

use super::template_context::DateContext;
use crate::config::FactDef;
use crate::parse::FactValue;
use chrono::NaiveDate;

/// A date as `{ iso, human }`.
pub(super) fn date_context(date: NaiveDate) -> DateContext {
    DateContext { iso: date.format("%Y-%m-%d").to_string(), human: date.format("%-d %B %Y").to_string() }
}

/// How a fact reads in a card or table cell: "7–21 days", "1 session",
/// "Minimally invasive", "3 of 5". A unit ending in `s` is singular for
/// exactly 1; enum and list values start with a capital (the value as
/// written stays in filters and exports' raw data).
pub(crate) fn display_fact(value: &FactValue, def: &FactDef) -> String {
    let unit = |text: String, one: bool| match &def.unit {
        Some(u) => format!("{text} {}", if one { singular(u) } else { u }),
        None => text,
    };
    match value {
        FactValue::Text(t) => t.clone(),
        FactValue::Number(n) => unit(format_number(*n), *n == 1.0),
        FactValue::Range(a, b) if a == b => unit(format_number(*a), *a == 1.0),
        FactValue::Range(a, b) => unit(format!("{}–{}", format_number(*a), format_number(*b)), false),
        FactValue::Enum(v, _) => capitalise(v),
        FactValue::List(items) => capitalise(&items.join(", ")),
        FactValue::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        FactValue::Scale(n) => format!("{n} of 5"),
        FactValue::Date(d) => date_context(*d).human,
    }
}

/// `days` → `day`, `sessions` → `session`; units not ending in a lower-case
/// `s` (`USD`, `mm`) are kept.
fn singular(unit: &str) -> &str {
    match unit.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') => stem,
        _ => unit,
    }
}

/// The text with its first letter in upper case ("acne scars" → "Acne scars").
pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The level of a scale as five dots: 3 → "●●●○○".
pub(super) fn scale_dots(level: u8) -> String {
    let level = usize::from(level.min(5));
    format!("{}{}", "●".repeat(level), "○".repeat(5 - level))
}

/// `1234.5` → `1,234.5`; integers without decimals.
pub(crate) fn format_number(n: f64) -> String {
    let negative = n < 0.0;
    let n = n.abs();
    let rounded = (n * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let mut digits = int.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    let mut out = format!("{}{digits}{grouped}", if negative { "-" } else { "" });
    let frac = rounded - rounded.trunc();
    if frac > 0.0 {
        let f = format!("{frac:.2}");
        out.push_str(f.trim_start_matches('0').trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_number(6000.0), "6,000");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(1234567.0), "1,234,567");
    }

    #[test]
    fn units_are_singular_for_one() {
        assert_eq!(singular("days"), "day");
        assert_eq!(singular("sessions"), "session");
        assert_eq!(singular("USD"), "USD");
        assert_eq!(singular("s"), "s");
        assert_eq!(singular("glass"), "glass");
        assert_eq!(capitalise("épiderme"), "Épiderme");
        assert_eq!(scale_dots(2), "●●○○○");
    }
}
