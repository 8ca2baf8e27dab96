//! `dermis completions <shell>`: the completion script clap derives from
//! the command line, printed to standard output.

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use clap::CommandFactory;
use std::io::Write;

/// Prints the script; a closed pipe or full disk is a usage error (exit 2).
pub fn run(args: &CompletionsArgs) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "dermis", &mut script);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            eprintln!("error: cannot write the completion script: {e}");
            Outcome::UsageError
        }
    }
}
