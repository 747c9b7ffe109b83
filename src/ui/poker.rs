//! The planning-poker table: the deck, the votes (face down until revealed) and
//! the spread, large enough for a room to read.

use crate::app::keymap::Keymap;
use crate::app::{Action, Table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::PokerPanel;
use crate::domain::poker::Deck;
use crate::domain::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw(
    p: &PokerPanel,
    deck: &Deck,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let outer = super::centered(area, area.width.saturating_sub(4).min(90), area.height);
    let inner_w = usize::from(outer.width.saturating_sub(4));
    let mut lines = Vec::new();
    let current = p
        .current
        .map_or_else(|| "not estimated yet".to_string(), |v| format!("now {v}"));
    lines.push(Line::from(vec![
        Span::styled(p.code.clone(), theme.heading()),
        Span::raw(format!("  {} points ({current})", p.field.label())),
    ]));
    lines.push(Line::raw(fit(&sanitize(&p.title), inner_w)));
    lines.push(Line::raw(""));

    // The deck: each card boxed; the chosen one reversed and marked.
    let mut cards = Vec::new();
    let mut marks = Vec::new();
    for (i, card) in deck.0.iter().enumerate() {
        let label = format!("{:>3} ", card.to_string());
        let chosen = i == p.cursor;
        let style = if chosen {
            theme.card_chosen()
        } else {
            theme.card()
        };
        cards.push(Span::styled(format!("[{label}]"), style));
        cards.push(Span::raw(" "));
        marks.push(Span::raw(if chosen { "   ▲   " } else { "       " }));
    }
    lines.push(Line::from(cards));
    lines.push(Line::from(marks));

    let title = if p.revealed {
        "Votes (revealed)"
    } else {
        "Votes (face down)"
    };
    lines.push(Line::styled(title, theme.heading()));
    if p.votes.is_empty() {
        lines.push(Line::styled(
            format!(
                "Nobody has voted yet. Pick a card and press {} for each person.",
                keymap.key(Table::Poker, Action::Toggle)
            ),
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
            Span::styled("Next voter: ", theme.heading()),
            Span::raw(super::field_text(name, 40)),
        ]));
    } else if !p.next_name.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!("Next voter: {}", sanitize(&p.next_name))));
    }
    // Votes wrap onto more lines when there are many; leave room for that.
    let needed = lines.len() as u16 + 3 + (p.votes.len() as u16 * 14) / outer.width.max(1);
    let rect = super::centered(area, outer.width, needed);
    let title = fit(
        &format!(
            " Planning poker · {} · {} cancels ",
            p.field.label(),
            keymap.key(Table::Poker, Action::Close)
        ),
        usize::from(rect.width.saturating_sub(2)),
    );
    super::panel(frame, rect, title, lines, theme);
}
