//! `s`: split the selected cluster item into team backlog items. Every row is
//! edited in place; one Enter creates them all in one transaction, Esc none.

use serde::Deserialize;

use super::field::{Allow, Edit, TextField};
use super::{Action, App, Panel, Table, short_title};
use crate::domain::ItemId;
use crate::domain::team::{ItemType, NewTeamItem, Team};
use crate::store::StoreError;

pub const TEMPLATES_TOML: &str = include_str!("../../assets/templates.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Template {
    pub name: String,
    pub text: String,
    #[serde(rename = "type")]
    pub item_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Templates {
    template: Vec<Template>,
}

/// The shipped templates (checked by a test, so a release never lacks them).
pub fn templates() -> Vec<Template> {
    toml::from_str::<Templates>(TEMPLATES_TOML)
        .map(|t| t.template)
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitField {
    Team,
    Type,
    Effort,
    Title,
}

impl SplitField {
    const ORDER: [SplitField; 4] = [
        SplitField::Team,
        SplitField::Type,
        SplitField::Effort,
        SplitField::Title,
    ];

    fn step(self, forward: bool) -> SplitField {
        let i = SplitField::ORDER
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0) as isize;
        let n = SplitField::ORDER.len() as isize;
        SplitField::ORDER[(i + if forward { 1 } else { -1 }).rem_euclid(n) as usize]
    }
}

fn title_field(text: &str) -> TextField {
    TextField::new(text, Allow::Text, 500)
}

fn effort_field() -> TextField {
    TextField::new("", Allow::Digits, 4)
}

#[derive(Debug, Clone, PartialEq)]
pub struct SplitRow {
    pub team: usize,
    pub item_type: ItemType,
    pub effort: TextField,
    pub title: TextField,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SplitPanel {
    pub parent: ItemId,
    pub code: String,
    pub parent_title: String,
    pub teams: Vec<Team>,
    pub rows: Vec<SplitRow>,
    pub row: usize,
    pub field: SplitField,
    /// The template Ctrl-t applies next.
    pub next_template: usize,
}

impl App {
    pub(crate) fn open_split(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let teams = self.store.teams()?;
        if teams.is_empty() {
            let colon = self.keymap.normal(Action::OpenCommandLine);
            self.warn(format!(
                "There are no teams to split to: add one with {colon}team add PAY \"Payments\"."
            ));
            return Ok(());
        }
        let item = self.store.item(id)?;
        self.panel = Some(Panel::Split(Box::new(SplitPanel {
            parent: id,
            code: item.code(),
            parent_title: crate::domain::text::shown(&item.title),
            teams,
            rows: vec![SplitRow {
                team: 0,
                item_type: ItemType::Story,
                effort: effort_field(),
                title: title_field(crate::domain::text::prefix(&item.title, 500)),
            }],
            row: 0,
            field: SplitField::Team,
            next_template: 0,
        })));
        self.info(format!(
            "Split {} \"{}\": one row per team item; {} creates them all, {} none.",
            item.code(),
            short_title(&item.title),
            self.keymap.key(Table::Split, Action::Confirm),
            self.keymap.key(Table::Split, Action::Close)
        ));
        Ok(())
    }

    pub(crate) fn split_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Panel::Split(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        let n_teams = p.teams.len().max(1);
        let row = &mut p.rows[p.row];
        // Typing and the editing keys go to the field in focus; the rest
        // (arrows, rows, confirming) to the form.
        let editing = match p.field {
            SplitField::Title => Some(&mut row.title),
            SplitField::Effort => Some(&mut row.effort),
            SplitField::Team | SplitField::Type => None,
        };
        let edit = editing.map_or(Edit::Ignored, |f| f.edit(action));
        if edit.handled() {
            if let Some(why) = edit.refused() {
                self.warn(why);
            }
            return Ok(());
        }
        let Some(Panel::Split(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        let row = &mut p.rows[p.row];
        match action {
            Action::NextField => p.field = p.field.step(true),
            Action::PrevField => p.field = p.field.step(false),
            Action::SelectUp => p.row = p.row.saturating_sub(1),
            Action::SelectDown => p.row = (p.row + 1).min(p.rows.len() - 1),
            Action::SelectLeft | Action::SelectRight => {
                let forward = action == Action::SelectRight;
                let cursor = if forward {
                    Action::CursorRight
                } else {
                    Action::CursorLeft
                };
                match p.field {
                    SplitField::Title => {
                        let _ = row.title.edit(cursor);
                    }
                    SplitField::Effort => {
                        let _ = row.effort.edit(cursor);
                    }
                    SplitField::Team => {
                        row.team = (row.team as isize + if forward { 1 } else { -1 })
                            .rem_euclid(n_teams as isize)
                            as usize;
                    }
                    SplitField::Type => {
                        let all = ItemType::ALL;
                        let i = all.iter().position(|t| *t == row.item_type).unwrap_or(0) as isize;
                        row.item_type = all[(i + if forward { 1 } else { -1 })
                            .rem_euclid(all.len() as isize)
                            as usize];
                    }
                }
            }
            Action::AddRow => {
                let next = SplitRow {
                    team: (row.team + 1) % n_teams,
                    item_type: row.item_type,
                    effort: effort_field(),
                    title: title_field(&p.parent_title),
                };
                p.rows.push(next);
                p.row = p.rows.len() - 1;
            }
            Action::RemoveRow => {
                if p.rows.len() > 1 {
                    p.rows.remove(p.row);
                    p.row = p.row.min(p.rows.len() - 1);
                } else {
                    let close = self.keymap.key(Table::Split, Action::Close);
                    self.warn(format!(
                        "A split needs one row at least; {close} cancels it."
                    ));
                }
            }
            Action::Template => {
                let all = templates();
                if let Some(t) = all.get(p.next_template % all.len().max(1)) {
                    row.title.set(&t.text.replace("{title}", &p.parent_title));
                    if let Some(ty) = t.item_type.as_deref().and_then(|s| s.parse().ok()) {
                        row.item_type = ty;
                    }
                    p.field = SplitField::Title;
                    p.next_template += 1;
                    let (name, row_no) = (t.name.clone(), p.row + 1);
                    self.info(format!("Template \"{name}\" applied to row {row_no}."));
                }
            }
            Action::Confirm => return self.finish_split(),
            Action::Close | Action::Quit => {
                self.panel = None;
                self.info("Split cancelled; nothing was created.");
            }
            _ => {}
        }
        Ok(())
    }

    fn finish_split(&mut self) -> Result<(), StoreError> {
        let Some(Panel::Split(p)) = self.panel.as_ref() else {
            return Ok(());
        };
        let mut new = Vec::new();
        for (i, r) in p.rows.iter().enumerate() {
            if r.title.text().trim().is_empty() {
                self.warn(format!(
                    "Row {} has no title: type one, or remove the row with {}.",
                    i + 1,
                    self.keymap.key(Table::Split, Action::RemoveRow)
                ));
                return Ok(());
            }
            let effort = if r.effort.is_empty() {
                None
            } else if let Ok(e) = r.effort.text().parse::<u32>() {
                Some(e)
            } else {
                self.warn(format!(
                    "Row {}: effort {:?} is not a number.",
                    i + 1,
                    r.effort.text()
                ));
                return Ok(());
            };
            new.push(NewTeamItem {
                team: p.teams[r.team.min(p.teams.len() - 1)].code.clone(),
                title: r.title.text().to_string(),
                item_type: r.item_type,
                effort,
            });
        }
        let (parent, code, title) = (p.parent, p.code.clone(), p.parent_title.clone());
        let ids = self.store.split(parent, &new, &self.who)?;
        self.panel = None;
        self.refresh(Some(parent))?;
        let mut codes: Vec<String> = new.iter().map(|n| n.team.clone()).collect();
        codes.dedup();
        self.info(format!(
            "Split {code} \"{}\" into {} team item{} for {}.",
            short_title(&title),
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            codes.join(", ")
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_templates_parse_and_name_valid_types() {
        let all = templates();
        assert!(all.len() >= 2);
        for t in all {
            assert!(t.text.contains("{title}"), "{}", t.name);
            if let Some(ty) = t.item_type {
                assert!(ty.parse::<ItemType>().is_ok(), "{ty}");
            }
        }
    }
}
