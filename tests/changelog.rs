#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! One change log for every write: each is logged with who, undone and redone,
//! and undo never overwrites someone else's later change without saying so.
//! Two store handles on one file stand for two boards.

mod common;

use clusterboard::domain::filter::Filter;
use clusterboard::domain::poker::PokerCard;
use clusterboard::domain::team::{ItemType, NewTeamItem};
use clusterboard::domain::{ItemId, Kind, NewItem, State};
use clusterboard::store::{ItemEdit, Placement, PokerField, Step, Store, StoreError, TeamEdit};
use common::{NO_GATE, order, seeded_db, small_seed, store_with};

fn new_item(title: &str) -> NewItem {
    NewItem {
        kind: Kind::Feature,
        title: title.into(),
        description: String::new(),
        state: State::Funnel,
        value: None,
        effort: None,
    }
}

fn state_of(store: &Store, id: i64) -> State {
    store.item(ItemId(id)).unwrap().state
}

#[test]
fn undo_refuses_to_overwrite_a_later_move_by_someone_else_and_names_them() {
    let (_dir, path) = seeded_db();
    let mut ann = Store::open(&path).unwrap();
    let mut ben = Store::open(&path).unwrap();
    // E-4 "OTA pipeline" is in Funnel.
    ann.move_to_state(ItemId(4), State::Analysis, "ann", NO_GATE)
        .unwrap();
    ben.move_to_state(ItemId(4), State::Ready, "ben", NO_GATE)
        .unwrap();
    let err = ann.undo("ann").unwrap_err();
    assert!(matches!(err, StoreError::Overwrite { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "Not undone: ben moved E-4 \"OTA pipeline\" from Analysis to Ready after your change"
    );
    assert_eq!(state_of(&ann, 4), State::Ready, "ben's move stands");
    // Asked to, ann undoes anyway; the log says over whose change.
    let said = ann.undo_anyway("ann").unwrap();
    assert!(
        said.contains("anyway, over a later change by ben"),
        "{said}"
    );
    assert_eq!(state_of(&ann, 4), State::Funnel);
}

#[test]
fn undo_of_one_field_is_not_blocked_by_a_change_to_another() {
    let (_dir, path) = seeded_db();
    let mut ann = Store::open(&path).unwrap();
    let mut ben = Store::open(&path).unwrap();
    ann.move_to_state(ItemId(4), State::Analysis, "ann", NO_GATE)
        .unwrap();
    ben.estimate(
        ItemId(4),
        clusterboard::store::EstimateChange {
            value: Some(Some(8)),
            ..Default::default()
        },
        "ben",
    )
    .unwrap();
    assert!(ann.undo("ann").is_ok());
    let it = ann.item(ItemId(4)).unwrap();
    assert_eq!((it.state, it.value), (State::Funnel, Some(8)));
}

#[test]
fn undo_of_a_rank_move_refuses_when_someone_moved_the_item_again() {
    let (_dir, path) = seeded_db();
    let mut ann = Store::open(&path).unwrap();
    let mut ben = Store::open(&path).unwrap();
    ann.move_rank(ItemId(7), Placement::Top, "ann").unwrap();
    ben.move_rank(ItemId(7), Placement::Bottom, "ben").unwrap();
    let err = ann.undo("ann").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Not undone: ben reprioritised A-7 \"Dealer app\""),
        "{err}"
    );
    assert_eq!(order(&ann).last(), Some(&7));
}

#[test]
fn a_move_from_a_column_someone_left_meanwhile_changes_nothing() {
    let (_dir, path) = seeded_db();
    let mut ann = Store::open(&path).unwrap();
    let mut ben = Store::open(&path).unwrap();
    // Both see E-4 in Funnel; ben moves it on to Ready first.
    ben.move_to_state(ItemId(4), State::Ready, "ben", NO_GATE)
        .unwrap();
    let changes = ann.change_count().unwrap();
    let err = ann
        .move_from(
            ItemId(4),
            Some(State::Funnel),
            State::Analysis,
            "ann",
            NO_GATE,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "E-4 changed meanwhile: ben moved E-4 \"OTA pipeline\" from Funnel to Ready; nothing was changed"
    );
    assert_eq!(state_of(&ann, 4), State::Ready);
    assert_eq!(ann.change_count().unwrap(), changes);
}

#[test]
fn two_steps_down_by_two_people_are_two_places_down() {
    let (_dir, path) = seeded_db();
    let mut ann = Store::open(&path).unwrap();
    let mut ben = Store::open(&path).unwrap();
    let none = Filter::default();
    // Both saw F-1 at the top and press J.
    ann.move_rank_step(ItemId(1), Step::Down, None, &none, "ann")
        .unwrap();
    ben.move_rank_step(ItemId(1), Step::Down, None, &none, "ben")
        .unwrap();
    assert_eq!(order(&ann), vec![2, 3, 1, 4, 5, 6, 7]);
}

#[test]
fn adding_is_undone_by_removing_and_redone_with_the_same_id() {
    let mut store = store_with(&small_seed());
    let added = store
        .add_item_at(
            &new_item("Theft alarm"),
            Placement::After(ItemId(2)),
            &clusterboard::store::ItemFill::default(),
            "po",
        )
        .unwrap();
    assert_eq!(order(&store)[2], added.id.0, "right below the item");
    assert_eq!(store.item_count().unwrap(), 8);
    store.undo("po").unwrap();
    assert!(matches!(store.item(added.id), Err(StoreError::NotFound(_))));
    assert_eq!(store.item_count().unwrap(), 7);
    store.redo("po").unwrap();
    assert_eq!(store.item(added.id).unwrap().title, "Theft alarm");
    assert_eq!(order(&store)[2], added.id.0);
}

#[test]
fn undoing_an_add_refuses_when_someone_changed_the_new_item() {
    let (_dir, path) = seeded_db();
    let mut ann = Store::open(&path).unwrap();
    let mut ben = Store::open(&path).unwrap();
    let added = ann.add_item(&new_item("Theft alarm"), "ann").unwrap();
    ben.move_to_state(added.id, State::Analysis, "ben", NO_GATE)
        .unwrap();
    let err = ann.undo("ann").unwrap_err();
    assert!(err.to_string().contains("ben moved"), "{err}");
    assert!(ann.item(added.id).is_ok());
}

#[test]
fn an_edit_is_one_logged_undoable_change() {
    let mut store = store_with(&small_seed());
    let edit = ItemEdit {
        title: Some("SSO login for dealers".into()),
        description: Some("Dealers sign in once.".into()),
        acceptance: Some("Given a dealer…".into()),
        source: Some("Dealer council".into()),
        kind: Some(Kind::Application),
        business_case: None,
    };
    let it = store.edit_item(ItemId(1), &edit, "po").unwrap();
    assert_eq!(it.code(), "A-1");
    assert_eq!(
        (it.acceptance.as_str(), it.source.as_str()),
        ("Given a dealer…", "Dealer council")
    );
    let history = store.history(ItemId(1), 1).unwrap();
    assert_eq!(
        history[0].summary,
        "Edited F-1 \"SSO login\": title to \"SSO login for dealers\", description, acceptance criteria, source, kind to application (now A-1)"
    );
    store.undo("po").unwrap();
    let back = store.item(ItemId(1)).unwrap();
    assert_eq!(
        (back.title.as_str(), back.kind, back.source.as_str()),
        ("SSO login", Kind::Feature, "")
    );
}

#[test]
fn bad_titles_are_refused_and_nothing_is_stored() {
    let mut store = store_with(&small_seed());
    let changes = store.change_count().unwrap();
    for bad in ["", "   ", "Clear \u{1b}[2J", "Flip \u{202e}text"] {
        assert!(store.add_item(&new_item(bad), "po").is_err(), "{bad:?}");
        let edit = ItemEdit {
            title: Some(bad.into()),
            ..ItemEdit::default()
        };
        assert!(store.edit_item(ItemId(1), &edit, "po").is_err(), "{bad:?}");
    }
    assert!(store.add_item(&new_item(&"x".repeat(501)), "po").is_err());
    assert_eq!(store.change_count().unwrap(), changes);
    assert_eq!(store.item(ItemId(1)).unwrap().title, "SSO login");
}

#[test]
fn archiving_takes_an_item_out_of_every_count_and_restore_puts_it_back() {
    let mut store = store_with(&small_seed());
    let ready = |s: &Store| {
        s.column_counts(&Filter::default())
            .unwrap()
            .into_iter()
            .find(|(st, _)| *st == State::Ready)
            .unwrap()
            .1
    };
    assert_eq!(ready(&store), 3);
    store.archive(ItemId(3), "po").unwrap();
    assert_eq!(ready(&store), 2);
    assert_eq!(store.item_count().unwrap(), 6);
    assert!(!order(&store).contains(&3));
    assert_eq!(store.position(ItemId(4)).unwrap(), 3, "the order closes up");
    assert!(matches!(
        store.move_to_state(ItemId(3), State::Planned, "po", NO_GATE),
        Err(StoreError::Archived(_))
    ));
    assert_eq!(store.archived_items().unwrap().len(), 1);
    store.restore_item(ItemId(3), "po").unwrap();
    assert_eq!(ready(&store), 3);
    assert_eq!(
        order(&store),
        vec![1, 2, 3, 4, 5, 6, 7],
        "back in its place"
    );
    // Both are undoable.
    store.undo("po").unwrap();
    assert_eq!(store.item_count().unwrap(), 6);
    store.undo("po").unwrap();
    assert_eq!(store.item_count().unwrap(), 7);
}

#[test]
fn deleting_needs_a_history_of_nothing_but_its_creation_and_undo_brings_it_back_whole() {
    let mut store = store_with(&small_seed());
    let added = store.add_item(&new_item("Mistake"), "po").unwrap();
    store.delete_item(added.id, "po").unwrap();
    assert!(store.item(added.id).is_err());
    assert_eq!(store.item_count().unwrap(), 7);
    store.undo("po").unwrap();
    assert_eq!(store.item(added.id).unwrap().title, "Mistake");
    // With history beyond its creation, delete is refused: archive it instead.
    store
        .move_to_state(added.id, State::Analysis, "po", NO_GATE)
        .unwrap();
    let err = store.delete_item(added.id, "po").unwrap_err();
    assert!(err.to_string().contains("archive it instead"), "{err}");
}

#[test]
fn an_item_with_work_hanging_off_it_is_archived_not_deleted() {
    // Items loaded from a file have plans and requests but no history of their
    // own: work, not a mistake. The store refuses as the board declines to offer.
    let mut store = common::demo_store();
    let id = ItemId(8);
    let before = store.item_detail(id, 0).unwrap();
    assert!(!before.releases.is_empty(), "a planned item");
    let count = store.item_count().unwrap();
    let err = store.delete_item(id, "po").unwrap_err();
    let said = err.to_string();
    assert!(said.contains("is planned into"), "{said}");
    assert!(
        said.contains(&format!(
            "archive it instead (`archive {}`)",
            before.item.code()
        )),
        "{said}"
    );
    assert!(store.not_deletable(id).unwrap().is_some());
    assert_eq!(store.item_count().unwrap(), count, "nothing deleted");
    assert_eq!(store.item_detail(id, 0).unwrap(), before);
}

#[test]
fn teams_releases_and_stakeholders_are_logged_and_undoable() {
    let mut store = store_with(&small_seed());
    store
        .add_team(&common::new_team("PAY", "Payments"), "po")
        .unwrap();
    store
        .edit_team(
            "PAY",
            &TeamEdit {
                capacity: Some(Some(34)),
                ..TeamEdit::default()
            },
            "po",
        )
        .unwrap();
    assert_eq!(store.team("PAY").unwrap().capacity, Some(34));
    store.undo("po").unwrap();
    assert_eq!(store.team("PAY").unwrap().capacity, None);
    store.undo("po").unwrap();
    assert!(store.team("PAY").is_err(), "undo of team add removes it");
    store.redo("po").unwrap();
    assert!(store.team("PAY").is_ok());

    store
        .add_release("Pro", "2.3", Some("2027-03-31"), "", "po")
        .unwrap();
    store.undo("po").unwrap();
    assert!(store.release("Pro 2.3").is_err());

    store
        .add_stakeholder("Fleet customers", None, None, "po")
        .unwrap();
    store
        .add_request(ItemId(1), "Fleet customers", "po")
        .unwrap();
    let s = store.stakeholder("fleet customers").unwrap();
    assert_eq!(store.requests(&s).unwrap(), vec![ItemId(1)]);
    store.undo("po").unwrap();
    assert!(store.requests(&s).unwrap().is_empty(), "undo of a request");
    store.redo("po").unwrap();
    store
        .withdraw_request(ItemId(1), "Fleet customers", "po")
        .unwrap();
    assert!(store.requests(&s).unwrap().is_empty());
    store.undo("po").unwrap();
    assert_eq!(store.requests(&s).unwrap(), vec![ItemId(1)]);
    let history = store.history(ItemId(1), 10).unwrap();
    assert!(
        history
            .iter()
            .any(|c| c.summary.contains("Fleet customers requested")),
        "{history:?}"
    );
}

#[test]
fn removing_a_team_is_undone_with_its_done_items_given_back() {
    let mut store = store_with(&small_seed());
    store
        .add_team(&common::new_team("PAY", "Payments"), "po")
        .unwrap();
    let ids = store
        .split(
            ItemId(1),
            &[NewTeamItem {
                team: "PAY".into(),
                title: "Done part".into(),
                item_type: ItemType::Task,
                effort: None,
            }],
            "po",
        )
        .unwrap();
    store
        .set_team_state(ids[0], clusterboard::domain::team::TeamState::Done, "po")
        .unwrap();
    store.remove_team("PAY", "po").unwrap();
    assert_eq!(store.team_item(ids[0]).unwrap().team, None);
    store.undo("po").unwrap();
    assert_eq!(
        store.team_item(ids[0]).unwrap().team.as_deref(),
        Some("PAY")
    );
}

#[test]
fn an_items_history_shows_its_team_items_and_plans() {
    let mut store = common::demo_store();
    let id = ItemId(19);
    let pro = store.release("Pro 2.2").unwrap();
    store.plan(id, Some(&pro), "Pro", "po").unwrap();
    let teams = store.teams().unwrap();
    let ids = store
        .split(
            id,
            &[NewTeamItem {
                team: teams[0].code.clone(),
                title: "Part".into(),
                item_type: ItemType::Story,
                effort: None,
            }],
            "po",
        )
        .unwrap();
    store
        .set_team_state(ids[0], clusterboard::domain::team::TeamState::Doing, "po")
        .unwrap();
    let history: Vec<String> = store
        .history(id, 3)
        .unwrap()
        .into_iter()
        .map(|c| c.summary)
        .collect();
    assert!(history[0].contains("to Doing"), "{history:?}");
    assert!(history[1].starts_with("Split"), "{history:?}");
    assert!(history[2].starts_with("Planned"), "{history:?}");
}

#[test]
fn an_items_history_shows_its_releases_edits_but_not_other_items_plans() {
    let mut store = common::demo_store();
    let id = ItemId(19);
    let name = "Pro 2.2";
    // An edit before the item joined the release is not its history.
    store
        .edit_release(name, None, Some("Before F-19 joined"), "po")
        .unwrap();
    let pro = store.release(name).unwrap();
    store.plan(id, Some(&pro), "Pro", "po").unwrap();
    store
        .edit_release(name, Some("2027-03-01"), None, "ines")
        .unwrap();
    let other = store
        .backlog_page(0, 60, &clusterboard::domain::filter::Filter::default())
        .unwrap()
        .into_iter()
        .map(|r| r.item.id)
        .find(|&i| {
            i != id
                && !store
                    .item_detail(i, 0)
                    .unwrap()
                    .releases
                    .iter()
                    .any(|r| r == name)
        })
        .unwrap();
    store.plan(other, Some(&pro), "Pro", "po").unwrap();
    let history: Vec<String> = store
        .history(id, 10)
        .unwrap()
        .into_iter()
        .map(|c| c.summary)
        .collect();
    assert!(
        history[0].contains("2027-03-01"),
        "the release's edit: {history:?}"
    );
    assert!(history[1].starts_with("Planned"), "{history:?}");
    assert!(
        !history.iter().any(|h| h.contains("Before F-19 joined")),
        "{history:?}"
    );
    let other_code = store.item(other).unwrap().code();
    assert!(
        !history.iter().any(|h| h.contains(&other_code)),
        "another item's plan is its own history: {history:?}"
    );
}

#[test]
fn undoing_a_poker_result_takes_the_round_back_with_its_votes() {
    let mut store = store_with(&small_seed());
    let votes = [
        ("Ann".to_string(), PokerCard::Points(5)),
        ("Ben".to_string(), PokerCard::Points(8)),
    ];
    store
        .finish_poker_round(ItemId(4), PokerField::Value, &votes, 8, "po")
        .unwrap();
    assert_eq!(store.item(ItemId(4)).unwrap().value, Some(8));
    assert_eq!(store.poker_rounds(ItemId(4)).unwrap()[0].votes.len(), 2);
    store.undo("po").unwrap();
    assert_eq!(store.item(ItemId(4)).unwrap().value, None);
    assert!(store.poker_rounds(ItemId(4)).unwrap().is_empty());
    store.redo("po").unwrap();
    let rounds = store.poker_rounds(ItemId(4)).unwrap();
    assert_eq!(rounds[0].votes[1].participant, "Ben");
}

#[test]
fn a_huge_title_written_by_another_program_is_cut_in_the_log_not_in_the_rows() {
    let (_dir, path) = seeded_db();
    let huge = "moon ".repeat(200_000);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE items SET title = ?1 WHERE id = 1", [&huge])
        .unwrap();
    let mut store = Store::open(&path).unwrap();
    store
        .move_to_state(ItemId(1), State::Analysis, "po", NO_GATE)
        .unwrap();
    let change = &store.history(ItemId(1), 1).unwrap()[0];
    assert!(
        change.summary.chars().count() <= 1001,
        "{}",
        change.summary.len()
    );
    assert!(
        change.summary.starts_with("Moved F-1"),
        "{}",
        &change.summary[..40]
    );
    assert!(change.summary.contains('…'));
    assert!(
        change.summary.ends_with("to Analysis"),
        "the end says where it went: {}",
        &change.summary[change.summary.len() - 60..]
    );
    // Undo still puts the whole item back as it was.
    store.undo("po").unwrap();
    let it = store.item(ItemId(1)).unwrap();
    assert_eq!(it.title.len(), huge.len());
    assert_eq!(it.state, State::Ready);
}

#[test]
fn a_checkpoint_is_undone_and_redone_with_the_places_it_marked() {
    use clusterboard::store::Since;
    let mut store = store_with(&small_seed());
    store
        .move_to_state(ItemId(4), State::Analysis, "po", NO_GATE)
        .unwrap();
    let cp = store.mark_checkpoint(Some("Refinement 1"), "po").unwrap();
    let marked = store.since(cp.id, ItemId(4)).unwrap();
    assert!(matches!(
        marked,
        Since::Was {
            state: State::Analysis,
            ..
        }
    ));
    // The board moves on after the mark.
    store
        .move_to_state(ItemId(4), State::Ready, "ines", NO_GATE)
        .unwrap();
    let said = store.undo("po").unwrap();
    assert_eq!(
        said,
        "Undid: Marked checkpoint \"Refinement 1\" (7 items at their ranks and columns)"
    );
    assert!(store.checkpoints().unwrap().is_empty());
    assert!(store.last_checkpoint().unwrap().is_none());
    assert_eq!(
        store.item(ItemId(4)).unwrap().state,
        State::Ready,
        "ines's move stays"
    );
    store.redo("po").unwrap();
    let back = store.checkpoint("Refinement 1").unwrap();
    assert_eq!((back.id, back.items), (cp.id, cp.items));
    assert_eq!(
        store.since(cp.id, ItemId(4)).unwrap(),
        marked,
        "the places as marked"
    );
    // Undone once more, the name is free again; a new mark ends the redo.
    store.undo("po").unwrap();
    store.mark_checkpoint(Some("Refinement 1"), "po").unwrap();
    assert_eq!(store.checkpoints().unwrap().len(), 1);
    assert!(matches!(
        store.redo("po"),
        Err(clusterboard::store::StoreError::NothingToRedo { .. })
    ));
    // Then the change before the first mark is next, and ines moved it since.
    store.undo("po").unwrap();
    let refused = store.undo("po").unwrap_err().to_string();
    assert!(refused.contains("ines"), "{refused}");
    assert_eq!(store.item(ItemId(4)).unwrap().state, State::Ready);
}

#[test]
fn a_recorded_timebox_is_undone_and_redone() {
    use std::time::Duration;
    let mut store = store_with(&small_seed());
    store
        .record_time(
            ItemId(2),
            Duration::from_secs(272),
            Duration::from_secs(300),
            "po",
        )
        .unwrap();
    assert_eq!(store.time_spent(ItemId(2)).unwrap().discussions, 1);
    let said = store.undo("po").unwrap();
    assert!(said.starts_with("Undid: Discussed S-2"), "{said}");
    assert_eq!(store.time_spent(ItemId(2)).unwrap().discussions, 0);
    store.redo("po").unwrap();
    let spent = store.time_spent(ItemId(2)).unwrap();
    assert_eq!(
        (spent.discussions, spent.total),
        (1, Duration::from_secs(272))
    );
}

/// Where a team item stands: its team's code and its key in that team's order.
fn team_place(store: &Store, id: i64) -> (Option<String>, String) {
    let it = store.team_item(id).unwrap();
    (it.team, it.team_rank)
}

fn split_one(store: &mut Store, parent: i64, team: &str, title: &str) -> i64 {
    store
        .split(
            ItemId(parent),
            &[NewTeamItem {
                team: team.into(),
                title: title.into(),
                item_type: ItemType::Story,
                effort: None,
            }],
            "root",
        )
        .unwrap()[0]
}

#[test]
fn undoing_two_team_moves_puts_the_item_back_in_each_team_and_redo_moves_it_again() {
    // In the demo, PAY holds a0 and a1 and APP a0 to a7: the item's place in
    // PAY (a2) is taken in APP, where it stands when the second move is undone.
    let mut store = common::demo_store();
    let id = split_one(&mut store, 24, "NAV", "Nav part");
    let home = team_place(&store, id);
    store.move_to_team(id, "PAY", "root").unwrap();
    let in_pay = team_place(&store, id);
    store.move_to_team(id, "APP", "root").unwrap();
    let in_app = team_place(&store, id);

    store.undo("root").unwrap();
    assert_eq!(team_place(&store, id), in_pay, "back where it stood in PAY");
    let said = store.undo("root").unwrap();
    assert!(said.starts_with("Undid: Moved PAY-"), "{said}");
    assert_eq!(team_place(&store, id), home);

    store.redo("root").unwrap();
    assert_eq!(team_place(&store, id), in_pay);
    store.redo("root").unwrap();
    assert_eq!(team_place(&store, id), in_app);
}

#[test]
fn undoing_a_team_move_is_not_refused_for_a_key_another_team_holds() {
    let mut store = common::demo_store();
    // PAY's order becomes a0, a1, a1V: the item moved in takes a2, which CORE
    // holds too; the key just below a2 in CORE's order is a1V.
    let first = split_one(&mut store, 6, "PAY", "First");
    let second = split_one(&mut store, 6, "PAY", "Second");
    store
        .rank_team_item(
            second,
            clusterboard::store::TeamPlacement::Before(first),
            "root",
        )
        .unwrap();
    store.move_to_team(first, "NAV", "root").unwrap();
    let id = split_one(&mut store, 24, "NAV", "Nav two");
    store.move_to_team(id, "PAY", "root").unwrap();
    let in_pay = team_place(&store, id);
    store.move_to_team(id, "CORE", "root").unwrap();

    let said = store.undo("root").unwrap();
    assert!(said.starts_with("Undid: Moved CORE-"), "{said}");
    assert_eq!(team_place(&store, id), in_pay);
    store.undo("root").unwrap();
    assert_eq!(team_place(&store, id).0.as_deref(), Some("NAV"));
}
