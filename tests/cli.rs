#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
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

/// What `export --format json` prints, parsed.
fn export_json(db: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(db, &["export", "--format", "json"])).expect("the export is JSON")
}

/// A failing command: non-zero exit, a one-line message, nothing on stdout.
fn fails(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(!o.status.success(), "{args:?} should fail");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    stderr(&o)
}

#[test]
fn add_prints_the_new_code_and_list_shows_it_in_rank_order() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    assert_eq!(
        ok(&db, &["add", "--kind", "feature", "--title", "SSO login"]).trim(),
        "F-1"
    );
    assert_eq!(
        ok(
            &db,
            &[
                "add", "--kind", "enabler", "--title", "OTA", "--state", "ready", "--force"
            ]
        )
        .trim(),
        "E-2"
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
    let json = export_json(&db);
    assert_eq!(json["items"][0]["state"], "analysis");
}

#[test]
fn the_json_export_has_the_documented_fields() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let json = export_json(&db);
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
    assert!(
        err.contains("improvement, knowledge-gap, issue"),
        "as typed: {err}"
    );
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
    // Named as typed: the code, not the bare number.
    let err = fails(&db, &["edit", "F-9", "--title", "Gone"]);
    assert!(err.contains("no item F-9 in this cluster"), "{err}");
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

#[test]
fn rank_moves_an_item_by_number_top_bottom_or_neighbour() {
    let (_dir, db) = temp_db();
    for t in ["A", "B", "C", "D"] {
        ok(&db, &["add", "--kind", "feature", "--title", t]);
    }
    assert_eq!(
        ok(&db, &["rank", "F-4", "--to", "2"]).trim(),
        "Moved F-4 to rank 2"
    );
    ok(&db, &["rank", "1", "--bottom"]);
    ok(&db, &["rank", "3", "--top"]);
    ok(&db, &["rank", "2", "--above", "F-4"]);
    let json = export_json(&db);
    let ids: Vec<i64> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![3, 2, 4, 1]);
    let err = fails(&db, &["rank", "1", "--to", "9"]);
    assert!(err.contains("ranks 1 to 4"), "{err}");
    let err = fails(&db, &["rank", "1"]);
    assert!(err.contains("--to"), "{err}");
}

#[test]
fn estimate_sets_points_and_prints_the_score() {
    let (_dir, db) = temp_db();
    ok(&db, &["add", "--kind", "feature", "--title", "SSO"]);
    let out = ok(&db, &["estimate", "F-1", "--value", "20", "--effort", "8"]);
    assert_eq!(out.trim(), "F-1: score 2.50");
    ok(
        &db,
        &[
            "estimate",
            "1",
            "--business-value",
            "8",
            "--time-criticality",
            "5",
            "--risk-reduction",
            "3",
        ],
    );
    let json = export_json(&db);
    let item = &json["items"][0];
    assert_eq!(item["value"], 20);
    assert_eq!(item["time_criticality"], 5);
    assert_eq!(item["score"], 2.5);
    let err = fails(&db, &["estimate", "1"]);
    assert!(err.contains("--value"), "{err}");
}

#[test]
fn moving_into_ready_needs_the_dor_or_force() {
    let (_dir, db) = temp_db();
    ok(
        &db,
        &[
            "add", "--kind", "feature", "--title", "SSO", "--state", "analysis",
        ],
    );
    let err = fails(&db, &["move", "1", "--to", "ready"]);
    assert!(
        err.contains("7 open points") && err.contains("--force"),
        "{err}"
    );
    let out = ok(&db, &["move", "1", "--to", "ready", "--force"]);
    assert!(out.contains("DoR overridden"), "{out}");
    ok(&db, &["move", "1", "--to", "analysis"]);
    let all = [
        "described",
        "acceptance",
        "source",
        "value",
        "dependencies",
        "effort",
        "release",
    ];
    let mut args = vec!["dor", "1"];
    for k in &all {
        args.push("--tick");
        args.push(k);
    }
    let out = ok(&db, &args);
    assert!(out.contains("DoR ✓7/7"), "{out}");
    ok(&db, &["move", "1", "--to", "ready"]);
}

#[test]
fn an_unknown_dor_key_changes_nothing() {
    let (_dir, db) = temp_db();
    ok(&db, &["add", "--kind", "feature", "--title", "SSO"]);
    let err = fails(
        &db,
        &["dor", "1", "--tick", "described", "--tick", "tested"],
    );
    assert!(err.contains("no DoR point \"tested\""), "{err}");
    let out = ok(&db, &["dor", "1"]);
    assert!(
        out.contains("DoR 0/7"),
        "the valid tick was not applied either: {out}"
    );
}

#[test]
fn undo_and_redo_from_the_command_line() {
    let (_dir, db) = temp_db();
    ok(&db, &["add", "--kind", "feature", "--title", "SSO"]);
    ok(&db, &["move", "1", "--to", "analysis"]);
    let out = ok(&db, &["undo"]);
    assert!(out.starts_with("Undid: Moved F-1"), "{out}");
    let json = export_json(&db);
    assert_eq!(json["items"][0]["state"], "funnel");
    assert!(ok(&db, &["redo"]).starts_with("Redid:"));
    let err = fails(&db, &["redo"]);
    assert!(err.contains("nothing to redo"), "{err}");
}

#[test]
fn the_csv_export_lists_the_backlog_in_rank_order_safely() {
    let (_dir, db) = temp_db();
    ok(
        &db,
        &[
            "add",
            "--kind",
            "feature",
            "--title",
            "=HYPERLINK(\"x\"), quoted",
        ],
    );
    ok(
        &db,
        &[
            "add", "--kind", "enabler", "--title", "Plain", "--value", "5", "--effort", "2",
        ],
    );
    ok(&db, &["rank", "2", "--top"]);
    let csv = ok(&db, &["export", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "rank,id,kind,title,state,value,effort,score,dor_met,dor_total,releases,teams,team_items_done,team_items,portfolio,source,labels"
    );
    assert_eq!(
        lines.next().unwrap(),
        "1,E-2,enabler,Plain,funnel,5,2,2.50,0,7,,,0,0,,,"
    );
    let second = lines.next().unwrap();
    assert!(
        second.starts_with("2,F-1,feature,\"'=HYPERLINK"),
        "{second}"
    );
}

#[test]
fn the_csv_export_names_each_items_portfolio_item_and_source() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    ok(&db, &["edit", "F-2", "--source", "=cmd|' /C calc'!A0"]);
    let csv = ok(&db, &["export", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, portfolio, source) = (at("id"), at("portfolio"), at("source"));
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let row = |code: &str| rows.iter().find(|r| &r[id] == code).unwrap();
    assert_eq!(&row("F-1")[portfolio], "P-2");
    assert_eq!(&row("F-1")[source], "Fleet Customers");
    assert_eq!(
        &row("F-2")[source],
        "'=cmd|' /C calc'!A0",
        "a formula in a source stays text"
    );
    assert!(
        rows.iter().any(|r| r[portfolio].is_empty()),
        "the cluster's own work names no portfolio item"
    );
}

#[test]
fn a_title_with_a_control_character_is_refused_and_changes_nothing() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    let before = file_bytes(&db);
    let err = fails(
        &db,
        &[
            "add",
            "--kind",
            "feature",
            "--title",
            "Clear \u{1b}[2J screen",
        ],
    );
    assert!(
        err.contains("control character") && err.contains("character 7"),
        "{err}"
    );
    assert_eq!(file_bytes(&db), before);
}

#[test]
fn the_json_export_carries_dor_score_and_poker_rounds() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let json = export_json(&db);
    let first = &json["items"][0];
    assert_eq!(first["dor"]["met"].as_array().unwrap().len(), 7);
    assert_eq!(first["dor"]["open"].as_array().unwrap().len(), 0);
    assert!(first["score"].is_number());
    assert!(first["poker_rounds"].is_array());
    let unestimated = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["effort"].is_null())
        .unwrap();
    assert!(unestimated["score"].is_null());
    assert_eq!(unestimated["score_missing"], "no effort");
}

#[test]
fn teams_and_splits_from_the_command_line() {
    let (_dir, db) = temp_db();
    ok(&db, &["add", "--kind", "feature", "--title", "SSO"]);
    ok(&db, &["team", "add", "PAY", "Payments", "--capacity", "30"]);
    ok(&db, &["team", "add", "nav", "Navigation"]);
    let out = ok(
        &db,
        &[
            "split", "F-1", "--team", "PAY", "--title", "Backend", "--team", "NAV", "--title",
            "Map", "--type", "story", "--type", "bug", "--effort", "5",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    // What a user reads: the code first, no raw id or tab before it.
    assert_eq!(lines[0], "PAY-1 story \"Backend\", under F-1", "{out}");
    assert_eq!(lines[1], "NAV-2 bug \"Map\", under F-1", "{out}");
    let err = fails(
        &db,
        &[
            "split", "1", "--team", "PAY", "--team", "NAV", "--title", "only one",
        ],
    );
    assert!(err.contains("2 --team but 1 --title"), "{err}");
    ok(&db, &["team-item", "state", "1", "--to", "done"]);
    let list = ok(&db, &["team", "list"]);
    assert!(list.contains("PAY") && list.contains("Payments"), "{list}");
    let err = fails(&db, &["team", "remove", "NAV"]);
    assert!(err.contains("1 open item"), "{err}");
    let json = export_json(&db);
    assert_eq!(json["items"][0]["children"].as_array().unwrap().len(), 2);
    assert_eq!(json["items"][0]["progress"]["done"], 1);
    assert_eq!(json["teams"][1]["code"], "PAY");
    assert_eq!(json["teams"][1]["items"][0]["title"], "Backend");
}

#[test]
fn releases_plan_accept_ship_and_report_from_the_command_line() {
    let (_dir, db) = temp_db();
    ok(
        &db,
        &[
            "add", "--kind", "feature", "--title", "SSO", "--state", "done", "--force",
        ],
    );
    ok(
        &db,
        &[
            "add", "--kind", "feature", "--title", "Maps", "--state", "review", "--force",
        ],
    );
    ok(
        &db,
        &["release", "add", "Pro", "3.0", "--target", "2027-06-30"],
    );
    ok(&db, &["release", "plan", "1", "--release", "pro 3.0"]);
    ok(&db, &["release", "plan", "2", "--release", "Pro 3.0"]);
    let err = fails(&db, &["release", "ship", "Pro 3.0"]);
    assert!(err.contains("accept it first"), "{err}");
    let err = fails(&db, &["release", "accept", "Pro 3.0"]);
    assert!(err.contains("--force"), "{err}");
    ok(&db, &["release", "accept", "Pro 3.0", "--force"]);
    let out = ok(&db, &["release", "ship", "Pro 3.0"]);
    assert!(out.contains("1 items moved to Released"), "{out}");
    assert!(out.contains("left behind, still planned: F-2"), "{out}");
    let html = ok(&db, &["report", "release-plan", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Pro 3.0"));
    let notes = ok(&db, &["report", "release-notes", "Pro 3.0"]);
    assert!(notes.contains("F-1") && !notes.contains("F-2"), "{notes}");
    let err = fails(&db, &["release", "add", "Pro", "4.0", "--target", "soon"]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    ok(&db, &["stakeholder", "add", "Sales", "--group", "Sales"]);
    ok(&db, &["stakeholder", "request", "2", "--name", "sales"]);
    let feedback = ok(&db, &["report", "stakeholder", "Sales"]);
    assert!(
        feedback.contains("Maps") && feedback.contains("Pro 3.0"),
        "{feedback}"
    );
}

#[test]
fn undo_right_after_add_removes_the_item_and_redo_brings_it_back_with_its_id() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    assert_eq!(
        ok(&db, &["add", "--kind", "feature", "--title", "Oops"]).trim(),
        "F-1"
    );
    assert!(ok(&db, &["undo"]).contains("Undid: Added F-1"));
    assert!(!ok(&db, &["list"]).contains("Oops"));
    ok(&db, &["redo"]);
    assert!(ok(&db, &["list"]).contains("F-1"));
}

#[test]
fn edit_changes_texts_from_flags_and_standard_input() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(&db, &["add", "--kind", "feature", "--title", "SSO"]);
    let said = ok(
        &db,
        &[
            "edit",
            "F-1",
            "--title",
            "SSO login",
            "--source",
            "Dealer council",
            "--kind",
            "application",
        ],
    );
    assert!(said.contains("Edited A-1 \"SSO login\""), "{said}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(["edit", "A-1", "--description-file", "-"])
        .env("CLUSTERBOARD_DB", &db)
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"Dealers sign in once.\nWith their shop account.\n")
            .unwrap();
    }
    assert!(child.wait().unwrap().success());
    let json = export_json(&db);
    let item = &json["items"][0];
    assert_eq!(
        item["description"],
        "Dealers sign in once.\nWith their shop account.\n"
    );
    assert_eq!(item["source"], "Dealer council");
    // Nothing to change, or a bad title: a sentence, and no change.
    assert!(fails(&db, &["edit", "A-1"]).contains("--title"));
    let before = file_bytes(&db);
    let err = fails(&db, &["edit", "A-1", "--title", "   "]);
    assert!(err.contains("the title is empty"), "{err}");
    assert_eq!(file_bytes(&db), before);
}

#[test]
fn archive_restore_and_delete_from_the_command_line() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(&db, &["add", "--kind", "feature", "--title", "Keep"]);
    ok(&db, &["add", "--kind", "feature", "--title", "Mistake"]);
    assert!(ok(&db, &["archive", "F-1"]).contains("restore F-1"));
    assert!(!ok(&db, &["list"]).contains("Keep"));
    assert!(ok(&db, &["list", "--archived"]).contains("Keep"));
    let err = fails(&db, &["move", "F-1", "--to", "ready"]);
    assert!(err.contains("F-1 is archived: restore it first"), "{err}");
    assert!(ok(&db, &["restore", "F-1"]).contains("Restored F-1 \"Keep\" to Funnel at rank 1"));
    // Delete needs --yes, and only takes an item with no history but its creation.
    assert!(fails(&db, &["delete", "F-2"]).contains("--yes"));
    assert!(ok(&db, &["delete", "F-2", "--yes"]).contains("Deleted F-2"));
    let err = fails(&db, &["delete", "F-1", "--yes"]);
    assert!(err.contains("archive it instead"), "{err}");
    assert!(
        ok(&db, &["undo"]).contains("Undid: Deleted F-2"),
        "delete is undoable"
    );
    assert!(ok(&db, &["list"]).contains("Mistake"));
}

#[test]
fn undo_refuses_over_another_users_change_until_forced() {
    let (dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(&db, &["add", "--kind", "feature", "--title", "Shared"]);
    let as_user = |name: &str, args: &[&str]| {
        let config = dir.path().join(format!("{name}.toml"));
        std::fs::write(&config, format!("[user]\nname = \"{name}\"\n")).unwrap();
        let mut all = vec!["--config", config.to_str().unwrap()];
        all.extend_from_slice(args);
        run(&db, &all)
    };
    assert!(
        as_user("ann", &["move", "F-1", "--to", "analysis"])
            .status
            .success()
    );
    assert!(
        as_user("ben", &["move", "F-1", "--to", "ready", "--force"])
            .status
            .success()
    );
    let refused = as_user("ann", &["undo"]);
    assert!(!refused.status.success());
    let err = stderr(&refused);
    assert!(err.contains("Not undone: ben moved F-1"), "{err}");
    assert!(err.contains("--force"), "{err}");
    let forced = as_user("ann", &["undo", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(ok(&db, &["list"]).contains("funnel"));
}

#[test]
fn the_readme_sample_export_has_the_keys_the_tool_writes() {
    use std::collections::BTreeSet;
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    ok(&db, &["move", "F-19", "--to", "analysis"]);
    {
        let mut store = clusterboard::store::Store::open(&db).unwrap();
        store
            .finish_poker_round(
                clusterboard::domain::ItemId(1),
                clusterboard::store::PokerField::Value,
                &[(
                    "Anna".into(),
                    clusterboard::domain::poker::PokerCard::Points(40),
                )],
                40,
                "mira",
            )
            .unwrap();
    }
    let real: serde_json::Value =
        serde_json::from_str(&ok(&db, &["export", "--format", "json", "--with-history"])).unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let from = readme.find("### JSON export").unwrap();
    let block = &readme[from..];
    let start = block.find("```json\n").unwrap() + 8;
    let end = block[start..].find("```").unwrap() + start;
    let sample: serde_json::Value =
        serde_json::from_str(&block[start..end]).expect("the sample is JSON");
    let keys = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let first = |v: &serde_json::Value, path: &[&str]| -> serde_json::Value {
        let mut v = v.clone();
        for p in path {
            v = match v.get(*p) {
                Some(serde_json::Value::Array(a)) => a.first().cloned().unwrap_or_default(),
                Some(x) => x.clone(),
                None => serde_json::Value::Null,
            };
        }
        v
    };
    let item_with = |v: &serde_json::Value, what: &str| -> serde_json::Value {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i[what].is_object() || i[what].as_array().is_some_and(|a| !a.is_empty()))
            .cloned()
            .unwrap()
    };
    assert_eq!(keys(&sample), keys(&real), "top level");
    assert_eq!(
        keys(&first(&sample, &["items"])),
        keys(&first(&real, &["items"])),
        "items"
    );
    for (what, path) in [
        ("business_case", &["business_case"][..]),
        ("children", &["children"]),
        ("poker_rounds", &["poker_rounds"]),
        ("poker_rounds", &["poker_rounds", "votes"]),
    ] {
        assert_eq!(
            keys(&first(&item_with(&sample, what), path)),
            keys(&first(&item_with(&real, what), path)),
            "{path:?}"
        );
    }
    for path in [
        &["portfolio"][..],
        &["portfolio", "rollup"],
        &["portfolio", "business_case"],
        &["portfolio", "business_case", "options"],
        &["teams"],
        &["teams", "items"],
        &["releases"],
        &["stakeholders"],
    ] {
        assert_eq!(
            keys(&first(&sample, path)),
            keys(&first(&real, path)),
            "{path:?}"
        );
    }
    let with_rows = |v: &serde_json::Value| -> serde_json::Value {
        v["history"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c.get("rows").is_some())
            .cloned()
            .unwrap()
    };
    let (s, r) = (with_rows(&sample), with_rows(&real));
    assert_eq!(keys(&s), keys(&r), "history");
    assert_eq!(
        keys(&first(&s, &["rows"])),
        keys(&first(&r, &["rows"])),
        "history rows"
    );
    assert_eq!(
        sample["schema"], real["schema"],
        "the sample says the schema the tool writes"
    );
}

#[test]
fn every_subcommand_takes_each_code_as_the_tool_prints_it() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    // Split an item so there is a team item to name as the Teams view does.
    let said = ok(
        &db,
        &[
            "split",
            "F-19",
            "--team",
            "PAY",
            "--title",
            "Wallet keys backend",
        ],
    );
    let code = said
        .split_whitespace()
        .find(|w| w.starts_with("PAY-"))
        .unwrap_or_else(|| panic!("split prints the team item's code: {said}"))
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_string();
    let number = code.trim_start_matches("PAY-").to_string();
    let core_code = format!("CORE-{number}");
    ok(&db, &["team", "add", "OPS", "Operations"]);
    let gap = ok(
        &db,
        &["add", "--kind", "knowledge-gap", "--title", "Which fleets?"],
    );
    let gap = gap.trim().to_lowercase();
    let cases: Vec<Vec<&str>> = vec![
        vec!["move", "F-19", "--to", "analysis"],
        vec!["move", "19", "--to", "funnel"],
        vec!["rank", "f-19", "--top"],
        vec!["estimate", "F-19", "--value", "8"],
        vec!["dor", "F-19"],
        vec!["edit", "F-19", "--source", "Dealer council"],
        vec!["release", "plan", "F-19", "--release", "pro 2.2"],
        vec!["release", "edit", "PRO 2.2", "--notes", "Spring"],
        vec!["stakeholder", "request", "F-19", "--name", "marketing"],
        vec!["stakeholder", "withdraw", "F-19", "--name", "Marketing"],
        vec!["team", "edit", "pay", "--capacity", "30"],
        vec!["team-item", "state", &code, "--to", "doing"],
        vec!["team-item", "state", &number, "--to", "done"],
        vec!["team-item", "move", &code, "--team", "core"],
        vec!["log", "F-19"],
        vec!["log", "Pro 2.2"],
        vec!["log", "PAY"],
        vec!["team-item", "reparent", &core_code, "--to", "f-21"],
        vec!["team", "remove", "ops"],
        vec!["question", "add", &gap, "Who pays?", "--weight", "2"],
        vec!["question", "answer", &gap, "1", "--answer", "Fleets"],
        vec!["question", "list", &gap],
        vec!["team-item", "edit", &number, "--effort", "3"],
        vec!["release", "dod", "pro 2.2", "--tick", "notes"],
        vec!["stakeholder", "edit", "MARKETING", "--group", "Sales"],
        vec!["portfolio", "show", "p-1"],
        vec!["portfolio", "rank", "P-2", "--down"],
        vec!["link", "F-19", "p-3"],
        vec!["unlink", "19"],
        vec![
            "derive",
            "P-1",
            "--kind",
            "feature",
            "--title",
            "Fleet invoices",
        ],
        vec!["log", "P-1"],
        vec!["release", "accept", "lite 2.2", "--force"],
        vec!["release", "ship", "LITE 2.2"],
        vec!["cycle", "add", "Q1.27", "--start", "2027-01-04"],
        vec!["cycle", "plan", "f-19", "--cycle", "q1.27"],
        vec!["cycle", "capacity", "q1.27", "--team", "pay", "30"],
        vec!["cycle", "show", "Q1.27"],
        vec!["log", "q1.27"],
        vec!["cycle", "plan", "19", "--clear"],
        vec!["cycle", "close", "Q1.27"],
    ];
    for args in cases {
        let o = run(&db, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    // An item's log holds the edits of the release it is planned into.
    let log = ok(&db, &["log", "F-19", "--format", "csv"]);
    assert!(log.contains("Edited release Pro 2.2"), "{log}");
    // The team item now belongs to CORE: its old code names the wrong team.
    let err = fails(&db, &["team-item", "state", &code, "--to", "todo"]);
    assert!(err.contains("names the wrong team"), "{err}");
    // A near miss gets a suggestion, not a parse error from inside the program.
    let err = fails(&db, &["release", "plan", "F-19", "--release", "Pro 2.l"]);
    assert!(err.contains("did you mean \"Pro 2.1\"?"), "{err}");
    let err = fails(&db, &["team-item", "state", "PAY-x", "--to", "done"]);
    assert!(err.contains("write it as 23 or PAY-23"), "{err}");
}

#[test]
fn help_never_shows_the_database_named_in_the_environment() {
    let (_dir, db) = temp_db();
    let o = Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .arg("--help")
        .env(
            "CLUSTERBOARD_DB",
            "postgres://ann:secret@db.example/cluster",
        )
        .env("CLUSTERBOARD_CONFIG", db.parent().unwrap().join("c.toml"))
        .output()
        .unwrap();
    let help = stdout(&o);
    assert!(help.contains("CLUSTERBOARD_DB"), "{help}");
    assert!(
        !help.contains("secret") && !help.contains("db.example"),
        "{help}"
    );
}

#[test]
fn the_portfolio_from_the_command_line() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    assert_eq!(
        ok(
            &db,
            &[
                "portfolio",
                "add",
                "--title",
                "Velo Fleet",
                "--kind",
                "Product",
                "--owner",
                "Amara"
            ]
        )
        .trim(),
        "P-1"
    );
    assert_eq!(
        ok(&db, &["portfolio", "add", "--title", "Theft suite"]).trim(),
        "P-2"
    );
    let o = run(&db, &["portfolio", "add", "--title", "X", "--kind", "epic"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("\"epic\" is not a portfolio kind: use one of system, product"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        ok(
            &db,
            &[
                "derive",
                "P-1",
                "--kind",
                "feature",
                "--title",
                "Fleet billing",
                "--effort",
                "8"
            ]
        )
        .trim(),
        "F-1"
    );
    assert_eq!(
        ok(
            &db,
            &["add", "--kind", "enabler", "--title", "Cert rotation"]
        )
        .trim(),
        "E-2"
    );
    assert!(ok(&db, &["link", "E-2", "P-2"]).contains("now hangs under P-2"));
    assert!(ok(&db, &["link", "E-2", "--to", "P-2"]).contains("already hangs under P-2"));
    let err = fails(&db, &["link", "E-2", "P-9"]);
    assert!(err.contains("P-9"), "{err}");
    assert!(
        ok(&db, &["portfolio", "rank", "P-2", "--top"]).contains("Moved P-2 to portfolio rank 1")
    );
    assert!(
        ok(&db, &["portfolio", "move", "P-1", "--to", "implementing"])
            .contains("from Funnel to Implementing")
    );
    let o = run(&db, &["portfolio", "move", "P-1", "--to", "doing"]);
    assert!(
        stderr(&o).contains("is not a state of the portfolio Kanban"),
        "{}",
        stderr(&o)
    );
    let list = ok(&db, &["portfolio", "list"]);
    assert!(
        list.contains("P-2") && list.contains("Velo Fleet"),
        "{list}"
    );
    assert!(
        list.contains("derived from the portfolio: 2 of 2 open items (100%)"),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["portfolio", "list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["id"], "P-2");
    assert_eq!(json[1]["points"], 8);
    // The business case from a file, read back the same way.
    let file = db.parent().unwrap().join("case.md");
    std::fs::write(
        &file,
        "## NABC: Need\nOperators lose 11% of rides.\n\n## Criticality\nstrategic\n\n## Option: Build it\nEffort: 160\n",
    )
    .unwrap();
    ok(
        &db,
        &[
            "portfolio",
            "edit",
            "P-1",
            "--business-case-file",
            file.to_str().unwrap(),
        ],
    );
    let show = ok(&db, &["portfolio", "show", "P-1"]);
    assert!(show.contains("Operators lose 11% of rides."), "{show}");
    assert!(show.contains("strategic"), "{show}");
    assert!(show.contains("F-1  Fleet billing"), "{show}");
    std::fs::write(&file, "## Need\nx\n").unwrap();
    let o = run(
        &db,
        &[
            "edit",
            "F-1",
            "--business-case-file",
            file.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("line 1"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was changed"), "{}", stderr(&o));
    // Each is one change in the log, and undo takes them back in turn.
    let log = ok(&db, &["log", "P-1"]);
    assert!(
        log.contains("portfolio-edit") && log.contains("portfolio-move"),
        "{log}"
    );
    assert!(ok(&db, &["unlink", "E-2"]).contains("no longer under P-2"));
    ok(&db, &["undo"]);
    assert!(
        ok(&db, &["unlink", "E-2"]).contains("no longer under P-2"),
        "undo linked it again"
    );
    assert!(ok(&db, &["portfolio", "archive", "P-2"]).contains("Archived P-2"));
    assert!(ok(&db, &["portfolio", "list", "--archived"]).contains("Theft suite"));
    let restored = ok(&db, &["portfolio", "restore", "P-2"]);
    assert!(restored.contains("Restored P-2"), "{restored}");
    let again = run(&db, &["portfolio", "restore", "P-2"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("P-2"), "{}", stderr(&again));
}

#[test]
fn templates_fill_what_is_empty_from_the_command_line() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "add",
            "--kind",
            "feature",
            "--title",
            "Referral",
            "--template",
            "user-story",
            "--source",
            "Marketing",
        ],
    );
    let json = export_json(&db);
    let item = &json["items"][0];
    assert!(
        item["description"]
            .as_str()
            .unwrap()
            .starts_with("As a <role>"),
        "{item}"
    );
    let err = fails(
        &db,
        &[
            "add",
            "--kind",
            "feature",
            "--title",
            "X",
            "--template",
            "epic-story",
        ],
    );
    assert!(
        err.contains("no template \"epic-story\": use one of user-story"),
        "{err}"
    );
    ok(&db, &["edit", "F-1", "--template", "nabc"]);
    let err = fails(&db, &["edit", "F-1", "--template", "nabc"]);
    assert!(err.contains("nothing to fill"), "{err}");
    let p = ok(
        &db,
        &[
            "portfolio",
            "add",
            "--title",
            "Fleet",
            "--template",
            "lean-business-case",
        ],
    );
    let show = ok(&db, &["portfolio", "show", p.trim()]);
    assert!(show.contains("## Problem and context"), "{show}");
    // A template in the folder beside the config file replaces the shipped one.
    let config = db.parent().unwrap().join("config");
    std::fs::create_dir_all(config.join("clusterboard/templates")).unwrap();
    std::fs::write(
        config.join("clusterboard/templates/user-story.md"),
        "## Description\nAls <Rolle> möchte ich …\n",
    )
    .unwrap();
    ok(
        &db,
        &[
            "add",
            "--kind",
            "feature",
            "--title",
            "Mine",
            "--template",
            "user-story",
        ],
    );
    let json = export_json(&db);
    assert_eq!(json["items"][1]["description"], "Als <Rolle> möchte ich …");
}

#[test]
fn reports_carry_business_cases_when_asked() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let plain = ok(&db, &["report", "release-plan"]);
    assert!(!plain.contains("Business case:"), "only when asked");
    let md = ok(&db, &["report", "release-plan", "--with-business-case"]);
    assert!(
        md.contains("## Business case: F-1 Theft alarm with GPS tracking"),
        "{md}"
    );
    assert!(md.contains("NABC: Need: Theft is the first reason"), "{md}");
    let html = ok(
        &db,
        &[
            "report",
            "stakeholder",
            "Fleet Customers",
            "--format",
            "html",
            "--with-business-case",
        ],
    );
    assert!(
        html.contains("Business case: F-2 SSO login for fleet operators"),
        "{html}"
    );
    assert!(
        html.contains("Build on the Pro platform"),
        "the options table: {html}"
    );
}

#[test]
fn a_closed_release_and_the_ready_gate_need_force_on_the_command_line() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let before = file_bytes(&db);
    let o = run(&db, &["release", "plan", "19", "--release", "Lite 2.1"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Lite 2.1 is already accepted") && stderr(&o).contains("--force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(file_bytes(&db), before, "a refusal changes nothing");
    ok(
        &db,
        &["release", "plan", "19", "--release", "Lite 2.1", "--force"],
    );
    let add = [
        "add",
        "--kind",
        "feature",
        "--title",
        "Straight to ready",
        "--state",
        "ready",
    ];
    let o = run(&db, &add);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("cannot start in Ready") && stderr(&o).contains("open points"),
        "{}",
        stderr(&o)
    );
    let made = ok(&db, &[&add[..], &["--force"]].concat());
    assert!(made.contains("F-"), "{made}");
    let log = ok(&db, &["log", "--limit", "1"]);
    assert!(log.contains("overriding the DoR"), "{log}");
    // "All planned items are Done" is worked out, not ticked.
    let o = run(&db, &["release", "dod", "Pro 2.2", "--tick", "items"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("worked out from the items"),
        "{}",
        stderr(&o)
    );
    // The list says so, and with every other point ticked, accepting says
    // what is left to do: not a tick.
    let dod = ok(&db, &["release", "dod", "Pro 2.2"]);
    assert!(dod.contains("counted from the planned items"), "{dod}");
    for point in ["tests", "notes", "docs"] {
        ok(&db, &["release", "dod", "Pro 2.2", "--tick", point]);
    }
    let o = run(&db, &["release", "accept", "Pro 2.2"]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("finish its planned items first"), "{e}");
    assert!(!e.contains("tick them"), "{e}");
}

#[test]
fn names_are_said_as_stored_and_a_plan_that_is_not_there_is_not_taken_out() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let said = ok(
        &db,
        &["stakeholder", "request", "F-19", "--name", "dealer network"],
    );
    assert!(said.starts_with("Dealer Network requested F-19"), "{said}");
    ok(&db, &["release", "plan", "F-19", "--release", "pro 2.2"]);
    let said = ok(&db, &["release", "plan", "F-19", "--clear", "pro"]);
    assert!(said.contains("out of the Pro plan"), "{said}");
    let before = file_bytes(&db);
    let o = run(&db, &["release", "plan", "F-19", "--clear", "Nonexistent"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o)
            .contains("F-19 is not planned into any Nonexistent release: it is planned nowhere"),
        "{}",
        stderr(&o)
    );
    assert_eq!(file_bytes(&db), before, "nothing logged");
    // Accepting a released release says so, and not how to tick its DoD.
    let o = run(&db, &["release", "accept", "Pro 2.1"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already released"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("tick them"), "{}", stderr(&o));
}

#[test]
fn a_team_items_title_effort_and_type_are_edited_and_undone() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let json = export_json(&db);
    let child = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|i| i["children"].as_array().and_then(|c| c.first()).cloned())
        .expect("the demo has team items");
    let code = format!("{}-{}", child["team"].as_str().unwrap(), child["id"]);
    let said = ok(
        &db,
        &[
            "team-item",
            "edit",
            &code,
            "--effort",
            "5",
            "--title",
            "-Split it",
            "--type",
            "task",
        ],
    );
    assert!(said.contains("\"-Split it\": task, 5 points"), "{said}");
    let said = ok(&db, &["team-item", "edit", &code, "--no-effort"]);
    assert!(said.contains("no effort"), "{said}");
    let log = ok(&db, &["log", &code, "--limit", "2"]);
    assert!(log.contains(&format!("Edited {code}")), "{log}");
    ok(&db, &["undo"]);
    ok(&db, &["undo"]);
    let json = export_json(&db);
    let back = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["children"].as_array().cloned().unwrap_or_default())
        .find(|c| c["id"] == child["id"])
        .unwrap();
    assert_eq!(back["title"], child["title"]);
    assert_eq!(back["effort"], child["effort"]);
    let o = run(&db, &["team-item", "edit", &code]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("say what to change"), "{}", stderr(&o));
}

#[test]
fn list_as_json_gives_numbers_as_numbers() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let rows: serde_json::Value =
        serde_json::from_str(&ok(&db, &["list", "--format", "json"])).unwrap();
    let first = &rows[0];
    assert_eq!(first["dor"], 7, "{first}");
    assert!(
        first["value"].is_number() && first["score"].is_number(),
        "{first}"
    );
    assert!(ok(&db, &["list"]).contains("✓7/7"));
}

/// Every key path of a JSON document, arrays written `[]`: `items[].dor.met`.
/// The change log's row pictures mirror table columns, so their own keys are
/// left out.
fn key_paths(v: &serde_json::Value) -> std::collections::BTreeSet<String> {
    fn walk(v: &serde_json::Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, v) in o {
                    let path = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    out.insert(path.clone());
                    if !path.starts_with("history[].rows[].before")
                        && !path.starts_with("history[].rows[].after")
                    {
                        walk(v, &path, out);
                    }
                }
            }
            serde_json::Value::Array(a) => {
                for v in a {
                    walk(v, &format!("{at}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(v, "", &mut out);
    out
}

#[test]
fn the_json_export_writes_every_key_it_wrote_before_and_the_portfolios() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    ok(&db, &["archive", "S-3", "--force"]);
    ok(&db, &["edit", "F-1", "--source", "Dealer council"]);
    ok(&db, &["rank", "F-2", "--top"]);
    ok(&db, &["undo"]);
    ok(&db, &["portfolio", "archive", "P-7"]);
    {
        let mut store = clusterboard::store::Store::open(&db).unwrap();
        store
            .finish_poker_round(
                clusterboard::domain::ItemId(1),
                clusterboard::store::PokerField::Value,
                &[(
                    "Anna".into(),
                    clusterboard::domain::poker::PokerCard::Points(40),
                )],
                40,
                "mira",
            )
            .unwrap();
    }
    let real: serde_json::Value =
        serde_json::from_str(&ok(&db, &["export", "--format", "json", "--with-history"])).unwrap();
    let listed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/export-keys.txt"
    ))
    .unwrap();
    let expected: std::collections::BTreeSet<String> = listed
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let written = key_paths(&real);
    let lost: Vec<&String> = expected.difference(&written).collect();
    let new: Vec<&String> = written.difference(&expected).collect();
    assert!(
        lost.is_empty(),
        "the export no longer writes {lost:?}: readers of the file rely on them"
    );
    assert!(
        new.is_empty(),
        "the export writes {new:?}, which tests/fixtures/export-keys.txt and the README do not list"
    );
}
