//! A Jira CSV export turned into an import batch: each row checked against
//! the map, parents followed up to the cluster item a team item hangs under,
//! the backlog order kept, and every problem placed at its line and column.

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher;

use super::map::{JiraMap, MissingParent, Order, StatusRule, TypeRule};
use super::sheet::{Sheet, SheetRow};
use super::{Note, Notes, Place, Problem, dates};
use crate::domain::label::{clean_label, sprint_label};
use crate::domain::team::{TeamState, clean_code};
use crate::domain::{Kind, State};
use crate::store::{
    ImportBatch, ImportItem, ImportParent, ImportPortfolioItem, ImportTeamItem, Imported, NewTeam,
};

/// Headers that wrap a custom field's name: `Custom field (Story Points)`.
const CUSTOM_PREFIXES: [&str; 4] = [
    "custom field",
    "campo personalizado",
    "benutzerdefiniertes feld",
    "champ personnalisé",
];

/// A row left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: u64,
    pub key: String,
    pub reason: String,
}

/// What a Jira file would import, and what stands in the way.
#[derive(Debug, Default)]
pub struct JiraPlan {
    pub batch: ImportBatch,
    pub problems: Vec<Problem>,
    pub notes: Vec<Note>,
    pub skipped: Vec<Skipped>,
    /// Issue rows read (blank rows not counted).
    pub rows: usize,
}

fn header_matches(header: &str, name: &str) -> bool {
    let h = header.trim().to_lowercase();
    let n = name.trim().to_lowercase();
    h == n
        || CUSTOM_PREFIXES.iter().any(|p| {
            h.strip_prefix(p).and_then(|r| r.trim().strip_prefix('(')) == Some(&format!("{n})"))
        })
}

/// The columns a field may be read from: every header matching one of its
/// names, in the order of the names, then of the file.
fn columns(headers: &[String], names: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    for n in names {
        for (i, h) in headers.iter().enumerate() {
            if header_matches(h, n) && !out.contains(&i) {
                out.push(i);
            }
        }
    }
    out
}

/// One column of a field: where it is and what it is called.
#[derive(Debug, Clone)]
struct Col {
    index: usize,
    header: String,
}

struct Layout {
    fields: HashMap<&'static str, Vec<Col>>,
}

impl Layout {
    fn new(headers: &[String], map: &JiraMap) -> Layout {
        let mut fields = HashMap::new();
        for f in super::map::FIELDS {
            let cols = columns(headers, map.names(f))
                .into_iter()
                .map(|index| Col {
                    index,
                    header: headers[index].clone(),
                })
                .collect();
            fields.insert(f, cols);
        }
        Layout { fields }
    }

    fn all(&self, field: &str) -> &[Col] {
        self.fields.get(field).map_or(&[], Vec::as_slice)
    }

    /// The first column of a field (a single-valued field).
    fn one(&self, field: &str) -> Option<&Col> {
        self.all(field).first()
    }

    /// The first non-empty cell of a field in a row, with its place.
    fn value<'r>(&self, row: &'r SheetRow, field: &str) -> Option<(&'r str, Place)> {
        self.all(field).iter().find_map(|c| {
            let v = row.cell(c.index);
            (!v.is_empty()).then(|| (v, place(row, c)))
        })
    }
}

fn place(row: &SheetRow, col: &Col) -> Place {
    Place::cell(row.line, col.index + 1, Some(col.header.clone()))
}

/// A release as `(variant, version)`.
type Release = (String, String);
/// Fix versions with the cell each came from.
type Versions = Vec<(Release, Place)>;

/// One row, read and checked.
#[derive(Debug)]
struct Issue {
    line: u64,
    key: String,
    key_place: Place,
    /// Jira's numeric Issue id, which Cloud's Parent column holds.
    id: Option<String>,
    title: String,
    description: String,
    rule: TypeRule,
    /// `None`: the status says to leave it out.
    state: Option<State>,
    effort: Option<u32>,
    value: Option<u32>,
    fix_versions: Versions,
    requested_by: Vec<String>,
    team: String,
    team_name: String,
    project: Option<String>,
    created: Option<String>,
    /// When Jira resolved it, `YYYY-MM-DDTHH:MM:00.000Z`.
    resolved: Option<String>,
    rank: Option<String>,
    /// Its labels, each once, in the order of the columns.
    labels: Vec<String>,
    /// Its last sprint (the last Sprint column with a value).
    sprint: Option<String>,
    /// Parent candidates in the order of the map's columns.
    parents: Vec<(String, Place)>,
}

fn is_key(s: &str) -> bool {
    let Some((project, number)) = s.rsplit_once('-') else {
        return false;
    };
    project
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && project
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// Points as Jira writes them (`5`, `5.0`, `0.5`, `2,5`): whole points,
/// fractions rounded up.
fn parse_points(s: &str) -> Result<(u32, bool), String> {
    let t = s.trim().replace(',', ".");
    let n: f64 = t
        .parse()
        .map_err(|_| format!("{s:?} is not a number of points: write a number such as 5 or 0.5"))?;
    if !n.is_finite() || n < 0.0 {
        return Err(format!(
            "{s:?} is not a number of points: points are 0 or more"
        ));
    }
    if n > 100_000.0 {
        return Err(format!(
            "{s:?} points is more than any estimate: check the column"
        ));
    }
    let whole = n.ceil();
    Ok((whole as u32, (whole - n).abs() > f64::EPSILON))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the issue rows; problems for what is wrong in each.
struct Reader<'a> {
    map: &'a JiraMap,
    layout: Layout,
    problems: Vec<Problem>,
    notes: Notes,
}

impl Reader<'_> {
    fn problem(&mut self, place: Place, message: String) {
        self.problems.push(Problem::at(place, message));
    }

    fn points(&mut self, row: &SheetRow, field: &str) -> Option<u32> {
        let (v, at) = self.layout.value(row, field)?;
        match parse_points(v) {
            Ok((n, rounded)) => {
                if rounded {
                    self.notes.add(
                        format!(
                            "{field} points that were fractions were rounded up to whole points"
                        ),
                        at,
                    );
                }
                Some(n)
            }
            Err(m) => {
                self.problem(at, m);
                None
            }
        }
    }

    fn type_rule(&mut self, row: &SheetRow) -> Option<TypeRule> {
        let Some((t, at)) = self.layout.value(row, "type") else {
            let at = self
                .layout
                .one("type")
                .map_or(Place::line(row.line), |c| place(row, c));
            self.problem(at, "the issue type is empty: every issue needs one".into());
            return None;
        };
        if let Some(r) = self.map.types.get(&t.to_lowercase()) {
            return Some(r.clone());
        }
        self.problem(
            at,
            format!(
                "issue type {t:?} is not in the map: add it to a map file under [types], \
                 e.g. \"{t}\" = {{ level = \"team\", type = \"story\", without_parent = \"feature\" }}, \
                 and pass --map"
            ),
        );
        None
    }

    /// Where the status puts the issue; `None` after a problem.
    fn state(&mut self, row: &SheetRow) -> Option<StatusRule> {
        let Some((s, at)) = self.layout.value(row, "status") else {
            return Some(StatusRule::Column(State::Funnel));
        };
        if let Some(r) = self.map.status.get(&s.to_lowercase()) {
            return Some(*r);
        }
        if let Some((c, _)) = self.layout.value(row, "status_category")
            && let Some(r) = self.map.status_category.get(&c.to_lowercase())
        {
            let r = *r;
            let to = match r {
                StatusRule::Column(c) => c.as_str(),
                StatusRule::Skip => "skip",
            };
            self.notes.add(
                format!(
                    "status {s:?} is not in the map, so its category {c:?} chose {to}; \
                     add \"{s}\" = \"…\" under [status] in a map to choose"
                ),
                at,
            );
            return Some(r);
        }
        self.problem(
            at,
            format!(
                "status {s:?} is not in the map: add it to a map file under [status], \
                 e.g. \"{s}\" = \"implementing\" (or \"skip\"), and pass --map"
            ),
        );
        None
    }

    /// The Resolved date; one that is no date is a problem, as a wrong day
    /// would give a wrong lead time.
    fn resolved(&mut self, row: &SheetRow) -> Option<String> {
        let (r, at) = self.layout.value(row, "resolved")?;
        let d = dates::parse(r);
        if d.is_none() {
            self.problem(
                at,
                format!(
                    "{r:?} is not a date clusterboard reads: write it as Jira does \
                     (15/Feb/26 4:37 PM, 2026-02-15 16:37, 15/02/2026 16:37), or leave it empty"
                ),
            );
        }
        d
    }

    /// The labels of the Labels columns: one a column as Jira writes them,
    /// or several in one cell, split at spaces (a Jira label has none).
    fn labels(&mut self, row: &SheetRow) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.layout.all("labels").to_vec() {
            for word in row.cell(c.index).split_whitespace() {
                match clean_label(word) {
                    Ok(l) if !out.iter().any(|o| o.eq_ignore_ascii_case(&l)) => out.push(l),
                    Ok(_) => {}
                    Err(e) => self.problem(place(row, &c), format!("{e}; fix the label in Jira")),
                }
            }
        }
        out
    }

    /// The last sprint of the Sprint columns, as its label `sprint:NAME`.
    fn sprint(&mut self, row: &SheetRow) -> Option<String> {
        let c = self
            .layout
            .all("sprint")
            .iter()
            .rev()
            .find(|c| !row.cell(c.index).is_empty())?
            .clone();
        match sprint_label(row.cell(c.index)) {
            Ok(l) => Some(l),
            Err(e) => {
                self.problem(
                    place(row, &c),
                    format!("{e}; shorten the sprint's name in Jira"),
                );
                None
            }
        }
    }

    fn team(&mut self, row: &SheetRow) -> Option<(String, String)> {
        let project_name = self
            .layout
            .value(row, "project_name")
            .map(|(v, _)| v.to_string());
        if let Some((t, at)) = self.layout.value(row, "team") {
            if let Some(code) = self.map.team_codes.get(&t.to_lowercase()) {
                return Some((code.clone(), t.to_string()));
            }
            if let Ok(code) = clean_code(t) {
                return Some((code, t.to_string()));
            }
            self.problem(
                at,
                format!(
                    "team {t:?} is not a team code (2 to 6 letters or digits): name its code \
                     in a map under [teams.codes], e.g. \"{t}\" = \"PAY\", and pass --map"
                ),
            );
            return None;
        }
        if let Some((p, _)) = self.layout.value(row, "project")
            && let Ok(code) = clean_code(p)
        {
            return Some((code, project_name.unwrap_or_else(|| p.to_string())));
        }
        Some((self.map.default_team.clone(), self.map.default_team.clone()))
    }

    fn releases(&mut self, row: &SheetRow, project: Option<&str>) -> Versions {
        let mut out = Vec::new();
        for c in self.layout.all("fix_versions").to_vec() {
            let v = row.cell(c.index);
            if v.is_empty() {
                continue;
            }
            if let Some(named) = self.map.release_names.get(&v.to_lowercase()) {
                out.push((named.clone(), place(row, &c)));
                continue;
            }
            let variant = self
                .map
                .variant
                .clone()
                .or_else(|| project.map(str::to_string))
                .unwrap_or_else(|| "Jira".to_string());
            out.push(((variant, squash(v).replace(' ', "-")), place(row, &c)));
        }
        out
    }

    fn read(&mut self, row: &SheetRow) -> Option<Issue> {
        let before = self.problems.len();
        let key_col = self.layout.one("key")?.clone();
        let key_place = place(row, &key_col);
        let key = row.cell(key_col.index).to_string();
        if !is_key(&key) {
            self.problem(
                key_place.clone(),
                format!("{key:?} is not a Jira issue key: keys look like PROJ-12"),
            );
        }
        let title = self.layout.value(row, "summary").map(|(v, _)| squash(v));
        let title = match title {
            Some(t) if t.chars().count() <= 500 => t,
            Some(t) => {
                let at = self.layout.value(row, "summary").map(|(_, p)| p);
                self.problem(
                    at.unwrap_or_else(|| key_place.clone()),
                    format!(
                        "the summary is {} characters long: keep it under 500",
                        t.chars().count()
                    ),
                );
                String::new()
            }
            None => {
                let at = self
                    .layout
                    .one("summary")
                    .map_or(Place::line(row.line), |c| place(row, c));
                self.problem(at, "the summary is empty: every issue needs one".into());
                String::new()
            }
        };
        let rule = self.type_rule(row);
        let state = self.state(row);
        let effort = self.points(row, "effort");
        let value = self.points(row, "value").or_else(|| {
            let (p, _) = self.layout.value(row, "priority")?;
            self.map.priority.get(&p.to_lowercase()).copied()
        });
        let team = self.team(row);
        let project = self
            .layout
            .value(row, "project")
            .map(|(v, _)| v.to_string());
        let fix_versions = self.releases(row, project.as_deref());
        let created = match self.layout.value(row, "created") {
            Some((c, at)) => {
                let d = dates::parse(c);
                if d.is_none() {
                    self.notes.add(
                        format!("dates that are not in a form clusterboard reads (such as {c:?}) were left as the time of the import"),
                        at,
                    );
                }
                d
            }
            None => None,
        };
        let resolved = self.resolved(row);
        let labels = self.labels(row);
        let sprint = self.sprint(row);
        let mut parents = Vec::new();
        for c in self.layout.all("parent") {
            let v = row.cell(c.index);
            if !v.is_empty() {
                parents.push((v.to_string(), place(row, c)));
            }
        }
        if self.problems.len() > before {
            return None;
        }
        let (team, team_name) = team?;
        Some(Issue {
            line: row.line,
            key,
            key_place,
            id: self.layout.value(row, "id").map(|(v, _)| v.to_string()),
            title,
            description: self
                .layout
                .one("description")
                .map(|c| {
                    row.cells
                        .get(c.index)
                        .map_or("", |s| s.trim())
                        .replace("\r\n", "\n")
                })
                .unwrap_or_default(),
            rule: rule?,
            state: match state? {
                StatusRule::Column(c) => Some(c),
                StatusRule::Skip => None,
            },
            effort,
            value,
            fix_versions,
            requested_by: self
                .layout
                .all("requested_by")
                .iter()
                .map(|c| row.cell(c.index).to_string())
                .filter(|v| !v.is_empty())
                .collect(),
            team,
            team_name,
            project,
            created,
            resolved,
            rank: self.layout.value(row, "rank").map(|(v, _)| v.to_string()),
            labels,
            sprint,
            parents,
        })
    }
}

/// What an issue becomes once its parents are known.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fate {
    Portfolio(String),
    /// A cluster item, derived from the portfolio item with this key if any.
    Cluster(Kind, Option<String>),
    Team(ImportParent),
    Skipped(String),
    /// A problem was reported for it (or its parent chain).
    Failed,
}

/// Where an issue's parent is.
enum Parent {
    None,
    InFile(usize),
    Imported(ImportParent),
    /// A portfolio item imported before, by its key.
    Portfolio(String),
    Missing(String, Place),
}

struct Resolver<'a, S> {
    issues: &'a [Issue],
    by_key: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    known: &'a HashMap<String, Imported, S>,
    missing: MissingParent,
    fates: Vec<Option<Fate>>,
    visiting: Vec<bool>,
    problems: Vec<Problem>,
}

impl<S: BuildHasher> Resolver<'_, S> {
    fn parent(&self, i: usize) -> Parent {
        let issue = &self.issues[i];
        for (v, _) in &issue.parents {
            if let Some(&j) = self.by_key.get(v).or_else(|| self.by_id.get(v)) {
                return Parent::InFile(j);
            }
            match self.known.get(v) {
                Some(Imported::Item(_)) => {
                    return Parent::Imported(ImportParent::External(v.clone()));
                }
                Some(Imported::TeamItem { parent, .. }) => {
                    return Parent::Imported(ImportParent::Item(*parent));
                }
                Some(Imported::Portfolio(_)) => return Parent::Portfolio(v.clone()),
                None => {}
            }
        }
        match issue.parents.first() {
            Some((v, at)) => Parent::Missing(v.clone(), at.clone()),
            None => Parent::None,
        }
    }

    /// The cluster item a team item under issue `j` hangs under.
    fn anchor(&mut self, j: usize) -> Result<ImportParent, Fate> {
        match self.fate(j) {
            Fate::Cluster(..) => Ok(ImportParent::External(self.issues[j].key.clone())),
            // Handled by `decide` before: a team item right under a portfolio item.
            Fate::Portfolio(_) => Err(Fate::Skipped(format!(
                "its parent {} is a portfolio item",
                self.issues[j].key
            ))),
            Fate::Team(p) => Ok(p),
            Fate::Failed => Err(Fate::Failed),
            // A parent left out: hang under its own parent instead.
            Fate::Skipped(_) => match self.parent(j) {
                Parent::InFile(k) if !self.visiting[k] => self.anchor(k),
                Parent::Imported(p) => Ok(p),
                _ => Err(Fate::Skipped(format!(
                    "its parent {} is left out of the import",
                    self.issues[j].key
                ))),
            },
        }
    }

    /// The key of the portfolio item issue `i` sits right under, if it does.
    fn portfolio_parent(&mut self, i: usize) -> Option<String> {
        match self.parent(i) {
            Parent::Portfolio(k) => Some(k),
            Parent::InFile(j) if !self.visiting[j] => match self.fate(j) {
                Fate::Portfolio(_) => Some(self.issues[j].key.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn fate(&mut self, i: usize) -> Fate {
        if let Some(f) = &self.fates[i] {
            return f.clone();
        }
        if self.visiting[i] {
            let issue = &self.issues[i];
            self.problems.push(Problem::at(
                issue.key_place.clone(),
                format!(
                    "{} is its own ancestor (its parents form a circle): fix the parent links in Jira",
                    issue.key
                ),
            ));
            return Fate::Failed;
        }
        self.visiting[i] = true;
        let f = self.decide(i);
        self.visiting[i] = false;
        self.fates[i] = Some(f.clone());
        f
    }

    fn decide(&mut self, i: usize) -> Fate {
        let issue = &self.issues[i];
        if issue.state.is_none() {
            return Fate::Skipped("its status is set to skip in the map".into());
        }
        let alone = match &issue.rule {
            TypeRule::Skip => {
                return Fate::Skipped("its issue type is set to skip in the map".into());
            }
            TypeRule::Portfolio(k) => return Fate::Portfolio(k.clone()),
            TypeRule::Cluster(k) => {
                let k = *k;
                return Fate::Cluster(k, self.portfolio_parent(i));
            }
            TypeRule::Team { alone, .. } => *alone,
        };
        let alone = |why: &str, from: Option<String>| match alone {
            Some(k) => Fate::Cluster(k, from),
            None => Fate::Skipped(format!("{why}, and the map says without_parent = \"skip\"")),
        };
        // Right under a portfolio item there is no cluster item to hang
        // under: it becomes a cluster item derived from the portfolio item.
        if let Some(p) = self.portfolio_parent(i) {
            return alone(&format!("its parent {p} is a portfolio item"), Some(p));
        }
        match self.parent(i) {
            Parent::None => alone("it has no parent", None),
            Parent::Imported(p) => Fate::Team(p),
            Parent::Portfolio(_) => Fate::Failed,
            Parent::InFile(j) => match self.anchor(j) {
                Ok(p) => Fate::Team(p),
                Err(f) => f,
            },
            Parent::Missing(v, at) => match self.missing {
                MissingParent::TopLevel => alone("its parent is not in the file", None),
                MissingParent::Skip => Fate::Skipped(format!(
                    "its parent {v} is neither in the file nor imported before"
                )),
                MissingParent::Refuse => {
                    self.problems.push(Problem::at(
                        at,
                        format!(
                            "parent {v} of {} is neither in the file nor imported before: export it \
                             too, or set missing = \"top-level\" (or \"skip\") under [parents] in a map",
                            issue.key
                        ),
                    ));
                    Fate::Failed
                }
            },
        }
    }
}

/// Compares versions as people read them: `1.10` after `1.9`.
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split(['.', '-', '_'])
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_lowercase()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

/// Turns a read sheet into a batch for the store.
pub fn plan_jira<S: BuildHasher>(
    sheet: &Sheet,
    map: &JiraMap,
    known: &HashMap<String, Imported, S>,
    source: &str,
) -> JiraPlan {
    let mut plan = JiraPlan {
        rows: sheet.rows.len(),
        ..JiraPlan::default()
    };
    let layout = Layout::new(&sheet.headers, map);
    let required = [
        ("key", "Issue key"),
        ("summary", "Summary"),
        ("type", "Issue Type"),
    ];
    let absent: Vec<&str> = required
        .iter()
        .filter(|(f, _)| layout.one(f).is_none())
        .map(|(_, n)| *n)
        .collect();
    if !absent.is_empty() {
        let shown: Vec<String> = sheet
            .headers
            .iter()
            .take(6)
            .map(|h| format!("{h:?}"))
            .collect();
        let what = if absent.len() == required.len() {
            "is not a Jira export".to_string()
        } else {
            "is not a whole Jira export".to_string()
        };
        plan.problems.push(Problem::at(
            Place::line(1),
            format!(
                "the file {what}: it has no {} column (its columns begin {}); export the issues \
                 from Jira with \"Export Excel CSV (all fields)\", or name the columns under \
                 [columns] in a map",
                absent
                    .iter()
                    .map(|a| format!("{a:?}"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                shown.join(", ")
            ),
        ));
        return plan;
    }
    let mut reader = Reader {
        map,
        layout,
        problems: Vec::new(),
        notes: Notes::default(),
    };
    if reader.layout.one("status").is_none() {
        reader
            .notes
            .general("the file has no Status column: every issue starts in Funnel".into());
    }
    if sheet.blank_rows > 0 {
        reader.notes.general(format!(
            "{} rows with every cell empty were left out",
            sheet.blank_rows
        ));
    }
    let mut issues = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in &sheet.rows {
        // The key is checked on every row, also one with other problems (which
        // `read` leaves out): a duplicate is a problem of its own.
        let key = reader
            .layout
            .one("key")
            .map(|c| (row.cell(c.index).to_string(), place(row, c)));
        let issue = reader.read(row);
        if let Some((key, key_place)) = key
            && is_key(&key)
        {
            if let Some(first) = first_line.get(&key) {
                reader.problem(
                    key_place,
                    format!(
                        "issue key {key} appears twice (first on line {first}): export each issue once"
                    ),
                );
                continue;
            }
            first_line.insert(key, row.line);
        }
        if let Some(issue) = issue {
            issues.push(issue);
        }
    }
    let by_id: HashMap<String, usize> = issues
        .iter()
        .enumerate()
        .filter_map(|(i, x)| Some((x.id.clone()?, i)))
        .collect();
    plan.problems = reader.problems;
    let mut notes = reader.notes;
    if issues
        .iter()
        .any(|i| matches!(i.rule, TypeRule::Team { .. }) && !i.labels.is_empty())
    {
        notes.general(
            "labels of issues that became team items were not imported: team items have no \
             labels (their sprints label the cluster item they hang under)"
                .into(),
        );
    }
    let mut resolver = Resolver {
        by_key: issues
            .iter()
            .enumerate()
            .map(|(i, x)| (x.key.clone(), i))
            .collect(),
        by_id,
        issues: &issues,
        known,
        missing: map.missing_parent,
        fates: vec![None; issues.len()],
        visiting: vec![false; issues.len()],
        problems: Vec::new(),
    };
    let fates: Vec<Fate> = (0..issues.len()).map(|i| resolver.fate(i)).collect();
    plan.problems.extend(resolver.problems);
    plan.problems
        .sort_by_key(|p| (p.place.line, p.place.column));
    let has_resolved = reader.layout.one("resolved").is_some();
    build_batch(
        &mut plan,
        &issues,
        &fates,
        map,
        &mut notes,
        source,
        has_resolved,
    );
    plan.notes = notes.into_vec();
    plan
}

fn team_state(s: State) -> TeamState {
    match s {
        State::Funnel | State::Analysis | State::Ready | State::Planned => TeamState::Todo,
        State::Implementing | State::Review => TeamState::Doing,
        State::Done | State::Released => TeamState::Done,
    }
}

fn build_batch(
    plan: &mut JiraPlan,
    issues: &[Issue],
    fates: &[Fate],
    map: &JiraMap,
    notes: &mut Notes,
    source: &str,
    has_resolved: bool,
) {
    let mut order: Vec<usize> = (0..issues.len()).collect();
    if map.order == Order::Rank && issues.iter().all(|i| i.rank.is_some()) {
        order.sort_by(|&a, &b| issues[a].rank.cmp(&issues[b].rank));
    } else if map.order == Order::Rank && !issues.is_empty() {
        notes.general(
            "not every issue has a Rank, so the backlog takes the order of the rows".into(),
        );
    }
    // A cluster item with no fix version of its own is planned by its team items'.
    let mut own: HashMap<&str, &[(Release, Place)]> = HashMap::new();
    let mut inherited: HashMap<&str, Versions> = HashMap::new();
    // The last sprints of the team items under each cluster item of the file.
    let mut sprints: HashMap<&str, Vec<String>> = HashMap::new();
    for (issue, fate) in issues.iter().zip(fates) {
        match fate {
            Fate::Cluster(..) => {
                own.insert(&issue.key, &issue.fix_versions);
            }
            Fate::Team(ImportParent::External(k)) => {
                inherited
                    .entry(k.as_str())
                    .or_default()
                    .extend(issue.fix_versions.iter().cloned());
                if let Some(sprint) = &issue.sprint {
                    sprints.entry(k.as_str()).or_default().push(sprint.clone());
                }
            }
            _ => {}
        }
    }
    let mut variants = BTreeSet::new();
    let mut teams: Vec<NewTeam> = Vec::new();
    for &i in &order {
        let issue = &issues[i];
        if let Some(v) = map.variant.clone().or_else(|| issue.project.clone()) {
            variants.insert(v);
        }
        let Some(state) = issue.state else {
            // Skipped for its status; the fate says so.
            plan.skipped.push(Skipped {
                line: issue.line,
                key: issue.key.clone(),
                reason: "its status is set to skip in the map".into(),
            });
            continue;
        };
        match &fates[i] {
            Fate::Failed => {}
            Fate::Skipped(reason) => plan.skipped.push(Skipped {
                line: issue.line,
                key: issue.key.clone(),
                reason: reason.clone(),
            }),
            Fate::Portfolio(kind) => plan.batch.portfolio.push(ImportPortfolioItem {
                line: issue.line,
                external_id: issue.key.clone(),
                kind: kind.clone(),
                title: issue.title.clone(),
                description: issue.description.clone(),
                state,
                value: issue.value,
            }),
            Fate::Cluster(kind, from) => {
                let mut chosen: Vec<Release> = Vec::new();
                let (all, mine) = match own.get(issue.key.as_str()) {
                    Some(v) if !v.is_empty() => (v.to_vec(), true),
                    _ => (
                        inherited
                            .get(issue.key.as_str())
                            .cloned()
                            .unwrap_or_default(),
                        false,
                    ),
                };
                if !mine && !all.is_empty() {
                    notes.general(
                        "cluster items with no fix version of their own are planned into the \
                         highest fix version of their team items"
                            .into(),
                    );
                }
                for ((variant, version), at) in &all {
                    variants.insert(variant.clone());
                    match chosen
                        .iter_mut()
                        .find(|(v, _)| v.eq_ignore_ascii_case(variant))
                    {
                        Some((_, old)) if !mine => {
                            if version_order(version, old).is_gt() {
                                old.clone_from(version);
                            }
                        }
                        Some((_, old)) => {
                            notes.add(
                                "issues with several fix versions of one variant were planned into the highest: \
                                 an item is planned into one release per variant"
                                    .into(),
                                at.clone(),
                            );
                            if version_order(version, old).is_gt() {
                                old.clone_from(version);
                            }
                        }
                        None => chosen.push((variant.clone(), version.clone())),
                    }
                }
                if matches!(state, State::Done | State::Released) && issue.resolved.is_none() {
                    let why = "items in Done or Released with no Resolved date count their lead \
                               time up to the day of the import";
                    if has_resolved {
                        notes.add(why.into(), issue.key_place.clone());
                    } else {
                        notes.general(format!("the file has no Resolved column: {why}"));
                    }
                }
                let mut labels = issue.labels.clone();
                let below = sprints.get(issue.key.as_str()).into_iter().flatten();
                for sprint in issue.sprint.iter().chain(below) {
                    if !labels.iter().any(|l| l.eq_ignore_ascii_case(sprint)) {
                        labels.push(sprint.clone());
                    }
                }
                plan.batch.items.push(ImportItem {
                    line: issue.line,
                    external_id: issue.key.clone(),
                    kind: *kind,
                    title: issue.title.clone(),
                    description: issue.description.clone(),
                    state,
                    value: issue.value,
                    effort: issue.effort,
                    releases: chosen,
                    requested_by: issue.requested_by.clone(),
                    labels,
                    created_at: issue.created.clone(),
                    resolved_at: match state {
                        State::Done | State::Released => issue.resolved.clone(),
                        _ => None,
                    },
                    portfolio: from.clone(),
                });
            }
            Fate::Team(parent) => {
                let TypeRule::Team { item_type, .. } = issue.rule.clone() else {
                    continue;
                };
                if !teams.iter().any(|t| t.code == issue.team) {
                    teams.push(NewTeam {
                        code: issue.team.clone(),
                        name: issue.team_name.clone(),
                        product_owner: None,
                        capacity: None,
                    });
                }
                plan.batch.team_items.push(ImportTeamItem {
                    line: issue.line,
                    external_id: issue.key.clone(),
                    parent: parent.clone(),
                    team: issue.team.clone(),
                    item_type,
                    state: team_state(state),
                    title: issue.title.clone(),
                    description: issue.description.clone(),
                    effort: issue.effort,
                });
            }
        }
    }
    plan.skipped.sort_by_key(|s| s.line);
    plan.batch.teams = teams;
    plan.batch.variants = variants.into_iter().collect();
    plan.batch.source = source.to_string();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_by_name_and_inside_custom_field() {
        assert!(header_matches(
            "Custom field (Story Points)",
            "story points"
        ));
        assert!(header_matches("Campo personalizado (Rank)", "Rank"));
        assert!(header_matches(" Issue key ", "Issue Key"));
        assert!(!header_matches("Inward issue link (Blocks)", "Blocks"));
    }

    #[test]
    fn points_round_fractions_up_and_refuse_words() {
        assert_eq!(parse_points("5.0"), Ok((5, false)));
        assert_eq!(parse_points("0.5"), Ok((1, true)));
        assert_eq!(parse_points("2,5"), Ok((3, true)));
        assert!(parse_points("five").unwrap_err().contains("\"five\""));
        assert!(parse_points("-3").is_err());
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert!(version_order("1.10", "1.9").is_gt());
        assert!(version_order("2.0", "1.12").is_gt());
        assert!(version_order("Beta", "1.0").is_gt());
    }

    fn plan(csv: &str) -> JiraPlan {
        let sheet = crate::import::sheet::read(csv.as_bytes()).unwrap();
        let map = JiraMap::load(None).unwrap();
        plan_jira(&sheet, &map, &HashMap::<String, Imported>::new(), "test")
    }

    #[test]
    fn labels_are_split_and_an_issue_takes_its_last_sprint_and_its_stories_last_ones() {
        let p = plan(
            "Summary,Issue key,Issue Type,Status,Epic Link,Labels,Labels,Sprint,Sprint,Sprint
             Alarm,A-1,Epic,To Do,,mobile ux,Mobile,S 1,,S 3
             Arm it,A-2,Story,To Do,A-1,ignored,,S 4,,
",
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(
            p.batch.items[0].labels,
            vec!["mobile", "ux", "sprint:S 3", "sprint:S 4"]
        );
        assert!(p.notes.iter().any(|n| {
            n.message
                .starts_with("labels of issues that became team items")
        }));
    }

    #[test]
    fn a_resolved_date_counts_for_done_items_only_and_a_bad_one_is_a_problem() {
        let p = plan(
            "Summary,Issue key,Issue Type,Status,Created,Resolved
             Alarm,A-1,Epic,Done,01/Jan/26 9:00 AM,15/Jan/26 4:37 PM
             Maps,A-2,Epic,To Do,01/Jan/26 9:00 AM,15/Jan/26 4:37 PM
",
        );
        assert_eq!(
            p.batch.items[0].resolved_at.as_deref(),
            Some("2026-01-15T16:37:00.000Z")
        );
        assert_eq!(p.batch.items[1].resolved_at, None, "reopened in Jira");
        let p = plan(
            "Summary,Issue key,Issue Type,Status,Resolved
Alarm,A-1,Epic,Done,soon
",
        );
        let at = &p.problems[0].place;
        assert_eq!((at.line, at.column), (2, Some(5)), "{:?}", p.problems);
    }

    #[test]
    fn keys_look_like_jira_keys() {
        assert!(is_key("PROJ-12"));
        assert!(is_key("CS4483-54"));
        assert!(!is_key("12"));
        assert!(!is_key("PROJ-"));
        assert!(!is_key("-12"));
    }
}
