//! Rank keys: the cluster order as strings that sort by byte value.
//!
//! A move writes one new key between the keys of its new neighbours, so reprioritising
//! never renumbers other items. Keys follow David Greenspan's "fractional indexing":
//! a variable-length integer head keeps appends short (100,000 appends stay 4 bytes),
//! and a base-62 fraction makes room between any two keys. We write it here because the
//! crates we found either lack the integer head (appends grow the key linearly) or panic
//! on malformed input, and keys are read back from a file a user controls.

use std::cmp::Ordering;

const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = DIGITS.len();
/// The smallest integer head; no key may be this integer without a fraction.
const SMALLEST_INTEGER: &str = "A00000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RankError {
    #[error("rank key {0:?} is malformed")]
    Malformed(String),
    #[error("rank keys {0:?} and {1:?} are not in order")]
    NotOrdered(String, String),
    #[error("no rank key fits before {0:?}")]
    Exhausted(String),
}

fn digit_value(c: u8) -> Option<usize> {
    DIGITS.iter().position(|&d| d == c)
}

fn integer_length(head: u8) -> Option<usize> {
    match head {
        b'a'..=b'z' => Some(usize::from(head - b'a') + 2),
        b'A'..=b'Z' => Some(usize::from(b'Z' - head) + 2),
        _ => None,
    }
}

/// Splits a key into its integer part and its fraction, checking its form.
fn split(key: &str) -> Result<(&str, &str), RankError> {
    let bad = || RankError::Malformed(key.to_string());
    let head = *key.as_bytes().first().ok_or_else(bad)?;
    let len = integer_length(head).ok_or_else(bad)?;
    if key.len() < len || !key.bytes().all(|b| digit_value(b).is_some()) {
        return Err(bad());
    }
    let (int, frac) = key.split_at(len);
    if int == SMALLEST_INTEGER || frac.ends_with('0') {
        return Err(bad());
    }
    Ok((int, frac))
}

/// Checks that a key read from storage has the form this module writes.
pub fn validate(key: &str) -> Result<(), RankError> {
    split(key).map(|_| ())
}

/// A fraction strictly between `a` and `b` (`None` = the end); neither ends in '0'.
fn midpoint(a: &[u8], b: Option<&[u8]>) -> Vec<u8> {
    if let Some(b) = b {
        let mut n = 0;
        while n < b.len() && a.get(n).copied().unwrap_or(b'0') == b[n] {
            n += 1;
        }
        if n > 0 {
            let mut out = b[..n].to_vec();
            out.extend(midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..])));
            return out;
        }
    }
    let digit_a = a.first().and_then(|&c| digit_value(c)).unwrap_or(0);
    let digit_b = b
        .and_then(|b| b.first())
        .and_then(|&c| digit_value(c))
        .unwrap_or(BASE);
    if digit_b.saturating_sub(digit_a) > 1 {
        return vec![DIGITS[(digit_a + digit_b).div_ceil(2)]];
    }
    match b {
        Some(b) if b.len() > 1 => vec![b[0]],
        _ => {
            let mut out = vec![DIGITS[digit_a]];
            out.extend(midpoint(a.get(1..).unwrap_or(&[]), None));
            out
        }
    }
}

fn increment_integer(int: &str) -> Option<String> {
    let bytes = int.as_bytes();
    let head = bytes[0];
    let mut digits = bytes[1..].to_vec();
    let mut carry = true;
    for d in digits.iter_mut().rev() {
        let v = digit_value(*d)? + 1;
        if v == BASE {
            *d = b'0';
        } else {
            *d = DIGITS[v];
            carry = false;
            break;
        }
    }
    if carry {
        if head == b'Z' {
            return Some("a0".to_string());
        }
        if head == b'z' {
            return None;
        }
        let next = head + 1;
        if next > b'a' {
            digits.push(b'0');
        } else {
            digits.pop();
        }
        digits.insert(0, next);
    } else {
        digits.insert(0, head);
    }
    String::from_utf8(digits).ok()
}

fn decrement_integer(int: &str) -> Option<String> {
    let bytes = int.as_bytes();
    let head = bytes[0];
    let mut digits = bytes[1..].to_vec();
    let mut borrow = true;
    for d in digits.iter_mut().rev() {
        let v = digit_value(*d)?;
        if v == 0 {
            *d = DIGITS[BASE - 1];
        } else {
            *d = DIGITS[v - 1];
            borrow = false;
            break;
        }
    }
    if borrow {
        if head == b'a' {
            return Some(format!("Z{}", char::from(DIGITS[BASE - 1])));
        }
        if head == b'A' {
            return None;
        }
        let prev = head - 1;
        if prev < b'Z' {
            digits.push(DIGITS[BASE - 1]);
        } else {
            digits.pop();
        }
        digits.insert(0, prev);
    } else {
        digits.insert(0, head);
    }
    String::from_utf8(digits).ok()
}

fn join(int: &str, frac: &[u8]) -> String {
    let mut out = int.to_string();
    // Digits are ASCII, so this is always valid UTF-8.
    out.extend(frac.iter().map(|&b| char::from(b)));
    out
}

/// A key that sorts strictly between `before` and `after` (`None` = open end).
pub fn between(before: Option<&str>, after: Option<&str>) -> Result<String, RankError> {
    match (before, after) {
        (None, None) => Ok("a0".to_string()),
        (None, Some(b)) => {
            let (int_b, frac_b) = split(b)?;
            if int_b == SMALLEST_INTEGER {
                return Ok(join(int_b, &midpoint(&[], Some(frac_b.as_bytes()))));
            }
            if !frac_b.is_empty() {
                return Ok(int_b.to_string());
            }
            decrement_integer(int_b).ok_or_else(|| RankError::Exhausted(b.to_string()))
        }
        (Some(a), None) => {
            let (int_a, frac_a) = split(a)?;
            Ok(increment_integer(int_a)
                .unwrap_or_else(|| join(int_a, &midpoint(frac_a.as_bytes(), None))))
        }
        (Some(a), Some(b)) => {
            if a.cmp(b) != Ordering::Less {
                return Err(RankError::NotOrdered(a.to_string(), b.to_string()));
            }
            let (int_a, frac_a) = split(a)?;
            let (int_b, frac_b) = split(b)?;
            if int_a == int_b {
                return Ok(join(
                    int_a,
                    &midpoint(frac_a.as_bytes(), Some(frac_b.as_bytes())),
                ));
            }
            match increment_integer(int_a) {
                Some(next) if next.as_str() < b => Ok(next),
                _ => Ok(join(int_a, &midpoint(frac_a.as_bytes(), None))),
            }
        }
    }
}

/// The key a row now at `here` needs to stand strictly between `before` and
/// `after`, or `None` when it already does and nothing needs writing.
pub fn moved(
    here: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<Option<String>, RankError> {
    let stands = before.is_none_or(|b| b < here) && after.is_none_or(|a| here < a);
    if stands {
        Ok(None)
    } else {
        between(before, after).map(Some)
    }
}

/// `n` ascending keys after `after` (or from the start), for loading a whole backlog.
pub fn sequence(after: Option<&str>, n: usize) -> Result<Vec<String>, RankError> {
    let mut keys = Vec::with_capacity(n);
    let mut last = after.map(str::to_string);
    for _ in 0..n {
        let key = between(last.as_deref(), None)?;
        keys.push(key.clone());
        last = Some(key);
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_already_between_its_new_neighbours_keeps_its_key() {
        assert_eq!(moved("a1", Some("a0"), Some("a2")).unwrap(), None);
        assert_eq!(moved("a1", None, Some("a2")).unwrap(), None);
        assert_eq!(moved("a1", Some("a0"), None).unwrap(), None);
        assert_eq!(
            moved("a3", Some("a1"), Some("a2")).unwrap(),
            Some("a1V".into())
        );
        // Next to itself is not between: a key equal to a bound moves.
        assert_eq!(
            moved("a2", Some("a1"), Some("a2")).unwrap(),
            Some("a1V".into())
        );
    }

    #[test]
    fn the_first_key_and_its_neighbours_follow_the_known_examples() {
        let first = between(None, None).unwrap();
        assert_eq!(first, "a0");
        assert_eq!(between(Some("a0"), None).unwrap(), "a1");
        assert_eq!(between(None, Some("a0")).unwrap(), "Zz");
        assert_eq!(between(Some("a1"), Some("a2")).unwrap(), "a1V");
    }

    #[test]
    fn a_key_between_two_keys_sorts_between_them() {
        let keys = sequence(None, 200).unwrap();
        for pair in keys.windows(2) {
            let mid = between(Some(&pair[0]), Some(&pair[1])).unwrap();
            assert!(pair[0] < mid && mid < pair[1], "{pair:?} -> {mid}");
            validate(&mid).unwrap();
        }
    }

    #[test]
    fn appending_a_hundred_thousand_keys_keeps_them_short_and_ordered() {
        let keys = sequence(None, 100_000).unwrap();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let longest = keys.iter().map(String::len).max().unwrap();
        assert!(longest <= 4, "longest append key has {longest} bytes");
    }

    #[test]
    fn many_moves_into_the_same_gap_stay_ordered_and_grow_slowly() {
        // Always insert just after the lower bound: the worst case for a gap.
        let low = "a0".to_string();
        let mut high = "a1".to_string();
        for _ in 0..1_000 {
            let mid = between(Some(&low), Some(&high)).unwrap();
            assert!(low < mid && mid < high);
            validate(&mid).unwrap();
            high = mid;
        }
        assert!(high.len() < 200, "key grew to {} bytes", high.len());

        // And just below the upper bound.
        let mut low = "a0".to_string();
        let high = "a1".to_string();
        for _ in 0..1_000 {
            let mid = between(Some(&low), Some(&high)).unwrap();
            assert!(low < mid && mid < high);
            low = mid;
        }
    }

    #[test]
    fn prepending_keeps_going_past_the_first_integer() {
        let mut first = "a0".to_string();
        for _ in 0..10_000 {
            let before = between(None, Some(&first)).unwrap();
            assert!(before < first);
            validate(&before).unwrap();
            first = before;
        }
    }

    #[test]
    fn keys_out_of_order_or_malformed_are_refused() {
        assert!(matches!(
            between(Some("a2"), Some("a1")),
            Err(RankError::NotOrdered(..))
        ));
        assert!(matches!(
            between(Some("a1"), Some("a1")),
            Err(RankError::NotOrdered(..))
        ));
        for bad in ["", "a", "a10", "!0", "a0\u{e9}", "b0"] {
            assert!(validate(bad).is_err(), "{bad:?} should be malformed");
        }
    }
}
