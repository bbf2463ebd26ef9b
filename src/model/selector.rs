//! Label selectors: the typed `LabelSelector` of manifests, the string form of
//! `kubectl -l`, matching, and kubectl's way of printing them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// One `matchExpressions` entry of a label selector (also used, with `Gt`/`Lt`, by
/// node selector terms).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// A parsed selector requirement, the form both selector flavours compile to.
#[derive(Clone, Debug, PartialEq)]
pub enum Requirement {
    /// `k=v`, `k==v`, `k in (a,b)`.
    In(String, Vec<String>),
    /// `k!=v`, `k notin (a,b)`.
    NotIn(String, Vec<String>),
    /// `k`.
    Exists(String),
    /// `!k`.
    DoesNotExist(String),
    /// `k>n` (node selectors only).
    Gt(String, i64),
    /// `k<n` (node selectors only).
    Lt(String, i64),
    /// A requirement that can never match (e.g. an unknown operator).
    Never,
}

impl Requirement {
    /// Whether a label set satisfies this requirement (labels.Requirement.Matches).
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
            Requirement::Gt(k, n) => labels
                .get(k)
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|v| v > *n),
            Requirement::Lt(k, n) => labels
                .get(k)
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|v| v < *n),
            Requirement::Never => false,
        }
    }

    /// Builds a requirement from an expression's key, operator and values, as node
    /// affinity evaluates them (invalid ones never match).
    pub fn from_expression(key: &str, op: &str, values: &[String]) -> Requirement {
        let k = key.to_string();
        match op {
            "In" if !values.is_empty() => Requirement::In(k, values.to_vec()),
            "NotIn" if !values.is_empty() => Requirement::NotIn(k, values.to_vec()),
            "Exists" if values.is_empty() => Requirement::Exists(k),
            "DoesNotExist" if values.is_empty() => Requirement::DoesNotExist(k),
            "Gt" | "Lt" if values.len() == 1 => match values[0].parse::<i64>() {
                Ok(n) if op == "Gt" => Requirement::Gt(k, n),
                Ok(n) => Requirement::Lt(k, n),
                Err(_) => Requirement::Never,
            },
            _ => Requirement::Never,
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::In(k, vs) if vs.len() == 1 => write!(f, "{k}={}", vs[0]),
            Requirement::In(k, vs) => write!(f, "{k} in ({})", vs.join(",")),
            Requirement::NotIn(k, vs) if vs.len() == 1 => write!(f, "{k}!={}", vs[0]),
            Requirement::NotIn(k, vs) => write!(f, "{k} notin ({})", vs.join(",")),
            Requirement::Exists(k) => write!(f, "{k}"),
            Requirement::DoesNotExist(k) => write!(f, "!{k}"),
            Requirement::Gt(k, n) => write!(f, "{k}>{n}"),
            Requirement::Lt(k, n) => write!(f, "{k}<{n}"),
            Requirement::Never => write!(f, "<never>"),
        }
    }
}

/// A compiled selector: all requirements must hold (an empty one matches everything).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selector(pub Vec<Requirement>);

impl Selector {
    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.0.iter().all(|r| r.matches(labels))
    }
    /// Whether this selector has no requirements (matches everything).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses the string form kubectl takes with `-l` (`labels.Parse`):
    /// `a=b,c!=d,e in (x,y),f notin (z),g,!h`.
    pub fn parse(s: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        let skip_ws = |i: &mut usize| {
            while *i < chars.len() && chars[*i].is_whitespace() {
                *i += 1;
            }
        };
        let is_key_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/');
        loop {
            skip_ws(&mut i);
            if i >= chars.len() {
                break;
            }
            let negate = chars[i] == '!';
            if negate {
                i += 1;
                skip_ws(&mut i);
            }
            let start = i;
            while i < chars.len() && is_key_char(chars[i]) {
                i += 1;
            }
            let key: String = chars[start..i].iter().collect();
            if key.is_empty() {
                return Err(format!(
                    "unable to parse requirement: found '{}', expected: identifier",
                    chars.get(i).map(|c| c.to_string()).unwrap_or_default()
                ));
            }
            skip_ws(&mut i);
            let rest: String = chars[i..].iter().collect();
            let read_value = |i: &mut usize| -> String {
                let st = *i;
                while *i < chars.len() && (is_key_char(chars[*i])) {
                    *i += 1;
                }
                chars[st..*i].iter().collect()
            };
            let read_set = |i: &mut usize| -> Result<Vec<String>, String> {
                skip_ws(i);
                if chars.get(*i) != Some(&'(') {
                    return Err("unable to parse requirement: found ',', expected: '('".into());
                }
                *i += 1;
                let mut vals = Vec::new();
                loop {
                    skip_ws(i);
                    let v = read_value(i);
                    vals.push(v);
                    skip_ws(i);
                    match chars.get(*i) {
                        Some(',') => *i += 1,
                        Some(')') => {
                            *i += 1;
                            break;
                        }
                        _ => return Err("unable to parse requirement: expected ')'".into()),
                    }
                }
                Ok(vals)
            };
            if negate {
                reqs.push(Requirement::DoesNotExist(key));
            } else if rest.starts_with("==") {
                i += 2;
                skip_ws(&mut i);
                reqs.push(Requirement::In(key, vec![read_value(&mut i)]));
            } else if rest.starts_with("!=") {
                i += 2;
                skip_ws(&mut i);
                reqs.push(Requirement::NotIn(key, vec![read_value(&mut i)]));
            } else if rest.starts_with('=') {
                i += 1;
                skip_ws(&mut i);
                reqs.push(Requirement::In(key, vec![read_value(&mut i)]));
            } else if rest.starts_with("notin") && !rest[5..].starts_with(|c: char| is_key_char(c))
            {
                i += 5;
                reqs.push(Requirement::NotIn(key, read_set(&mut i)?));
            } else if rest.starts_with("in") && !rest[2..].starts_with(|c: char| is_key_char(c)) {
                i += 2;
                reqs.push(Requirement::In(key, read_set(&mut i)?));
            } else if rest.starts_with('>') || rest.starts_with('<') {
                let gt = rest.starts_with('>');
                i += 1;
                skip_ws(&mut i);
                let v = read_value(&mut i);
                let n: i64 = v
                    .parse()
                    .map_err(|_| format!("unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer: {v}"))?;
                reqs.push(if gt {
                    Requirement::Gt(key, n)
                } else {
                    Requirement::Lt(key, n)
                });
            } else {
                reqs.push(Requirement::Exists(key));
            }
            skip_ws(&mut i);
            match chars.get(i) {
                None => break,
                Some(',') => i += 1,
                Some(c) => {
                    return Err(format!(
                        "unable to parse requirement: found '{c}', expected: ',', '!=', '==', '=', 'in', 'notin'"
                    ))
                }
            }
        }
        Ok(Selector(reqs))
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|r| r.to_string()).collect();
        f.write_str(&parts.join(","))
    }
}

impl LabelSelector {
    /// Compiles the selector (metav1.LabelSelectorAsSelector). Invalid expressions
    /// compile to a requirement that never matches.
    pub fn compile(&self) -> Selector {
        let mut reqs: Vec<Requirement> = self
            .match_labels
            .iter()
            .map(|(k, v)| Requirement::In(k.clone(), vec![v.clone()]))
            .collect();
        for e in &self.match_expressions {
            let mut vals = e.values.clone();
            crate::sort::sort(&mut vals);
            reqs.push(match e.operator.as_str() {
                "In" | "NotIn" | "Exists" | "DoesNotExist" => {
                    Requirement::from_expression(&e.key, &e.operator, &vals)
                }
                _ => Requirement::Never,
            });
        }
        Selector(reqs)
    }
    /// Whether the selector has no requirements at all (`selector: {}`).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }
    /// Whether `labels` match.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.compile().matches(labels)
    }
}

impl fmt::Display for LabelSelector {
    /// kubectl's rendering (`metav1.FormatLabelSelector`): `app=web,tier in (a,b)`,
    /// `<none>` when empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.compile().to_string();
        if s.is_empty() {
            f.write_str("<none>")
        } else {
            f.write_str(&s)
        }
    }
}

/// Renders a label map as kubectl does in columns: sorted `k=v,k2=v2`.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn string_selectors_parse_and_match_like_kubectl() {
        let s = Selector::parse("app=web,tier in (a, b),!legacy,env!=prod").unwrap();
        assert!(s.matches(&labels(&[("app", "web"), ("tier", "b")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "c")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "a"), ("legacy", "")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "a"), ("env", "prod")])));
        assert!(Selector::parse("a=b,,").is_err());
        assert!(Selector::parse("a b").is_err());
    }

    #[test]
    fn notin_matches_absent_keys() {
        let r = Requirement::from_expression("disk", "NotIn", &["hdd".into()]);
        assert!(r.matches(&labels(&[])));
        assert!(!r.matches(&labels(&[("disk", "hdd")])));
    }

    #[test]
    fn gt_and_lt_need_integer_labels_and_are_strict() {
        let gt = Requirement::from_expression("cores", "Gt", &["4".into()]);
        assert!(gt.matches(&labels(&[("cores", "8")])));
        assert!(!gt.matches(&labels(&[("cores", "4")])));
        assert!(!gt.matches(&labels(&[("cores", "eight")])));
        assert!(!gt.matches(&labels(&[])));
    }

    #[test]
    fn label_selector_prints_as_kubectl_does() {
        let sel = LabelSelector {
            match_labels: labels(&[("app", "web")]),
            match_expressions: vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: "In".into(),
                values: vec!["b".into(), "a".into()],
            }],
        };
        assert_eq!(sel.to_string(), "app=web,tier in (a,b)");
        assert_eq!(LabelSelector::default().to_string(), "<none>");
    }
}
