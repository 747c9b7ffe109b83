//! Drawing. Every function here reads `App` and draws; none queries the
//! database or changes state.

mod archive;
mod backlog;
mod bigtext;
mod board;
mod dor;
mod facts;
mod focus;
mod form;
mod help;
mod item;
mod output;
mod poker;
mod portfolio;
mod releases;
mod reports;
mod split;
mod suggest;
mod teams;
mod timebox;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::app::field::TextField;
use crate::app::layout::FOOTER_ROWS;
use crate::app::{Action, App, Level, Mode, Panel, PromptKind, Table, View};
use crate::domain::text::{fit, fit_left, sanitize, width, wrap};
use crate::theme::Theme;

pub fn render(app: &App, frame: &mut Frame) {
    let theme = &app.screen.theme;
    // RGB themes paint the whole screen; the terminal theme leaves its colours be.
    let whole = frame.area();
    frame.buffer_mut().set_style(whole, theme.text());
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(app.header_rows()),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(FOOTER_ROWS - 1),
    ])
    .areas(frame.area());

    draw_header(app, theme, frame, header);
    match (&app.screen.focus, app.view) {
        (Some(f), _) => focus::draw(app, f, theme, frame, body),
        (None, View::Board) => board::draw(app, theme, frame, body),
        (None, View::Backlog) => backlog::draw(app, theme, frame, body),
        (None, View::Teams) => teams::draw(app, theme, frame, body),
        (None, View::Releases) => releases::draw(app, theme, frame, body),
        (None, View::Portfolio) => portfolio::draw(app, theme, frame, body),
        (None, View::Reports) => reports::draw(app, theme, frame, body),
    }
    // A line being typed that was refused keeps its text, with the reason
    // below it in place of the hints.
    let typing = app.command_line.is_some() || app.prompt.is_some();
    if typing && app.status.level != Level::Info {
        draw_status(app, theme, frame, status);
        draw_message(app, theme, frame, hints);
    } else if draw_status(app, theme, frame, status.union(hints)) < 2 {
        // A long message takes the hint row too, so it is never cut off mid-sentence.
        draw_hints(app, theme, frame, hints);
    }

    match &app.panel {
        Some(Panel::Help(scroll)) => help::draw(*scroll, &app.keymap, theme, frame, body),
        Some(Panel::Item(p)) => item::draw(app, p, &app.keymap, theme, frame, body),
        Some(Panel::Poker(p)) => poker::draw(p, &app.config.deck, &app.keymap, theme, frame, body),
        Some(Panel::Dor(p)) => dor::draw(p, &app.keymap, theme, frame, body),
        Some(Panel::Suggest(p)) => suggest::draw(p, app.total_items, theme, frame, body),
        Some(Panel::Split(p)) => split::draw(p, &app.keymap, theme, frame, body),
        Some(Panel::Releases(p)) => releases::draw_picker(p, &app.keymap, theme, frame, body),
        Some(Panel::Archive(p)) => archive::draw(app, p, theme, frame, body),
        Some(Panel::Output(p)) => output::draw(p, &app.keymap, theme, frame, body),
        Some(Panel::Form(f)) => form::draw(
            f,
            &app.config.portfolio_kinds,
            &app.config.templates,
            &app.keymap,
            theme,
            frame,
            body,
        ),
        Some(Panel::PortfolioItem(d)) => portfolio::draw_detail(d, &app.keymap, theme, frame, body),
        None => {}
    }
}

/// The title bar: the views as tabs, where the board comes from, and the item
/// count (or the filter). On a narrow screen the other tabs shrink to their
/// digits and the source is cut from the left, so the file's name and the
/// demo's "not saved" always show.
fn draw_header(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let area = match timebox::draw(app, theme, frame, area) {
        Some(bar) => bar,
        None => area,
    };
    let w = usize::from(area.width);
    let right = if app.filter.is_empty() {
        format!(
            "{} item{} · ? keys ",
            app.total_items,
            if app.total_items == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "/{} · {} of {} · {} clears ",
            sanitize(&app.filter.describe()),
            app.shown_items,
            app.total_items,
            app.keymap.normal(Action::Close)
        )
    };
    // The current cycle and where it stands, in words, before the counts.
    let right = match &app.cycle {
        Some(c) if w >= 120 => format!("{} · {right}", sanitize(&c.said)),
        // Narrow: the counts lose their "? keys" (the hint line names it).
        Some(c) if app.filter.is_empty() => {
            format!("{} · {} items ", sanitize(&c.short), app.total_items)
        }
        Some(c) => format!("{} · {right}", sanitize(&c.short)),
        None => right,
    };
    // A one-row header keeps a running timebox beside the counts.
    let right = match app.timebox_clock() {
        Some((clock, up)) if area.height == 1 && app.header_rows() == 1 => {
            let code = app.screen.timebox.as_ref().map_or("", |t| t.code.as_str());
            let mark = if up { "⏰ TIME UP" } else { "⏱" };
            format!("{mark} {clock} {code} · {right}")
        }
        _ => right,
    };
    let right = fit(&right, w / 2);
    let tabs = |compact: bool| -> Vec<(String, bool)> {
        View::ALL
            .iter()
            .enumerate()
            .map(|(i, view)| {
                let here = *view == app.view;
                let text = match (here, compact) {
                    (true, _) => format!("[{} {}]", i + 1, view.title()),
                    (false, false) => format!(" {} {} ", i + 1, view.title()),
                    (false, true) => format!("{}", i + 1),
                };
                (text, here)
            })
            .collect()
    };
    let brand = " clusterboard ";
    let source = sanitize(&app.source);
    let tabs_width = |t: &[(String, bool)]| t.iter().map(|(x, _)| width(x) + 1).sum::<usize>();
    let full = tabs(false);
    let short = tabs(true);
    // Full tabs while the end of the source (its file name) fits beside
    // them, the path cut from the left; else digits.
    let source_room = width(&source).min(28);
    let need =
        |t: &[(String, bool)]| width(brand) + tabs_width(t) + 2 + source_room + width(&right);
    let tabs = if need(&full) <= w { full } else { short };
    let mut spans = vec![Span::styled(brand, theme.bar_accent())];
    let mut used = width(brand);
    for (text, here) in tabs {
        used += width(&text) + 1;
        let style = if here {
            theme.bar_accent()
        } else {
            theme.bar()
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::styled(" ", theme.bar()));
    }
    let room = w.saturating_sub(used + width(&right) + 1);
    // A narrow header cuts the path from the left, never the warning at its end.
    let shown = match app.access {
        Some(access) => fit_left(&format!("· {source} · {access}"), room),
        None => fit_left(&format!("· {source}"), room),
    };
    used += width(&shown);
    // The demo's warning keeps its own style, so it reads as one.
    let warning = "not saved";
    match shown.strip_suffix(warning) {
        Some(head) if app.demo => {
            spans.push(Span::styled(head.to_string(), theme.bar()));
            spans.push(Span::styled(warning, theme.bar_warning()));
        }
        _ => spans.push(Span::styled(shown, theme.bar())),
    }
    let pad = w.saturating_sub(used + width(&right));
    spans.push(Span::styled(" ".repeat(pad), theme.bar()));
    if used + width(&right) <= w {
        spans.push(Span::styled(right, theme.bar()));
    }
    frame.render_widget(Line::from(spans), area);
}

/// Draws the status message (or the rank prompt); returns how many rows it took.
fn draw_status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> u16 {
    let (text, style) = if let Some(line) = &app.command_line {
        (
            format!(":{}", field_text(&line.field, usize::from(area.width) * 2)),
            theme.heading(),
        )
    } else if let Some(prompt) = &app.prompt {
        let code = match app.view {
            View::Board => app.selected_card().map(super::domain::item::Card::code),
            View::Backlog => app.backlog.selected_row().map(|r| r.item.code()),
            View::Teams => app.teams.selected_row().map(|r| r.item.code()),
            View::Releases | View::Reports => None,
            View::Portfolio => match app.portfolio.selected_row() {
                Some(crate::app::PortfolioRow::Item { item, .. }) => Some(item.code()),
                Some(crate::app::PortfolioRow::Derived { row, .. }) => Some(row.item.code()),
                None => None,
            },
        }
        .unwrap_or_default();
        let about = match prompt.kind {
            PromptKind::Team | PromptKind::Parent => format!(" {code}"),
            PromptKind::Requester => match &app.panel {
                Some(Panel::Item(d)) => format!(" {}", d.item.code()),
                _ => String::new(),
            },
            PromptKind::Filter if app.filter_waiting() => {
                format!(" (reading the titles of {} items…)", app.total_items)
            }
            PromptKind::Filter => String::new(),
            PromptKind::Title => format!(" of {code}"),
            PromptKind::Rank if app.view == View::Portfolio => {
                format!(" {code} (1–{})", app.portfolio.items)
            }
            PromptKind::Rank if app.view == View::Teams => {
                format!(" {code} (1–{})", app.teams.count)
            }
            PromptKind::Rank => format!(" {code} (1–{})", app.total_items),
            PromptKind::Wsjf => format!(" of {code}"),
        };
        (
            format!(
                "{}{about}: {}  {}",
                prompt.label(),
                field_text(&prompt.field, usize::from(area.width) * 2),
                prompt.hint(&app.keymap)
            ),
            theme.heading(),
        )
    } else {
        message(app, theme)
    };
    let lines = wrap(
        &text,
        usize::from(area.width.saturating_sub(1)),
        usize::from(area.height),
    );
    for (i, line) in lines.iter().enumerate() {
        let row = Rect {
            y: area.y + i as u16,
            height: 1,
            ..area
        };
        frame.render_widget(Line::styled(format!(" {line}"), style), row);
    }
    lines.len() as u16
}

/// The status line's message and its style, a warning or an error named so.
fn message(app: &App, theme: &Theme) -> (String, ratatui::style::Style) {
    let (prefix, style) = match app.status.level {
        Level::Info => ("", theme.text()),
        Level::Warning => ("Warning: ", theme.warning()),
        Level::Error => ("Error: ", theme.error()),
    };
    (format!("{prefix}{}", sanitize(&app.status.text)), style)
}

/// The message alone on one row, cut to fit.
fn draw_message(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (text, style) = message(app, theme);
    let text = crate::domain::text::fit(&text, usize::from(area.width.saturating_sub(1)));
    frame.render_widget(Line::styled(format!(" {text}"), style), area);
}

/// The few keys that matter now, named by the keymap.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    let km = &app.keymap;
    let mode = app.mode();
    let t = Table::of(mode);
    let key = |a: Action| km.key(t, a);
    let pair = |a: Action, b: Action| km.pair(t, a, b);
    match mode {
        Mode::Normal if app.view == View::Releases => vec![
            (pair(Action::SelectDown, Action::SelectUp), "release"),
            (key(Action::AcceptRelease), "accept"),
            (key(Action::ShipRelease), "release"),
            (key(Action::Undo), "undo"),
            (key(Action::NextView), "view"),
            (key(Action::ToggleHelp), "keys"),
        ],
        Mode::Normal if app.view == View::Reports => vec![
            (pair(Action::SelectLeft, Action::SelectRight), "chart"),
            (pair(Action::SelectDown, Action::SelectUp), "release"),
            (key(Action::NextView), "view"),
            (key(Action::ToggleHelp), "keys"),
        ],
        Mode::Normal if app.view == View::Portfolio => vec![
            (key(Action::Toggle), "open"),
            (pair(Action::RankUp, Action::RankDown), "rank"),
            (pair(Action::MoveCardLeft, Action::MoveCardRight), "state"),
            (key(Action::Derive), "derive"),
            (key(Action::NewItem), "new"),
            (key(Action::OpenItem), "details"),
            (key(Action::EditInEditor), "edit"),
            (key(Action::Undo), "undo"),
            (key(Action::NextView), "view"),
            (key(Action::ToggleHelp), "keys"),
        ],
        Mode::Normal if app.view == View::Teams => vec![
            (pair(Action::SelectLeft, Action::SelectRight), "team"),
            (pair(Action::MoveCardLeft, Action::MoveCardRight), "state"),
            (pair(Action::RankUp, Action::RankDown), "rank"),
            (key(Action::MoveToTeam), "to team"),
            (key(Action::Reparent), "to parent"),
            (key(Action::OpenItem), "parent"),
            (key(Action::Undo), "undo"),
            (key(Action::NextView), "view"),
            (key(Action::ToggleHelp), "keys"),
        ],
        Mode::Normal => {
            let mut h = vec![
                (pair(Action::RankUp, Action::RankDown), "rank"),
                (pair(Action::MoveCardLeft, Action::MoveCardRight), "column"),
                (key(Action::PokerValue), "value"),
                (key(Action::PokerEffort), "effort"),
                (key(Action::OpenDor), "DoR"),
                (key(Action::Undo), "undo"),
                (key(Action::NextView), "view"),
                (key(Action::ToggleHelp), "keys"),
                (key(Action::Quit), "quit"),
            ];
            if app.refused.is_some() {
                h.insert(0, (key(Action::ForceMove), "move anyway"));
            }
            h
        }
        Mode::Poker { revealed: false } => vec![
            ("0-9 ?".to_string(), "type a card (hidden)"),
            (key(Action::Confirm), "vote"),
            (key(Action::NameVoter), "name"),
            (key(Action::Back), "take back"),
            (key(Action::Reveal), "reveal"),
            (key(Action::Close), "cancel"),
        ],
        Mode::Poker { revealed: true } => vec![
            (
                km.arrows(t, Action::SelectLeft, Action::SelectRight),
                "agreed card",
            ),
            (key(Action::Confirm), "set it"),
            (key(Action::Close), "cancel"),
        ],
        Mode::Dor => vec![
            (pair(Action::SelectDown, Action::SelectUp), "point"),
            (key(Action::Toggle), "tick"),
            (key(Action::Close), "close"),
        ],
        Mode::Suggest { confirming: false } => vec![
            (pair(Action::SelectDown, Action::SelectUp), "scroll"),
            (key(Action::Apply), "apply"),
            (key(Action::Close), "close"),
        ],
        Mode::Suggest { confirming: true } => {
            vec![
                (key(Action::Yes), "apply"),
                (key(Action::No), "keep the order"),
            ]
        }
        Mode::Typing => vec![
            (key(Action::Confirm), "done"),
            (key(Action::Close), "cancel"),
        ],
        Mode::Archive => vec![
            (pair(Action::SelectDown, Action::SelectUp), "item"),
            (key(Action::Confirm), "restore"),
            (key(Action::Close), "close"),
        ],
        Mode::Picker => vec![
            (pair(Action::SelectDown, Action::SelectUp), "release"),
            (key(Action::Toggle), "plan / take out"),
            (key(Action::Close), "close"),
        ],
        Mode::ConfirmShip => vec![
            (key(Action::Yes), "release it"),
            (key(Action::No), "keep it"),
        ],
        Mode::Split => vec![
            (key(Action::NextField), "field"),
            (key(Action::AddRow), "add row"),
            (key(Action::Template), "template"),
            (key(Action::Confirm), "create all"),
            (key(Action::Close), "cancel"),
        ],
        Mode::Help => vec![
            (pair(Action::SelectDown, Action::SelectUp), "scroll"),
            (key(Action::Close), "close"),
        ],
        Mode::Command => match app
            .command_line
            .as_ref()
            .and_then(|l| l.completion.as_ref())
        {
            // Tab again steps through these; the one shown is marked.
            Some(c) => c
                .candidates
                .iter()
                .enumerate()
                .map(|(i, cand)| {
                    let mark = if i == c.index { "▸" } else { "" };
                    (format!("{mark}{}", sanitize(cand)), "")
                })
                .collect(),
            None => app.command_hints(),
        },
        Mode::Form => vec![
            (key(Action::NextField), "field"),
            (
                km.arrows(t, Action::SelectLeft, Action::SelectRight),
                "kind",
            ),
            (key(Action::Confirm), "create"),
            (key(Action::Close), "cancel"),
        ],
        Mode::Confirm => {
            let mut h = vec![(key(Action::Yes), "yes")];
            if matches!(
                app.confirm,
                Some(crate::app::Confirm::Archive {
                    deletable: true,
                    ..
                })
            ) {
                h.push((key(Action::Delete), "delete for good"));
            }
            h.push((key(Action::No), "no"));
            h
        }
        Mode::Output => vec![
            (pair(Action::SelectDown, Action::SelectUp), "scroll"),
            (key(Action::Close), "close"),
        ],
        Mode::Item if matches!(app.panel, Some(Panel::PortfolioItem(_))) => vec![
            (pair(Action::SelectUp, Action::SelectDown), "scroll"),
            (key(Action::EditInEditor), "edit"),
            (key(Action::Close), "close"),
        ],
        Mode::Item => vec![
            (pair(Action::SelectDown, Action::SelectUp), "scroll"),
            (key(Action::AddRequester), "requested by"),
            (key(Action::EditInEditor), "edit"),
            (key(Action::Focus), "focus"),
            (key(Action::Close), "close"),
        ],
        Mode::Focus => vec![
            (
                pair(Action::NextItem, Action::PreviousItem),
                "next/previous",
            ),
            (pair(Action::SelectDown, Action::SelectUp), "scroll"),
            (key(Action::PokerValue), "value"),
            (key(Action::PokerEffort), "effort"),
            (key(Action::OpenDor), "DoR"),
            (key(Action::NextTheme), "theme"),
            (key(Action::Close), "back"),
        ],
    }
}

fn draw_hints(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (keys, what) in hints(app) {
        let need = width(&keys) + 1 + what.len() + 2;
        if used + need > usize::from(area.width) {
            break;
        }
        used += need;
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    frame.render_widget(Line::from(spans), area);
}

/// `↑3 ↓12 more` for a list scrolled past rows above and below, if any.
pub(crate) fn more_note(above: usize, below: usize, theme: &Theme) -> Option<Line<'static>> {
    let mut more = Vec::new();
    if above > 0 {
        more.push(format!("↑{above}"));
    }
    if below > 0 {
        more.push(format!("↓{below}"));
    }
    (!more.is_empty())
        .then(|| Line::styled(format!(" {} more ", more.join(" ")), theme.dim()).right_aligned())
}

/// Where a scrolled list stands: its length, selected index and first row shown.
#[derive(Clone, Copy)]
pub(crate) struct ListPlace {
    pub count: usize,
    pub selected: usize,
    pub scroll: usize,
}

/// Draws a bordered table of the rows on screen with the selected one marked
/// (reversed and `▶`, not colour alone), or says what to do when it is empty.
pub(crate) fn draw_list(
    frame: &mut Frame,
    area: Rect,
    table: ratatui::widgets::Table,
    place: ListPlace,
    empty: &str,
    theme: &Theme,
) {
    use ratatui::widgets::{HighlightSpacing, TableState};
    let table = table
        .column_spacing(1)
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶")
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default();
    if place.count > 0 {
        state.select(Some(place.selected.saturating_sub(place.scroll)));
    }
    frame.render_stateful_widget(table, area, &mut state);
    if place.count == 0 {
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: 1,
        };
        frame.render_widget(Line::styled(empty.to_string(), theme.dim()), inner);
    }
}

/// A bordered panel over the view: cleared, titled, wrapped text inside.
pub(crate) fn panel(frame: &mut Frame, rect: Rect, title: String, lines: Vec<Line>, theme: &Theme) {
    use ratatui::widgets::{Block, Padding, Paragraph, Wrap};
    clear(frame, rect, theme);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(title)
                .border_style(theme.panel_border())
                .padding(Padding::horizontal(1)),
        ),
        rect,
    );
}

/// Empties a rectangle for a panel, in the theme's own background.
pub(crate) fn clear(frame: &mut Frame, rect: Rect, theme: &Theme) {
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.buffer_mut().set_style(rect, theme.text());
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A text field as typed into: `▏` at the cursor, scrolled so the cursor stays
/// in view within `w` columns, sanitised like every other text.
pub(crate) fn field_text(field: &TextField, w: usize) -> String {
    let (before, after) = field.split_at_cursor();
    let (before, after) = (sanitize(before), sanitize(after));
    let whole = format!("{before}▏{after}");
    if width(&whole) <= w {
        return whole;
    }
    // Keep the cursor in view: the end of what stands before it, then what fits after.
    let room_before = if after.is_empty() {
        w.saturating_sub(2)
    } else {
        w.saturating_sub(2) / 2
    };
    let mut tail = String::new();
    for c in before.chars().rev() {
        let mut next = c.to_string();
        next.push_str(&tail);
        if width(&next) > room_before {
            break;
        }
        tail = next;
    }
    let lead = if tail.len() < before.len() { "…" } else { "" };
    let used = width(lead) + width(&tail) + 1;
    format!("{lead}{tail}▏{}", fit(&after, w.saturating_sub(used)))
}
