//! One integration-test binary (as ripgrep's tests/tests.rs): one module per
//! feature, each driving the real `dermis` binary or the library on fixture
//! sites copied to temporary folders.

#![allow(clippy::unwrap_used, missing_docs)]

mod site_test;

mod archetypes;
/// Issue 12 §2: `dermis new` for every section, with archetypes.
/// Issue 15: no import cycles between files, no arrow up the pipeline.
mod architecture;
/// Inputs that must not hang, crash or overflow.
mod bad_inputs;
/// Headless Chromium: table script, glossary tooltips, search.
mod browser;
/// Issue 14 §3: the persistent build cache of `build` and `check`.
mod build_cache;
/// The bundled site: builds cleanly and passes the W3C Nu HTML checker.
mod bundled_site;
/// GitHub alerts rendered as callouts.
mod callouts;
/// Prose citations, the source list, tiers, DOI and PMID.
mod citations;
/// Commands other than build: check, new, init; exit codes.
mod cli;
/// The CommonMark 0.31.2 spec examples, through dermis and pulldown-cmark.
mod commonmark;
/// Comparison tables, link graph, glossary, search and exports.
mod comparisons;
/// Issue 12 §1: drafts render with their problems in a banner; production leaves them out.
mod drafts;
/// Editorial checks ([checks]): reading grade, descriptions, headings, alt text, uncited figures.
mod editorial_checks;
/// The valid "full" fixture: parsed-HTML assertions on what comes out.
mod full_site;
/// Cached rebuilds (serve) equal fresh builds.
mod incremental;
/// Every case of tests/fixtures/invalid: exit code and exact messages.
mod invalid_cases;
/// The bundled knowledge base: complete, sourced, linked.
mod knowledge_base;
/// Every link form checked: anchors on site paths, queries, percent-encoding, page bundles.
mod link_forms;
/// Email autolinks, info strings, destinations, disallowed characters.
mod markdown;
/// Output folder safety, atomic replacement and determinism.
mod output;
/// Site files override the theme's.
mod overrides;
/// Issue 10 §4 and §6: people, review dates, report link, SEO, JSON-LD, sitemap, Atom.
mod people;
/// Issue 12 §5: the build's progress, reported by the pipeline and drawn on a terminal.
mod progress;
/// Issue 14 §1: a prose edit patches the last build's site; equal to a fresh build.
mod prose_patch;
/// Issue 9: search box, navigation, honest tables, home page, article layout.
mod reader;
/// Issue 11: the search index as files, and the search page without JavaScript.
mod search;
/// Issue 11: the reader query suite checked against the bundled content.
mod search_queries;
/// Issue 11: the browser's stemmer equals rust-stemmers on a large word list.
mod search_stemmer;
/// The dev server over real HTTP.
#[cfg(feature = "serve")]
mod serve;
/// Issue 12 §5 and §6: serve's rebuild log line and its dashboard.
#[cfg(feature = "serve")]
mod serve_reports;
/// Issue 10: variants and fact citations.
mod variants;
