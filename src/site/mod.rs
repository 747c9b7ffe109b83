//! The stakeholder site: `export --format html|md --out DIR` writes an index
//! with the ranked cluster backlog, a page per release (plan, progress,
//! notes) and a page per stakeholder (their requests). Pages are built once
//! as a small model and rendered to HTML or Markdown, so both say the same.

mod html;
pub mod markdown;

use std::collections::HashSet;
use std::path::Path;

use anyhow::Context;

use crate::config::Config;
use crate::domain::release::{ReleaseState, at_risk};
use crate::domain::{State, score};
use crate::store::{Export, ExportItem, Store};

pub use markdown::escape as md_escape;

/// Which pages to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFormat {
    Html,
    Markdown,
}

impl SiteFormat {
    fn extension(self) -> &'static str {
        match self {
            SiteFormat::Html => "html",
            SiteFormat::Markdown => "md",
        }
    }
}

/// A piece of running text: plain, or a link to another page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// A link to the page with this file stem.
    Link {
        text: String,
        page: String,
    },
}

fn text(s: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text(s.into())]
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    /// A place a link can point at (`page#name`).
    Anchor(String),
    Para(Vec<Inline>),
    /// A line said by the tool itself, shown quieter.
    Meta(String),
    /// Done of total, as a bar and in words.
    Progress {
        done: u32,
        total: u32,
        words: String,
    },
    Table {
        headers: Vec<&'static str>,
        rows: Vec<Vec<Vec<Inline>>>,
        /// Said instead when there are no rows.
        empty: &'static str,
    },
}

/// One page: its file stem, its title, what it holds.
#[derive(Debug, Clone)]
pub struct Page {
    pub stem: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The whole site: the pages and the links every page starts with.
#[derive(Debug, Clone)]
pub struct Site {
    pub pages: Vec<Page>,
    pub nav: Vec<Inline>,
    pub footer: String,
}

/// A file stem for a name: lower-case ASCII letters, digits and `-`, unique.
fn slug(prefix: &str, name: &str, n: usize, taken: &mut HashSet<String>) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-');
    let mut stem = if s.is_empty() {
        format!("{prefix}-{n}")
    } else {
        format!("{prefix}-{s}")
    };
    if !taken.insert(stem.clone()) {
        stem = format!("{stem}-{n}");
        taken.insert(stem.clone());
    }
    stem
}

fn points(v: Option<u32>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}

fn percent(done: u32, total: u32) -> u32 {
    (u64::from(done) * 100)
        .checked_div(u64::from(total))
        .map_or(0, |p| p as u32)
}

/// Builds every page from the store.
pub fn build(store: &Store, config: &Config) -> anyhow::Result<Site> {
    let export = store.export(&config.dor, config.scoring)?;
    let mut taken = HashSet::from(["index".to_string()]);
    let release_pages: Vec<(String, String)> = export
        .releases
        .iter()
        .enumerate()
        .map(|(n, r)| {
            (
                r.release.name.clone(),
                slug("release", &r.release.name, n + 1, &mut taken),
            )
        })
        .collect();
    let stakeholders = store.stakeholders()?;
    let stakeholder_pages: Vec<(String, String)> = stakeholders
        .iter()
        .enumerate()
        .map(|(n, s)| {
            (
                s.name.clone(),
                slug("stakeholder", &s.name, n + 1, &mut taken),
            )
        })
        .collect();
    let link_release = |name: &str| -> Inline {
        match release_pages.iter().find(|(n, _)| n == name) {
            Some((_, stem)) => Inline::Link {
                text: name.to_string(),
                page: stem.clone(),
            },
            None => Inline::Text(name.to_string()),
        }
    };
    let releases_of = |it: &ExportItem| -> Vec<Inline> {
        if it.releases.is_empty() {
            return text("not planned yet");
        }
        let mut out = Vec::new();
        for (i, r) in it.releases.iter().enumerate() {
            if i > 0 {
                out.push(Inline::Text(", ".into()));
            }
            out.push(link_release(r));
        }
        out
    };
    // Which portfolio item each cluster item comes from, for the backlog's column.
    let portfolio = store.portfolio()?;
    let mut from: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    let mut portfolio_rows = Vec::with_capacity(portfolio.len());
    for p in &portfolio {
        let derived = store.derived(p.id, usize::MAX >> 1)?;
        for d in &derived {
            from.insert(d.item.id.0, p.code());
        }
        portfolio_rows.push((p, store.rollup(p.id)?, derived));
    }
    let link_portfolio = |id: i64| -> Vec<Inline> {
        match from.get(&id) {
            Some(code) => vec![Inline::Link {
                text: code.clone(),
                page: format!("portfolio#{}", code.to_lowercase()),
            }],
            None => text("own work"),
        }
    };
    let mut pages = vec![index(&export, config, &releases_of, &link_portfolio)];
    if !portfolio.is_empty() {
        pages.push(portfolio_page(config, &portfolio_rows, export.items.len()));
    }
    for (r, (_, stem)) in export.releases.iter().zip(&release_pages) {
        pages.push(release_page(store, &export, r, stem, config)?);
    }
    for (s, (_, stem)) in stakeholders.iter().zip(&stakeholder_pages) {
        let requested: Vec<&ExportItem> = export
            .items
            .iter()
            .filter(|i| i.requested_by.contains(&s.name))
            .collect();
        let mut blocks = Vec::new();
        if let Some(g) = &s.group {
            blocks.push(Block::Meta(format!("Group: {g}")));
        }
        blocks.push(Block::Meta(format!(
            "{} requests; the cluster backlog holds {} items in one order.",
            requested.len(),
            export.items.len()
        )));
        blocks.push(Block::Table {
            headers: vec!["Rank", "ID", "Title", "State", "Planned release"],
            rows: requested
                .iter()
                .map(|i| {
                    vec![
                        text(format!("{} of {}", i.rank, export.items.len())),
                        text(i.code.clone()),
                        text(i.title.clone()),
                        text(i.state.label()),
                        releases_of(i),
                    ]
                })
                .collect(),
            empty: "No requests recorded yet.",
        });
        pages.push(Page {
            stem: stem.clone(),
            title: format!("Requests from {}", s.name),
            blocks,
        });
    }
    let mut nav = vec![Inline::Link {
        text: "Backlog".into(),
        page: "index".into(),
    }];
    if !portfolio.is_empty() {
        nav.push(Inline::Text(" · ".into()));
        nav.push(Inline::Link {
            text: "Portfolio".into(),
            page: "portfolio".into(),
        });
    }
    for (name, stem) in release_pages.iter().chain(&stakeholder_pages) {
        nav.push(Inline::Text(" · ".into()));
        nav.push(Inline::Link {
            text: name.clone(),
            page: stem.clone(),
        });
    }
    let footer = match store.last_change_at()? {
        Some(at) => format!(
            "Exported from clusterboard; the last change was made {} UTC.",
            at.get(..16).unwrap_or(&at).replace('T', " ")
        ),
        None => "Exported from clusterboard.".to_string(),
    };
    Ok(Site { pages, nav, footer })
}

/// The portfolio in its rank, each item with its state, value, progress over
/// the cluster items derived from it, its business case and those items.
fn portfolio_page(
    config: &Config,
    rows: &[(
        &crate::domain::portfolio::PortfolioItem,
        crate::domain::portfolio::Rollup,
        Vec<crate::store::DerivedRow>,
    )],
    backlog: usize,
) -> Page {
    let mut blocks = vec![
        Block::Meta(format!(
            "{} portfolio items in rank order; the cluster backlog derived from them holds {} of its {backlog} items.",
            rows.len(),
            rows.iter().map(|(_, r, _)| r.items).sum::<usize>()
        )),
        Block::Table {
            headers: vec!["Rank", "ID", "Title", "State", "Owner", "Value", "Done"],
            rows: rows
                .iter()
                .enumerate()
                .map(|(n, (p, r, _))| {
                    vec![
                        text((n + 1).to_string()),
                        vec![Inline::Link {
                            text: p.code(),
                            page: format!("portfolio#{}", p.code().to_lowercase()),
                        }],
                        text(p.title.clone()),
                        text(config.portfolio_state_title(&p.state)),
                        text(if p.owner.is_empty() {
                            "–".to_string()
                        } else {
                            p.owner.clone()
                        }),
                        text(points(p.value)),
                        text(format!("{} of {} items", r.items_done, r.items)),
                    ]
                })
                .collect(),
            empty: "No portfolio items yet.",
        },
    ];
    for (p, r, derived) in rows {
        blocks.push(Block::Anchor(p.code().to_lowercase()));
        blocks.push(Block::Heading(format!("{} {}", p.code(), p.title)));
        blocks.push(Block::Progress {
            done: u32::try_from(r.points_done).unwrap_or(u32::MAX),
            total: u32::try_from(r.points).unwrap_or(u32::MAX),
            words: format!(
                "{} of {} points done over {} derived items ({} done)",
                r.points_done, r.points, r.items, r.items_done
            ),
        });
        if !p.description.trim().is_empty() {
            blocks.push(Block::Para(text(p.description.replace('\n', " "))));
        }
        if let Some(case) = p.business_case.as_ref().filter(|c| !c.is_empty()) {
            for (heading, body) in case.sections() {
                if !body.trim().is_empty() {
                    blocks.push(Block::Para(text(format!(
                        "{heading}: {}",
                        body.replace('\n', " ")
                    ))));
                }
            }
        }
        blocks.push(Block::Table {
            headers: vec!["Rank", "ID", "Title", "State"],
            rows: derived
                .iter()
                .map(|d| {
                    vec![
                        text(d.rank.to_string()),
                        text(d.item.code()),
                        text(d.item.title.clone()),
                        text(d.item.state.label()),
                    ]
                })
                .collect(),
            empty: "No cluster items derived from it yet.",
        });
    }
    Page {
        stem: "portfolio".into(),
        title: "Portfolio".into(),
        blocks,
    }
}

fn index(
    export: &Export,
    config: &Config,
    releases_of: &dyn Fn(&ExportItem) -> Vec<Inline>,
    portfolio_of: &dyn Fn(i64) -> Vec<Inline>,
) -> Page {
    let open = export
        .items
        .iter()
        .filter(|i| i.state < State::Done)
        .count();
    let rows = export
        .items
        .iter()
        .map(|i| {
            let s = i.score.map_or_else(
                || i.score_missing.unwrap_or("–").to_string(),
                |v| score::label(Ok(v)),
            );
            vec![
                text(i.rank.to_string()),
                text(i.code.clone()),
                text(i.kind.label()),
                text(i.title.clone()),
                portfolio_of(i.id),
                text(i.state.label()),
                text(points(i.value)),
                text(points(i.effort)),
                text(s),
                releases_of(i),
                text(if i.teams.is_empty() {
                    "–".to_string()
                } else {
                    i.teams.join(", ")
                }),
                text(if i.progress.total == 0 {
                    "–".to_string()
                } else {
                    format!("{} of {} done", i.progress.done, i.progress.total)
                }),
            ]
        })
        .collect();
    Page {
        stem: "index".into(),
        title: "Cluster backlog".into(),
        blocks: vec![
            Block::Meta(format!(
                "{} items in rank order, {open} of them open; the score is {}.",
                export.items.len(),
                match config.scoring {
                    score::Method::Ratio => "value ÷ effort",
                    score::Method::Wsjf => "WSJF",
                }
            )),
            Block::Table {
                headers: vec![
                    "Rank",
                    "ID",
                    "Kind",
                    "Title",
                    "From",
                    "State",
                    "Value",
                    "Effort",
                    "Score",
                    "Release",
                    "Teams",
                    "Team items",
                ],
                rows,
                empty: "The backlog is empty.",
            },
        ],
    }
}

fn release_page(
    store: &Store,
    export: &Export,
    r: &crate::store::ExportRelease,
    stem: &str,
    config: &Config,
) -> anyhow::Result<Page> {
    let rel = &r.release;
    let items: Vec<&ExportItem> = export
        .items
        .iter()
        .filter(|i| i.releases.contains(&rel.name))
        .collect();
    let total: u32 = items.iter().map(|i| i.effort.unwrap_or(0)).sum();
    let done: u32 = items
        .iter()
        .filter(|i| i.state >= State::Done)
        .map(|i| i.effort.unwrap_or(0))
        .sum();
    let ready = items.iter().filter(|i| i.dor.open.is_empty()).count();
    let days = store.days_left(&store.release(&rel.name)?)?;
    let mut blocks = vec![Block::Meta(format!(
        "State: {} · target {}{}",
        rel.state,
        rel.target_date.as_deref().unwrap_or("not set"),
        match days {
            Some(d) if rel.state != ReleaseState::Released && d >= 0 => format!(" ({d} days left)"),
            Some(d) if rel.state != ReleaseState::Released => format!(" ({} days past)", -d),
            _ => String::new(),
        }
    ))];
    if let Some(by) = &rel.accepted_by {
        blocks.push(Block::Meta(format!(
            "Accepted by {by} on {}",
            rel.accepted_at
                .as_deref()
                .and_then(|a| a.get(..10))
                .unwrap_or("?")
        )));
    }
    if let Some(at) = &rel.released_at {
        blocks.push(Block::Meta(format!(
            "Released on {}",
            at.get(..10).unwrap_or(at)
        )));
    }
    blocks.push(Block::Heading("Progress".into()));
    blocks.push(Block::Progress {
        done,
        total,
        words: format!(
            "{done} of {total} effort points done ({}%); {} of {} items done; {ready} of {} meet the Definition of Ready; Definition of Done: {} of {} points ticked.",
            percent(done, total),
            items.iter().filter(|i| i.state >= State::Done).count(),
            items.len(),
            items.len(),
            r.dod.len(),
            config.dod.len()
        ),
    });
    blocks.push(Block::Heading("Plan".into()));
    blocks.push(Block::Table {
        headers: vec!["Rank", "ID", "Title", "State", "Effort", "Note"],
        rows: items
            .iter()
            .map(|i| {
                let note = days
                    .filter(|_| rel.state != ReleaseState::Released)
                    .and_then(|d| at_risk(i.state, d))
                    .unwrap_or("");
                vec![
                    text(i.rank.to_string()),
                    text(i.code.clone()),
                    text(i.title.clone()),
                    text(i.state.label()),
                    text(points(i.effort)),
                    text(note),
                ]
            })
            .collect(),
        empty: "No items planned yet.",
    });
    blocks.push(Block::Heading("Notes".into()));
    if rel.notes.trim().is_empty() {
        blocks.push(Block::Meta("No release notes yet.".into()));
    } else {
        for para in rel.notes.split("\n\n").filter(|p| !p.trim().is_empty()) {
            blocks.push(Block::Para(text(para.trim())));
        }
    }
    let shipped: Vec<&&ExportItem> = items.iter().filter(|i| i.state >= State::Done).collect();
    if !shipped.is_empty() {
        blocks.push(Block::Heading(
            if rel.state == ReleaseState::Released {
                "What shipped"
            } else {
                "Done so far"
            }
            .into(),
        ));
        blocks.push(Block::Table {
            headers: vec!["ID", "Kind", "Title"],
            rows: shipped
                .iter()
                .map(|i| {
                    vec![
                        text(i.code.clone()),
                        text(i.kind.label()),
                        text(i.title.clone()),
                    ]
                })
                .collect(),
            empty: "",
        });
    }
    Ok(Page {
        stem: stem.to_string(),
        title: format!("Release {}", rel.name),
        blocks,
    })
}

/// Renders one page of the site.
pub fn render(site: &Site, page: &Page, format: SiteFormat) -> String {
    match format {
        SiteFormat::Html => html::page(site, page),
        SiteFormat::Markdown => markdown::page(site, page),
    }
}

/// Writes the site into `dir` (created if missing); returns the files written.
pub fn write(site: &Site, dir: &Path, format: SiteFormat) -> anyhow::Result<Vec<String>> {
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "{} is a file, not a directory: give --out a directory for the site",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("could not create the directory {}", dir.display()))?;
    let mut written = Vec::new();
    for page in &site.pages {
        let name = format!("{}.{}", page.stem, format.extension());
        let path = dir.join(&name);
        std::fs::write(&path, render(site, page, format))
            .with_context(|| format!("could not write {}", path.display()))?;
        written.push(name);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_unique_and_never_empty() {
        let mut taken = HashSet::new();
        assert_eq!(slug("release", "Pro 2.1", 1, &mut taken), "release-pro-2-1");
        assert_eq!(
            slug("release", "Pro 2-1", 2, &mut taken),
            "release-pro-2-1-2"
        );
        assert_eq!(slug("stakeholder", "日本", 3, &mut taken), "stakeholder-3");
        assert_eq!(
            slug("stakeholder", "../../etc", 4, &mut taken),
            "stakeholder-etc"
        );
    }
}
