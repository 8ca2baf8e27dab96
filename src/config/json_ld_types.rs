//! `jsonld = "…"` of a collection: the schema.org type its pages are about.

use crate::spanned::Node;
use crate::spanned::reader::Reader;

/// The schema.org types a collection may name. A medical type makes each
/// page a `MedicalWebPage` `about` a thing of that type; `DefinedTerm`
/// makes each page a term of the collection's `DefinedTermSet` (its section
/// page); `Thing` makes each page a plain `WebPage` about a thing.
pub(crate) const JSON_LD_TYPES: &[&str] =
    &["DefinedTerm", "Drug", "MedicalCondition", "MedicalProcedure", "MedicalTest", "MedicalTherapy", "Thing"];

/// True for the types whose pages are `MedicalWebPage`s.
pub(crate) fn is_medical_type(name: &str) -> bool {
    matches!(name, "Drug" | "MedicalCondition" | "MedicalProcedure" | "MedicalTest" | "MedicalTherapy")
}

/// Reads a collection's `jsonld`, checked against [`JSON_LD_TYPES`].
pub(super) fn read_json_ld_type(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let name = reader.string(node, "jsonld")?;
    if JSON_LD_TYPES.contains(&name.as_str()) {
        return Some(name);
    }
    let help = crate::diagnostics::suggestion_help(&name, JSON_LD_TYPES.iter().copied())
        .unwrap_or_else(|| format!("dermis supports these schema.org types: {}", JSON_LD_TYPES.join(", ")));
    reader.error(node.span.start, format!("`jsonld`: {name:?} is not a schema.org type dermis supports"), Some(help));
    None
}
