//! The `dermis` binary: parse the command line, run, exit 0/1/2.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dermis::cli::Cli::parse();
    ExitCode::from(dermis::run(&cli).exit_code())
}
