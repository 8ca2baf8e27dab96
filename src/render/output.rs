//! The output of rendering: files to write, in memory or copied from disk.

use std::path::PathBuf;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated: `methods/peels/index.html`.
    pub path: String,
    /// What to write.
    pub content: OutputContent,
    /// What produced it, for collision messages: a source path or a description.
    pub origin: String,
}

/// The bytes of an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputContent {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Rendered earlier and shared with the render cache (no copy).
    Shared(std::sync::Arc<[u8]>),
    /// Copied from a file of the site.
    Copy(PathBuf),
}

impl OutputFile {
    /// A rendered file.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>, origin: impl Into<String>) -> Self {
        OutputFile { path: path.into(), content: OutputContent::Bytes(bytes.into()), origin: origin.into() }
    }
}

impl OutputContent {
    /// The bytes, when they are in memory.
    pub fn in_memory(&self) -> Option<&[u8]> {
        match self {
            OutputContent::Bytes(b) => Some(b),
            OutputContent::Shared(b) => Some(b),
            OutputContent::Copy(_) => None,
        }
    }
}

/// `/methods/peels/` → `methods/peels/index.html`; `/a.html` → `a.html`.
pub fn output_path_of(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}
