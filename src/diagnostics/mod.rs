//! Errors and warnings as data. Every stage reports problems by building
//! [`Diagnostic`] values that carry their own location; `terminal.rs` is the
//! only place that turns them into text. This module depends on nothing else
//! in the crate.

mod code_frame;
mod diagnostic;
mod did_you_mean;
mod excerpt;
mod source_map;
mod terminal;

#[cfg(feature = "serve")]
pub(crate) use code_frame::render_frame;
pub use diagnostic::{Code, Diagnostic, Diagnostics, Severity};
pub(crate) use did_you_mean::{did_you_mean, suggestion_help, suggestion_help_as};
pub(crate) use source_map::{LineCol, LineIndex, SourceLocator};
pub(crate) use terminal::render_diagnostics;
