//! ```` ```compare ```` blocks: their TOML (`rows`, `columns`, optional
//! `filter`, `collection`, `title`) read with locations. Whether the rows and
//! columns exist is checked in resolve, which knows the other pages.

use super::outline::CompareBlock;
use super::page_meta::Located;
use crate::diagnostics::{Code, Diagnostic, SourceLocator};
use crate::spanned::reader::Reader;
use crate::spanned::{Value, parse_toml};

/// A compare block as written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompareRequest {
    /// Key render uses to find the block (its offset in the body).
    pub body_offset: usize,
    /// Where the fence is.
    pub at: crate::diagnostics::LineCol,
    /// Page names (file stems), in the order written; empty means all pages of the collection.
    pub rows: Vec<Located<String>>,
    /// Fact keys or taxonomy names.
    pub columns: Vec<Located<String>>,
    /// Fact key → allowed values.
    pub filter: Vec<(Located<String>, Vec<String>)>,
    /// Collection name, when given.
    pub collection: Option<Located<String>>,
    /// Caption.
    pub title: Option<String>,
}

/// Reads one block; `locator.base` must be the body's offset in the file.
pub(super) fn read_compare_block(
    block: &CompareBlock,
    locator: SourceLocator<'_>,
) -> Result<CompareRequest, Vec<Diagnostic>> {
    let inner = SourceLocator { base: locator.base + block.content_offset, ..locator };
    let root = parse_toml(&block.text).map_err(|e| {
        vec![
            Diagnostic::error(Code::Link, locator.path, format!("the compare block is not valid TOML: {}", e.message))
                .at(inner.locate(e.offset))
                .with_help("a compare block holds rows = [\"page\", …] and columns = [\"fact\", …]"),
        ]
    })?;
    let mut reader = Reader::new(inner, Code::Link);
    let Some(mut fields) = reader.table(&root, "compare") else { return Err(reader.into_diagnostics()) };
    let located = |reader: &Reader<'_>, list: Vec<(String, std::ops::Range<usize>)>| -> Vec<Located<String>> {
        list.into_iter().map(|(value, span)| Located { value, at: reader.locator().locate(span.start) }).collect()
    };
    let rows = fields
        .take("rows")
        .and_then(|n| reader.string_list(n, "rows"))
        .map(|l| located(&reader, l))
        .unwrap_or_default();
    let columns = match fields.take("columns").and_then(|n| reader.string_list(n, "columns")) {
        Some(list) => located(&reader, list),
        None => {
            reader.error(0, "a compare block needs `columns`", Some("add columns = [\"fact_key\", …]".into()));
            Vec::new()
        }
    };
    let collection = fields.take("collection").and_then(|n| {
        let value = reader.string(n, "collection")?;
        Some(Located { value, at: reader.locator().locate(n.span.start) })
    });
    let title = fields.take("title").and_then(|n| reader.string(n, "title"));
    let mut filter = Vec::new();
    if let Some(node) = fields.take("filter") {
        match &node.value {
            Value::Table(entries) => {
                for (key, value) in entries {
                    let values = match &value.value {
                        Value::String(s) => Some(vec![s.clone()]),
                        _ => reader.string_list(value, &key.name).map(|l| l.into_iter().map(|(s, _)| s).collect()),
                    };
                    if let Some(values) = values {
                        filter.push((
                            Located { value: key.name.clone(), at: reader.locator().locate(key.span.start) },
                            values,
                        ));
                    }
                }
            }
            _ => reader.type_error(node, "filter", "a table such as { approach = [\"topical\"] }"),
        }
    }
    fields.finish(&mut reader, &["rows", "columns", "filter", "collection", "title"], "a compare block");
    if reader.has_errors() {
        return Err(reader.into_diagnostics());
    }
    Ok(CompareRequest { body_offset: block.body_offset, at: block.at, rows, columns, filter, collection, title })
}
