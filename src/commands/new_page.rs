//! `dermis new <section> "<Title>"`: writes the page [`crate::scaffold`]
//! makes (a draft), never overwriting, and says how to preview it.

use super::Outcome;
use super::report::Printer;
use crate::cli::NewArgs;
use crate::config::load_site_config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::scaffold::new_page;
use std::path::Path;

/// Writes `content/<section>/<slug>.md`.
pub(super) fn run(args: &NewArgs, root: &Path, out: &Printer) -> Outcome {
    let config = match load_site_config(root) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics(&d);
            return Outcome::UsageError;
        }
    };
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let page = match new_page(root, &config, &args.section, &args.title, &today) {
        Ok(page) => page,
        Err(d) => {
            out.diagnostics(&Diagnostics::from(vec![d]));
            return Outcome::UsageError;
        }
    };
    let path = root.join(&page.rel_path);
    // `create_new` keeps the promise even if the file appeared meanwhile.
    let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
        use std::io::Write;
        std::fs::File::create_new(&path).and_then(|mut f| f.write_all(page.text.as_bytes()))
    });
    match written {
        Ok(()) => {
            out.info(&format!("Created {} (a draft; body from {})", page.rel_path, page.archetype));
            out.info(&format!(
                "Preview it with `dermis serve --drafts`, at {}: its page lists what is left to fill in.",
                page.url_path
            ));
            out.info("When nothing is left, remove `draft = true` to publish it.");
            Outcome::Success
        }
        Err(e) => {
            let message = if e.kind() == std::io::ErrorKind::AlreadyExists {
                "the page already exists; dermis new never overwrites".to_string()
            } else {
                format!("cannot write: {e}")
            };
            out.diagnostics(&Diagnostics::from(vec![Diagnostic::error(Code::Io, &page.rel_path, message)]));
            Outcome::SiteErrors
        }
    }
}
