//! `[callouts]`: the visible labels of GitHub-style alerts (`> [!CAUTION]` …).

use crate::spanned::{Node, reader::Reader};

const KEYS: &[&str] = &["caution", "warning", "important", "note", "tip"];

/// The label shown at the top of each kind of callout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalloutLabels {
    /// `> [!CAUTION]` (default "Caution"; an urgent box in the theme).
    pub caution: String,
    /// `> [!WARNING]` (default "Warning").
    pub warning: String,
    /// `> [!IMPORTANT]` (default "Important").
    pub important: String,
    /// `> [!NOTE]` (default "Note").
    pub note: String,
    /// `> [!TIP]` (default "Tip").
    pub tip: String,
}

impl Default for CalloutLabels {
    fn default() -> Self {
        CalloutLabels {
            caution: "Caution".to_string(),
            warning: "Warning".to_string(),
            important: "Important".to_string(),
            note: "Note".to_string(),
            tip: "Tip".to_string(),
        }
    }
}

impl CalloutLabels {
    /// Reads `[callouts]`; a label not given keeps its default.
    pub(super) fn read(reader: &mut Reader<'_>, node: &Node) -> CalloutLabels {
        let mut labels = CalloutLabels::default();
        let Some(mut fields) = reader.table(node, "callouts") else { return labels };
        for (key, slot) in [
            ("caution", &mut labels.caution),
            ("warning", &mut labels.warning),
            ("important", &mut labels.important),
            ("note", &mut labels.note),
            ("tip", &mut labels.tip),
        ] {
            let Some(node) = fields.take(key) else { continue };
            match reader.string(node, key) {
                Some(text) if !text.trim().is_empty() => *slot = text.trim().to_string(),
                Some(_) => reader.error(
                    node.span.start,
                    format!("`{key}` in [callouts] is empty"),
                    Some("write the label readers see, such as \"Get help now\"".into()),
                ),
                None => {}
            }
        }
        fields.finish(reader, KEYS, "[callouts]");
        labels
    }
}
