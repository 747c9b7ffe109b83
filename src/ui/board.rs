//! The cluster Kanban board: one bordered column per state, cards in cluster rank.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::app::{App, Column};
use crate::domain::Card;
use crate::domain::text::{fit, sanitize, width, wrap};
use crate::theme::Theme;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let new_key = app.keymap.normal(crate::app::Action::NewItem);
    let g = app.geometry();
    let first = app.first_column;
    let last = (first + g.visible_columns).min(app.columns.len());
    let shown = last - first;
    if shown == 0 {
        return;
    }
    // The same spans the reducer uses to find what a click hit.
    let areas: Vec<Rect> = crate::app::layout::column_spans(area.width, shown)
        .into_iter()
        .map(|(x, width)| Rect {
            x: area.x + x,
            width,
            ..area
        })
        .collect();
    for (slot, index) in (first..last).enumerate() {
        let column = &app.columns[index];
        let selected = index == app.selected_column;
        let more_left = slot == 0 && first > 0;
        let more_right = slot + 1 == shown && last < app.columns.len();
        draw_column(
            column,
            ColumnLook {
                dor: &app.config.dor,
                selected,
                more_left,
                more_right,
                card_lines: g.card_lines,
                card_rows: g.card_rows,
                new_key: &new_key,
            },
            theme,
            frame,
            areas[slot],
        );
    }
}

#[derive(Clone, Copy)]
struct ColumnLook<'a> {
    dor: &'a [crate::domain::dor::DorPoint],
    selected: bool,
    more_left: bool,
    more_right: bool,
    card_lines: u16,
    card_rows: u16,
    /// The key that creates an item, said in the selected empty column.
    new_key: &'a str,
}

fn column_title(column: &Column, look: &ColumnLook, room: usize) -> String {
    let c = &column.config;
    let counts = match c.wip {
        Some(w) => format!("{}/{w}", column.count),
        None => column.count.to_string(),
    };
    let name = sanitize(&c.title);
    // Arrows say more columns hide to that side; they take room from the name.
    let arrows = usize::from(look.more_left) * 2 + usize::from(look.more_right) * 3;
    let room = room.saturating_sub(arrows);
    if !column.over_wip() {
        return fit(&format!(" {name} {counts} "), room);
    }
    // Over its limit: the mark and counts stay readable; the name is cut first.
    let full = format!(" {name} {counts} ‼ over WIP ");
    let short = format!(" {name} {counts} ‼ ");
    if width(&full) <= room {
        return full;
    }
    if width(&short) <= room {
        return short;
    }
    let tail = format!(" {counts} ‼ ");
    format!(
        " {}{tail}",
        fit(&name, room.saturating_sub(width(&tail) + 1))
    )
}

fn draw_column(column: &Column, look: ColumnLook, theme: &Theme, frame: &mut Frame, area: Rect) {
    let room = usize::from(area.width.saturating_sub(2));
    let title = column_title(column, &look, room);
    let below = column
        .count
        .saturating_sub(column.scroll + column.cards.len());
    let border_set = if look.selected {
        border::THICK
    } else {
        border::ROUNDED
    };
    let mut block = Block::bordered()
        .border_set(border_set)
        .border_style(theme.column_border(look.selected, column.over_wip()));
    if look.more_left {
        block = block.title(Line::styled("◀", theme.heading()));
    }
    block = block.title(Line::styled(title, theme.column_title(look.selected)));
    if look.more_right {
        block = block.title(Line::styled(" ▶", theme.heading()).right_aligned());
    }
    if let Some(note) = super::more_note(column.scroll, below, theme) {
        block = block.title_bottom(note);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if column.count == 0 {
        if inner.height > 0 {
            let empty = if look.selected {
                format!(" (empty: {} adds one)", look.new_key)
            } else {
                " (empty)".to_string()
            };
            frame.render_widget(
                Line::styled(fit(&empty, usize::from(inner.width)), theme.dim()),
                Rect { height: 1, ..inner },
            );
        }
        return;
    }
    for (k, card) in column.cards.iter().enumerate() {
        let top = inner.y + k as u16 * look.card_rows;
        if top + look.card_lines > inner.y + inner.height {
            break;
        }
        let is_selected = look.selected && column.scroll + k == column.selected;
        for (row, line) in card_lines(
            look.dor,
            card,
            is_selected,
            look.card_lines,
            inner.width,
            theme,
        )
        .into_iter()
        .enumerate()
        {
            let rect = Rect {
                x: inner.x,
                y: top + row as u16,
                width: inner.width,
                height: 1,
            };
            frame.render_widget(line, rect);
        }
    }
}

fn points(card: &Card) -> String {
    let p = |v: Option<u32>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
    format!("{}/{}", p(card.value), p(card.effort))
}

/// A card's lines, each exactly `width` cells so a selected card is one solid block.
fn card_lines(
    dor: &[crate::domain::dor::DorPoint],
    card: &Card,
    selected: bool,
    lines: u16,
    width_cells: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let w = usize::from(width_cells);
    let base = if selected {
        theme.selected()
    } else {
        theme.text()
    };
    let marker = if selected { "▶" } else { " " };
    // The selection is drawn in its own colours alone, so its contrast holds;
    // the id's letter still says the kind.
    let kind_style = if selected {
        base
    } else {
        theme.kind(card.kind)
    };
    let meta_style = if selected { base } else { theme.dim() };
    // Split items show their progress where the DoR would be: past Ready, the
    // DoR is met, and the room asks how far the teams are.
    let dor_label = if card.progress.total > 0 && lines < 4 {
        format!(" {}", card.progress.gauge(2).replace(' ', ""))
    } else {
        format!(
            " {}",
            crate::domain::dor::DorState::of(dor, &card.dor_met).label()
        )
    };
    let code = card.code();
    let pts = points(card);
    let gap = w.saturating_sub(1 + width(&code) + width(&dor_label) + width(&pts) + 1);
    let first = if gap == 0 {
        Line::from(vec![
            Span::styled(marker, base),
            Span::styled(fit(&code, w.saturating_sub(1)), kind_style),
        ])
    } else {
        Line::from(vec![
            Span::styled(marker, base),
            Span::styled(code, kind_style),
            Span::styled(dor_label, base),
            Span::styled(" ".repeat(gap), base),
            Span::styled(format!("{pts} "), base),
        ])
    };
    let title_lines = if lines >= 4 { 2 } else { 1 };
    let mut out = vec![first];
    let mut wrapped = wrap(&sanitize(&card.title), w.saturating_sub(2), title_lines);
    wrapped.resize(title_lines, String::new());
    for text in wrapped {
        let pad = w.saturating_sub(1 + width(&text));
        out.push(Line::from(vec![
            Span::styled(" ", base),
            Span::styled(text, base),
            Span::styled(" ".repeat(pad), base),
        ]));
    }
    if lines >= 4 {
        let mut meta = card.kind.label().to_string();
        if !card.releases.is_empty() {
            meta.push_str(" · ");
            meta.push_str(&sanitize(&card.releases.join(", ")));
        }
        // Split items show their teams and progress instead: what the room asks about.
        if card.progress.total > 0 {
            meta = format!("{} {}", card.teams.join(" "), card.progress.gauge(3));
        }
        let meta = fit(&meta, w.saturating_sub(2));
        let pad = w.saturating_sub(1 + width(&meta));
        out.push(Line::from(vec![
            Span::styled(" ", base),
            Span::styled(meta, meta_style),
            Span::styled(" ".repeat(pad), base),
        ]));
    }
    out
}
