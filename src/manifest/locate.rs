//! Field path → line and column, by reading the document text.
//!
//! serde_yaml's `Value` forgets positions, and every diagnostic must point at its
//! field. Real manifests are block-style YAML, so a small indentation walker is
//! enough: follow `key:` lines and `- ` items down the path. Where the text is
//! flow-style or the field is absent, we stop at the nearest ancestor we found
//! (a missing `image` points at its container), or the document's first line.

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A map key or struct field.
    Key(String),
    /// A list index.
    Index(usize),
}

/// Parses `spec.template.spec.containers[0].image` (and `metadata.labels[app]`,
/// `metadata.annotations[a.b/c]` as field.Path renders map keys).
pub fn parse_path(path: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    inner.push(c);
                }
                match inner.parse::<usize>() {
                    Ok(i) => segs.push(Seg::Index(i)),
                    Err(_) => segs.push(Seg::Key(inner)),
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        segs.push(Seg::Key(cur));
    }
    segs
}

#[derive(Clone, Copy)]
struct Line<'a> {
    /// Column (0-based) where the content starts.
    indent: usize,
    /// The content from `indent` on.
    body: &'a str,
}

fn significant(body: &str) -> bool {
    !body.is_empty() && !body.starts_with('#')
}

/// A run of lines holding one YAML node; `first` may start mid-line (after `- `).
struct Region {
    start: usize,
    end: usize,
    first: Option<usize>,
}

/// Finds `path` in a document. Returns the 1-based (line, col) within the document of
/// the deepest segment found, and whether the whole path was found.
pub fn locate(doc: &str, path: &[Seg]) -> (usize, usize, bool) {
    let raw: Vec<&str> = doc.lines().collect();
    let view = |i: usize, first: Option<usize>| -> Line<'_> {
        let l = raw[i];
        match first {
            Some(col) => Line {
                indent: col,
                body: l.get(col..).unwrap_or("").trim_end(),
            },
            None => {
                let body = l.trim_start_matches(' ');
                Line {
                    indent: l.len() - body.len(),
                    body: body.trim_end(),
                }
            }
        }
    };
    let first_sig = raw
        .iter()
        .position(|l| significant(l.trim_start()))
        .unwrap_or(0);
    let mut best = (first_sig + 1, 1);
    let mut region = Region {
        start: 0,
        end: raw.len(),
        first: None,
    };
    for seg in path {
        // The node's own indentation: its first significant line.
        let mut node_indent = None;
        for i in region.start..region.end {
            let l = view(
                i,
                if i == region.start {
                    region.first
                } else {
                    None
                },
            );
            if significant(l.body) {
                node_indent = Some(l.indent);
                break;
            }
        }
        let Some(indent) = node_indent else {
            return (best.0, best.1, false);
        };
        let mut found = None;
        match seg {
            Seg::Key(key) => {
                for i in region.start..region.end {
                    let l = view(
                        i,
                        if i == region.start {
                            region.first
                        } else {
                            None
                        },
                    );
                    if !significant(l.body) || l.indent != indent {
                        continue;
                    }
                    if let Some(rest) = key_rest(l.body, key) {
                        found = Some((i, l.indent, rest.trim_start()));
                        break;
                    }
                }
                let Some((i, col, rest)) = found else {
                    return (best.0, best.1, false);
                };
                best = (i + 1, col + 1);
                if significant(rest) && !is_block_header(rest) {
                    // Inline value (scalar or flow): nothing deeper is on its own line.
                    region = Region {
                        start: i,
                        end: i,
                        first: None,
                    };
                    continue;
                }
                let mut end = i + 1;
                while end < region.end {
                    let l = view(end, None);
                    if significant(l.body)
                        && (l.indent < col || (l.indent == col && !is_dash(l.body)))
                    {
                        break;
                    }
                    end += 1;
                }
                region = Region {
                    start: i + 1,
                    end,
                    first: None,
                };
            }
            Seg::Index(n) => {
                let mut count = 0usize;
                for i in region.start..region.end {
                    let l = view(
                        i,
                        if i == region.start {
                            region.first
                        } else {
                            None
                        },
                    );
                    if !significant(l.body) || l.indent != indent || !is_dash(l.body) {
                        continue;
                    }
                    if count == *n {
                        found = Some((i, l.indent, l.body));
                        break;
                    }
                    count += 1;
                }
                let Some((i, col, body)) = found else {
                    return (best.0, best.1, false);
                };
                let after = body[1..].trim_start();
                let content_col = col + (body.len() - after.len());
                best = (i + 1, content_col + 1);
                let mut end = i + 1;
                while end < region.end {
                    let l = view(end, None);
                    if significant(l.body) && l.indent <= col {
                        break;
                    }
                    end += 1;
                }
                region = if significant(after) {
                    Region {
                        start: i,
                        end,
                        first: Some(content_col),
                    }
                } else {
                    Region {
                        start: i + 1,
                        end,
                        first: None,
                    }
                };
            }
        }
    }
    (best.0, best.1, true)
}

fn is_dash(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

fn is_block_header(rest: &str) -> bool {
    rest.starts_with('|') || rest.starts_with('>') || rest.starts_with('&') || rest.starts_with('!')
}

/// If `body` starts with `key:` (plain or quoted), the text after the colon.
fn key_rest<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    for (open, close) in [("", ""), ("\"", "\""), ("'", "'")] {
        if let Some(r) = body
            .strip_prefix(open)
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix(close))
        {
            let r = r.trim_start_matches(' ');
            if let Some(after) = r.strip_prefix(':') {
                if after.is_empty() || after.starts_with(' ') || after.starts_with('\t') {
                    return Some(after);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DS: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: a
        image: nginx
        ports:
          - containerPort: 80
          # a comment
          - containerPort: 81
            hostPort: 81
      - name: b
        env:
        - name: X
          value: \"1\"
      volumes:
      - name: data
        hostPath:
          path: /data
";

    fn at(path: &str) -> (usize, usize, bool) {
        locate(DS, &parse_path(path))
    }

    #[test]
    fn paths_parse_into_keys_and_indices() {
        assert_eq!(
            parse_path("spec.containers[0].env[1].name"),
            vec![
                Seg::Key("spec".into()),
                Seg::Key("containers".into()),
                Seg::Index(0),
                Seg::Key("env".into()),
                Seg::Index(1),
                Seg::Key("name".into())
            ]
        );
        assert_eq!(
            parse_path("metadata.labels[a.b/c]")[2],
            Seg::Key("a.b/c".into())
        );
    }

    #[test]
    fn nested_keys_and_list_items_are_found() {
        assert_eq!(at("spec.template.spec.containers[0].image"), (15, 9, true));
        assert_eq!(at("spec.template.spec.containers[1].name"), (21, 9, true));
        assert_eq!(
            at("spec.template.spec.containers[1].env[0].value"),
            (24, 11, true)
        );
        assert_eq!(
            at("spec.template.spec.volumes[0].hostPath.path"),
            (28, 11, true)
        );
    }

    #[test]
    fn indented_sequences_and_comments_between_items_are_handled() {
        assert_eq!(
            at("spec.template.spec.containers[0].ports[1].hostPort"),
            (20, 13, true)
        );
        assert_eq!(
            at("spec.template.spec.containers[0].ports[1]"),
            (19, 13, true)
        );
    }

    #[test]
    fn missing_fields_fall_back_to_the_nearest_ancestor() {
        assert_eq!(at("spec.template.spec.containers[1].image"), (21, 9, false));
        assert_eq!(at("spec.replicas"), (5, 1, false));
        assert_eq!(at("nothing"), (1, 1, false));
    }

    #[test]
    fn flow_style_values_stop_at_their_key() {
        assert_eq!(at("spec.selector.matchLabels.app"), (7, 5, false));
    }
}
