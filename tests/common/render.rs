//! Drawing an [`App`] the way the terminal would, into ratatui's `TestBackend`.

use clusterboard::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Draws one frame at the app's own size; snapshot the backend, or read it
/// with [`text_of`].
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).expect("terminal");
    terminal
        .draw(|f| clusterboard::ui::render(app, f))
        .expect("frame draws");
    terminal
}

/// The buffer's symbols row by row, one line each: what a user would read.
pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The buffer's styles as a legend and a map: each distinct style gets a
/// letter, and each row lists runs of letters (`a12 b3`), so a snapshot shows
/// where every colour and modifier sits without repeating the text.
pub fn styles_of(buffer: &Buffer) -> String {
    use std::fmt::Write;
    let letters: Vec<char> = ('a'..='z').chain('A'..='Z').chain('0'..='9').collect();
    let mut legend: Vec<String> = Vec::new();
    let mut rows = String::new();
    let area = buffer.area;
    for y in 0..area.height {
        let mut runs: Vec<(char, usize)> = Vec::new();
        // The cells a wide character covers are not drawn: they count as it.
        let mut covered = 0;
        for x in 0..area.width {
            if covered > 0 {
                covered -= 1;
                if let Some((_, n)) = runs.last_mut() {
                    *n += 1;
                }
                continue;
            }
            let cell = &buffer[(x, y)];
            covered = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            let key = style_key(cell);
            let i = legend.iter().position(|k| *k == key).unwrap_or_else(|| {
                legend.push(key);
                legend.len() - 1
            });
            let letter = letters.get(i).copied().unwrap_or('?');
            match runs.last_mut() {
                Some((l, n)) if *l == letter => *n += 1,
                _ => runs.push((letter, 1)),
            }
        }
        let line: Vec<String> = runs.iter().map(|(l, n)| format!("{l}{n}")).collect();
        writeln!(rows, "{y:>2} {}", line.join(" ")).unwrap();
    }
    let mut out = String::from("styles:\n");
    for (i, k) in legend.iter().enumerate() {
        writeln!(out, "  {} {k}", letters.get(i).copied().unwrap_or('?')).unwrap();
    }
    out.push_str("rows:\n");
    out.push_str(&rows);
    out
}

fn style_key(cell: &ratatui::buffer::Cell) -> String {
    use ratatui::style::{Color, Modifier};
    let color = |c: Color| match c {
        Color::Reset => "default".to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("#{i}"),
        other => format!("{other:?}").to_lowercase(),
    };
    let mut key = format!("fg={} bg={}", color(cell.fg), color(cell.bg));
    for (m, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::REVERSED, "reversed"),
    ] {
        if cell.modifier.contains(m) {
            key.push(' ');
            key.push_str(name);
        }
    }
    key
}

/// Text with every `YYYY-MM-DD HH:MM` (a time the test ran at) written as
/// `YYYY-MM-DD hh:mm`, so a snapshot does not age.
pub fn timeless(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let pattern = "dddd-dd-dd dd:dd";
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let fits = chars.len() - i >= pattern.len()
            && pattern.chars().zip(&chars[i..]).all(|(p, c)| match p {
                'd' => c.is_ascii_digit(),
                p => p == *c,
            });
        if fits {
            out.push_str("YYYY-MM-DD hh:mm");
            i += pattern.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
