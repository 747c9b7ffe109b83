#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Two processes pressing "one place down" on the same item at the same time:
//! every logged move goes down, none is lost, none goes up.

mod common;

use std::process::Command;

use clusterboard::domain::ItemId;
use clusterboard::store::Store;
use common::{small_seed_plus, temp_db};

const PER_PROCESS: usize = 25;

#[test]
fn two_processes_stepping_one_item_down_at_once_move_it_down_every_time() {
    let (_dir, path) = temp_db();
    Store::open(&path)
        .unwrap()
        .load_seed(&small_seed_plus(120, "Filler", &["funnel"]), "t")
        .unwrap();
    let board = |who: &'static str| {
        let path = path.clone();
        std::thread::spawn(move || {
            let config = path.with_file_name(format!("{who}.toml"));
            std::fs::write(&config, format!("[user]\nname = \"{who}\"\n")).unwrap();
            for _ in 0..PER_PROCESS {
                let o = Command::new(env!("CARGO_BIN_EXE_clusterboard"))
                    .args([
                        "--config",
                        config.to_str().unwrap(),
                        "rank",
                        "F-1",
                        "--down",
                    ])
                    .env("CLUSTERBOARD_DB", &path)
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            }
        })
    };
    let (a, b) = (board("ann"), board("ben"));
    a.join().unwrap();
    b.join().unwrap();
    let store = Store::open(&path).unwrap();
    // Nothing lost: F-1 started at rank 1 and went down 50 places.
    assert_eq!(store.position(ItemId(1)).unwrap(), 1 + 2 * PER_PROCESS);
    // Every move logged went down: its new key sorts after its old one.
    let c = rusqlite::Connection::open(&path).unwrap();
    let moves: Vec<String> = c
        .prepare("SELECT rows FROM changes WHERE command = 'rank' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(moves.len(), 2 * PER_PROCESS);
    for m in moves {
        let rows: serde_json::Value = serde_json::from_str(&m).unwrap();
        let before = rows[0]["before"]["rank"].as_str().unwrap();
        let after = rows[0]["after"]["rank"].as_str().unwrap();
        assert!(after > before, "a down move went up: {before} -> {after}");
    }
}
