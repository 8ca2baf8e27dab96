//! Command-line types (clap derive) and nothing else.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// dermis: a static knowledge-site generator with typed facts,
/// comparison tables and strict link checking.
#[derive(Debug, Parser)]
#[command(name = "dermis", version, about, propagate_version = true)]
pub struct Cli {
    /// The site's folder (holding site.toml).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print errors only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the time of each stage.
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (replaced only when the build succeeds).
    Build(BuildArgs),
    /// Check everything build checks, writing nothing.
    Check(CheckArgs),
    /// Build, serve and watch the site, reloading the browser on every change.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Scaffold a new draft page of a section: the collection's facts, and a body from its archetype.
    New(NewArgs),
    /// Create a new minimal site that builds.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
}

/// `dermis build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: public/ in the site's folder).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Base URL to use instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Neither use nor update the build cache (.dermis-cache/): parse every
    /// page and write every file afresh.
    #[arg(long)]
    pub no_cache: bool,
}

/// `dermis check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Neither use nor update the build cache (.dermis-cache/).
    #[arg(long)]
    pub no_cache: bool,
}

/// `dermis serve`.
#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (other machines can read the site when not loopback).
    #[arg(long, short, default_value = "127.0.0.1")]
    pub interface: std::net::IpAddr,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// `dermis new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The section: a collection of site.toml or a folder of content/ (e.g. methods, guides).
    pub section: String,
    /// Title of the new page.
    pub title: String,
}

/// `dermis completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `dermis init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in (must be empty or absent).
    pub dir: PathBuf,
}
