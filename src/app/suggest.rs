//! `S`: the order the scores suggest, beside the current one. Applying it is one
//! explicit, confirmed, undoable command; the rank stays the product owner's call.

use super::{Action, App, Panel, Table};
use crate::domain::ItemId;
use crate::domain::score::{self, suggested_open_places};
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq)]
pub struct SuggestRow {
    pub id: ItemId,
    pub code: String,
    pub title: String,
    pub current: usize,
    pub suggested: usize,
    pub score: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuggestPanel {
    /// In suggested order. Only a window is kept with titles; see `rows`.
    pub order: Vec<ItemId>,
    /// The current rank of each item of `order`, known from the scores
    /// (read in rank order), so no row counts its position.
    pub current: Vec<usize>,
    /// The rows on screen, from `scroll`.
    pub rows: Vec<SuggestRow>,
    pub scroll: usize,
    /// How many items would change place.
    pub moves: usize,
    pub confirming: bool,
    /// The scores are being read on a thread: the panel is empty till then.
    pub scoring: bool,
}

impl App {
    /// `S`: opens the panel at once; the scores are read on a thread and
    /// shown when they come (`suggestion_arrived`). Without a file, now.
    pub(crate) fn open_suggestion(&mut self) -> Result<(), StoreError> {
        self.panel = Some(Panel::Suggest(Box::new(SuggestPanel {
            order: Vec::new(),
            current: Vec::new(),
            rows: Vec::new(),
            scroll: 0,
            moves: 0,
            confirming: false,
            scoring: true,
        })));
        if let Some(receive) = self.store.scores_on_thread(self.config.scoring) {
            self.scoring = Some(receive);
            self.info(format!(
                "Scoring {} items for the suggested order…",
                self.total_items
            ));
            Ok(())
        } else {
            let scores = self.store.scores(self.config.scoring)?;
            self.show_suggestion(&scores)
        }
    }

    /// Shows the suggestion once the scores read on a thread have come; if
    /// that read failed, reads them here. Nothing if the panel was closed.
    pub(crate) fn suggestion_arrived(&mut self) -> Result<(), StoreError> {
        use crate::store::{Look, look};
        let Some(receive) = self.scoring.as_ref() else {
            return Ok(());
        };
        if !matches!(&self.panel, Some(Panel::Suggest(p)) if p.scoring) {
            self.scoring = None;
            return Ok(());
        }
        let scores = match look(receive) {
            Look::Came(scores) => scores,
            Look::Waiting => return Ok(()),
            Look::Failed => self.store.scores(self.config.scoring)?,
        };
        self.scoring = None;
        self.show_suggestion(&scores)
    }

    /// Fills the panel from the scores, in rank order.
    fn show_suggestion(
        &mut self,
        scores: &[crate::domain::score::Scored],
    ) -> Result<(), StoreError> {
        let places = suggested_open_places(scores);
        let moves = places.iter().enumerate().filter(|&(k, &i)| k != i).count();
        let unscored = scores
            .iter()
            .filter(|(_, s, finished)| s.is_err() && !finished)
            .count();
        let finished = scores.iter().filter(|(_, _, f)| *f).count();
        let order: Vec<ItemId> = places.iter().map(|&i| scores[i].0).collect();
        let current: Vec<usize> = places.iter().map(|&i| i + 1).collect();
        drop(places);
        let Some(Panel::Suggest(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        p.order = order;
        p.current = current;
        p.moves = moves;
        p.scoring = false;
        self.load_suggestion()?;
        let mut note = if unscored > 0 {
            format!(
                " {unscored} open items without a score follow the scored ones, in their order."
            )
        } else {
            String::new()
        };
        if finished > 0 {
            note.push_str(&format!(
                " {finished} done or released items keep their places."
            ));
        }
        self.info(format!(
            "The scores suggest moving {moves} items.{note} Nothing changes unless you apply it."
        ));
        Ok(())
    }

    fn load_suggestion(&mut self) -> Result<(), StoreError> {
        let page = self.backlog_page();
        let method = self.config.scoring;
        let Some(Panel::Suggest(p)) = self.panel.as_ref() else {
            return Ok(());
        };
        let max_scroll = p.order.len().saturating_sub(page);
        let scroll = p.scroll.min(max_scroll);
        let window: Vec<ItemId> = p.order.iter().skip(scroll).take(page).copied().collect();
        let current: Vec<usize> = p.current.iter().skip(scroll).take(page).copied().collect();
        // One query for the window's lines; ranks come from the panel.
        let lines = self.store.item_lines(&window)?;
        let rows = window
            .iter()
            .zip(current)
            .enumerate()
            .filter_map(|(i, (&id, current))| {
                let line = lines.iter().find(|l| l.id == id)?;
                Some(SuggestRow {
                    id,
                    code: line.code(),
                    current,
                    suggested: scroll + i + 1,
                    score: score::label(score::score(&line.estimates, method)),
                    title: line.title.clone(),
                })
            })
            .collect();
        if let Some(Panel::Suggest(p)) = self.panel.as_mut() {
            p.scroll = scroll;
            p.rows = rows;
        }
        Ok(())
    }

    pub(crate) fn suggest_key(&mut self, action: Action) -> Result<(), StoreError> {
        let page = self.backlog_page();
        let Some(Panel::Suggest(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        if p.scoring {
            if matches!(
                action,
                Action::Close | Action::Quit | Action::ShowSuggestion
            ) {
                self.panel = None;
                self.scoring = None;
                self.info("Suggested order closed; nothing changed.");
            }
            return Ok(());
        }
        if p.confirming {
            match action {
                Action::Yes | Action::Confirm => {
                    let order = p.order.clone();
                    let changed = self.store.apply_order(&order, &self.who)?;
                    self.panel = None;
                    let selected = self.selected_id();
                    self.refresh(selected)?;
                    self.info(format!(
                        "Applied the suggested order: {changed} items changed place. {} undoes it.",
                        self.keymap.normal(Action::Undo)
                    ));
                }
                Action::No | Action::Close | Action::Quit => {
                    p.confirming = false;
                    self.info("Not applied; the order is as it was.");
                }
                _ => {}
            }
            return Ok(());
        }
        match action {
            Action::SelectDown => p.scroll += 1,
            Action::SelectUp => p.scroll = p.scroll.saturating_sub(1),
            Action::PageDown => p.scroll += page,
            Action::PageUp => p.scroll = p.scroll.saturating_sub(page),
            Action::SelectFirst => p.scroll = 0,
            Action::SelectLast => p.scroll = usize::MAX / 2,
            Action::Apply => {
                if p.moves == 0 {
                    self.info("The backlog already follows the scores; nothing to apply.");
                } else {
                    p.confirming = true;
                    let moves = p.moves;
                    let (yes, no) = (
                        self.keymap.key(Table::Suggest, Action::Yes),
                        self.keymap.key(Table::Suggest, Action::No),
                    );
                    self.warn(format!(
                        "Apply the suggested order, moving {moves} items? {yes} applies, {no} keeps the order."
                    ));
                }
                return Ok(());
            }
            Action::Close | Action::Quit | Action::ShowSuggestion => {
                self.panel = None;
                return Ok(());
            }
            _ => return Ok(()),
        }
        self.load_suggestion()
    }
}
