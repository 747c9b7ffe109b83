#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Reducer tests for the backlog view and its keys: reprioritising, planning
//! poker, the Definition of Ready, the suggested order, undo and redo.

mod common;

use clusterboard::app::{Action, App, Level, Mode, Panel, View};
use clusterboard::config::Config;
use clusterboard::domain::dor::default_checklist;
use clusterboard::domain::{ItemId, State};
use clusterboard::store::Store;
use common::{
    NO_GATE, app_on, app_with, assert_status_contains, order, seeded_db, small_seed,
    small_seed_plus, type_keys,
};

fn backlog_app() -> App {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    app
}

fn select_rank(app: &mut App, rank: usize) {
    app.update(Action::SelectFirst);
    for _ in 1..rank {
        app.update(Action::SelectDown);
    }
}

/// Ticks every `DoR` point of an item, so it may cross into Ready.
fn make_ready(app: &mut App, id: i64) {
    for p in default_checklist() {
        app.store.set_dor_point(ItemId(id), &p, true, "t").unwrap();
    }
    app.reload().unwrap();
}

#[test]
fn two_shows_the_backlog_in_rank_order_and_one_returns_to_the_board() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::ShowBacklog);
    assert_eq!(app.view, View::Backlog);
    let ranks: Vec<usize> = app.backlog.rows.iter().map(|r| r.rank).collect();
    assert_eq!(ranks, (1..=7).collect::<Vec<_>>());
    app.update(Action::ShowBoard);
    assert_eq!(app.view, View::Board);
    app.update(Action::NextView);
    assert_eq!(app.view, View::Backlog);
}

#[test]
fn switching_views_keeps_the_selected_item() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::SelectDown); // Funnel: E-4, A-7 → A-7
    assert_eq!(app.selected_id(), Some(ItemId(7)));
    app.update(Action::ShowBacklog);
    assert_eq!(app.selected_id(), Some(ItemId(7)));
    assert_eq!(app.backlog.selected, 6);
    app.update(Action::ShowBoard);
    assert_eq!(app.selected_id(), Some(ItemId(7)));
}

#[test]
fn shift_k_in_the_backlog_moves_past_items_of_any_column_and_the_selection_follows() {
    let mut app = backlog_app();
    select_rank(&mut app, 3);
    app.update(Action::RankUp);
    assert_eq!(order(&app.store), vec![1, 3, 2, 4, 5, 6, 7]);
    assert_eq!(app.selected_id(), Some(ItemId(3)));
    assert_eq!(
        app.status.text,
        "Moved F-3 \"Offline maps\" up to rank 2 of 7."
    );
    app.update(Action::RankDown);
    app.update(Action::RankDown);
    assert_eq!(order(&app.store), vec![1, 2, 4, 3, 5, 6, 7]);
    assert_eq!(app.selected_id(), Some(ItemId(3)));
}

#[test]
fn top_and_bottom_keys_move_to_the_ends() {
    let mut app = backlog_app();
    select_rank(&mut app, 5);
    app.update(Action::RankTop);
    assert_eq!(order(&app.store)[0], 5);
    assert_status_contains(&app, "to the top, rank 1");
    app.update(Action::RankBottom);
    assert_eq!(*order(&app.store).last().unwrap(), 5);
    assert_eq!(app.backlog.selected, 6, "the selection followed it down");
}

#[test]
fn m_then_a_number_moves_the_item_to_that_rank() {
    let mut app = backlog_app();
    select_rank(&mut app, 6);
    app.update(Action::RankTo);
    assert_eq!(app.mode(), Mode::Typing);
    type_keys(&mut app, "2");
    app.update(Action::Confirm);
    assert_eq!(order(&app.store), vec![1, 6, 2, 3, 4, 5, 7]);
    assert_eq!(app.selected_id(), Some(ItemId(6)));
    // Downwards too.
    app.update(Action::RankTo);
    type_keys(&mut app, "7");
    app.update(Action::Confirm);
    assert_eq!(order(&app.store), vec![1, 2, 3, 4, 5, 7, 6]);
}

#[test]
fn a_rank_out_of_range_changes_nothing_and_says_why() {
    let mut app = backlog_app();
    let before = order(&app.store);
    app.update(Action::RankTo);
    type_keys(&mut app, "99");
    app.update(Action::Confirm);
    assert_eq!(order(&app.store), before);
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "from 1 to 7");
    app.update(Action::RankTo);
    type_keys(&mut app, "x3");
    app.update(Action::Back);
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(order(&app.store), before);
}

#[test]
fn a_poker_round_hides_votes_reveals_the_spread_and_sets_the_agreed_value() {
    let mut app = backlog_app();
    select_rank(&mut app, 4); // E-4, no estimates yet
    app.update(Action::PokerValue);
    assert_eq!(app.mode(), Mode::Poker { revealed: false });
    // Deck 1 2 3 5 8 13 20 40 100 ?; each voter types a card, hidden.
    app.update(Action::NameVoter);
    type_keys(&mut app, "Anna");
    app.update(Action::Confirm);
    type_keys(&mut app, "13");
    app.update(Action::Toggle); // Anna: 13
    type_keys(&mut app, "8");
    app.update(Action::Confirm); // Voter 2: 8
    type_keys(&mut app, "?");
    app.update(Action::Toggle); // Voter 3: ?
    type_keys(&mut app, "1000");
    app.update(Action::Back);
    app.update(Action::Toggle); // Voter 4: 100
    let Some(Panel::Poker(p)) = &app.panel else {
        panic!("poker panel");
    };
    assert_eq!(p.votes.len(), 4);
    assert_eq!(p.votes[0].0, "Anna");
    assert!(!p.revealed);
    app.update(Action::Reveal);
    assert_eq!(app.mode(), Mode::Poker { revealed: true });
    assert_status_contains(&app, "8 to 100, median 13");
    assert_status_contains(&app, "ask Voter 4 first");
    app.update(Action::Confirm); // the proposal, 13
    assert!(app.panel.is_none());
    assert_eq!(app.store.item(ItemId(4)).unwrap().value, Some(13));
    let rounds = app.store.poker_rounds(ItemId(4)).unwrap();
    assert_eq!(rounds.len(), 1);
    let cards: Vec<&str> = rounds[0].votes.iter().map(|v| v.card.as_str()).collect();
    assert_eq!(cards, ["13", "8", "?", "100"]);
    assert_eq!(rounds[0].agreed, "13");
}

#[test]
fn cancelling_a_poker_round_changes_nothing() {
    let mut app = backlog_app();
    let changes = app.store.change_count().unwrap();
    app.update(Action::PokerEffort);
    type_keys(&mut app, "5");
    app.update(Action::Toggle);
    app.update(Action::Close);
    assert!(app.panel.is_none());
    assert_eq!(app.store.change_count().unwrap(), changes);
    assert!(app.store.poker_rounds(ItemId(1)).unwrap().is_empty());
}

#[test]
fn revealing_with_no_number_votes_and_agreeing_on_question_mark_are_refused() {
    let mut app = backlog_app();
    app.update(Action::PokerEffort);
    app.update(Action::Reveal);
    assert_eq!(app.status.level, Level::Warning);
    type_keys(&mut app, "?");
    app.update(Action::Toggle);
    type_keys(&mut app, "100");
    app.update(Action::Toggle);
    app.update(Action::Reveal);
    app.update(Action::SelectLast); // choose ? as agreed
    app.update(Action::Confirm);
    assert_status_contains(&app, "cannot be the agreed");
    assert!(app.panel.is_some());
}

#[test]
fn moving_into_ready_with_open_dor_points_is_refused_and_lists_them() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::MoveCardRight); // E-4 Funnel → Analysis: allowed
    assert_eq!(app.store.item(ItemId(4)).unwrap().state, State::Analysis);
    let changes = app.store.change_count().unwrap();
    app.update(Action::MoveCardRight); // Analysis → Ready: refused
    assert_eq!(app.store.item(ItemId(4)).unwrap().state, State::Analysis);
    assert_eq!(app.store.change_count().unwrap(), changes);
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "7 open DoR points");
    assert_status_contains(&app, "Acceptance criteria written");
}

#[test]
fn the_override_key_moves_it_anyway_and_the_override_is_recorded() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::MoveCardRight);
    app.update(Action::MoveCardRight);
    app.update(Action::ForceMove);
    assert_eq!(app.store.item(ItemId(4)).unwrap().state, State::Ready);
    assert_status_contains(&app, "DoR overridden");
    let last = &app.store.history(ItemId(4), 1).unwrap()[0];
    assert_eq!(last.command, "move-override");
    assert!(
        last.summary.contains("overriding the DoR (7 open"),
        "{last:?}"
    );
}

#[test]
fn force_does_nothing_without_a_refusal() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::ForceMove);
    assert_eq!(app.status.level, Level::Warning);
    assert_eq!(app.store.item(ItemId(4)).unwrap().state, State::Funnel);
}

#[test]
fn a_met_dor_lets_the_item_into_ready() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::MoveCardRight);
    make_ready(&mut app, 4);
    app.update(Action::MoveCardRight);
    assert_eq!(app.store.item(ItemId(4)).unwrap().state, State::Ready);
    assert_eq!(app.status.level, Level::Info);
}

#[test]
fn d_ticks_and_unticks_points_and_each_tick_is_stored() {
    let mut app = backlog_app();
    app.update(Action::OpenDor);
    assert_eq!(app.mode(), Mode::Dor);
    app.update(Action::Toggle);
    app.update(Action::SelectDown);
    app.update(Action::Toggle);
    assert_eq!(
        app.store.dor_met(ItemId(1)).unwrap(),
        vec!["acceptance".to_string(), "described".to_string()]
    );
    assert_status_contains(&app, "5 points open");
    app.update(Action::Toggle);
    assert_eq!(
        app.store.dor_met(ItemId(1)).unwrap(),
        vec!["described".to_string()]
    );
    app.update(Action::Close);
    assert!(app.panel.is_none());
    assert_eq!(
        app.backlog.rows[0].dor_met,
        vec!["described".to_string()],
        "the row shows the new DoR state"
    );
}

#[test]
fn the_suggested_order_is_shown_and_only_applied_after_yes() {
    let mut app = backlog_app();
    let before = order(&app.store);
    app.update(Action::ShowSuggestion);
    let Some(Panel::Suggest(p)) = &app.panel else {
        panic!("suggestion panel");
    };
    // Scores: 1: 20/8=2.5, 2: 100/40=2.5, 5: 5/3=1.67, 7: 20/40=0.5;
    // 3 (no effort) and 4 (nothing) keep their order after them; 6 is Done
    // and keeps its sixth place.
    assert_eq!(
        p.order,
        [1, 2, 5, 7, 3, 6, 4].map(ItemId).to_vec(),
        "highest score first, ties keep the current order, done work stays"
    );
    assert_eq!(p.rows[2].current, 5);
    assert_eq!(p.rows[2].suggested, 3);
    app.update(Action::Apply);
    assert_eq!(app.mode(), Mode::Suggest { confirming: true });
    app.update(Action::No);
    assert_eq!(order(&app.store), before, "n keeps the order");
    app.update(Action::Apply);
    app.update(Action::Yes);
    assert_eq!(order(&app.store), vec![1, 2, 5, 7, 3, 6, 4]);
    assert!(app.panel.is_none());
    app.update(Action::Undo);
    assert_eq!(order(&app.store), before, "u undoes the whole application");
}

#[test]
fn u_undoes_and_ctrl_r_redoes_every_kind_of_change() {
    let mut app = backlog_app();
    let start = order(&app.store);
    select_rank(&mut app, 2);
    app.update(Action::RankUp); // rank
    app.update(Action::MoveCardRight); // column (S-2 Implementing → Review)
    app.update(Action::OpenDor);
    app.update(Action::Toggle); // DoR tick
    app.update(Action::Close);
    app.update(Action::PokerEffort);
    type_keys(&mut app, "20");
    app.update(Action::Toggle);
    app.update(Action::Reveal);
    app.update(Action::Confirm); // estimate via poker: 20
    assert_eq!(app.store.item(ItemId(2)).unwrap().effort, Some(20));

    app.update(Action::Undo);
    assert_eq!(app.store.item(ItemId(2)).unwrap().effort, Some(40));
    app.update(Action::Undo);
    assert!(app.store.dor_met(ItemId(2)).unwrap().is_empty());
    app.update(Action::Undo);
    assert_eq!(
        app.store.item(ItemId(2)).unwrap().state,
        State::Implementing
    );
    app.update(Action::Undo);
    assert_eq!(order(&app.store), start);
    app.update(Action::Undo);
    assert_eq!(app.status.level, Level::Warning, "nothing left to undo");

    app.update(Action::Redo);
    assert_eq!(order(&app.store)[0], 2);
    app.update(Action::Redo);
    assert_eq!(app.store.item(ItemId(2)).unwrap().state, State::Review);
    assert!(
        app.status.text.starts_with("Redid: Moved S-2"),
        "{:?}",
        app.status
    );
}

#[test]
fn a_new_change_ends_the_redo_chain() {
    let mut app = backlog_app();
    select_rank(&mut app, 3);
    app.update(Action::RankUp);
    app.update(Action::Undo);
    app.update(Action::RankBottom);
    app.update(Action::Redo);
    assert_eq!(app.status.text, "Nothing to redo.");
}

#[test]
fn undo_works_after_a_restart() {
    let (_dir, path) = seeded_db();
    let config = Config::default();
    {
        let mut app = app_on(&path, &config, 80, 24);
        app.update(Action::ShowBacklog);
        select_rank(&mut app, 7);
        app.update(Action::RankTop);
    }
    let mut app = app_on(&path, &config, 80, 24);
    assert_eq!(order(&app.store)[0], 7);
    app.update(Action::Undo);
    assert_eq!(order(&app.store), vec![1, 2, 3, 4, 5, 6, 7]);
    drop(app);
    let mut app = app_on(&path, &config, 80, 24);
    app.update(Action::Redo);
    assert_eq!(order(&app.store)[0], 7);
}

#[test]
fn one_user_cannot_undo_anothers_change() {
    let (_dir, path) = seeded_db();
    let mut other = Store::open(&path).unwrap();
    other
        .move_to_state(ItemId(1), State::Planned, "mira", NO_GATE)
        .unwrap();
    let config = Config {
        user_name: Some("jonas".into()),
        ..Config::default()
    };
    let mut app = app_on(&path, &config, 80, 24);
    app.update(Action::Undo);
    assert_eq!(app.store.item(ItemId(1)).unwrap().state, State::Planned);
    assert_status_contains(&app, "jonas has no change");
}

fn filter(app: &mut App, text: &str) {
    app.update(Action::StartFilter);
    while app.prompt.as_ref().is_some_and(|p| !p.text().is_empty()) {
        app.update(Action::Back);
    }
    type_keys(app, text);
    app.update(Action::Confirm);
}

#[test]
fn a_text_filter_narrows_both_views_and_keeps_cluster_ranks() {
    let mut app = backlog_app();
    filter(&mut app, "a");
    // Every title but "SSO login" holds an "a".
    let rows: Vec<(usize, i64)> = app
        .backlog
        .rows
        .iter()
        .map(|r| (r.rank, r.item.id.0))
        .collect();
    assert_eq!(rows, vec![(2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7)]);
    assert_eq!(app.shown_items, 6);
    assert_status_contains(&app, "Showing 6 of 7");
    app.update(Action::ShowBoard);
    let ready: Vec<i64> = app.columns[2].cards.iter().map(|c| c.id.0).collect();
    assert_eq!(
        ready,
        vec![3, 5],
        "SSO login (F-1) is filtered out of Ready"
    );
    app.update(Action::Close);
    assert!(app.filter.is_empty());
    assert_eq!(app.shown_items, 7);
}

#[test]
fn kind_and_state_terms_filter_and_a_bad_term_changes_nothing() {
    let mut app = backlog_app();
    filter(&mut app, "kind:feature state:ready");
    let ids: Vec<i64> = app.backlog.rows.iter().map(|r| r.item.id.0).collect();
    assert_eq!(ids, vec![1, 3, 5]);
    filter(&mut app, "kind:epic");
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "\"epic\"");
    assert_eq!(app.shown_items, 3, "the old filter stays");
}

#[test]
fn reprioritising_while_filtered_moves_past_the_visible_neighbour() {
    let mut app = backlog_app();
    filter(&mut app, "kind:feature");
    // Features in order: 1, 3, 5. Move 5 above 3.
    select_rank(&mut app, 3);
    assert_eq!(app.selected_id(), Some(ItemId(5)));
    app.update(Action::RankUp);
    assert_eq!(order(&app.store), vec![1, 2, 5, 3, 4, 6, 7]);
    assert_eq!(app.selected_id(), Some(ItemId(5)));
}

#[test]
fn a_percent_sign_in_a_filter_is_not_a_wildcard() {
    let mut seed = small_seed();
    seed.items.push(common::item(
        "feature",
        "Cut churn by 50% this year",
        "funnel",
        None,
        None,
    ));
    let mut app = app_with(&seed, 80, 24);
    app.update(Action::ShowBacklog);
    filter(&mut app, "50%");
    assert_eq!(app.shown_items, 1);
    filter(&mut app, "%");
    assert_eq!(app.shown_items, 1, "only the title that holds a %");
}

#[test]
fn scrolling_a_long_backlog_shows_exactly_the_rows_a_fresh_load_would() {
    let seed = small_seed_plus(120, "Idea", &["funnel"]);
    let mut app = app_with(&seed, 80, 24);
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    let page = app.backlog_page();
    let check = |app: &App| {
        let fresh = app
            .store
            .backlog_page(
                app.backlog.scroll,
                page,
                &clusterboard::domain::filter::Filter::default(),
            )
            .unwrap();
        let shown: Vec<(usize, i64)> = app
            .backlog
            .rows
            .iter()
            .map(|r| (r.rank, r.item.id.0))
            .collect();
        let want: Vec<(usize, i64)> = fresh.iter().map(|r| (r.rank, r.item.id.0)).collect();
        assert_eq!(shown, want, "scroll {}", app.backlog.scroll);
        assert_eq!(
            app.backlog.selected_row().unwrap().rank,
            app.backlog.selected + 1
        );
    };
    for _ in 0..60 {
        app.update(Action::SelectDown);
        check(&app);
    }
    for action in [
        Action::PageDown,
        Action::SelectLast,
        Action::PageUp,
        Action::SelectUp,
    ] {
        app.update(action);
        check(&app);
    }
    for _ in 0..40 {
        app.update(Action::SelectUp);
        check(&app);
    }
}

#[test]
fn w_sets_the_three_wsjf_inputs_and_u_takes_them_back() {
    let mut app = backlog_app();
    app.update(Action::EstimateWsjf);
    assert_eq!(app.mode(), Mode::Typing);
    type_keys(&mut app, "8 5x 3"); // the x is not taken
    app.update(Action::Confirm);
    let item = app.store.item(ItemId(1)).unwrap();
    assert_eq!(
        (
            item.business_value,
            item.time_criticality,
            item.risk_reduction
        ),
        (Some(8), Some(5), Some(3))
    );
    assert_status_contains(&app, "WSJF is 2.00");
    app.update(Action::EstimateWsjf);
    assert_eq!(
        app.prompt.as_ref().unwrap().text(),
        "8 5 3",
        "the prompt shows the inputs"
    );
    app.update(Action::Close);
    app.update(Action::Undo);
    assert_eq!(app.store.item(ItemId(1)).unwrap().business_value, None);
}

#[test]
fn two_numbers_for_wsjf_are_refused_and_change_nothing() {
    let mut app = backlog_app();
    let changes = app.store.change_count().unwrap();
    app.update(Action::EstimateWsjf);
    type_keys(&mut app, "8 5");
    app.update(Action::Confirm);
    assert_eq!(app.status.level, Level::Warning);
    assert_eq!(app.store.change_count().unwrap(), changes);
}

#[test]
fn a_voter_name_with_a_bidi_override_is_refused_and_stays_to_be_mended() {
    let mut app = backlog_app();
    select_rank(&mut app, 4);
    app.update(Action::PokerValue);
    app.update(Action::NameVoter);
    app.paste("Anna\u{202E}\u{200B}");
    app.update(Action::Confirm);
    assert_status_contains(&app, "does not print (at 5)");
    let Some(Panel::Poker(p)) = &app.panel else {
        panic!("poker panel");
    };
    assert!(p.naming.is_some(), "the name field stays open");
    assert!(p.next_name.is_empty());
}

#[test]
fn a_voter_name_past_its_length_says_so_instead_of_dropping_keys_unseen() {
    let mut app = backlog_app();
    select_rank(&mut app, 4);
    app.update(Action::PokerValue);
    app.update(Action::NameVoter);
    for _ in 0..40 {
        app.update(Action::Type('a'));
    }
    assert!(!app.status.text.contains("at most"), "{}", app.status.text);
    app.update(Action::Type('b'));
    assert_status_contains(&app, "This field takes at most 40 characters.");
    let Some(Panel::Poker(p)) = &app.panel else {
        panic!("poker panel");
    };
    assert_eq!(p.naming.as_ref().map(|n| n.text().len()), Some(40));
}

/// On a file the scores are read on a thread: `S` opens the panel at once,
/// the order comes with `Arrived`, the same as read in place; Esc while it
/// is read closes the panel and nothing comes after.
#[test]
fn the_suggested_order_read_on_a_thread_is_the_one_read_in_place() {
    let (_dir, path) = common::seeded_db();
    let mut app = common::app_on(&path, &Config::default(), 80, 24);
    app.update(Action::ShowBacklog);
    app.update(Action::ShowSuggestion);
    let Some(Panel::Suggest(p)) = &app.panel else {
        panic!("suggestion panel");
    };
    assert!(
        p.scoring && p.order.is_empty(),
        "the scores are not read yet"
    );
    assert!(app.awaiting());
    // Keys other than closing do nothing while it scores.
    app.update(Action::Apply);
    assert_eq!(app.mode(), Mode::Suggest { confirming: false });
    let mut looks = 0;
    while app.awaiting() {
        std::thread::sleep(std::time::Duration::from_millis(2));
        app.update(Action::Arrived);
        looks += 1;
        assert!(looks < 5000, "the scores never came");
    }
    let Some(Panel::Suggest(p)) = &app.panel else {
        panic!("suggestion panel");
    };
    assert!(!p.scoring);
    assert_eq!(p.order, [1, 2, 5, 7, 3, 6, 4].map(ItemId).to_vec());
    assert_eq!(p.rows[2].current, 5);
    assert!(
        app.status.text.contains("suggest moving"),
        "{}",
        app.status.text
    );
    app.update(Action::Close);
    // Closed while scoring: nothing waits, nothing opens again.
    app.update(Action::ShowSuggestion);
    app.update(Action::Close);
    assert!(app.panel.is_none());
    assert!(!app.awaiting());
    app.update(Action::Arrived);
    assert!(app.panel.is_none());
}
