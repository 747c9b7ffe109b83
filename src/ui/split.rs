//! The split dialog: one row per team item to create, edited in place.

use crate::app::keymap::Keymap;
use crate::app::{Action, Table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{SplitField, SplitPanel};
use crate::domain::text::{fit, sanitize, width};
use crate::theme::Theme;

pub fn draw(p: &SplitPanel, keymap: &Keymap, theme: &Theme, frame: &mut Frame, area: Rect) {
    let height = (p.rows.len() as u16 + 8).min(area.height);
    let rect = super::centered(
        area,
        area.width
            .saturating_sub(2)
            .min((area.width * 3 / 4).max(120)),
        height,
    );
    let inner_w = usize::from(rect.width.saturating_sub(4));
    let mut lines = vec![
        Line::raw(fit(
            &format!("{}  {}", p.code, sanitize(&p.parent_title)),
            inner_w,
        )),
        Line::raw(""),
        Line::styled(
            fit("   #  Team    Type        Effort  Title", inner_w),
            theme.heading(),
        ),
    ];
    let title_w = inner_w.saturating_sub(36);
    for (i, r) in p.rows.iter().enumerate() {
        let here = i == p.row;
        let cell = |field: SplitField, text: String, w: usize| -> Span<'static> {
            let focused = here && p.field == field;
            // A text field being typed in shows its cursor and keeps it in view.
            let shown = match field {
                SplitField::Title if focused => super::field_text(&r.title, w),
                SplitField::Effort if focused => super::field_text(&r.effort, w),
                _ => fit(&text, w),
            };
            let pad = w.saturating_sub(width(&shown));
            let text = format!("{shown}{}", " ".repeat(pad));
            if focused {
                Span::styled(text, theme.selected())
            } else {
                Span::raw(text)
            }
        };
        let team = p
            .teams
            .get(r.team)
            .map_or_else(|| "?".to_string(), |t| t.code.clone());
        lines.push(Line::from(vec![
            Span::raw(format!("{} {:>2}  ", if here { "▶" } else { " " }, i + 1)),
            cell(SplitField::Team, format!("◀{team}▶"), 7),
            Span::raw(" "),
            cell(SplitField::Type, r.item_type.as_str().to_string(), 10),
            Span::raw("  "),
            cell(SplitField::Effort, r.effort.text().to_string(), 6),
            Span::raw("  "),
            cell(SplitField::Title, sanitize(r.title.text()), title_w),
        ]));
    }
    let key = |a: Action| keymap.key(Table::Split, a);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit(
            &format!(
                "{} field · {} team/type · {} add row · {} remove · {} template · {} create all · {} cancel",
                key(Action::NextField),
                keymap.arrows(Table::Split, Action::SelectLeft, Action::SelectRight),
                key(Action::AddRow),
                key(Action::RemoveRow),
                key(Action::Template),
                key(Action::Confirm),
                key(Action::Close),
            ),
            inner_w,
        ),
        theme.dim(),
    ));
    let title = fit(
        &format!(" Split {} into team items ", p.code),
        usize::from(rect.width.saturating_sub(2)),
    );
    super::panel(frame, rect, title, lines, theme);
}
