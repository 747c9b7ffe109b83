//! The Reports view: a release burn-up (ratatui `Chart`), the cumulative
//! flow over the board's columns (stacked columns, one fill character per
//! column) and lead and cycle times per kind (a `BarChart` histogram). Every
//! series has its own marker and a legend, so it reads without colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, LegendPosition, Paragraph,
};

use crate::app::{App, ReportTab};
use crate::domain::State;
use crate::domain::forecast::{LEAD_BOUNDS, lead_histogram, percentiles};
use crate::domain::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = &app.reports;
    let tabs: Vec<Span> = ReportTab::ALL
        .iter()
        .flat_map(|&t| {
            let text = if t == r.tab {
                format!("[{}]", t.title())
            } else {
                format!(" {} ", t.title())
            };
            let style = if t == r.tab {
                theme.column_title(true)
            } else {
                theme.column_title(false)
            };
            [Span::styled(text, style), Span::raw(" ")]
        })
        .collect();
    let mut title = vec![Span::styled(" Reports · ", theme.column_title(true))];
    title.extend(tabs);
    let block = Block::bordered()
        .border_style(theme.column_border(true, false))
        .title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match r.tab {
        ReportTab::Burnup => burnup(app, theme, frame, inner),
        ReportTab::Flow => flow(app, theme, frame, inner),
        ReportTab::LeadTime => lead(app, theme, frame, inner),
    }
}

fn say(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(fit(text, usize::from(area.width))).style(theme.dim()),
        area,
    );
}

/// Axis labels at the start, middle and end of `0..=max`.
fn y_labels(max: f64) -> Vec<Line<'static>> {
    vec![
        Line::from("0"),
        Line::from(format!("{:.0}", max / 2.0)),
        Line::from(format!("{max:.0}")),
    ]
}

fn burnup(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = &app.reports;
    let [head, plot] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let Some(rel) = r.releases.get(r.release) else {
        say(
            frame,
            head,
            "No releases yet: `release add Pro 2.3 --target 2027-03-31` adds one.",
            theme,
        );
        return;
    };
    let w = usize::from(head.width);
    let forecast = r.forecast.as_ref().map_or_else(String::new, |f| {
        format!(
            " · {} of {} points done · forecast {}",
            f.done,
            f.planned,
            f.forecast.label()
        )
    });
    // The pace behind the forecast, iteration by iteration, in words.
    let velocity = match r.velocity.mean() {
        Some(mean) => format!(
            "velocity {mean:.0} points per iteration (last {}: {}) · ",
            r.velocity.points.len(),
            r.velocity
                .points
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "no velocity yet · ".to_string(),
    };
    let lines = vec![
        Line::styled(
            fit(
                &format!(
                    "{} · target {}{forecast}",
                    sanitize(&rel.name),
                    rel.target_date.as_deref().unwrap_or("not set")
                ),
                w,
            ),
            theme.heading(),
        ),
        Line::styled(
            fit(
                &format!(
                    "{velocity}release {} of {} ({} ↓/↑) · done and scope at the end of each iteration",
                    r.release + 1,
                    r.releases.len(),
                    app.keymap.pair(
                        crate::app::Table::Normal,
                        crate::app::Action::SelectDown,
                        crate::app::Action::SelectUp
                    )
                ),
                w,
            ),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), head);
    if r.burnup.is_empty() {
        return;
    }
    let scope: Vec<(f64, f64)> = r
        .burnup
        .iter()
        .enumerate()
        .map(|(i, p)| (i as f64, p.scope.max(0) as f64))
        .collect();
    let done: Vec<(f64, f64)> = r
        .burnup
        .iter()
        .enumerate()
        .map(|(i, p)| (i as f64, p.done.max(0) as f64))
        .collect();
    let max = scope
        .iter()
        .chain(&done)
        .map(|p| p.1)
        .fold(1.0_f64, f64::max);
    let last = (r.burnup.len().saturating_sub(1)).max(1) as f64;
    let first_label = r.burnup.first().map_or(String::new(), |p| p.label.clone());
    let last_label = r.burnup.last().map_or(String::new(), |p| p.label.clone());
    let datasets = vec![
        Dataset::default()
            .name("• scope (points planned)")
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(theme.heading())
            .data(&scope),
        Dataset::default()
            .name("█ done (points)")
            .marker(Marker::Block)
            .graph_type(GraphType::Line)
            .style(theme.moved_up())
            .data(&done),
    ];
    let chart = Chart::new(datasets)
        .style(theme.text())
        .x_axis(
            Axis::default()
                .style(theme.dim())
                .bounds([0.0, last])
                .labels(vec![Line::from(first_label), Line::from(last_label)]),
        )
        .y_axis(
            Axis::default()
                .style(theme.dim())
                .bounds([0.0, max])
                .labels(y_labels(max)),
        )
        .legend_position(Some(LegendPosition::TopLeft))
        .hidden_legend_constraints((Constraint::Percentage(90), Constraint::Percentage(90)));
    frame.render_widget(chart, plot);
}

/// The fill character and style of each board column in the flow chart.
fn fill(state: State, theme: &Theme) -> (char, Style) {
    match state {
        State::Funnel => ('·', theme.dim()),
        State::Analysis => (':', theme.text()),
        State::Ready => ('░', theme.heading()),
        State::Planned => ('▒', theme.key()),
        State::Implementing => ('▓', theme.moved_up()),
        State::Review => ('█', theme.warning()),
        State::Done => ('#', theme.added()),
        State::Released => ('=', theme.title()),
    }
}

fn flow(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = &app.reports;
    let states: Vec<State> = app.columns.iter().map(|c| c.config.state).collect();
    let legend_rows = if area.width >= 120 { 1 } else { 2 };
    let [chart, axis, legend] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(legend_rows),
    ])
    .areas(area);
    if r.flow.is_empty() {
        say(frame, chart, "No history yet.", theme);
        return;
    }
    let index = |s: State| State::ALL.iter().position(|&x| x == s).unwrap_or(0);
    let total = |d: &crate::store::FlowDay| -> i64 {
        states
            .iter()
            .map(|&s| d.counts.get(index(s)).copied().unwrap_or(0).max(0))
            .sum()
    };
    let max = r.flow.iter().map(total).max().unwrap_or(1).max(1);
    let label_w = max.to_string().len() as u16 + 1;
    let plot = Rect {
        x: chart.x + label_w,
        width: chart.width.saturating_sub(label_w),
        ..chart
    };
    let h = i64::from(plot.height);
    let buf = frame.buffer_mut();
    buf.set_string(chart.x, chart.y, max.to_string(), theme.dim());
    buf.set_string(
        chart.x,
        chart.y + plot.height.saturating_sub(1),
        "0",
        theme.dim(),
    );
    // The latest days that fit, one column each; the last column of the
    // board stacks at the bottom, the first on top (the flow's order).
    let shown = r.flow.len().min(usize::from(plot.width));
    let days = &r.flow[r.flow.len() - shown..];
    // A short history gets wider columns, spread so the chart fills its width.
    let pw = usize::from(plot.width);
    let span = |x: usize| {
        (
            x * pw / shown.max(1),
            ((x + 1) * pw / shown.max(1)).max(x * pw / shown.max(1) + 1),
        )
    };
    for (x, d) in days.iter().enumerate() {
        let (x0, x1) = span(x);
        let cw = x1 - x0;
        let mut below: i64 = 0;
        for &s in states.iter().rev() {
            let n = d.counts.get(index(s)).copied().unwrap_or(0).max(0);
            let from = below * h / max;
            below += n;
            let to = below * h / max;
            let (c, style) = fill(s, theme);
            for row in from..to {
                let y = plot.y + plot.height - 1 - row as u16;
                let text: String = std::iter::repeat_n(c, cw).collect();
                buf.set_string(plot.x + x0 as u16, y, text, style);
            }
        }
    }
    let first = days.first().map_or("", |d| d.day.as_str());
    let last = days.last().map_or("", |d| d.day.as_str());
    let gap = pw.saturating_sub(first.len() + last.len());
    buf.set_string(
        plot.x,
        axis.y,
        fit(
            &format!("{first}{}{last}", " ".repeat(gap)),
            usize::from(plot.width),
        ),
        theme.dim(),
    );
    let now = days.last();
    let spans: Vec<Span> = states
        .iter()
        .flat_map(|&s| {
            let (c, style) = fill(s, theme);
            let n = now
                .and_then(|d| d.counts.get(index(s)).copied())
                .unwrap_or(0);
            let title = app
                .columns
                .iter()
                .find(|c| c.config.state == s)
                .map_or(s.label().to_string(), |c| c.config.title.clone());
            [
                Span::styled(format!("{c}{c}"), style),
                Span::raw(format!(" {} {n}  ", sanitize(&title))),
            ]
        })
        .collect();
    frame.render_widget(
        Paragraph::new(Line::from(spans)).wrap(ratatui::widgets::Wrap { trim: true }),
        legend,
    );
}

/// Histogram bins of lead time, in days: up to each bound.
/// The labels of the bins of `LEAD_BOUNDS`.
const BINS: [&str; LEAD_BOUNDS.len()] = ["≤7d", "≤14d", "≤30d", "≤60d", "≤90d", ">90d"];

fn lead(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = &app.reports;
    let rows = (r.lead.len() as u16 + 2).min(area.height / 2);
    let [table, chart] =
        Layout::vertical([Constraint::Length(rows), Constraint::Min(3)]).areas(area);
    if r.lead_waiting() {
        say(
            frame,
            table,
            "Reading the lead times of the items done in the last 26 weeks…",
            theme,
        );
        return;
    }
    if r.lead.is_empty() {
        say(
            frame,
            table,
            "No item has reached Done in the last 26 weeks of the log.",
            theme,
        );
        return;
    }
    let w = usize::from(table.width);
    let days = |v: &[i64]| match percentiles(v) {
        Some((m, p)) => format!("median {m} d · 85% {p} d"),
        None => "–".to_string(),
    };
    let mut lines = vec![Line::styled(
        fit(
            "Kind          lead time (created → Done)    cycle time (Implementing → Done)",
            w,
        ),
        theme.table_header(),
    )];
    for l in &r.lead {
        lines.push(Line::raw(fit(
            &format!(
                "{:<13} {:<29} {:<26} {} done",
                l.kind.label(),
                days(&l.lead),
                days(&l.cycle),
                l.lead.len()
            ),
            w,
        )));
    }
    frame.render_widget(Paragraph::new(lines), table);
    let counts = lead_histogram(r.lead.iter().flat_map(|l| l.lead.iter().copied()));
    let done: u64 = counts.iter().sum();
    let bars: Vec<Bar> = BINS
        .iter()
        .zip(counts)
        .map(|(&label, n)| {
            Bar::default()
                .label(Line::from(label))
                .value(n)
                .text_value(n.to_string())
                .style(theme.heading())
                .value_style(theme.selected())
        })
        .collect();
    let width = (chart.width.saturating_sub(2) / BINS.len() as u16)
        .saturating_sub(1)
        .clamp(3, 12);
    let hist = BarChart::default()
        .block(Block::default().title(Line::styled(
            format!("Lead time of the {done} items done in the last 26 weeks, in days (█ items)"),
            theme.dim(),
        )))
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .label_style(theme.text());
    frame.render_widget(hist, chart);
}
