//! `-o json` and `-o yaml` as kubectl prints them.
//!
//! JSON: Go's `json.MarshalIndent(obj, "", "    ")` of an unstructured object: keys
//! sorted bytewise, `<`, `>` and `&` escaped as `\u003c`…, empty containers as `{}`/`[]`.
//!
//! YAML: `sigs.k8s.io/yaml` (go-yaml v2): keys in go-yaml's natural order, sequences
//! not indented under their key, strings that would read back as another type
//! double-quoted (`"1"`, `""`, `"true"`, timestamps), strings that cannot be plain
//! single-quoted, multi-line strings as literal blocks, long plain or single-quoted
//! strings folded at spaces past column 80.

use serde_json::Value;

/// Go's `json.MarshalIndent` with four spaces, plus the trailing newline kubectl adds.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, 0, &mut out);
    out.push('\n');
    out
}

/// Compact Go JSON (`json.Marshal`), used by JSONPath for maps and lists.
pub fn to_json_compact(v: &Value) -> String {
    let mut out = String::new();
    write_json_compact(v, &mut out);
    out
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn sorted_keys(m: &serde_json::Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = m.keys().collect();
    crate::sort::sort(&mut keys);
    keys
}

fn write_json(v: &Value, indent: usize, out: &mut String) {
    let pad = |n: usize, out: &mut String| out.extend(std::iter::repeat_n(' ', n * 4));
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Object(m) => {
            out.push_str("{\n");
            let keys = sorted_keys(m);
            for (i, k) in keys.iter().enumerate() {
                pad(indent + 1, out);
                json_string(k, out);
                out.push_str(": ");
                write_json(&m[k.as_str()], indent + 1, out);
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(indent, out);
            out.push('}');
        }
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, x) in a.iter().enumerate() {
                pad(indent + 1, out);
                write_json(x, indent + 1, out);
                if i + 1 < a.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(indent, out);
            out.push(']');
        }
        Value::String(s) => json_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn write_json_compact(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push('{');
            for (i, k) in sorted_keys(m).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                write_json_compact(&m[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_compact(x, out);
            }
            out.push(']');
        }
        Value::String(s) => json_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

// ---------------------------------------------------------------- YAML

/// YAML as `kubectl get -o yaml` prints it.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => write_seq(a, 0, &mut out),
        scalar => {
            write_scalar(scalar, 0, 0, &mut out);
            out.push('\n');
        }
    }
    out
}

/// go-yaml v2's map key order (`keyList.Less`): letters compare by code point, any
/// non-letter sorts before a letter, digit runs compare numerically.
fn yaml_key_less(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

fn pad(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_map(m: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    let mut keys: Vec<&String> = m.keys().collect();
    crate::sort::by(&mut keys, |a, b| yaml_key_less(a, b));
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            pad(indent, out);
        }
        let key = scalar_text(k, indent, false);
        out.push_str(&key);
        out.push(':');
        write_value_after_key(&m[k.as_str()], indent, out);
    }
}

fn write_value_after_key(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            pad(indent + 2, out);
            write_map(m, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            pad(indent, out);
            write_seq(a, indent, out);
        }
        scalar => {
            out.push(' ');
            write_scalar(scalar, indent + 2, out_column(out), out);
            out.push('\n');
        }
    }
}

fn write_seq(a: &[Value], indent: usize, out: &mut String) {
    for (i, x) in a.iter().enumerate() {
        if i > 0 {
            pad(indent, out);
        }
        out.push_str("- ");
        match x {
            Value::Object(m) if !m.is_empty() => write_map(m, indent + 2, out),
            Value::Array(inner) if !inner.is_empty() => write_seq(inner, indent + 2, out),
            scalar => {
                write_scalar(scalar, indent + 2, out_column(out), out);
                out.push('\n');
            }
        }
    }
}

fn out_column(out: &str) -> usize {
    out.rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
}

fn write_scalar(v: &Value, indent: usize, column: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => {
            if s.contains('\n') && literal_allowed(s) {
                write_literal(s, indent, out);
            } else {
                out.push_str(&scalar_text_at(s, indent, column, true));
            }
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

fn scalar_text(s: &str, indent: usize, fold: bool) -> String {
    scalar_text_at(s, indent, 0, fold)
}

/// Would go-yaml read this plain string back as something other than a string?
fn resolves_to_non_string(s: &str) -> bool {
    const SPECIAL: [&str; 31] = [
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".nan", ".NaN", ".NAN", "<<",
    ];
    if SPECIAL.contains(&s) {
        return true;
    }
    if [
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ]
    .contains(&s)
    {
        return true;
    }
    let first = s.as_bytes()[0];
    match first {
        b'0'..=b'9' | b'+' | b'-' | b'.' => {}
        _ => return false,
    }
    if first == b'.' {
        return s.parse::<f64>().is_ok() && s.len() > 1;
    }
    if is_timestamp(s) {
        return true;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if go_parse_int(&plain) {
        return true;
    }
    if is_yaml_float(&plain) {
        return true;
    }
    let bin = |p: &str| p.len() > 2 && p.chars().skip(2).all(|c| c == '0' || c == '1');
    if (plain.starts_with("0b") && bin(&plain)) || (plain.starts_with("-0b") && bin(&plain[1..])) {
        return true;
    }
    is_base60_float(s)
}

fn go_parse_int(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    if t.is_empty() {
        return false;
    }
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b, 2)
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (o, 8)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))
}

fn is_yaml_float(s: &str) -> bool {
    // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn is_base60_float(s: &str) -> bool {
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match t.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (t, None),
    };
    if let Some(f) = frac {
        if !f.chars().all(|c| c.is_ascii_digit() || c == '_') {
            return false;
        }
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if head.is_empty()
        || !head.as_bytes()[0].is_ascii_digit()
        || !head.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    let mut n = 0;
    for p in parts {
        n += 1;
        let ok = match p.len() {
            1 => p.as_bytes()[0].is_ascii_digit(),
            2 => (b'0'..=b'5').contains(&p.as_bytes()[0]) && p.as_bytes()[1].is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    n > 0
}

fn is_timestamp(s: &str) -> bool {
    // go-yaml v2 parseTimestamp: "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t…",
    // "2006-1-2 15:4:5.999999999", "2006-1-2".
    let b = s.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, min: usize, max: usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        *i - start >= min
    };
    if !num(&mut i, 4, 4) || i >= b.len() || b[i] != b'-' {
        return false;
    }
    i += 1;
    if !num(&mut i, 1, 2) || i >= b.len() || b[i] != b'-' {
        return false;
    }
    i += 1;
    if !num(&mut i, 1, 2) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    if !(b[i] == b'T' || b[i] == b't' || b[i] == b' ') {
        return false;
    }
    i += 1;
    for k in 0..3 {
        if !num(&mut i, 1, 2) {
            return false;
        }
        if k < 2 {
            if i >= b.len() || b[i] != b':' {
                return false;
            }
            i += 1;
        }
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if !num(&mut i, 1, 9) {
            return false;
        }
    }
    let rest = &s[i..];
    rest.is_empty() || rest == "Z" || {
        let r = rest.as_bytes();
        r.len() == 6 && (r[0] == b'+' || r[0] == b'-') && r[3] == b':'
    }
}

/// Whether the libyaml emitter allows `s` as a plain scalar in block context.
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    let ws = |c: Option<&char>| matches!(c, None | Some(' ') | Some('\t') | Some('\n'));
    if matches!(
        chars[0],
        '#' | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    ) {
        return false;
    }
    if matches!(chars[0], '?' | ':' | '-') && ws(chars.get(1)) {
        return false;
    }
    if chars[0] == ' ' || chars[chars.len() - 1] == ' ' {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        if c == ':' && ws(chars.get(i + 1)) {
            return false;
        }
        if c == '#' && i > 0 && matches!(chars[i - 1], ' ' | '\t') {
            return false;
        }
        if special_char(c) {
            return false;
        }
    }
    true
}

fn special_char(c: char) -> bool {
    let u = c as u32;
    !(c == '\n'
        || (0x20..=0x7e).contains(&u)
        || u == 0x85
        || (0xa0..=0xd7ff).contains(&u)
        || (0xe000..=0xfffd).contains(&u) && u != 0xfeff
        || (0x10000..=0x10ffff).contains(&u))
}

fn literal_allowed(s: &str) -> bool {
    // Spaces before a line break, or unprintable characters, force double quotes.
    !s.contains(" \n") && !s.chars().any(special_char) && !s.starts_with(' ')
}

fn scalar_text_at(s: &str, indent: usize, column: usize, fold: bool) -> String {
    let quote_needed = resolves_to_non_string(s);
    if !quote_needed && plain_allowed(s) {
        return if fold {
            fold_at_spaces(s, indent, column)
        } else {
            s.to_string()
        };
    }
    if quote_needed && !s.contains('\n') {
        return double_quoted(s);
    }
    if !s.chars().any(special_char) && !s.contains('\n') && !s.contains('\t') {
        let body = s.replace('\'', "''");
        let q = format!("'{body}'");
        return if fold {
            fold_at_spaces(&q, indent, column)
        } else {
            q
        };
    }
    double_quoted(s)
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if special_char(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// go-yaml breaks a plain or single-quoted scalar at a space once the line is past
/// column 80, continuing on the next line at the value's indentation.
fn fold_at_spaces(s: &str, indent: usize, start_column: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut column = start_column;
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if !prev_space && column > 80 && !next_space && i + 1 < chars.len() {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indent));
                column = indent;
                prev_space = true;
                continue;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
        out.push(c);
        column += 1;
    }
    out
}

fn write_literal(s: &str, indent: usize, out: &mut String) {
    let chomp = if !s.ends_with('\n') {
        "-"
    } else if s.ends_with("\n\n") {
        "+"
    } else {
        ""
    };
    out.push('|');
    out.push_str(chomp);
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(indent, out);
            out.push_str(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_is_go_indented_sorted_and_html_escaped() {
        let v = json!({"kind": "List", "apiVersion": "v1", "items": [], "metadata": {"resourceVersion": ""}, "x": {"<none>": [1, {}]}});
        assert_eq!(
            to_json(&v),
            "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    },\n    \"x\": {\n        \"\\u003cnone\\u003e\": [\n            1,\n            {}\n        ]\n    }\n}\n"
        );
    }

    #[test]
    fn yaml_matches_go_yaml_v2() {
        let v = json!({
            "apiVersion": "v1", "kind": "List", "items": [],
            "metadata": {"resourceVersion": "", "annotations": {"deprecated.daemonset.template.generation": "1"}},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}]}],
                     "nodeSelector": {}, "args": ["-c", "echo hi"], "on": "on", "t": "2026-01-01T00:00:00Z",
                     "star": "*", "colon": "a: b", "plain": "app=web", "multi": "a\nb\n"}
        });
        let want = "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  annotations:\n    deprecated.daemonset.template.generation: \"1\"\n  resourceVersion: \"\"\nspec:\n  args:\n  - -c\n  - echo hi\n  colon: 'a: b'\n  containers:\n  - image: nginx:1.25\n    name: web\n    ports:\n    - containerPort: 80\n  multi: |\n    a\n    b\n  nodeSelector: {}\n  \"on\": \"on\"\n  plain: app=web\n  star: '*'\n  t: \"2026-01-01T00:00:00Z\"\n";
        assert_eq!(to_yaml(&v), want);
    }

    #[test]
    fn yaml_keys_use_go_yaml_natural_order() {
        let mut keys = vec!["node-10", "node-9", "a_b", "aB", "ab"];
        crate::sort::by(&mut keys, |a, b| yaml_key_less(a, b));
        assert_eq!(keys, vec!["a_b", "aB", "ab", "node-9", "node-10"]);
    }

    #[test]
    fn long_strings_fold_past_column_80() {
        let msg = "Back-off pulling image \"registry.example.com/team/agent:v2.0.0-broken\" because the registry said no";
        let y = to_yaml(&json!({"message": msg}));
        assert_eq!(
            y,
            "message: Back-off pulling image \"registry.example.com/team/agent:v2.0.0-broken\" because\n  the registry said no\n"
        );
    }
}
