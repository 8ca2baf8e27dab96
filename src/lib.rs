//! dermis: a static knowledge-site generator.
//!
//! ```text
//! site.toml ──► config ──► SiteConfig ─────────────┬──────────────┐
//! content/  ──► load ──► SourceFile ──► parse ──► ParsedPage ──► resolve ──► SiteGraph
//! themes/, templates/ ──► render::Templates ─────────────────────► render ──► OutputFile
//!                                                   build: write ──► public/ (atomic swap)
//! ```
//!
//! [`pipeline`] is the only module that chains the stages. Every stage
//! reports problems as [`Diagnostic`] values with a location.
//!
//! The stages are private: what they export is `pub(crate)`, so the
//! compiler reports dead code, and `tests/integration/architecture.rs`
//! checks that no import points up the pipeline. The public API is the
//! pipeline, the command line, and [`stages`] for tests that drive one
//! stage alone.

pub mod cli;
mod commands;
mod config;
mod diagnostics;
mod drafts;
mod drop_later;
mod load;
mod memo;
mod parse;
pub mod pipeline;
pub mod progress;
mod render;
mod resolve;
mod review_schedule;
mod scaffold;
#[cfg(feature = "serve")]
mod serve;
mod site_overview;
mod spanned;
mod text;
mod write;

pub use commands::{Outcome, run};
pub use config::{SiteConfig, parse_site_config};
pub use diagnostics::{Code, Diagnostic, Diagnostics, Severity};
pub use pipeline::{BuildFailure, BuildOptions, BuiltSite, build_in_memory, build_site};

/// The stages one at a time, for tests that check one stage on its own
/// (the CommonMark spec runner, generated inputs).
pub mod stages {
    pub use crate::load::{SourceFile, decode_source};
    pub use crate::parse::{ParsedPage, markdown_options, new_markdown_parser, parse_page};
    pub use crate::render::render_body;
    pub use crate::resolve::{SiteGraph, build_site_graph};
}

// Test-only (after everything else: the architecture test reads a file
// only up to its first `#[cfg(test)]`).
#[cfg(test)]
mod test_site;
