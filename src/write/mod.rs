//! Stage 5: `Vec<OutputFile>` → the output folder, atomically.
//!
//! dermis renders into a staging folder beside the output and swaps it in
//! only when every file was written, so a failed build leaves the previous
//! output exactly as it was. It replaces an existing output folder only if
//! that folder is empty or carries dermis's marker file, and refuses any
//! folder that is, contains or sits inside the site's own sources.

mod atomic_swap;
mod output_guard;

pub use atomic_swap::write_site;
pub use output_guard::{MARKER_FILE, check_output_dir};
