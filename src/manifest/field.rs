//! Field errors as the API server renders them (`apimachinery/pkg/util/validation/field`).
//!
//! Since Kubernetes v1.34 a bad value prints as JSON unless it is a plain number,
//! boolean or string (`Invalid value: {"app":"web"}`, `Invalid value: "150%"`);
//! `Required`, `Forbidden`, `Too long` and `Internal error` print no value at all.

use serde_json::Value as Json;
use std::fmt;

/// `field.ErrorType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// "Not found".
    NotFound,
    /// "Required value".
    Required,
    /// "Duplicate value".
    Duplicate,
    /// "Invalid value".
    Invalid,
    /// "Unsupported value".
    NotSupported,
    /// "Forbidden".
    Forbidden,
    /// "Too long".
    TooLong,
    /// "Too many".
    TooMany,
    /// "Internal error".
    Internal,
}

impl ErrorKind {
    /// The canonical text (`ErrorType.String()`).
    pub fn text(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "Not found",
            ErrorKind::Required => "Required value",
            ErrorKind::Duplicate => "Duplicate value",
            ErrorKind::Invalid => "Invalid value",
            ErrorKind::NotSupported => "Unsupported value",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::TooLong => "Too long",
            ErrorKind::TooMany => "Too many",
            ErrorKind::Internal => "Internal error",
        }
    }
}

/// One validation error: `<path>: <kind>[: <value>][: <detail>]`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// `spec.template.spec.containers[0].image`.
    pub path: String,
    /// The error type.
    pub kind: ErrorKind,
    /// The bad value, already rendered (`"Web"`, `-1`, `{"app":"web"}`); `None` for
    /// kinds that never show one.
    pub value: Option<String>,
    /// The detail text.
    pub detail: String,
}

impl FieldError {
    fn new(path: &str, kind: ErrorKind, value: Option<String>, detail: &str) -> Self {
        FieldError {
            path: path.to_string(),
            kind,
            value,
            detail: detail.to_string(),
        }
    }
    /// `field.Required`.
    pub fn required(path: &str, detail: &str) -> Self {
        Self::new(path, ErrorKind::Required, None, detail)
    }
    /// `field.Forbidden`.
    pub fn forbidden(path: &str, detail: &str) -> Self {
        Self::new(path, ErrorKind::Forbidden, None, detail)
    }
    /// `field.Invalid` with a value.
    pub fn invalid(path: &str, value: impl Into<Json>, detail: &str) -> Self {
        Self::new(
            path,
            ErrorKind::Invalid,
            Some(render(&value.into())),
            detail,
        )
    }
    /// `field.Duplicate`.
    pub fn duplicate(path: &str, value: impl Into<Json>) -> Self {
        Self::new(path, ErrorKind::Duplicate, Some(render(&value.into())), "")
    }
    /// `field.NotFound`.
    pub fn not_found(path: &str, value: impl Into<Json>) -> Self {
        Self::new(path, ErrorKind::NotFound, Some(render(&value.into())), "")
    }
    /// `field.NotSupported`: the detail lists the quoted valid values.
    pub fn not_supported(path: &str, value: impl Into<Json>, valid: &[&str]) -> Self {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = valid.iter().map(|v| format!("{v:?}")).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(
            path,
            ErrorKind::NotSupported,
            Some(render(&value.into())),
            &detail,
        )
    }
    /// `field.TooLong` (the value is never shown).
    pub fn too_long(path: &str, max: usize) -> Self {
        let unit = if max == 1 { "byte" } else { "bytes" };
        Self::new(
            path,
            ErrorKind::TooLong,
            None,
            &format!("may not be more than {max} {unit}"),
        )
    }
    /// The body without the path (`ErrorBody()`).
    pub fn body(&self) -> String {
        let mut s = self.kind.text().to_string();
        if let Some(v) = &self.value {
            s.push_str(": ");
            s.push_str(v);
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.body())
    }
}

/// Renders a bad value as v1.34+ does: numbers and booleans bare, strings quoted
/// (Go `%q`), anything else as compact JSON, nil as `null`.
pub fn render(v: &Json) -> String {
    match v {
        Json::String(s) => go_quote(s),
        other => other.to_string(),
    }
}

/// Go's `%q` for the strings we meet (printable text, quotes and backslashes escaped).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_render_as_field_errors_go_does() {
        assert_eq!(
            FieldError::required("spec.template.spec.containers[0].image", "").to_string(),
            "spec.template.spec.containers[0].image: Required value"
        );
        assert_eq!(
            FieldError::invalid(
                "spec.minReadySeconds",
                -1,
                "must be greater than or equal to 0"
            )
            .to_string(),
            "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"
        );
        assert_eq!(
            FieldError::invalid("x", json!({"app": "web"}), "d").to_string(),
            "x: Invalid value: {\"app\":\"web\"}: d"
        );
        assert_eq!(
            FieldError::not_supported("spec.template.spec.restartPolicy", "Never", &["Always"]).to_string(),
            "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
        );
        assert_eq!(
            FieldError::forbidden("a", "nope").to_string(),
            "a: Forbidden: nope"
        );
        assert_eq!(
            FieldError::invalid("a", Json::Null, "d").to_string(),
            "a: Invalid value: null: d"
        );
        assert_eq!(
            FieldError::too_long("metadata.name", 253).to_string(),
            "metadata.name: Too long: may not be more than 253 bytes"
        );
    }
}
