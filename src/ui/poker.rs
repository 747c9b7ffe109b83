//! The planning-poker table: the deck, the votes (face down until revealed) and
//! the spread, large enough for a room to read. Before the reveal the deck is
//! only a legend: nothing on screen moves as a voter chooses, and the typed
//! card shows as `▒▒▒` whatever it is.

use crate::app::keymap::Keymap;
use crate::app::{Action, Table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::PokerPanel;
use crate::domain::poker::Deck;
use crate::domain::text::{fit, sanitize, width};
use crate::theme::Theme;

/// The deck as a row of boxed cards, three lines tall; after the reveal the
/// agreed card is marked (its style and `▲`, not colour alone).
fn deck_lines(p: &PokerPanel, deck: &Deck, room: usize, theme: &Theme) -> Vec<Line<'static>> {
    let labels: Vec<String> = deck.0.iter().map(ToString::to_string).collect();
    let widest = labels.iter().map(|l| width(l)).max().unwrap_or(1);
    let n = labels.len().max(1);
    // Cards as wide as the row allows, boxed where they fit, else bracketed.
    let inner = (room / n).saturating_sub(3).clamp(widest, widest + 4);
    let boxed = n * (inner + 3) <= room;
    let mut top = Vec::new();
    let mut mid = Vec::new();
    let mut bottom = Vec::new();
    let mut marks = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let chosen = p.revealed && i == p.cursor;
        let style = if chosen {
            theme.card_chosen()
        } else {
            theme.card()
        };
        let pad = inner - width(label);
        let face = format!(
            "{}{label}{}",
            " ".repeat(pad - pad / 2),
            " ".repeat(pad / 2)
        );
        let cell = inner + 2;
        if boxed {
            top.push(Span::styled(format!("╭{}╮", "─".repeat(inner)), style));
            mid.push(Span::styled(format!("│{face}│"), style));
            bottom.push(Span::styled(format!("╰{}╯", "─".repeat(inner)), style));
            for row in [&mut top, &mut mid, &mut bottom] {
                row.push(Span::styled(" ", theme.text()));
            }
        } else {
            mid.push(Span::styled(format!("[{face}]"), style));
            mid.push(Span::styled(" ", theme.text()));
        }
        let mark = if chosen { "▲" } else { " " };
        let left = (cell - 1) / 2;
        marks.push(Span::styled(
            format!("{}{mark}{} ", " ".repeat(left), " ".repeat(cell - 1 - left)),
            theme.heading(),
        ));
    }
    let mut out = Vec::new();
    if boxed {
        out.push(Line::from(top));
        out.push(Line::from(mid));
        out.push(Line::from(bottom));
    } else {
        out.push(Line::from(mid));
    }
    if p.revealed {
        out.push(Line::from(marks));
    }
    out
}

pub fn draw(
    p: &PokerPanel,
    deck: &Deck,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    // Wider on a wide screen, so the room reads it from the back.
    let wide = (area.width * 2 / 3).max(90);
    let outer = super::centered(area, area.width.saturating_sub(4).min(wide), area.height);
    let inner_w = usize::from(outer.width.saturating_sub(4));
    let key = |a: Action| keymap.key(Table::Poker, a);
    let mut lines = Vec::new();
    let current = p
        .current
        .map_or_else(|| "not estimated yet".to_string(), |v| format!("now {v}"));
    lines.push(Line::from(vec![
        Span::styled(p.code.clone(), theme.heading()),
        Span::raw(format!("  {} points ({current})", p.field.label())),
    ]));
    for l in crate::domain::text::wrap(&sanitize(&p.title), inner_w, 2) {
        lines.push(Line::styled(l, theme.title()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        if p.revealed {
            "The deck: choose the agreed card"
        } else {
            "The deck"
        },
        theme.heading(),
    ));
    lines.extend(deck_lines(p, deck, inner_w, theme));
    lines.push(Line::raw(""));

    if !p.revealed {
        let voter = match &p.naming {
            Some(_) => "The next voter".to_string(),
            None if p.next_name.is_empty() => format!("Voter {}", p.votes.len() + 1),
            None => sanitize(&p.next_name),
        };
        let typed = if p.typed.is_empty() {
            "···"
        } else {
            "▒▒▒"
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{voter}: "), theme.heading()),
            Span::styled(format!(" {typed} "), theme.card()),
            Span::styled(
                format!("  type your card (hidden), {} votes", key(Action::Confirm)),
                theme.dim(),
            ),
        ]));
        lines.push(Line::raw(""));
    }

    let title = if p.revealed {
        "Votes (revealed)"
    } else {
        "Votes (face down)"
    };
    lines.push(Line::styled(title, theme.heading()));
    if p.votes.is_empty() {
        lines.push(Line::styled(
            "Nobody has voted yet.".to_string(),
            theme.dim(),
        ));
    } else {
        let spread = if p.revealed { p.spread(deck) } else { None };
        let mut spans = Vec::new();
        for (seat, (name, card)) in p.votes.iter().enumerate() {
            let shown = if p.revealed {
                card.to_string()
            } else {
                "■".to_string()
            };
            let outlier = spread.as_ref().is_some_and(|s| s.outliers.contains(&seat));
            let text = format!(
                "{}: {shown}{}   ",
                sanitize(name),
                if outlier { " ◆outlier" } else { "" }
            );
            let style = if outlier {
                theme.warning()
            } else {
                theme.text()
            };
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
        if let Some(s) = spread {
            lines.push(Line::raw(""));
            let unsure = if s.unsure > 0 {
                format!(" · {} unsure (?)", s.unsure)
            } else {
                String::new()
            };
            lines.push(Line::from(vec![
                Span::styled("Spread  ", theme.heading()),
                Span::raw(format!(
                    "min {} · median {} · max {}{unsure} · proposal {}",
                    s.min, s.median, s.max, s.proposal
                )),
            ]));
        }
    }
    if let Some(name) = &p.naming {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Next voter's name: ", theme.heading()),
            Span::raw(super::field_text(name, 40)),
        ]));
    }
    // Long lines wrap: count the rows they take, and a row to spare.
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_w.max(1)).max(1))
        .sum();
    let needed = rows as u16 + 3;
    let rect = super::centered(area, outer.width, needed);
    let title = fit(
        &format!(
            " Planning poker · {} · {} cancels ",
            p.field.label(),
            key(Action::Close)
        ),
        usize::from(rect.width.saturating_sub(2)),
    );
    super::panel(frame, rect, title, lines, theme);
}
