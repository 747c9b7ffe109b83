//! The new-item form (`n`, `N`): kind, title, value, effort, and where the
//! item will land. The focused field is marked with `▶` and reversed, not by
//! colour alone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::form::FormTarget;
use crate::app::keymap::Keymap;
use crate::app::{Action, FormField, ItemForm, Table};
use crate::domain::text::{fit, sanitize, width};
use crate::theme::Theme;

pub fn draw(
    f: &ItemForm,
    portfolio_kinds: &[String],
    templates: &[crate::domain::template::Template],
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let portfolio = f.target == FormTarget::Portfolio;
    // Wider on a wide screen, so long titles stay readable; never wider than it.
    // Wide enough for its hints on an 80-column screen, never wider than it.
    let w = (area.width * 2 / 3)
        .clamp(60, 150)
        .max(area.width.saturating_sub(4).min(76))
        .min(area.width);
    let rect = super::centered(area, w, 10);
    let inner = usize::from(rect.width.saturating_sub(4));
    let value_w = inner.saturating_sub(11);
    let row = |field: FormField, shown: String| -> Line<'static> {
        let focused = f.focus == field;
        let marker = if focused { "▶" } else { " " };
        let label = Span::styled(format!("{marker}{:<9}", field.label()), theme.heading());
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
    let kind = if portfolio {
        portfolio_kinds
            .get(f.portfolio_kind)
            .map_or("system", String::as_str)
    } else {
        f.kind.as_str()
    };
    let mut lines = vec![
        row(FormField::Kind, format!("◀ {} ▶", sanitize(kind))),
        row(FormField::Title, text(FormField::Title, &f.title)),
        row(FormField::Value, text(FormField::Value, &f.value)),
    ];
    if !portfolio {
        lines.push(row(FormField::Effort, text(FormField::Effort, &f.effort)));
    }
    lines.push(row(
        FormField::Template,
        format!(
            "◀ {} ▶",
            f.template
                .checked_sub(1)
                .and_then(|i| templates.get(i))
                .map_or("none", |t| t.label.as_str())
        ),
    ));
    lines.push(Line::raw(""));
    match &f.problem {
        Some(p) => lines.push(Line::styled(
            fit(&format!("⚠ {}", sanitize(p)), inner),
            theme.warning(),
        )),
        None => lines.push(Line::styled(
            fit(
                if portfolio {
                    "Value is optional. E then writes its description, owner and business case."
                } else {
                    "Value and effort are optional: poker (v, e) can set them later."
                },
                inner,
            ),
            theme.dim(),
        )),
    }
    let key = |a: Action| keymap.key(Table::Form, a);
    lines.push(Line::styled(
        fit(
            &format!(
                "{} field · {} kind, template · {} create · {} cancel",
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
