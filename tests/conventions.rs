#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Command-line conventions: completions, the manual page, listings as
//! table, JSON or CSV with wide characters aligned, and text or numbers that
//! start with `-` taken as a user would type them.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use clusterboard::domain::text::width;
use common::temp_db;

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

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(
        o.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(!o.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn completions_for_every_shell_and_the_manual_page_need_no_database() {
    let (_dir, db) = temp_db();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = ok(&db, &["completions", shell]);
        assert!(script.contains("clusterboard"), "{shell}");
        assert!(script.contains("import"), "{shell}: no import subcommand");
    }
    let man = ok(&db, &["man"]);
    assert!(man.contains(".TH clusterboard 1"), "{man}");
    assert!(man.contains("import"), "the manual lists the subcommands");
    assert!(!db.exists(), "completions or man created the database");
    assert!(err(&db, &["completions", "tcsh"]).contains("tcsh"));
}

/// The display column where `needle` starts on each line that has it.
fn column_of(text: &str, needle: &str) -> Vec<usize> {
    text.lines()
        .filter_map(|l| l.find(needle).map(|at| width(&l[..at])))
        .collect()
}

#[test]
fn every_listing_prints_a_table_json_or_csv_with_wide_characters_aligned() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "team",
            "add",
            "JA",
            "日本語チーム",
            "--product-owner",
            "田中 愛子",
        ],
    );
    ok(
        &db,
        &[
            "team",
            "add",
            "PAY",
            "Payments 💳",
            "--product-owner",
            "Mira",
        ],
    );
    ok(
        &db,
        &[
            "add",
            "--kind",
            "feature",
            "--title",
            "ローカライズ 🚲",
            "--value",
            "8",
        ],
    );
    ok(&db, &["add", "--kind", "enabler", "--title", "OTA"]);
    ok(
        &db,
        &["release", "add", "Pro", "2.2", "--target", "2027-01-29"],
    );
    ok(&db, &["release", "add", "Lite", "2.2"]);
    ok(&db, &["stakeholder", "add", "販売店", "--group", "Dealers"]);
    ok(
        &db,
        &["stakeholder", "add", "Fleet", "--group", "Customers"],
    );
    // The column after a wide-character column starts at one place in every row.
    let teams = ok(&db, &["team", "list"]);
    let po = column_of(&teams, "PRODUCT OWNER");
    assert_eq!(column_of(&teams, "田中"), po, "{teams}");
    assert_eq!(column_of(&teams, "Mira"), po, "{teams}");
    let people = ok(&db, &["stakeholder", "list"]);
    let group = column_of(&people, "GROUP");
    assert_eq!(column_of(&people, "Dealers"), group, "{people}");
    assert_eq!(column_of(&people, "Customers"), group, "{people}");
    for args in [
        vec!["list"],
        vec!["team", "list"],
        vec!["release", "list"],
        vec!["stakeholder", "list"],
    ] {
        let json = ok(&db, &[args.as_slice(), &["--format", "json"]].concat());
        let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 2, "{args:?}: {json}");
        let csv = ok(&db, &[args.as_slice(), &["--format", "csv"]].concat());
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(reader.records().count(), 2, "{args:?}: {csv}");
        let table = ok(&db, &args);
        assert_eq!(table.lines().count(), 3, "{args:?}: {table}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["title"], "ローカライズ 🚲");
    assert_eq!(json[0]["value"], 8);
    assert_eq!(json[1]["value"], serde_json::Value::Null);
}

#[test]
fn titles_that_start_with_a_dash_work_as_typed() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(
        &db,
        &["add", "--kind", "feature", "--title", "-x marks the spot"],
    );
    ok(&db, &["add", "--kind", "feature", "--title=-y"]);
    let list = ok(&db, &["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(rows[0]["title"], "-x marks the spot");
    assert_eq!(rows[1]["title"], "-y");
    // A positional name starting with `-` gets clap's hint, and the hint works.
    let said = err(&db, &["stakeholder", "add", "-Ops"]);
    assert!(
        said.contains("to pass '-O' as a value, use '-- -O'"),
        "{said}"
    );
    ok(&db, &["stakeholder", "add", "--", "-Ops"]);
    assert!(ok(&db, &["stakeholder", "list"]).contains("-Ops"));
    // Every text option takes a leading dash as typed, in edits too.
    ok(
        &db,
        &["edit", "F-1", "--title", "-Dash", "--description", "-d"],
    );
    let rows: serde_json::Value =
        serde_json::from_str(&ok(&db, &["list", "--format", "json"])).unwrap();
    assert_eq!(rows[0]["title"], "-Dash");
    ok(&db, &["team", "add", "APP", "Apps"]);
    ok(&db, &["team", "edit", "APP", "--name", "-X"]);
    ok(&db, &["stakeholder", "edit", "--group", "-G", "--", "-Ops"]);
    assert!(ok(&db, &["team", "list"]).contains("-X"));
}

#[test]
fn a_negative_number_is_refused_with_what_to_write() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(&db, &["add", "--kind", "feature", "--title", "A"]);
    let said = err(&db, &["estimate", "1", "--value", "-3"]);
    assert!(
        said.contains("\"-3\" is not a number of points: write a whole number, 0 or more"),
        "{said}"
    );
    let said = err(&db, &["rank", "1", "--to", "-1"]);
    assert!(said.contains("ranks count from 1"), "{said}");
    ok(&db, &["team", "add", "APP", "Apps"]);
    let said = err(&db, &["team", "edit", "APP", "--capacity", "-3"]);
    assert!(said.contains("\"-3\" is not a number of points"), "{said}");
    ok(&db, &["add", "--kind", "knowledge-gap", "--title", "Why?"]);
    let said = err(&db, &["question", "add", "K-2", "Who?", "--weight", "-2"]);
    assert!(said.contains("\"-2\" is not a weight"), "{said}");
    let said = err(&db, &["question", "answer", "K-2", "x"]);
    assert!(said.contains("\"x\" is not a question's number"), "{said}");
}
