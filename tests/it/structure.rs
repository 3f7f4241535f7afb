//! The shape of the core library: no import cycle between its modules, and no source
//! file too long to read in one sitting. Both are read from the source text, so a
//! change that breaks either fails here before review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::repo;

/// The longest a core source file may be.
const MAX_LINES: usize = 600;

/// Files still over [`MAX_LINES`], each with the reason it waits; the list only shrinks.
const LONG_FILES: &[(&str, &str)] = &[];

/// Every `.rs` file below `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).expect("source folder is readable") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The top-level module a file of `src/` belongs to (`src/index/query.rs` → `index`);
/// None for the crate root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The top-level modules a source text names through `crate::`, in paths and in
/// grouped imports (`use crate::{a, b::c}`). Comments are left out.
fn references(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // Only the first segment of each item at the top level of the group.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && depth == 0 && !c.is_whitespace() => {
                        names.insert(ident(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            names.insert(ident(rest));
        }
    }
    names.retain(|n| !n.is_empty() && n.chars().next().is_some_and(|c| c.is_lowercase()));
    names
}

/// The core's import graph between top-level modules.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in sources(&src) {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        let mut used = references(&text);
        used.remove(&module);
        graph.entry(module).or_default().extend(used);
    }
    graph
}

/// A cycle through `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_reference_reader_sees_paths_and_groups() {
    let text = "use crate::error::{Error, Result};\nuse crate::{dates, store::{self, Written}};\n\
                // crate::ignored\nlet x = crate::links::write(tx);";
    let names: Vec<String> = references(text).into_iter().collect();
    assert_eq!(names, ["dates", "error", "links", "store"]);
}

#[test]
fn the_cycle_finder_finds_a_planted_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<String, BTreeSet<String>>, a: &str, b: &str| {
        g.entry(a.to_string()).or_default().insert(b.to_string());
    };
    edge(&mut graph, "archive", "store");
    edge(&mut graph, "store", "views");
    assert_eq!(find_cycle(&graph), None);
    edge(&mut graph, "views", "archive");
    let cycle = find_cycle(&graph).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4);
}

#[test]
fn no_core_module_imports_a_module_that_imports_it_back() {
    let graph = graph();
    assert!(graph.contains_key("store") && graph.contains_key("archive"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle between core modules: {}", cycle.join(" -> "));
    }
}

#[test]
fn no_core_source_file_is_too_long() {
    let root = repo();
    let mut long = Vec::new();
    for file in sources(&root.join("src")) {
        let name = file
            .strip_prefix(root)
            .expect("below the repository")
            .to_string_lossy()
            .replace('\\', "/");
        let lines = std::fs::read_to_string(&file)
            .expect("source is UTF-8")
            .lines()
            .count();
        let waiting = LONG_FILES.iter().any(|(f, _)| *f == name);
        if lines > MAX_LINES && !waiting {
            long.push(format!("{name}: {lines} lines"));
        }
        if waiting && lines <= MAX_LINES {
            long.push(format!("{name} is short now: take it off LONG_FILES"));
        }
    }
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

/// The Chinese guide's table of errors says what to do for every error kind the core
/// can report: the kinds are read from `src/error.rs`, so a new kind without a row fails.
#[test]
fn the_chinese_guide_explains_every_error_kind() {
    let source = std::fs::read_to_string(repo().join("src/error.rs")).expect("error.rs");
    let guide = std::fs::read_to_string(repo().join("README.zh-CN.md")).expect("the guide");
    let kinds: Vec<&str> = source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("ErrorKind::"))
        .filter_map(|rest| rest.split('"').nth(1))
        .collect();
    assert!(kinds.len() >= 18, "the kinds were not found: {kinds:?}");
    let missing: Vec<&&str> = kinds
        .iter()
        .filter(|kind| !guide.contains(&format!("| `{kind}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "no row in README.zh-CN.md for {missing:?}"
    );
}
