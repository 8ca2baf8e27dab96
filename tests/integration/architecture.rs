//! Issue 15: the layering the compiler does not check, checked here.
//!
//! Reads every file under `src/`, finds the files each one imports (`use`
//! trees and inline `crate::`/`super::`/`self::` paths, with re-exports
//! followed to the file that defines the item), and fails on
//! - an import cycle between files, and
//! - an arrow pointing up the pipeline (`load → parse → resolve → render →
//!   write`, then the pipeline, then its clients), or a client (`serve`,
//!   `commands`, `scaffold`) reaching past `pipeline.rs` into a stage.
//!
//! `#[cfg(test)]` modules are left out: a unit test may use what it tests.
//! `DERMIS_MODULE_GRAPH=1` prints the graph (who imports whom); `=why`
//! also prints each path and the file it was resolved to.

#![allow(clippy::print_stdout)] // DERMIS_MODULE_GRAPH prints the graph on purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (segments after `crate`) → source text with comments,
/// strings and test modules removed.
type Sources = BTreeMap<Vec<String>, String>;

/// Top-level modules by layer: a file may import its own layer (without a
/// cycle) and lower ones, never a higher one.
const LAYERS: &[&[&str]] = &[
    &["text", "spanned", "diagnostics", "memo", "progress", "drop_later"],
    &["config", "drafts"],
    &["load"],
    &["parse"],
    &["resolve"],
    &["render"],
    &["write"],
    // `test_site` (compiled only for unit tests) chains the stages as the pipeline does.
    &["pipeline", "review_schedule", "site_overview", "test_site"],
    &["serve", "commands", "scaffold", "cli"],
];

/// The stages a client of the pipeline must not import directly.
const STAGES: &[&str] = &["load", "parse", "resolve", "render", "write"];
const CLIENTS: &[&str] = &["serve", "commands"];

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

/// Removes comments, string and char literals, and everything from a
/// `#[cfg(test)]` attribute on (test modules sit at the end of a file).
fn strip_code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let (c, next) = (chars[i], chars.get(i + 1).copied());
        let before = i.checked_sub(1).map(|p| chars[p]);
        i = match (c, next) {
            ('/', Some('/')) => chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |n| i + n),
            ('/', Some('*')) => skip_block_comment(&chars, i),
            ('r', Some('#' | '"')) if !is_ident_char(before) => match skip_raw_string(&chars, i) {
                Some(end) => {
                    out.push_str("\"\"");
                    end
                }
                None => {
                    out.push(c);
                    i + 1
                }
            },
            ('"', _) => {
                out.push_str("\"\"");
                skip_string(&chars, i)
            }
            ('\'', _) => match skip_char_literal(&chars, i) {
                Some(end) => {
                    out.push_str("' '");
                    end
                }
                None => {
                    out.push(c);
                    i + 1
                }
            },
            _ => {
                out.push(c);
                i + 1
            }
        };
    }
    out
}

/// The index after the (nested) block comment starting at `i`.
fn skip_block_comment(chars: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < chars.len() {
        if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
            depth += 1;
            i += 2;
        } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                break;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// The index after the raw string (`r"…"`, `r#"…"#`) starting at `i`, or
/// `None` when the `r` starts no raw string.
fn skip_raw_string(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(j)
}

/// The index after the string literal starting at `i`.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    i += 1;
    while i < chars.len() && chars[i] != '"' {
        i += if chars[i] == '\\' { 2 } else { 1 };
    }
    i + 1
}

/// The index after the char literal (`'a'`, `'\n'`, `'\u{1F600}'`) starting
/// at `i`; `None` for a lifetime (`'a`).
fn skip_char_literal(chars: &[char], i: usize) -> Option<usize> {
    if chars.get(i + 1) == Some(&'\\') {
        let close = chars[i + 2..].iter().position(|&c| c == '\'')?;
        return Some(i + 2 + close + 1);
    }
    (chars.get(i + 2) == Some(&'\'')).then_some(i + 3)
}

fn is_ident_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// One `use` declaration: its visibility and the paths it names, each with
/// the name it binds (`None` for a glob).
struct UseDecl {
    public: bool,
    paths: Vec<(Vec<String>, Option<String>)>,
}

/// Every `use` declaration of a stripped file.
fn use_decls(code: &str) -> Vec<UseDecl> {
    let mut decls = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("use ") {
        let at = from + found;
        from = at + 4;
        if at > 0 && is_ident_char(code[..at].chars().next_back()) {
            continue;
        }
        let Some(end) = code[at..].find(';') else { break };
        let tree = normalise_tree(&code[at + 4..at + end]);
        let before = code[..at].trim_end();
        let public = before.ends_with("pub")
            || before.ends_with(')')
                && before.rsplit_once("pub(").is_some_and(|(_, vis)| !vis.contains([';', '}', '{']));
        let mut paths = Vec::new();
        expand_tree(&[], &tree, &mut paths);
        decls.push(UseDecl { public, paths });
        from = at + end;
    }
    decls
}

/// Expands `a::{b, c::{d as e, self}, *}` into full paths.
fn expand_tree(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, Option<String>)>) {
    let tree = tree.strip_prefix("::").unwrap_or(tree);
    if let Some(open) = tree.find('{') {
        let mut base = prefix.to_vec();
        base.extend(tree[..open].split("::").filter(|s| !s.is_empty()).map(str::to_string));
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        for part in split_top_level(inner) {
            if part == "self" {
                let name = base.last().cloned();
                out.push((base.clone(), name));
            } else if !part.is_empty() {
                expand_tree(&base, part, out);
            }
        }
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((path, alias)) => (path, Some(alias.to_string())),
        None => (tree, None),
    };
    let mut full = prefix.to_vec();
    full.extend(path.split("::").filter(|s| !s.is_empty()).map(str::to_string));
    if full.last().is_some_and(|last| last == "*") {
        full.pop();
        out.push((full, None));
    } else {
        let name = alias.or_else(|| full.last().cloned());
        out.push((full, name));
    }
}

/// A use tree with single spaces, and none next to `::`, braces or commas,
/// so that only ` as ` keeps its spaces.
fn normalise_tree(tree: &str) -> String {
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut out = words.join(" ");
    for punct in ["::", "{", "}", ","] {
        out = out.replace(&format!(" {punct}"), punct).replace(&format!("{punct} "), punct);
    }
    out
}

fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// Inline `crate::a::b`, `super::x` and `self::x` paths outside `use`.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(root) {
            let at = from + found;
            from = at + root.len();
            if at > 0 && (is_ident_char(code[..at].chars().next_back()) || code[..at].ends_with("::")) {
                continue;
            }
            let rest: String =
                code[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            if rest.ends_with("::") {
                // `crate::x::{…}` or `crate::x::*`: a use tree, read by `use_decls`.
                continue;
            }
            paths.push(rest.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect());
        }
    }
    paths
}

/// Who imports whom, file by file (module paths).
struct Graph {
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    /// For each file, the top-level modules its paths are written through
    /// (`crate::pipeline::OutputFile` is written through `pipeline`, even
    /// though it names a type that `render` defines).
    written_through: BTreeMap<Vec<String>, BTreeSet<String>>,
}

impl Graph {
    fn build(sources: &Sources) -> Self {
        let reexports = reexports(sources);
        let explain = std::env::var_os("DERMIS_MODULE_GRAPH").is_some_and(|v| v == "why");
        let mut edges = BTreeMap::new();
        let mut written_through = BTreeMap::new();
        for (module, code) in sources {
            let mut targets = BTreeSet::new();
            let mut tops = BTreeSet::new();
            let paths = use_decls(code)
                .into_iter()
                .flat_map(|decl| decl.paths.into_iter().map(|(path, _)| path))
                .chain(inline_paths(code));
            for path in paths {
                let Some(absolute) = absolute_path(sources, module, &path) else { continue };
                if let Some(top) = absolute.first()
                    && module.first() != Some(top)
                {
                    tops.insert(top.clone());
                }
                let target = resolve_file(sources, &reexports, &absolute, 0);
                if &target != module && !target.is_empty() {
                    if explain {
                        println!("{}: {} → {}", file_name(module), path.join("::"), file_name(&target));
                    }
                    targets.insert(target);
                }
            }
            edges.insert(module.clone(), targets);
            written_through.insert(module.clone(), tops);
        }
        Graph { edges, written_through }
    }

    /// Strongly connected components with more than one file (Tarjan).
    fn cycles(&self) -> Vec<Vec<Vec<String>>> {
        struct State<'g> {
            graph: &'g Graph,
            index: BTreeMap<&'g Vec<String>, usize>,
            low: BTreeMap<&'g Vec<String>, usize>,
            stack: Vec<&'g Vec<String>>,
            on_stack: BTreeSet<&'g Vec<String>>,
            found: Vec<Vec<Vec<String>>>,
        }
        fn visit<'g>(s: &mut State<'g>, node: &'g Vec<String>) {
            let n = s.index.len();
            s.index.insert(node, n);
            s.low.insert(node, n);
            s.stack.push(node);
            s.on_stack.insert(node);
            for next in s.graph.edges.get(node).into_iter().flatten() {
                if !s.index.contains_key(next) {
                    visit(s, next);
                    let low = s.low[node].min(s.low[next]);
                    s.low.insert(node, low);
                } else if s.on_stack.contains(next) {
                    let low = s.low[node].min(s.index[next]);
                    s.low.insert(node, low);
                }
            }
            if s.low[node] == s.index[node] {
                let mut component = Vec::new();
                while let Some(top) = s.stack.pop() {
                    s.on_stack.remove(top);
                    component.push(top.clone());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    s.found.push(component);
                }
            }
        }
        let mut state = State {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            found: Vec::new(),
        };
        for node in self.edges.keys() {
            if !state.index.contains_key(node) {
                visit(&mut state, node);
            }
        }
        state.found
    }

    /// Arrows that point up the layers, and clients that name a stage
    /// instead of going through the pipeline's API.
    fn upward_arrows(&self) -> Vec<String> {
        let mut wrong = Vec::new();
        for (from, targets) in &self.edges {
            let Some(from_top) = from.first() else { continue };
            for to in targets {
                let Some(to_top) = to.first() else { continue };
                if from_top == to_top {
                    continue;
                }
                let reason = match (layer_of(from_top), layer_of(to_top)) {
                    (Some(a), Some(b)) if b > a => "points up the pipeline",
                    (None, _) | (_, None) => "involves a module with no layer in tests/integration/architecture.rs",
                    _ => continue,
                };
                wrong.push(format!("{} → {}: {reason}", file_name(from), file_name(to)));
            }
            if CLIENTS.contains(&from_top.as_str()) {
                for top in self.written_through.get(from).into_iter().flatten() {
                    if STAGES.contains(&top.as_str()) {
                        wrong.push(format!(
                            "{} → {top}: a client names a stage; use what pipeline.rs offers",
                            file_name(from)
                        ));
                    }
                }
            }
        }
        wrong
    }
}

fn file_name(module: &[String]) -> String {
    if module.is_empty() { "lib.rs".to_string() } else { module.join("/") }
}

/// For each module, the names it re-exports (`pub use`) and where from;
/// a glob (`pub use x::*`) is expanded to the items `x` defines.
fn reexports(sources: &Sources) -> BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>> {
    let mut all = BTreeMap::new();
    for (module, code) in sources {
        let mut names = BTreeMap::new();
        for decl in use_decls(code).into_iter().filter(|decl| decl.public) {
            for (path, name) in decl.paths {
                let Some(absolute) = absolute_path(sources, module, &path) else { continue };
                match name {
                    Some(name) => {
                        names.insert(name, absolute);
                    }
                    None => {
                        for item in sources.get(&absolute).map(|code| defined_items(code)).unwrap_or_default() {
                            let mut target = absolute.clone();
                            target.push(item.clone());
                            names.entry(item).or_insert(target);
                        }
                    }
                }
            }
        }
        all.insert(module.clone(), names);
    }
    all
}

/// The names of the items a file defines at any depth (`struct`, `enum`,
/// `fn`, `type`, `const`, `static`, `trait`, `mod`).
fn defined_items(code: &str) -> Vec<String> {
    let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
    words
        .windows(2)
        .filter(|pair| matches!(pair[0], "struct" | "enum" | "fn" | "type" | "const" | "static" | "trait" | "mod"))
        .map(|pair| pair[1].to_string())
        .collect()
}

/// `crate::`, `super::`, `self::` and child-module paths made absolute;
/// `None` for paths into other crates.
fn absolute_path(sources: &Sources, module: &[String], path: &[String]) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut base: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => {
            let mut base = module.to_vec();
            let mut rest = rest;
            base.pop();
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        child => {
            let mut candidate = module.to_vec();
            candidate.push(child.to_string());
            if !sources.contains_key(&candidate) {
                return None;
            }
            candidate.pop();
            candidate.push(child.to_string());
            candidate.extend(rest.iter().cloned());
            return Some(candidate);
        }
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The file that defines what an absolute path names: the longest module
/// prefix, following re-exports of the next segment.
fn resolve_file(
    sources: &Sources,
    reexports: &BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
    path: &[String],
    depth: usize,
) -> Vec<String> {
    let mut len = path.len();
    while len > 0 && !sources.contains_key(&path[..len]) {
        len -= 1;
    }
    let module = path[..len].to_vec();
    if depth < 8
        && let Some(next) = path.get(len)
        && let Some(target) = reexports.get(&module).and_then(|names| names.get(next))
        && target != path
    {
        let mut followed = target.clone();
        followed.extend(path[len + 1..].iter().cloned());
        return resolve_file(sources, reexports, &followed, depth + 1);
    }
    module
}

fn load_sources(src: &Path) -> Sources {
    let mut sources = Sources::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).unwrap().with_extension("");
        let mut module: Vec<String> = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
        match module.last().map(String::as_str) {
            Some("main") if module.len() == 1 => continue,
            Some("lib") if module.len() == 1 => module.clear(),
            Some("mod") => {
                module.pop();
            }
            _ => {}
        }
        let text = std::fs::read_to_string(path).unwrap();
        sources.insert(module, strip_code(&text));
    }
    sources
}

/// The graph of this crate's `src/`, or of the folder `DERMIS_MODULE_GRAPH_SRC`
/// names (to print the graph of another checkout).
fn crate_graph() -> Graph {
    let src = std::env::var_os("DERMIS_MODULE_GRAPH_SRC")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), std::path::PathBuf::from);
    Graph::build(&load_sources(&src))
}

#[test]
fn no_import_cycles_between_files() {
    let graph = crate_graph();
    if std::env::var_os("DERMIS_MODULE_GRAPH").is_some() {
        for (from, targets) in &graph.edges {
            let names: Vec<String> = targets.iter().map(|t| file_name(t)).collect();
            println!("{} → {}", file_name(from), names.join(", "));
        }
    }
    let cycles: Vec<String> =
        graph.cycles().iter().map(|files| files.iter().map(|f| file_name(f)).collect::<Vec<_>>().join(" ↔ ")).collect();
    assert!(cycles.is_empty(), "files that import each other:\n{}", cycles.join("\n"));
}

#[test]
fn no_arrow_points_up_the_pipeline() {
    let wrong = crate_graph().upward_arrows();
    assert!(wrong.is_empty(), "imports against the layering:\n{}", wrong.join("\n"));
}

/// What reads the disk: render gets templates and theme files from load.
const DISK_READS: &[&str] = &["std::fs", "walkdir", ".is_file()", ".is_dir()", ".exists()", "read_dir", "canonicalize"];

/// Files of `stage` whose code reads the disk, and how.
fn disk_readers(sources: &Sources, stage: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (module, code) in sources.iter().filter(|(m, _)| m.first().is_some_and(|top| top == stage)) {
        for read in DISK_READS.iter().filter(|read| code.contains(*read)) {
            found.push(format!("{} uses {read}", file_name(module)));
        }
    }
    found
}

#[test]
fn render_reads_no_disk() {
    let sources = load_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let found = disk_readers(&sources, "render");
    assert!(found.is_empty(), "render reads the disk (load should):\n{}", found.join("\n"));
}

/// The checker itself: it must see what it is meant to catch.
mod checker {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> Sources {
        files
            .iter()
            .map(|(module, text)| {
                let path = module.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
                (path, strip_code(text))
            })
            .collect()
    }

    fn edges(graph: &Graph, from: &str) -> Vec<String> {
        let key: Vec<String> = from.split('/').map(str::to_string).collect();
        graph.edges[&key].iter().map(|t| file_name(t)).collect()
    }

    #[test]
    fn sees_a_stage_reading_the_disk() {
        let code = sources(&[
            ("render", "fn f() { let t = std::fs::read(\"x\"); }"),
            ("render/a", "fn g(p: &Path) -> bool { p.is_dir() } // std::fs in a comment"),
            ("load", "fn h() { std::fs::read(\"y\"); }"),
        ]);
        assert_eq!(disk_readers(&code, "render"), ["render uses std::fs", "render/a uses .is_dir()"]);
    }

    #[test]
    fn follows_glob_reexports_to_the_defining_file() {
        let graph = Graph::build(&sources(&[
            ("", "mod render;"),
            ("render", "mod a; mod b; pub use b::*;"),
            ("render/a", "use super::Cell;"),
            ("render/b", "pub struct Cell;"),
        ]));
        assert_eq!(edges(&graph, "render/a"), ["render/b"]);
    }

    #[test]
    fn finds_a_cycle_through_a_reexport() {
        let graph = Graph::build(&sources(&[
            ("", "mod render;"),
            ("render", "mod a; mod b; pub use a::escape;"),
            ("render/a", "use super::b::Table; pub fn escape() {}"),
            ("render/b", "use crate::render::escape; pub struct Table;"),
        ]));
        assert_eq!(edges(&graph, "render/b"), ["render/a"]);
        assert_eq!(graph.cycles().len(), 1);
    }

    #[test]
    fn sees_inline_paths_and_groups_but_not_comments_strings_or_tests() {
        let graph = Graph::build(&sources(&[
            ("", "mod load; mod parse; mod render;"),
            ("load", "pub fn read() {}"),
            ("parse", "pub struct Page;"),
            (
                "render",
                "use crate::{parse::Page, load as l};\n// crate::write::x\nconst S: &str = \"crate::write\";\n\
                 fn f() { crate::parse::Page; }\n#[cfg(test)]\nmod tests { use crate::pipeline; }",
            ),
        ]));
        assert_eq!(edges(&graph, "render"), ["load", "parse"]);
        assert!(graph.cycles().is_empty());
    }

    #[test]
    fn flags_an_upward_arrow_and_a_client_reaching_into_a_stage() {
        let graph = Graph::build(&sources(&[
            ("", "mod parse; mod render; mod serve; mod pipeline; mod commands;"),
            ("parse", "use crate::render::Html;"),
            ("render", "pub struct Html;"),
            ("pipeline", "pub use crate::render::Html;"),
            ("serve", "use crate::render::Html; use crate::pipeline;"),
            ("commands", "use crate::pipeline::Html;"),
        ]));
        let wrong = graph.upward_arrows();
        assert_eq!(wrong.len(), 2, "{wrong:?}");
        assert!(wrong[0].starts_with("parse → render: points up"), "{wrong:?}");
        assert!(wrong[1].starts_with("serve → render: a client names a stage"), "{wrong:?}");
    }
}
