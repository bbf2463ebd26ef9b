//! Simulated time: the only notion of time in the engine.
//!
//! Time is an integer count of milliseconds since the simulation started. The engine
//! never reads a wall clock, so the same inputs always give the same timestamps. Wall
//! time shown to users (`creationTimestamp`) is this offset added to a fixed epoch.

use std::fmt;

/// A point in simulated time, in milliseconds since the simulation began.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

/// A span of simulated time, in milliseconds.
pub type Millis = u64;

/// The wall-clock instant simulated time 0 stands for: 2026-01-01T00:00:00Z, in
/// seconds since the Unix epoch. Fixed so transcripts are byte-identical.
const EPOCH_UNIX_SECONDS: i64 = 1_767_225_600;

impl SimTime {
    /// Milliseconds since the start of the simulation.
    pub fn ms(self) -> u64 {
        self.0
    }
    /// This instant plus `d` milliseconds.
    pub fn plus(self, d: Millis) -> SimTime {
        SimTime(self.0.saturating_add(d))
    }
    /// `self - earlier`, or 0 if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> Millis {
        self.0.saturating_sub(earlier.0)
    }
    /// RFC 3339 in UTC, second precision, as the API server writes timestamps.
    pub fn rfc3339(self) -> String {
        let secs = EPOCH_UNIX_SECONDS + (self.0 / 1000) as i64;
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            (rem % 3600) / 60,
            rem % 60
        )
    }
    /// Parses what [`SimTime::rfc3339`] writes (other timestamps map to time 0).
    pub fn parse_rfc3339(s: &str) -> Option<SimTime> {
        let b = s.as_bytes();
        if b.len() < 20 {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let secs = days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss;
        let rel = secs - EPOCH_UNIX_SECONDS;
        (rel >= 0).then(|| SimTime(rel as u64 * 1000))
    }
}

impl fmt::Display for SimTime {
    /// The simulation clock as people read it: `1m30s`, `2.5s`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_clock(self.0))
    }
}

/// Formats a duration compactly for the simulator's own messages (`1h2m3s`, `2.5s`).
pub fn format_clock(ms: Millis) -> String {
    let total_s = ms / 1000;
    let frac = ms % 1000;
    let (h, m, s) = (total_s / 3600, (total_s % 3600) / 60, total_s % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || frac > 0 || out.is_empty() {
        if frac > 0 {
            let f = format!("{:03}", frac);
            out.push_str(&format!("{s}.{}s", f.trim_end_matches('0')));
        } else {
            out.push_str(&format!("{s}s"));
        }
    }
    out
}

/// Parses a duration as `sim advance` and kubectl's `--timeout` take it:
/// `500ms`, `30s`, `5m`, `1h`, or combinations such as `1m30s`. A bare number is seconds.
pub fn parse_duration(s: &str) -> Result<Millis, String> {
    let bad = || format!("invalid duration {s:?}: use forms such as 500ms, 30s, 5m or 1h30m");
    if s.is_empty() {
        return Err(bad());
    }
    if let Ok(n) = s.parse::<u64>() {
        return n.checked_mul(1000).ok_or_else(bad);
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        if digits == 0 {
            return Err(bad());
        }
        let value: f64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        let add = value * factor;
        if !add.is_finite() || add > 1e15 {
            return Err(bad());
        }
        total = total.saturating_add(add.round() as u64);
    }
    Ok(total)
}

/// Go's `time.Duration.String()` for whole milliseconds, as the kubelet prints pull
/// times in events: `500ms`, `3s`, `2.5s`, `1m30s`, `1h0m0s`, `0s`.
pub fn go_duration(ms: Millis) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, frac) = (rest / 1000, rest % 1000);
    let mut secs = s.to_string();
    if frac > 0 {
        let f = format!("{frac:03}");
        secs = format!("{s}.{}", f.trim_end_matches('0'));
    }
    match (h, m) {
        (0, 0) => format!("{secs}s"),
        (0, m) => format!("{m}m{secs}s"),
        (h, m) => format!("{h}h{m}m{secs}s"),
    }
}

/// kubectl's AGE column (`duration.HumanDuration` in apimachinery): `45s`, `2m`,
/// `3m20s`, `12m`, `5h`, `3h15m`, `2d3h`, `9d`, `1y`.
pub fn human_duration(ms: Millis) -> String {
    let seconds = (ms / 1000) as i64;
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_through_rfc3339() {
        assert_eq!(SimTime(0).rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(SimTime(90_061_000).rfc3339(), "2026-01-02T01:01:01Z");
        let t = SimTime(123_456_000);
        assert_eq!(SimTime::parse_rfc3339(&t.rfc3339()), Some(t));
    }

    #[test]
    fn go_duration_prints_as_go_does() {
        for (ms, want) in [
            (0, "0s"),
            (500, "500ms"),
            (3_000, "3s"),
            (2_500, "2.5s"),
            (1_250, "1.25s"),
            (90_000, "1m30s"),
            (3_600_000, "1h0m0s"),
            (3_661_001, "1h1m1.001s"),
        ] {
            assert_eq!(go_duration(ms), want, "{ms} ms");
        }
    }

    #[test]
    fn human_duration_matches_kubectl_age_column() {
        for (ms, want) in [
            (45_000, "45s"),
            (119_000, "119s"),
            (120_000, "2m"),
            (200_000, "3m20s"),
            (720_000, "12m"),
            (179 * 60_000, "179m"),
            (3 * 3_600_000 + 15 * 60_000, "3h15m"),
            (5 * 3_600_000, "5h"),
            (51 * 3_600_000, "2d3h"),
        ] {
            assert_eq!(human_duration(ms), want, "{ms}");
        }
    }

    #[test]
    fn durations_parse_in_every_documented_form() {
        assert_eq!(parse_duration("500ms"), Ok(500));
        assert_eq!(parse_duration("30s"), Ok(30_000));
        assert_eq!(parse_duration("5m"), Ok(300_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000));
        assert_eq!(parse_duration("1.5s"), Ok(1500));
        assert_eq!(parse_duration("7"), Ok(7000));
        assert!(parse_duration("five").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn clock_display_is_compact() {
        assert_eq!(format_clock(0), "0s");
        assert_eq!(format_clock(2500), "2.5s");
        assert_eq!(format_clock(3_723_000), "1h2m3s");
    }
}
