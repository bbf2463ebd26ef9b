//! `-o custom-columns=HEADER:PATH,…` as cli-runtime's `customcolumn.go` prints it:
//! one header line (headers as typed), one row per object, each cell the values the
//! relaxed JSONPath selects joined by `,` (`<none>` when nothing matches), laid out by
//! `get`'s tabwriter (padding 3).

use super::gotemplate::go_value;
use super::jsonpath;
use super::tabwriter;
use serde_json::Value;

/// One column: its header and its JSONPath template (`{.metadata.name}`).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The header, printed as typed.
    pub header: String,
    /// The field spec in kubectl's braces form.
    pub field: String,
}

/// Parses `NAME:.metadata.name,…` (`NewCustomColumnsPrinterFromSpec`).
pub fn parse_spec(spec: &str) -> Result<Vec<Column>, String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".into());
    }
    spec.split(',')
        .map(|part| {
            let Some((header, path)) = part.split_once(':') else {
                return Err(format!(
                    "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
                ));
            };
            Ok(Column {
                header: header.to_string(),
                field: relaxed(path)?,
            })
        })
        .collect()
}

/// `RelaxedJSONPathExpression`: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}`.
fn relaxed(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Ok(String::new());
    }
    let inner = match path.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(i) => i,
        None => path,
    };
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{inner}}}"))
}

/// Prints `doc` (one object, or a `List` whose items are the rows).
pub fn render(columns: &[Column], doc: &Value) -> Result<String, String> {
    let headers: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
    let mut text = headers.join("\t") + "\n";
    let rows: Vec<&Value> = match doc {
        Value::Object(m) if m.get("kind").and_then(Value::as_str) == Some("List") => m
            .get("items")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        other => vec![other],
    };
    for row in rows {
        let mut cells = Vec::new();
        for c in columns {
            let vals = jsonpath::find(&c.field, row)?;
            cells.push(if vals.is_empty() {
                "<none>".to_string()
            } else {
                // Unstructured objects keep integers as int64: `%v` prints them whole.
                vals.iter()
                    .map(|v| go_value(v, true))
                    .collect::<Vec<_>>()
                    .join(",")
            });
        }
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    Ok(tabwriter::GET.format(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spec_parsing_matches_kubectl() {
        let cols = parse_spec("NAME:.metadata.name,S:spec.x,B:{.a},C:{b.c}").unwrap();
        let fields: Vec<&str> = cols.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["{.metadata.name}", "{.spec.x}", "{.a}", "{.b.c}"]);
        assert_eq!(
            parse_spec("").unwrap_err(),
            "custom-columns format specified but no custom columns given"
        );
        assert_eq!(
            parse_spec("NAME").unwrap_err(),
            "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"
        );
    }

    #[test]
    fn rows_with_none_and_lists() {
        let cols = parse_spec(
            "NAME:.metadata.name,STRATEGY:.spec.updateStrategy.type,N:.spec.n,C:.spec.c[*].name",
        )
        .unwrap();
        let doc = json!({"kind": "List", "items": [
            {"metadata": {"name": "web"}, "spec": {"updateStrategy": {"type": "RollingUpdate"}, "n": 1000000, "c": [{"name": "a"}, {"name": "b"}]}},
            {"metadata": {"name": "longer-name"}, "spec": {}},
        ]});
        assert_eq!(
            render(&cols, &doc).unwrap(),
            "NAME          STRATEGY        N         C\n\
             web           RollingUpdate   1000000   a,b\n\
             longer-name   <none>          <none>    <none>\n"
        );
    }
}
