//! `/`: a filter applied as it is typed, kept with Enter, cleared with Esc.

use super::App;
use super::prompt::PromptKind;
use crate::domain::filter::Filter;
use crate::store::StoreError;

impl App {
    /// `/`, the terms, Enter: applies the filter, or says what is wrong with it.
    pub(crate) fn apply_filter_text(&mut self, typed: &str) -> Result<(), StoreError> {
        match Filter::parse(typed) {
            Ok(f) => self.set_filter(f),
            Err(e) => {
                self.warn(format!("Filter not applied: {e}."));
                Ok(())
            }
        }
    }

    /// Enter on the filter line: keeps what was typed, or, when it does not
    /// parse, says why and puts back the filter from before it was opened.
    pub(crate) fn confirm_filter(&mut self, typed: &str, before: &str) -> Result<(), StoreError> {
        if Filter::parse(typed).is_err() {
            self.preview_filter(before)?;
        }
        self.apply_filter_text(typed)
    }

    /// While the filter is typed: shows what the text so far finds. Text that
    /// does not parse yet (`kind:fe`) leaves the results of the last that did.
    /// While its titles are still read on their thread the key does not
    /// wait: the line says so and `arrived` shows the matches.
    pub(crate) fn preview_filter(&mut self, typed: &str) -> Result<(), StoreError> {
        self.filter_waiting = false;
        match Filter::parse(typed) {
            Ok(f) if f != self.filter => {
                if !f.words.is_empty() && self.store.text_index_waiting() {
                    self.filter_waiting = true;
                    return Ok(());
                }
                self.show_filtered(f)
            }
            _ => Ok(()),
        }
    }

    /// Whether the filter typed waits for the titles to match against.
    pub fn filter_waiting(&self) -> bool {
        self.filter_waiting
    }

    /// Whether a view shows that it waits for a read on a thread.
    pub fn awaiting(&self) -> bool {
        self.filter_waiting
            || self.scoring.is_some()
            || (self.view == super::View::Reports && self.reports.lead_waiting())
    }

    /// Shows what a thread has read, once it has: the filter's matches for
    /// the text typed by now, the suggested order, or the lead times.
    pub(crate) fn arrived(&mut self) -> Result<(), StoreError> {
        self.suggestion_arrived()?;
        if self.filter_waiting && !self.store.text_index_waiting() {
            self.filter_waiting = false;
            if let Some(p) = self
                .prompt
                .as_ref()
                .filter(|p| p.kind == PromptKind::Filter)
            {
                let typed = p.text().to_string();
                self.preview_filter(&typed)?;
            }
        }
        if self.view == super::View::Reports && self.reports_arrived()? {
            self.load_reports()?;
        }
        Ok(())
    }

    /// Puts a filter in force and loads the view from its first item.
    fn show_filtered(&mut self, filter: Filter) -> Result<(), StoreError> {
        self.filter = filter;
        self.backlog.scroll = 0;
        self.backlog.selected = 0;
        for c in &mut self.columns {
            c.scroll = 0;
            c.selected = 0;
        }
        self.reload()
    }

    /// Applies a filter and selects the first item that passes it.
    pub(crate) fn set_filter(&mut self, filter: Filter) -> Result<(), StoreError> {
        self.filter_waiting = false;
        self.show_filtered(filter)?;
        if self.filter.is_empty() {
            self.info(format!(
                "Filter cleared: all {} items shown.",
                self.total_items
            ));
        } else {
            self.info(format!(
                "Showing {} of {} items for \"{}\". {} clears the filter.",
                self.shown_items,
                self.total_items,
                self.filter.describe(),
                self.keymap.normal(super::Action::Close)
            ));
        }
        Ok(())
    }

    /// `t`: show only items split to the next team; after the last, all items.
    pub(crate) fn cycle_team_filter(&mut self) -> Result<(), StoreError> {
        let codes: Vec<String> = self.store.teams()?.into_iter().map(|t| t.code).collect();
        if codes.is_empty() {
            let colon = self.keymap.normal(super::Action::OpenCommandLine);
            self.warn(format!(
                "There are no teams yet: add one with {colon}team add PAY \"Payments\"."
            ));
            return Ok(());
        }
        let next = match &self.filter.team {
            None => codes.first().cloned(),
            Some(current) => codes
                .iter()
                .position(|c| c == current)
                .and_then(|i| codes.get(i + 1))
                .cloned(),
        };
        let filter = Filter {
            team: next,
            ..self.filter.clone()
        };
        self.set_filter(filter)
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{Action, App, View};
    use crate::config::Config;
    use crate::store::Store;

    fn app() -> App {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(300, 2), "t")
            .unwrap();
        App::with_size(store, &Config::default(), false, (120, 40), View::Backlog).unwrap()
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::Type(c));
        }
    }

    #[test]
    fn the_filter_narrows_the_view_as_it_is_typed_and_esc_puts_back_the_old_one() {
        let mut app = app();
        let all = app.shown_items;
        app.update(Action::StartFilter);
        type_text(&mut app, "flet");
        assert!(app.prompt.is_some(), "still typing");
        assert!(app.shown_items > 0 && app.shown_items < all);
        assert!(
            app.backlog
                .rows
                .iter()
                .all(|r| r.item.title.to_lowercase().contains("fleet")),
            "a near miss finds the fleet items"
        );
        app.update(Action::Close);
        assert!(
            app.filter.is_empty(),
            "Esc puts back the filter from before"
        );
        assert_eq!(app.shown_items, all);
    }

    /// The first key after `/` does not wait for the titles read on their
    /// thread: the matches come with `Arrived`, for the text typed by then.
    #[test]
    fn the_first_keys_of_a_filter_show_their_matches_when_the_titles_come() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let mut store = Store::open(&path).unwrap();
        store
            .load_seed(&crate::bench::generate(3000, 2), "t")
            .unwrap();
        let mut app =
            App::with_size(store, &Config::default(), false, (120, 40), View::Backlog).unwrap();
        let all = app.shown_items;
        app.update(Action::StartFilter);
        type_text(&mut app, "flet");
        let mut looks = 0;
        while app.awaiting() {
            assert!(app.filter.is_empty(), "nothing is shown as matched yet");
            std::thread::sleep(std::time::Duration::from_millis(2));
            app.update(Action::Arrived);
            looks += 1;
            assert!(looks < 5000, "the titles never came");
        }
        assert!(app.prompt.is_some(), "still typing");
        assert_eq!(app.filter.words, vec!["flet".to_string()]);
        assert!(app.shown_items > 0 && app.shown_items < all);
        assert!(
            app.backlog
                .rows
                .iter()
                .all(|r| r.item.title.to_lowercase().contains("fleet"))
        );
        // Esc while waiting, or after: the board as before.
        app.update(Action::Close);
        assert!(!app.awaiting());
        assert_eq!(app.shown_items, all);
    }

    #[test]
    fn a_code_in_the_filter_finds_that_item() {
        let mut app = app();
        let code = app.backlog.rows[4].item.code();
        app.update(Action::StartFilter);
        type_text(&mut app, &code);
        app.update(Action::Confirm);
        assert_eq!(app.shown_items, 1);
        assert_eq!(app.backlog.rows[0].item.code(), code);
    }
}
