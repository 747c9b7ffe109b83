//! The Jira map: which issue types become which items, which statuses which
//! columns, which columns hold what. The shipped map (`assets/jira-map.toml`)
//! with a user's map layered over it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::domain::team::{ItemType, clean_code};
use crate::domain::{Kind, State};

/// The map built into the binary.
pub const DEFAULT_MAP: &str = include_str!("../../assets/jira-map.toml");

/// The fields `[columns]` may name, in the order the README lists them.
pub const FIELDS: [&str; 21] = [
    "key",
    "id",
    "summary",
    "type",
    "status",
    "status_category",
    "priority",
    "description",
    "parent",
    "fix_versions",
    "team",
    "project",
    "project_name",
    "created",
    "resolved",
    "rank",
    "effort",
    "value",
    "requested_by",
    "labels",
    "sprint",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    types: BTreeMap<String, Spanned<RawType>>,
    #[serde(default)]
    status: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    status_category: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    priority: BTreeMap<String, u32>,
    #[serde(default)]
    teams: RawTeams,
    #[serde(default)]
    releases: RawReleases,
    #[serde(default)]
    parents: RawParents,
    #[serde(default)]
    order: RawOrder,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawType {
    level: String,
    kind: Option<String>,
    #[serde(rename = "type")]
    item_type: Option<String>,
    without_parent: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeams {
    default: Option<Spanned<String>>,
    #[serde(default)]
    codes: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReleases {
    variant: Option<Spanned<String>>,
    #[serde(default)]
    names: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParents {
    missing: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrder {
    by: Option<Spanned<String>>,
}

/// What one issue type becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRule {
    /// A portfolio item of this portfolio kind; the cluster items under it
    /// are derived from it.
    Portfolio(String),
    Cluster(Kind),
    /// A team item; with no parent, a cluster item of this kind (`None`: skipped).
    Team {
        item_type: ItemType,
        alone: Option<Kind>,
    },
    Skip,
}

/// Where one status puts an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRule {
    Column(State),
    Skip,
}

/// What to do with an issue whose parent is nowhere to be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingParent {
    Refuse,
    TopLevel,
    Skip,
}

/// Which order the backlog takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Rank,
    File,
}

/// The map, checked, with every name lower-cased for lookups.
#[derive(Debug, Clone)]
pub struct JiraMap {
    /// Header names per field, in the order to try them.
    pub columns: BTreeMap<String, Vec<String>>,
    pub types: BTreeMap<String, TypeRule>,
    pub status: BTreeMap<String, StatusRule>,
    pub status_category: BTreeMap<String, StatusRule>,
    pub priority: BTreeMap<String, u32>,
    pub default_team: String,
    pub team_codes: BTreeMap<String, String>,
    /// `None`: the project key.
    pub variant: Option<String>,
    pub release_names: BTreeMap<String, (String, String)>,
    pub missing_parent: MissingParent,
    pub order: Order,
}

/// A map file that cannot be used, with the place and the way out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("map {file}{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
pub struct MapError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

impl JiraMap {
    /// The shipped map, with the user's file (if any) layered over it.
    pub fn load(user: Option<&Path>) -> Result<JiraMap, MapError> {
        let mut raw = parse(DEFAULT_MAP, "(built in)")?;
        if let Some(path) = user {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| MapError {
                file: name.clone(),
                line: None,
                message: format!("cannot be read ({e}): check the path given to --map"),
            })?;
            let mine = parse(&text, &name)?;
            check(&mine, &text, &name)?;
            layer(&mut raw, mine);
        }
        build(raw)
    }

    /// The header names to try for a field.
    pub fn names(&self, field: &str) -> &[String] {
        self.columns.get(field).map_or(&[], Vec::as_slice)
    }
}

fn parse(text: &str, file: &str) -> Result<RawMap, MapError> {
    toml::from_str(text).map_err(|e| MapError {
        file: file.to_string(),
        line: e.span().map(|s| line_at(text, s.start)),
        message: format!(
            "{}; see `clusterboard import jira-map` for the form",
            e.message().trim()
        ),
    })
}

/// Checks every value of a user's map, so a mistake is reported at its line.
fn check(raw: &RawMap, text: &str, file: &str) -> Result<(), MapError> {
    let at = |span: std::ops::Range<usize>, message: String| MapError {
        file: file.to_string(),
        line: Some(line_at(text, span.start)),
        message,
    };
    for field in raw.columns.keys() {
        if !FIELDS.contains(&field.get_ref().as_str()) {
            return Err(at(
                field.span(),
                format!(
                    "[columns] has no field {:?}: the fields are {}",
                    field.get_ref(),
                    FIELDS.join(", ")
                ),
            ));
        }
    }
    for (name, t) in &raw.types {
        type_rule(name, t.get_ref()).map_err(|m| at(t.span(), m))?;
    }
    for (table, statuses) in [
        ("status", &raw.status),
        ("status_category", &raw.status_category),
    ] {
        for (name, s) in statuses {
            status_rule(s.get_ref())
                .map_err(|m| at(s.span(), format!("[{table}] {name:?}: {m}")))?;
        }
    }
    for (name, c) in &raw.teams.codes {
        clean_code(c.get_ref())
            .map_err(|m| at(c.span(), format!("[teams.codes] {name:?}: {m}")))?;
    }
    if let Some(d) = &raw.teams.default {
        clean_code(d.get_ref()).map_err(|m| at(d.span(), format!("[teams] default: {m}")))?;
    }
    if let Some(v) = &raw.releases.variant
        && v.get_ref().contains(char::is_whitespace)
    {
        return Err(at(
            v.span(),
            format!(
                "[releases] variant {:?} has a space: a variant is one word, e.g. Pro",
                v.get_ref()
            ),
        ));
    }
    for (name, r) in &raw.releases.names {
        release_name(r.get_ref())
            .map_err(|m| at(r.span(), format!("[releases.names] {name:?}: {m}")))?;
    }
    if let Some(m) = &raw.parents.missing {
        missing_parent(m.get_ref()).map_err(|e| at(m.span(), e))?;
    }
    if let Some(o) = &raw.order.by {
        order(o.get_ref()).map_err(|e| at(o.span(), e))?;
    }
    Ok(())
}

/// Lays `mine` over `base`: its entries replace those of the same name.
fn layer(base: &mut RawMap, mine: RawMap) {
    base.columns.extend(mine.columns);
    replace(&mut base.types, mine.types);
    replace(&mut base.status, mine.status);
    replace(&mut base.status_category, mine.status_category);
    base.priority.extend(mine.priority);
    base.teams.codes.extend(mine.teams.codes);
    base.releases.names.extend(mine.releases.names);
    if mine.teams.default.is_some() {
        base.teams.default = mine.teams.default;
    }
    if mine.releases.variant.is_some() {
        base.releases.variant = mine.releases.variant;
    }
    if mine.parents.missing.is_some() {
        base.parents.missing = mine.parents.missing;
    }
    if mine.order.by.is_some() {
        base.order.by = mine.order.by;
    }
}

/// Puts each entry of `mine` into `base`, dropping one of the same name in any case.
fn replace<V>(base: &mut BTreeMap<String, V>, mine: BTreeMap<String, V>) {
    for (k, v) in mine {
        let lower = k.to_lowercase();
        base.retain(|old, _| old.to_lowercase() != lower);
        base.insert(k, v);
    }
}

fn kind(word: &str, what: &str) -> Result<Kind, String> {
    word.parse::<Kind>().map_err(|e| format!("{what}: {e}"))
}

fn type_rule(name: &str, t: &RawType) -> Result<TypeRule, String> {
    let ctx = format!("[types] {name:?}");
    match t.level.trim().to_lowercase().as_str() {
        "cluster" => {
            let k = t.kind.as_deref().ok_or_else(|| {
                format!("{ctx}: a cluster item needs a kind, e.g. kind = \"feature\"")
            })?;
            Ok(TypeRule::Cluster(kind(k, &ctx)?))
        }
        "team" => {
            let item_type = t
                .item_type
                .as_deref()
                .unwrap_or("story")
                .parse::<ItemType>()
                .map_err(|e| format!("{ctx}: {e}"))?;
            let alone = match t.without_parent.as_deref().map(str::trim) {
                None | Some("skip") => None,
                Some(k) => Some(kind(k, &format!("{ctx} without_parent"))?),
            };
            Ok(TypeRule::Team { item_type, alone })
        }
        "skip" => Ok(TypeRule::Skip),
        "portfolio" => {
            let k = t.kind.as_deref().map_or("system", str::trim);
            if k.is_empty() {
                return Err(format!(
                    "{ctx}: a portfolio item's kind is empty: name one, e.g. kind = \"product\""
                ));
            }
            if t.item_type.is_some() || t.without_parent.is_some() {
                return Err(format!(
                    "{ctx}: type and without_parent belong to level = \"team\", not to a portfolio item"
                ));
            }
            Ok(TypeRule::Portfolio(k.to_lowercase()))
        }
        other => Err(format!(
            "{ctx}: unknown level {other:?}: use \"portfolio\", \"cluster\", \"team\" or \"skip\""
        )),
    }
}

fn status_rule(word: &str) -> Result<StatusRule, String> {
    if word.trim().eq_ignore_ascii_case("skip") {
        return Ok(StatusRule::Skip);
    }
    word.parse::<State>()
        .map(StatusRule::Column)
        .map_err(|e| format!("{e}, or skip"))
}

/// `"Pro 2.1"` → `("Pro", "2.1")`.
fn release_name(s: &str) -> Result<(String, String), String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [variant, version] => Ok(((*variant).to_string(), (*version).to_string())),
        _ => Err(format!(
            "{s:?} is not a release: write a variant and a version, each one word, e.g. \"Pro 2.2\""
        )),
    }
}

fn missing_parent(s: &str) -> Result<MissingParent, String> {
    match s.trim() {
        "refuse" => Ok(MissingParent::Refuse),
        "top-level" => Ok(MissingParent::TopLevel),
        "skip" => Ok(MissingParent::Skip),
        other => Err(format!(
            "[parents] missing {other:?}: use \"refuse\", \"top-level\" or \"skip\""
        )),
    }
}

fn order(s: &str) -> Result<Order, String> {
    match s.trim() {
        "rank" => Ok(Order::Rank),
        "file" => Ok(Order::File),
        other => Err(format!("[order] by {other:?}: use \"rank\" or \"file\"")),
    }
}

fn build(raw: RawMap) -> Result<JiraMap, MapError> {
    let bad = |message: String| MapError {
        file: "(built in)".into(),
        line: None,
        message,
    };
    let mut types = BTreeMap::new();
    for (name, t) in &raw.types {
        types.insert(
            name.to_lowercase(),
            type_rule(name, t.get_ref()).map_err(bad)?,
        );
    }
    let statuses = |m: &BTreeMap<String, Spanned<String>>| -> Result<_, MapError> {
        let mut out = BTreeMap::new();
        for (name, s) in m {
            out.insert(name.to_lowercase(), status_rule(s.get_ref()).map_err(bad)?);
        }
        Ok(out)
    };
    let mut release_names = BTreeMap::new();
    for (name, r) in &raw.releases.names {
        release_names.insert(name.to_lowercase(), release_name(r.get_ref()).map_err(bad)?);
    }
    let mut team_codes = BTreeMap::new();
    for (name, c) in &raw.teams.codes {
        team_codes.insert(name.to_lowercase(), clean_code(c.get_ref()).map_err(bad)?);
    }
    let default_team = clean_code(
        raw.teams
            .default
            .as_ref()
            .map_or("JIRA", |d| d.get_ref().as_str()),
    )
    .map_err(bad)?;
    Ok(JiraMap {
        columns: raw
            .columns
            .into_iter()
            .map(|(k, v)| (k.into_inner(), v))
            .collect(),
        status: statuses(&raw.status)?,
        status_category: statuses(&raw.status_category)?,
        types,
        priority: raw
            .priority
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect(),
        default_team,
        team_codes,
        variant: raw
            .releases
            .variant
            .map(Spanned::into_inner)
            .filter(|v| !v.trim().is_empty()),
        release_names,
        missing_parent: raw
            .parents
            .missing
            .map_or(Ok(MissingParent::Refuse), |m| missing_parent(m.get_ref()))
            .map_err(bad)?,
        order: raw
            .order
            .by
            .map_or(Ok(Order::Rank), |o| order(o.get_ref()))
            .map_err(bad)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_map_loads() {
        let map = JiraMap::load(None).unwrap();
        assert_eq!(map.types["epic"], TypeRule::Cluster(Kind::Feature));
        assert_eq!(map.status["to do"], StatusRule::Column(State::Funnel));
        assert_eq!(map.missing_parent, MissingParent::Refuse);
        for field in map.columns.keys() {
            assert!(FIELDS.contains(&field.as_str()), "{field}");
        }
    }

    #[test]
    fn a_users_map_replaces_entries_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.toml");
        std::fs::write(
            &path,
            "[types]\nepic = { level = \"cluster\", kind = \"system\" }\n\
             [status]\n\"UAT\" = \"ready\"\n[parents]\nmissing = \"top-level\"\n",
        )
        .unwrap();
        let map = JiraMap::load(Some(&path)).unwrap();
        assert_eq!(map.types["epic"], TypeRule::Cluster(Kind::System));
        assert!(map.types.contains_key("story"));
        assert_eq!(map.status["uat"], StatusRule::Column(State::Ready));
        assert_eq!(map.status["done"], StatusRule::Column(State::Done));
        assert_eq!(map.missing_parent, MissingParent::TopLevel);
    }

    #[test]
    fn a_wrong_kind_in_a_users_map_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.toml");
        std::fs::write(
            &path,
            "[types]\n\n\"Epic\" = { level = \"cluster\", kind = \"epik\" }\n",
        )
        .unwrap();
        let err = JiraMap::load(Some(&path)).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.to_string().contains("\"epik\""), "{err}");
        assert!(err.to_string().contains("feature"), "{err}");
    }
}
