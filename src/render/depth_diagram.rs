//! Depth diagrams: a list fact declared with `depth = true` (such as the
//! skin layers a treatment reaches) drawn as stacked layers from the surface
//! down, the reached ones filled. Inline SVG, named for screen readers
//! (`role="img"` and an `aria-label` that says the same in words), coloured
//! by the theme's stylesheet so it follows dark mode and print.

use super::display_text::capitalise;
use crate::config::{FactDef, FactType};
use crate::parse::FactValue;
use crate::text::escape_html;

/// How big to draw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DiagramSize {
    /// In a facts card: labelled layers.
    Card,
    /// In a table cell: unlabelled bands beside the cell's text.
    Cell,
}

/// The diagram of `value` for a `depth` fact, or `None` for other facts.
pub(super) fn depth_diagram(def: &FactDef, value: &FactValue, size: DiagramSize) -> Option<String> {
    let (FactType::List(Some(layers)), FactValue::List(items), true) = (&def.kind, value, def.depth) else {
        return None;
    };
    if layers.is_empty() || items.is_empty() {
        return None;
    }
    let reached: Vec<bool> = layers.iter().map(|l| items.contains(l)).collect();
    let count = reached.iter().filter(|r| **r).count();
    let label = format!(
        "{}: {} ({count} of {} layers, from the surface down)",
        def.label,
        capitalise(&items.join(", ")),
        layers.len()
    );
    let (width, band, gap) = match size {
        DiagramSize::Card => (260, 20, 2),
        DiagramSize::Cell => (64, 7, 1),
    };
    let height = layers.len() * (band + gap) - gap;
    let class = match size {
        DiagramSize::Card => "depth depth-card",
        DiagramSize::Cell => "depth depth-cell",
    };
    let mut svg = format!(
        "<svg class=\"{class}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape_html(&label)
    );
    for (i, (layer, hit)) in layers.iter().zip(&reached).enumerate() {
        let y = i * (band + gap);
        let state = if *hit { "reached" } else { "not-reached" };
        svg.push_str(&format!(
            "<rect class=\"layer {state}\" x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{band}\" rx=\"2\"/>"
        ));
        if size == DiagramSize::Card {
            let mark = if *hit { "✓ " } else { "" };
            svg.push_str(&format!(
                "<text class=\"layer-label {state}\" x=\"8\" y=\"{}\">{mark}{}</text>",
                y + band - 6,
                escape_html(&capitalise(layer))
            ));
        }
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layers() -> FactDef {
        FactDef {
            key: "layers".into(),
            label: "Layers".into(),
            kind: FactType::List(Some(vec!["top".into(), "middle".into(), "deep".into()])),
            unit: None,
            required: false,
            help: None,
            depth: true,
            editorial: false,
        }
    }

    #[test]
    fn reached_layers_are_filled_and_named() {
        let svg =
            depth_diagram(&layers(), &FactValue::List(vec!["top".into(), "middle".into()]), DiagramSize::Card).unwrap();
        assert!(svg.contains("aria-label=\"Layers: Top, middle (2 of 3 layers, from the surface down)\""), "{svg}");
        assert_eq!(svg.matches("class=\"layer reached\"").count(), 2);
        assert_eq!(svg.matches("class=\"layer not-reached\"").count(), 1);
        assert!(svg.contains(">✓ Top</text>") && svg.contains(">Deep</text>"));
        let cell = depth_diagram(&layers(), &FactValue::List(vec!["deep".into()]), DiagramSize::Cell).unwrap();
        assert!(!cell.contains("<text"));
        let mut plain = layers();
        plain.depth = false;
        assert!(depth_diagram(&plain, &FactValue::List(vec!["top".into()]), DiagramSize::Cell).is_none());
    }
}
