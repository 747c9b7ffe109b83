#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! A knowledge gap's weighted open questions: their open weight is its effort,
//! every change is logged and undoable, and other kinds refuse them.

mod common;

use std::process::Command;

use clusterboard::app::{Action, Panel};
use clusterboard::config::Config;
use clusterboard::domain::{ItemId, Kind, NewItem, State};
use clusterboard::store::{QuestionError, Store, StoreError};
use common::{app_on, temp_db};

fn gap(store: &mut Store) -> ItemId {
    store
        .add_item(
            &NewItem {
                kind: Kind::KnowledgeGap,
                title: "Why do riders cancel at the payment step?".into(),
                description: String::new(),
                state: State::Analysis,
                value: Some(8),
                effort: None,
            },
            "po",
        )
        .unwrap()
        .id
}

#[test]
fn the_open_weights_are_the_effort_and_every_step_undoes() {
    let mut store = Store::open_in_memory().unwrap();
    let id = gap(&mut store);
    // Weights 5, 3 and 2: 10 open.
    assert_eq!(
        store
            .add_question(id, "Which step loses them?", 5, "po")
            .unwrap(),
        5
    );
    assert_eq!(
        store
            .add_question(id, "Is it the card form?", 3, "po")
            .unwrap(),
        8
    );
    assert_eq!(
        store
            .add_question(id, "Do dealers see it too?", 2, "po")
            .unwrap(),
        10
    );
    assert_eq!(store.item(id).unwrap().effort, Some(10));
    // Answering the first takes its 5 out: 3 + 2 = 5 left.
    assert_eq!(
        store
            .answer_question(id, 1, Some("The 3-D Secure page"), "ana")
            .unwrap(),
        5
    );
    assert_eq!(store.item(id).unwrap().effort, Some(5));
    let qs = store.questions(id).unwrap();
    assert!(!qs[0].is_open() && qs[1].is_open() && qs[2].is_open());
    assert_eq!(qs[0].answer.as_deref(), Some("The 3-D Secure page"));
    // Reopening brings the 5 back; undo takes that back again.
    assert_eq!(store.answer_question(id, 1, None, "ana").unwrap(), 10);
    store.undo("ana").unwrap();
    assert_eq!(store.item(id).unwrap().effort, Some(5));
    store.undo("ana").unwrap();
    assert_eq!(store.item(id).unwrap().effort, Some(10));
    assert!(store.questions(id).unwrap()[0].is_open());
    // Undoing a question's asking removes it and its weight.
    store.undo("po").unwrap();
    assert_eq!(store.questions(id).unwrap().len(), 2);
    assert_eq!(store.item(id).unwrap().effort, Some(8));
    let history = store.history(id, 10).unwrap();
    assert!(
        history
            .iter()
            .any(|c| c.summary.contains("Asked question 2 of K-")),
        "{history:?}"
    );
}

#[test]
fn bad_questions_are_named_and_change_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let id = gap(&mut store);
    let feature = store
        .add_item(
            &NewItem {
                kind: Kind::Feature,
                title: "Pay by invoice".into(),
                description: String::new(),
                state: State::Funnel,
                value: None,
                effort: Some(3),
            },
            "po",
        )
        .unwrap()
        .id;
    let refused = |e: StoreError| match e {
        StoreError::Question(q) => q,
        other => panic!("not a question refusal: {other}"),
    };
    let e = refused(store.add_question(feature, "Why?", 1, "po").unwrap_err());
    assert!(matches!(e, QuestionError::NotAGap { .. }), "{e}");
    assert!(e.to_string().contains("F-2 is a feature"), "{e}");
    assert!(matches!(
        refused(store.add_question(id, "  ", 1, "po").unwrap_err()),
        QuestionError::BadText
    ));
    assert!(matches!(
        refused(store.add_question(id, "Why?", 0, "po").unwrap_err()),
        QuestionError::BadWeight
    ));
    let e = refused(store.answer_question(id, 1, Some("x"), "po").unwrap_err());
    assert!(e.to_string().contains("has no question 1: it has 0"), "{e}");
    store.add_question(id, "Why?", 2, "po").unwrap();
    let e = refused(store.answer_question(id, 1, None, "po").unwrap_err());
    assert!(e.to_string().contains("is open already"), "{e}");
    assert_eq!(store.item(feature).unwrap().effort, Some(3), "untouched");
    assert_eq!(store.item(id).unwrap().effort, Some(2));
}

fn run(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(args)
        .env("CLUSTERBOARD_DB", db)
        .env_remove("CLUSTERBOARD_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .env("XDG_DATA_HOME", db.parent().unwrap().join("data"))
        .output()
        .unwrap()
}

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn question_list_prints_a_table_json_or_csv_as_every_listing_does() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(
        &db,
        &["add", "--kind", "knowledge-gap", "--title", "Fleet prices"],
    );
    for (text, weight) in [("Which fleets share prices?", "5"), ("Per ride?", "2")] {
        ok(&db, &["question", "add", "K-1", text, "--weight", weight]);
    }
    ok(&db, &["question", "answer", "K-1", "2", "--answer", "No"]);
    let list = |format: &str| ok(&db, &["question", "list", "K-1", "--format", format]);
    let table = list("table");
    assert_eq!(
        table,
        ok(&db, &["question", "list", "K-1"]),
        "table is the default"
    );
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].contains("QUESTION") || lines[0].contains("question"),
        "{table}"
    );
    assert!(
        lines[2].contains("answered") && lines[2].contains("No"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&list("json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[0]["weight"], 5);
    assert_eq!(json[0]["answer"], serde_json::Value::Null);
    let csv = list("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["number", "weight", "state", "question", "answer"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[1][3], "Per ride?", "{csv}");
    assert_eq!(&rows[1][4], "No", "{csv}");
}

#[test]
fn questions_from_the_command_line_and_in_the_item_view() {
    let (_dir, db) = temp_db();
    ok(&db, &["init"]);
    let code = ok(
        &db,
        &[
            "add",
            "--kind",
            "knowledge-gap",
            "--title",
            "What do fleets pay today?",
        ],
    );
    let code = code.trim();
    assert_eq!(code, "K-1");
    let said = ok(
        &db,
        &[
            "question",
            "add",
            code,
            "Which fleets share prices?",
            "--weight",
            "5",
        ],
    );
    assert!(said.contains("5 points of questions open"), "{said}");
    ok(
        &db,
        &[
            "question",
            "add",
            code,
            "-1 € per ride or more?",
            "--weight",
            "2",
        ],
    );
    let said = ok(
        &db,
        &[
            "question",
            "answer",
            code,
            "1",
            "--answer",
            "Three of eight",
        ],
    );
    assert!(said.contains("2 points of questions open"), "{said}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["question", "list", code, "--format", "json"])).unwrap();
    assert_eq!(json[0]["state"], "answered");
    assert_eq!(json[1]["question"], "-1 € per ride or more?");
    let o = run(&db, &["question", "answer", code, "7"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("has no question 7: it has 2"));
    // The item view lists them, with the effort they add up to.
    let mut app = app_on(&db, &Config::default(), 80, 24);
    app.update(Action::OpenItem);
    let Some(Panel::Item(p)) = &app.panel else {
        panic!("the item view");
    };
    assert_eq!(p.facts.questions.len(), 2);
    let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
    assert!(
        screen.contains("Open questions  1 open · weight 2"),
        "{screen}"
    );
}

#[test]
fn questions_move_with_the_cluster_through_a_json_file() {
    let (dir, db) = temp_db();
    ok(&db, &["init"]);
    ok(
        &db,
        &["add", "--kind", "knowledge-gap", "--title", "Why churn?"],
    );
    ok(
        &db,
        &["question", "add", "K-1", "Who leaves?", "--weight", "3"],
    );
    ok(&db, &["question", "add", "K-1", "When?", "--weight", "2"]);
    ok(
        &db,
        &["question", "answer", "K-1", "2", "--answer", "In winter"],
    );
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
    let other = dir.path().join("other.db");
    ok(&other, &["import", "json", file.to_str().unwrap()]);
    let a = ok(&db, &["question", "list", "K-1", "--format", "json"]);
    let b = ok(&other, &["question", "list", "K-1", "--format", "json"]);
    assert_eq!(a, b);
    assert!(b.contains("In winter"), "{b}");
    let gap: serde_json::Value =
        serde_json::from_str(&ok(&other, &["list", "--format", "json"])).unwrap();
    assert_eq!(gap[0]["effort"], 3, "the open weight is still its effort");
}
