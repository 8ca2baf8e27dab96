//! A format-neutral tree of values that remember where they were written.
//!
//! TOML (site.toml, `+++` front matter) and YAML (`---` front matter) are both
//! read into [`Node`]s with byte spans, so one set of typed readers
//! ([`reader`]) reports every problem at the offending value, whichever format
//! the author chose.

mod from_toml;
mod from_yaml;
mod node;
mod plain_syntax;
pub(crate) mod reader;

pub(crate) use from_toml::parse_toml;
pub(crate) use from_yaml::parse_yaml;
pub(crate) use node::{Node, SyntaxError, Value};
