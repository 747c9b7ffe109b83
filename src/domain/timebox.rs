//! Timebox lengths as people type them (`5m`, `90s`, `1m30s`, `4:30`, `5`) and
//! durations as a room reads them (`4:32`, `4 min 32 s`).

use std::time::Duration;

/// The longest timebox: a discussion, not a workshop.
pub const LONGEST: Duration = Duration::from_secs(4 * 3600);

/// Reads a timebox length: minutes alone (`5`), `m`/`s`/`h` parts (`1m30s`),
/// or minutes and seconds (`4:30`).
pub fn parse_length(text: &str) -> Result<Duration, String> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || format!("{text:?} is not a length: write minutes (5), 5m, 90s, 1m30s or 4:30");
    let seconds: u64 = if let Some((m, s)) = t.split_once(':') {
        let m: u64 = m.parse().map_err(|_| bad())?;
        let s: u64 = s.parse().map_err(|_| bad())?;
        if s >= 60 || s.to_string().len() > 2 {
            return Err(bad());
        }
        m * 60 + s
    } else if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
        t.parse::<u64>().map_err(|_| bad())? * 60
    } else {
        let mut total = 0u64;
        let mut number = String::new();
        for c in t.chars() {
            match c {
                '0'..='9' => number.push(c),
                'h' | 'm' | 's' if !number.is_empty() => {
                    let n: u64 = number.parse().map_err(|_| bad())?;
                    total += n * match c {
                        'h' => 3600,
                        'm' => 60,
                        _ => 1,
                    };
                    number.clear();
                }
                _ => return Err(bad()),
            }
        }
        if !number.is_empty() || t.is_empty() {
            return Err(bad());
        }
        total
    };
    let length = Duration::from_secs(seconds);
    if length.is_zero() {
        return Err(format!(
            "{text:?} is no time at all: give the discussion a minute or more"
        ));
    }
    if length > LONGEST {
        return Err(format!(
            "{text:?} is longer than a timebox can be (4 hours)"
        ));
    }
    Ok(length)
}

/// `4:32`, `1:02:05`: a countdown as a clock shows it.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// `4 min 32 s`, `5 min`, `40 s`: a duration in a sentence.
pub fn spoken(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 60, s % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_read_as_people_type_them() {
        let secs = |t: &str| parse_length(t).map(|d| d.as_secs());
        assert_eq!(secs("5"), Ok(300));
        assert_eq!(secs("5m"), Ok(300));
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("1m30s"), Ok(90));
        assert_eq!(secs("4:30"), Ok(270));
        assert_eq!(secs("1h"), Ok(3600));
        assert!(secs("0").is_err());
        assert!(secs("5 minutes").is_err());
        assert!(secs("4:75").is_err());
        assert!(secs("m").is_err());
        assert!(secs("9h").is_err());
    }

    #[test]
    fn durations_read_as_a_clock_and_as_words() {
        assert_eq!(clock(Duration::from_secs(272)), "4:32");
        assert_eq!(clock(Duration::from_secs(3725)), "1:02:05");
        assert_eq!(spoken(Duration::from_secs(272)), "4 min 32 s");
        assert_eq!(spoken(Duration::from_secs(300)), "5 min");
        assert_eq!(spoken(Duration::from_secs(40)), "40 s");
    }
}
