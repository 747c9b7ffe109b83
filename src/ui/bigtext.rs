//! Text three rows tall, in half blocks, for what a room reads from the back:
//! the timebox's countdown and the id of the item in focus.

/// The glyph of one character, three rows of three cells (narrower for `:`
/// and space); characters without a glyph are left out.
fn glyph(c: char) -> Option<[&'static str; 3]> {
    Some(match c {
        '0' => ["█▀█", "█ █", "▀▀▀"],
        '1' => ["▀█ ", " █ ", "▀▀▀"],
        '2' => ["▀▀█", "█▀▀", "▀▀▀"],
        '3' => ["▀▀█", " ▀█", "▀▀▀"],
        '4' => ["█ █", "▀▀█", "  ▀"],
        '5' => ["█▀▀", "▀▀█", "▀▀▀"],
        '6' => ["█▀▀", "█▀█", "▀▀▀"],
        '7' => ["▀▀█", "  █", "  ▀"],
        '8' => ["█▀█", "█▀█", "▀▀▀"],
        '9' => ["█▀█", "▀▀█", "▀▀▀"],
        ':' => ["▄", "▄", " "],
        '-' => ["  ", "▀▀", "  "],
        '+' => [" ▄ ", "▀█▀", "   "],
        'S' => ["▄▀▀", " ▀▄", "▀▀ "],
        'A' => ["▄▀▄", "█▀█", "▀ ▀"],
        'F' => ["█▀▀", "█▀ ", "▀  "],
        'E' => ["█▀▀", "█▀ ", "▀▀▀"],
        'I' => ["▀█▀", " █ ", "▀▀▀"],
        ' ' => [" ", " ", " "],
        _ => return None,
    })
}

/// `text` three rows tall, a cell between characters.
pub fn big(text: &str) -> [String; 3] {
    let mut rows = [String::new(), String::new(), String::new()];
    for (i, g) in text.chars().filter_map(glyph).enumerate() {
        for (row, part) in rows.iter_mut().zip(g) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

/// How many cells across `text` is when drawn big.
pub fn big_width(text: &str) -> usize {
    crate::domain::text::width(&big(text)[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_text_is_three_rows_of_one_width() {
        let rows = big("4:59");
        assert_eq!(rows[0], "█ █ ▄ █▀▀ █▀█");
        assert!(rows.iter().all(|r| r.chars().count() == 13));
        assert_eq!(big_width("F-12"), 14);
    }
}
