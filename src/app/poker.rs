//! A planning-poker round on the selected item: votes stay face down until
//! revealed, then the spread is shown and the agreed card is set with one key.
//! On a shared screen the room must not see a vote being chosen, so before the
//! reveal a voter types the card's number, shown only as `▒▒▒`; browsing the
//! deck with the arrows (which would show the card) starts after the reveal.

use super::field::{Allow, TextField};
use super::{Action, App, Panel, Table, short_title};
use crate::domain::ItemId;
use crate::domain::poker::{PokerCard, Spread, spread};
use crate::store::{PokerField, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct PokerPanel {
    pub item: ItemId,
    pub code: String,
    pub title: String,
    pub field: PokerField,
    /// The estimate before this round, if any.
    pub current: Option<u32>,
    /// Index of the highlighted card in the deck (after the reveal: the agreed card).
    pub cursor: usize,
    /// The card the next voter is typing, never shown before the reveal.
    pub typed: String,
    pub votes: Vec<(String, PokerCard)>,
    pub revealed: bool,
    /// The next voter's name while it is being typed.
    pub naming: Option<TextField>,
    /// The name the next vote gets; empty means "Voter N".
    pub next_name: String,
}

impl PokerPanel {
    pub fn spread(&self, deck: &crate::domain::poker::Deck) -> Option<Spread> {
        let cards: Vec<PokerCard> = self.votes.iter().map(|(_, c)| *c).collect();
        spread(deck, &cards)
    }
}

impl App {
    pub(crate) fn open_poker(&mut self, field: PokerField) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let item = self.store.item(id)?;
        let current = match field {
            PokerField::Value => item.value,
            PokerField::Effort => item.effort,
        };
        // Start on the current estimate's card, else the middle of the deck.
        let deck = &self.config.deck.0;
        let cursor = current
            .and_then(|v| deck.iter().position(|c| *c == PokerCard::Points(v)))
            .unwrap_or(deck.len() / 2);
        self.panel = Some(Panel::Poker(Box::new(PokerPanel {
            item: id,
            code: item.code(),
            title: crate::domain::text::shown(&item.title),
            field,
            current,
            cursor,
            typed: String::new(),
            votes: Vec::new(),
            revealed: false,
            naming: None,
            next_name: String::new(),
        })));
        self.info(format!(
            "Planning poker for the {} of {} \"{}\": each person types a card's number and {}; it stays hidden.",
            field.label(),
            item.code(),
            short_title(&item.title),
            self.keymap.key(Table::Poker, Action::Confirm)
        ));
        Ok(())
    }

    pub(crate) fn poker_key(&mut self, action: Action) -> Result<(), StoreError> {
        let deck_len = self.config.deck.0.len();
        let Some(Panel::Poker(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        if let Some(name) = p.naming.as_mut() {
            let edit = name.edit(action);
            if edit.handled() {
                if let Some(why) = edit.refused() {
                    self.warn(why);
                }
                return Ok(());
            }
            let Some(Panel::Poker(p)) = self.panel.as_mut() else {
                return Ok(());
            };
            let Some(name) = p.naming.as_mut() else {
                return Ok(());
            };
            match action {
                Action::Confirm => {
                    let typed = name.text().trim().to_string();
                    // A pasted bidi override or zero-width mark would change
                    // how the room reads the name: refuse it, keep the field.
                    if let Some(at) = typed.chars().position(crate::domain::item::is_unprintable) {
                        self.warn(format!(
                            "The name holds a character that does not print (at {}): type it again without it.",
                            at + 1
                        ));
                        return Ok(());
                    }
                    p.next_name = typed;
                    p.naming = None;
                }
                Action::Close | Action::Quit => p.naming = None,
                _ => {}
            }
            return Ok(());
        }
        match action {
            // Typed before the reveal, a card is hidden; after it, it picks the agreed card.
            Action::Type(c) if c.is_ascii_digit() || c == '?' => {
                if p.typed.chars().count() < 4 {
                    p.typed.push(c);
                }
                if p.revealed
                    && let Some(i) = self
                        .config
                        .deck
                        .0
                        .iter()
                        .position(|d| p.typed.parse::<PokerCard>().is_ok_and(|t| t == *d))
                {
                    p.cursor = i;
                }
            }
            Action::SelectLeft
            | Action::SelectRight
            | Action::SelectUp
            | Action::SelectDown
            | Action::SelectFirst
            | Action::SelectLast
                if !p.revealed =>
            {
                self.info(format!(
                    "Cards stay face down until {}: type the card's number (hidden), then {}.",
                    self.keymap.key(Table::Poker, Action::Reveal),
                    self.keymap.key(Table::Poker, Action::Confirm)
                ));
            }
            Action::SelectLeft | Action::SelectUp => {
                p.cursor = p.cursor.saturating_sub(1);
                p.typed.clear();
            }
            Action::SelectRight | Action::SelectDown => {
                p.cursor = (p.cursor + 1).min(deck_len.saturating_sub(1));
                p.typed.clear();
            }
            Action::SelectFirst => p.cursor = 0,
            Action::SelectLast => p.cursor = deck_len.saturating_sub(1),
            Action::NameVoter if !p.revealed => {
                p.naming = Some(TextField::new("", Allow::Text, 40));
            }
            Action::Toggle | Action::Confirm if !p.revealed => {
                let typed = std::mem::take(&mut p.typed);
                if typed.is_empty() {
                    self.warn(format!(
                        "Type the card's number first, then {}: it stays hidden until {} reveals every vote.",
                        self.keymap.key(Table::Poker, Action::Confirm),
                        self.keymap.key(Table::Poker, Action::Reveal)
                    ));
                    return Ok(());
                }
                // The message never repeats what was typed: the room would read it.
                let Some(card) = typed
                    .parse::<PokerCard>()
                    .ok()
                    .filter(|c| self.config.deck.0.contains(c))
                else {
                    self.warn(
                        "That is not a card of this deck: type it again (nothing was shown).",
                    );
                    return Ok(());
                };
                let name = if p.next_name.is_empty() {
                    format!("Voter {}", p.votes.len() + 1)
                } else {
                    std::mem::take(&mut p.next_name)
                };
                p.votes.push((name.clone(), card));
                let n = p.votes.len();
                self.info(format!(
                    "{name} has voted ({n} vote{} face down). Press {} to reveal.",
                    if n == 1 { "" } else { "s" },
                    self.keymap.key(Table::Poker, Action::Reveal)
                ));
            }
            Action::Back if !p.typed.is_empty() => {
                p.typed.pop();
            }
            Action::Back if !p.revealed => {
                if let Some((name, _)) = p.votes.pop() {
                    self.info(format!("Took back the vote of {name}."));
                }
            }
            Action::Reveal if !p.revealed => {
                let Some(s) = p.spread(&self.config.deck) else {
                    self.warn("No number votes yet: vote before revealing.");
                    return Ok(());
                };
                p.revealed = true;
                p.typed.clear();
                // Offer the proposal: the deck card nearest the median.
                if let Some(i) = self
                    .config
                    .deck
                    .0
                    .iter()
                    .position(|c| *c == PokerCard::Points(s.proposal))
                {
                    p.cursor = i;
                }
                let outliers = if s.outliers.is_empty() {
                    "no outliers".to_string()
                } else {
                    let names: Vec<&str> =
                        s.outliers.iter().map(|&i| p.votes[i].0.as_str()).collect();
                    format!("ask {} first", names.join(", "))
                };
                self.info(format!(
                    "Revealed: {} to {}, median {}; {outliers}. Choose the agreed card, {} sets it.",
                    s.min,
                    s.max,
                    s.median,
                    self.keymap.key(Table::Poker, Action::Confirm)
                ));
            }
            Action::Confirm | Action::Toggle if p.revealed => {
                let PokerCard::Points(agreed) = self.config.deck.0[p.cursor.min(deck_len - 1)]
                else {
                    self.warn("\"?\" cannot be the agreed estimate: choose a number.");
                    return Ok(());
                };
                let (id, field, votes, code, title) = (
                    p.item,
                    p.field,
                    p.votes.clone(),
                    p.code.clone(),
                    p.title.clone(),
                );
                self.store
                    .finish_poker_round(id, field, &votes, agreed, &self.who)?;
                self.panel = None;
                self.refresh(Some(id))?;
                self.info(format!(
                    "Set the {} of {code} \"{}\" to {agreed} after {} vote{}.",
                    field.label(),
                    short_title(&title),
                    votes.len(),
                    if votes.len() == 1 { "" } else { "s" }
                ));
            }
            Action::Close | Action::Quit => {
                self.panel = None;
                self.info("Planning poker cancelled; nothing was changed.");
            }
            _ => {}
        }
        Ok(())
    }
}
