//! clusterboard's own JSON export (`export --format json`) read back, for
//! loading into an empty database. It reads the export's structure and keeps
//! to it loosely: a field it does not know is ignored, a top-level key it does
//! not read (such as a change log added by a later version) is named in the
//! report, and every value is checked before anything is written.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use crate::domain::business::BusinessCase;
use crate::domain::item::clean_title;
use crate::domain::portfolio::PortfolioId;
use crate::domain::release::clean_date;
use crate::domain::team::clean_code;
use crate::store::{
    ClusterFile, FileItem, FilePokerRound, FilePortfolioItem, FileRelease, FileStakeholder,
    FileTeam, FileTeamItem,
};

/// The newest export format this build reads.
const FORMAT: u32 = 1;

/// Top-level keys that are read, or that describe the file and need no reading.
const READ: [&str; 10] = [
    "format",
    "schema",
    "portfolio",
    "items",
    "archived",
    "teams",
    "releases",
    "stakeholders",
    "history",
    "cycles",
];

#[derive(Debug, Deserialize)]
struct RawExport {
    format: Option<u32>,
    #[serde(default)]
    portfolio: Vec<RawPortfolioItem>,
    #[serde(default)]
    items: Vec<RawItem>,
    #[serde(default)]
    archived: Vec<RawItem>,
    #[serde(default)]
    history: Vec<crate::store::ExportChange>,
    #[serde(default)]
    teams: Vec<RawTeam>,
    #[serde(default)]
    releases: Vec<RawRelease>,
    #[serde(default)]
    stakeholders: Vec<RawStakeholder>,
    #[serde(default)]
    cycles: Vec<crate::store::ExportCycle>,
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct RawItem {
    id: i64,
    kind: String,
    title: String,
    #[serde(default)]
    description: String,
    state: String,
    rank: Option<usize>,
    value: Option<u32>,
    effort: Option<u32>,
    business_value: Option<u32>,
    time_criticality: Option<u32>,
    risk_reduction: Option<u32>,
    dor: Option<RawDor>,
    #[serde(default)]
    poker_rounds: Vec<RawRound>,
    #[serde(default)]
    children: Vec<RawTeamItem>,
    #[serde(default)]
    releases: Vec<String>,
    #[serde(default)]
    requested_by: Vec<String>,
    #[serde(default)]
    labels: Vec<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    external_id: Option<String>,
    #[serde(default)]
    acceptance: String,
    #[serde(default)]
    source: String,
    archived_at: Option<String>,
    /// `P-3`: the portfolio item it is derived from.
    portfolio: Option<String>,
    business_case: Option<BusinessCase>,
    #[serde(default)]
    questions: Vec<crate::domain::question::Question>,
}

/// A portfolio item; its `rollup` and `derived` are worked out again from
/// the items, so they are not read.
#[derive(Debug, Deserialize)]
struct RawPortfolioItem {
    id: i64,
    kind: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner: String,
    value: Option<u32>,
    state: String,
    rank: Option<usize>,
    business_case: Option<BusinessCase>,
    created_at: Option<String>,
    updated_at: Option<String>,
    archived_at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawDor {
    #[serde(default)]
    met: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawRound {
    id: Option<i64>,
    field: String,
    at: String,
    who: String,
    agreed: String,
    #[serde(default)]
    votes: Vec<RawVote>,
}

#[derive(Debug, Deserialize)]
struct RawVote {
    participant: String,
    card: String,
}

#[derive(Debug, Deserialize)]
struct RawTeamItem {
    id: i64,
    team: Option<String>,
    title: String,
    #[serde(rename = "type")]
    item_type: String,
    state: String,
    effort: Option<u32>,
    external_id: Option<String>,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize)]
struct RawTeam {
    id: Option<i64>,
    code: String,
    name: String,
    product_owner: Option<String>,
    capacity: Option<u32>,
    #[serde(default)]
    items: Vec<RawId>,
}

#[derive(Debug, Deserialize)]
struct RawId {
    id: i64,
}

#[derive(Debug, Deserialize)]
struct RawRelease {
    id: Option<i64>,
    variant: String,
    version: String,
    target_date: Option<String>,
    state: Option<String>,
    #[serde(default)]
    notes: String,
    planned_at: Option<String>,
    accepted_at: Option<String>,
    accepted_by: Option<String>,
    released_at: Option<String>,
    #[serde(default)]
    dod: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawStakeholder {
    id: Option<i64>,
    name: String,
    group: Option<String>,
    contact: Option<String>,
}

/// Why an export cannot be loaded: where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct JsonError(pub String);

fn bad(at: &str, msg: impl std::fmt::Display) -> JsonError {
    JsonError(format!("{at}: {msg}"))
}

/// Reads and checks an export.
pub fn parse(bytes: &[u8]) -> Result<ClusterFile, JsonError> {
    let raw: RawExport = serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        let what = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(w, _)| w);
        JsonError(format!(
            "line {}, column {}: {what}: this is not clusterboard's JSON export \
             (write one with `clusterboard export --format json`)",
            e.line(),
            e.column()
        ))
    })?;
    match raw.format {
        None => {
            return Err(JsonError(
                "it has no \"format\" key, so it is not clusterboard's JSON export \
                 (write one with `clusterboard export --format json`)"
                    .into(),
            ));
        }
        Some(f) if f > FORMAT => {
            return Err(JsonError(format!(
                "it is export format {f}, written by a newer clusterboard (this build reads \
                 format {FORMAT}): upgrade clusterboard"
            )));
        }
        Some(_) => {}
    }
    let ignored = raw
        .rest
        .keys()
        .filter(|k| !READ.contains(&k.as_str()))
        .cloned()
        .collect();
    let stakeholders = stakeholders(raw.stakeholders)?;
    let names: HashSet<String> = stakeholders.iter().map(|s| s.name.clone()).collect();
    let releases = releases(raw.releases)?;
    let labels: HashSet<String> = releases
        .iter()
        .map(|r| format!("{} {}", r.variant, r.version))
        .collect();
    let teams = teams(raw.teams)?;
    let codes: HashSet<&str> = teams.iter().map(|t| t.code.as_str()).collect();
    let portfolio = portfolio(raw.portfolio)?;
    let portfolio_ids: HashSet<i64> = portfolio.iter().map(|p| p.id).collect();
    let mut raw_items = raw.items;
    // Items come in rank order; a rank, where given, decides.
    raw_items.sort_by_key(|i| i.rank.unwrap_or(usize::MAX));
    let mut ids = HashSet::new();
    let mut team_ids = HashSet::new();
    let mut keys = HashSet::new();
    let mut read = |list: Vec<RawItem>, what: &str| -> Result<Vec<FileItem>, JsonError> {
        let mut out = Vec::with_capacity(list.len());
        for (n, it) in list.into_iter().enumerate() {
            let at = format!("{what}[{n}] (id {})", it.id);
            if it.id <= 0 || !ids.insert(it.id) {
                return Err(bad(
                    &at,
                    "the id is not positive or appears twice: each item needs its own",
                ));
            }
            let known = Known {
                names: &names,
                labels: &labels,
                codes: &codes,
                portfolio: &portfolio_ids,
            };
            let item = item(it, &at, &known, &mut team_ids)?;
            for k in item
                .external_id
                .iter()
                .chain(item.children.iter().filter_map(|c| c.external_id.as_ref()))
            {
                if !keys.insert(k.clone()) {
                    return Err(bad(&at, format!("external id {k:?} appears twice")));
                }
            }
            out.push(item);
        }
        Ok(out)
    };
    let items = read(raw_items, "items")?;
    let archived = read(raw.archived, "archived")?;
    for t in &teams {
        if let Some(id) = t.order.iter().find(|id| !team_ids.contains(id)) {
            return Err(bad(
                &format!("teams ({})", t.code),
                format!("team item {id} is in its backlog but under no item's children"),
            ));
        }
    }
    let cycles = cycles(raw.cycles, &teams, &items, &archived)?;
    Ok(ClusterFile {
        portfolio,
        items,
        archived,
        history: raw.history,
        teams,
        releases,
        stakeholders,
        cycles,
        ignored,
    })
}

/// Checks each cycle: a name, a real start date, at least one iteration of
/// a week, capacities of teams in the file, items in the file.
fn cycles(
    raw: Vec<crate::store::ExportCycle>,
    teams: &[FileTeam],
    items: &[FileItem],
    archived: &[FileItem],
) -> Result<Vec<crate::store::ExportCycle>, JsonError> {
    let mut names = HashSet::new();
    let mut ids = HashSet::new();
    for (i, c) in raw.iter().enumerate() {
        let at = format!("cycles[{i}] ({})", c.name);
        crate::domain::cycle::clean_name(&c.name).map_err(|e| bad(&at, e))?;
        clean_date(&c.start).map_err(|e| bad(&at, e))?;
        if c.iterations == 0 || c.iteration_weeks == 0 {
            return Err(bad(
                &at,
                "a cycle needs at least one iteration of at least one week",
            ));
        }
        if c.id <= 0 || !ids.insert(c.id) || !names.insert(c.name.to_lowercase()) {
            return Err(bad(
                &at,
                "its id or name appears twice: each cycle needs its own",
            ));
        }
        for cap in &c.capacity {
            if !teams.iter().any(|t| t.code == cap.team) {
                return Err(bad(
                    &at,
                    format!("capacity for team {:?}, which is not in the file", cap.team),
                ));
            }
        }
        for code in &c.items {
            let known = code
                .parse::<crate::domain::item::ItemRef>()
                .ok()
                .is_some_and(|r| items.iter().chain(archived).any(|it| it.id == r.id.0));
            if !known {
                return Err(bad(&at, format!("item {code:?} is not in the file")));
            }
        }
    }
    Ok(raw)
}

/// What the file holds that an item may name.
struct Known<'a> {
    /// Stakeholder names.
    names: &'a HashSet<String>,
    /// Release labels, `Pro 2.1`.
    labels: &'a HashSet<String>,
    /// Team codes.
    codes: &'a HashSet<&'a str>,
    /// Portfolio item ids.
    portfolio: &'a HashSet<i64>,
}

fn item(
    it: RawItem,
    at: &str,
    known: &Known<'_>,
    team_ids: &mut HashSet<i64>,
) -> Result<FileItem, JsonError> {
    let Known {
        names,
        labels,
        codes,
        ..
    } = *known;
    let mut poker_rounds = Vec::new();
    for r in it.poker_rounds {
        poker_rounds.push(FilePokerRound {
            id: r.id,
            field: r.field.parse().map_err(|e| bad(at, e))?,
            at: r.at,
            who: r.who,
            agreed: r.agreed,
            votes: r
                .votes
                .into_iter()
                .map(|v| (v.participant, v.card))
                .collect(),
        });
    }
    let mut children = Vec::new();
    for c in it.children {
        let cat = format!("{at}, team item {}", c.id);
        if c.id <= 0 || !team_ids.insert(c.id) {
            return Err(bad(&cat, "the id is not positive or appears twice"));
        }
        if let Some(t) = &c.team
            && !codes.contains(t.as_str())
        {
            return Err(bad(
                &cat,
                format!("team {t:?} is not among the export's teams"),
            ));
        }
        children.push(FileTeamItem {
            id: c.id,
            team: c.team,
            title: clean_title(&c.title).map_err(|e| bad(&cat, e))?,
            item_type: c.item_type.parse().map_err(|e| bad(&cat, e))?,
            state: c.state.parse().map_err(|e| bad(&cat, e))?,
            effort: c.effort,
            external_id: c.external_id,
            description: c.description,
        });
    }
    if let Some(r) = it.releases.iter().find(|r| !labels.contains(*r)) {
        return Err(bad(
            at,
            format!("release {r:?} is not among the export's releases"),
        ));
    }
    if let Some(s) = it.requested_by.iter().find(|s| !names.contains(*s)) {
        return Err(bad(
            at,
            format!("stakeholder {s:?} is not among the export's stakeholders"),
        ));
    }
    let portfolio = match &it.portfolio {
        None => None,
        Some(code) => {
            let id = code.parse::<PortfolioId>().map_err(|e| bad(at, e))?;
            if !known.portfolio.contains(&id.0) {
                return Err(bad(
                    at,
                    format!("portfolio item {code:?} is not among the export's portfolio"),
                ));
            }
            Some(id.0)
        }
    };
    Ok(FileItem {
        id: it.id,
        kind: it.kind.parse().map_err(|e| bad(at, e))?,
        title: clean_title(&it.title).map_err(|e| bad(at, e))?,
        description: it.description,
        state: it.state.parse().map_err(|e| bad(at, e))?,
        value: it.value,
        effort: it.effort,
        business_value: it.business_value,
        time_criticality: it.time_criticality,
        risk_reduction: it.risk_reduction,
        dor: it.dor.map(|d| d.met).unwrap_or_default(),
        poker_rounds,
        children,
        releases: it.releases,
        requested_by: it.requested_by,
        labels: crate::domain::label::clean_labels(&it.labels).map_err(|e| bad(at, e))?,
        created_at: it.created_at,
        updated_at: it.updated_at,
        external_id: it.external_id,
        acceptance: it.acceptance,
        source: it.source,
        archived_at: it.archived_at,
        portfolio,
        business_case: it.business_case,
        questions: it.questions,
    })
}

/// The portfolio in portfolio rank (a rank, where given, decides), its
/// archived items after in the file's order.
fn portfolio(raw: Vec<RawPortfolioItem>) -> Result<Vec<FilePortfolioItem>, JsonError> {
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (n, p) in raw.into_iter().enumerate() {
        let at = format!("portfolio[{n}] (id {})", p.id);
        if p.id <= 0 || !ids.insert(p.id) {
            return Err(bad(
                &at,
                "the id is not positive or appears twice: each portfolio item needs its own",
            ));
        }
        if p.kind.trim().is_empty() {
            return Err(bad(&at, "the portfolio item has no kind"));
        }
        if p.state.trim().is_empty() {
            return Err(bad(&at, "the portfolio item has no state"));
        }
        let place = match (&p.archived_at, p.rank) {
            (Some(_), _) => (1, 0),
            (None, rank) => (0, rank.unwrap_or(usize::MAX)),
        };
        out.push((
            place,
            FilePortfolioItem {
                id: p.id,
                title: clean_title(&p.title).map_err(|e| bad(&at, e))?,
                kind: p.kind,
                description: p.description,
                owner: p.owner,
                value: p.value,
                state: p.state,
                business_case: p.business_case,
                created_at: p.created_at,
                updated_at: p.updated_at,
                archived_at: p.archived_at,
            },
        ));
    }
    out.sort_by_key(|(place, _)| *place);
    Ok(out.into_iter().map(|(_, p)| p).collect())
}

fn teams(raw: Vec<RawTeam>) -> Result<Vec<FileTeam>, JsonError> {
    let mut out: Vec<FileTeam> = Vec::new();
    for (n, t) in raw.into_iter().enumerate() {
        let at = format!("teams[{n}] ({})", t.code);
        let code = clean_code(&t.code).map_err(|e| bad(&at, e))?;
        if out.iter().any(|o| o.code == code) {
            return Err(bad(&at, "the team appears twice"));
        }
        if t.name.trim().is_empty() {
            return Err(bad(&at, "the team has no name"));
        }
        out.push(FileTeam {
            id: t.id,
            code,
            name: t.name,
            product_owner: t.product_owner,
            capacity: t.capacity,
            order: t.items.into_iter().map(|i| i.id).collect(),
        });
    }
    Ok(out)
}

fn releases(raw: Vec<RawRelease>) -> Result<Vec<FileRelease>, JsonError> {
    let mut out: Vec<FileRelease> = Vec::new();
    for (n, r) in raw.into_iter().enumerate() {
        let at = format!("releases[{n}] ({} {})", r.variant, r.version);
        let one_word = |s: &str| !s.trim().is_empty() && !s.contains(char::is_whitespace);
        if !one_word(&r.variant) || !one_word(&r.version) {
            return Err(bad(
                &at,
                "a release is a variant and a version, each one word",
            ));
        }
        if out
            .iter()
            .any(|o| o.variant == r.variant && o.version == r.version)
        {
            return Err(bad(&at, "the release appears twice"));
        }
        out.push(FileRelease {
            id: r.id,
            target_date: r
                .target_date
                .map(|d| clean_date(&d))
                .transpose()
                .map_err(|e| bad(&at, e))?,
            state: r
                .state
                .as_deref()
                .unwrap_or("planned")
                .parse()
                .map_err(|e| bad(&at, e))?,
            variant: r.variant,
            version: r.version,
            notes: r.notes,
            planned_at: r.planned_at,
            accepted_at: r.accepted_at,
            accepted_by: r.accepted_by,
            released_at: r.released_at,
            dod: r.dod,
        });
    }
    Ok(out)
}

fn stakeholders(raw: Vec<RawStakeholder>) -> Result<Vec<FileStakeholder>, JsonError> {
    let mut out: Vec<FileStakeholder> = Vec::new();
    for (n, s) in raw.into_iter().enumerate() {
        let at = format!("stakeholders[{n}]");
        let name = s.name.trim().to_string();
        if name.is_empty() {
            return Err(bad(&at, "the stakeholder has no name"));
        }
        if out.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            return Err(bad(&at, format!("stakeholder {name:?} appears twice")));
        }
        out.push(FileStakeholder {
            id: s.id,
            name,
            group: s.group,
            contact: s.contact,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_top_level_keys_are_named_not_refused() {
        let f = parse(br#"{"format": 1, "schema": 7, "items": [], "sprints": []}"#).unwrap();
        assert_eq!(f.ignored, vec!["sprints".to_string()]);
    }

    #[test]
    fn a_newer_format_or_no_format_is_refused_with_the_way_out() {
        let e = parse(br#"{"format": 2, "items": []}"#).unwrap_err();
        assert!(e.0.contains("upgrade clusterboard"), "{e}");
        let e = parse(br#"{"items": []}"#).unwrap_err();
        assert!(e.0.contains("export --format json"), "{e}");
    }

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let e = parse(b"{\"format\": 1,\n  \"items\": [x]}").unwrap_err();
        assert!(e.0.starts_with("line 2, column "), "{e}");
    }

    #[test]
    fn an_unknown_kind_names_the_item() {
        let e = parse(
            br#"{"format": 1, "items": [{"id": 3, "kind": "epik", "title": "T", "state": "funnel"}]}"#,
        )
        .unwrap_err();
        assert!(
            e.0.contains("items[0] (id 3)") && e.0.contains("\"epik\""),
            "{e}"
        );
    }
}
