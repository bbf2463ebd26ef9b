//! YAML text to JSON trees, the way kubectl reads a file.
//!
//! kubectl first cuts a file into documents at `---` lines (its own splitter, not the
//! YAML parser's), then converts each document to JSON with `sigs.k8s.io/yaml`
//! (go-yaml v2 underneath). We mirror both steps so that line numbers in syntax
//! errors are, as in kubectl, relative to the document, while our [`Diagnostic`]s
//! carry absolute positions for the editor.
//!
//! [`Diagnostic`]: super::Diagnostic

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

/// Largest file we accept. The API server refuses request bodies over 3 MiB; 4 MiB
/// leaves room for comments while keeping a hostile paste from stalling the page.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// One document of a file: its text and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'a> {
    /// The document's text (without its `---` line).
    pub text: &'a str,
    /// 1-based line of the file where `text` begins.
    pub first_line: usize,
}

/// A YAML syntax error, positioned absolutely in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// What go-yaml would say after `error converting YAML to JSON: `.
    pub message: String,
    /// 1-based absolute line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// Splits a file into documents as kubectl's `YAMLReader` does: a line that starts with
/// `---` followed only by blanks or a comment separates documents.
pub fn split_documents(text: &str) -> Vec<Document<'_>> {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1usize;
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if is_separator(line) {
            docs.push(Document {
                text: &text[start..offset],
                first_line: start_line,
            });
            start = offset + line.len();
            start_line = i + 2;
        }
        offset += line.len();
    }
    docs.push(Document {
        text: &text[start..],
        first_line: start_line,
    });
    docs
}

fn is_separator(line: &str) -> bool {
    match line.strip_prefix("---") {
        Some(rest) => {
            let rest = rest.trim();
            rest.is_empty() || rest.starts_with('#')
        }
        None => false,
    }
}

/// Whether a document holds nothing but blanks and comments (kubectl skips those).
pub fn is_blank(doc: &str) -> bool {
    doc.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "..."
    })
}

/// Parses one document into JSON, or the syntax error go-yaml would report.
pub fn parse(doc: &Document<'_>) -> Result<Json, SyntaxError> {
    let mut value: Yaml = match serde_yaml::from_str(doc.text) {
        Ok(v) => v,
        Err(e) => return Err(syntax_error(doc, &e)),
    };
    // `<<: *base` merge keys: go-yaml v2 applies them, so must we.
    if let Err(e) = value.apply_merge() {
        return Err(syntax_error(doc, &e));
    }
    to_json(&value).map_err(|message| SyntaxError {
        message,
        line: doc.first_line,
        col: 1,
    })
}

/// Turns serde_yaml's error into go-yaml's words and line rule.
///
/// go-yaml (v2, `parser.fail`) reports the *context* mark when there is one, else the
/// problem mark; both are 0-based, and only scanner errors add one. So a parser error
/// "while parsing a block mapping" that started on line 4 is reported as `line 3`.
/// We reproduce that quirk in the message, and keep the true position for the editor.
fn syntax_error(doc: &Document<'_>, e: &serde_yaml::Error) -> SyntaxError {
    let text = e.to_string();
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let abs = |line: usize, col: usize| (doc.first_line + line.saturating_sub(1), col.max(1));
    if text.starts_with("duplicate entry with key") {
        let key = text
            .split('"')
            .nth(1)
            .unwrap_or_default()
            .replace("\\\"", "\"");
        let dup = duplicate_key_line(doc.text, &key).unwrap_or(line);
        let (l, c) = abs(dup, 1);
        return SyntaxError {
            message: format!(
                "yaml: unmarshal errors:\n  line {dup}: key {key:?} already set in map"
            ),
            line: l,
            col: c,
        };
    }
    if text.starts_with("repetition limit exceeded") {
        let (l, c) = abs(line, col);
        return SyntaxError {
            message: "yaml: document contains excessive aliasing".into(),
            line: l,
            col: c,
        };
    }
    if text.starts_with("recursion limit exceeded") {
        let (l, c) = abs(line, col);
        return SyntaxError {
            message: "yaml: exceeded max depth of 128".into(),
            line: l,
            col: c,
        };
    }
    if text.starts_with("unknown anchor") {
        let name: String = doc
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.get(col.saturating_sub(1)..))
            .map(|s| {
                s.trim_start_matches('*')
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !",]}".contains(*c))
                    .collect()
            })
            .unwrap_or_default();
        let (l, c) = abs(line, col);
        return SyntaxError {
            message: format!("yaml: unknown anchor '{name}' referenced"),
            line: l,
            col: c,
        };
    }
    // "<problem> at line L column C[, while <context>[ at line L2 column C2]]"
    let (head, context) = match text.split_once(", while ") {
        Some((h, c)) => (h, Some(c)),
        None => (text.as_str(), None),
    };
    let problem = head.split(" at line ").next().unwrap_or(head).to_string();
    let scanner =
        context.is_some_and(|c| c.starts_with("scanning")) || is_scanner_problem(&problem);
    let context_line = context.map(|c| {
        c.split(" at line ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(1)
    });
    // go-yaml's 0-based marks.
    let ctx0 = context_line.map(|l| l - 1).unwrap_or(0);
    let prob0 = line.saturating_sub(1);
    let reported = if ctx0 != 0 {
        Some(if scanner { ctx0 + 1 } else { ctx0 })
    } else if prob0 != 0 {
        Some(if scanner { prob0 + 1 } else { prob0 })
    } else {
        None
    };
    let message = match reported {
        Some(n) => format!("yaml: line {n}: {problem}"),
        None => format!("yaml: {problem}"),
    };
    let (l, c) = abs(line, col);
    SyntaxError {
        message,
        line: l,
        col: c,
    }
}

/// Problems raised by libyaml's scanner (as opposed to its parser).
fn is_scanner_problem(p: &str) -> bool {
    !(p.starts_with("did not find expected") || p.starts_with("found duplicate anchor"))
}

/// The 1-based line of the second `key:` at the indentation of its first occurrence.
fn duplicate_key_line(text: &str, key: &str) -> Option<usize> {
    let mut seen: Vec<usize> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start_matches([' ', '-']);
        let indent = line.len() - body.len();
        let k = body
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if k == key && body.contains(':') {
            if seen.contains(&indent) {
                return Some(i + 1);
            }
            seen.push(indent);
        }
    }
    None
}

/// Converts a YAML value to JSON as `sigs.k8s.io/yaml` does: non-string keys become
/// strings, tags are dropped, and non-finite floats are refused.
pub fn to_json(v: &Yaml) -> Result<Json, String> {
    Ok(match v {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(*b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(f) {
                    Some(n) => Json::Number(n),
                    None => return Err(format!("json: unsupported value: {}", go_float(f))),
                }
            }
        }
        Yaml::String(s) => Json::String(s.clone()),
        Yaml::Sequence(items) => Json::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Yaml::Mapping(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let key = match k {
                    Yaml::String(s) => s.clone(),
                    Yaml::Null => "null".into(),
                    Yaml::Bool(b) => b.to_string(),
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Tagged(t) => match &t.value {
                        Yaml::String(s) => s.clone(),
                        other => complex_key(other)?,
                    },
                    other => complex_key(other)?,
                };
                out.insert(key, to_json(v)?);
            }
            Json::Object(out)
        }
        Yaml::Tagged(t) => to_json(&t.value)?,
    })
}

/// A key that is not a plain scalar (`? [a, b]`), written as YAML text on one line
/// per item, as kubectl's `-o yaml` writer prints the value (kubectl itself refuses
/// such keys; the simulator keeps them as text).
fn complex_key(key: &Yaml) -> Result<String, String> {
    Ok(crate::kubectl::print::to_yaml(&to_json(key)?)
        .trim()
        .to_string())
}

fn go_float(f: f64) -> &'static str {
    if f.is_nan() {
        "NaN"
    } else if f > 0.0 {
        "+Inf"
    } else {
        "-Inf"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document<'_> {
        Document {
            text,
            first_line: 1,
        }
    }

    #[test]
    fn keys_that_are_not_scalars_become_their_yaml_text() {
        let v = parse(&doc("? [a, b]\n: 1\n? {x: 1}\n: 2\n!tag [c]: 3\n")).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["- a\n- b", "- c", "x: 1"]);
    }

    #[test]
    fn documents_split_at_dash_lines_like_kubectl() {
        let docs = split_documents("a: 1\n---\nb: 2\n--- # comment\nc: 3\n---x: 4\n");
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].text, "a: 1\n");
        assert_eq!(docs[1].first_line, 3);
        assert_eq!(docs[2].text, "c: 3\n---x: 4\n");
        assert_eq!(docs[2].first_line, 5);
    }

    #[test]
    fn comment_only_documents_are_blank() {
        assert!(is_blank("# hi\n\n  \n"));
        assert!(!is_blank("a: 1\n"));
    }

    #[test]
    fn mapping_values_error_reads_like_go_yaml() {
        let e = parse(&doc("a: b\nc: d: e\n")).unwrap_err();
        assert_eq!(
            e.message,
            "yaml: line 2: mapping values are not allowed in this context"
        );
        assert_eq!((e.line, e.col), (2, 5));
    }

    #[test]
    fn parser_errors_report_the_zero_based_context_line_as_go_yaml_does() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: web\n   foo: bar\n";
        let e = parse(&doc(text)).unwrap_err();
        assert_eq!(e.message, "yaml: line 3: did not find expected key");
        assert_eq!(e.line, 7);
    }

    #[test]
    fn duplicate_keys_are_rejected_with_the_line_of_the_second() {
        let e = parse(&doc("a: 1\nb:\n  c: 1\na: 2\n")).unwrap_err();
        assert_eq!(
            e.message,
            "yaml: unmarshal errors:\n  line 4: key \"a\" already set in map"
        );
        assert_eq!(e.line, 4);
    }

    #[test]
    fn alias_bombs_end_with_a_clear_error() {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, c) in "bcdefghi".chars().enumerate() {
            let prev = (b'a' + i as u8) as char;
            s.push_str(&format!(
                "{c}: &{c} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        let e = parse(&doc(&s)).unwrap_err();
        assert_eq!(e.message, "yaml: document contains excessive aliasing");
    }

    #[test]
    fn deep_nesting_is_refused_without_panicking() {
        let s = "[".repeat(10_000);
        let e = parse(&doc(&s)).unwrap_err();
        assert!(e.message.contains("max depth"), "{}", e.message);
    }

    #[test]
    fn merge_keys_and_odd_keys_convert_like_sigs_yaml() {
        let v = parse(&doc("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n1: one\n")).unwrap();
        assert_eq!(v["m"]["x"], 1);
        assert_eq!(v["1"], "one");
    }

    #[test]
    fn tabs_are_scanner_errors_on_their_line() {
        let e = parse(&doc("a:\n\t- b\n")).unwrap_err();
        assert_eq!(
            e.message,
            "yaml: line 2: found character that cannot start any token"
        );
    }
}
