#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! `import jira` and `import json` through the real binary, as a user runs them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use common::{file_bytes, jira, temp_db};

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(args)
        .env("CLUSTERBOARD_DB", db)
        .env_remove("CLUSTERBOARD_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .env("XDG_DATA_HOME", db.parent().unwrap().join("data"))
        .env("USER", "tester")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?} failed: {}", text(&o.stderr));
    text(&o.stdout)
}

fn export(db: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(db, &["export", "--format", "json"])).unwrap()
}

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jira-velo.csv")
}

fn fixture_map() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jira-velo-map.toml")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn the_committed_fixture_is_what_its_script_writes() {
    let committed = std::fs::read(fixture_path()).expect(
        "tests/fixtures/jira-velo.csv exists (write it with `cargo test --test import -- --ignored write_the_fixture`)",
    );
    assert!(
        committed == jira::fixture(),
        "the fixture is stale: write it again"
    );
}

#[test]
#[ignore = "writes tests/fixtures/jira-velo.csv"]
fn write_the_fixture() {
    std::fs::write(fixture_path(), jira::fixture()).unwrap();
}

#[test]
fn the_velo_export_imports_in_rank_order_and_a_second_import_changes_nothing() {
    let (dir, db) = temp_db();
    let csv = fixture_path();
    let map = fixture_map();
    let args = [
        "import",
        "jira",
        csv.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
    ];
    let started = Instant::now();
    let said = ok(&db, &args);
    eprintln!(
        "imported {} issues in {:?}",
        jira::issue_count(),
        started.elapsed()
    );
    // 40 epics, 60 bugs and 40 stories without an epic are cluster items; the
    // epics' 600 stories and 160 tasks and the stories' 600 sub-tasks team items.
    assert!(
        said.contains("created 140 cluster items and 1360 team items"),
        "{said}"
    );
    let doc = export(&db);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 140);
    // The first cluster item is the cluster-level issue with the lowest Rank.
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (key, kind, rank, epic, parent) = (
        col("Issue key"),
        col("Issue Type"),
        col("Custom field (Rank)"),
        col("Custom field (Epic Link)"),
        col("Parent id"),
    );
    let first = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| r[kind] == *"Epic" || (r[epic].is_empty() && r[parent].is_empty()))
        .min_by(|a, b| a[rank].cmp(&b[rank]))
        .unwrap();
    assert_eq!(items[0]["external_id"], first[key]);
    // Multi-line descriptions with quotes and non-ASCII text arrive whole.
    let epic1 = items.iter().find(|i| i["external_id"] == "VELO-1").unwrap();
    let description = epic1["description"].as_str().unwrap();
    assert!(description.contains("\n* 1. "), "{description}");
    assert!(description.contains("“design”"), "{description}");
    assert!(!description.contains('\r'));
    let teams: Vec<&str> = doc["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(teams, vec!["APP", "CORE", "PAY", "PLAT"]);
    let releases: Vec<&str> = doc["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(releases.len(), 3, "{releases:?}");
    assert!(releases.contains(&"Pro 2.1"));
    let stakeholders = doc["stakeholders"].as_array().unwrap();
    assert_eq!(stakeholders.len(), 4);
    // Done cluster items count from Created to Resolved, days or weeks later
    // (the fixture's calendar has 28-day months, so up to seven weeks).
    let done = items
        .iter()
        .filter(|i| i["state"] == "done" || i["state"] == "released")
        .count();
    let leads: Vec<i64> = lead_times(&db).into_iter().flat_map(|(_, l)| l).collect();
    assert_eq!(leads.len(), done, "{leads:?}");
    assert!(leads.iter().all(|&d| (3..=50).contains(&d)), "{leads:?}");
    // Labels and the last sprints of the issues (their stories' too) arrive.
    assert!(
        said.contains("new items with Jira's labels and sprints"),
        "{said}"
    );
    let sprint_13 = filtered(&db, "label:sprint:velo_sprint_13");
    assert!(!sprint_13.is_empty());
    assert!(filtered(&db, "label:mobile").len() > 10);

    let again = ok(&db, &args);
    assert!(
        again.contains("created 0 cluster items and 0 team items, updated 0 items, 1500 unchanged"),
        "{again}"
    );
    drop(dir);
}

#[test]
fn a_second_import_updates_what_changed_in_jira_and_says_so() {
    let (dir, db) = temp_db();
    let first = "Summary,Issue key,Issue id,Issue Type,Status,Custom field (Epic Link),Custom field (Story Points),Fix Version/s,Project key\n\
                 Theft alarm,VELO-1,1,Epic,To Do,,,2.1,VELO\n\
                 Arm it from the app,VELO-2,2,Story,To Do,VELO-1,3,,VELO\n";
    let second = "Summary,Issue key,Issue id,Issue Type,Status,Custom field (Epic Link),Custom field (Story Points),Fix Version/s,Project key\n\
                  Theft alarm with GPS,VELO-1,1,Epic,In Progress,,,2.2,VELO\n\
                  Arm it from the app,VELO-2,2,Story,Done,VELO-1,5,,VELO\n\
                  Disarm it,VELO-3,3,Story,To Do,VELO-1,2,,VELO\n";
    let a = write(dir.path(), "a.csv", first.as_bytes());
    let b = write(dir.path(), "b.csv", second.as_bytes());
    ok(&db, &["import", "jira", &a]);
    let dry = ok(&db, &["import", "jira", "--dry-run", &b]);
    assert!(
        dry.contains("would create 0 cluster items and 1 team item"),
        "{dry}"
    );
    assert!(dry.contains("VELO-3"), "{dry}");
    let said = ok(&db, &["import", "jira", &b]);
    assert!(
        said.contains(
            "VELO-1 F-1: title \"Theft alarm\" → \"Theft alarm with GPS\"; state Funnel → Implementing; out of VELO 2.1; planned into VELO 2.2"
        ),
        "{said}"
    );
    assert!(said.contains("state To do → Done; effort 3 → 5"), "{said}");
    assert!(said.contains("updated 2 items"), "{said}");
    let doc = export(&db);
    assert_eq!(doc["items"].as_array().unwrap().len(), 1);
    assert_eq!(doc["items"][0]["children"].as_array().unwrap().len(), 2);
    assert_eq!(doc["items"][0]["releases"][0], "VELO 2.2");
    // One change-log entry per import.
    let log = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = log
        .query_row(
            "SELECT COUNT(*) FROM changes WHERE command = 'import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
}

const HEADER: &str = "Summary,Issue key,Issue id,Issue Type,Status,Custom field (Epic Link),Custom field (Story Points),Description\n";

/// Two good rows, the second starting on line 3 and spanning lines 3 to 5.
fn good_rows() -> String {
    "Theft alarm,A-1,1,Epic,To Do,,,\n\
     Arm it,A-2,2,Story,To Do,A-1,3,\"Line one,\nline \"\"two\"\",\nline three\"\n"
        .to_string()
}

/// Each bad input, the place the dry run must name, and words of its message.
fn bad_inputs() -> Vec<(&'static str, Vec<u8>, &'static str, &'static str)> {
    let with = |row: &str| format!("{HEADER}{}{row}", good_rows()).into_bytes();
    let mut latin1 = format!("{HEADER}{}", good_rows()).into_bytes();
    latin1.extend(b"Caf\xe9 menu,A-3,3,Story,To Do,A-1,2,\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!("{HEADER}{}", good_rows()).encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    vec![
        (
            "not a Jira export",
            b"name,price\napple,3\n".to_vec(),
            "line 1",
            "is not a Jira export",
        ),
        (
            "unknown status",
            with("Disarm it,A-3,3,Story,Waiting,A-1,2,\n"),
            "line 6, column 5 (Status)",
            "status \"Waiting\" is not in the map",
        ),
        (
            "unknown type",
            with("Disarm it,A-3,3,Spaceship,To Do,A-1,2,\n"),
            "line 6, column 4 (Issue Type)",
            "issue type \"Spaceship\" is not in the map",
        ),
        (
            "duplicate key",
            with("Arm it again,A-2,3,Story,To Do,A-1,2,\n"),
            "line 6, column 2 (Issue key)",
            "appears twice (first on line 3)",
        ),
        (
            "parent not in the file",
            with("Disarm it,A-3,3,Story,To Do,A-99,2,\n"),
            "line 6, column 6 (Custom field (Epic Link))",
            "parent A-99 of A-3 is neither in the file nor imported before",
        ),
        (
            "story points not a number",
            with("Disarm it,A-3,3,Story,To Do,A-1,five,\n"),
            "line 6, column 7 (Custom field (Story Points))",
            "\"five\" is not a number of points",
        ),
        (
            "Latin-1",
            latin1,
            "line 6, column 1 (Summary)",
            "byte 0xE9 is not UTF-8",
        ),
        ("UTF-16", utf16, "line 1, column 1", "UTF-16"),
    ]
}

#[test]
fn every_bad_input_is_listed_at_its_line_and_column_and_a_real_run_changes_nothing() {
    let (dir, db) = temp_db();
    let good = write(
        dir.path(),
        "good.csv",
        format!("{HEADER}{}", good_rows()).as_bytes(),
    );
    ok(&db, &["import", "jira", &good]);
    let before = file_bytes(&db);
    for (name, bytes, place, words) in bad_inputs() {
        let file = write(dir.path(), "bad.csv", &bytes);
        let dry = run(&db, &["import", "jira", "--dry-run", &file]);
        assert!(!dry.status.success(), "{name}: the dry run should fail");
        let listed = text(&dry.stdout);
        let line = listed
            .lines()
            .find(|l| l.contains(place))
            .unwrap_or_else(|| panic!("{name}: no {place:?} in\n{listed}{}", text(&dry.stderr)));
        assert!(line.contains(words), "{name}: {line}");
        let real = run(&db, &["import", "jira", &file]);
        assert!(!real.status.success(), "{name}: the real run should refuse");
        let said = text(&real.stderr);
        assert!(
            said.contains(place) && said.contains("nothing was imported"),
            "{name}: {said}"
        );
        assert!(file_bytes(&db) == before, "{name}: the database changed");
    }
}

#[test]
fn a_dry_run_lists_every_problem_of_a_file_at_once() {
    let (dir, db) = temp_db();
    let file = write(
        dir.path(),
        "bad.csv",
        format!(
            "{HEADER}{}Disarm it,A-3,3,Story,Waiting,A-1,five,\nSiren,A-4,4,Spaceship,To Do,A-77,1,\n",
            good_rows()
        )
        .as_bytes(),
    );
    let o = run(&db, &["import", "jira", "--dry-run", &file]);
    let listed = text(&o.stdout);
    for place in [
        "line 6, column 5 (Status)",
        "line 6, column 7 (Custom field (Story Points))",
        "line 7, column 4 (Issue Type)",
    ] {
        assert!(listed.contains(place), "{place}: {listed}");
    }
    assert!(!db.exists(), "a dry run created the database");
}

#[test]
fn a_duplicate_key_is_listed_even_when_its_rows_have_other_problems() {
    let (dir, db) = temp_db();
    let file = write(
        dir.path(),
        "bad.csv",
        format!(
            "{HEADER}{}Disarm it,A-3,3,Story,Waiting,A-1,2,\nSiren,A-3,4,Spaceship,To Do,A-1,1,\n\
             Horn,A-4,5,Story,To Do,A-1,five,\n",
            good_rows()
        )
        .as_bytes(),
    );
    let o = run(&db, &["import", "jira", "--dry-run", &file]);
    let listed = text(&o.stdout);
    for (place, words) in [
        ("line 6, column 5 (Status)", "status \"Waiting\""),
        ("line 7, column 4 (Issue Type)", "issue type \"Spaceship\""),
        (
            "line 7, column 2 (Issue key)",
            "issue key A-3 appears twice (first on line 6)",
        ),
        ("line 8, column 7 (Custom field (Story Points))", "\"five\""),
    ] {
        assert!(
            listed
                .lines()
                .any(|l| l.contains(place) && l.contains(words)),
            "{place} {words}: {listed}"
        );
    }
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_do() {
    let (dir, db) = temp_db();
    let good = write(
        dir.path(),
        "good.csv",
        format!("{HEADER}{}", good_rows()).as_bytes(),
    );
    let said = ok(&db, &["import", "jira", "--dry-run", &good]);
    assert!(said.contains("nothing was written"), "{said}");
    assert!(said.contains("A-1"), "{said}");
    assert!(said.contains("story under F-1"), "{said}");
    assert!(!db.exists(), "a dry run on a new file created it");
    ok(&db, &["init"]);
    let before = file_bytes(&db);
    ok(&db, &["import", "jira", "--dry-run", &good]);
    assert!(file_bytes(&db) == before);
    assert!(
        ok(&db, &["list"]).lines().count() == 1,
        "an item was written"
    );
}

#[test]
fn a_bad_map_is_named_at_its_line_and_nothing_is_opened() {
    let (dir, db) = temp_db();
    let good = write(
        dir.path(),
        "good.csv",
        format!("{HEADER}{}", good_rows()).as_bytes(),
    );
    let map = write(
        dir.path(),
        "map.toml",
        b"[status]\n\"To Do\" = \"somewhere\"\n",
    );
    let o = run(&db, &["import", "jira", &good, "--map", &map]);
    assert!(!o.status.success());
    let said = text(&o.stderr);
    assert!(
        said.contains("map.toml line 2") && said.contains("\"somewhere\""),
        "{said}"
    );
    assert!(!db.exists());
}

#[test]
fn json_export_imports_into_an_empty_file_and_exports_the_same_document() {
    let (dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let csv = write(
        dir.path(),
        "j.csv",
        format!("{HEADER}{}", good_rows()).as_bytes(),
    );
    ok(&db, &["import", "jira", &csv]);
    ok(&db, &["release", "dod", "Pro 2.2", "--tick", "docs"]);
    // The portfolio travels too: its rank, an archived item, a moved link.
    ok(&db, &["portfolio", "rank", "P-4", "--top"]);
    ok(&db, &["portfolio", "archive", "P-7"]);
    ok(&db, &["unlink", "F-2"]);
    ok(&db, &["link", "S-3", "P-5"]);
    let first = export(&db);
    let portfolio = first["portfolio"].as_array().unwrap();
    assert_eq!(portfolio[0]["code"], "P-4");
    assert!(
        portfolio
            .iter()
            .any(|p| p["code"] == "P-7" && p["rank"] == 0)
    );
    let file = write(
        dir.path(),
        "cluster.json",
        ok(&db, &["export", "--format", "json"]).as_bytes(),
    );
    let other = dir.path().join("other.db");
    let said = ok(&other, &["import", "json", &file]);
    assert!(said.contains("items"), "{said}");
    assert_eq!(export(&other), first);
    // The target must be empty.
    let o = run(&other, &["import", "json", &file]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("empty database"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn json_import_names_keys_it_does_not_read_and_refuses_what_is_not_an_export() {
    let (dir, db) = temp_db();
    let file = write(
        dir.path(),
        "c.json",
        br#"{"format": 1, "schema": 7, "items": [], "sprints": [{"name": "S1"}]}"#,
    );
    let said = ok(&db, &["import", "json", &file]);
    assert!(
        said.contains("not imported: the export's \"sprints\""),
        "{said}"
    );
    let other = dir.path().join("other.db");
    let bad = write(
        dir.path(),
        "bad.json",
        b"{\"format\": 1,\n \"items\": [1, 2]}",
    );
    let o = run(&other, &["import", "json", &bad]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("line 2, column"),
        "{}",
        text(&o.stderr)
    );
    assert!(!other.exists(), "a refused import created the database");
}

#[test]
fn a_cluster_moved_through_a_json_file_keeps_its_change_log_as_history_undo_does_not_reach() {
    let (dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    ok(&db, &["add", "--kind", "feature", "--title", "Moved along"]);
    ok(&db, &["move", "F-41", "--to", "analysis"]);
    ok(
        &db,
        &[
            "edit",
            "F-41",
            "--source",
            "Dealer council",
            "--acceptance",
            "It moves",
        ],
    );
    ok(&db, &["archive", "S-3", "--force"]);
    // An undone change travels too, redo-able where it was made.
    ok(&db, &["rank", "F-41", "--top"]);
    ok(&db, &["undo"]);
    let file = dir.path().join("cluster.json");
    ok(
        &db,
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(
        json["history"].as_array().is_some_and(|h| h.len() > 4),
        "--out carries the log"
    );
    let other = dir.path().join("other.db");
    ok(&other, &["import", "json", file.to_str().unwrap()]);
    // The same document (the import's own log entry aside) …
    let again = dir.path().join("again.json");
    ok(
        &other,
        &[
            "export",
            "--format",
            "json",
            "--out",
            again.to_str().unwrap(),
        ],
    );
    let mut back: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    let log = back["history"].as_array_mut().unwrap();
    assert_eq!(log.pop().unwrap()["command"], "import");
    assert_eq!(back, json);
    // … but its entries are history, the other database's changes: the same
    // user neither undoes nor redoes them here, and is told why.
    for way in ["undo", "redo"] {
        let o = run(&other, &[way]);
        assert!(!o.status.success(), "{way} reached an imported change");
        let said = text(&o.stderr);
        assert!(
            said.contains(&format!("nothing to {way}"))
                && said.contains("since the JSON import of")
                && said.contains("came with the file as history"),
            "{said}"
        );
    }
    assert_eq!(export(&other), export(&db), "nothing was undone or redone");
    // What the user does after the import is theirs to undo, and no more.
    ok(&other, &["rank", "F-41", "--top"]);
    let said = ok(&other, &["undo"]);
    assert!(said.contains("Undid: Reprioritised F-41"), "{said}");
    assert!(
        text(&run(&other, &["undo"]).stderr).contains("since the JSON import of"),
        "the import stops undo"
    );
    assert!(ok(&other, &["redo"]).contains("Redid: Reprioritised F-41"));
}

#[test]
fn an_import_is_one_change_that_undo_takes_back_whole() {
    let (dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let before = export(&db);
    let csv = write(
        dir.path(),
        "j.csv",
        format!("{HEADER}{}", good_rows()).as_bytes(),
    );
    ok(&db, &["import", "jira", &csv]);
    assert_ne!(export(&db)["items"], before["items"]);
    assert!(ok(&db, &["undo"]).contains("Undid: Imported"));
    let after = export(&db);
    assert_eq!(
        after["items"], before["items"],
        "every imported item is gone"
    );
    assert_eq!(after["teams"], before["teams"]);
    ok(&db, &["redo"]);
    assert_ne!(
        export(&db)["items"],
        before["items"],
        "and redo brings it back"
    );
}

#[test]
fn initiatives_become_portfolio_items_with_their_epics_derived_from_them() {
    let (dir, db) = temp_db();
    let header = "Summary,Issue key,Issue id,Issue Type,Status,Parent,Custom field (Story Points),Description\n";
    let rows = "Fleet business,V-1,1,Initiative,In Progress,,,Sell to fleets\n\
                Fleet billing,V-2,2,Epic,To Do,V-1,,\n\
                Invoice run,V-3,3,Story,To Do,V-2,5,\n\
                Fleet onboarding call,V-4,4,Story,To Do,V-1,3,\n\
                Own cleanup,V-5,5,Epic,To Do,,,\n";
    let csv = write(dir.path(), "v.csv", format!("{header}{rows}").as_bytes());
    let map = write(
        dir.path(),
        "map.toml",
        b"[types]\n\"Initiative\" = { level = \"portfolio\", kind = \"product\" }\n",
    );
    let dry = ok(&db, &["import", "jira", &csv, "--map", &map, "--dry-run"]);
    assert!(
        dry.contains("would create 1 portfolio item, 3 cluster items and 1 team item"),
        "{dry}"
    );
    assert!(
        dry.contains("P-1") && dry.contains("portfolio product"),
        "{dry}"
    );
    ok(&db, &["import", "jira", &csv, "--map", &map]);
    let p = ok(&db, &["portfolio", "show", "P-1"]);
    assert!(
        p.contains("Fleet business") && p.contains("Implementing"),
        "{p}"
    );
    // The epic and the story right under the initiative are derived from it;
    // the story under the epic is the epic's team item; V-5 is own work.
    let json = export(&db);
    let items = json["items"].as_array().unwrap();
    let from = |title: &str| {
        let it = items.iter().find(|i| i["title"] == title).unwrap();
        it["code"].as_str().unwrap().to_string()
    };
    let tree = ok(&db, &["portfolio", "show", "P-1"]);
    assert!(tree.contains(&from("Fleet billing")), "{tree}");
    assert!(tree.contains(&from("Fleet onboarding call")), "{tree}");
    assert!(!tree.contains(&from("Own cleanup")), "{tree}");
    let billing = items
        .iter()
        .find(|i| i["title"] == "Fleet billing")
        .unwrap();
    assert_eq!(billing["children"][0]["title"], "Invoice run");
    // A second import with the initiative renamed updates it in place.
    let renamed = rows.replace("Fleet business", "Fleet business line");
    let csv2 = write(
        dir.path(),
        "v2.csv",
        format!("{header}{renamed}").as_bytes(),
    );
    let said = ok(&db, &["import", "jira", &csv2, "--map", &map]);
    assert!(said.contains("P-1"), "{said}");
    assert!(ok(&db, &["portfolio", "show", "P-1"]).contains("Fleet business line"));
    assert!(
        !ok(&db, &["portfolio", "list"]).contains("P-2"),
        "no duplicate"
    );
    // A portfolio kind the cluster does not have is refused at its line.
    let bad = write(
        dir.path(),
        "bad.toml",
        b"[types]\n\"Initiative\" = { level = \"portfolio\", kind = \"galaxy\" }\n",
    );
    let o = run(&db, &["import", "jira", &csv, "--map", &bad]);
    assert!(!o.status.success());
    let e = text(&o.stderr);
    assert!(
        e.contains("portfolio kind \"galaxy\"") && e.contains("line 2"),
        "{e}"
    );
}

#[test]
fn a_refusal_names_ten_problems_and_a_dry_run_lists_them_once() {
    let (dir, db) = temp_db();
    let mut rows = String::new();
    for n in 1..=15 {
        rows.push_str(&format!("Item {n},A-{n},{n},Epic,Somewhere odd,,,\n"));
    }
    let csv = write(dir.path(), "odd.csv", format!("{HEADER}{rows}").as_bytes());
    let o = run(&db, &["import", "jira", &csv]);
    assert!(!o.status.success());
    let e = text(&o.stderr);
    assert!(
        e.contains("has 15 problems") && e.contains("… and 5 more"),
        "{e}"
    );
    assert_eq!(
        e.lines().filter(|l| l.contains("Somewhere odd")).count(),
        10,
        "{e}"
    );
    let o = run(&db, &["import", "jira", &csv, "--dry-run"]);
    assert_eq!(
        text(&o.stdout)
            .lines()
            .filter(|l| l.contains("Somewhere odd"))
            .count(),
        15
    );
    assert!(
        text(&o.stderr).contains("15 problems, listed above"),
        "{}",
        text(&o.stderr)
    );
    assert!(!db.exists());
}

/// The lead times `Store::lead_times` reads from the file, per kind, shortest first.
fn lead_times(db: &Path) -> Vec<(String, Vec<i64>)> {
    let store = clusterboard::store::Store::open(db).unwrap();
    store
        .lead_times(None)
        .unwrap()
        .into_iter()
        .map(|mut l| {
            l.lead.sort_unstable();
            (l.kind.as_str().to_string(), l.lead)
        })
        .collect()
}

const DATED: &str = "Summary,Issue key,Issue Type,Status,Created,Resolved\n";

#[test]
fn a_resolved_date_gives_a_done_item_its_lead_time_and_a_new_one_updates_it() {
    let (dir, db) = temp_db();
    let first = format!(
        "{DATED}Theft alarm,V-1,Epic,Done,01/Jan/26 9:00 AM,15/Jan/26 4:37 PM\n\
         Offline maps,V-2,Epic,In Progress,03/Jan/26 9:00 AM,\n\
         Fleet billing,V-3,Epic,Released,2025-12-01 10:00,2026-01-31 10:00\n"
    );
    let csv = write(dir.path(), "a.csv", first.as_bytes());
    let said = ok(&db, &["import", "jira", &csv]);
    assert!(
        said.contains("lead times: 2 done items count from Jira's Created to its Resolved day"),
        "{said}"
    );
    // Created → Resolved: 14 days, and 61 for the released one; the item in
    // progress is not done, so it has none.
    assert_eq!(lead_times(&db), vec![("feature".to_string(), vec![14, 61])]);
    let report = ok(&db, &["report", "lead-time", "--format", "json"]);
    assert!(report.contains("14"), "{report}");
    // Jira reopened and resolved it again later: the new day replaces the old.
    let second = first.replace("15/Jan/26 4:37 PM", "20/Jan/26 9:00 AM");
    let csv2 = write(dir.path(), "b.csv", second.as_bytes());
    let dry = ok(&db, &["import", "jira", &csv2, "--dry-run"]);
    assert!(
        dry.contains("V-1 F-1: resolved 2026-01-15 → 2026-01-20"),
        "{dry}"
    );
    ok(&db, &["import", "jira", &csv2]);
    assert_eq!(lead_times(&db), vec![("feature".to_string(), vec![19, 61])]);
    // Done in Jira now, with its day: it joins the lead times on re-import.
    let third = second.replace(
        "Offline maps,V-2,Epic,In Progress,03/Jan/26 9:00 AM,",
        "Offline maps,V-2,Epic,Done,03/Jan/26 9:00 AM,13/Jan/26 9:00 AM",
    );
    let csv3 = write(dir.path(), "c.csv", third.as_bytes());
    let said = ok(&db, &["import", "jira", &csv3]);
    assert!(
        said.contains("V-2 F-2: state Implementing → Done; resolved 2026-01-13"),
        "{said}"
    );
    assert_eq!(
        lead_times(&db),
        vec![("feature".to_string(), vec![10, 19, 61])]
    );
}

#[test]
fn a_resolved_date_that_is_no_date_is_refused_at_its_line_and_column() {
    let (dir, db) = temp_db();
    let csv = write(
        dir.path(),
        "bad.csv",
        format!(
            "{DATED}Theft alarm,V-1,Epic,Done,01/Jan/26 9:00 AM,15/Jan/26 4:37 PM\n\
             Offline maps,V-2,Epic,Done,03/Jan/26 9:00 AM,last Tuesday\n"
        )
        .as_bytes(),
    );
    let o = run(&db, &["import", "jira", &csv]);
    assert!(!o.status.success());
    let e = text(&o.stderr);
    assert!(
        e.contains("line 3, column 6 (Resolved): \"last Tuesday\" is not a date"),
        "{e}"
    );
    assert!(!db.exists(), "nothing was written");
}

/// The codes of the backlog's items that pass a `/` filter, in rank order.
fn filtered(db: &Path, filter: &str) -> Vec<String> {
    let store = clusterboard::store::Store::open(db).unwrap();
    let f = clusterboard::domain::filter::Filter::parse(filter).unwrap();
    store
        .backlog_page(0, 100, &f)
        .unwrap()
        .into_iter()
        .map(|r| r.item.code())
        .collect()
}

const LABELLED: &str =
    "Summary,Issue key,Issue Type,Status,Custom field (Epic Link),Labels,Labels,Sprint,Sprint\n";

#[test]
fn jira_labels_and_last_sprints_label_the_cluster_items_and_a_new_import_updates_them() {
    let (dir, db) = temp_db();
    let first = format!(
        "{LABELLED}Theft alarm,V-1,Epic,To Do,,mobile,security,,\n\
         Arm it,V-2,Story,In Progress,V-1,ui,,VELO Sprint 1,VELO Sprint 2\n\
         Offline maps,V-3,Epic,To Do,,,,VELO Sprint 1,\n\
         Dark mode,V-4,Epic,To Do,,mobile ux,,,\n"
    );
    let csv = write(dir.path(), "a.csv", first.as_bytes());
    let dry = ok(&db, &["import", "jira", &csv, "--dry-run"]);
    assert!(
        dry.contains("labels: 3 new items with Jira's labels and sprints"),
        "{dry}"
    );
    let said = ok(&db, &["import", "jira", &csv]);
    assert!(
        said.contains("labels: 3 new items with Jira's labels and sprints"),
        "{said}"
    );
    // The story's own label stays with Jira (team items have none), its last
    // sprint labels the epic it lands in.
    assert!(
        said.contains("labels of issues that became team items"),
        "{said}"
    );
    let doc = export(&db);
    let labels = |code: &str| -> Vec<String> {
        let items = doc["items"].as_array().unwrap();
        let it = items.iter().find(|i| i["code"] == code).unwrap();
        serde_json::from_value(it["labels"].clone()).unwrap()
    };
    assert_eq!(
        labels("F-1"),
        vec!["mobile", "security", "sprint:VELO Sprint 2"]
    );
    assert_eq!(labels("F-2"), vec!["sprint:VELO Sprint 1"]);
    // Several labels in one cell (a "current fields" export) are split.
    assert_eq!(labels("F-3"), vec!["mobile", "ux"]);
    assert_eq!(filtered(&db, "label:mobile"), vec!["F-1", "F-3"]);
    assert_eq!(filtered(&db, "label:MOBILE alarm"), vec!["F-1"]);
    assert_eq!(filtered(&db, "label:sprint:velo_sprint_1"), vec!["F-2"]);
    assert_eq!(filtered(&db, "label:sprint:"), vec!["F-1", "F-2"]);
    assert!(
        filtered(&db, "label:sprint").is_empty(),
        "a label is matched whole"
    );
    // A label given on the board survives the next import; Jira's follow Jira.
    ok(&db, &["label", "add", "F-1", "needs-design"]);
    let second = first
        .replace("mobile,security", "mobile,")
        .replace("VELO Sprint 1,VELO Sprint 2", "VELO Sprint 2,VELO Sprint 3");
    let csv2 = write(dir.path(), "b.csv", second.as_bytes());
    let dry = ok(&db, &["import", "jira", &csv2, "--dry-run"]);
    assert!(
        dry.contains("V-1 F-1: labels +sprint:VELO Sprint 3 −security −sprint:VELO Sprint 2"),
        "{dry}"
    );
    ok(&db, &["import", "jira", &csv2]);
    let listed = ok(&db, &["label", "list", "F-1"]);
    assert_eq!(
        listed.lines().skip(1).map(str::trim).collect::<Vec<_>>(),
        vec!["mobile", "needs-design", "sprint:VELO Sprint 3"]
    );
    let again = ok(&db, &["import", "jira", &csv2]);
    assert!(again.contains("updated 0 items"), "{again}");
}

#[test]
fn a_label_change_on_the_command_line_is_logged_and_undone() {
    let (_dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let said = ok(
        &db,
        &["label", "add", "F-2", "Fleet", "needs  design", "fleet"],
    );
    assert!(
        said.contains("F-2: +Fleet +needs design; labels Fleet, needs design, security"),
        "{said}"
    );
    assert!(ok(&db, &["label", "add", "F-2", "FLEET"]).contains("has those labels already"));
    assert_eq!(filtered(&db, "label:needs_design"), vec!["F-2"]);
    let log = ok(&db, &["log", "F-2", "--limit", "1"]);
    assert!(log.contains("Labelled F-2"), "{log}");
    ok(&db, &["label", "remove", "F-2", "security"]);
    assert!(ok(&db, &["undo"]).contains("−security"));
    assert!(ok(&db, &["undo"]).contains("+Fleet +needs design"));
    assert_eq!(
        ok(&db, &["label", "list", "F-2", "--format", "csv"]),
        "label\nsecurity\n"
    );
    ok(&db, &["redo"]);
    assert_eq!(filtered(&db, "label:fleet"), vec!["F-2"]);
    let o = run(&db, &["label", "add", "F-2", " "]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("a label cannot be empty"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn stories_keep_their_descriptions_as_team_items_and_team_item_edit_changes_them() {
    let (dir, db) = temp_db();
    let header = "Summary,Issue key,Issue Type,Status,Custom field (Epic Link),Description\n";
    let first = format!(
        "{header}Theft alarm,V-1,Epic,To Do,,Alarm when a locked bike moves\n\
         Arm it,V-2,Story,To Do,V-1,\"As a rider, I arm it\r\nfrom the app.\"\n"
    );
    let csv = write(dir.path(), "a.csv", first.as_bytes());
    let said = ok(&db, &["import", "jira", &csv]);
    assert!(!said.contains("descriptions of issues"), "{said}");
    let child = |doc: &serde_json::Value| doc["items"][0]["children"][0].clone();
    let doc = export(&db);
    assert_eq!(
        child(&doc)["description"],
        "As a rider, I arm it\nfrom the app."
    );
    assert_eq!(
        doc["teams"][0]["items"][0]["description"],
        child(&doc)["description"]
    );
    // A new description in Jira is an update the report names.
    let second = first.replace("from the app.", "from the app or the bike.");
    let csv2 = write(dir.path(), "b.csv", second.as_bytes());
    let said = ok(&db, &["import", "jira", &csv2]);
    assert!(said.contains("V-2 JIRA-1: description"), "{said}");
    // On the command line: logged, and undone like a title edit.
    let said = ok(
        &db,
        &[
            "team-item",
            "edit",
            "JIRA-1",
            "--description",
            "Arm it with a tap",
        ],
    );
    assert!(said.contains("Edited JIRA-1"), "{said}");
    assert_eq!(child(&export(&db))["description"], "Arm it with a tap");
    assert!(ok(&db, &["log", "JIRA-1", "--limit", "1"]).contains("description"));
    assert!(ok(&db, &["undo"]).contains("Undid: Edited JIRA-1"));
    assert_eq!(
        child(&export(&db))["description"],
        "As a rider, I arm it\nfrom the app or the bike."
    );
    ok(&db, &["team-item", "edit", "JIRA-1", "--description", ""]);
    assert_eq!(child(&export(&db))["description"], "");
}
