//! `dermis completions <shell>`: the completion script clap derives from
//! the command line, printed to standard output.

use super::Outcome;
use super::report::Printer;
use crate::cli::{Cli, CompletionsArgs};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use clap::CommandFactory;
use std::io::Write;

/// Prints the script; a closed pipe or full disk is a usage error (exit 2).
pub(super) fn run(args: &CompletionsArgs, out: &Printer) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "dermis", &mut script);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            let d = Diagnostic::error(Code::Io, "<stdout>", format!("cannot write the completion script: {e}"))
                .with_help("redirect it to a file: dermis completions bash > dermis.bash");
            out.diagnostics(&Diagnostics::from(vec![d]));
            Outcome::UsageError
        }
    }
}
