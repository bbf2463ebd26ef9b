//! `IntOrString` and the scaled-value rounding the DaemonSet controller uses for
//! `maxUnavailable` and `maxSurge` (percentages round **up**).

use serde::{Deserialize, Serialize};
use std::fmt;

/// An integer or a string such as `"25%"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// A plain number.
    Int(i64),
    /// A string, normally a percentage.
    Str(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(n) => write!(f, "{n}"),
            IntOrString::Str(s) => write!(f, "{s}"),
        }
    }
}

impl IntOrString {
    /// `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp)`.
    pub fn scaled(&self, total: i64, round_up: bool) -> Result<i64, String> {
        match self {
            IntOrString::Int(n) => Ok(*n),
            IntOrString::Str(s) => {
                let p: i64 = s
                    .strip_suffix('%')
                    .and_then(|d| d.parse().ok())
                    .ok_or_else(|| format!("invalid value for IntOrString: invalid value {s:?}"))?;
                let prod = p * total;
                Ok(if round_up {
                    (prod + 99).div_euclid(100)
                } else {
                    prod.div_euclid(100)
                })
            }
        }
    }
    /// Whether this is the literal zero (`0` or `"0%"`).
    pub fn is_zero(&self) -> bool {
        matches!(self.scaled(100, true), Ok(0))
    }
    /// JSON form used in validation messages: `1` or `"30%"`.
    pub fn json(&self) -> String {
        match self {
            IntOrString::Int(n) => n.to_string(),
            IntOrString::Str(s) => format!("{s:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_up_as_daemonset_budgets_do() {
        let p = |s: &str| IntOrString::Str(s.into());
        assert_eq!(p("30%").scaled(4, true), Ok(2));
        assert_eq!(p("30%").scaled(3, true), Ok(1));
        assert_eq!(p("25%").scaled(4, true), Ok(1));
        assert_eq!(p("10%").scaled(3, true), Ok(1));
        assert_eq!(p("50%").scaled(3, true), Ok(2));
        assert_eq!(p("10%").scaled(0, true), Ok(0));
        assert_eq!(p("25%").scaled(10, false), Ok(2));
        assert_eq!(IntOrString::Int(2).scaled(10, true), Ok(2));
        assert!(p("x%").scaled(3, true).is_err());
    }
}
