#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Teams and splitting: command tests on a temporary database.

mod common;

use clusterboard::domain::ItemId;
use clusterboard::domain::team::{ItemType, NewTeamItem, TeamState};
use clusterboard::store::{Store, TeamPlacement};
use common::{add_teams, new_team, small_seed, store_with};

fn with_teams() -> Store {
    let mut store = store_with(&small_seed());
    let teams = [("PAY", "Payments"), ("NAV", "Navigation")];
    add_teams(&mut store, &teams, "po");
    store
}

fn new_item(team: &str, title: &str) -> NewTeamItem {
    NewTeamItem {
        team: team.into(),
        title: title.into(),
        item_type: ItemType::Story,
        effort: Some(3),
    }
}

fn team_order(store: &Store, code: &str) -> Vec<i64> {
    let t = store.team(code).unwrap();
    store
        .team_backlog(t.id, 0, 100)
        .unwrap()
        .into_iter()
        .map(|r| r.item.id)
        .collect()
}

#[test]
fn a_split_creates_every_team_item_in_one_go_at_the_bottom_of_each_team() {
    let mut store = with_teams();
    let ids = store
        .split(
            ItemId(1),
            &[
                new_item("PAY", "Pay A"),
                new_item("nav", "Nav A"),
                new_item("PAY", "Pay B"),
            ],
            "po",
        )
        .unwrap();
    assert_eq!(team_order(&store, "PAY"), vec![ids[0], ids[2]]);
    assert_eq!(team_order(&store, "NAV"), vec![ids[1]]);
    let children = store.children(ItemId(1)).unwrap();
    assert_eq!(children.len(), 3);
    assert!(
        children
            .iter()
            .all(|c| c.parent == "F-1" && c.state == TeamState::Todo)
    );
}

#[test]
fn a_split_with_an_unknown_team_or_empty_title_creates_nothing() {
    let mut store = with_teams();
    let err = store
        .split(
            ItemId(1),
            &[new_item("PAY", "ok"), new_item("XYZ", "bad")],
            "po",
        )
        .unwrap_err();
    assert!(err.to_string().contains("no team XYZ"), "{err}");
    assert!(err.to_string().contains("NAV, PAY"), "{err}");
    let err = store
        .split(
            ItemId(1),
            &[new_item("PAY", "ok"), new_item("PAY", "  ")],
            "po",
        )
        .unwrap_err();
    assert!(err.to_string().contains("title is empty"), "{err}");
    assert!(store.children(ItemId(1)).unwrap().is_empty());
}

#[test]
fn undoing_a_split_removes_its_items_and_redo_brings_them_back() {
    let mut store = with_teams();
    let ids = store
        .split(
            ItemId(2),
            &[new_item("PAY", "A"), new_item("NAV", "B")],
            "po",
        )
        .unwrap();
    store.undo("po").unwrap();
    assert!(store.children(ItemId(2)).unwrap().is_empty());
    store.redo("po").unwrap();
    let back: Vec<i64> = store
        .children(ItemId(2))
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(back.len(), 2);
    assert!(
        ids.iter().all(|id| back.contains(id)),
        "same ids after redo"
    );
}

#[test]
fn team_items_reorder_move_state_team_and_parent_each_undoably() {
    let mut store = with_teams();
    let ids = store
        .split(
            ItemId(1),
            &[
                new_item("PAY", "A"),
                new_item("PAY", "B"),
                new_item("PAY", "C"),
            ],
            "po",
        )
        .unwrap();
    store
        .rank_team_item(ids[2], TeamPlacement::Top, "po")
        .unwrap();
    assert_eq!(team_order(&store, "PAY"), vec![ids[2], ids[0], ids[1]]);
    store
        .rank_team_item(ids[2], TeamPlacement::After(ids[0]), "po")
        .unwrap();
    assert_eq!(team_order(&store, "PAY"), vec![ids[0], ids[2], ids[1]]);

    store
        .set_team_state(ids[0], TeamState::Doing, "po")
        .unwrap();
    store.move_to_team(ids[1], "NAV", "po").unwrap();
    store.reparent(ids[2], ItemId(5), "po").unwrap();
    assert_eq!(store.team_item(ids[0]).unwrap().state, TeamState::Doing);
    assert_eq!(team_order(&store, "NAV"), vec![ids[1]]);
    assert_eq!(store.team_item(ids[2]).unwrap().parent, "F-5");

    store.undo("po").unwrap();
    assert_eq!(store.team_item(ids[2]).unwrap().parent, "F-1");
    store.undo("po").unwrap();
    assert_eq!(team_order(&store, "PAY"), vec![ids[0], ids[2], ids[1]]);
    store.undo("po").unwrap();
    assert_eq!(store.team_item(ids[0]).unwrap().state, TeamState::Todo);
}

#[test]
fn removing_a_team_with_open_items_is_refused_with_the_count() {
    let mut store = with_teams();
    let ids = store
        .split(
            ItemId(1),
            &[new_item("NAV", "A"), new_item("NAV", "B")],
            "po",
        )
        .unwrap();
    let err = store.remove_team("NAV", "po").unwrap_err();
    assert!(err.to_string().contains("2 open items"), "{err}");
    store.set_team_state(ids[0], TeamState::Done, "po").unwrap();
    store.set_team_state(ids[1], TeamState::Done, "po").unwrap();
    assert_eq!(store.remove_team("NAV", "po").unwrap(), 2);
    assert_eq!(
        store.children(ItemId(1)).unwrap().len(),
        2,
        "done work stays"
    );
    assert!(store.team("NAV").is_err());
}

#[test]
fn team_codes_are_unique_and_checked() {
    let mut store = with_teams();
    assert!(
        store
            .add_team(&new_team("pay", "Again"), "po")
            .unwrap_err()
            .to_string()
            .contains("already a team PAY")
    );
    assert!(store.add_team(&new_team("P", "x"), "po").is_err());
    let t = store
        .rename_team("PAY", Some("FIN"), Some("Finance"), "po")
        .unwrap();
    assert_eq!((t.code.as_str(), t.name.as_str()), ("FIN", "Finance"));
}

#[test]
fn progress_counts_done_items_and_points_on_cards_and_rows() {
    let mut store = with_teams();
    let ids = store
        .split(
            ItemId(1),
            &[new_item("PAY", "A"), new_item("NAV", "B")],
            "po",
        )
        .unwrap();
    store.set_team_state(ids[0], TeamState::Done, "po").unwrap();
    let card = store
        .column_page(
            clusterboard::domain::State::Ready,
            0,
            1,
            &clusterboard::domain::filter::Filter::default(),
        )
        .unwrap()
        .remove(0);
    assert_eq!(card.teams, vec!["NAV", "PAY"]);
    assert_eq!((card.progress.done, card.progress.total), (1, 2));
    assert_eq!(
        (card.progress.done_points, card.progress.total_points),
        (3, 6)
    );
    let row = store
        .backlog_page(0, 1, &clusterboard::domain::filter::Filter::default())
        .unwrap()
        .remove(0);
    assert_eq!(row.progress, card.progress);
}
