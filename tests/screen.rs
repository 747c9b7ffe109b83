#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! The shared screen, driven without a terminal: planning poker that hides
//! every vote until the reveal, focus mode, the timebox and checkpoints.

mod common;

use clusterboard::app::{Action, App, Level, Mode, Panel};
use clusterboard::domain::ItemId;
use common::render::{draw, text_of};
use common::{app_with, assert_status_contains, small_seed, type_keys};

fn backlog_app() -> App {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    app
}

fn poker(app: &App) -> &clusterboard::app::PokerPanel {
    match &app.panel {
        Some(Panel::Poker(p)) => p,
        other => panic!("no poker panel: {other:?}"),
    }
}

#[test]
fn before_the_reveal_nothing_on_screen_moves_as_a_voter_chooses() {
    let mut app = backlog_app();
    app.update(Action::PokerValue);
    let blank = text_of(draw(&app).backend().buffer());
    let cursor = poker(&app).cursor;
    app.update(Action::SelectRight);
    app.update(Action::SelectLast);
    assert_eq!(
        poker(&app).cursor,
        cursor,
        "the arrows do not browse face up"
    );
    assert_status_contains(&app, "type the card's number");
    type_keys(&mut app, "5");
    let five = text_of(draw(&app).backend().buffer());
    app.update(Action::Back);
    type_keys(&mut app, "100");
    let hundred = text_of(draw(&app).backend().buffer());
    assert_eq!(five, hundred, "a typed 5 and a typed 100 look the same");
    assert_ne!(blank, five, "the room sees that a card is typed");
}

#[test]
fn a_typed_card_outside_the_deck_is_refused_without_saying_what_it_was() {
    let mut app = backlog_app();
    app.update(Action::PokerEffort);
    type_keys(&mut app, "7");
    app.update(Action::Confirm);
    assert_eq!(app.status.level, Level::Warning);
    assert!(!app.status.text.contains('7'), "{}", app.status.text);
    assert!(poker(&app).votes.is_empty());
    app.update(Action::Confirm);
    assert_status_contains(&app, "Type the card's number first");
    type_keys(&mut app, "8");
    app.update(Action::Confirm);
    assert_eq!(poker(&app).votes.len(), 1);
    assert!(!app.status.text.contains('8'), "{}", app.status.text);
}

#[test]
fn after_the_reveal_typing_or_the_arrows_choose_the_agreed_card() {
    let mut app = backlog_app();
    app.update(Action::PokerEffort);
    for card in ["3", "5", "8"] {
        type_keys(&mut app, card);
        app.update(Action::Confirm);
    }
    app.update(Action::Reveal);
    assert_eq!(app.mode(), Mode::Poker { revealed: true });
    type_keys(&mut app, "13");
    app.update(Action::SelectLeft); // 8
    app.update(Action::Confirm);
    assert_eq!(app.store.item(ItemId(1)).unwrap().effort, Some(8));
}
