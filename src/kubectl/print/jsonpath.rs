//! The subset of kubectl's JSONPath (`k8s.io/client-go/util/jsonpath`) that lessons
//! use: `{.a.b}`, `['key']`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `.*`, `..name`,
//! filters `[?(@.x=="y")]` (`==`, `!=`, `<`, `>`, `<=`, `>=`, existence),
//! `{range …}…{end}`, quoted literals such as `{"\n"}`, and plain text between
//! actions. Missing keys print nothing (kubectl's `--allow-missing-template-keys`
//! default); maps and lists print as compact JSON, several results are joined by spaces.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Field(String),
    AllFields,
    Recursive(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    All,
    Filter(Vec<Step>, Option<(String, Literal)>),
}

#[derive(Clone, Debug, PartialEq)]
enum Literal {
    Str(String),
    Num(f64),
    Path(Vec<Step>),
}

/// Evaluates `template` against `data`. Errors read as kubectl's
/// (`error: error parsing jsonpath …`).
pub fn execute(template: &str, data: &Value) -> Result<String, String> {
    let nodes = parse(template)?;
    let mut out = String::new();
    run(&nodes, data, &mut out);
    Ok(out)
}

/// The values the paths of `template` select, in order (custom-columns' field specs).
pub fn find<'a>(template: &str, data: &'a Value) -> Result<Vec<&'a Value>, String> {
    let mut out = Vec::new();
    for n in parse(template)? {
        if let Node::Path(steps) = n {
            out.extend(eval(&steps, data));
        }
    }
    Ok(out)
}

fn parse(template: &str) -> Result<Vec<Node>, String> {
    let err = |m: &str| format!("error parsing jsonpath {template}, {m}");
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = vec![(Vec::new(), Vec::new())];
    let mut rest = template;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(Node::Text(rest.to_string()));
            break;
        };
        if open > 0 {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(Node::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = find_close(after).ok_or_else(|| err("unclosed action"))?;
        let action = after[..close].trim();
        rest = &after[close + 1..];
        if action == "end" {
            if stack.len() < 2 {
                return Err(err("not in range, nothing to end"));
            }
            let (steps, body) = stack.pop().unwrap();
            stack.last_mut().unwrap().1.push(Node::Range(steps, body));
        } else if let Some(expr) = action.strip_prefix("range ") {
            stack.push((parse_path(expr.trim()).map_err(|m| err(&m))?, Vec::new()));
        } else if action.starts_with('"') || action.starts_with('\'') {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(Node::Text(unquote(action).map_err(|m| err(&m))?));
        } else {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(Node::Path(parse_path(action).map_err(|m| err(&m))?));
        }
    }
    if stack.len() != 1 {
        return Err(err("unclosed range"));
    }
    Ok(stack.pop().unwrap().1)
}

fn find_close(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escape = false;
    for (i, c) in s.char_indices() {
        if escape {
            escape = false;
            continue;
        }
        match (quote, c) {
            (Some(_), '\\') => escape = true,
            (Some(q), c) if c == q => quote = None,
            (None, '"') | (None, '\'') => quote = Some(c),
            (None, '}') => return Some(i),
            _ => {}
        }
    }
    None
}

fn unquote(s: &str) -> Result<String, String> {
    let q = s.chars().next().unwrap_or('"');
    let inner = s
        .strip_prefix(q)
        .and_then(|x| x.strip_suffix(q))
        .ok_or_else(|| format!("unterminated string {s}"))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

fn parse_path(expr: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let s: Vec<char> = expr.chars().collect();
    let mut i = 0;
    if i < s.len() && (s[i] == '$' || s[i] == '@') {
        i += 1;
    }
    while i < s.len() {
        match s[i] {
            '.' => {
                if i + 1 < s.len() && s[i + 1] == '.' {
                    i += 2;
                    let start = i;
                    while i < s.len() && s[i] != '.' && s[i] != '[' {
                        i += 1;
                    }
                    steps.push(Step::Recursive(s[start..i].iter().collect()));
                    continue;
                }
                i += 1;
                let start = i;
                while i < s.len() && s[i] != '.' && s[i] != '[' {
                    i += 1;
                }
                let name: String = s[start..i].iter().collect();
                match name.as_str() {
                    "" => {}
                    "*" => steps.push(Step::AllFields),
                    _ => steps.push(Step::Field(name)),
                }
            }
            '[' => {
                let start = i + 1;
                let mut depth = 0;
                let mut quote: Option<char> = None;
                let mut j = start;
                while j < s.len() {
                    let c = s[j];
                    match quote {
                        Some(q) if c == q => quote = None,
                        Some(_) => {}
                        None if c == '"' || c == '\'' => quote = Some(c),
                        None if c == '[' || c == '(' => depth += 1,
                        None if c == ')' => depth -= 1,
                        None if c == ']' && depth == 0 => break,
                        None if c == ']' => depth -= 1,
                        None => {}
                    }
                    j += 1;
                }
                if j >= s.len() {
                    return Err(format!("unterminated array in {expr}"));
                }
                let inner: String = s[start..j].iter().collect();
                steps.push(parse_bracket(inner.trim())?);
                i = j + 1;
            }
            c if c.is_whitespace() => i += 1,
            _ => {
                // A bare field name (`{items}` or after a filter).
                let start = i;
                while i < s.len() && s[i] != '.' && s[i] != '[' {
                    i += 1;
                }
                steps.push(Step::Field(s[start..i].iter().collect()));
            }
        }
    }
    Ok(steps)
}

fn parse_bracket(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::All);
    }
    if let Some(f) = inner.strip_prefix("?(").and_then(|x| x.strip_suffix(')')) {
        return parse_filter(f.trim());
    }
    if inner.starts_with('\'') || inner.starts_with('"') {
        return Ok(Step::Field(unquote(inner)?));
    }
    if let Some((a, b)) = inner.split_once(':') {
        let num = |x: &str| -> Result<Option<i64>, String> {
            let x = x.trim();
            let x = x.split(':').next().unwrap_or("");
            if x.is_empty() {
                Ok(None)
            } else {
                x.parse()
                    .map(Some)
                    .map_err(|_| format!("invalid array index {x}"))
            }
        };
        return Ok(Step::Slice(num(a)?, num(b)?));
    }
    inner
        .parse::<i64>()
        .map(Step::Index)
        .map_err(|_| format!("invalid array index {inner}"))
}

fn parse_filter(f: &str) -> Result<Step, String> {
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some((l, r)) = split_outside_quotes(f, op) {
            let left = parse_path(l.trim())?;
            let r = r.trim();
            let lit = if r.starts_with('"') || r.starts_with('\'') {
                Literal::Str(unquote(r)?)
            } else if r.starts_with('@') || r.starts_with('$') {
                Literal::Path(parse_path(r)?)
            } else if let Ok(n) = r.parse::<f64>() {
                Literal::Num(n)
            } else {
                Literal::Str(r.to_string())
            };
            return Ok(Step::Filter(left, Some((op.to_string(), lit))));
        }
    }
    Ok(Step::Filter(parse_path(f)?, None))
}

fn split_outside_quotes<'a>(s: &'a str, op: &str) -> Option<(&'a str, &'a str)> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if s[i..].starts_with(op) => return Some((&s[..i], &s[i + op.len()..])),
            None => {}
        }
    }
    None
}

fn eval<'a>(steps: &[Step], cur: &'a Value) -> Vec<&'a Value> {
    let mut vals: Vec<&'a Value> = vec![cur];
    for step in steps {
        let mut next = Vec::new();
        for v in vals {
            match step {
                Step::Field(name) => {
                    if let Some(x) = v.get(name.as_str()) {
                        next.push(x);
                    }
                }
                Step::AllFields => match v {
                    Value::Object(m) => next.extend(m.values()),
                    Value::Array(a) => next.extend(a.iter()),
                    _ => {}
                },
                Step::Recursive(name) => recurse(v, name, &mut next),
                Step::Index(i) => {
                    if let Value::Array(a) = v {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        if idx >= 0 {
                            if let Some(x) = a.get(idx as usize) {
                                next.push(x);
                            }
                        }
                    }
                }
                Step::Slice(from, to) => {
                    if let Value::Array(a) = v {
                        let len = a.len() as i64;
                        let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                        let f = norm(from.unwrap_or(0));
                        let t = norm(to.unwrap_or(len));
                        if f < t {
                            next.extend(a[f as usize..t as usize].iter());
                        }
                    }
                }
                Step::All => match v {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
                Step::Filter(left, cmp) => {
                    let items: Vec<&Value> = match v {
                        Value::Array(a) => a.iter().collect(),
                        other => vec![other],
                    };
                    for item in items {
                        let lhs = eval(left, item);
                        let keep = match cmp {
                            None => !lhs.is_empty(),
                            Some((op, lit)) => {
                                let rhs: Vec<Value> = match lit {
                                    Literal::Str(s) => vec![Value::String(s.clone())],
                                    Literal::Num(n) => vec![serde_json::json!(n)],
                                    Literal::Path(p) => {
                                        eval(p, item).into_iter().cloned().collect()
                                    }
                                };
                                lhs.iter().any(|l| rhs.iter().any(|r| compare(l, op, r)))
                            }
                        };
                        if keep {
                            next.push(item);
                        }
                    }
                }
            }
        }
        vals = next;
    }
    vals
}

fn recurse<'a>(v: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(name) {
                out.push(x);
            }
            for x in m.values() {
                recurse(x, name, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                recurse(x, name, out);
            }
        }
        _ => {}
    }
}

fn compare(l: &Value, op: &str, r: &Value) -> bool {
    let ord = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (a, Value::String(b)) => Some(text(a).cmp(b)),
        _ => None,
    };
    let Some(ord) = ord else {
        return op == "!=";
    };
    match op {
        "==" => ord.is_eq(),
        "!=" => !ord.is_eq(),
        "<" => ord.is_lt(),
        ">" => ord.is_gt(),
        "<=" => ord.is_le(),
        ">=" => ord.is_ge(),
        _ => false,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(_) | Value::Array(_) => super::serial::to_json_compact(v),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn run(nodes: &[Node], cur: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let vals = eval(steps, cur);
                let parts: Vec<String> = vals.iter().map(|v| text(v)).collect();
                out.push_str(&parts.join(" "));
            }
            Node::Range(steps, body) => {
                for v in eval(steps, cur) {
                    run(body, v, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn list() -> Value {
        json!({"kind": "List", "items": [
            {"metadata": {"name": "a", "labels": {"app": "web"}}, "status": {"phase": "Running", "n": 2}},
            {"metadata": {"name": "b"}, "status": {"phase": "Pending", "n": 0}}
        ]})
    }

    #[test]
    fn paths_ranges_and_literals() {
        let l = list();
        assert_eq!(execute("{.items[*].metadata.name}", &l).unwrap(), "a b");
        assert_eq!(execute("{.items[0].status.n}", &l).unwrap(), "2");
        assert_eq!(execute("{.items[-1].metadata.name}", &l).unwrap(), "b");
        assert_eq!(
            execute(
                "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
                &l
            )
            .unwrap(),
            "a\tRunning\nb\tPending\n"
        );
        assert_eq!(
            execute("{.items[0].metadata.labels}", &l).unwrap(),
            "{\"app\":\"web\"}"
        );
        assert_eq!(
            execute("name: {.items[1].metadata.name}!", &l).unwrap(),
            "name: b!"
        );
        assert_eq!(execute("{.items[0].missing}", &l).unwrap(), "");
        assert_eq!(execute("{..name}", &l).unwrap(), "a b");
    }

    #[test]
    fn filters() {
        let l = list();
        assert_eq!(
            execute("{.items[?(@.status.phase==\"Pending\")].metadata.name}", &l).unwrap(),
            "b"
        );
        assert_eq!(
            execute("{.items[?(@.status.n>1)].metadata.name}", &l).unwrap(),
            "a"
        );
        assert_eq!(
            execute("{.items[?(@.metadata.labels)].metadata.name}", &l).unwrap(),
            "a"
        );
    }
}
