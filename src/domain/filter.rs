//! `/` filters: words to find in titles, and `kind:`, `state:`, `release:`,
//! `team:`, `portfolio:`, `cycle:` and `label:` terms.

use nucleo_matcher::{Matcher, Utf32Str};

use super::item::ItemRef;
use super::{ItemId, Kind, State};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Every word must appear in the title (case-insensitive).
    pub words: Vec<String>,
    pub kind: Option<Kind>,
    pub state: Option<State>,
    /// Part of a release label, e.g. `pro 2.2` or `lite`.
    pub release: Option<String>,
    /// Only items split to this team (code).
    pub team: Option<String>,
    /// Only items derived from this portfolio item; `Some(None)` for the
    /// cluster's own work (`portfolio:none`).
    pub portfolio: Option<Option<super::portfolio::PortfolioId>>,
    /// Only items pulled into this cluster cycle (its name).
    pub cycle: Option<String>,
    /// Only items with this label, as typed (`_` for a space, without regard
    /// to case); one ending in `:` (`sprint:`) takes every label it begins.
    pub label: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.kind.is_none()
            && self.state.is_none()
            && self.release.is_none()
            && self.team.is_none()
            && self.portfolio.is_none()
            && self.cycle.is_none()
            && self.label.is_none()
    }

    /// Parses what the user typed: `sso kind:feature state:ready release:pro`.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let mut f = Filter::default();
        for term in text.split_whitespace() {
            match term.split_once(':') {
                Some((key, ""))
                    if [
                        "kind",
                        "state",
                        "release",
                        "team",
                        "portfolio",
                        "cycle",
                        "label",
                    ]
                    .contains(&key) =>
                {
                    return Err(format!("{key}: needs a value, e.g. {key}:…"));
                }
                Some(("kind", v)) => f.kind = Some(v.parse().map_err(|e| format!("{e}"))?),
                Some(("state", v)) => f.state = Some(v.parse().map_err(|e| format!("{e}"))?),
                Some(("release", v)) => f.release = Some(v.replace('_', " ").to_lowercase()),
                Some(("team", v)) => f.team = Some(v.to_uppercase()),
                Some(("cycle", v)) => f.cycle = Some(v.to_string()),
                Some(("label", v)) => f.label = Some(v.to_string()),
                Some(("portfolio", v)) if v.eq_ignore_ascii_case("none") => {
                    f.portfolio = Some(None);
                }
                Some(("portfolio", v)) => {
                    f.portfolio = Some(Some(v.parse().map_err(|e| {
                        format!("{e}; portfolio:none shows the cluster's own work")
                    })?));
                }
                _ => f.words.push(term.to_lowercase()),
            }
        }
        Ok(f)
    }

    /// The filter as the user would type it, for the title bar.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self.words.clone();
        if let Some(k) = self.kind {
            parts.push(format!("kind:{k}"));
        }
        if let Some(s) = self.state {
            parts.push(format!("state:{s}"));
        }
        if let Some(r) = &self.release {
            parts.push(format!("release:{}", r.replace(' ', "_")));
        }
        if let Some(t) = &self.team {
            parts.push(format!("team:{t}"));
        }
        match self.portfolio {
            Some(Some(p)) => parts.push(format!("portfolio:{p}")),
            Some(None) => parts.push("portfolio:none".to_string()),
            None => {}
        }
        if let Some(c) = &self.cycle {
            parts.push(format!("cycle:{c}"));
        }
        if let Some(l) = &self.label {
            parts.push(format!("label:{l}"));
        }
        parts.join(" ")
    }
}

/// How one filter word is matched.
#[derive(Debug, Clone)]
enum Needle {
    /// An item code (`F-11`): that item.
    Code(ItemRef),
    /// Text: in the title as typed, or as a near miss (see [`Words::matches`]).
    Text { word: String, chars: Vec<char> },
}

/// Words shorter than this match only as typed, never as a near miss.
const NEAR_MISS_FROM: usize = 3;
/// How many letters of a title may stand between a word's letters for it
/// still to count as a near miss ("flet" finds "fleet").
const NEAR_MISS_GAP: u32 = 2;

/// A word as nucleo takes it: bytes when it is ASCII, like the titles it meets.
fn needle<'a>(word: &'a str, chars: &'a [char]) -> Utf32Str<'a> {
    if word.is_ascii() {
        Utf32Str::Ascii(word.as_bytes())
    } else {
        Utf32Str::Unicode(chars)
    }
}

/// A near miss in ASCII text, byte by byte: from some start, the word's
/// letters follow in order within its length plus the gap.
fn near_in_bytes(title: &str, word: &str) -> bool {
    let (t, w) = (title.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = w.split_first() else {
        return true;
    };
    let window = w.len() + NEAR_MISS_GAP as usize;
    t.iter()
        .enumerate()
        .any(|(i, &b)| b == first && in_order(&t[i + 1..(i + window).min(t.len())], rest))
}

/// The filter's words, ready to test many titles against.
pub struct Words {
    matcher: Matcher,
    needles: Vec<Needle>,
    indices: Vec<u32>,
    buf: Vec<char>,
}

impl Words {
    pub fn new(words: &[String]) -> Words {
        let needles = words
            .iter()
            .map(|w| match w.parse::<ItemRef>() {
                Ok(r) if r.prefix.is_some() => Needle::Code(r),
                _ => Needle::Text {
                    word: w.to_lowercase(),
                    chars: w.to_lowercase().chars().collect(),
                },
            })
            .collect();
        Words {
            matcher: Matcher::new(nucleo_matcher::Config::DEFAULT),
            needles,
            indices: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// Whether an item passes every word: a code names it, or a word stands
    /// in its (lower-cased) title as typed or as a near miss, its letters in
    /// order with at most two others among them. ASCII is compared byte by
    /// byte; other text goes through nucleo-matcher, which folds case and
    /// Latin accents (so "resume" finds "résumé").
    pub fn matches(&mut self, id: ItemId, kind: Kind, title: &str) -> bool {
        (0..self.needles.len()).all(|k| self.passes(k, id, kind, title))
    }

    /// Whether an item passes the `k`th word.
    fn passes(&mut self, k: usize, id: ItemId, kind: Kind, title: &str) -> bool {
        match &self.needles[k] {
            Needle::Code(r) => r.id == id && r.prefix == Some(kind.prefix()),
            Needle::Text { word, chars } => {
                if title.contains(word.as_str()) {
                    return true;
                }
                if chars.len() < NEAR_MISS_FROM {
                    return false;
                }
                if title.is_ascii() && word.is_ascii() {
                    return near_in_bytes(title, word);
                }
                self.indices.clear();
                let found = self
                    .matcher
                    .fuzzy_indices(
                        Utf32Str::new(title, &mut self.buf),
                        needle(word, chars),
                        &mut self.indices,
                    )
                    .is_some();
                found
                    && match (self.indices.first(), self.indices.last()) {
                        (Some(a), Some(b)) => b - a < chars.len() as u32 + NEAR_MISS_GAP,
                        _ => false,
                    }
            }
        }
    }
}

/// Many titles, lower-cased, one after another: what [`Words::find_all`]
/// searches in one pass instead of title by title.
pub struct Titles<'a> {
    pub text: &'a str,
    /// `ends[i]` closes title i (a byte offset into `text`).
    pub ends: &'a [usize],
    /// The item of each title, sorted by id.
    pub ids: &'a [i64],
    pub kinds: &'a [Kind],
    /// The titles that are not plain ASCII, which the matcher decides.
    pub unicode: &'a [usize],
}

impl Titles<'_> {
    fn start(&self, i: usize) -> usize {
        i.checked_sub(1).map_or(0, |j| self.ends[j])
    }

    fn title(&self, i: usize) -> &str {
        &self.text[self.start(i)..self.ends[i]]
    }

    /// The title that holds byte `pos`, searching forward from `from`.
    fn title_at(&self, pos: usize, from: usize) -> usize {
        let mut i = from;
        while i < self.ends.len() && self.ends[i] <= pos {
            i += 1;
        }
        i
    }
}

impl Words {
    /// The titles (by index) that pass every word: the same rule as
    /// [`Words::matches`], found with one scan of all the text per word
    /// (memchr), so the matcher runs only where a near miss may be.
    pub fn find_all(&mut self, titles: &Titles<'_>) -> Vec<usize> {
        let n = titles.ends.len();
        let mut found: Option<Vec<usize>> = None;
        for k in 0..self.needles.len() {
            let hits = match &found {
                // Few left: test them one by one.
                Some(f) if f.len() < n / 16 => {
                    let f = f.clone();
                    f.into_iter().filter(|&i| self.one(k, titles, i)).collect()
                }
                _ => self.scan(k, titles),
            };
            found = Some(match found {
                None => hits,
                Some(f) => intersect(&f, &hits),
            });
        }
        found.unwrap_or_else(|| (0..n).collect())
    }

    /// Whether title `i` passes needle `k` alone.
    fn one(&mut self, k: usize, titles: &Titles<'_>, i: usize) -> bool {
        self.passes(k, ItemId(titles.ids[i]), titles.kinds[i], titles.title(i))
    }

    /// Every title that passes needle `k`, in one pass over the text.
    fn scan(&mut self, k: usize, titles: &Titles<'_>) -> Vec<usize> {
        let (word, chars) = match &self.needles[k] {
            Needle::Code(r) => {
                return titles
                    .ids
                    .binary_search(&r.id.0)
                    .ok()
                    .filter(|&i| Some(titles.kinds[i].prefix()) == r.prefix)
                    .into_iter()
                    .collect();
            }
            Needle::Text { word, chars } => (word.clone(), chars.clone()),
        };
        if !word.is_ascii() || word.is_empty() {
            return (0..titles.ends.len())
                .filter(|&i| self.one(k, titles, i))
                .collect();
        }
        let text = titles.text.as_bytes();
        let w = word.as_bytes();
        // As typed: every occurrence that lies inside one title.
        let mut exact = Vec::new();
        let mut i = 0;
        for pos in memchr::memmem::find_iter(text, w) {
            i = titles.title_at(pos, i);
            if i < titles.ends.len() && pos + w.len() <= titles.ends[i] && exact.last() != Some(&i)
            {
                exact.push(i);
            }
        }
        if chars.len() < NEAR_MISS_FROM {
            return exact;
        }
        // Near misses: from each first letter, the rest in order close by.
        let window = w.len() + NEAR_MISS_GAP as usize;
        let mut near = Vec::new();
        let (mut i, mut e, mut u) = (0, 0, 0);
        for pos in memchr::memchr_iter(w[0], text) {
            i = titles.title_at(pos, i);
            if i >= titles.ends.len() {
                break;
            }
            // Titles found as typed, or already found, need no second look.
            while exact.get(e).is_some_and(|&x| x < i) {
                e += 1;
            }
            while titles.unicode.get(u).is_some_and(|&x| x < i) {
                u += 1;
            }
            if near.last() == Some(&i)
                || exact.get(e) == Some(&i)
                || titles.unicode.get(u) == Some(&i)
            {
                continue;
            }
            let end = (pos + window).min(titles.ends[i]);
            if in_order(&text[pos + 1..end], &w[1..]) {
                near.push(i);
            }
        }
        // Titles beyond ASCII are decided by the matcher, one by one.
        for &i in titles.unicode {
            if exact.binary_search(&i).is_err() && self.one(k, titles, i) {
                near.push(i);
            }
        }
        near.sort_unstable();
        union(&exact, &near)
    }
}

/// Whether `want` appears in `hay` in order (with anything between).
fn in_order(hay: &[u8], want: &[u8]) -> bool {
    let mut want = want.iter().peekable();
    for b in hay {
        if want.peek() == Some(&b) {
            want.next();
        }
    }
    want.peek().is_none()
}

/// Both sorted lists' common items.
fn intersect(a: &[usize], b: &[usize]) -> Vec<usize> {
    a.iter()
        .filter(|x| b.binary_search(x).is_ok())
        .copied()
        .collect()
}

/// Both sorted lists' items, sorted.
fn union(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = a.iter().chain(b).copied().collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes(filter: &str, id: i64, kind: Kind, title: &str) -> bool {
        let f = Filter::parse(filter).unwrap();
        Words::new(&f.words).matches(ItemId(id), kind, &title.to_lowercase())
    }

    #[test]
    fn one_scan_finds_what_title_by_title_finds() {
        let raw = [
            "Crash detection",
            "Fleet dashboard",
            "Secure theft alarm for commuters",
            "crash",
            "fleet crash report",
            "Cr ash",
            "日本語 crash",
            "Résumé flett",
        ];
        let lower: Vec<String> = raw.iter().map(|t| t.to_lowercase()).collect();
        let mut text = String::new();
        let mut ends = Vec::new();
        for t in &lower {
            text.push_str(t);
            ends.push(text.len());
        }
        let ids: Vec<i64> = (1..=raw.len() as i64).collect();
        let kinds = vec![Kind::Feature; raw.len()];
        let unicode: Vec<usize> = (0..raw.len()).filter(|&i| !raw[i].is_ascii()).collect();
        let titles = Titles {
            text: &text,
            ends: &ends,
            ids: &ids,
            kinds: &kinds,
            unicode: &unicode,
        };
        for filter in [
            "crash",
            "flet",
            "flet crash",
            "cr",
            "F-2",
            "f-2 fleet",
            "E-2",
            "日本",
            "zzz",
            "resume",
        ] {
            let f = Filter::parse(filter).unwrap();
            let mut w = Words::new(&f.words);
            let one: Vec<usize> = (0..raw.len())
                .filter(|&i| w.matches(ItemId(ids[i]), kinds[i], &lower[i]))
                .collect();
            assert_eq!(Words::new(&f.words).find_all(&titles), one, "{filter}");
        }
    }

    #[test]
    fn words_match_as_typed_as_near_misses_and_as_codes() {
        assert!(passes("crash", 1, Kind::Feature, "Crash detection"));
        assert!(passes("flet", 1, Kind::Feature, "Fleet dashboard"));
        assert!(passes(
            "dashbord fleet",
            1,
            Kind::Feature,
            "Fleet dashboard"
        ));
        assert!(passes("F-11", 11, Kind::Feature, "Anything"));
        assert!(passes("f-11 fleet", 11, Kind::Feature, "Fleet dashboard"));
        assert!(
            !passes("F-11", 11, Kind::Enabler, "Anything"),
            "E-11 is not F-11"
        );
        assert!(!passes("F-11", 110, Kind::Feature, "Anything"));
        // Letters scattered over a title are no near miss.
        assert!(!passes(
            "crash",
            1,
            Kind::Feature,
            "Secure theft alarm for commuters"
        ));
        assert!(
            !passes("fl", 1, Kind::Feature, "Find lost bikes"),
            "short words match as typed"
        );
    }

    #[test]
    fn words_and_terms_are_told_apart() {
        let f = Filter::parse("SSO  kind:Feature login state:ready release:pro_2.2").unwrap();
        assert_eq!(f.words, vec!["sso", "login"]);
        assert_eq!(f.kind, Some(Kind::Feature));
        assert_eq!(f.state, Some(State::Ready));
        assert_eq!(f.release.as_deref(), Some("pro 2.2"));
        assert_eq!(
            f.describe(),
            "sso login kind:feature state:ready release:pro_2.2"
        );
    }

    #[test]
    fn a_bad_term_names_the_problem() {
        let err = Filter::parse("kind:epic").unwrap_err();
        assert!(err.contains("\"epic\""), "{err}");
        assert!(
            Filter::parse("state:")
                .unwrap_err()
                .contains("needs a value")
        );
    }

    #[test]
    fn a_portfolio_term_names_one_portfolio_item_or_none() {
        let f = Filter::parse("portfolio:P-3 sso").unwrap();
        assert_eq!(
            f.portfolio,
            Some(Some(super::super::portfolio::PortfolioId(3)))
        );
        assert_eq!(f.describe(), "sso portfolio:P-3");
        assert_eq!(
            Filter::parse("portfolio:none").unwrap().portfolio,
            Some(None)
        );
        let err = Filter::parse("portfolio:fleet").unwrap_err();
        assert!(err.contains("portfolio:none"), "{err}");
    }

    #[test]
    fn a_label_term_keeps_what_follows_its_first_colon() {
        let f = Filter::parse("label:sprint:VELO_Sprint_12 alarm").unwrap();
        assert_eq!(f.label.as_deref(), Some("sprint:VELO_Sprint_12"));
        assert_eq!(f.words, vec!["alarm"]);
        assert_eq!(f.describe(), "alarm label:sprint:VELO_Sprint_12");
        assert!(!f.is_empty());
        assert!(
            Filter::parse("label:")
                .unwrap_err()
                .contains("needs a value")
        );
    }

    #[test]
    fn an_empty_filter_shows_everything() {
        assert!(Filter::parse("   ").unwrap().is_empty());
    }
}
