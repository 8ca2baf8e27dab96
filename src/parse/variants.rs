//! `[[variants]]`: named kinds of one article (light, medium and deep peels),
//! each with an anchor in the article and its own facts under the page's
//! schema. A variant's facts inherit the page's `[facts]` for the keys they
//! leave out. The anchor is checked against the article's ids when resolving.

use super::facts::{FactCites, Facts, FactsContext, check_facts};
use super::page_meta::Located;
use crate::diagnostics::LineCol;
use crate::spanned::reader::Reader;
use crate::spanned::{Node, Value};

/// One variant of an article, its facts merged with the page's.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Variant {
    /// As written ("light"): the row label is "Chemical peels — light".
    pub name: String,
    /// The id in the article the variant's rows link to (`#light-peels`).
    pub anchor: Located<String>,
    /// Its facts in schema order: its own, then the page's for keys it leaves out.
    pub facts: Facts,
    /// The references of each of those facts (inherited with the value).
    pub cites: FactCites,
}

/// The page's own `[facts]`: the node as written, and what was read from it.
pub(super) struct PageFacts<'a> {
    /// The `[facts]` node, if written.
    pub node: Option<&'a Node>,
    /// Its checked values.
    pub facts: &'a Facts,
    /// Their references.
    pub cites: &'a FactCites,
}

const VARIANT_KEYS: &[&str] = &["name", "anchor", "facts"];

/// Reads the `variants` node of a page. `page` is the page's own facts and
/// cites; a required fact missing from them must be in every variant.
pub(super) fn check_variants(
    reader: &mut Reader<'_>,
    node: &Node,
    ctx: &FactsContext<'_>,
    page: &PageFacts<'_>,
) -> Vec<Variant> {
    let Value::Array(items) = &node.value else {
        reader.type_error(node, "variants", "a list of tables ([[variants]])");
        return Vec::new();
    };
    let mut out: Vec<Variant> = Vec::new();
    for item in items {
        let Some(variant) = read_variant(reader, item, ctx, page) else { continue };
        if out.iter().any(|v| v.name == variant.name) {
            reader.error(
                item.span.start,
                format!("variant `{}` is declared twice", variant.name),
                Some("give each variant of the article its own name".into()),
            );
            continue;
        }
        if let Some(other) = out.iter().find(|v| v.anchor.value == variant.anchor.value) {
            reader.error(
                item.span.start,
                format!("variants `{}` and `{}` both use anchor `#{}`", other.name, variant.name, variant.anchor.value),
                Some("point each variant at the heading of its own section".into()),
            );
            continue;
        }
        out.push(variant);
    }
    out
}

fn read_variant(reader: &mut Reader<'_>, node: &Node, ctx: &FactsContext<'_>, page: &PageFacts<'_>) -> Option<Variant> {
    let mut fields = reader.table(node, "variants")?;
    let name = variant_name(reader, fields.take("name"), node);
    let anchor = variant_anchor(reader, fields.take("anchor"), node);
    let facts_node = fields.take("facts");
    fields.finish(reader, VARIANT_KEYS, "a variant");
    let own_ctx = FactsContext { require: false, ..*ctx };
    let (own, own_cites) = check_facts(reader, facts_node, &own_ctx, node.span.start);
    let name = name?;
    let anchor = anchor?;
    let mut facts = Facts::new();
    let mut cites = FactCites::new();
    for def in &ctx.collection.facts {
        let (value, cited) = match own.get(&def.key) {
            Some(v) => (Some(v), own_cites.get(&def.key)),
            None => (page.facts.get(&def.key), page.cites.get(&def.key)),
        };
        match value {
            Some(v) => {
                facts.push(def.key.clone(), v.clone());
                if let Some(c) = cited {
                    cites.push(def.key.clone(), c.clone());
                }
            }
            // Written but wrong is reported where written; this is for left out.
            None if def.required && !written(facts_node, &def.key) && !written(page.node, &def.key) => {
                let help = format!(
                    "add `{} = …` under [facts] (shared by every variant) or under this variant's [variants.facts]: {}",
                    def.key,
                    def.kind.expectation()
                );
                reader.error(
                    node.span.start,
                    format!("required fact `{}` is missing from [facts] and from variant `{name}`", def.key),
                    Some(help),
                );
            }
            None => {}
        }
    }
    Some(Variant { name, anchor, facts, cites })
}

/// The variant's `name`: required, not empty.
fn variant_name(reader: &mut Reader<'_>, written: Option<&Node>, variant: &Node) -> Option<String> {
    match written {
        Some(n) if matches!(&n.value, Value::String(s) if s.trim().is_empty()) => {
            reader.error(
                n.span.start,
                "the variant's `name` is empty",
                Some("name the variant, such as `name = \"light\"`: rows read \"<title> — <name>\"".into()),
            );
            None
        }
        Some(n) => reader.string(n, "name"),
        None => {
            reader.error(
                variant.span.start,
                "a variant needs a `name`",
                Some("add `name = \"light\"`: rows read \"<title> — <name>\"".into()),
            );
            None
        }
    }
}

/// The variant's `anchor`, the id of its section (a leading `#` dropped): required.
fn variant_anchor(reader: &mut Reader<'_>, written: Option<&Node>, variant: &Node) -> Option<Located<String>> {
    match written {
        Some(n) => reader.string(n, "anchor").map(|value| Located {
            value: value.trim_start_matches('#').to_string(),
            at: located(reader, n.span.start),
        }),
        None => {
            reader.error(
                variant.span.start,
                "a variant needs an `anchor`",
                Some("add `anchor = \"<heading id>\"`: the id of the section about this variant".into()),
            );
            None
        }
    }
}

/// Whether `key` is written in a facts table, valid or not.
fn written(node: Option<&Node>, key: &str) -> bool {
    matches!(node.map(|n| &n.value), Some(Value::Table(entries)) if entries.iter().any(|(k, _)| k.name == key))
}

fn located(reader: &Reader<'_>, offset: usize) -> LineCol {
    reader.locator().locate(offset)
}
