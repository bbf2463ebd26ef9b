//! `kubectl explain`, rendered from the schema table in kubectl's current (OpenAPI v3,
//! `plaintext`) layout: GROUP/KIND/VERSION, then FIELD, DESCRIPTION and FIELDS,
//! descriptions word-wrapped as kubectl wraps them.
//!
//! The descriptions are ~40 KB of text that the page's first view does not need:
//! without the crate feature `explain-text` (the page's wasm) the schema table
//! carries none, and the page hands them over with [`load_descriptions`] — the text
//! [`descriptions_text`] makes, shipped as `www/explain-descriptions.txt` — before
//! it runs a command that mentions `explain`. The output is the same either way.

use super::schema::{Field, Struct, DAEMON_SET, NODE, POD, T};
use std::sync::OnceLock;

/// Descriptions handed over at run time: (struct name, field name or "" for the
/// struct itself, text), in [`descriptions_text`]'s order.
static LOADED: OnceLock<Vec<(String, String, String)>> = OnceLock::new();

/// What `kubectl explain` answers when it has no descriptions: only when the page
/// could not fetch its descriptions file.
const NOT_LOADED: &str =
    "error: kubectl explain's descriptions are not loaded (www/explain-descriptions.txt could not be fetched)";

/// Hands over [`descriptions_text`]'s text (the page's wasm is built without it).
/// Later calls change nothing.
pub fn load_descriptions(text: &str) -> Result<(), String> {
    let table = parse_descriptions(text)?;
    let _ = LOADED.set(table);
    Ok(())
}

fn parse_descriptions(text: &str) -> Result<Vec<(String, String, String)>, String> {
    let mut table = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut parts = line.splitn(3, '\t');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(s), Some(f), Some(d)) => table.push((s.to_string(), f.to_string(), unescape(d))),
            _ => {
                return Err(format!(
                    "explain descriptions: line {}: not STRUCT<TAB>FIELD<TAB>TEXT",
                    i + 1
                ))
            }
        }
    }
    Ok(table)
}

/// Whether `kubectl explain` can answer (descriptions compiled in or loaded).
pub fn descriptions_available() -> bool {
    cfg!(feature = "explain-text") || LOADED.get().is_some()
}

/// The description of struct `s` (`field` = "") or of its field `field`.
fn description_of(s: &Struct, field: Option<&'static Field>) -> Result<&'static str, String> {
    if cfg!(feature = "explain-text") {
        return Ok(match field {
            Some(f) => f.desc,
            None => s.desc,
        });
    }
    let table = LOADED.get().ok_or_else(|| NOT_LOADED.to_string())?;
    let name = field.map_or("", |f| f.name);
    Ok(table
        .iter()
        .find(|(st, f, _)| st == s.name && f == name)
        .map_or("", |(_, _, d)| d.as_str()))
}

/// The descriptions of every struct explain can reach, one per line:
/// `STRUCT<TAB>FIELD<TAB>TEXT` (FIELD empty for the struct's own text; `\\` and
/// `\n` escaped). Only texts that are not empty are listed.
#[cfg(feature = "explain-text")]
pub fn descriptions_text() -> String {
    fn visit(s: &'static Struct, seen: &mut Vec<&'static str>, out: &mut String) {
        if seen.contains(&s.name) {
            return;
        }
        seen.push(s.name);
        let mut line = |field: &str, text: &str| {
            if !text.is_empty() {
                out.push_str(&format!("{}\t{field}\t{}\n", s.name, escape(text)));
            }
        };
        line("", s.desc);
        for f in s.fields {
            line(f.name, f.desc);
        }
        for f in s.fields {
            if let Some(inner) = item_struct(&f.ty) {
                visit(inner, seen, out);
            }
        }
    }
    let (mut seen, mut out) = (Vec::new(), String::new());
    for root in [&DAEMON_SET, &POD, &NODE] {
        visit(root, &mut seen, &mut out);
    }
    out
}

#[cfg(feature = "explain-text")]
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// `kubectl explain <resource>[.field[.field…]]`.
pub fn explain(path: &str) -> Result<String, String> {
    let mut parts = path.split('.');
    let resource = parts.next().unwrap_or_default().to_ascii_lowercase();
    let fields: Vec<&str> = parts.collect();
    let (group, kind, root): (&str, &str, &'static Struct) = match resource.as_str() {
        "daemonset" | "daemonsets" | "ds" | "daemonset.apps" | "daemonsets.apps" => {
            ("apps", "DaemonSet", &DAEMON_SET)
        }
        "pod" | "pods" | "po" => ("", "Pod", &POD),
        "node" | "nodes" | "no" => ("", "Node", &NODE),
        _ => {
            return Err(format!(
                "error: the server doesn't have a resource type \"{resource}\""
            ))
        }
    };
    let mut out = String::new();
    if !group.is_empty() {
        out.push_str(&format!("GROUP:      {group}\n"));
    }
    out.push_str(&format!("KIND:       {kind}\nVERSION:    v1\n\n"));
    let missing = || {
        format!(
            "error: field \"{}\" does not exist",
            fields.last().copied().unwrap_or_default()
        )
    };
    let mut current: &'static Struct = root;
    let mut field: Option<(&'static Struct, &'static Field)> = None;
    for (i, name) in fields.iter().enumerate() {
        let f = current.field(name).ok_or_else(missing)?;
        field = Some((current, f));
        match item_struct(&f.ty) {
            Some(s) => current = s,
            None if i + 1 < fields.len() => return Err(missing()),
            None => {}
        }
    }
    let (description, fields_of) = match field {
        None => (format!("{}\n", description_of(root, None)?), Some(root)),
        Some((parent, f)) => {
            out.push_str(&format!("FIELD: {} <{}>\n", f.name, f.ty.explain_name()));
            if !f.enums.is_empty() {
                out.push_str("ENUM:");
                for e in f.enums {
                    out.push_str("\n    ");
                    out.push_str(if e.is_empty() { "\"\"" } else { e });
                }
            }
            out.push_str("\n\n");
            let mut d = String::new();
            let own = description_of(parent, Some(f))?;
            if !own.is_empty() {
                d.push_str(own);
                d.push('\n');
            }
            let inner = item_struct(&f.ty);
            if let Some(s) = inner {
                let of_type = description_of(s, None)?;
                if !of_type.is_empty() {
                    d.push_str(of_type);
                    d.push('\n');
                }
            }
            (d, inner)
        }
    };
    out.push_str("DESCRIPTION:\n");
    let description = if description.is_empty() {
        "<empty>".to_string()
    } else {
        description
    };
    out.push_str(&indent(4, &wrap(&description, 76)));
    out.push('\n');
    if let Some(s) = fields_of {
        if !s.fields.is_empty() {
            out.push_str("FIELDS:\n");
            let mut sorted: Vec<&Field> = s.fields.iter().collect();
            crate::sort::by_key(&mut sorted, |f| f.name);
            for f in sorted {
                out.push_str(&format!("  {}\t<{}>", f.name, f.ty.explain_name()));
                if f.required {
                    out.push_str(" -required-");
                }
                out.push('\n');
                if !f.enums.is_empty() {
                    let mut shown: Vec<String> = f
                        .enums
                        .iter()
                        .take(4)
                        .map(|e| {
                            if e.is_empty() {
                                "\"\"".to_string()
                            } else {
                                e.to_string()
                            }
                        })
                        .collect();
                    if f.enums.len() > 4 {
                        shown.push("....".into());
                    }
                    out.push_str(&format!("  enum: {}\n", shown.join(", ")));
                }
                let desc = description_of(s, Some(f))?;
                let desc = if desc.is_empty() {
                    "<no description>"
                } else {
                    desc
                };
                out.push_str(&indent(4, &wrap(desc, 76)));
                out.push_str("\n\n");
            }
        }
    }
    Ok(out)
}

/// The struct a field leads into, through lists and maps.
fn item_struct(t: &T) -> Option<&'static Struct> {
    match t {
        T::Obj(s) => Some(s),
        T::List(inner) | T::Map(inner) => item_struct(inner),
        _ => None,
    }
}

fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// go-wordwrap's `WrapString`: break at spaces so lines stay within `limit`
/// characters, never splitting a word.
pub fn wrap(s: &str, limit: usize) -> String {
    let mut buf = String::new();
    let mut current = 0usize;
    let mut word = String::new();
    let mut space = String::new();
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space.chars().count() <= limit {
                    buf.push_str(&space);
                }
                space.clear();
            } else {
                buf.push_str(&space);
                buf.push_str(&word);
                space.clear();
                word.clear();
            }
            buf.push('\n');
            current = 0;
        } else if c.is_whitespace() {
            if space.is_empty() || !word.is_empty() {
                current += space.chars().count() + word.chars().count();
                buf.push_str(&space);
                buf.push_str(&word);
                space.clear();
                word.clear();
            }
            space.push(c);
        } else {
            word.push(c);
            let wl = word.chars().count();
            if current + space.chars().count() + wl > limit && wl < limit {
                buf.push('\n');
                current = 0;
                space.clear();
            }
        }
    }
    if word.is_empty() {
        if current + space.chars().count() <= limit {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    /// www/explain-descriptions.txt is what the page's wasm gets: it must be this
    /// table's text (`UPDATE_EXPECT=1 cargo test` rewrites it).
    #[test]
    #[cfg(feature = "explain-text")]
    fn the_page_s_descriptions_file_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/explain-descriptions.txt");
        let want = descriptions_text();
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "{path} is stale: run `cargo xtask bless` (UPDATE_EXPECT=1 cargo test)"
        );
    }

    /// The file read back gives every text of the table, newlines and backslashes
    /// included, under its struct and field.
    #[test]
    #[cfg(feature = "explain-text")]
    fn descriptions_read_back_as_written() {
        let table = parse_descriptions(&descriptions_text()).unwrap();
        let find = |s: &str, f: &str| {
            table
                .iter()
                .find(|(a, b, _)| a == s && b == f)
                .map(|(_, _, d)| d.as_str())
        };
        let spec = DAEMON_SET.field("spec").unwrap();
        let Some(ds_spec) = item_struct(&spec.ty) else {
            panic!("spec is a struct")
        };
        for f in ds_spec.fields {
            assert_eq!(find("DaemonSetSpec", f.name).unwrap_or(""), f.desc);
        }
        assert_eq!(find("DaemonSet", "").unwrap(), DAEMON_SET.desc);
        let meta = find("ObjectMeta", "namespace").unwrap();
        assert!(meta.contains(".\n\nMust be a DNS_LABEL"), "{meta}");
        assert_eq!(unescape(&escape("a\\b\nc\\n")), "a\\b\nc\\n");
        assert!(parse_descriptions("no tabs here").is_err());
    }

    #[test]
    fn update_strategy_is_explained_in_kubectl_layout() {
        let out = explain("daemonset.spec.updateStrategy").unwrap();
        let expected_head = "GROUP:      apps\nKIND:       DaemonSet\nVERSION:    v1\n\nFIELD: updateStrategy <DaemonSetUpdateStrategy>\n\n\nDESCRIPTION:\n    An update strategy to replace existing DaemonSet pods with new pods.\n";
        assert!(out.starts_with(expected_head), "{out}");
        assert!(out.contains("FIELDS:\n  rollingUpdate\t<RollingUpdateDaemonSet>\n    Rolling update config params. Present only if type = \"RollingUpdate\".\n\n  type\t<string>\n  enum: OnDelete, RollingUpdate\n"));
    }

    #[test]
    fn aliases_and_lists_resolve_to_their_item_types() {
        let out = explain("ds.spec.template.spec.containers").unwrap();
        assert!(out.contains("FIELD: containers <[]Container>"));
        assert!(out.contains("  image\t<string>\n"));
        assert!(out.contains("  name\t<string> -required-\n"));
        let top = explain("daemonsets").unwrap();
        assert!(top.contains("DESCRIPTION:\n    DaemonSet represents the configuration of a daemon set.\n    \nFIELDS:\n  apiVersion\t<string>\n"));
    }

    #[test]
    fn unknown_fields_and_resources_fail_like_kubectl() {
        assert_eq!(
            explain("ds.spec.replicas"),
            Err("error: field \"replicas\" does not exist".into())
        );
        assert_eq!(
            explain("ds.spec.foo.bar"),
            Err("error: field \"bar\" does not exist".into())
        );
        assert_eq!(
            explain("widgets"),
            Err("error: the server doesn't have a resource type \"widgets\"".into())
        );
    }

    #[test]
    fn descriptions_wrap_at_word_boundaries() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a\nb", 10), "a\nb");
    }
}
