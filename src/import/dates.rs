//! Jira's dates as its CSV export writes them, in the exporting user's
//! language: `15/Feb/26 4:37 PM`, `10/nov/25 4:51 PM`, `16/02/2017 15:26`
//! (an Excel re-save), `2024-02-29 10:02` or ISO 8601.

/// Month abbreviations Jira writes, in English, Spanish, German, French,
/// Portuguese and Italian, each with its number.
const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("ene", 1),
    ("janv", 1),
    ("gen", 1),
    ("feb", 2),
    ("fev", 2),
    ("fév", 2),
    ("févr", 2),
    ("mar", 3),
    ("mär", 3),
    ("mars", 3),
    ("apr", 4),
    ("abr", 4),
    ("avr", 4),
    ("may", 5),
    ("mai", 5),
    ("mag", 5),
    ("jun", 6),
    ("juin", 6),
    ("giu", 6),
    ("jul", 7),
    ("juil", 7),
    ("lug", 7),
    ("aug", 8),
    ("ago", 8),
    ("août", 8),
    ("sep", 9),
    ("sept", 9),
    ("set", 9),
    ("oct", 10),
    ("okt", 10),
    ("out", 10),
    ("ott", 10),
    ("nov", 11),
    ("dec", 12),
    ("dic", 12),
    ("dez", 12),
    ("déc", 12),
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if let Ok(n) = w.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, n)| *n)
}

fn year(word: &str) -> Option<i32> {
    let y: i32 = word.parse().ok()?;
    match word.len() {
        2 => Some(2000 + y),
        4 => Some(y),
        _ => None,
    }
}

/// `4:37 PM`, `15:26`, `10:02:00` → hours and minutes (24 h).
fn time(parts: &[&str]) -> Option<(u32, u32)> {
    let Some(first) = parts.first() else {
        return Some((0, 0));
    };
    let mut hm = first.split(':');
    let mut h: u32 = hm.next()?.parse().ok()?;
    let m: u32 = hm.next().unwrap_or("0").parse().ok()?;
    match parts.get(1).map(|s| s.to_ascii_uppercase()) {
        Some(p) if p == "PM" && h < 12 => h += 12,
        Some(p) if p == "AM" && h == 12 => h = 0,
        Some(p) if p != "AM" && p != "PM" => return None,
        _ => {}
    }
    (h < 24 && m < 60).then_some((h, m))
}

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn stamp(y: i32, m: u32, d: u32, (h, min): (u32, u32)) -> Option<String> {
    ((1..=12).contains(&m) && d >= 1 && d <= days_in(y, m) && (1970..=2200).contains(&y))
        .then(|| format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:00.000Z"))
}

/// A Jira date as `YYYY-MM-DDTHH:MM:00.000Z`, or `None` when it is not one.
pub fn parse(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parts: Vec<&str> = text.split_whitespace().collect();
    let date = parts.first()?;
    if let Some((ymd, rest)) = date.split_once('T').or(Some((date, ""))) {
        let f: Vec<&str> = ymd.split('-').collect();
        if let [y, m, d] = f.as_slice()
            && y.len() == 4
        {
            let t = if rest.is_empty() {
                time(&parts[1..])?
            } else {
                time(&[rest.get(..5)?])?
            };
            return stamp(year(y)?, m.parse().ok()?, d.parse().ok()?, t);
        }
    }
    let f: Vec<&str> = date.split(['/', '.', '-']).collect();
    let [a, b, c] = f.as_slice() else {
        return None;
    };
    let t = time(&parts[1..])?;
    let y = year(c)?;
    // Jira writes day/month; a re-save may write month/day when the day is past 12.
    let (d, m) = match (a.parse::<u32>().ok()?, month(b)?) {
        (d, m) if b.parse::<u32>().is_ok() && d <= 12 && m > 12 => (m, d),
        (d, m) => (d, m),
    };
    stamp(y, m, d, t)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn jira_dates_in_several_languages_and_forms_are_read() {
        assert_eq!(
            parse("15/Feb/26 4:37 PM").as_deref(),
            Some("2026-02-15T16:37:00.000Z")
        );
        assert_eq!(
            parse("10/nov/25 12:05 AM").as_deref(),
            Some("2025-11-10T00:05:00.000Z")
        );
        assert_eq!(
            parse("16/02/2017 15:26").as_deref(),
            Some("2017-02-16T15:26:00.000Z")
        );
        assert_eq!(
            parse("2024-02-29T10:02:00.000+0100").as_deref(),
            Some("2024-02-29T10:02:00.000Z")
        );
        assert_eq!(
            parse("03/Mär/24 9:00").as_deref(),
            Some("2024-03-03T09:00:00.000Z")
        );
    }

    #[test]
    fn what_is_not_a_date_is_none() {
        for bad in [
            "",
            "yesterday",
            "31/Feb/26 1:00 PM",
            "15/Foo/26",
            "15/Feb/26 25:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
