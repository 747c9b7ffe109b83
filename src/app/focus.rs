//! Focus mode (`f`): the selected item alone, large, for a room to read, walked
//! item by item in rank order (`n`, `p`) without leaving it. The backlog stands
//! behind it, so the next item is the next row and every key that acts on the
//! selected item (poker, the checklist, `$EDITOR`) acts on the one in focus.

use super::facts::{ItemFacts, laid_out};
use super::layout::{FactsFrame, focus_frame, item_frame};
use super::{Action, App, Panel, View, short_title};
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub facts: ItemFacts,
    /// Rows of the facts scrolled past.
    pub scroll: usize,
    /// The view it was opened from, shown again when it closes.
    pub back: View,
}

/// The item view (`Enter`): the same facts in a panel, scrolled.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPanel {
    pub facts: ItemFacts,
    pub scroll: usize,
}

impl std::ops::Deref for ItemPanel {
    type Target = crate::store::ItemDetail;

    fn deref(&self) -> &crate::store::ItemDetail {
        &self.facts.detail
    }
}

/// Where a scroll key takes `scroll` among `rows` with `visible` on screen.
fn scrolled(action: Action, scroll: usize, rows: usize, visible: usize) -> Option<usize> {
    let last = rows.saturating_sub(visible);
    let to = match action {
        Action::SelectDown => scroll + 1,
        Action::SelectUp => scroll.saturating_sub(1),
        Action::PageDown => scroll + visible.saturating_sub(1).max(1),
        Action::PageUp => scroll.saturating_sub(visible.saturating_sub(1).max(1)),
        Action::SelectFirst => 0,
        Action::SelectLast => last,
        _ => return None,
    };
    Some(to.min(last))
}

impl App {
    /// The rows below the header and above the status line.
    pub fn body_height(&self) -> u16 {
        self.height
            .saturating_sub(self.header_rows() + super::layout::FOOTER_ROWS)
    }

    pub fn focus_frame(&self) -> FactsFrame {
        focus_frame(self.width, self.body_height())
    }

    pub fn item_frame(&self) -> FactsFrame {
        item_frame(self.width, self.body_height())
    }

    /// How many rows the facts take in a frame, and how many of them show.
    fn facts_window(&self, facts: &ItemFacts, frame: FactsFrame) -> (usize, usize) {
        let cols = laid_out(
            facts,
            &self.config,
            self.total_items,
            frame.width,
            frame.two,
        );
        let visible = frame
            .rows
            .saturating_sub(cols.head.len() + frame.head_extra + 1)
            .max(1);
        (cols.rows(), visible)
    }

    pub(crate) fn open_focus(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let back = self.view;
        // The backlog behind focus mode holds the rank order it walks.
        if self.view != View::Backlog {
            self.show(View::Backlog)?;
            self.select_item(id)?;
        }
        let facts = self.item_facts(id)?;
        let (code, title) = (facts.item.code(), facts.item.title.clone());
        self.screen.focus = Some(Box::new(Focus {
            facts,
            scroll: 0,
            back,
        }));
        self.info(format!(
            "Focus on {code} \"{}\": {} the next item, {} the previous, {} back to the {}.",
            short_title(&title),
            self.keymap.key(super::Table::Focus, Action::NextItem),
            self.keymap.key(super::Table::Focus, Action::PreviousItem),
            self.keymap.key(super::Table::Focus, Action::Close),
            back.title().to_lowercase()
        ));
        Ok(())
    }

    fn close_focus(&mut self) -> Result<(), StoreError> {
        if let Some(f) = self.screen.focus.take() {
            self.show(f.back)?;
            self.info(format!("Back to the {}.", f.back.title().to_lowercase()));
        }
        Ok(())
    }

    pub(crate) fn focus_key(&mut self, action: Action) -> Result<(), StoreError> {
        let frame = self.focus_frame();
        match action {
            Action::Close | Action::Quit | Action::Focus => return self.close_focus(),
            Action::NextItem => return self.focus_step(1),
            Action::PreviousItem => return self.focus_step(-1),
            // Keys that act on the selected item act on the one in focus.
            Action::PokerValue
            | Action::PokerEffort
            | Action::OpenDor
            | Action::EditInEditor
            | Action::PlanRelease
            | Action::Split
            | Action::OpenItem
            | Action::OpenCommandLine
            | Action::ToggleHelp
            | Action::NextTheme
            | Action::Timebox
            | Action::Undo
            | Action::Redo => return self.normal_key(action),
            _ => {}
        }
        let Some(f) = &self.screen.focus else {
            return Ok(());
        };
        let (rows, visible) = self.facts_window(&f.facts, frame);
        if let Some(to) = scrolled(action, f.scroll, rows, visible)
            && let Some(f) = self.screen.focus.as_mut()
        {
            f.scroll = to;
        }
        Ok(())
    }

    /// `n`/`p`: the next or previous item in rank order, still in focus.
    fn focus_step(&mut self, step: isize) -> Result<(), StoreError> {
        let before = self.selected_id();
        self.select_vertical(if step > 0 {
            Action::SelectDown
        } else {
            Action::SelectUp
        })?;
        let Some(id) = self.selected_id() else {
            return Ok(());
        };
        if Some(id) == before {
            let code = self
                .screen
                .focus
                .as_ref()
                .map(|f| f.facts.item.code())
                .unwrap_or_default();
            self.warn(if step > 0 {
                format!("{code} is the last item in the backlog.")
            } else {
                format!("{code} is the first item in the backlog.")
            });
            return Ok(());
        }
        let facts = self.item_facts(id)?;
        let said = format!(
            "{} \"{}\": rank {} of {}.",
            facts.item.code(),
            short_title(&facts.item.title),
            facts.rank,
            self.total_items
        );
        if let Some(f) = self.screen.focus.as_mut() {
            f.facts = facts;
            f.scroll = 0;
        }
        self.info(said);
        Ok(())
    }

    /// Scrolls the item view.
    pub(crate) fn scroll_item(&mut self, action: Action) {
        let frame = self.item_frame();
        let Some(Panel::Item(p)) = &self.panel else {
            return;
        };
        let (rows, visible) = self.facts_window(&p.facts, frame);
        if let Some(to) = scrolled(action, p.scroll, rows, visible)
            && let Some(Panel::Item(p)) = self.panel.as_mut()
        {
            p.scroll = to;
        }
    }

    /// Opens the item view on an item (or reloads it, keeping its scroll).
    pub(crate) fn show_item(&mut self, id: crate::domain::ItemId) -> Result<(), StoreError> {
        let facts = self.item_facts(id)?;
        let scroll = match &self.panel {
            Some(Panel::Item(p)) if p.facts.item.id == id => p.scroll,
            _ => 0,
        };
        self.panel = Some(Panel::Item(Box::new(ItemPanel { facts, scroll })));
        Ok(())
    }

    /// After the data changed: the item in focus and in the item view read again.
    pub(crate) fn refresh_facts(&mut self) -> Result<(), StoreError> {
        if let Some(id) = self.screen.focus.as_ref().map(|f| f.facts.item.id) {
            let facts = self.item_facts(id)?;
            if let Some(f) = self.screen.focus.as_mut() {
                f.facts = facts;
            }
        }
        if let Some(Panel::Item(p)) = &self.panel {
            let id = p.facts.item.id;
            self.show_item(id)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_both_ends() {
        assert_eq!(scrolled(Action::SelectUp, 0, 50, 10), Some(0));
        assert_eq!(scrolled(Action::SelectDown, 40, 50, 10), Some(40));
        assert_eq!(scrolled(Action::PageDown, 0, 50, 10), Some(9));
        assert_eq!(scrolled(Action::SelectLast, 0, 50, 10), Some(40));
        assert_eq!(scrolled(Action::SelectDown, 0, 5, 10), Some(0));
        assert_eq!(scrolled(Action::Confirm, 3, 50, 10), None);
    }
}
