//! Stage 0: `site.toml` → [`SiteConfig`]. Reads one file; every problem is a
//! located diagnostic with a did-you-mean for unknown keys.

mod callout_labels;
mod checks;
mod comparison_spec;
mod editor_url;
mod fact_schema;
mod json_ld_types;
mod people;
mod search_config;
mod site_config;
mod sources_config;
mod taxonomy;

pub(crate) use callout_labels::CalloutLabels;
pub(crate) use checks::CheckSettings;
pub(crate) use comparison_spec::ComparisonSpec;
pub(crate) use editor_url::EditorUrl;
pub(crate) use fact_schema::{Collection, FactDef, FactType};
pub(crate) use json_ld_types::is_medical_type;
pub(crate) use people::{Contact, Person, PersonKind, ReviewPolicy};
pub(crate) use search_config::SearchConfig;
pub(crate) use site_config::BUILT_IN_THEME;
pub use site_config::SiteConfig;
pub(crate) use sources_config::tier_help;
pub(crate) use sources_config::{PolicyLink, SourcesConfig, host_of};
pub(crate) use taxonomy::Taxonomy;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, LineIndex, SourceLocator};
use crate::spanned::{parse_toml, reader::Reader};
use std::path::Path;

/// Name of the configuration file at the site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// Reads and checks `<root>/site.toml`; `DERMIS_EDITOR_URL` replaces its
/// `[serve] editor_url` (the loader is the one place that reads it).
pub(crate) fn load_site_config(root: &Path) -> Result<SiteConfig, Diagnostics> {
    load_site_config_hashed(root).map(|(config, _)| config)
}

/// [`load_site_config`], with a hash of the file's text (to notice changes).
pub(crate) fn load_site_config_hashed(root: &Path) -> Result<(SiteConfig, u64), Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => crate::text::decode_text(CONFIG_FILE, &bytes, Code::Config).map_err(single)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let message = format!("no site.toml in {}", root.display());
            let help = "run dermis from the site's folder, pass --root DIR, or create a site with `dermis init DIR`";
            return Err(single(Diagnostic::error(Code::Config, CONFIG_FILE, message).with_help(help)));
        }
        Err(e) => {
            return Err(single(Diagnostic::error(Code::Config, CONFIG_FILE, format!("cannot read site.toml: {e}"))));
        }
    };
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&text, &mut hasher);
    let mut config = parse_site_config(&text)?;
    config.editor_url = editor_url::with_environment(config.editor_url.take()).map_err(single)?;
    Ok((config, std::hash::Hasher::finish(&hasher)))
}

/// Parses the text of a `site.toml`.
pub fn parse_site_config(text: &str) -> Result<SiteConfig, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let index = LineIndex::new(text);
    let locator = SourceLocator { path: CONFIG_FILE, text, index: &index, base: 0 };
    let root = parse_toml(text).map_err(|e| {
        single(
            Diagnostic::error(Code::Config, CONFIG_FILE, format!("site.toml is not valid TOML: {}", e.message))
                .at(locator.locate(e.offset))
                .with_source(text),
        )
    })?;
    let mut reader = Reader::new(locator, Code::Config);
    let config = SiteConfig::read(&root, &mut reader);
    let mut diagnostics = Diagnostics::from(reader.into_diagnostics()).sorted();
    diagnostics.attach_sources(|_| Some(text));
    match config {
        Some(config) if !diagnostics.has_errors() => Ok(config),
        _ => Err(diagnostics),
    }
}

fn single(d: Diagnostic) -> Diagnostics {
    Diagnostics::from(vec![d])
}
