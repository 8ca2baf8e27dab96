//! Stage 5: `Vec<OutputFile>` → the output folder, atomically.
//!
//! dermis renders into a staging folder beside the output and swaps it in
//! only when every file was written, so a failed or interrupted build leaves
//! the previous output exactly as it was. It replaces an existing output
//! only if that is an empty folder or carries dermis's marker file, and
//! refuses any folder that is, contains or sits inside the site's own
//! sources, and anything that is not a folder (files, devices, FIFOs,
//! sockets, links to them or out of their folder). One build at a time
//! writes an output folder: an OS lock beside it says which.

mod atomic_swap;
mod build_lock;
mod output_guard;
mod previous_output;
mod remove_tree;
mod replace_file;
mod staging;
mod stop;

pub(crate) use atomic_swap::write_site_until;
pub(crate) use output_guard::check_output_dir;
pub(crate) use previous_output::{ReadBack, RenderKeys, RenderedPage, previous_bytes, read_rendered_pages};
pub(crate) use replace_file::replace_file;
pub(crate) use stop::StopRequest;
