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

// Focus mode.

fn text(app: &App) -> String {
    text_of(draw(app).backend().buffer())
}

fn focused(app: &App) -> String {
    app.screen
        .focus
        .as_ref()
        .map(|f| f.facts.item.code())
        .unwrap_or_default()
}

#[test]
fn focus_walks_the_backlog_in_rank_order_and_returns_to_the_board() {
    let mut app = app_with(&small_seed(), 80, 24);
    // The board selects E-4 (Funnel, rank 4) first.
    app.update(Action::Focus);
    assert_eq!(app.mode(), Mode::Focus);
    assert_eq!(focused(&app), "E-4");
    app.update(Action::NextItem);
    assert_eq!(focused(&app), "F-5");
    app.update(Action::NextItem);
    app.update(Action::PreviousItem);
    app.update(Action::PreviousItem);
    app.update(Action::PreviousItem);
    assert_eq!(focused(&app), "F-3");
    assert_status_contains(&app, "rank 3 of 7");
    for _ in 0..3 {
        app.update(Action::PreviousItem);
    }
    assert_eq!(focused(&app), "F-1");
    assert_status_contains(&app, "F-1 is the first item");
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view, clusterboard::app::View::Board);
    assert_eq!(
        app.selected_id(),
        Some(ItemId(1)),
        "the board selects the item focus ended on"
    );
}

#[test]
fn focus_shows_the_whole_title_the_checklist_and_the_votes_behind_an_estimate() {
    let mut app = backlog_app();
    let long = "Theft alarm with GPS tracking, geofencing around the rider's home and work, and a push alarm that reaches the owner's phone and watch within five seconds";
    app.store.write_title_unchecked(ItemId(1), long).unwrap();
    app.update(Action::PokerValue);
    app.update(Action::NameVoter);
    type_keys(&mut app, "Ana");
    app.update(Action::Confirm);
    type_keys(&mut app, "13");
    app.update(Action::Confirm);
    type_keys(&mut app, "20");
    app.update(Action::Confirm);
    app.update(Action::Reveal);
    app.update(Action::Confirm);
    app.update(Action::Focus);
    let shown = text(&app);
    let words: Vec<&str> = long.split(' ').collect();
    for w in words {
        assert!(
            shown.contains(w.trim_end_matches(',')),
            "{w} is cut: {shown}"
        );
    }
    assert!(
        shown.contains("[ ] Described from the user's view"),
        "{shown}"
    );
    // The estimate and the round behind it: who voted what.
    app.update(Action::SelectLast);
    let shown = text(&app);
    assert!(shown.contains("Ana: 13 · Voter 2: 20"), "{shown}");
    assert!(shown.contains("value 20, agreed"), "{shown}");
}

#[test]
fn scrolling_focus_past_the_end_stops_there() {
    let mut app = backlog_app();
    app.update(Action::Focus);
    for _ in 0..200 {
        app.update(Action::SelectDown);
    }
    let end = app.screen.focus.as_ref().unwrap().scroll;
    assert!(end > 0, "there is more than one screen of facts at 80x24");
    app.update(Action::SelectUp);
    assert_eq!(app.screen.focus.as_ref().unwrap().scroll, end - 1);
    app.update(Action::SelectFirst);
    assert_eq!(app.screen.focus.as_ref().unwrap().scroll, 0);
}

#[test]
fn keys_in_focus_act_on_the_item_in_focus_and_come_back_to_it() {
    let mut app = backlog_app();
    app.update(Action::Focus);
    app.update(Action::NextItem); // S-2
    app.update(Action::OpenDor);
    app.update(Action::Toggle);
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Focus);
    assert_eq!(app.store.dor_met(ItemId(2)).unwrap().len(), 1);
    assert!(
        text(&app).contains("Definition of Ready  1/7 met"),
        "focus shows the tick at once"
    );
}

#[test]
fn the_item_view_scrolls_and_opens_focus_mode() {
    let mut app = backlog_app();
    app.update(Action::OpenItem);
    for _ in 0..100 {
        app.update(Action::SelectDown);
    }
    let Some(Panel::Item(p)) = &app.panel else {
        panic!("the item view is open");
    };
    assert!(p.scroll > 0);
    assert!(text(&app).contains("History"), "the end shows the history");
    app.update(Action::Focus);
    assert_eq!(app.mode(), Mode::Focus);
    assert_eq!(focused(&app), "F-1");
}

// The timebox.

use clusterboard::app::timebox::Clock;
use clusterboard::config::Config;
use std::time::Duration;

fn timed_app(bell: bool) -> App {
    let config = Config {
        bell,
        user_name: Some("alex".into()),
        ..Config::default()
    };
    let mut app = App::new(common::store_with(&small_seed()), &config, false).unwrap();
    app.update(Action::Resize(80, 24));
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    app.screen.clock = Clock::manual();
    app
}

fn pass(app: &mut App, secs: u64) {
    app.screen.clock.advance(Duration::from_secs(secs));
    app.update(Action::Tick);
}

#[test]
fn a_timebox_counts_down_in_the_header_and_says_when_the_time_is_up() {
    let mut app = timed_app(true);
    app.update(Action::Timebox);
    assert_status_contains(&app, "Timebox of 5 min for F-1");
    pass(&mut app, 60);
    let shown = text(&app);
    assert!(shown.contains("⏱ Timebox F-1 \"SSO login\""), "{shown}");
    assert!(shown.contains("4:00 left of 5 min"), "{shown}");
    assert!(!app.take_bell());
    pass(&mut app, 250);
    let shown = text(&app);
    assert!(
        shown.contains("TIME IS UP"),
        "the alert is in words: {shown}"
    );
    assert!(shown.contains("10 s over the 5 min timebox"), "{shown}");
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "Time is up for F-1");
    assert!(app.take_bell(), "the config asks for the bell");
    assert!(!app.take_bell(), "it rings once");
    pass(&mut app, 30);
    assert!(!app.take_bell());
}

#[test]
fn without_the_bell_in_the_config_the_alert_is_silent() {
    let mut app = timed_app(false);
    app.update(Action::Timebox);
    pass(&mut app, 301);
    assert_status_contains(&app, "Time is up");
    assert!(!app.take_bell());
}

#[test]
fn stopping_a_timebox_records_the_time_on_the_item_and_its_history() {
    let mut app = timed_app(false);
    app.update(Action::RankDown); // a change of alex's own, to undo later
    app.update(Action::RankUp);
    app.update(Action::Timebox);
    pass(&mut app, 272);
    app.update(Action::Timebox);
    assert!(app.screen.timebox.is_none());
    assert_status_contains(&app, "Recorded 4 min 32 s on F-1");
    let spent = app.store.time_spent(ItemId(1)).unwrap();
    assert_eq!((spent.total.as_secs(), spent.discussions), (272, 1));
    let history = app.store.history(ItemId(1), 5).unwrap();
    assert_eq!(
        history[0].summary,
        "Discussed F-1 \"SSO login\" for 4 min 32 s in refinement (timebox 5 min)"
    );
    app.update(Action::Focus);
    assert!(text(&app).contains("In refinement: 4 min 32 s over 1 timebox"));
    // A timebox recorded by mistake: u takes the record back, Ctrl-r returns it.
    app.update(Action::Undo);
    assert_status_contains(&app, "Undid: Discussed F-1");
    assert_eq!(app.store.time_spent(ItemId(1)).unwrap().discussions, 0);
    app.update(Action::Redo);
    assert_eq!(app.store.time_spent(ItemId(1)).unwrap().discussions, 1);
}

#[test]
fn a_timebox_started_on_the_next_item_records_the_one_before() {
    let mut app = timed_app(false);
    app.update(Action::Focus);
    app.update(Action::Timebox);
    pass(&mut app, 120);
    app.update(Action::NextItem);
    assert_eq!(
        app.screen.timebox.as_ref().map(|t| t.code.as_str()),
        Some("F-1"),
        "walking on does not move the timebox"
    );
    app.update(Action::Timebox);
    assert_status_contains(&app, "Recorded 2 min on F-1");
    assert_status_contains(&app, "Timebox of 5 min for S-2");
    assert_eq!(app.store.time_spent(ItemId(1)).unwrap().discussions, 1);
}

#[test]
fn the_command_line_sets_the_length_stops_the_timebox_and_refuses_nonsense() {
    let mut app = timed_app(false);
    let run = |app: &mut App, line: &str| {
        // A refused line stays open as typed: start afresh.
        if app.mode() == clusterboard::app::Mode::Command {
            app.update(Action::Close);
        }
        app.update(Action::OpenCommandLine);
        type_keys(app, line);
        app.update(Action::Confirm);
    };
    run(&mut app, "timebox 90s");
    assert_status_contains(&app, "Timebox of 1 min 30 s for F-1");
    pass(&mut app, 45);
    run(&mut app, "timebox stop");
    assert_status_contains(&app, "Recorded 45 s on F-1");
    run(&mut app, "timebox stop");
    assert_eq!(app.status.level, Level::Error);
    run(&mut app, "timebox soon");
    assert_status_contains(&app, "\"soon\" is not a length");
    assert!(app.screen.timebox.is_none());
    // b now starts the length set last.
    app.update(Action::Close);
    app.update(Action::Timebox);
    assert_status_contains(&app, "Timebox of 1 min 30 s");
}

#[test]
fn a_three_row_timebox_header_keeps_the_selected_row_on_screen() {
    let mut app = timed_app(false);
    app.update(Action::SelectLast);
    app.update(Action::Timebox);
    assert_eq!(app.header_rows(), 3);
    let shown = text(&app);
    assert!(
        shown.contains("Dealer app"),
        "the last row still shows: {shown}"
    );
    assert!(
        shown.contains("7 items · ? keys"),
        "the title bar stays: {shown}"
    );
}

#[test]
fn dialogs_grow_with_a_wide_screen_and_the_help_stands_in_two_columns() {
    let mut app = app_with(&small_seed(), 200, 60);
    app.update(Action::ToggleHelp);
    let shown = text(&app);
    let row = shown
        .lines()
        .find(|l| l.contains("Select"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        row.matches('│').count() >= 2 && row.trim_end().len() > 150,
        "a second column beside the first: {shown}"
    );
    app.update(Action::Close);
    app.update(Action::OpenDor);
    let shown = text(&app);
    let top = shown
        .lines()
        .find(|l| l.contains("Definition of Ready ·"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        top.trim().chars().count() > 72,
        "the checklist is wider than at 80 columns: {top}"
    );
}

// The keys of the shared screen, and + / -.

use clusterboard::app::Keymap;
use clusterboard::app::keymap::Key;
use clusterboard::config::KeyOverride;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key_in(mode: Mode, code: KeyCode) -> Option<Action> {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    Keymap::default().action_for(&KeyEvent::new(code, modifiers), mode)
}

#[test]
fn the_shared_screen_has_its_keys() {
    let n = Mode::Normal;
    assert_eq!(key_in(n, KeyCode::Char('f')), Some(Action::Focus));
    assert_eq!(key_in(n, KeyCode::F(2)), Some(Action::NextTheme));
    assert_eq!(key_in(n, KeyCode::Char('b')), Some(Action::Timebox));
    assert_eq!(key_in(n, KeyCode::Char('c')), Some(Action::Checkpoint));
    assert_eq!(key_in(n, KeyCode::Char('+')), Some(Action::MoreColumns));
    assert_eq!(key_in(n, KeyCode::Char('-')), Some(Action::FewerColumns));
    let f = Mode::Focus;
    assert_eq!(key_in(f, KeyCode::Char('n')), Some(Action::NextItem));
    assert_eq!(key_in(f, KeyCode::Right), Some(Action::NextItem));
    assert_eq!(key_in(f, KeyCode::Char('p')), Some(Action::PreviousItem));
    assert_eq!(key_in(f, KeyCode::PageDown), Some(Action::PageDown));
    assert_eq!(key_in(f, KeyCode::Char('b')), Some(Action::Timebox));
    assert_eq!(key_in(f, KeyCode::Esc), Some(Action::Close));
    assert_eq!(key_in(f, KeyCode::Char('f')), Some(Action::Close));
    assert_eq!(
        key_in(Mode::Item, KeyCode::Char('j')),
        Some(Action::SelectDown)
    );
    assert_eq!(key_in(Mode::Item, KeyCode::Char('f')), Some(Action::Focus));
    // Before the reveal a voter types the card; letters stay keys.
    let poker = Mode::Poker { revealed: false };
    assert_eq!(key_in(poker, KeyCode::Char('8')), Some(Action::Type('8')));
    assert_eq!(key_in(poker, KeyCode::Char('?')), Some(Action::Type('?')));
    assert_eq!(key_in(poker, KeyCode::Char('r')), Some(Action::Reveal));
    assert_eq!(key_in(poker, KeyCode::Char('x')), None);
}

#[test]
fn focus_mode_keys_can_be_rebound_in_the_config() {
    let map = Keymap::with_overrides(
        &[KeyOverride {
            mode: "focus".into(),
            key: "space".into(),
            action: "next_item".into(),
            line: 3,
        }],
        std::path::Path::new("c.toml"),
    )
    .unwrap();
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    assert_eq!(map.action_for(&space, Mode::Focus), Some(Action::NextItem));
    assert_eq!(
        map.keys(clusterboard::app::Table::Focus, Action::NextItem)[0],
        Key::Char('n')
    );
}

#[test]
fn plus_and_minus_change_how_many_columns_the_board_shows() {
    let mut app = app_with(&small_seed(), 80, 24);
    assert_eq!(app.geometry().visible_columns, 4);
    app.update(Action::FewerColumns);
    app.update(Action::FewerColumns);
    assert_eq!(app.geometry().visible_columns, 2);
    assert_status_contains(&app, "The board shows 2 of 8 columns at once");
    let wide = text(&app);
    assert!(
        wide.lines().nth(1).is_some_and(|l| l.contains("Funnel")
            && l.contains("Analysis")
            && !l.contains("Ready")),
        "{wide}"
    );
    for _ in 0..3 {
        app.update(Action::FewerColumns);
    }
    assert_eq!(app.geometry().visible_columns, 1);
    assert_eq!(app.status.level, Level::Warning, "one is the fewest");
    for _ in 0..10 {
        app.update(Action::MoreColumns);
    }
    assert_eq!(
        app.geometry().visible_columns,
        5,
        "as many as fit at 80 columns"
    );
    assert_status_contains(&app, "as many as fit this wide");
    // The selected column stays on screen as the board narrows.
    for _ in 0..6 {
        app.update(Action::SelectRight);
    }
    app.update(Action::FewerColumns);
    let g = app.geometry();
    assert!(app.selected_column < app.first_column + g.visible_columns);
}

#[test]
fn u_takes_a_checkpoint_back_and_ctrl_r_brings_it_back() {
    let mut app = app_with(&small_seed(), 200, 60);
    app.update(Action::ShowBacklog);
    app.update(Action::Checkpoint);
    assert_status_contains(&app, "Marked checkpoint \"Refinement");
    let screen = text_of(draw(&app).backend().buffer());
    assert!(screen.contains("Since"), "{screen}");
    app.update(Action::Undo);
    assert_status_contains(&app, "Undid: Marked checkpoint \"Refinement");
    assert!(app.store.last_checkpoint().unwrap().is_none());
    let screen = text_of(draw(&app).backend().buffer());
    assert!(
        !screen.contains("Since"),
        "no checkpoint, no Since column: {screen}"
    );
    app.update(Action::Redo);
    assert_status_contains(&app, "Redid: Marked checkpoint \"Refinement");
    let screen = text_of(draw(&app).backend().buffer());
    assert!(screen.contains("Since"), "{screen}");
}
