//! The cluster Kanban board: one bordered column per state, cards in cluster rank.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::app::{App, Column};
use crate::domain::Card;
use crate::domain::dor::DorState;
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

/// A column's title: its name, count and WIP limit, and `‼ over WIP` when it is
/// over. The name is cut first: the counts always stay.
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
    let tails: Vec<String> = if column.over_wip() {
        vec![format!(" {counts} ‼ over WIP "), format!(" {counts} ‼ ")]
    } else {
        vec![format!(" {counts} ")]
    };
    for tail in &tails {
        if width(&format!(" {name}{tail}")) <= room {
            return format!(" {name}{tail}");
        }
    }
    let tail = tails.last().map_or("", String::as_str);
    let name_room = room.saturating_sub(width(tail) + 1);
    if name_room < 2 {
        return fit(tail, room);
    }
    format!(" {}{tail}", fit(&name, name_room))
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

/// The first line's words between the id and the points, longest form first:
/// the `DoR` (`✓6/6`, `2/6`) and, for a split item, its teams' progress
/// (`▰▱0/3`). Narrower forms keep both: `✓` for a met `DoR`, one gauge cell.
fn badges(dor: DorState, card: &Card) -> Vec<String> {
    let split = card.progress.total > 0;
    let gauge = |cells: usize| card.progress.gauge(cells).replace(' ', "");
    let full = dor.label();
    let short = if dor.is_met() {
        "✓".to_string()
    } else {
        full.clone()
    };
    if split {
        vec![
            format!(" {full} {}", gauge(2)),
            format!(" {full} {}", gauge(1)),
            format!(" {short} {}", gauge(1)),
            format!(" {short}{}", gauge(1)),
        ]
    } else {
        vec![format!(" {full}"), format!(" {short}")]
    }
}

/// A card's lines, each exactly `width` cells so a selected card is one solid
/// block: the id with its `DoR`, progress and points; the title, wrapped onto
/// every line left; then, on roomy cards, the kind and releases, and the teams.
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
    let code = card.code();
    let pts = points(card);
    let state = DorState::of(dor, &card.dor_met);
    let room = w.saturating_sub(1 + width(&code) + 1 + width(&pts) + 1);
    let forms = badges(state, card);
    let badge = forms.iter().find(|b| width(b) <= room);
    // Too narrow for the points beside them: the DoR and progress stay, the points go.
    let (badge, pts) = match badge {
        Some(b) => (Some(b.clone()), pts),
        None => (
            forms
                .last()
                .filter(|b| width(b) + width(&code) + 2 <= w)
                .cloned(),
            String::new(),
        ),
    };
    let badge = badge.unwrap_or_default();
    let gap = w.saturating_sub(1 + width(&code) + width(&badge) + width(&pts) + 1);
    let first = Line::from(vec![
        Span::styled(marker, base),
        Span::styled(fit(&code, w.saturating_sub(1)), kind_style),
        Span::styled(badge, base),
        Span::styled(" ".repeat(gap), base),
        Span::styled(
            if pts.is_empty() {
                " ".to_string()
            } else {
                format!("{pts} ")
            },
            base,
        ),
    ]);
    let mut meta = Vec::new();
    if lines >= 4 {
        let mut kind = card.kind.label().to_string();
        if !card.releases.is_empty() {
            kind.push_str(" · ");
            kind.push_str(&sanitize(&card.releases.join(", ")));
        }
        let teams = (card.progress.total > 0)
            .then(|| format!("{} {}", card.progress.gauge(3), card.teams.join(" ")));
        match teams {
            // Four lines: the teams, what the room asks about first.
            Some(t) if lines == 4 => meta.push(t),
            Some(t) => {
                meta.push(kind);
                meta.push(t);
            }
            None => meta.push(kind),
        }
    }
    let title_lines = usize::from(lines.saturating_sub(1))
        .saturating_sub(meta.len())
        .max(1);
    let mut out = vec![first];
    // The portfolio item it comes from, dim before the title, as in the
    // backlog; wrapped with the title, so no word of it is lost to the tag.
    let tag = card.portfolio.map(|p| format!("{} ", p.code()));
    let text = format!("{}{}", tag.as_deref().unwrap_or(""), sanitize(&card.title));
    let mut wrapped = wrap(&text, w.saturating_sub(2), title_lines);
    wrapped.resize(title_lines, String::new());
    let mut tag = tag;
    if let (Some(t), Some(first)) = (tag.clone(), wrapped.first_mut()) {
        if let Some(rest) = first.strip_prefix(t.as_str()) {
            *first = rest.to_string();
        } else if first.trim_end() == t.trim_end() {
            // A long first word (a CJK title has no spaces) goes below the tag.
            first.clear();
        } else {
            // Too narrow for the tag and a word: the title alone.
            wrapped = wrap(&sanitize(&card.title), w.saturating_sub(2), title_lines);
            wrapped.resize(title_lines, String::new());
            tag = None;
        }
    }
    let mut row = |tag: Option<&str>, text: String, style| {
        let tag = tag.unwrap_or_default();
        let text = fit(&text, w.saturating_sub(2 + width(tag)));
        let pad = w.saturating_sub(1 + width(tag) + width(&text));
        out.push(Line::from(vec![
            Span::styled(" ", base),
            Span::styled(tag.to_string(), meta_style),
            Span::styled(text, style),
            Span::styled(" ".repeat(pad), base),
        ]));
    };
    for (i, text) in wrapped.into_iter().enumerate() {
        row(tag.as_deref().filter(|_| i == 0), text, base);
    }
    for m in meta {
        row(None, m, meta_style);
    }
    out
}
