//! Writing the backlog from the board: `n`/`N` create an item where the
//! product owner is looking, `i` retitles one in place, `x` archives one (or,
//! for a mistake with no history, deletes it).

use super::field::{Allow, TextField};
use super::{Action, App, Panel, Prompt, PromptKind, Table, View, short_title};
use crate::domain::business::BusinessCase;
use crate::domain::item::typed_title;
use crate::domain::itemtext::ItemText;
use crate::domain::portfolio::PortfolioId;
use crate::domain::team::TeamState;
use crate::domain::{ItemId, Kind, NewItem, State};
use crate::store::{ItemEdit, ItemFill, Placement, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Kind,
    Title,
    Template,
    Value,
    Effort,
}

impl FormField {
    const ORDER: [FormField; 5] = [
        FormField::Kind,
        FormField::Title,
        FormField::Value,
        FormField::Effort,
        FormField::Template,
    ];

    fn step(self, forward: bool) -> FormField {
        let i = FormField::ORDER
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0);
        let n = FormField::ORDER.len();
        FormField::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }

    pub fn label(self) -> &'static str {
        match self {
            FormField::Kind => "Kind",
            FormField::Title => "Title",
            FormField::Template => "Template",
            FormField::Value => "Value",
            FormField::Effort => "Effort",
        }
    }
}

/// What the form creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTarget {
    /// A cluster item at a place in the order.
    Cluster,
    /// A cluster item derived from a portfolio item.
    Derive(PortfolioId),
    /// A portfolio item, at the bottom of the portfolio rank.
    Portfolio,
}

/// The create form: what the new item is, and where it will stand.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemForm {
    pub target: FormTarget,
    pub kind: Kind,
    /// The kind of a portfolio item (the portfolio's own kinds).
    pub portfolio_kind: usize,
    /// 0 for none, else the 1-based place in the config's templates.
    pub template: usize,
    pub title: TextField,
    pub value: TextField,
    pub effort: TextField,
    pub focus: FormField,
    /// The column it starts in and its place in the cluster order.
    pub state: State,
    pub place: Placement,
    /// Where it lands, in words: "below F-12 in Ready".
    pub landing: String,
    /// What was wrong the last time Enter was pressed; the fields keep their text.
    pub problem: Option<String>,
}

/// A question the board asks before a change that takes something away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Archive this item (it has this many open team items).
    Archive {
        id: ItemId,
        code: String,
        title: String,
        open_team_items: usize,
        /// It has no history beyond its creation, so it may be deleted instead.
        deletable: bool,
    },
    /// Quit the in-memory demo, dropping the changes made in it.
    QuitDemo,
    /// Archive this portfolio item.
    ArchivePortfolio { id: PortfolioId },
}

impl App {
    /// `n` (below the selected item) and `N` (at the top of the column or backlog).
    pub(crate) fn open_form(&mut self, top: bool) -> Result<(), StoreError> {
        let (state, column) = match self.view {
            View::Board => {
                let Some(c) = self.columns.get(self.selected_column) else {
                    return Ok(());
                };
                (c.config.state, c.config.title.clone())
            }
            View::Backlog => {
                let first = self
                    .columns
                    .first()
                    .map_or(State::Funnel, |c| c.config.state);
                (first, self.column_title(first))
            }
            View::Portfolio => return self.open_portfolio_form(),
            View::Teams | View::Releases | View::Reports => {
                self.warn(format!(
                    "New items are made on the board ({}) or in the backlog ({}): press {} there.",
                    self.keymap.normal(Action::ShowBoard),
                    self.keymap.normal(Action::ShowBacklog),
                    self.keymap.normal(Action::NewItem)
                ));
                return Ok(());
            }
        };
        let selected = self
            .selected_id()
            .map(|id| self.store.item(id))
            .transpose()?;
        let first_in_column = match self.view {
            View::Board => self.columns[self.selected_column]
                .cards
                .first()
                .filter(|_| self.columns[self.selected_column].scroll == 0)
                .map(|c| c.id)
                .or(self
                    .store
                    .column_page(state, 0, 1, &self.filter)?
                    .first()
                    .map(|c| c.id)),
            _ => None,
        };
        let (place, landing) = match (top, self.view, &selected) {
            (true, View::Board, _) => match first_in_column {
                Some(first) => (Placement::Before(first), format!("at the top of {column}")),
                None => (Placement::Bottom, format!("in {column}")),
            },
            (true, _, _) => (
                Placement::Top,
                format!("at the top of the backlog, in {column}"),
            ),
            (false, _, Some(it)) => (
                Placement::After(it.id),
                format!("below {} in {column}", it.code()),
            ),
            (false, _, None) => (Placement::Bottom, format!("in {column}")),
        };
        // The gate a move enforces holds for a new item too: a new item cannot
        // have its Definition of Ready yet, so it waits in the column before.
        let (state, landing) = if crate::domain::dor::move_needs_dor(State::Funnel, state) {
            let before = self
                .columns
                .iter()
                .map(|c| c.config.state)
                .filter(|s| !crate::domain::dor::move_needs_dor(State::Funnel, *s))
                .max()
                .unwrap_or(State::Funnel);
            let title = self.column_title(before);
            let at = match place {
                Placement::Before(id) => format!("above {}", self.store.item(id)?.code()),
                Placement::After(id) => format!("below {}", self.store.item(id)?.code()),
                Placement::Top => "at the top of the backlog".to_string(),
                Placement::Bottom => "at the bottom of the backlog".to_string(),
                Placement::Rank(n) => format!("at rank {n}"),
            };
            (
                before,
                format!("{at}, in {title}: {column} waits for its Definition of Ready"),
            )
        } else {
            (state, landing)
        };
        let kind = selected.as_ref().map_or(Kind::Feature, |it| it.kind);
        self.panel = Some(Panel::Form(Box::new(ItemForm {
            target: FormTarget::Cluster,
            portfolio_kind: 0,
            template: 0,
            kind,
            title: TextField::new("", Allow::Text, 500),
            value: TextField::new("", Allow::Digits, 4),
            effort: TextField::new("", Allow::Digits, 4),
            focus: FormField::Title,
            state,
            place,
            landing,
            problem: None,
        })));
        Ok(())
    }

    pub(crate) fn form_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Panel::Form(f)) = self.panel.as_mut() else {
            return Ok(());
        };
        let field = match f.focus {
            FormField::Kind | FormField::Template => None,
            FormField::Title => Some(&mut f.title),
            FormField::Value => Some(&mut f.value),
            FormField::Effort => Some(&mut f.effort),
        };
        let portfolio = f.target == FormTarget::Portfolio;
        match action {
            Action::NextField | Action::SelectDown => {
                f.focus = f.focus.step(true);
                // A portfolio item has no effort of its own.
                if portfolio && f.focus == FormField::Effort {
                    f.focus = f.focus.step(true);
                }
            }
            Action::PrevField | Action::SelectUp => {
                f.focus = f.focus.step(false);
                if portfolio && f.focus == FormField::Effort {
                    f.focus = f.focus.step(false);
                }
            }
            Action::SelectLeft | Action::SelectRight
                if f.focus == FormField::Kind && f.target == FormTarget::Portfolio =>
            {
                let n = self.config.portfolio_kinds.len().max(1);
                f.portfolio_kind = if action == Action::SelectRight {
                    (f.portfolio_kind + 1) % n
                } else {
                    (f.portfolio_kind + n - 1) % n
                };
            }
            Action::SelectLeft | Action::SelectRight if f.focus == FormField::Template => {
                let n = self.config.templates.len() + 1;
                f.template = if action == Action::SelectRight {
                    (f.template + 1) % n
                } else {
                    (f.template + n - 1) % n
                };
            }
            Action::SelectLeft | Action::SelectRight if f.focus == FormField::Kind => {
                let all = Kind::all();
                let i = all.iter().position(|k| *k == f.kind).unwrap_or(0);
                let n = all.len();
                f.kind = all[if action == Action::SelectRight {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
            }
            Action::SelectLeft => {
                if let Some(t) = field {
                    t.edit(Action::CursorLeft);
                }
            }
            Action::SelectRight => {
                if let Some(t) = field {
                    t.edit(Action::CursorRight);
                }
            }
            Action::Confirm => return self.finish_form(),
            Action::Close | Action::Quit => {
                self.panel = None;
                self.info("New item cancelled; nothing was created.");
            }
            a => {
                if let Some(why) = field.and_then(|t| t.edit(a).refused()) {
                    self.warn(why);
                }
            }
        }
        Ok(())
    }

    fn finish_form(&mut self) -> Result<(), StoreError> {
        let Some(Panel::Form(f)) = self.panel.as_mut() else {
            return Ok(());
        };
        let number = |t: &TextField| -> Result<Option<u32>, String> {
            if t.is_empty() {
                Ok(None)
            } else {
                t.text()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{:?} is not a number", t.text()))
            }
        };
        let checked = typed_title(f.title.text())
            .map_err(|e| (FormField::Title, e.to_string()))
            .and_then(|title| {
                let value =
                    number(&f.value).map_err(|e| (FormField::Value, format!("value: {e}")))?;
                let effort =
                    number(&f.effort).map_err(|e| (FormField::Effort, format!("effort: {e}")))?;
                Ok((title, value, effort))
            });
        let (title, value, effort) = match checked {
            Ok(t) => t,
            Err((field, problem)) => {
                f.focus = field;
                f.problem = Some(problem.clone());
                self.warn(format!("Not created: {problem}."));
                return Ok(());
            }
        };
        let new = NewItem {
            kind: f.kind,
            title,
            description: String::new(),
            state: f.state,
            value,
            effort,
        };
        let place = f.place;
        let target = f.target;
        let template = f
            .template
            .checked_sub(1)
            .and_then(|i| self.config.templates.get(i))
            .cloned();
        let portfolio_kind = self
            .config
            .portfolio_kinds
            .get(f.portfolio_kind)
            .cloned()
            .unwrap_or_else(|| "system".into());
        if target == FormTarget::Portfolio {
            let case = template
                .map(|t| t.fill(&ItemText::default()).business)
                .filter(|b| !b.is_empty());
            return self.finish_portfolio_form(portfolio_kind, new, case);
        }
        // The template fills what the item does not have yet: a derived item
        // keeps its parent's business case and gains the template's other parts.
        let base = ItemText {
            business: match target {
                FormTarget::Derive(from) => self
                    .store
                    .portfolio_item(from)?
                    .business_case
                    .unwrap_or_default(),
                _ => BusinessCase::default(),
            },
            ..ItemText::default()
        };
        let filled = template.as_ref().map_or(base.clone(), |t| t.fill(&base));
        let new = NewItem {
            description: filled.description.clone(),
            ..new
        };
        let fill = ItemFill {
            acceptance: filled.acceptance,
            source: filled.source,
            business_case: (filled.business != base.business).then_some(filled.business),
            dor_overridden: Vec::new(),
        };

        let made = match target {
            FormTarget::Derive(from) => self.store.derive(from, &new, &fill, &self.who),
            _ => self.store.add_item_at(&new, place, &fill, &self.who),
        };
        let item = match made {
            Ok(item) => item,
            Err(e) if e.is_refusal() => {
                if let Some(Panel::Form(f)) = self.panel.as_mut() {
                    f.problem = Some(e.to_string());
                }
                self.warn(format!("Not created: {e}."));
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        self.panel = None;
        if let FormTarget::Derive(from) = target {
            self.portfolio.expanded.insert(from);
            self.load_portfolio()?;
        } else {
            self.refresh(Some(item.id))?;
        }
        let rank = self.store.position(item.id)?;
        let from = match target {
            FormTarget::Derive(p) => format!(", derived from {}", p.code()),
            _ => String::new(),
        };
        let with = match &template {
            Some(t) => format!(
                " from the {} template: {} writes it out",
                t.label,
                self.keymap.normal(Action::EditInEditor)
            ),
            None => String::new(),
        };
        self.info(format!(
            "Created {} \"{}\" at rank {rank} in {}{from}{with}.",
            item.code(),
            short_title(&item.title),
            self.column_title(item.state)
        ));
        Ok(())
    }

    fn finish_portfolio_form(
        &mut self,
        kind: String,
        new: NewItem,
        business_case: Option<BusinessCase>,
    ) -> Result<(), StoreError> {
        let state = self
            .config
            .portfolio_states
            .first()
            .map_or_else(|| "funnel".to_string(), |s| s.key.clone());
        let made = self.store.add_portfolio_item(
            &crate::store::NewPortfolioItem {
                kind,
                title: new.title,
                description: String::new(),
                owner: String::new(),
                value: new.value,
                state,
                business_case,
            },
            &self.who,
        );
        match made {
            Ok(p) => {
                self.panel = None;
                self.select_portfolio(p.id)?;
                self.info(format!(
                    "Created portfolio item {} \"{}\" at portfolio rank {}.",
                    p.code(),
                    short_title(&p.title),
                    self.store.portfolio_position(p.id)?
                ));
            }
            Err(e) if e.is_refusal() => {
                if let Some(Panel::Form(f)) = self.panel.as_mut() {
                    f.problem = Some(e.to_string());
                }
                self.warn(format!("Not created: {e}."));
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// `d` in the Portfolio view: the create form, prefilled from the portfolio item.
    pub(crate) fn open_derive_form(&mut self, from: PortfolioId) -> Result<(), StoreError> {
        let p = self.store.portfolio_item(from)?;
        let state = self
            .columns
            .first()
            .map_or(State::Funnel, |c| c.config.state);
        self.panel = Some(Panel::Form(Box::new(ItemForm {
            target: FormTarget::Derive(from),
            portfolio_kind: 0,
            template: 0,
            kind: Kind::Feature,
            title: TextField::new("", Allow::Text, 500),
            value: TextField::new("", Allow::Digits, 4),
            effort: TextField::new("", Allow::Digits, 4),
            focus: FormField::Title,
            state,
            place: Placement::Bottom,
            landing: format!(
                "derived from {} into {}",
                p.code(),
                self.column_title(state)
            ),
            problem: None,
        })));
        Ok(())
    }

    /// `n` in the Portfolio view: a new portfolio item.
    pub(crate) fn open_portfolio_form(&mut self) -> Result<(), StoreError> {
        self.panel = Some(Panel::Form(Box::new(ItemForm {
            target: FormTarget::Portfolio,
            portfolio_kind: 0,
            template: 0,
            kind: Kind::System,
            title: TextField::new("", Allow::Text, 500),
            value: TextField::new("", Allow::Digits, 4),
            effort: TextField::new("", Allow::Digits, 4),
            focus: FormField::Title,
            state: State::Funnel,
            place: Placement::Bottom,
            landing: "at the bottom of the portfolio".to_string(),
            problem: None,
        })));
        Ok(())
    }

    /// `i`: the selected item's title, prefilled, to edit in place.
    pub(crate) fn start_title_edit(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let item = self.store.item(id)?;
        let mut prompt = Prompt::new(PromptKind::Title, "");
        prompt.field = TextField::new(&item.title, Allow::Text, 500);
        self.prompt = Some(prompt);
        Ok(())
    }

    /// Enter on the title prompt. A refused title keeps the prompt open with
    /// what was typed, so nothing is lost.
    pub(crate) fn set_title(&mut self, typed: &str) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let edit = ItemEdit {
            title: Some(typed.to_string()),
            ..ItemEdit::default()
        };
        let before = self.store.item(id)?;
        match self.store.edit_item(id, &edit, &self.who) {
            Ok(item) if item.title == before.title => {
                self.info(format!("{} keeps its title.", item.code()));
            }
            Ok(item) => {
                self.refresh(Some(id))?;
                self.info(format!(
                    "Retitled {} to \"{}\".",
                    item.code(),
                    short_title(&item.title)
                ));
            }
            Err(e) if e.is_refusal() => {
                let mut prompt = Prompt::new(PromptKind::Title, "");
                prompt.field = TextField::new(typed, Allow::Text, 500);
                self.prompt = Some(prompt);
                self.warn(format!("Not retitled: {e}."));
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// `x`: asks before archiving the selected item (and says what it holds).
    pub(crate) fn ask_archive(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let item = self.store.item_shown(id)?;
        let open = self
            .store
            .children(id)?
            .iter()
            .filter(|t| t.state != TeamState::Done)
            .count();
        // The store's rule: only a mistake, with nothing hanging off it.
        let deletable = self.store.not_deletable(id)?.is_none();
        let yes = self.keymap.key(Table::Confirm, Action::Yes);
        let no = self.keymap.key(Table::Confirm, Action::No);
        let delete = self.keymap.key(Table::Confirm, Action::Delete);
        let mut question = format!("Archive {} \"{}\"?", item.code(), short_title(&item.title));
        if open > 0 {
            question.push_str(&format!(
                " It has {open} open team item{} (they stay with it).",
                if open == 1 { "" } else { "s" }
            ));
        }
        question.push_str(&format!(" {yes} archives it (undoable)"));
        if deletable {
            question.push_str(&format!(
                ", {delete} deletes it for good (it has no history beyond its creation)"
            ));
        }
        question.push_str(&format!(", {no} keeps it."));
        self.confirm = Some(Confirm::Archive {
            id,
            code: item.code(),
            title: item.title,
            open_team_items: open,
            deletable,
        });
        self.warn(question);
        Ok(())
    }

    pub(crate) fn confirm_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(confirm) = self.confirm.take() else {
            return Ok(());
        };
        match (confirm, action) {
            (Confirm::Archive { id, .. }, Action::Yes | Action::Confirm) => {
                let item = self.store.archive(id, &self.who)?;
                self.refresh(None)?;
                self.info(format!(
                    "Archived {} \"{}\": off the board and the backlog. {} undoes it; {} (the archive) or :restore {} brings it back later.",
                    item.code(),
                    short_title(&item.title),
                    self.keymap.normal(Action::Undo),
                    self.keymap.normal(Action::ShowArchive),
                    item.code()
                ));
            }
            (
                Confirm::Archive {
                    id,
                    deletable: true,
                    ..
                },
                Action::Delete,
            ) => {
                let item = self.store.delete_item(id, &self.who)?;
                self.refresh(None)?;
                self.info(format!(
                    "Deleted {} \"{}\" for good. {} brings it back.",
                    item.code(),
                    short_title(&item.title),
                    self.keymap.normal(Action::Undo)
                ));
            }
            (Confirm::Archive { code, .. }, Action::No | Action::Close | Action::Quit) => {
                self.info(format!("{code} stays; nothing changed."));
            }
            (Confirm::QuitDemo, Action::Yes | Action::Confirm) => self.quit = true,
            (Confirm::ArchivePortfolio { id }, Action::Yes | Action::Confirm) => {
                let p = self.store.archive_portfolio(id, &self.who)?;
                self.load_portfolio()?;
                self.info(format!(
                    "Archived portfolio item {} \"{}\". {} undoes it.",
                    p.code(),
                    short_title(&p.title),
                    self.keymap.normal(Action::Undo)
                ));
            }
            (Confirm::ArchivePortfolio { .. }, Action::No | Action::Close | Action::Quit) => {
                self.info("The portfolio item stays; nothing changed.");
            }
            (Confirm::QuitDemo, Action::No | Action::Close | Action::Quit) => {
                self.info("Still in the demo; nothing was lost.");
            }
            // Any other key keeps the question open.
            (confirm, _) => self.confirm = Some(confirm),
        }
        Ok(())
    }

    /// `q` in the demo asks first when changes would be lost.
    pub(crate) fn quit_or_ask(&mut self) -> Result<(), StoreError> {
        if self.demo && self.store.changes_made_here()? > 0 {
            let n = self.store.changes_made_here()?;
            self.confirm = Some(Confirm::QuitDemo);
            self.warn(format!(
                "Quit the demo? Its {n} change{} live in memory only and will be lost. {} quits, {} stays.",
                if n == 1 { "" } else { "s" },
                self.keymap.key(Table::Confirm, Action::Yes),
                self.keymap.key(Table::Confirm, Action::No)
            ));
            return Ok(());
        }
        self.quit = true;
        Ok(())
    }

    pub(crate) fn column_title(&self, state: State) -> String {
        self.columns
            .iter()
            .find(|c| c.config.state == state)
            .map_or_else(|| state.label().to_string(), |c| c.config.title.clone())
    }
}
