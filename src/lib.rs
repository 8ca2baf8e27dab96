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
//! reports problems as [`diagnostics::Diagnostic`] values with a location.

pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostics;
pub mod drafts;
pub mod load;
pub(crate) mod memo;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod review_schedule;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site_overview;
pub mod spanned;
pub mod text;
pub mod write;

pub use pipeline::{BuildFailure, BuildOptions, BuiltSite, build_in_memory, build_site};
