//! The one memo design of incremental builds (`serve`). Every memoised step
//! of the pipeline — parsing a source, rendering a body or a page, a piece
//! of a site-wide output, the related-pages ranking — is a [`Memo`]: a value
//! stored under an identity (a path, a URL) together with the hash of the
//! inputs it was made from. A lookup hits only when that hash is equal.
//!
//! One sweep rule for all of them: a build records every value it used, hit
//! or made ([`Memo::record`]), and [`Memo::finish`] keeps exactly those, so
//! entries of deleted pages are gone after one build.
//!
//! Verify mode (`DERMIS_VERIFY_CACHE=1`, or [`Memo::verifying`]): lookups
//! never hit, so every value is made again, and recording a value whose
//! input hash equals the stored one but whose value differs is a mismatch —
//! proof that a key misses an input. The build session fails loudly on
//! any mismatch (see `BuildSession::build`).

use std::collections::HashMap;
use std::hash::Hash;

/// The environment variable that turns verify mode on.
pub(crate) const VERIFY_ENV: &str = "DERMIS_VERIFY_CACHE";

/// True when the environment asks for verify mode.
pub(crate) fn verify_requested() -> bool {
    std::env::var_os(VERIFY_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Values by identity, each with the hash of the inputs it was made from.
pub(crate) struct Memo<K, V> {
    /// What the last finished build used.
    stored: HashMap<K, (u64, V)>,
    /// What the current build has used so far.
    used: HashMap<K, (u64, V)>,
    /// A short name for messages (`"page"`, `"body"`…).
    name: &'static str,
    enabled: bool,
    verify: bool,
    /// Identities whose key was equal but whose value was not (verify mode).
    mismatches: Vec<String>,
}

impl<K: Hash + Eq + Clone + std::fmt::Debug + Send + 'static, V: Clone + PartialEq + Send + 'static> Memo<K, V> {
    /// A memo that remembers when `enabled` (a memo that is not never hits
    /// and stores nothing).
    pub(crate) fn new(name: &'static str, enabled: bool) -> Self {
        Memo { stored: HashMap::new(), used: HashMap::new(), name, enabled, verify: false, mismatches: Vec::new() }
    }

    /// The same memo in verify mode.
    pub(crate) fn verifying(mut self, verify: bool) -> Self {
        self.verify = verify;
        self
    }

    /// Whether the memo is in verify mode (never hits).
    pub(crate) fn is_verifying(&self) -> bool {
        self.verify
    }

    /// Whether the memo remembers at all.
    pub(crate) fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The value stored under `id` if it was made from inputs hashing to
    /// `key`. Never a hit in verify mode.
    pub(crate) fn lookup(&self, id: &K, key: u64) -> Option<&V> {
        if !self.enabled || self.verify {
            return None;
        }
        self.used.get(id).or_else(|| self.stored.get(id)).filter(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Notes that this build used `value`, made from inputs hashing to
    /// `key`, under `id` (hit or made). In verify mode, a stored value of
    /// the same key that differs is a mismatch.
    pub(crate) fn record(&mut self, id: K, key: u64, value: V) {
        if !self.enabled {
            return;
        }
        if self.verify
            && let Some((k, old)) = self.stored.get(&id)
            && *k == key
            && *old != value
        {
            self.mismatches.push(format!("{} {:?}", self.name, id));
        }
        self.used.insert(id, (key, value));
    }

    /// The value under `id` for `key`, made by `make` when there is none.
    pub(crate) fn get_or_make(&mut self, id: K, key: u64, make: impl FnOnce() -> V) -> V {
        let value = match self.lookup(&id, key) {
            Some(v) => v.clone(),
            None => make(),
        };
        self.record(id, key, value.clone());
        value
    }

    /// Ends a build: what it used is what the next build may reuse.
    pub(crate) fn finish(&mut self) {
        if self.enabled {
            // The next build uses about as many entries as this one.
            let next = HashMap::with_capacity(self.used.len());
            let used = std::mem::replace(&mut self.used, next);
            crate::drop_later::drop_later(std::mem::replace(&mut self.stored, used));
        }
    }

    /// Adds a value a previous process made (the persistent build cache)
    /// as if the last build had used it: a lookup may hit it, and in verify
    /// mode the value made again is compared with it.
    pub(crate) fn seed(&mut self, id: K, key: u64, value: V) {
        if self.enabled {
            self.stored.insert(id, (key, value));
        }
    }

    /// What the last finished build used: identity, input hash, value.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&K, u64, &V)> {
        self.stored.iter().map(|(id, (key, value))| (id, *key, value))
    }

    /// Forgets everything (templates or configuration changed).
    pub(crate) fn clear(&mut self) {
        self.stored.clear();
        self.used.clear();
    }

    /// The mismatches found since the last call (verify mode), emptied.
    pub(crate) fn take_mismatches(&mut self) -> Vec<String> {
        std::mem::take(&mut self.mismatches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_only_on_an_equal_key_and_sweeps_what_a_build_did_not_use() {
        let mut memo: Memo<String, u32> = Memo::new("t", true);
        assert_eq!(memo.get_or_make("a".into(), 1, || 10), 10);
        memo.record("b".into(), 2, 20);
        memo.finish();
        assert_eq!(memo.lookup(&"a".into(), 1), Some(&10));
        assert_eq!(memo.lookup(&"a".into(), 9), None, "another key is another input");
        // This build uses only "a": "b" is dropped when it finishes.
        assert_eq!(memo.get_or_make("a".into(), 1, || unreachable!("a hit")), 10);
        memo.finish();
        assert_eq!(memo.lookup(&"b".into(), 2), None);
        assert_eq!(memo.stored.len(), 1);
    }

    #[test]
    fn a_disabled_memo_never_hits() {
        let mut memo: Memo<String, u32> = Memo::new("t", false);
        memo.record("a".into(), 1, 10);
        memo.finish();
        assert_eq!(memo.lookup(&"a".into(), 1), None);
        assert!(memo.stored.is_empty());
    }

    #[test]
    fn verify_mode_remakes_every_value_and_reports_a_key_that_misses_an_input() {
        let mut memo: Memo<String, u32> = Memo::new("page", true).verifying(true);
        memo.record("a".into(), 1, 10);
        memo.record("b".into(), 1, 10);
        memo.finish();
        let mut made = 0;
        let a = memo.get_or_make("a".into(), 1, || {
            made += 1;
            10
        });
        assert_eq!((a, made), (10, 1), "verify mode makes the value again");
        // Same key, different value: the key left out an input.
        memo.get_or_make("b".into(), 1, || 11);
        // Another key may give another value.
        memo.record("c".into(), 7, 1);
        assert_eq!(memo.take_mismatches(), vec!["page \"b\"".to_string()]);
    }

    #[test]
    fn a_seeded_value_hits_like_a_stored_one_and_is_checked_in_verify_mode() {
        let mut memo: Memo<String, u32> = Memo::new("page", true);
        memo.seed("a".into(), 1, 10);
        assert_eq!(memo.get_or_make("a".into(), 1, || unreachable!("a hit")), 10);
        let mut verifying: Memo<String, u32> = Memo::new("page", true).verifying(true);
        verifying.seed("a".into(), 1, 10);
        verifying.seed("b".into(), 2, 20);
        assert_eq!(verifying.get_or_make("a".into(), 1, || 10), 10);
        assert_eq!(verifying.get_or_make("b".into(), 2, || 21), 21, "made again, never taken");
        assert_eq!(verifying.take_mismatches(), vec!["page \"b\"".to_string()]);
    }
}
