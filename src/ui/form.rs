//! The new-item form (`n`, `N`): kind, title, value, effort, and where the
//! item will land. The focused field is marked with `▶` and reversed, not by
//! colour alone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::Keymap;
use crate::app::{Action, FormField, ItemForm, Table};
use crate::domain::text::{fit, sanitize, width};
use crate::theme::Theme;

pub fn draw(f: &ItemForm, keymap: &Keymap, theme: &Theme, frame: &mut Frame, area: Rect) {
    // Wider on a wide screen, so long titles stay readable; never wider than it.
    let w = (area.width * 2 / 3).clamp(60, 150).min(area.width);
    let rect = super::centered(area, w, 9);
    let inner = usize::from(rect.width.saturating_sub(4));
    let value_w = inner.saturating_sub(10);
    let row = |field: FormField, shown: String| -> Line<'static> {
        let focused = f.focus == field;
        let marker = if focused { "▶" } else { " " };
        let label = Span::styled(format!("{marker}{:<8}", field.label()), theme.heading());
        let pad = value_w.saturating_sub(width(&shown));
        let value = format!("{shown}{}", " ".repeat(pad));
        let style = if focused {
            theme.selected()
        } else {
            theme.text()
        };
        Line::from(vec![label, Span::styled(value, style)])
    };
    let text = |field: FormField, t: &crate::app::field::TextField| {
        if f.focus == field {
            super::field_text(t, value_w)
        } else {
            fit(&sanitize(t.text()), value_w)
        }
    };
    let mut lines = vec![
        row(FormField::Kind, format!("◀ {} ▶", f.kind.as_str())),
        row(FormField::Title, text(FormField::Title, &f.title)),
        row(FormField::Value, text(FormField::Value, &f.value)),
        row(FormField::Effort, text(FormField::Effort, &f.effort)),
        Line::raw(""),
    ];
    match &f.problem {
        Some(p) => lines.push(Line::styled(
            fit(&format!("⚠ {}", sanitize(p)), inner),
            theme.warning(),
        )),
        None => lines.push(Line::styled(
            fit(
                "Value and effort are optional: poker (v, e) can set them later.",
                inner,
            ),
            theme.dim(),
        )),
    }
    let key = |a: Action| keymap.key(Table::Form, a);
    lines.push(Line::styled(
        fit(
            &format!(
                "{} field · {} kind · {} create · {} cancel",
                key(Action::NextField),
                keymap.arrows(Table::Form, Action::SelectLeft, Action::SelectRight),
                key(Action::Confirm),
                key(Action::Close)
            ),
            inner,
        ),
        theme.dim(),
    ));
    let title = fit(
        &format!(" New item {} ", sanitize(&f.landing)),
        usize::from(rect.width.saturating_sub(2)),
    );
    super::panel(frame, rect, title, lines, theme);
}
