//! What `serve` has already printed of a site's warnings. After a rebuild
//! the terminal shows only the warnings the change brought, and counts the
//! rest: a site with hundreds of warnings would otherwise print all of them
//! after every save, burying the one that matters (the dashboard lists every
//! problem). Pure bookkeeping; `serve.rs` prints.

use super::report::plural;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::HashMap;

/// A warning as the terminal tells it apart: by what it says and where,
/// not by its line, which moves whenever a line is added above it. What
/// makes two warnings the same one, hashed (128 bits, so two
/// different warnings never meet in practice): code, file, message and
/// help, not the line, so a warning that moved is not new. A hash instead
/// of the texts themselves: `serve` compares thousands of warnings after
/// every rebuild.
type Key = u128;

fn key_of(d: &Diagnostic) -> Key {
    use std::hash::Hash;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (d.code, &d.path, &d.message, &d.help).hash(&mut h);
    h.digest128()
}

#[derive(Debug, Default)]
pub(super) struct WarningMemory {
    seen: HashMap<Key, usize>,
}

/// How a build's warnings differ from the last ones.
#[derive(Debug)]
pub(super) struct WarningChange {
    /// Where, in the build's list, the warnings are that were not there
    /// before (or are there more often now), in order.
    pub new: Vec<usize>,
    /// Warnings of the build.
    pub total: usize,
    /// Warnings of the last build that are gone.
    pub fixed: usize,
}

impl WarningMemory {
    /// How the warnings of `diagnostics` differ from the remembered ones
    /// (errors are left out: they are always shown). Remembers them in
    /// place of the last when `remember`.
    pub(super) fn compare(&mut self, diagnostics: &Diagnostics, remember: bool) -> WarningChange {
        let mut now: HashMap<Key, usize> = HashMap::new();
        let mut new = Vec::new();
        for (at, d) in diagnostics.iter().enumerate().filter(|(_, d)| !d.is_error()) {
            let key = key_of(d);
            let before = self.seen.get(&key).copied().unwrap_or(0);
            let count = now.entry(key).or_insert(0);
            *count += 1;
            if *count > before {
                new.push(at);
            }
        }
        let fixed = self.seen.iter().map(|(k, &n)| n.saturating_sub(now.get(k).copied().unwrap_or(0))).sum();
        let total = now.values().sum();
        if remember {
            self.seen = now;
        }
        WarningChange { new, total, fixed }
    }
}

impl WarningChange {
    /// What to print of `diagnostics` (the list this change was made
    /// from), in its order: every error, and the new warnings.
    pub(super) fn to_print<'d>(&self, diagnostics: &'d Diagnostics) -> Vec<&'d Diagnostic> {
        let mut new = self.new.iter().copied().peekable();
        diagnostics
            .iter()
            .enumerate()
            .filter(|(at, d)| d.is_error() || new.next_if_eq(at).is_some())
            .map(|(_, d)| d)
            .collect()
    }

    /// `12 warnings (1 new, 2 fixed)`, or `None` when there are none and
    /// none went away.
    pub(super) fn summary(&self) -> Option<String> {
        if self.total == 0 && self.fixed == 0 {
            return None;
        }
        let mut parts = Vec::new();
        if !self.new.is_empty() {
            parts.push(format!("{} new", self.new.len()));
        }
        if self.fixed > 0 {
            parts.push(format!("{} fixed", self.fixed));
        }
        let counted = plural(self.total, "warning");
        Some(if parts.is_empty() { counted } else { format!("{counted} ({})", parts.join(", ")) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, LineCol};

    fn warning(path: &str, message: &str, line: usize) -> Diagnostic {
        Diagnostic::warning(Code::Link, path, message).at(LineCol { line, col: 1 })
    }

    fn texts(change: &WarningChange, all: &Diagnostics) -> Vec<String> {
        let all: Vec<&Diagnostic> = all.iter().collect();
        change.new.iter().map(|&at| format!("{}: {}", all[at].path, all[at].message)).collect()
    }

    #[test]
    fn a_rebuild_shows_only_what_is_new_and_counts_what_went() {
        let mut memory = WarningMemory::default();
        let first = Diagnostics::from(vec![warning("a.md", "orphan", 1), warning("b.md", "long", 4)]);
        let change = memory.compare(&first, true);
        assert_eq!(texts(&change, &first), ["a.md: orphan", "b.md: long"]);
        assert_eq!(change.summary().as_deref(), Some("2 warnings (2 new)"));
        // The same warnings, one of them two lines further down: nothing new.
        let moved = Diagnostics::from(vec![warning("a.md", "orphan", 1), warning("b.md", "long", 6)]);
        let change = memory.compare(&moved, true);
        assert!(change.new.is_empty());
        assert_eq!(change.summary().as_deref(), Some("2 warnings"));
        // One fixed, one new; a message that is there twice now counts once as new.
        let next = Diagnostics::from(vec![
            warning("b.md", "long", 6),
            warning("c.md", "long", 2),
            warning("c.md", "long", 9),
            Diagnostic::error(Code::Link, "d.md", "broken"),
        ]);
        let change = memory.compare(&next, true);
        assert_eq!(texts(&change, &next), ["c.md: long", "c.md: long"]);
        assert_eq!(change.summary().as_deref(), Some("3 warnings (2 new, 1 fixed)"));
        let none = Diagnostics::from(vec![]);
        assert_eq!(memory.compare(&none, true).summary().as_deref(), Some("0 warnings (3 fixed)"));
        assert_eq!(memory.compare(&none, true).summary(), None);
    }

    #[test]
    fn errors_and_new_warnings_print_in_the_order_of_the_build() {
        let mut memory = WarningMemory::default();
        memory.compare(&Diagnostics::from(vec![warning("b.md", "long", 1)]), true);
        let failed = Diagnostics::from(vec![
            warning("a.md", "orphan", 1),
            Diagnostic::error(Code::Link, "a.md", "broken"),
            warning("b.md", "long", 1),
            warning("c.md", "long", 1),
            Diagnostic::error(Code::Link, "c.md", "broken"),
        ]);
        let change = memory.compare(&failed, false);
        let printed: Vec<String> =
            change.to_print(&failed).iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
        assert_eq!(printed, ["a.md: orphan", "a.md: broken", "c.md: long", "c.md: broken"]);
    }

    #[test]
    fn a_comparison_not_remembered_leaves_the_memory_as_it_was() {
        let mut memory = WarningMemory::default();
        let good = Diagnostics::from(vec![warning("a.md", "orphan", 1)]);
        memory.compare(&good, true);
        let failed = Diagnostics::from(vec![warning("b.md", "long", 1)]);
        assert_eq!(texts(&memory.compare(&failed, false), &failed), ["b.md: long"]);
        assert!(memory.compare(&good, true).new.is_empty());
    }
}
