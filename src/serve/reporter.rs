//! What `serve` tells its terminal, as a trait (the command prints it;
//! the rebuild loop and the search part report through it).

use crate::diagnostics::Diagnostics;
use crate::pipeline::BuiltSite;
use std::time::Duration;

/// What the server reports to the terminal.
pub(crate) trait ServeReporter: Send + Sync + 'static {
    /// The server is listening.
    fn listening(&self, url: &str, watcher_polls: bool);
    /// A build succeeded. `changed` lists the site files (relative to the
    /// site folder, sorted) whose change caused it; empty for the first build.
    fn built(&self, built: &BuiltSite, elapsed: Duration, changed: &[String]);
    /// A build failed; `changed` as for [`ServeReporter::built`].
    fn failed(&self, diagnostics: &Diagnostics, changed: &[String]);
    /// The warnings a build's search part found, once it is served.
    fn search_warnings(&self, warnings: &Diagnostics);
}
