#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Command tests against a temporary `SQLite` file.

mod common;

use clusterboard::domain::item::ItemRef;
use clusterboard::domain::{ItemId, Kind, NewItem, State};
use clusterboard::store::{Placement, Store, StoreError};
use common::{NO_GATE, file_bytes, order, seeded_db, small_seed, small_seed_plus, temp_db};
use rusqlite::Connection;

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

fn rank_keys(path: &std::path::Path) -> Vec<(i64, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, rank FROM items ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_added_item_survives_a_reopen_at_the_bottom_of_the_order() {
    let (_dir, path) = seeded_db();
    let mut store = Store::open(&path).unwrap();
    let added = store.add_item(&new_item("Theft alarm"), "alex").unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.item(added.id).unwrap().title, "Theft alarm");
    assert_eq!(store.position(added.id).unwrap(), 8);
    assert_eq!(*order(&store).last().unwrap(), added.id.0);
}

#[test]
fn moving_to_another_column_keeps_the_cluster_rank() {
    let (_dir, path) = seeded_db();
    let mut store = Store::open(&path).unwrap();
    let before = order(&store);
    let moved = store
        .move_to_state(ItemId(3), State::Planned, "alex", NO_GATE)
        .unwrap();
    assert_eq!(moved.from, State::Ready);
    assert_eq!(store.item(ItemId(3)).unwrap().state, State::Planned);
    assert_eq!(order(&store), before);
}

#[test]
fn a_rank_move_rewrites_exactly_one_row() {
    let (_dir, path) = seeded_db();
    let mut store = Store::open(&path).unwrap();
    let before = rank_keys(&path);
    store.move_rank(ItemId(7), Placement::Top, "alex").unwrap();
    let after = rank_keys(&path);
    let changed: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].0.0, 7);
    assert_eq!(order(&store), vec![7, 1, 2, 3, 4, 5, 6]);
}

#[test]
fn placements_put_the_item_where_they_say() {
    let mut store = common::store_with(&small_seed());
    store.move_rank(ItemId(1), Placement::Bottom, "t").unwrap();
    assert_eq!(order(&store), vec![2, 3, 4, 5, 6, 7, 1]);
    store
        .move_rank(ItemId(1), Placement::Before(ItemId(3)), "t")
        .unwrap();
    assert_eq!(order(&store), vec![2, 1, 3, 4, 5, 6, 7]);
    store
        .move_rank(ItemId(2), Placement::After(ItemId(5)), "t")
        .unwrap();
    assert_eq!(order(&store), vec![1, 3, 4, 5, 2, 6, 7]);
    let same = store.move_rank(ItemId(1), Placement::Top, "t").unwrap();
    assert!(!same.moved, "an item already at the top is not rewritten");
    assert_eq!(store.position(ItemId(2)).unwrap(), 5);
}

#[test]
fn many_moves_into_the_same_gap_keep_a_strict_order() {
    let mut store = common::store_with(&small_seed());
    // Alternate two items into the gap right after item 1, 300 times each: the
    // keys between 1 and its neighbour keep getting squeezed.
    for i in 0..600 {
        let id = if i % 2 == 0 { ItemId(6) } else { ItemId(7) };
        store
            .move_rank(id, Placement::After(ItemId(1)), "t")
            .unwrap();
        let o = order(&store);
        assert_eq!(o[0], 1);
        assert_eq!(o[1], id.0, "move {i}");
    }
    assert_eq!(order(&store), vec![1, 7, 6, 2, 3, 4, 5]);
    let keys: Vec<String> = store
        .ranked_items(None)
        .unwrap()
        .into_iter()
        .map(|r| r.item.rank_key)
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    assert!(keys.iter().all(|k| k.len() < 200), "{keys:?}");
}

#[test]
fn every_change_is_logged_with_who_made_it() {
    let mut store = common::store_with(&small_seed());
    let before = store.change_count().unwrap();
    store
        .move_to_state(ItemId(1), State::Planned, "mira", NO_GATE)
        .unwrap();
    store
        .move_rank(ItemId(1), Placement::Bottom, "jonas")
        .unwrap();
    assert_eq!(store.change_count().unwrap(), before + 2);
    let history = store.history(ItemId(1), 10).unwrap();
    assert_eq!(history[0].who, "jonas");
    assert_eq!(history[1].who, "mira");
    assert!(
        history[1].summary.contains("from Ready to Planned"),
        "{:?}",
        history[1]
    );
}

#[test]
fn an_item_named_with_the_wrong_kind_prefix_is_refused() {
    let store = common::store_with(&small_seed());
    let err = store
        .resolve("S-1".parse::<ItemRef>().unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("F-1"), "{err}");
    assert!(matches!(
        store.resolve("99".parse().unwrap()),
        Err(StoreError::NotFound(ItemId(99)))
    ));
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, "these are my notes, not a database\n".repeat(20)).unwrap();
    let before = file_bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
    assert_eq!(file_bytes(&path), before);
    assert!(!path.with_extension("db-wal").exists());
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = file_bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    let msg = err.to_string();
    assert!(
        msg.contains("newer clusterboard") && msg.contains("schema 99"),
        "{msg}"
    );
    assert!(msg.contains("upgrade clusterboard"), "{msg}");
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn another_programs_sqlite_database_is_refused() {
    let (_dir, path) = temp_db();
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('x');")
        .unwrap();
    let before = file_bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::ForeignDatabase(_)), "{err}");
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn a_missing_directory_is_named_in_the_error() {
    let (dir, _) = temp_db();
    let path = dir.path().join("nope").join("c.db");
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("nope"), "{err}");
    assert!(!dir.path().join("nope").exists());
}

#[test]
fn a_second_connection_notices_a_commit() {
    let (_dir, path) = seeded_db();
    let mut first = Store::open(&path).unwrap();
    let second = Store::open(&path).unwrap();
    let seen = second.data_version().unwrap();
    first
        .move_to_state(ItemId(1), State::Done, "t", NO_GATE)
        .unwrap();
    assert_ne!(second.data_version().unwrap(), seen);
    assert_eq!(second.item(ItemId(1)).unwrap().state, State::Done);
}

#[test]
fn the_store_uses_wal_and_foreign_keys() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn an_empty_title_is_refused_by_the_store_too() {
    let mut store = common::store_with(&small_seed());
    let err = store.add_item(&new_item("  "), "t").unwrap_err();
    assert!(err.to_string().contains("title is empty"), "{err}");
    assert_eq!(store.item_count().unwrap(), 7);
}

#[test]
fn the_demo_cannot_be_loaded_over_existing_items() {
    let mut store = common::store_with(&small_seed());
    let err = store.load_seed(&small_seed(), "t").unwrap_err();
    assert!(matches!(err, StoreError::NotEmpty(7)), "{err}");
}

#[test]
fn an_older_database_is_backed_up_then_upgraded_keeping_its_items() {
    let (dir, path) = temp_db();
    Store::create_at_schema(&path, 1).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO items(kind, title, state, rank) VALUES ('feature', 'Kept', 'ready', 'a0')",
            [],
        )
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.item(ItemId(1)).unwrap().title, "Kept");
    let backup = dir.path().join("cluster.db.schema1.bak");
    assert!(backup.exists(), "the old file was copied aside first");
    let v: i64 = Connection::open(&backup)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
}

#[test]
fn estimates_are_stored_and_undone_together() {
    use clusterboard::store::EstimateChange;
    let mut store = common::store_with(&small_seed());
    let change = EstimateChange {
        value: Some(Some(40)),
        effort: Some(Some(13)),
        business_value: Some(Some(8)),
        ..EstimateChange::default()
    };
    let item = store.estimate(ItemId(4), change, "po").unwrap();
    assert_eq!(
        (item.value, item.effort, item.business_value),
        (Some(40), Some(13), Some(8))
    );
    store.undo("po").unwrap();
    let item = store.item(ItemId(4)).unwrap();
    assert_eq!(
        (item.value, item.effort, item.business_value),
        (None, None, None)
    );
    store.redo("po").unwrap();
    assert_eq!(store.item(ItemId(4)).unwrap().effort, Some(13));
}

#[test]
fn undoing_a_rank_move_whose_old_key_was_taken_still_restores_the_order() {
    let mut store = common::store_with(&small_seed());
    // Move 2 away, then move 6 into exactly the gap 2 left: it gets 2's old key.
    store.move_rank(ItemId(2), Placement::Bottom, "po").unwrap();
    store
        .move_rank(ItemId(6), Placement::After(ItemId(1)), "other")
        .unwrap();
    assert_eq!(order(&store), vec![1, 6, 3, 4, 5, 7, 2]);
    store.undo("po").unwrap();
    // 2 goes back just above the item now on its old key.
    assert_eq!(order(&store), vec![1, 2, 6, 3, 4, 5, 7]);
}

#[test]
fn applying_an_order_and_undoing_it_is_exact() {
    let mut store = common::store_with(&small_seed());
    let before = order(&store);
    let new: Vec<ItemId> = [7, 6, 5, 4, 3, 2, 1].map(ItemId).to_vec();
    assert_eq!(store.apply_order(&new, "po").unwrap(), 6);
    assert_eq!(order(&store), vec![7, 6, 5, 4, 3, 2, 1]);
    store.undo("po").unwrap();
    assert_eq!(order(&store), before);
    store.redo("po").unwrap();
    assert_eq!(order(&store), vec![7, 6, 5, 4, 3, 2, 1]);
}

#[test]
fn an_order_missing_an_item_is_refused() {
    let mut store = common::store_with(&small_seed());
    let err = store.apply_order(&[1, 2, 3].map(ItemId), "po").unwrap_err();
    assert!(err.to_string().contains("changed while"), "{err}");
}

#[test]
fn a_rank_move_to_a_number_lands_exactly_there() {
    let mut store = common::store_with(&small_seed());
    for (id, to) in [(7, 1), (7, 7), (3, 5), (5, 2)] {
        store
            .move_rank(ItemId(id), Placement::Rank(to), "po")
            .unwrap();
        assert_eq!(store.position(ItemId(id)).unwrap(), to, "{id} to {to}");
    }
}

#[test]
fn undo_and_redo_survive_reopening_the_file() {
    let (_dir, path) = seeded_db();
    let mut store = Store::open(&path).unwrap();
    store.move_rank(ItemId(5), Placement::Top, "po").unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert!(store.undo("po").is_ok());
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(order(&store), vec![1, 2, 3, 4, 5, 6, 7]);
    assert!(store.redo("po").is_ok());
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(order(&store)[0], 5);
}

#[test]
fn column_counts_kept_by_triggers_match_a_real_count() {
    let mut store = common::store_with(&small_seed());
    store
        .move_to_state(ItemId(1), State::Done, "po", NO_GATE)
        .unwrap();
    store
        .move_to_state(ItemId(4), State::Analysis, "po", NO_GATE)
        .unwrap();
    store.add_item(&new_item("New"), "po").unwrap();
    // Undo takes the new item out again: the counts follow.
    store.undo("po").unwrap();
    let kept = store
        .column_counts(&clusterboard::domain::filter::Filter::default())
        .unwrap();
    for (state, n) in kept {
        let real = store.ranked_items(Some(state)).unwrap().len();
        assert_eq!(n, real, "{state}");
    }
    assert_eq!(store.item_count().unwrap(), 7);
}

/// Positions from the bucket counts must equal a plain count, whatever happened.
fn assert_positions_exact(store: &Store) {
    let ranked = store.ranked_items(None).unwrap();
    for r in &ranked {
        assert_eq!(
            store.position(r.item.id).unwrap(),
            r.rank,
            "{}",
            r.item.code()
        );
        let in_column = ranked
            .iter()
            .filter(|o| o.item.state == r.item.state && o.rank < r.rank)
            .count();
        assert_eq!(
            store
                .index_in_column(r.item.id, &clusterboard::domain::filter::Filter::default())
                .unwrap(),
            in_column,
            "{} in its column",
            r.item.code()
        );
    }
}

#[test]
fn positions_from_bucket_counts_stay_exact_through_every_kind_of_change() {
    let seed = small_seed_plus(150, "Item", &["funnel", "ready", "done"]);
    let mut store = common::store_with(&seed);
    assert_positions_exact(&store);
    let mut rng = 7u64;
    let mut next = |m: u64| {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (rng >> 33) % m
    };
    for step in 0..300 {
        let id = ItemId(next(157) as i64 + 1);
        let other = ItemId(next(157) as i64 + 1);
        match step % 5 {
            0 => {
                store.move_rank(id, Placement::After(other), "po").unwrap();
            }
            1 => {
                store.move_rank(id, Placement::Before(other), "po").unwrap();
            }
            2 => {
                let to = [State::Funnel, State::Analysis, State::Done][next(3) as usize];
                store.move_to_state(id, to, "po", NO_GATE).unwrap();
            }
            3 => {
                store.undo("po").unwrap();
            }
            _ => {
                store.move_rank(id, Placement::Top, "po").unwrap();
            }
        }
    }
    assert_positions_exact(&store);
    let mut reversed: Vec<ItemId> = order(&store).into_iter().map(ItemId).collect();
    reversed.reverse();
    store.apply_order(&reversed, "po").unwrap();
    assert_positions_exact(&store);
    store.undo("po").unwrap();
    assert_positions_exact(&store);
}

#[test]
fn a_schema_6_file_keeps_its_items_ticks_team_items_and_undo_after_the_upgrade() {
    let (_dir, path) = temp_db();
    Store::create_at_schema(&path, 6).unwrap();
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO items(id, kind, title, state, rank) VALUES
                 (1, 'feature', 'Kept', 'ready', 'a0'), (2, 'enabler', 'Second', 'funnel', 'a1');
             INSERT INTO item_dor(item_id, point) VALUES (1, 'value');
             INSERT INTO teams(id, code, name) VALUES (1, 'PAY', 'Payments');
             INSERT INTO team_items(parent_id, team_id, title, type, team_rank)
                 VALUES (1, 1, 'Part', 'story', 'a0');
             INSERT INTO changes(who, command, item_id, summary, before, after) VALUES
                 ('po', 'move', 2, 'Moved E-2 \"Second\" from Analysis to Funnel',
                  '{\"items\":[{\"id\":2,\"state\":\"analysis\"}]}',
                  '{\"items\":[{\"id\":2,\"state\":\"funnel\"}]}');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.item(ItemId(1)).unwrap().title, "Kept");
    assert_eq!(store.dor_met(ItemId(1)).unwrap(), vec!["value".to_string()]);
    assert_eq!(
        store.children(ItemId(1)).unwrap().len(),
        1,
        "team items survive the rebuild"
    );
    assert_eq!(store.item_count().unwrap(), 2);
    assert_eq!(store.position(ItemId(2)).unwrap(), 2);
    assert_eq!(
        store.history(ItemId(2), 5).unwrap().len(),
        1,
        "old history is found"
    );
    // A change logged in the old format can still be undone.
    assert!(store.undo("po").is_ok());
    assert_eq!(store.item(ItemId(2)).unwrap().state, State::Analysis);
}

#[test]
fn a_schema_8_file_gains_the_portfolio_and_keeps_everything() {
    let (_dir, path) = temp_db();
    Store::create_at_schema(&path, 8).unwrap();
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO items(id, kind, title, state, rank, acceptance, source) VALUES
                 (1, 'feature', 'Kept', 'ready', 'a0', 'Given…', 'Dealers'),
                 (2, 'knowledge_gap', 'Open question', 'funnel', 'a1', '', '');
             INSERT INTO item_dor(item_id, point) VALUES (1, 'value');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let kept = store.item(ItemId(1)).unwrap();
    assert_eq!(
        (kept.title.as_str(), kept.source.as_str()),
        ("Kept", "Dealers")
    );
    assert_eq!(
        kept.portfolio, None,
        "an old item is the cluster's own work"
    );
    assert_eq!(kept.business_case, None);
    assert_eq!(store.dor_met(ItemId(1)).unwrap(), vec!["value".to_string()]);
    assert_eq!(store.item_count().unwrap(), 2);
    // The new tables work at once.
    let p = store
        .add_portfolio_item(
            &clusterboard::store::NewPortfolioItem {
                kind: "product".into(),
                title: "Fleet".into(),
                description: String::new(),
                owner: String::new(),
                value: None,
                state: "funnel".into(),
                business_case: None,
            },
            "po",
        )
        .unwrap();
    store.link(ItemId(1), Some(p.id), "po").unwrap();
    assert_eq!(store.rollup(p.id).unwrap().items, 1);
}

#[test]
fn the_streamed_json_export_is_the_in_memory_export_byte_for_byte() {
    let mut store = common::demo_store();
    store.archive(ItemId(3), "t").unwrap();
    store
        .archive_portfolio(clusterboard::domain::portfolio::PortfolioId(7), "t")
        .unwrap();
    let config = clusterboard::config::Config::default();
    for history in [false, true] {
        let mut whole = store.export(&config.dor, config.scoring).unwrap();
        if history {
            whole.history = Some(store.change_log().unwrap());
        }
        let mut streamed = Vec::new();
        store
            .write_export_json(&config.dor, config.scoring, history, &mut streamed)
            .unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap(),
            "with history: {history}"
        );
    }
}
