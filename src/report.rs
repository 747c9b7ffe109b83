//! Reports for stakeholders: the release plan, one stakeholder's requests and a
//! release's notes, as Markdown or one self-contained HTML page.

pub mod changes;
pub mod charts;

pub use changes::changes;

use crate::config::Config;
use crate::domain::ItemId;
use crate::domain::release::at_risk;
use crate::domain::text::sanitize;
use crate::store::{ReleaseHead, Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
}

/// A small document model, rendered to either format, so both say the same.
#[derive(Debug, Default)]
pub struct Doc {
    pub title: String,
    pub intro: Vec<String>,
    pub sections: Vec<Section>,
    /// The items it lists, for `--with-business-case`.
    pub items: Vec<ItemId>,
}

#[derive(Debug, Default)]
pub struct Section {
    pub heading: String,
    pub lines: Vec<String>,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Said when the table is empty.
    pub empty: &'static str,
}

/// User text made literal for Markdown: no reader turns it into HTML, a link,
/// an image or emphasis (the site's escaping, one rule for both).
fn md_cell(s: &str) -> String {
    crate::site::markdown::escape(s)
}

pub fn markdown(doc: &Doc) -> String {
    let mut out = md_head(doc);
    for s in &doc.sections {
        out.push_str(&md_section(s));
    }
    out
}

fn md_head(doc: &Doc) -> String {
    let mut out = format!("# {}\n\n", md_cell(&doc.title));
    for l in &doc.intro {
        out.push_str(&format!("{}\n\n", md_cell(l)));
    }
    out
}

fn md_section(s: &Section) -> String {
    let mut out = format!("## {}\n\n", md_cell(&s.heading));
    for l in &s.lines {
        out.push_str(&format!("{}  \n", md_cell(l)));
    }
    if !s.lines.is_empty() {
        out.push('\n');
    }
    if s.rows.is_empty() {
        if !s.empty.is_empty() {
            out.push_str(&format!("_{}_\n\n", s.empty));
        }
        return out;
    }
    out.push_str(&format!("| {} |\n", s.headers.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(s.headers.len())));
    for r in &s.rows {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
    out
}

/// Escapes text for HTML (sanitised first): the one escaping every page uses.
pub fn esc(s: &str) -> String {
    sanitize(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const CSS: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f3f3f3}.meta{color:#444}.empty{color:#666;font-style:italic}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr{break-inside:avoid}th{background:none}}";

/// One self-contained page (XHTML-compatible, so it parses as XML too).
pub fn html(doc: &Doc) -> String {
    let mut out = html_head(doc);
    for s in &doc.sections {
        out.push_str(&html_section(s));
    }
    out.push_str(HTML_TAIL);
    out
}

const HTML_TAIL: &str = "</body></html>\n";

fn html_head(doc: &Doc) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width\"/><title>{}</title>\
         <style>{CSS}</style></head><body>\n<h1>{}</h1>\n",
        esc(&doc.title),
        esc(&doc.title)
    );
    for l in &doc.intro {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(l)));
    }
    out
}

fn html_section(s: &Section) -> String {
    let mut out = format!("<section><h2>{}</h2>\n", esc(&s.heading));
    for l in &s.lines {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(l)));
    }
    if s.rows.is_empty() {
        if !s.empty.is_empty() {
            out.push_str(&format!("<p class=\"empty\">{}</p>\n", esc(s.empty)));
        }
    } else {
        out.push_str("<table><thead><tr>");
        for h in &s.headers {
            out.push_str(&format!("<th>{}</th>", esc(h)));
        }
        out.push_str("</tr></thead><tbody>\n");
        for r in &s.rows {
            out.push_str("<tr>");
            for c in r {
                out.push_str(&format!("<td>{}</td>", esc(c)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
    out
}

pub fn render(doc: &Doc, format: Format) -> String {
    match format {
        Format::Md => markdown(doc),
        Format::Html => html(doc),
    }
}

/// The release plan: per release its items, state and progress.
pub fn release_plan(store: &Store, config: &Config) -> Result<Doc> {
    let heads = store.release_heads()?;
    let mut doc = plan_head(heads.len());
    for h in &heads {
        doc.sections.push(plan_section(store, config, h)?);
    }
    Ok(doc)
}

/// The release plan written as it is read, one release at a time, so
/// memory holds one release's items, not the whole plan.
pub fn write_release_plan(
    store: &Store,
    config: &Config,
    format: Format,
    with_cases: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let heads = store.release_heads()?;
    let doc = plan_head(heads.len());
    let (head, tail) = match format {
        Format::Md => (md_head(&doc), ""),
        Format::Html => (html_head(&doc), HTML_TAIL),
    };
    out.write_all(head.as_bytes())?;
    for h in &heads {
        let s = plan_section(store, config, h)?;
        let text = match format {
            Format::Md => md_section(&s),
            Format::Html => html_section(&s),
        };
        out.write_all(text.as_bytes())?;
    }
    if with_cases {
        for h in &heads {
            let ids: Vec<ItemId> = store
                .release_items_page(h.release.id, 0..usize::MAX >> 1, usize::MAX >> 1)?
                .into_iter()
                .map(|(_, i)| i.id)
                .collect();
            for s in business_case_sections(store, &ids)? {
                let text = match format {
                    Format::Md => md_section(&s),
                    Format::Html => html_section(&s),
                };
                out.write_all(text.as_bytes())?;
            }
        }
    }
    out.write_all(tail.as_bytes())?;
    Ok(())
}

/// One section per item that has a business case: its NABC and lean
/// business case as written, and its options as a table.
pub fn business_case_sections(store: &Store, ids: &[ItemId]) -> Result<Vec<Section>> {
    let mut out = Vec::new();
    for &id in ids {
        let item = store.item(id)?;
        let Some(case) = item.business_case.as_ref().filter(|c| !c.is_empty()) else {
            continue;
        };
        let mut s = Section {
            heading: format!("Business case: {} {}", item.code(), item.title),
            headers: vec![
                "Option",
                "Effort",
                "Investment",
                "Teams",
                "Risks",
                "Depends on",
            ],
            empty: "",
            ..Section::default()
        };
        if let Some(p) = item.portfolio {
            s.lines.push(format!("From portfolio item {p}."));
        }
        for (heading, text) in case.sections() {
            if !text.trim().is_empty() {
                s.lines
                    .push(format!("{heading}: {}", text.replace('\n', " ")));
            }
        }
        s.lines
            .push(format!("Criticality: {}", case.criticality.as_str()));
        if !case.if_late.trim().is_empty() {
            s.lines.push(format!(
                "If we do not do it in time: {}",
                case.if_late.replace('\n', " ")
            ));
        }
        if let Some(p) = case.priority(item.value, item.effort) {
            s.lines.push(format!("Priority (value ÷ effort): {p:.2}"));
        }
        for o in &case.options {
            s.rows.push(vec![
                o.name.clone(),
                o.effort.map_or_else(|| "–".into(), |e| e.to_string()),
                o.investment.map_or_else(|| "–".into(), |m| m.to_string()),
                o.teams.clone(),
                o.risks.clone(),
                o.dependencies.clone(),
            ]);
        }
        out.push(s);
    }
    Ok(out)
}

fn plan_head(releases: usize) -> Doc {
    Doc {
        title: "Release plan".into(),
        intro: vec![format!("{releases} releases, by target date.")],
        ..Doc::default()
    }
}

/// One release of the plan: its sums from one aggregate query, its items
/// in rank order from one query, their ranks counted between neighbours.
fn plan_section(store: &Store, config: &Config, h: &ReleaseHead) -> Result<Section> {
    let r = &h.release;
    let keys = |points: &[crate::domain::dor::DorPoint]| -> Vec<String> {
        points.iter().map(|p| p.key.clone()).collect()
    };
    let stats = store.release_stats(r.id, &keys(&config.dor), &keys(&config.dod))?;
    let mut s = Section {
        heading: format!("{} · {}", r.name, r.state),
        headers: vec!["Rank", "ID", "Title", "State", "Effort", "Note"],
        empty: "No items planned.",
        ..Section::default()
    };
    s.lines.push(format!(
        "Target {} · {} of {} points done · {} of {} items meet the DoR",
        r.target_date.as_deref().unwrap_or("not set"),
        stats.points_done,
        stats.points_planned,
        stats.dor_met,
        stats.items
    ));
    if let Some(by) = &r.accepted_by {
        s.lines.push(format!(
            "Accepted by {by} on {}",
            r.accepted_at
                .as_deref()
                .unwrap_or("?")
                .get(..10)
                .unwrap_or("?")
        ));
    }
    if let Some(at) = &r.released_at {
        s.lines
            .push(format!("Released on {}", at.get(..10).unwrap_or(at)));
    }
    if r.state != crate::domain::release::ReleaseState::Released {
        let iterations =
            store.past_iterations(crate::store::RECENT, config.cycle.iteration_weeks)?;
        let velocity = store.velocity(0, &iterations)?;
        let f = store.release_forecast(r, &iterations, &velocity)?;
        s.lines.push(f.forecast.sentence(&velocity));
    }
    for (rank, i) in store.release_items_page(r.id, 0..stats.items, stats.items)? {
        let note = h
            .days_left
            .filter(|_| r.state != crate::domain::release::ReleaseState::Released)
            .and_then(|d| at_risk(i.state, d))
            .unwrap_or("");
        s.rows.push(vec![
            rank.to_string(),
            i.code(),
            i.title,
            i.state.label().into(),
            i.effort.map_or_else(|| "–".into(), |e| e.to_string()),
            note.into(),
        ]);
    }
    Ok(s)
}

/// One stakeholder's feedback: each request with its rank, state and release.
pub fn stakeholder(store: &Store, name: &str) -> Result<Doc> {
    let s = store.stakeholder(name)?;
    let mut doc = Doc {
        title: format!("Your requests, {}", s.name),
        ..Doc::default()
    };
    if let Some(g) = &s.group {
        doc.intro.push(format!("Group: {g}"));
    }
    let total = store.item_count()?;
    let mut section = Section {
        heading: "Requests in cluster rank order".into(),
        headers: vec!["Rank", "ID", "Title", "State", "Planned release"],
        empty: "No requests recorded.",
        ..Section::default()
    };
    for id in store.requests(&s)? {
        doc.items.push(id);
        let d = store.item_detail(id, 0)?;
        section.rows.push(vec![
            format!("{} of {total}", d.rank),
            d.item.code(),
            d.item.title.clone(),
            d.item.state.label().into(),
            if d.releases.is_empty() {
                "not planned yet".into()
            } else {
                d.releases.join(", ")
            },
        ]);
    }
    doc.sections.push(section);
    Ok(doc)
}

/// What shipped in a released release.
pub fn release_notes(store: &Store, name: &str) -> Result<Doc> {
    let r = store.release(name)?;
    let mut doc = Doc {
        title: format!("Release notes: {}", r.name),
        ..Doc::default()
    };
    doc.intro.push(match &r.released_at {
        Some(at) => format!("Released on {}.", at.get(..10).unwrap_or(at)),
        None => format!(
            "Not released yet ({}): this lists what is done so far.",
            r.state
        ),
    });
    if !r.notes.trim().is_empty() {
        doc.intro.push(r.notes.clone());
    }
    let mut section = Section {
        heading: "What is in it".into(),
        headers: vec!["ID", "Kind", "Title"],
        empty: "Nothing shipped.",
        ..Section::default()
    };
    for (_, i) in store.release_items(&r)? {
        if i.state >= crate::domain::State::Done {
            doc.items.push(i.id);
            section
                .rows
                .push(vec![i.code(), i.kind.label().into(), i.title.clone()]);
        }
    }
    doc.sections.push(section);
    Ok(doc)
}
