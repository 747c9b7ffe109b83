#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Reducer tests and snapshots for the Teams view and the split dialog.

mod common;

use clusterboard::app::{Action, App, Level, Mode, Panel, SplitField, View};
use clusterboard::domain::ItemId;
use clusterboard::domain::team::{ItemType, TeamState};
use common::render::draw;
use common::{add_teams, app_with, assert_status_contains, demo_app, small_seed, type_keys};

fn with_teams() -> App {
    let mut app = app_with(&small_seed(), 80, 24);
    let teams = [("NAV", "Navigation"), ("PAY", "Payments")];
    add_teams(&mut app.store, &teams, "t");
    app.reload().unwrap();
    app
}

fn split_panel(app: &App) -> &clusterboard::app::SplitPanel {
    match &app.panel {
        Some(Panel::Split(p)) => p,
        other => panic!("expected the split dialog, got {other:?}"),
    }
}

#[test]
fn s_opens_a_split_dialog_prefilled_with_the_parent_title() {
    let mut app = with_teams();
    app.update(Action::Split); // E-4 "OTA pipeline"
    assert_eq!(app.mode(), Mode::Split);
    let p = split_panel(&app);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].title.text(), "OTA pipeline");
    assert_eq!(p.teams[p.rows[0].team].code, "NAV");
}

#[test]
fn one_confirm_creates_every_row_for_its_team() {
    let mut app = with_teams();
    app.update(Action::Split);
    app.update(Action::NextField); // type
    app.update(Action::SelectRight); // use case
    app.update(Action::NextField); // effort
    type_keys(&mut app, "5");
    app.update(Action::AddRow); // second row, next team (PAY)
    app.update(Action::Template); // user story template into the title
    let p = split_panel(&app);
    assert_eq!(p.rows[0].item_type, ItemType::UseCase);
    assert_eq!(
        p.rows[1].title.text(),
        "As a … I want OTA pipeline so that …"
    );
    assert_eq!(p.field, SplitField::Title);
    app.update(Action::Confirm);
    assert!(app.panel.is_none());
    let children = app.store.children(ItemId(4)).unwrap();
    assert_eq!(children.len(), 2);
    assert_eq!(children[0].team.as_deref(), Some("NAV"));
    assert_eq!(children[0].effort, Some(5));
    assert_eq!(children[1].team.as_deref(), Some("PAY"));
    assert_status_contains(&app, "into 2 team items for NAV, PAY");
}

#[test]
fn esc_in_the_split_dialog_creates_nothing() {
    let mut app = with_teams();
    app.update(Action::Split);
    app.update(Action::AddRow);
    app.update(Action::Close);
    assert!(app.panel.is_none());
    assert!(app.store.children(ItemId(4)).unwrap().is_empty());
}

#[test]
fn a_row_without_a_title_keeps_the_dialog_open_and_says_which() {
    let mut app = with_teams();
    app.update(Action::Split);
    app.update(Action::AddRow);
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(Action::NextField); // title of row 2
    for _ in 0..20 {
        app.update(Action::Back);
    }
    app.update(Action::Confirm);
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "Row 2 has no title");
    assert!(app.panel.is_some());
    assert!(app.store.children(ItemId(4)).unwrap().is_empty());
}

#[test]
fn without_teams_the_split_says_how_to_add_one() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::Split);
    assert!(app.panel.is_none());
    assert_status_contains(&app, "team add");
}

fn teams_app() -> App {
    let mut app = demo_app(80, 24);
    app.update(Action::ShowTeams);
    app
}

fn team_ids(app: &App) -> Vec<i64> {
    app.teams.rows.iter().map(|r| r.item.id).collect()
}

#[test]
fn three_shows_one_tab_per_team_and_h_l_switch_tabs() {
    let mut app = teams_app();
    assert_eq!(app.view, View::Teams);
    let codes: Vec<&str> = app.teams.teams.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["APP", "CORE", "NAV", "PAY"]);
    assert_eq!(app.teams.team().unwrap().code, "APP");
    app.update(Action::SelectRight);
    assert_eq!(app.teams.team().unwrap().code, "CORE");
    app.update(Action::SelectLeft);
    app.update(Action::SelectLeft);
    assert_eq!(
        app.teams.team().unwrap().code,
        "PAY",
        "the tabs wrap around"
    );
    assert!(!app.teams.rows.is_empty(), "the PAY tab lists PAY's items");
    assert!(
        app.teams
            .rows
            .iter()
            .all(|r| r.item.team.as_deref() == Some("PAY"))
    );
}

#[test]
fn team_items_reorder_with_the_same_keys_as_the_cluster_backlog() {
    let mut app = teams_app();
    let before = team_ids(&app);
    app.update(Action::SelectDown);
    app.update(Action::RankUp);
    assert_eq!(team_ids(&app)[0], before[1]);
    assert_eq!(app.teams.selected, 0, "the selection follows");
    app.update(Action::RankBottom);
    assert_eq!(*team_ids(&app).last().unwrap(), before[1]);
    app.update(Action::RankTo);
    type_keys(&mut app, "2");
    app.update(Action::Confirm);
    assert_eq!(team_ids(&app)[1], before[1]);
    app.update(Action::Undo);
    assert_eq!(*team_ids(&app).last().unwrap(), before[1]);
}

#[test]
fn shift_l_and_h_move_a_team_item_through_todo_doing_done() {
    let mut app = teams_app();
    app.update(Action::SelectDown); // APP-5, to do
    let id = app.teams.selected_row().unwrap().item.id;
    app.update(Action::MoveCardRight);
    assert_eq!(app.store.team_item(id).unwrap().state, TeamState::Doing);
    app.update(Action::MoveCardRight);
    assert_eq!(app.store.team_item(id).unwrap().state, TeamState::Done);
    app.update(Action::MoveCardRight);
    assert_eq!(app.status.level, Level::Warning, "nothing after done");
    app.update(Action::MoveCardLeft);
    assert_eq!(app.store.team_item(id).unwrap().state, TeamState::Doing);
}

#[test]
fn m_moves_a_team_item_to_another_team_and_p_to_another_parent() {
    let mut app = teams_app();
    let id = app.teams.selected_row().unwrap().item.id;
    app.update(Action::MoveToTeam);
    type_keys(&mut app, "pay");
    app.update(Action::Confirm);
    let moved = app.store.team_item(id).unwrap();
    assert_eq!(moved.team.as_deref(), Some("PAY"));
    assert_eq!(app.teams.team().unwrap().code, "PAY", "the view follows it");
    app.update(Action::Reparent);
    type_keys(&mut app, "F-24");
    app.update(Action::Confirm);
    assert_eq!(app.store.team_item(id).unwrap().parent, "F-24");
    app.update(Action::Reparent);
    type_keys(&mut app, "S-24");
    app.update(Action::Confirm);
    assert_eq!(app.status.level, Level::Error);
    assert_status_contains(&app, "F-24");
}

#[test]
fn t_filters_the_board_to_one_team_after_another() {
    let mut app = demo_app(80, 24);
    app.update(Action::CycleTeamFilter);
    assert_eq!(app.filter.team.as_deref(), Some("APP"));
    assert!(app.shown_items < app.total_items);
    let ids: Vec<ItemId> = app
        .columns
        .iter()
        .flat_map(|c| c.cards.iter().map(|k| k.id))
        .collect();
    assert!(!ids.is_empty(), "APP's items stay on the board");
    for id in ids {
        let teams: Vec<String> = app
            .store
            .children(id)
            .unwrap()
            .into_iter()
            .filter_map(|c| c.team)
            .collect();
        assert!(teams.contains(&"APP".to_string()), "{id:?} has no APP work");
    }
    for _ in 0..4 {
        app.update(Action::CycleTeamFilter);
    }
    assert!(
        app.filter.is_empty(),
        "after the last team, all items again"
    );
}

#[test]
fn the_teams_view_and_the_split_dialog_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_app(w, h);
        app.update(Action::ShowTeams);
        app.update(Action::SelectRight);
        insta::assert_snapshot!(format!("teams_{w}x{h}"), draw(&app).backend());
        app.update(Action::ShowBoard);
        app.update(Action::Split);
        app.update(Action::AddRow);
        app.update(Action::Template);
        insta::assert_snapshot!(format!("split_{w}x{h}"), draw(&app).backend());
    }
}
