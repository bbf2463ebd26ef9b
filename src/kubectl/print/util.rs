//! Small formatting helpers shared by the printers: ages, RFC 1123 timestamps,
//! label and selector strings, resource quantities.

use crate::clock::{human_duration, SimTime};
use crate::model::meta::Timestamp;
use crate::model::LabelSelector;
use std::collections::BTreeMap;

/// `translateTimestampSince`: the AGE of an instant, `<unknown>` when unset.
pub fn age(now: SimTime, t: Option<Timestamp>) -> String {
    match t {
        Some(t) => since(now, t.0),
        None => "<unknown>".into(),
    }
}

/// `duration.HumanDuration(now - t)`, including its answers for instants in the
/// future (`0s` within a second, `<invalid>` beyond).
pub fn since(now: SimTime, t: SimTime) -> String {
    if t > now {
        if t.0 - now.0 >= 2000 {
            return "<invalid>".into();
        }
        return "0s".into();
    }
    human_duration(now.since(t))
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Go's `time.RFC1123Z` in UTC (`Thu, 01 Jan 2026 00:00:00 +0000`); the zero time
/// when unset, as Go prints an unset `metav1.Time`.
pub fn rfc1123z(t: Option<Timestamp>) -> String {
    let Some(t) = t else {
        return "Mon, 01 Jan 0001 00:00:00 +0000".into();
    };
    let s = t.0.rfc3339(); // YYYY-MM-DDTHH:MM:SSZ
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i64>().ok()).unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let days = days_from_civil(y, m, d);
    let dow = DAYS[days.rem_euclid(7) as usize];
    format!(
        "{dow}, {d:02} {} {y:04} {} +0000",
        MONTHS[(m.clamp(1, 12) - 1) as usize],
        &s[11..19]
    )
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `labels.FormatLabels`: sorted `k=v,k2=v2`, `<none>` when empty.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    crate::model::selector::format_labels(labels)
}

/// `labels.Selector.String()` of `metav1.LabelSelectorAsSelector`: requirements
/// sorted by key, `""` for a missing or empty selector.
pub fn selector_string(sel: Option<&LabelSelector>) -> String {
    let Some(sel) = sel else {
        return String::new();
    };
    let mut reqs: Vec<(String, String)> = sel
        .match_labels
        .iter()
        .map(|(k, v)| (k.clone(), format!("{k}={v}")))
        .collect();
    for e in &sel.match_expressions {
        let mut vals = e.values.clone();
        crate::sort::sort(&mut vals);
        let s = match e.operator.as_str() {
            "In" => format!("{} in ({})", e.key, vals.join(",")),
            "NotIn" => format!("{} notin ({})", e.key, vals.join(",")),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            _ => continue,
        };
        reqs.push((e.key.clone(), s));
    }
    crate::sort::by(&mut reqs, |a, b| a.0.cmp(&b.0));
    reqs.into_iter()
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(",")
}

/// `metav1.FormatLabelSelector`: like [`selector_string`], `<none>` when empty.
pub fn format_label_selector(sel: Option<&LabelSelector>) -> String {
    let s = selector_string(sel);
    if s.is_empty() {
        "<none>".into()
    } else {
        s
    }
}

/// A resource quantity summed and printed in the API's canonical form.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Quantity {
    /// Thousandths of the base unit.
    pub milli: i128,
    /// Whether the first quantity added was written with a binary suffix (Ki, Mi…).
    pub binary: bool,
    /// Whether anything was added yet (the format follows the first quantity).
    pub set: bool,
}

impl Quantity {
    /// Parses a quantity string (`100m`, `128Mi`, `2`).
    pub fn parse(s: &str) -> Quantity {
        let milli = crate::model::quantity::parse_milli(s).unwrap_or(0);
        let binary = s.trim_end().ends_with('i');
        Quantity {
            milli,
            binary,
            set: true,
        }
    }
    /// Adds another quantity (the format of the first one wins, as `Quantity.Add`).
    pub fn add(&mut self, other: Quantity) {
        if !self.set {
            *self = other;
        } else {
            self.milli += other.milli;
        }
    }
    /// `Quantity.Value()`: the integer value, rounded up.
    pub fn value(&self) -> i128 {
        (self.milli + 999).div_euclid(1000)
    }
}

impl std::fmt::Display for Quantity {
    /// The canonical string (`Quantity.String()`): `0`, `100m`, `2`, `128Mi`, `2k`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.milli;
        if m == 0 {
            return f.write_str("0");
        }
        if m % 1000 != 0 {
            return write!(f, "{m}m");
        }
        let v = m / 1000;
        if self.binary && v.abs() >= 1024 {
            let suffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            let mut best: Option<(i128, &str)> = None;
            let mut div: i128 = 1024;
            for s in suffixes {
                if v % div == 0 {
                    best = Some((v / div, s));
                }
                div *= 1024;
            }
            if let Some((n, s)) = best {
                return write!(f, "{n}{s}");
            }
        }
        let suffixes = ["k", "M", "G", "T", "P", "E"];
        let mut best: Option<(i128, &str)> = None;
        let mut div: i128 = 1000;
        for s in suffixes {
            if v % div == 0 {
                best = Some((v / div, s));
            }
            div *= 1000;
        }
        match best {
            Some((n, s)) => write!(f, "{n}{s}"),
            None => write!(f, "{v}"),
        }
    }
}

/// A string cell, `<none>` when empty.
pub fn or_none(s: &str) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123z_matches_go() {
        assert_eq!(
            rfc1123z(Some(Timestamp(SimTime(0)))),
            "Thu, 01 Jan 2026 00:00:00 +0000"
        );
        assert_eq!(
            rfc1123z(Some(Timestamp(SimTime(90_061_000)))),
            "Fri, 02 Jan 2026 01:01:01 +0000"
        );
        assert_eq!(rfc1123z(None), "Mon, 01 Jan 0001 00:00:00 +0000");
    }

    #[test]
    fn quantities_print_canonically() {
        let q = |s: &str| Quantity::parse(s).to_string();
        assert_eq!(q("100m"), "100m");
        assert_eq!(q("1"), "1");
        assert_eq!(q("128Mi"), "128Mi");
        assert_eq!(q("1024Mi"), "1Gi");
        assert_eq!(q("2000"), "2k");
        let mut a = Quantity::parse("1");
        a.add(Quantity::parse("500m"));
        assert_eq!(a.to_string(), "1500m");
        assert_eq!(Quantity::default().to_string(), "0");
    }

    #[test]
    fn future_instants_age_like_human_duration() {
        assert_eq!(since(SimTime(10_000), SimTime(40_000)), "<invalid>");
        assert_eq!(since(SimTime(10_000), SimTime(10_500)), "0s");
        assert_eq!(since(SimTime(70_000), SimTime(10_000)), "60s");
    }
}
