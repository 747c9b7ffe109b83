//! `E`: the whole item in `$VISUAL`/`$EDITOR`, like `git commit`. The app only
//! says what to edit and reads back what came out; the terminal (tui.rs)
//! suspends itself and runs the editor in between.

use super::{Action, App};
use crate::domain::ItemId;
use crate::domain::itemtext::{ItemText, Shape};
use crate::domain::portfolio::PortfolioId;
use crate::store::{ItemEdit, PortfolioEdit, StoreError};

/// What the file is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTarget {
    Cluster(ItemId),
    Portfolio(PortfolioId),
}

impl EditTarget {
    fn shape(self) -> Shape {
        match self {
            EditTarget::Cluster(_) => Shape::Cluster,
            EditTarget::Portfolio(_) => Shape::Portfolio,
        }
    }
}

/// A file the editor should open, and what the item held when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorRequest {
    pub target: EditTarget,
    pub code: String,
    /// The file's text.
    pub text: String,
    /// The fields as they stood in the store, to tell the user's changes from
    /// someone else's.
    pub original: ItemText,
}

/// What came back from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorOutcome {
    /// The editor exited cleanly; this is the file's text now.
    Saved(String),
    /// The editor could not start or exited with an error: change nothing.
    Failed(String),
}

fn text_of(item: &crate::domain::Item) -> ItemText {
    ItemText {
        title: item.title.clone(),
        description: item.description.clone(),
        acceptance: item.acceptance.clone(),
        source: item.source.clone(),
        business: item.business_case.clone().unwrap_or_default(),
    }
}

fn text_of_portfolio(p: &crate::domain::portfolio::PortfolioItem) -> ItemText {
    ItemText {
        title: p.title.clone(),
        description: p.description.clone(),
        acceptance: String::new(),
        source: p.owner.clone(),
        business: p.business_case.clone().unwrap_or_default(),
    }
}

impl App {
    pub(crate) fn start_editor(&mut self) -> Result<(), StoreError> {
        let target = if let Some(p) = self.selected_portfolio_row() {
            EditTarget::Portfolio(p)
        } else if let Some(id) = self.selected_id() {
            EditTarget::Cluster(id)
        } else {
            self.nothing_selected();
            return Ok(());
        };
        let (code, original) = self.fields_of(target)?;
        let mut text = original.render(&code, target.shape());
        // Offer the templates where the file explains itself.
        let names: Vec<&str> = self
            .config
            .templates
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        if let (Some(end), false) = (text.find('\n'), names.is_empty()) {
            let command = match target {
                EditTarget::Cluster(_) => format!(":edit {code} --template NAME"),
                EditTarget::Portfolio(_) => format!(":portfolio edit {code} --template NAME"),
            };
            text.insert_str(
                end + 1,
                &format!(
                    "# Templates ({}): quit, then {command} fills the empty fields.\n",
                    names.join(", ")
                ),
            );
        }
        self.editor = Some(EditorRequest {
            target,
            text,
            code: code.clone(),
            original,
        });
        self.info(format!("Editing {code} in the editor…"));
        Ok(())
    }

    fn fields_of(&self, target: EditTarget) -> Result<(String, ItemText), StoreError> {
        Ok(match target {
            EditTarget::Cluster(id) => {
                let item = self.store.item(id)?;
                (item.code(), text_of(&item))
            }
            EditTarget::Portfolio(id) => {
                let p = self.store.portfolio_item(id)?;
                (p.code(), text_of_portfolio(&p))
            }
        })
    }

    /// Hands the waiting editor request to the terminal, if there is one.
    pub fn take_editor_request(&mut self) -> Option<EditorRequest> {
        self.editor.take()
    }

    /// Reads what the editor left. A file that does not read, or a change
    /// someone else made meanwhile to a field the user changed too, opens the
    /// editor again with the problem on top: nothing typed is lost.
    pub fn finish_editor(&mut self, req: &EditorRequest, outcome: EditorOutcome) {
        if let Err(e) = self.apply_editor(req, outcome) {
            self.error(format!("{e}"));
        }
    }

    fn apply_editor(
        &mut self,
        req: &EditorRequest,
        outcome: EditorOutcome,
    ) -> Result<(), StoreError> {
        let text = match outcome {
            EditorOutcome::Failed(why) => {
                self.warn(format!("{why}; {} is unchanged.", req.code));
                return Ok(());
            }
            EditorOutcome::Saved(text) => text,
        };
        let reopen = |app: &mut App, problem: String, original: ItemText| {
            app.warn(format!("{}: {problem}. The editor opens again.", req.code));
            app.editor = Some(EditorRequest {
                text: ItemText::with_problem(&text, &problem),
                original,
                ..req.clone()
            });
        };
        let mine = match ItemText::parse(&text, req.target.shape()) {
            Ok(t) => t,
            Err(problem) => {
                reopen(self, problem.to_string(), req.original.clone());
                return Ok(());
            }
        };
        let changed = mine.changed_from(&req.original);
        if changed.is_empty() {
            self.info(format!("No changes to {}.", req.code));
            return Ok(());
        }
        let (_, now) = self.fields_of(req.target)?;
        let theirs = now.changed_from(&req.original);
        let clash: Vec<&str> = changed
            .iter()
            .copied()
            .filter(|f| theirs.contains(f))
            .collect();
        if !clash.is_empty() {
            let problem = format!(
                "{} changed meanwhile in another session; your text is kept below: compare, then save again to apply it",
                clash.join(" and ").to_lowercase()
            );
            reopen(self, problem, now);
            return Ok(());
        }
        let pick = |field: &str, value: &str| changed.contains(&field).then(|| value.to_string());
        let case = changed
            .contains(&"Business case")
            .then(|| Some(mine.business.clone()).filter(|b| !b.is_empty()));
        let done = match req.target {
            EditTarget::Cluster(id) => {
                let edit = ItemEdit {
                    title: pick("Title", &mine.title),
                    description: pick("Description", &mine.description),
                    acceptance: pick("Acceptance criteria", &mine.acceptance),
                    source: pick("Source", &mine.source),
                    kind: None,
                    business_case: case,
                };
                self.store.edit_item(id, &edit, &self.who).map(|i| i.code())
            }
            EditTarget::Portfolio(id) => {
                let edit = PortfolioEdit {
                    title: pick("Title", &mine.title),
                    description: pick("Description", &mine.description),
                    owner: pick("Source", &mine.source),
                    business_case: case,
                    ..PortfolioEdit::default()
                };
                self.store
                    .edit_portfolio(id, &edit, &self.who)
                    .map(|p| p.code())
            }
        };
        match done {
            Ok(code) => {
                let follow = match req.target {
                    EditTarget::Cluster(id) => Some(id),
                    EditTarget::Portfolio(_) => None,
                };
                self.refresh(follow)?;
                let fields = changed
                    .iter()
                    .map(|f| {
                        if req.target.shape() == Shape::Portfolio && *f == "Source" {
                            "owner"
                        } else {
                            f
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
                    .to_lowercase();
                self.info(format!(
                    "Saved {code}: {fields}. {} undoes it.",
                    self.keymap.normal(Action::Undo)
                ));
            }
            Err(e) if e.is_refusal() => reopen(self, e.to_string(), req.original.clone()),
            Err(e) => return Err(e),
        }
        Ok(())
    }
}
