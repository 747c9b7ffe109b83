//! One line typed on the status line: a rank (`m`), a filter (`/`) or the
//! WSJF inputs (`w`). Enter carries it out, Esc drops it.

use super::field::{Allow, TextField};
use super::{Action, App, Keymap, Table, short_title};
use crate::store::{EstimateChange, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Rank,
    Filter,
    Wsjf,
    /// A team code, to move a team item to.
    Team,
    /// A cluster item id, to hang a team item under.
    Parent,
    /// A stakeholder's name, for the item open in the item view.
    Requester,
    /// The selected item's title, edited in place.
    Title,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub field: TextField,
    /// The text it opened with, put back in force when a filter is cancelled.
    pub initial: String,
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        // Only characters that can make sense here are taken.
        let allow = match kind {
            PromptKind::Rank => Allow::Digits,
            PromptKind::Wsjf => Allow::Numbers,
            PromptKind::Team => Allow::Code,
            PromptKind::Parent => Allow::Id,
            PromptKind::Requester | PromptKind::Filter | PromptKind::Title => Allow::Text,
        };
        Prompt {
            kind,
            field: TextField::new(text, allow, 80),
            initial: text.to_string(),
        }
    }

    pub fn text(&self) -> &str {
        self.field.text()
    }

    /// What the status line shows while typing.
    pub fn label(&self) -> &'static str {
        match self.kind {
            PromptKind::Rank => "Move to rank",
            PromptKind::Filter => "Filter",
            PromptKind::Wsjf => "WSJF business value, time criticality, risk reduction",
            PromptKind::Team => "Move to team",
            PromptKind::Parent => "Move under cluster item",
            PromptKind::Requester => "Requested by (stakeholder)",
            PromptKind::Title => "Title",
        }
    }

    /// What to type, and the keys that finish it.
    pub fn hint(&self, keymap: &Keymap) -> String {
        let (what, verb) = match self.kind {
            PromptKind::Rank => ("", "moves"),
            PromptKind::Filter => (
                "words or codes (near misses count), kind:feature state:ready team:PAY release:pro_2.2 label:mobile cycle:26.4 portfolio:P-3 · ",
                "keeps it",
            ),
            PromptKind::Wsjf => ("three numbers, - clears one · ", "sets"),
            PromptKind::Team => ("a team code, e.g. PAY · ", "moves"),
            PromptKind::Parent => ("an id, e.g. F-12 · ", "moves"),
            PromptKind::Requester => ("a stakeholder's name · ", "records"),
            PromptKind::Title => ("", "saves"),
        };
        format!(
            "{what}{} {verb}, {} cancels",
            keymap.key(Table::Typing, Action::Confirm),
            keymap.key(Table::Typing, Action::Close)
        )
    }
}

/// Parses "8 5 3" (or "8 - 3") into the three WSJF inputs.
fn parse_wsjf(text: &str) -> Option<[Option<u32>; 3]> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.len() != 3 {
        return None;
    }
    let mut out = [None; 3];
    for (slot, p) in out.iter_mut().zip(parts) {
        *slot = match p {
            "-" => None,
            n => Some(n.parse::<u32>().ok()?),
        };
    }
    Some(out)
}

impl App {
    pub(crate) fn prompt_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(prompt) = self.prompt.as_mut() else {
            return Ok(());
        };
        let edit = prompt.field.edit(action);
        match action {
            // A filter shows its results as it is typed.
            _ if edit.handled() => {
                self.edited_prompt()?;
                if let Some(why) = edit.refused() {
                    self.warn(why);
                }
            }
            Action::Close | Action::Quit | Action::No => {
                let label = prompt.label();
                let (kind, initial) = (prompt.kind, prompt.initial.clone());
                self.prompt = None;
                if kind == PromptKind::Filter {
                    self.preview_filter(&initial)?;
                }
                self.info(format!("{label}: cancelled, nothing changed."));
            }
            Action::Confirm => {
                let Some(prompt) = self.prompt.take() else {
                    return Ok(());
                };
                let text = prompt.text().to_string();
                match prompt.kind {
                    PromptKind::Rank if self.view == super::View::Portfolio => {
                        self.portfolio_go_to_rank(&text)?;
                    }
                    PromptKind::Rank if self.view == super::View::Teams => {
                        self.team_go_to_rank(&text)?;
                    }
                    PromptKind::Rank => self.go_to_rank(&text)?,
                    PromptKind::Team => self.team_move_to(&text)?,
                    PromptKind::Parent => self.team_reparent(&text)?,
                    PromptKind::Requester => self.add_requester(&text)?,
                    PromptKind::Filter => self.confirm_filter(&text, &prompt.initial)?,
                    PromptKind::Wsjf => self.set_wsjf(&text)?,
                    PromptKind::Title => self.set_title(&text)?,
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// After a key changed the text typed: a filter shows what it finds.
    fn edited_prompt(&mut self) -> Result<(), StoreError> {
        match &self.prompt {
            Some(p) if p.kind == PromptKind::Filter => {
                let text = p.text().to_string();
                self.preview_filter(&text)
            }
            _ => Ok(()),
        }
    }

    /// Records a requester for the item open in the item view.
    fn add_requester(&mut self, name: &str) -> Result<(), StoreError> {
        let Some(super::Panel::Item(detail)) = &self.panel else {
            return Ok(());
        };
        let id = detail.item.id;
        let code = detail.item.code();
        match self.store.add_request(id, name, &self.who) {
            Ok(()) => {
                self.show_item(id)?;
                self.info(format!("Recorded that {} requested {code}.", name.trim()));
            }
            Err(e) if e.is_refusal() => self.warn(format!("{e}.")),
            Err(e) => return Err(e),
        }
        Ok(())
    }

    pub(crate) fn start_wsjf(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let item = self.store.item(id)?;
        let show = |v: Option<u32>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
        let text = match (
            item.business_value,
            item.time_criticality,
            item.risk_reduction,
        ) {
            (None, None, None) => String::new(),
            (b, t, r) => format!("{} {} {}", show(b), show(t), show(r)),
        };
        self.prompt = Some(Prompt::new(PromptKind::Wsjf, &text));
        Ok(())
    }

    fn set_wsjf(&mut self, text: &str) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let Some([b, t, r]) = parse_wsjf(text) else {
            self.warn(format!(
                "{text:?} is not three WSJF inputs: type e.g. 8 5 3 (business value, time criticality, risk reduction)."
            ));
            return Ok(());
        };
        let item = self.store.estimate(
            id,
            EstimateChange {
                business_value: Some(b),
                time_criticality: Some(t),
                risk_reduction: Some(r),
                ..EstimateChange::default()
            },
            &self.who,
        )?;
        self.refresh(Some(id))?;
        let score = crate::domain::score::label(crate::domain::score::score(
            &item.estimates(),
            crate::domain::score::Method::Wsjf,
        ));
        self.info(format!(
            "Set the WSJF inputs of {} \"{}\"; its WSJF is {score}.",
            item.code(),
            short_title(&item.title)
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wsjf_inputs_take_three_numbers_or_dashes() {
        assert_eq!(parse_wsjf("8 5 3"), Some([Some(8), Some(5), Some(3)]));
        assert_eq!(parse_wsjf(" 8  -  3 "), Some([Some(8), None, Some(3)]));
        assert_eq!(parse_wsjf("8 5"), None);
        assert_eq!(parse_wsjf("8 five 3"), None);
    }
}
