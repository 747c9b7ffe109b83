//! Focus mode: one item over the whole body, its id drawn big, its title whole,
//! and every fact about it below, in two columns on a wide screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::bigtext::{big, big_width};
use crate::app::facts::laid_out;
use crate::app::{Action, App, Focus, Table};
use crate::domain::dor::DorState;
use crate::domain::score;
use crate::domain::text::fit;
use crate::theme::Theme;

pub fn draw(app: &App, f: &Focus, theme: &Theme, frame: &mut Frame, area: Rect) {
    let layout = app.focus_frame();
    let cols = laid_out(
        &f.facts,
        &app.config,
        app.total_items,
        layout.width,
        layout.two,
    );
    let margin = area.width.saturating_sub(layout.width as u16) / 2;
    let area = Rect {
        x: area.x + margin,
        width: area.width.saturating_sub(2 * margin),
        ..area
    };
    let w = usize::from(area.width);
    let it = &f.facts.item;
    let km = &app.keymap;
    let key = |a: Action| km.key(Table::Focus, a);

    // The id three rows tall, and beside it where the item stands.
    let code = it.code();
    let rows = big(&code);
    let code_w = big_width(&code) + 3;
    let dor = DorState::of(&app.config.dor, &f.facts.dor_met);
    let p = |v: Option<u32>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
    let beside = [
        Line::from(vec![
            Span::styled(code.clone(), theme.kind(it.kind)),
            Span::styled(
                format!(
                    "  {} · rank {} of {} · {}",
                    it.kind.label(),
                    f.facts.rank,
                    app.total_items,
                    it.state.label()
                ),
                theme.heading(),
            ),
        ]),
        Line::styled(
            fit(
                &format!(
                    "DoR {} · value {} · effort {} · score {}",
                    dor.label(),
                    p(it.value),
                    p(it.effort),
                    score::label(score::score(&it.estimates(), app.config.scoring))
                ),
                w.saturating_sub(code_w),
            ),
            theme.text(),
        ),
        Line::styled(
            fit(
                &format!(
                    "{} next · {} previous · {} back",
                    key(Action::NextItem),
                    key(Action::PreviousItem),
                    key(Action::Close)
                ),
                w.saturating_sub(code_w),
            ),
            theme.dim(),
        ),
    ];
    for (i, (big_row, line)) in rows.iter().zip(beside).enumerate() {
        let y = area.y + i as u16;
        if y >= area.y + area.height {
            return;
        }
        frame.render_widget(
            Line::styled(big_row.clone(), theme.kind(it.kind)),
            Rect {
                x: area.x,
                y,
                width: area.width.min(code_w as u16),
                height: 1,
            },
        );
        frame.render_widget(
            line,
            Rect {
                x: area.x + code_w as u16,
                y,
                width: area.width.saturating_sub(code_w as u16),
                height: 1,
            },
        );
    }
    // The title whole, never cut, in the title's style.
    let mut y = area.y + 3;
    for l in cols.head.iter().skip(1) {
        if y >= area.y + area.height {
            return;
        }
        frame.render_widget(
            super::facts::line(l, theme),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        y += 1;
    }
    y += 1;
    let bottom = area.y + area.height;
    if y + 1 >= bottom {
        return;
    }
    let body = Rect {
        y,
        height: bottom - y - 1,
        ..area
    };
    let (above, below) = super::facts::draw_columns(&cols, f.scroll, theme, frame, body);
    let note = super::facts::more(above, below).map_or_else(String::new, |more| {
        format!(
            "{more} · {}/{} scroll · {} a page ",
            km.key(Table::Focus, Action::SelectDown),
            km.key(Table::Focus, Action::SelectUp),
            km.key(Table::Focus, Action::PageDown)
        )
    });
    frame.render_widget(
        Line::styled(note, theme.dim()).right_aligned(),
        Rect {
            y: bottom - 1,
            height: 1,
            ..area
        },
    );
}
