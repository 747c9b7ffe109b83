//! The chart reports: a release burn-up, the cumulative flow and lead and
//! cycle time. Each is a table of the numbers behind it (Markdown, CSV,
//! JSON) or one page with the chart as inline SVG (HTML: no script, no
//! external resource; every series has its own marker or fill, not only
//! its colour, and the page prints cleanly).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::{Section, esc, md_cell};
use crate::config::Config;
use crate::domain::State;
use crate::domain::cycle::{day_after, days_between};
use crate::domain::forecast::{LEAD_BOUNDS, lead_histogram, percentiles};
use crate::store::{RECENT, Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartFormat {
    Md,
    Html,
    Csv,
    Json,
}

/// How the series are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plot {
    /// One line per series, each with its own dash and point marker.
    Lines,
    /// Series stacked on each other, first on top, each with its own fill.
    Stacked,
    /// One bar per x value of the first series.
    Bars,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// One chart report: the numbers behind the chart, and how to draw them.
#[derive(Debug)]
pub struct ChartReport {
    /// The report's key in JSON: burnup, flow, lead-time.
    pub key: &'static str,
    pub title: String,
    pub intro: Vec<String>,
    pub x_name: String,
    pub x: Vec<String>,
    pub series: Vec<Series>,
    pub plot: Plot,
    /// Further tables (lead time per kind).
    pub tables: Vec<Section>,
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// `report burnup RELEASE`: scope and done points at the end of each past
/// iteration and today, with the forecast.
pub fn burnup(store: &Store, config: &Config, release: &str) -> Result<ChartReport> {
    let r = store.release(release)?;
    let iterations = store.past_iterations(12, config.cycle.iteration_weeks)?;
    let points = store.burnup(&r, &iterations)?;
    let recent: Vec<_> = iterations
        .iter()
        .rev()
        .take(RECENT)
        .rev()
        .cloned()
        .collect();
    let velocity = store.velocity(0, &recent)?;
    let f = store.release_forecast(&r, &recent, &velocity)?;
    Ok(ChartReport {
        key: "burnup",
        title: format!("Burn-up: {}", r.name),
        intro: vec![
            format!(
                "Target {} · {} of {} points done · {}",
                r.target_date.as_deref().unwrap_or("not set"),
                f.done,
                f.planned,
                r.state
            ),
            f.forecast.sentence(&velocity),
        ],
        x_name: "iteration".into(),
        x: points
            .iter()
            .map(|p| {
                if p.label.contains(&p.day) {
                    p.label.clone()
                } else {
                    format!("{} (to {})", p.label, p.day)
                }
            })
            .collect(),
        series: vec![
            Series {
                name: "scope".into(),
                values: points.iter().map(|p| p.scope as f64).collect(),
            },
            Series {
                name: "done".into(),
                values: points.iter().map(|p| p.done as f64).collect(),
            },
        ],
        plot: Plot::Lines,
        tables: Vec::new(),
    })
}

/// `report flow`: items per board column on each day from `from` to `to`
/// (default: the last 12 weeks), daily up to 60 days, else weekly.
pub fn flow(
    store: &Store,
    config: &Config,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<ChartReport> {
    let today = store.today()?;
    let to = to.map_or(today.clone(), str::to_string);
    let from = from.map_or_else(|| day_after(&to, -83).unwrap_or_default(), str::to_string);
    let span = days_between(&from, &to).unwrap_or(0);
    let step = if span > 60 { 7 } else { 1 };
    let days = store.cumulative_flow(&from, &to, step)?;
    let states: Vec<(State, String)> = config
        .columns
        .iter()
        .map(|c| (c.state, c.title.clone()))
        .collect();
    let index = |s: State| State::ALL.iter().position(|&x| x == s).unwrap_or(0);
    Ok(ChartReport {
        key: "flow",
        title: "Cumulative flow".into(),
        intro: vec![format!(
            "Items in each column of the board from {from} to {to}, {}.",
            if step == 1 {
                "day by day"
            } else {
                "week by week"
            }
        )],
        x_name: "day".into(),
        x: days.iter().map(|d| d.day.clone()).collect(),
        series: states
            .iter()
            .map(|(s, title)| Series {
                name: title.clone(),
                values: days
                    .iter()
                    .map(|d| d.counts.get(index(*s)).copied().unwrap_or(0).max(0) as f64)
                    .collect(),
            })
            .collect(),
        plot: Plot::Stacked,
        tables: Vec::new(),
    })
}

/// The labels of the bins of `LEAD_BOUNDS`.
const BINS: [&str; LEAD_BOUNDS.len()] = [
    "up to 7 days",
    "8 to 14 days",
    "15 to 30 days",
    "31 to 60 days",
    "61 to 90 days",
    "over 90 days",
];

/// `report lead-time`: lead and cycle time per kind, and a histogram, of
/// the items done on or after `from` (all, without it).
pub fn lead_time(store: &Store, from: Option<&str>) -> Result<ChartReport> {
    let times = store.lead_times(from)?;
    let mut table = Section {
        heading: "Per kind".into(),
        headers: vec![
            "Kind",
            "Done",
            "Lead median",
            "Lead 85%",
            "Cycle median",
            "Cycle 85%",
        ],
        empty: "No item has reached Done since the log began.",
        ..Section::default()
    };
    let cell = |v: Option<i64>| v.map_or_else(|| "–".to_string(), |d| d.to_string());
    for t in &times {
        let lead = percentiles(&t.lead);
        let cycle = percentiles(&t.cycle);
        table.rows.push(vec![
            t.kind.label().to_string(),
            t.lead.len().to_string(),
            cell(lead.map(|p| p.0)),
            cell(lead.map(|p| p.1)),
            cell(cycle.map(|p| p.0)),
            cell(cycle.map(|p| p.1)),
        ]);
    }
    let counts = lead_histogram(times.iter().flat_map(|t| t.lead.iter().copied()));
    let done: u64 = counts.iter().sum();
    Ok(ChartReport {
        key: "lead-time",
        title: "Lead time and cycle time".into(),
        intro: vec![format!(
            "{} items done{}. Lead time: from created to Done; cycle time: from Implementing to Done; in days.",
            done,
            from.map_or_else(String::new, |f| format!(" since {f}"))
        )],
        x_name: "lead time".into(),
        x: BINS.iter().map(|&l| l.to_string()).collect(),
        series: vec![Series {
            name: "items".into(),
            values: counts
                .iter()
                .map(|&n| f64::from(u32::try_from(n).unwrap_or(u32::MAX)))
                .collect(),
        }],
        plot: Plot::Bars,
        tables: vec![table],
    })
}

pub fn render(report: &ChartReport, format: ChartFormat) -> anyhow::Result<String> {
    Ok(match format {
        ChartFormat::Md => markdown(report),
        ChartFormat::Csv => csv(report)?,
        ChartFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(report))?;
            text.push('\n');
            text
        }
        ChartFormat::Html => html(report),
    })
}

/// The numbers as a section of the report's own table.
fn numbers(report: &ChartReport) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers = vec![report.x_name.clone()];
    headers.extend(report.series.iter().map(|s| s.name.clone()));
    let rows = report
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut row = vec![x.clone()];
            row.extend(
                report
                    .series
                    .iter()
                    .map(|s| s.values.get(i).map_or_else(String::new, |&v| number(v))),
            );
            row
        })
        .collect();
    (headers, rows)
}

fn markdown(report: &ChartReport) -> String {
    let mut out = format!("# {}\n\n", md_cell(&report.title));
    for l in &report.intro {
        out.push_str(&format!("{}\n\n", md_cell(l)));
    }
    let (headers, rows) = numbers(report);
    let cells = |r: &[String]| r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ");
    out.push_str(&format!("| {} |\n", cells(&headers)));
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for r in &rows {
        out.push_str(&format!("| {} |\n", cells(r)));
    }
    out.push('\n');
    for t in &report.tables {
        out.push_str(&super::md_section(t));
    }
    out
}

fn csv(report: &ChartReport) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let (headers, rows) = numbers(report);
    w.write_record(&headers)?;
    for r in rows {
        w.write_record(r.iter().map(|c| crate::command::csv_text(c)))?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn to_json(report: &ChartReport) -> Value {
    let rows: Vec<Value> = report
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut o = Map::new();
            o.insert(report.x_name.clone(), json!(x));
            for s in &report.series {
                let v = s.values.get(i).copied();
                o.insert(
                    s.name.clone(),
                    match v {
                        Some(v) if v.fract() == 0.0 => json!(v as i64),
                        other => json!(other),
                    },
                );
            }
            Value::Object(o)
        })
        .collect();
    let tables: Vec<Value> = report
        .tables
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .map(|r| {
                    let o: Map<String, Value> = t
                        .headers
                        .iter()
                        .zip(r)
                        .map(|(h, c)| ((*h).to_string(), json!(c)))
                        .collect();
                    Value::Object(o)
                })
                .collect();
            json!({ "heading": t.heading, "rows": rows })
        })
        .collect();
    json!({
        "report": report.key,
        "title": report.title,
        "intro": report.intro,
        "rows": rows,
        "tables": tables,
    })
}

const W: f64 = 720.0;
const H: f64 = 320.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// Dashes, point markers and fills that tell series apart in grey print.
const DASHES: [&str; 4] = ["", "6 3", "2 3", "10 3 2 3"];
const GREYS: [&str; 8] = [
    "#f0f0f0", "#d0d0d0", "#b0b0b0", "#909090", "#707070", "#505050", "#303030", "#101010",
];
const HATCHES: [&str; 8] = [
    "",
    "M0,8 L8,0",
    "M0,0 L8,8",
    "M4,0 L4,8",
    "M0,4 L8,4",
    "M0,8 L8,0 M0,0 L8,8",
    "M4,0 L4,8 M0,4 L8,4",
    "",
];

fn marker(k: usize, x: f64, y: f64) -> String {
    match k % 3 {
        0 => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#000\"/>"),
        1 => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#000\"/>",
            x - 3.5,
            y - 3.5
        ),
        _ => format!(
            "<path d=\"M{x:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z\" fill=\"#000\"/>",
            y - 4.0,
            x + 4.0,
            y + 3.0,
            x - 4.0,
            y + 3.0
        ),
    }
}

/// The chart as inline SVG with a legend.
pub fn svg(report: &ChartReport) -> String {
    let n = report.x.len().max(1);
    let stacked_max = (0..n)
        .map(|i| {
            report
                .series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    let plain_max = report
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let max = match report.plot {
        Plot::Stacked => stacked_max,
        _ => plain_max,
    }
    .max(1.0);
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x_at = |i: usize| {
        if report.plot == Plot::Bars || n == 1 {
            LEFT + pw * (i as f64 + 0.5) / n as f64
        } else {
            LEFT + pw * i as f64 / (n - 1) as f64
        }
    };
    let y_at = |v: f64| TOP + ph - ph * v / max;
    let legend_h = 22.0 * report.series.len().div_ceil(4) as f64;
    let mut s = format!(
        "<svg viewBox=\"0 0 {W} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"11\">",
        H + legend_h,
        esc(&report.title)
    );
    let _ = write!(s, "<title>{}</title><defs>", esc(&report.title));
    for (k, d) in HATCHES.iter().enumerate() {
        let _ = write!(
            s,
            "<pattern id=\"fill{k}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"{}\"/>{}</pattern>",
            GREYS[k],
            if d.is_empty() {
                String::new()
            } else {
                // Light lines on the dark fills, dark on the light ones.
                let ink = if k >= 5 { "#fff" } else { "#000" };
                format!("<path d=\"{d}\" stroke=\"{ink}\" stroke-width=\"1\"/>")
            }
        );
    }
    s.push_str("</defs>");
    // Axes, the y scale at 0, half and the top, the first and last x labels.
    let _ = write!(
        s,
        "<path d=\"M{LEFT},{TOP} L{LEFT},{:.1} L{:.1},{:.1}\" fill=\"none\" stroke=\"#000\"/>",
        TOP + ph,
        LEFT + pw,
        TOP + ph
    );
    for v in [0.0, max / 2.0, max] {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 4.0,
            y_at(v) + 4.0,
            number(v.round())
        );
    }
    let labels: Vec<usize> = match report.plot {
        Plot::Bars => (0..report.x.len()).collect(),
        _ => [0, report.x.len().saturating_sub(1)]
            .into_iter()
            .filter(|&i| i < report.x.len())
            .collect(),
    };
    for i in labels {
        let anchor = match report.plot {
            Plot::Bars => "middle",
            _ if i == 0 => "start",
            _ => "end",
        };
        let x = if report.plot == Plot::Bars {
            x_at(i)
        } else if i == 0 {
            LEFT
        } else {
            LEFT + pw
        };
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            TOP + ph + 16.0,
            esc(&report.x[i])
        );
    }
    match report.plot {
        Plot::Lines => {
            for (k, series) in report.series.iter().enumerate() {
                let pts: Vec<String> = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| format!("{:.1},{:.1}", x_at(i), y_at(v)))
                    .collect();
                let _ = write!(
                    s,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"{}\"/>",
                    pts.join(" "),
                    DASHES[k % DASHES.len()]
                );
                for (i, &v) in series.values.iter().enumerate() {
                    s.push_str(&marker(k, x_at(i), y_at(v)));
                }
            }
        }
        Plot::Stacked => {
            // From the bottom (the last series) up, each band between the
            // sums below it and with it.
            let mut below = vec![0.0; n];
            for (k, series) in report.series.iter().enumerate().rev() {
                let top: Vec<f64> = (0..n)
                    .map(|i| below[i] + series.values.get(i).copied().unwrap_or(0.0))
                    .collect();
                let mut d = String::new();
                for (i, v) in top.iter().enumerate() {
                    let _ = write!(
                        d,
                        "{}{:.1},{:.1} ",
                        if i == 0 { "M" } else { "L" },
                        x_at(i),
                        y_at(*v)
                    );
                }
                for i in (0..n).rev() {
                    let _ = write!(d, "L{:.1},{:.1} ", x_at(i), y_at(below[i]));
                }
                let _ = write!(
                    s,
                    "<path d=\"{}Z\" fill=\"url(#fill{})\" stroke=\"#000\" stroke-width=\"0.5\"/>",
                    d,
                    k % HATCHES.len()
                );
                below = top;
            }
        }
        Plot::Bars => {
            let bw = pw / n as f64 * 0.7;
            if let Some(series) = report.series.first() {
                for (i, &v) in series.values.iter().enumerate() {
                    let _ = write!(
                        s,
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"url(#fill3)\" stroke=\"#000\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                        x_at(i) - bw / 2.0,
                        y_at(v),
                        TOP + ph - y_at(v),
                        x_at(i),
                        y_at(v) - 4.0,
                        number(v)
                    );
                }
            }
        }
    }
    // The legend: each series with the same marker, dash or fill.
    for (k, series) in report.series.iter().enumerate() {
        let (x, y) = (
            LEFT + 170.0 * (k % 4) as f64,
            H + 14.0 + 22.0 * (k / 4) as f64,
        );
        match report.plot {
            Plot::Lines => {
                let _ = write!(
                    s,
                    "<path d=\"M{x:.1},{y:.1} L{:.1},{y:.1}\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"{}\"/>{}",
                    x + 24.0,
                    DASHES[k % DASHES.len()],
                    marker(k, x + 12.0, y)
                );
            }
            Plot::Stacked | Plot::Bars => {
                let fill = if report.plot == Plot::Bars {
                    3
                } else {
                    k % HATCHES.len()
                };
                let _ = write!(
                    s,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"24\" height=\"12\" fill=\"url(#fill{fill})\" stroke=\"#000\"/>",
                    y - 6.0
                );
            }
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 30.0,
            y + 4.0,
            esc(&series.name)
        );
    }
    s.push_str("</svg>");
    s
}

fn html(report: &ChartReport) -> String {
    let doc = super::Doc {
        title: report.title.clone(),
        intro: report.intro.clone(),
        ..super::Doc::default()
    };
    let mut out = super::html_head(&doc);
    out.push_str(&format!("<figure>{}</figure>\n", svg(report)));
    let (headers, rows) = numbers(report);
    out.push_str("<section><h2>The numbers</h2>\n<table><thead><tr>");
    for h in &headers {
        out.push_str(&format!("<th>{}</th>", esc(h)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for r in &rows {
        out.push_str("<tr>");
        for c in r {
            out.push_str(&format!("<td>{}</td>", esc(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></section>\n");
    for t in &report.tables {
        out.push_str(&super::html_section(t));
    }
    out.push_str(super::HTML_TAIL);
    out
}
