//! Everything known about one item, as the item view (`Enter`) and focus mode
//! (`f`) show it: loaded once when the item is opened, and laid out here as
//! lines of words with their roles, so the reducer (which scrolls) and the
//! views (which style each role from the theme) agree on every line.

use std::ops::Deref;
use std::sync::{Arc, Mutex};

use super::App;
use crate::config::Config;
use crate::domain::dor::{DorState, ticked};
use crate::domain::text::{sanitize, width, wrap};
use crate::domain::{ItemId, Kind, score};
use crate::store::{ItemDetail, PokerRound, StoreError, TimeSpent};

/// How many of an item's changes the item view and focus mode list.
pub const HISTORY_SHOWN: usize = 50;

/// One item, and what lies behind its estimates and its state.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFacts {
    pub detail: ItemDetail,
    /// Keys of the `DoR` points it meets.
    pub dor_met: Vec<String>,
    /// Its planning-poker rounds, oldest first, with every vote.
    pub rounds: Vec<PokerRound>,
    /// How long it was discussed in refinement timeboxes.
    pub time: TimeSpent,
    /// How it moved since the last checkpoint (its name, and the move).
    pub since: Option<(String, super::checkpoint::Moved)>,
    /// A knowledge gap's questions (none for other kinds).
    pub questions: Vec<crate::domain::question::Question>,
    /// These facts as last laid out, so a scroll or a redraw does not wrap
    /// a long text again (new facts come with none).
    pub laid_out: LaidOut,
}

/// The facts laid out for one width and item count: a cache, not state, so
/// it never makes two facts differ.
#[derive(Debug, Default)]
pub struct LaidOut(Mutex<Option<(LayoutKey, Arc<FactColumns>)>>);

type LayoutKey = (usize, bool, usize);

impl Clone for LaidOut {
    fn clone(&self) -> Self {
        LaidOut(Mutex::new(self.0.lock().ok().and_then(|k| k.clone())))
    }
}

impl PartialEq for LaidOut {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Deref for ItemFacts {
    type Target = ItemDetail;

    fn deref(&self) -> &ItemDetail {
        &self.detail
    }
}

/// What a piece of text is, so a view can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Dim,
    Heading,
    Title,
    Kind(Kind),
    Warning,
    Good,
}

/// One line as laid out: pieces of text, each with its role.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FactLine(pub Vec<(Role, String)>);

impl FactLine {
    fn blank() -> FactLine {
        FactLine(Vec::new())
    }

    fn one(role: Role, text: impl Into<String>) -> FactLine {
        FactLine(vec![(role, text.into())])
    }

    /// The line's text, as a test or a width count reads it.
    pub fn text(&self) -> String {
        self.0.iter().map(|(_, t)| t.as_str()).collect()
    }
}

/// Lines for the facts, as one column or as two (a wide screen).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FactColumns {
    /// The item's head: id, kind, rank, state, and the whole title.
    pub head: Vec<FactLine>,
    pub left: Vec<FactLine>,
    /// Empty when everything is in one column.
    pub right: Vec<FactLine>,
}

impl FactColumns {
    /// Lines of the longer column: what scrolling goes through.
    pub fn rows(&self) -> usize {
        self.left.len().max(self.right.len())
    }
}

impl App {
    /// Reads everything the item view and focus mode show about an item.
    pub(crate) fn item_facts(&self, id: ItemId) -> Result<ItemFacts, StoreError> {
        let detail = self.store.item_detail(id, HISTORY_SHOWN)?;
        let detail_kind = detail.item.kind;
        let since = match self.store.last_checkpoint()? {
            Some(cp) => {
                let was = self.store.since(cp.id, id)?;
                let moved = super::checkpoint::Moved::of(
                    &was,
                    detail.rank,
                    detail.item.state,
                    &detail.item.rank_key,
                );
                Some((cp.name, moved))
            }
            None => None,
        };
        Ok(ItemFacts {
            since,
            detail,
            dor_met: self.store.dor_met(id)?,
            rounds: self.store.poker_rounds(id)?,
            time: self.store.time_spent(id)?,
            questions: if detail_kind == Kind::KnowledgeGap {
                self.store.questions(id)?
            } else {
                Vec::new()
            },
            laid_out: LaidOut::default(),
        })
    }
}

/// The most of one text the facts lay out: far more than any screen shows,
/// far less than the megabyte another program may have written.
const TEXT_CHARS: usize = 20_000;

/// Wraps text into `w` cells, never cutting it: every word is kept (up to
/// [`TEXT_CHARS`], after which it says how much more there is).
fn whole(text: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let kept = crate::domain::text::prefix(text, TEXT_CHARS);
    for paragraph in kept.lines() {
        let clean = sanitize(paragraph);
        if clean.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        out.extend(wrap(&clean, w.max(1), usize::MAX));
    }
    if kept.len() < text.len() {
        out.push(format!(
            "… and {} more characters (E opens the whole text)",
            text[kept.len()..].chars().count()
        ));
    }
    out
}

/// Adds `text` wrapped into `w` cells in one role; list items hang under their mark.
fn add(lines: &mut Vec<FactLine>, role: Role, text: &str, w: usize, hang: usize) {
    let first = whole(text, w);
    let Some((head, rest)) = first.split_first() else {
        return;
    };
    lines.push(FactLine::one(role, head.clone()));
    if rest.is_empty() {
        return;
    }
    // Continuation lines are indented under the item, wrapped again to fit.
    let tail = rest.join(" ");
    for l in whole(&tail, w.saturating_sub(hang)) {
        lines.push(FactLine::one(role, format!("{}{l}", " ".repeat(hang))));
    }
}

fn section(lines: &mut Vec<FactLine>, title: String) {
    if !lines.is_empty() {
        lines.push(FactLine::blank());
    }
    lines.push(FactLine::one(Role::Heading, title));
}

fn points(v: Option<u32>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}

/// A timestamp as a person reads it: `2026-11-20 14:02`.
pub fn when(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// [`lay_out`], kept with the facts until the width or the item count
/// changes: a 1 MB description is wrapped once, not on every key.
pub fn laid_out(
    facts: &ItemFacts,
    config: &Config,
    total: usize,
    w: usize,
    two: bool,
) -> Arc<FactColumns> {
    let key = (w, two, total);
    if let Ok(kept) = facts.laid_out.0.lock()
        && let Some((k, cols)) = kept.as_ref()
        && *k == key
    {
        return Arc::clone(cols);
    }
    let cols = Arc::new(lay_out(facts, config, total, w, two));
    if let Ok(mut kept) = facts.laid_out.0.lock() {
        *kept = Some((key, Arc::clone(&cols)));
    }
    cols
}

/// Lays out every fact about an item into `w` cells: one column, or two when
/// `two` (the estimates, teams and history on the right).
pub fn lay_out(
    facts: &ItemFacts,
    config: &Config,
    total: usize,
    w: usize,
    two: bool,
) -> FactColumns {
    let it = &facts.item;
    let col_w = if two { w.saturating_sub(3) / 2 } else { w };
    let mut head = vec![FactLine(vec![
        (Role::Kind(it.kind), it.code()),
        (
            Role::Text,
            format!(
                "  {} · rank {} of {total} · {}",
                it.kind.label(),
                facts.rank,
                it.state.label()
            ),
        ),
    ])];
    for l in whole(&it.title, w) {
        head.push(FactLine::one(Role::Title, l));
    }

    // What it is: the text of the item and its Definition of Ready.
    let mut about = Vec::new();
    section(&mut about, "Description".into());
    if it.description.trim().is_empty() {
        about.push(FactLine::one(Role::Dim, "(none yet: E writes it)"));
    } else {
        add_text(&mut about, &it.description, col_w);
    }
    section(&mut about, "Acceptance criteria".into());
    if it.acceptance.trim().is_empty() {
        about.push(FactLine::one(Role::Dim, "(none yet: E writes them)"));
    } else {
        add_text(&mut about, &it.acceptance, col_w);
    }
    if !it.source.trim().is_empty() {
        section(&mut about, "Source".into());
        add_text(&mut about, &it.source, col_w);
    }
    if it.kind == Kind::KnowledgeGap {
        let left = crate::domain::question::remaining(&facts.questions);
        let open = facts.questions.iter().filter(|q| q.is_open()).count();
        section(
            &mut about,
            format!("Open questions  {open} open · weight {left} = the effort left"),
        );
        if facts.questions.is_empty() {
            about.push(FactLine::one(
                Role::Dim,
                format!("(none yet: :question add {} \"…\" --weight 3)", it.code()),
            ));
        }
        for (i, q) in facts.questions.iter().enumerate() {
            let (mark, role) = if q.is_open() {
                ("[ ]", Role::Warning)
            } else {
                ("[x]", Role::Good)
            };
            add(
                &mut about,
                role,
                &format!("{mark} {}. {} (weight {})", i + 1, q.text, q.weight),
                col_w,
                4,
            );
            if let Some(a) = q.answer.as_deref().filter(|a| !a.trim().is_empty()) {
                add(&mut about, Role::Dim, &format!("      {a}"), col_w, 6);
            }
        }
    }
    let dor = DorState::of(&config.dor, &facts.dor_met);
    section(
        &mut about,
        format!("Definition of Ready  {} met", dor.label()),
    );
    for (point, met) in ticked(&config.dor, &facts.dor_met) {
        let (mark, role) = if met {
            ("[x]", Role::Good)
        } else {
            ("[ ]", Role::Warning)
        };
        add(
            &mut about,
            role,
            &format!("{mark} {}", point.text),
            col_w,
            4,
        );
    }

    // Where it stands, in a few short lines: estimates, releases, who asked.
    let mut summary = Vec::new();
    let s = score::label(score::score(&it.estimates(), config.scoring));
    summary.push(FactLine::one(
        Role::Heading,
        format!(
            "Value {} · Effort {} · Score {s}",
            points(it.value),
            points(it.effort)
        ),
    ));
    if it.business_value.is_some() || it.time_criticality.is_some() || it.risk_reduction.is_some() {
        add(
            &mut summary,
            Role::Text,
            &format!(
                "WSJF: business value {} · time criticality {} · risk reduction {}",
                points(it.business_value),
                points(it.time_criticality),
                points(it.risk_reduction)
            ),
            col_w,
            2,
        );
    }
    let listed = |label: &str, items: &[String], none: &str| {
        if items.is_empty() {
            (Role::Dim, format!("{label}: {none}"))
        } else {
            (
                Role::Text,
                format!("{label}: {}", sanitize(&items.join(", "))),
            )
        }
    };
    let portfolio = match &facts.portfolio {
        Some((code, title)) => (
            Role::Text,
            format!("Portfolio: from {code} \"{}\"", sanitize(title)),
        ),
        None => (
            Role::Dim,
            format!(
                "Portfolio: the cluster's own work (:link {} --to P-1 hangs it under one)",
                it.code()
            ),
        ),
    };
    for (role, text) in [
        portfolio,
        listed("Releases", &facts.releases, "not planned (r plans it)"),
        listed(
            "Requested by",
            &facts.requested_by,
            "no stakeholder recorded",
        ),
        listed(
            "Labels",
            &facts.labels,
            &format!("none (:label add {} NAME adds one)", it.code()),
        ),
    ] {
        add(&mut summary, role, &text, col_w, 2);
    }
    if let Some((name, moved)) = &facts.since {
        let how = if moved.unchanged() {
            "unchanged".to_string()
        } else {
            moved.label(false)
        };
        add(
            &mut summary,
            Role::Text,
            &format!("Since \"{}\": {how}", sanitize(name)),
            col_w,
            2,
        );
    }
    let t = facts.time;
    if t.discussions > 0 {
        add(
            &mut summary,
            Role::Text,
            &format!(
                "In refinement: {} over {} timebox{}",
                crate::domain::timebox::spoken(t.total),
                t.discussions,
                if t.discussions == 1 { "" } else { "es" }
            ),
            col_w,
            2,
        );
    }

    // The detail behind it: the poker rounds, the team items, the history.
    let mut stands = Vec::new();
    section(&mut stands, "Planning poker".into());
    if facts.rounds.is_empty() {
        stands.push(FactLine::one(
            Role::Dim,
            "(no round yet: v and e start one)",
        ));
    }
    for r in facts.rounds.iter().rev() {
        let votes: Vec<String> = r
            .votes
            .iter()
            .map(|v| format!("{}: {}", sanitize(&v.participant), sanitize(&v.card)))
            .collect();
        add(
            &mut stands,
            Role::Text,
            &format!(
                "{} {}, agreed {} by {} — {}",
                r.field.label(),
                sanitize(&r.agreed),
                when(&r.at),
                sanitize(&r.who),
                if votes.is_empty() {
                    "no votes".to_string()
                } else {
                    votes.join(" · ")
                }
            ),
            col_w,
            2,
        );
    }
    let progress = crate::domain::team::Progress::of(&facts.children);
    section(
        &mut stands,
        if facts.children.is_empty() {
            "Teams".to_string()
        } else {
            format!(
                "Teams  {} · {} of {} points done",
                progress.gauge(5),
                progress.done_points,
                progress.total_points
            )
        },
    );
    if facts.children.is_empty() {
        stands.push(FactLine::one(
            Role::Dim,
            "(not split to any team yet: s splits it)",
        ));
    }
    for c in &facts.children {
        let mark = match c.state {
            crate::domain::team::TeamState::Todo => "[ ]",
            crate::domain::team::TeamState::Doing => "[~]",
            crate::domain::team::TeamState::Done => "[x]",
        };
        let effort = c.effort.map_or_else(String::new, |e| format!(" · {e} pts"));
        add(
            &mut stands,
            Role::Text,
            &format!(
                "{mark} {}  {} ({}){effort}",
                c.code(),
                sanitize(&c.title),
                c.item_type
            ),
            col_w,
            4,
        );
    }
    section(&mut stands, "History".into());
    if facts.history.is_empty() {
        stands.push(FactLine::one(Role::Dim, "(no changes recorded)"));
    }
    for c in &facts.history {
        add(
            &mut stands,
            Role::Text,
            &format!(
                "{}  {}  {}",
                when(&c.at),
                sanitize(&c.who),
                sanitize(&c.summary)
            ),
            col_w,
            18,
        );
    }

    if two {
        let mut right = summary;
        right.push(FactLine::blank());
        right.extend(stands);
        FactColumns {
            head,
            left: about,
            right,
        }
    } else {
        let mut left = summary;
        left.push(FactLine::blank());
        left.extend(about);
        left.push(FactLine::blank());
        left.extend(stands);
        FactColumns {
            head,
            left,
            right: Vec::new(),
        }
    }
}

/// Free text: paragraphs kept, every line wrapped, nothing cut.
fn add_text(lines: &mut Vec<FactLine>, text: &str, w: usize) {
    for l in whole(text, w) {
        lines.push(FactLine::one(Role::Text, l));
    }
}

/// The widest a line of `lines` is, in cells.
pub fn widest(lines: &[FactLine]) -> usize {
    lines.iter().map(|l| width(&l.text())).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_text_is_laid_out_up_to_its_limit_and_says_how_much_more() {
        let text = "word ".repeat(10_000); // 50,000 characters
        let lines = whole(&text, 80);
        let last = lines.last().unwrap();
        assert_eq!(last, "… and 30000 more characters (E opens the whole text)");
        let kept: usize = lines[..lines.len() - 1]
            .iter()
            .map(|l| l.chars().count())
            .sum();
        assert!(kept <= TEXT_CHARS, "{kept}");
        assert!(
            !whole("short", 80)
                .last()
                .unwrap()
                .contains("more characters")
        );
    }
}
