//! One file per subcommand; the only code (with main.rs) that prints.

mod build;
mod check;
mod completions;
mod init_site;
mod new_page;
mod progress_bar;
#[cfg(feature = "serve")]
mod rebuild_log;
mod report;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "serve")]
mod warning_memory;

use crate::cli::{Cli, Command};

/// How a command ended; main.rs turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the site has errors.
    SiteErrors,
    /// Exit 2: bad usage or unreadable configuration.
    UsageError,
    /// Ended by a signal; exit 128 + its number (130 SIGINT, 143 SIGTERM).
    Interrupted(u8),
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::SiteErrors => 1,
            Outcome::UsageError => 2,
            Outcome::Interrupted(code) => code,
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Outcome {
    let out = report::Printer { quiet: cli.quiet, verbose: cli.verbose > 0 };
    #[cfg(feature = "serve")]
    let out_for_serve = report::Printer { quiet: cli.quiet, verbose: cli.verbose > 0 };
    match &cli.command {
        Command::Build(args) => build::run(args, &cli.root, &out),
        Command::Check(args) => check::run(args, &cli.root, &out),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args, &cli.root, out_for_serve),
        Command::New(args) => new_page::run(args, &cli.root, &out),
        Command::Init(args) => init_site::run(args, &out),
        Command::Completions(args) => completions::run(args, &out),
    }
}
