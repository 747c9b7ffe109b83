//! The real binary's subcommands on a temporary database, no terminal.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{file_bytes, temp_db};

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(args)
        .env("CLUSTERBOARD_DB", db)
        .env_remove("CLUSTERBOARD_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .env("XDG_DATA_HOME", db.parent().unwrap().join("data"))
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?} failed: {}", stderr(&o));
    stdout(&o)
}

/// A failing command: non-zero exit, a one-line message, nothing on stdout.
fn fails(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(!o.status.success(), "{args:?} should fail");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    stderr(&o)
}

#[test]
fn add_prints_the_new_id_and_list_shows_it_in_rank_order() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    assert_eq!(
        ok(&db, &["add", "--kind", "feature", "--title", "SSO login"]).trim(),
        "1"
    );
    assert_eq!(
        ok(
            &db,
            &[
                "add", "--kind", "enabler", "--title", "OTA", "--state", "ready"
            ]
        )
        .trim(),
        "2"
    );
    let list = ok(&db, &["list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines[0].contains("RANK") && lines[0].contains("TITLE"));
    assert!(
        lines[1].contains("F-1") && lines[1].contains("SSO login") && lines[1].contains("funnel")
    );
    assert!(lines[2].contains("E-2") && lines[2].contains("ready"));
    let ready = ok(&db, &["list", "--state", "ready"]);
    assert_eq!(ready.lines().count(), 2);
}

#[test]
fn move_changes_the_column_and_says_what_happened() {
    let (_dir, db) = temp_db();
    ok(&db, &["add", "--kind", "feature", "--title", "SSO login"]);
    let out = ok(&db, &["move", "F-1", "--to", "Analysis"]);
    assert_eq!(
        out.trim(),
        "Moved F-1 \"SSO login\" from Funnel to Analysis"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["export", "--format", "json"])).unwrap();
    assert_eq!(json["items"][0]["state"], "analysis");
}

#[test]
fn the_json_export_has_the_documented_fields() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["export", "--format", "json"])).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 40);
    for (n, item) in items.iter().enumerate() {
        for field in ["id", "kind", "title", "state", "rank", "value", "effort"] {
            assert!(item.get(field).is_some(), "item {n} lacks {field}");
        }
        assert_eq!(item["rank"], n + 1, "items come in rank order");
    }
    assert_eq!(json["format"], 1);
    assert_eq!(json["teams"].as_array().unwrap().len(), 4);
    assert_eq!(json["releases"][0]["name"], "Pro 2.1");
}

#[test]
fn an_unknown_kind_or_state_is_refused_before_any_file_is_made() {
    let (_dir, db) = temp_db();
    let err = fails(&db, &["add", "--kind", "epik", "--title", "x"]);
    assert!(err.contains("unknown kind \"epik\""), "{err}");
    let err = fails(
        &db,
        &[
            "add", "--kind", "feature", "--title", "x", "--state", "doing",
        ],
    );
    assert!(err.contains("unknown state \"doing\""), "{err}");
    assert!(!db.exists(), "no database was created");
}

#[test]
fn an_empty_title_is_refused_before_any_file_is_made() {
    let (_dir, db) = temp_db();
    let err = fails(&db, &["add", "--kind", "feature", "--title", "   "]);
    assert!(err.contains("title is empty"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!db.exists());
}

#[test]
fn a_missing_item_or_a_wrong_prefix_is_named() {
    let (_dir, db) = temp_db();
    ok(&db, &["add", "--kind", "feature", "--title", "SSO login"]);
    let err = fails(&db, &["move", "7", "--to", "ready"]);
    assert!(err.contains("no item 7"), "{err}");
    let err = fails(&db, &["move", "S-1", "--to", "ready"]);
    assert!(err.contains("F-1"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_gets_one_line_and_is_left_alone() {
    let (_dir, db) = temp_db();
    std::fs::write(&db, "# my notes\n".repeat(50)).unwrap();
    let before = file_bytes(&db);
    let err = fails(&db, &["list"]);
    assert!(err.contains("is not an SQLite database"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(file_bytes(&db), before);
}

#[test]
fn a_missing_directory_is_refused() {
    let (dir, _) = temp_db();
    let db = dir.path().join("no/such/dir/c.db");
    let o = Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(["--db", db.to_str().unwrap(), "list"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
}

#[test]
fn the_demo_writes_no_file_anywhere() {
    let (dir, db) = temp_db();
    let list = ok(&db, &["--demo", "list"]);
    assert_eq!(list.lines().count(), 41);
    ok(&db, &["--demo", "move", "1", "--to", "done"]);
    assert!(!db.exists());
    assert!(!dir.path().join("data").exists());
}

#[test]
fn without_db_the_database_is_made_in_the_xdg_data_directory() {
    let (dir, _) = temp_db();
    let o = Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(["add", "--kind", "feature", "--title", "First"])
        .env_remove("CLUSTERBOARD_DB")
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dir.path()
            .join("data/clusterboard/clusterboard.db")
            .exists()
    );
}

#[test]
fn a_bad_config_file_is_named_with_its_line() {
    let (dir, db) = temp_db();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nmouse = \"yes\"\n").unwrap();
    let err = fails(&db, &["--config", config.to_str().unwrap(), "list"]);
    assert!(
        err.contains("config.toml") && err.contains("line 2"),
        "{err}"
    );
    assert!(!db.exists());
}

#[test]
fn the_board_without_a_terminal_says_what_to_do() {
    let (_dir, db) = temp_db();
    let err = fails(&db, &[]);
    assert!(err.contains("needs a terminal"), "{err}");
}
