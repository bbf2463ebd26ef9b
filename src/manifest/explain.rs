//! `kubectl explain`, rendered from the schema table in kubectl's current (OpenAPI v3,
//! `plaintext`) layout: GROUP/KIND/VERSION, then FIELD, DESCRIPTION and FIELDS,
//! descriptions word-wrapped as kubectl wraps them.

use super::schema::{Field, Struct, DAEMON_SET, NODE, POD, T};

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
    let mut field: Option<&'static Field> = None;
    for (i, name) in fields.iter().enumerate() {
        let f = current.field(name).ok_or_else(missing)?;
        field = Some(f);
        match item_struct(&f.ty) {
            Some(s) => current = s,
            None if i + 1 < fields.len() => return Err(missing()),
            None => {}
        }
    }
    let (description, fields_of) = match field {
        None => (format!("{}\n", root.desc), Some(root)),
        Some(f) => {
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
            if !f.desc.is_empty() {
                d.push_str(f.desc);
                d.push('\n');
            }
            let inner = item_struct(&f.ty);
            if let Some(s) = inner {
                if !s.desc.is_empty() {
                    d.push_str(s.desc);
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
                let desc = if f.desc.is_empty() {
                    "<no description>"
                } else {
                    f.desc
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
