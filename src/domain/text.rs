//! The one place user text is made safe and fitted to a width.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Makes any text safe to show on one terminal line or in an export.
///
/// Control characters (C0, DEL, C1, which carry terminal escape sequences) become
/// visible symbols instead of reaching the terminal; bidi overrides and isolates are
/// dropped so text cannot reorder what is drawn around it; line breaks and tabs become
/// spaces. Emoji joiners, variation selectors and skin-tone modifiers are dropped:
/// terminals disagree on how wide such sequences are, and a width we guess wrong
/// pushes a column border out of line. The emoji themselves, CJK and right-to-left
/// letters are kept.
pub fn sanitize(text: &str) -> String {
    if plain(text.as_bytes()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            // ESC is shown as the "symbol for escape" so a hostile title is visible.
            '\u{1b}' => out.push('␛'),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
            }
            '\u{7f}' => out.push('␡'),
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {}
            '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Display width in terminal cells, counted per grapheme as ratatui lays them out.
pub fn width(text: &str) -> usize {
    if plain(text.as_bytes()) {
        return text.len();
    }
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Printable ASCII only: each byte is one grapheme one cell wide, so text
/// is measured and cut by bytes (most titles; graphemes cost a frame more
/// than the rest of drawing a card).
fn plain(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
}

/// [`plain`] for the first `n` bytes of `text` (all of it when shorter).
fn plain_within(text: &str, n: usize) -> bool {
    plain(&text.as_bytes()[..text.len().min(n)])
}

/// Whether text takes at most `max` cells; reads no further than that, so a
/// megabyte of text costs what a line does.
fn fits(text: &str, max: usize) -> bool {
    if plain_within(text, max + 1) {
        return text.len() <= max;
    }
    let mut used = 0;
    for g in text.graphemes(true) {
        used += g.width();
        if used > max {
            return false;
        }
    }
    true
}

/// Characters of a title (or a line of text) a view reads: a title may be
/// typed this long, so only text written around the app is ever cut.
pub const LINE_CHARS: usize = 500;

/// The first `chars` characters of `text` (all of it when shorter): what a
/// line or a message can show of a title of any length, cut before it is
/// sanitised or measured.
pub fn prefix(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// The part of a title a view keeps: its first [`LINE_CHARS`] characters.
pub fn shown(title: &str) -> String {
    prefix(title, LINE_CHARS).to_string()
}

/// Cuts sanitised text to at most `max` cells, ending in '…' when it was cut.
/// Never splits a grapheme, so a wide character is dropped whole rather than halved.
pub fn fit(text: &str, max: usize) -> String {
    if fits(text, max) {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    // Cut after max - 1 cells: plain bytes up to there cut as bytes.
    if plain_within(text, max) {
        let mut out = String::with_capacity(max + 2);
        out.push_str(&text[..max - 1]);
        out.push('…');
        return out;
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Cuts sanitised text to at most `max` cells from the left, starting with '…'
/// when it was cut: the end of a path (the file's name) is what stays.
pub fn fit_left(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0;
    for g in text.graphemes(true).rev() {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        kept.push(g);
        used += w;
    }
    let mut out = String::from("…");
    out.extend(kept.into_iter().rev());
    out
}

/// Word-wraps sanitised text into at most `lines` lines of `max` cells; the last
/// line ends in '…' when text is left over. Words longer than a line are broken.
pub fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if max == 0 || lines == 0 {
        return out;
    }
    let mut rest = text.trim();
    while !rest.is_empty() && out.len() < lines {
        if out.len() + 1 == lines || fits(rest, max) {
            out.push(fit(rest, max));
            break;
        }
        // Take as many graphemes as fit, then back up to the last space if any.
        let (cut, last_space) = if plain_within(rest, max + 1) {
            // Plain ASCII up to one past the room: a byte is a cell and a
            // grapheme, so the cut needs no segmenting (long texts wrap
            // several times faster).
            let cut = max.min(rest.len());
            (cut, rest[..cut].rfind(' '))
        } else {
            let mut used = 0;
            let mut cut = 0;
            let mut last_space = None;
            for (i, g) in rest.grapheme_indices(true) {
                let w = g.width();
                if used + w > max {
                    break;
                }
                if g == " " {
                    last_space = Some(i);
                }
                used += w;
                cut = i + g.len();
            }
            (cut, last_space)
        };
        let end = match last_space {
            Some(sp) if sp > 0 && cut < rest.len() => sp,
            _ => cut.max(rest.chars().next().map_or(1, char::len_utf8)),
        };
        out.push(rest[..end].trim_end().to_string());
        rest = rest[end..].trim_start();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `wrap` as it was before its ASCII path: grapheme by grapheme.
    fn wrap_by_graphemes(text: &str, max: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() {
            if rest
                .graphemes(true)
                .map(UnicodeWidthStr::width)
                .sum::<usize>()
                <= max
            {
                out.push(rest.to_string());
                break;
            }
            let (mut used, mut cut, mut last_space) = (0, 0, None);
            for (i, g) in rest.grapheme_indices(true) {
                if used + g.width() > max {
                    break;
                }
                if g == " " {
                    last_space = Some(i);
                }
                used += g.width();
                cut = i + g.len();
            }
            let end = match last_space {
                Some(sp) if sp > 0 && cut < rest.len() => sp,
                _ => cut.max(rest.chars().next().map_or(1, char::len_utf8)),
            };
            out.push(rest[..end].trim_end().to_string());
            rest = rest[end..].trim_start();
        }
        out
    }

    #[test]
    fn ascii_fits_and_measures_as_grapheme_by_grapheme_does() {
        let mut rng = fastrand::Rng::with_seed(8);
        let pieces = ["a", " ", "word", "é", "e\u{301}", "日", "🚲", "x"];
        for _ in 0..2_000 {
            let n = rng.usize(0..30);
            let text: String = (0..n).map(|_| pieces[rng.usize(0..pieces.len())]).collect();
            let by_graphemes: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
            assert_eq!(width(&text), by_graphemes, "{text:?}");
            for max in [1, 2, 3, 5, 8, 13] {
                let cut = fit(&text, max);
                assert!(width(&cut) <= max, "{text:?} in {max}: {cut:?}");
                let mut slow = String::new();
                let mut used = 0;
                if by_graphemes <= max {
                    slow.clone_from(&text);
                } else {
                    for g in text.graphemes(true) {
                        if used + g.width() > max - 1 {
                            break;
                        }
                        slow.push_str(g);
                        used += g.width();
                    }
                    slow.push('…');
                }
                assert_eq!(cut, slow, "{text:?} in {max}");
            }
        }
    }

    #[test]
    fn ascii_wraps_as_grapheme_by_grapheme_does() {
        let mut rng = fastrand::Rng::with_seed(7);
        let pieces = ["a", "b", " ", "  ", "word", "é", "e\u{301}", "日", "-", "x"];
        for _ in 0..2_000 {
            let n = rng.usize(0..60);
            let text: String = (0..n).map(|_| pieces[rng.usize(0..pieces.len())]).collect();
            for max in [1, 2, 3, 5, 8, 13] {
                assert_eq!(
                    wrap(&text, max, usize::MAX),
                    wrap_by_graphemes(&text, max),
                    "{text:?} in {max}"
                );
            }
        }
    }

    #[test]
    fn escape_sequences_never_survive_sanitising() {
        let hostile = "Login\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(char::is_control), "{safe:?}");
        assert!(safe.starts_with("Login␛[2J"), "{safe:?}");
    }

    #[test]
    fn bidi_overrides_are_dropped_but_rtl_letters_kept() {
        assert_eq!(sanitize("abc\u{202e}def"), "abcdef");
        assert_eq!(sanitize("دعم العربية"), "دعم العربية");
    }

    #[test]
    fn emoji_and_cjk_are_kept_but_width_ambiguous_joiners_dropped() {
        assert_eq!(sanitize("日本語 ok 🚲"), "日本語 ok 🚲");
        assert_eq!(sanitize("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(sanitize("👍🏽 ❤\u{fe0f}"), "👍 ❤");
        assert_eq!(width(&sanitize("👨\u{200d}👩\u{200d}👧")), 6);
    }

    #[test]
    fn a_megabyte_of_text_is_cut_like_a_line() {
        let long = "ab ".repeat(400_000);
        assert_eq!(fit(&long, 7), "ab ab …");
        assert_eq!(wrap(&long, 6, 2), vec!["ab ab", "ab ab…"]);
        assert_eq!(prefix("日本語テキスト", 3), "日本語");
        assert_eq!(prefix("ok", 3), "ok");
    }

    #[test]
    fn fitting_counts_wide_characters_as_two_cells() {
        assert_eq!(width("日本語"), 6);
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert!(width(&fit("日本語テキスト", 7)) <= 7);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_marks_what_is_left_over() {
        assert_eq!(
            wrap("Theft alarm with GPS tracking", 14, 2),
            vec!["Theft alarm", "with GPS trac…"]
        );
        assert_eq!(wrap("short", 14, 2), vec!["short"]);
        assert_eq!(
            wrap("Unbreakablewordhere", 8, 2),
            vec!["Unbreaka", "bleword…"]
        );
        for l in wrap("日本語ローカライズ (ja-JP) for the rider app", 9, 3) {
            assert!(width(&l) <= 9, "{l:?}");
        }
    }

    #[test]
    fn fitting_from_the_left_keeps_the_end_of_a_path() {
        let path = "~/.local/share/clusterboard/clusterboard.db";
        assert_eq!(fit_left(path, 30), "…/clusterboard/clusterboard.db");
        assert_eq!(fit_left(path, 100), path);
        assert_eq!(fit_left("日本語テキスト", 7), "…キスト");
        for max in 0..50 {
            assert!(width(&fit_left(path, max)) <= max, "{max}");
        }
    }

    #[test]
    fn fitting_never_exceeds_the_width_for_any_cut() {
        let title = "Emoji 👍🏽 reactions 👨‍👩‍👧 and 日本語 in one title";
        for max in 0..60 {
            let cut = fit(title, max);
            assert!(width(&cut) <= max, "{max}: {cut:?}");
        }
        assert_eq!(fit("short", 10), "short");
    }
}
