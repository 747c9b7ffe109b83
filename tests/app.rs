#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Reducer tests: every key's action as a plain function call, no terminal.

mod common;

use clusterboard::app::{Action, App, Level, Panel};
use clusterboard::config::Config;
use clusterboard::domain::{ItemId, State};
use clusterboard::store::Store;
use common::{
    NO_GATE, app_on, app_with, assert_status_contains, seeded_db, small_seed, small_seed_plus,
};

fn column_of(app: &App, state: State) -> usize {
    app.columns
        .iter()
        .position(|c| c.config.state == state)
        .unwrap()
}

fn select(app: &mut App, id: i64) {
    let item = app.store.item(ItemId(id)).unwrap();
    let target = column_of(app, item.state);
    while app.selected_column > target {
        app.update(Action::SelectLeft);
    }
    while app.selected_column < target {
        app.update(Action::SelectRight);
    }
    app.update(Action::SelectFirst);
    while app.selected_card().map(|c| c.id) != Some(ItemId(id)) {
        app.update(Action::SelectDown);
    }
}

fn ids_in(app: &App, state: State) -> Vec<i64> {
    app.columns[column_of(app, state)]
        .cards
        .iter()
        .map(|c| c.id.0)
        .collect()
}

#[test]
fn the_board_starts_on_the_first_card_of_the_first_column() {
    let app = app_with(&small_seed(), 80, 24);
    assert_eq!(app.selected_column, 0);
    assert_eq!(app.selected_card().unwrap().id, ItemId(4));
    assert_eq!(app.total_items, 7);
}

#[test]
fn cards_in_a_column_follow_the_cluster_rank() {
    let app = app_with(&small_seed(), 80, 24);
    assert_eq!(ids_in(&app, State::Ready), vec![1, 3, 5]);
    assert_eq!(ids_in(&app, State::Funnel), vec![4, 7]);
}

#[test]
fn shift_l_moves_the_card_to_the_next_column_and_says_so() {
    let mut app = app_with(&small_seed(), 80, 24);
    select(&mut app, 3);
    app.update(Action::MoveCardRight);
    assert_eq!(app.store.item(ItemId(3)).unwrap().state, State::Planned);
    assert_eq!(
        app.selected_card().unwrap().id,
        ItemId(3),
        "selection follows the card"
    );
    assert_eq!(
        app.columns[app.selected_column].config.state,
        State::Planned
    );
    assert_eq!(app.status.level, Level::Info);
    assert_eq!(
        app.status.text,
        "Moved F-3 \"Offline maps\" from Ready to Planned."
    );
}

#[test]
fn shift_h_moves_the_card_back() {
    let mut app = app_with(&small_seed(), 80, 24);
    select(&mut app, 2);
    app.update(Action::MoveCardLeft);
    assert_eq!(app.store.item(ItemId(2)).unwrap().state, State::Planned);
    assert_status_contains(&app, "from Implementing to Planned");
}

#[test]
fn moving_past_the_first_column_changes_nothing_and_warns() {
    let mut app = app_with(&small_seed(), 80, 24);
    let changes = app.store.change_count().unwrap();
    app.update(Action::MoveCardLeft);
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "already in the first column");
    assert_eq!(app.store.change_count().unwrap(), changes);
}

#[test]
fn moving_into_a_full_column_warns_about_the_wip_limit() {
    let seed = small_seed_plus(3, "Review", &["review"]);
    let mut app = app_with(&seed, 80, 24);
    select(&mut app, 2); // Implementing → Review, which holds 3 with a limit of 3.
    app.update(Action::MoveCardRight);
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "over its WIP limit (4/3)");
    assert!(app.columns[app.selected_column].over_wip());
}

#[test]
fn shift_k_and_shift_j_reorder_within_the_column() {
    let mut app = app_with(&small_seed(), 80, 24);
    select(&mut app, 5);
    app.update(Action::RankUp);
    assert_eq!(ids_in(&app, State::Ready), vec![1, 5, 3]);
    assert_eq!(app.selected_card().unwrap().id, ItemId(5));
    assert_eq!(
        app.status.text,
        "Moved F-5 \"Dark mode\" up to rank 3 of 7."
    );
    app.update(Action::RankUp);
    assert_eq!(ids_in(&app, State::Ready), vec![5, 1, 3]);
    assert_eq!(app.store.position(ItemId(5)).unwrap(), 1);
    app.update(Action::RankDown);
    assert_eq!(ids_in(&app, State::Ready), vec![1, 5, 3]);
    assert_status_contains(&app, "down to rank");
}

#[test]
fn ranking_past_the_top_of_a_column_warns_and_writes_nothing() {
    let mut app = app_with(&small_seed(), 80, 24);
    select(&mut app, 1);
    let changes = app.store.change_count().unwrap();
    app.update(Action::RankUp);
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "already at the top of Ready");
    assert_eq!(app.store.change_count().unwrap(), changes);
}

#[test]
fn selection_moves_with_vim_keys_and_stays_in_bounds() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::SelectUp);
    assert_eq!(app.selected_card().unwrap().id, ItemId(4));
    app.update(Action::SelectDown);
    app.update(Action::SelectDown);
    assert_eq!(app.selected_card().unwrap().id, ItemId(7));
    app.update(Action::SelectLeft);
    assert_eq!(app.selected_column, 0);
    for _ in 0..20 {
        app.update(Action::SelectRight);
    }
    assert_eq!(app.selected_column, app.columns.len() - 1);
}

#[test]
fn scrolling_sideways_keeps_the_selected_column_on_screen() {
    let mut app = app_with(&small_seed(), 80, 24);
    let visible = app.geometry().visible_columns;
    assert_eq!(visible, 4);
    for _ in 0..6 {
        app.update(Action::SelectRight);
    }
    assert_eq!(app.selected_column, 6);
    assert!(app.first_column <= 6 && 6 < app.first_column + visible);
    app.update(Action::Resize(200, 60));
    assert_eq!(app.first_column, 0, "everything fits at 200 columns");
}

#[test]
fn a_long_column_loads_only_the_visible_cards_and_scrolls() {
    let seed = small_seed_plus(50, "Idea", &["funnel"]);
    let mut app = app_with(&seed, 80, 24);
    let page = app.geometry().cards_per_column;
    assert_eq!(app.columns[0].cards.len(), page);
    app.update(Action::SelectLast);
    let col = &app.columns[0];
    assert_eq!(col.selected, 51);
    assert_eq!(col.scroll, 52 - page);
    assert_eq!(app.selected_card().unwrap().title, "Idea 49");
    app.update(Action::PageUp);
    assert_eq!(app.columns[0].selected, 51 - page);
}

#[test]
fn enter_opens_the_item_and_esc_or_q_closes_it_without_quitting() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::OpenItem);
    match &app.panel {
        Some(Panel::Item(d)) => assert_eq!(d.item.id, ItemId(4)),
        other => panic!("expected the item panel, got {other:?}"),
    }
    app.update(Action::Close);
    assert!(app.panel.is_none());
    app.update(Action::ToggleHelp);
    assert_eq!(app.panel, Some(Panel::Help(0)));
    app.update(Action::Quit);
    assert!(app.panel.is_none() && !app.quit);
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn actions_on_an_empty_column_warn_instead_of_failing() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::SelectRight); // Analysis is empty.
    assert!(app.selected_card().is_none());
    for action in [Action::MoveCardRight, Action::RankUp, Action::OpenItem] {
        app.update(action);
        assert_eq!(app.status.level, Level::Warning);
        assert_status_contains(&app, "Analysis is empty");
    }
}

#[test]
fn a_change_from_another_session_shows_up_on_the_next_tick() {
    let (_dir, path) = seeded_db();
    let mut other = Store::open(&path).unwrap();
    let mut app = app_on(&path, &Config::default(), 80, 24);
    other
        .move_to_state(ItemId(4), State::Analysis, "someone", NO_GATE)
        .unwrap();
    app.update(Action::Tick);
    assert_eq!(ids_in(&app, State::Analysis), vec![4]);
    // Told from the change log: who did what, not just "something changed".
    assert_status_contains(
        &app,
        "someone moved E-4 \"OTA pipeline\" from Funnel to Analysis.",
    );
    // This board's own changes are not narrated back to it.
    app.update(Action::MoveCardRight);
    other
        .estimate(
            ItemId(1),
            clusterboard::store::EstimateChange {
                value: Some(Some(3)),
                ..Default::default()
            },
            "ben",
        )
        .unwrap();
    other
        .move_to_state(ItemId(1), State::Done, "ben", NO_GATE)
        .unwrap();
    app.update(Action::Tick);
    assert_status_contains(&app, "ben made 2 changes (newest first): moved F-1");
}

/// What the board holds per column: count, scroll, selection and cards.
fn board_state(app: &App) -> Vec<(usize, usize, usize, Vec<i64>)> {
    app.columns
        .iter()
        .map(|c| {
            (
                c.count,
                c.scroll,
                c.selected,
                c.cards.iter().map(|k| k.id.0).collect(),
            )
        })
        .collect()
}

#[test]
fn a_card_move_reloads_its_two_columns_as_a_whole_reload_would() {
    let (_dir, path) = common::temp_db();
    Store::open(&path)
        .unwrap()
        .load_seed(&clusterboard::bench::generate(400, 6), "t")
        .unwrap();
    // No DoR gate: every move goes through.
    let mut config = Config::default();
    config.dor.clear();
    let mut app = app_on(&path, &config, 120, 30);
    let keys = [
        Action::SelectRight,
        Action::MoveCardRight,
        Action::SelectDown,
        Action::MoveCardRight,
        Action::MoveCardLeft,
        Action::SelectLast,
        Action::MoveCardRight,
        Action::SelectRight,
        Action::SelectDown,
        Action::MoveCardLeft,
    ];
    let mut moved = 0;
    for a in keys {
        app.update(a);
        if matches!(a, Action::MoveCardRight | Action::MoveCardLeft) {
            assert!(app.status.text.starts_with("Moved "), "{}", app.status.text);
            moved += 1;
            let kept = board_state(&app);
            let id = app.selected_card().map(|c| c.id);
            app.reload().unwrap();
            assert_eq!(board_state(&app), kept, "after move {moved}");
            assert_eq!(app.selected_card().map(|c| c.id), id);
        }
    }
    assert_eq!(moved, 5);
}

#[test]
fn a_card_move_after_another_sessions_change_shows_that_change_too() {
    let (_dir, path) = seeded_db();
    let mut other = Store::open(&path).unwrap();
    let mut app = app_on(&path, &Config::default(), 120, 30);
    // Not yet seen by the board: no tick between.
    other
        .move_to_state(ItemId(4), State::Analysis, "someone", NO_GATE)
        .unwrap();
    select(&mut app, 1);
    app.update(Action::MoveCardRight);
    assert_status_contains(&app, "Moved F-1");
    assert_eq!(ids_in(&app, State::Analysis), vec![4]);
    assert!(!ids_in(&app, State::Funnel).contains(&4));
}

#[test]
fn a_reprioritisation_is_stored_at_once() {
    let (_dir, path) = seeded_db();
    let mut app = app_on(&path, &Config::default(), 80, 24);
    select(&mut app, 3);
    app.update(Action::RankUp);
    drop(app);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.position(ItemId(3)).unwrap(), 1);
}

#[test]
fn a_click_selects_the_card_or_row_under_the_pointer() {
    let mut app = app_with(&small_seed(), 80, 24);
    // 80 columns show four columns of 20 cells; cards start on row 2, two rows each.
    // Ready (third column, x 40..60) holds F-1, F-3, F-5: row 4 is the second card.
    app.update(Action::Click(45, 4));
    assert_eq!(app.selected_column, 2);
    assert_eq!(app.selected_id(), Some(ItemId(3)));
    // Below the last card: the column is selected, the card stays.
    app.update(Action::Click(45, 20));
    assert_eq!(app.selected_id(), Some(ItemId(3)));
    app.update(Action::ShowBacklog);
    // The backlog's rows start on row 3: row 8 is rank 6.
    app.update(Action::Click(30, 8));
    assert_eq!(app.selected_id(), Some(ItemId(6)));
}

#[test]
fn a_paste_with_no_field_open_changes_nothing_and_says_so() {
    let mut app = app_with(&small_seed(), 80, 24);
    let before = app.store.change_count().unwrap();
    app.paste("L\nLLL\n");
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "Nothing to paste into");
    assert_eq!(app.store.change_count().unwrap(), before);
    assert!(app.prompt.is_none() && app.panel.is_none());
}

#[test]
fn a_paste_into_the_filter_is_text_with_newlines_as_spaces() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::StartFilter);
    app.paste("dark\nmode");
    assert_eq!(
        app.prompt.as_ref().map(clusterboard::app::Prompt::text),
        Some("dark mode")
    );
    // The paste did not press Enter: the prompt is still open.
    app.update(Action::Confirm);
    assert_eq!(app.shown_items, 1);
}

#[test]
fn u_on_the_board_refuses_to_overwrite_another_users_later_move_and_shift_u_does_it() {
    let (_dir, path) = seeded_db();
    let mut ana = app_on(&path, &Config::default(), 80, 24);
    ana.who = "ana".into();
    // Ana moves the selected card on; Ben, in another process, moves it further.
    let id = ana.selected_id().unwrap();
    let from = ana.store.item(id).unwrap().state;
    ana.update(Action::MoveCardRight);
    let after_ana = ana.store.item(id).unwrap().state;
    assert_ne!(after_ana, from);
    let mut ben = Store::open(&path).unwrap();
    let next = State::ALL
        .iter()
        .copied()
        .find(|s| *s > after_ana && *s < State::Ready)
        .unwrap_or(State::Funnel);
    ben.move_to_state(id, next, "ben", NO_GATE).unwrap();
    ana.update(Action::Undo);
    assert_eq!(ana.status.level, Level::Warning);
    assert!(ana.status.text.contains("ben"), "{}", ana.status.text);
    assert!(
        ana.status.text.contains("U undoes anyway"),
        "{}",
        ana.status.text
    );
    assert_eq!(ana.store.item(id).unwrap().state, next, "Ben's move stands");
    ana.update(Action::UndoAnyway);
    assert_eq!(ana.store.item(id).unwrap().state, from, "undone anyway");
    let log = ana.store.history(id, 1).unwrap();
    assert_eq!(log[0].who, "ana");
}

#[test]
fn the_selection_stays_on_the_item_another_user_moves_meanwhile() {
    let (_dir, path) = seeded_db();
    let mut ana = app_on(&path, &Config::default(), 80, 24);
    ana.update(Action::ShowBacklog);
    ana.update(Action::SelectDown);
    let id = ana.selected_id().unwrap();
    // Ben moves Ana's selected item to the top of the backlog.
    let mut ben = Store::open(&path).unwrap();
    ben.move_rank(id, clusterboard::store::Placement::Top, "ben")
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    ana.update(Action::Tick);
    assert_eq!(
        ana.selected_id(),
        Some(id),
        "still the same item, at its new place"
    );
    // So Ana's next J moves that item, not the one now where it was.
    ana.update(Action::RankDown);
    assert_eq!(common::order(&ana.store)[1], id.0);
}

#[test]
fn the_filter_read_ahead_on_its_own_thread_still_sees_a_change_made_meanwhile() {
    let (_dir, path) = seeded_db();
    let mut app = app_on(&path, &Config::default(), 80, 24);
    app.update(Action::ShowBacklog);
    app.update(Action::StartFilter);
    // Another writer renames an item while the index is being read.
    let mut other = Store::open(&path).unwrap();
    other
        .edit_item(
            ItemId(4),
            &clusterboard::store::ItemEdit {
                title: Some("Zeppelin docking".into()),
                ..Default::default()
            },
            "ben",
        )
        .unwrap();
    for c in "zeppelin".chars() {
        app.update(Action::Type(c));
    }
    // The keys do not wait for the titles; the board's loop looks for them.
    while app.awaiting() {
        std::thread::sleep(std::time::Duration::from_millis(2));
        app.update(Action::Arrived);
    }
    let ids: Vec<ItemId> = app.backlog.rows.iter().map(|r| r.item.id).collect();
    assert_eq!(ids, vec![ItemId(4)], "the renamed item is found");
}
