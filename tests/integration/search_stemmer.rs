//! Issue 11: the browser's stemmer, themes/clinic/static/search-stemmer.js,
//! gives the same stem as the one the index is built with (rust-stemmers'
//! Snowball English) for every word of tests/fixtures/search/stemmer-words.txt
//! and every token of the bundled site's content/. Node runs the JavaScript
//! (tests/search/stem_words.mjs); without `node` these tests fail, unless
//! DERMIS_SKIP_BROWSER is set.

use crate::site_test::repo;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};
use unicode_normalization::UnicodeNormalization;

/// Words and their stems that both sides must give (Porter2 examples and
/// the site's own vocabulary).
const KNOWN_STEMS: &[(&str, &str)] = &[
    ("generously", "generous"),
    ("microneedling", "microneedl"),
    ("dying", "die"),
    ("news", "news"),
    ("skies", "sky"),
    ("crow's", "crow"),
    ("patients'", "patient"),
    ("hoping", "hope"),
    ("cries", "cri"),
    ("ties", "tie"),
    ("gaps", "gap"),
    ("gas", "gas"),
    ("kiwis", "kiwi"),
    ("luxuriating", "luxuri"),
    ("arsenal", "arsenal"),
    ("communities", "communiti"),
    ("herrings", "herring"),
    ("proceeding", "proceed"),
    ("played", "play"),
    ("yes", "yes"),
    ("'tis", "tis"),
    ("2024", "2024"),
];

/// Tokens outside the word list on purpose: characters beyond ASCII, and
/// beyond the Basic Multilingual Plane (two UTF-16 units in JavaScript, one
/// character for Rust), where counting characters matters.
const UNUSUAL_TOKENS: &[&str] = &[
    "straßes",
    "søren's",
    "æsthetically",
    "ωmegas",
    "кошки",
    "日本語",
    "\u{1d41a}y",
    "x\u{1d41a}y",
    "\u{1d41a}\u{1d41b}ing",
    "b\u{1d41a}ts",
    "\u{e000}ing",
    "\u{e000}\u{1d41a}ly",
];

/// Suffixes and forms of the English stemmer that the word list must
/// contain at least one word of (so that every rule is exercised).
const MUST_COVER: &[&str] = &[
    "'", "'s", "'s'", "sses", "ied", "ies", "us", "ss", "eed", "eedly", "edly", "ingly", "ated", "bled", "ized",
    "bbed", "dded", "ffed", "gged", "mmed", "nned", "pped", "rred", "tted", "tional", "ency", "ancy", "ably", "ently",
    "izer", "ization", "ational", "ation", "ator", "alism", "ality", "ally", "fulness", "ously", "ousness", "iveness",
    "ivity", "bility", "bly", "logy", "fully", "lessly", "cly", "dly", "ely", "gly", "hly", "kly", "mly", "nly", "rly",
    "tly", "alize", "icate", "icity", "ical", "ful", "ness", "ative", "ance", "ence", "er", "ic", "able", "ible",
    "ant", "ement", "ment", "ent", "ism", "ate", "ity", "ous", "ive", "ize", "sion", "tion", "ll",
];

/// The stemmer's exceptional words, which the word list must contain.
const EXCEPTIONAL: &[&str] = &[
    "skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only", "singly", "sky", "news",
    "howe", "atlas", "cosmos", "bias", "andes", "inning", "outing", "canning", "herring", "earring", "proceed",
    "exceed", "succeed",
];

/// The stem rust-stemmers gives, as the index does.
fn rust_stem(stemmer: &Stemmer, word: &str) -> String {
    stemmer.stem(word).into_owned()
}

/// Stems `words` with search-stemmer.js under Node; None when node is
/// missing and DERMIS_SKIP_BROWSER is set (the test is then skipped).
fn js_stems(words: &[String]) -> Option<Vec<String>> {
    let script = repo().join("tests/search/stem_words.mjs");
    let mut child = match Command::new("node")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var_os("DERMIS_SKIP_BROWSER").is_some() {
                return None;
            }
            panic!(
                "`node` is not installed, so the browser's stemmer cannot be compared with the \
                 index's: run scripts/install-test-tools.sh (or set DERMIS_SKIP_BROWSER=1 to skip)"
            );
        }
        Err(e) => panic!("cannot run node {}: {e}", script.display()),
    };
    let mut input = String::new();
    for word in words {
        input.push_str(word);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{} failed:\n{}", script.display(), String::from_utf8_lossy(&out.stderr));
    let stems: Vec<String> = stdout.lines().map(str::to_owned).collect();
    assert_eq!(stems.len(), words.len(), "one stem a word from {}", script.display());
    Some(stems)
}

/// Fails with the first 20 words whose stems differ (of how many).
fn assert_same_stems(words: &[String]) {
    let Some(js) = js_stems(words) else { return };
    let stemmer = Stemmer::create(Algorithm::English);
    let differing: Vec<String> = words
        .iter()
        .zip(&js)
        .filter_map(|(word, js_stem)| {
            let rust = rust_stem(&stemmer, word);
            (rust != *js_stem).then(|| format!("{word:?}: rust-stemmers {rust:?}, search-stemmer.js {js_stem:?}"))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "search-stemmer.js differs from rust-stemmers on {} of {} words; the first 20:\n{}",
        differing.len(),
        words.len(),
        differing.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The committed word list, without its comment lines.
fn word_list() -> Vec<String> {
    let path = repo().join("tests/fixtures/search/stemmer-words.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines().filter(|line| !line.starts_with('#')).map(str::to_owned).collect()
}

/// Tokens of a text as the search contract defines them: lower-cased,
/// NFD-folded without combining marks, curly apostrophes straightened,
/// runs of letters and digits that may hold an apostrophe inside.
fn tokens(text: &str, into: &mut BTreeSet<String>) {
    let folded: Vec<char> = text
        .to_lowercase()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == '\u{2019}' || c == '\u{2018}' { '\'' } else { c })
        .collect();
    let mut token = String::new();
    for (i, &c) in folded.iter().enumerate() {
        let inner_apostrophe =
            c == '\'' && !token.is_empty() && folded.get(i + 1).is_some_and(|next| next.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            token.push(c);
        } else if !token.is_empty() {
            into.insert(std::mem::take(&mut token));
        }
    }
    if !token.is_empty() {
        into.insert(token);
    }
}

#[test]
fn browser_stemmer_matches_rust_stemmers_on_the_word_list() {
    let words = word_list();
    let distinct: BTreeSet<&str> = words.iter().map(String::as_str).collect();
    assert_eq!(distinct.len(), words.len(), "the word list has duplicates");
    assert!(words.len() >= 20_000, "the word list has only {} words", words.len());
    for word in &words {
        assert!(
            !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '\'') && *word == word.to_lowercase(),
            "not a lower-case token in the word list: {word:?}"
        );
    }
    for suffix in MUST_COVER {
        assert!(words.iter().any(|w| w.ends_with(suffix)), "no word in the list ends with {suffix:?}");
    }
    for word in EXCEPTIONAL {
        assert!(distinct.contains(word), "the exceptional form {word:?} is missing from the word list");
    }
    assert_same_stems(&words);
}

#[test]
fn browser_stemmer_matches_rust_stemmers_on_the_site_content_and_unusual_tokens() {
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|ext| ext == "md") {
            tokens(&std::fs::read_to_string(entry.path()).unwrap(), &mut found);
        }
    }
    assert!(found.len() > 1000, "only {} tokens in content/", found.len());
    assert!(found.contains("crow's"), "the tokenizer keeps inner apostrophes");
    found.extend(UNUSUAL_TOKENS.iter().map(|t| (*t).to_owned()));
    assert_same_stems(&found.into_iter().collect::<Vec<_>>());
}

#[test]
fn both_stemmers_give_the_known_stems() {
    let stemmer = Stemmer::create(Algorithm::English);
    for (word, stem) in KNOWN_STEMS {
        assert_eq!(rust_stem(&stemmer, word), *stem, "rust-stemmers on {word:?}");
    }
    let words: Vec<String> = KNOWN_STEMS.iter().map(|(w, _)| (*w).to_owned()).collect();
    let Some(js) = js_stems(&words) else { return };
    for ((word, stem), js_stem) in KNOWN_STEMS.iter().zip(&js) {
        assert_eq!(js_stem, stem, "search-stemmer.js on {word:?}");
    }
}
