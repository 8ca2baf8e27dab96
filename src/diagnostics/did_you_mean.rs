//! "Did you mean …?" suggestions: the closest candidate by edit distance.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = input.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&lowered, &candidate.to_lowercase());
        // Ties go to the first candidate, so callers that pass sorted lists get stable output.
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    // 0.8 keeps typos ("tittle", "dermabrasoin") and drops unrelated words.
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// `did you mean `x`?` when a close candidate exists.
pub(crate) fn suggestion_help<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    suggestion_help_as(input, candidates, str::to_string)
}

/// [`suggestion_help`] with the candidate written as the author would
/// write it: `written("peels")` may give `[[peels]]`, `@/peels` or `#peels`.
pub(crate) fn suggestion_help_as<'a, I>(input: &str, candidates: I, written: impl Fn(&str) -> String) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(input, candidates).map(|c| format!("did you mean `{}`?", written(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        let keys = ["title", "description", "date"];
        assert_eq!(did_you_mean("tittle", keys), Some("title"));
        assert_eq!(did_you_mean("dte", keys), Some("date"));
        assert_eq!(did_you_mean("zzzz", keys), None);
    }
}
