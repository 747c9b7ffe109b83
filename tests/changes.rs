#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Checkpoints and `report changes`: the first question of every refinement,
//! "what happened since last time?", asked of the real binary and of the board.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use clusterboard::app::{Action, App};
use clusterboard::domain::ItemId;
use common::render::{draw, text_of};
use common::{app_with, assert_status_contains, small_seed, type_keys};

/// The binary on `dir/c.db`, as `who` (a config file names the user).
fn run_as(dir: &Path, who: &str, args: &[&str]) -> Output {
    let config = dir.join(format!("{who}.toml"));
    std::fs::write(&config, format!("[user]\nname = \"{who}\"\n")).unwrap();
    Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(args)
        .env("CLUSTERBOARD_DB", dir.join("c.db"))
        .env("CLUSTERBOARD_CONFIG", &config)
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .expect("the binary runs")
}

fn ok(dir: &Path, who: &str, args: &[&str]) -> String {
    let o = run_as(dir, who, args);
    assert!(
        o.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The lines of one `## heading` section of a Markdown report.
fn section<'a>(report: &'a str, heading: &str) -> Vec<&'a str> {
    report
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading}: {report}"))
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ID") && !l.starts_with("| Release"))
        .collect()
}

fn cluster(dir: &Path) {
    ok(dir, "alex", &["init"]);
    for (kind, title, state) in [
        ("feature", "SSO login", "ready"),
        ("system", "Battery management", "implementing"),
        ("feature", "Offline maps", "analysis"),
        ("enabler", "OTA pipeline", "funnel"),
        ("feature", "Dark mode", "done"),
    ] {
        ok(
            dir,
            "alex",
            &[
                "add", "--kind", kind, "--title", title, "--state", state, "--force",
            ],
        );
    }
    ok(dir, "alex", &["release", "add", "Pro", "2.1"]);
    ok(
        dir,
        "alex",
        &["release", "plan", "F-5", "--release", "Pro 2.1"],
    );
}

#[test]
fn report_changes_lists_what_moved_was_added_archived_re_estimated_and_released_and_who() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    cluster(d);
    assert!(ok(d, "alex", &["checkpoint", "Refinement 12"]).contains("5 items"));
    ok(d, "ben", &["rank", "F-3", "--top"]);
    ok(d, "ben", &["move", "F-1", "--to", "planned", "--force"]);
    ok(
        d,
        "alex",
        &["add", "--kind", "feature", "--title", "Theft alarm"],
    );
    ok(d, "alex", &["archive", "E-4"]);
    ok(
        d,
        "ben",
        &["estimate", "S-2", "--value", "40", "--effort", "20"],
    );
    ok(d, "alex", &["release", "accept", "Pro 2.1", "--force"]);
    ok(d, "alex", &["release", "ship", "Pro 2.1"]);
    // A change and its undo cancel out.
    ok(d, "ben", &["rank", "S-2", "--bottom"]);
    ok(d, "ben", &["undo"]);

    let report = ok(
        d,
        "alex",
        &["report", "changes", "--since", "Refinement 12"],
    );
    assert!(
        report.starts_with("# What changed since \"Refinement 12\""),
        "{report}"
    );
    assert!(report.contains("5 items on the board; 5 now."), "{report}");
    assert_eq!(
        section(&report, "Moved in the order"),
        ["| F-3 | Offline maps | 3 | 1 | ↑2 | ben |"],
        "S-2's move and its undo cancel; F-1 and S-2 pushed down did not move themselves"
    );
    assert_eq!(
        section(&report, "Moved across the board"),
        [
            "| F-1 | SSO login | Ready | Planned | ben |",
            "| F-5 | Dark mode | Done | Released | alex |"
        ]
    );
    assert_eq!(
        section(&report, "Added"),
        ["| F-6 | Theft alarm | Funnel | added | alex |"]
    );
    assert_eq!(
        section(&report, "Archived"),
        ["| E-4 | OTA pipeline | Funnel | archived | alex |"]
    );
    assert_eq!(
        section(&report, "Re-estimated"),
        ["| S-2 | Battery management | value – → 40; effort – → 20 | ben |"]
    );
    let released = section(&report, "Released");
    assert_eq!(released.len(), 1);
    assert!(released[0].starts_with("| Pro 2.1 | 20") && released[0].ends_with("| alex |"));

    // Without --since: the last checkpoint. As HTML: one page.
    let again = ok(d, "alex", &["report", "changes"]);
    assert_eq!(again, report);
    let html = ok(d, "alex", &["report", "changes", "--format", "html"]);
    assert!(html.contains("<h1>What changed since &quot;Refinement 12&quot;</h1>"));
    assert!(html.contains("<td>Offline maps</td>"));
}

#[test]
fn since_a_date_the_places_then_come_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    cluster(d);
    ok(d, "ben", &["rank", "E-4", "--top"]);
    let today = ok(d, "alex", &["checkpoint", "--list"]);
    assert!(today.contains("No checkpoints yet"));
    let day = jiff_today();
    let report = ok(d, "alex", &["report", "changes", "--since", &day]);
    assert!(
        report.starts_with(&format!("# What changed since {day}")),
        "{report}"
    );
    // Everything was added today, so nothing "moved" from a place it had then.
    assert!(
        section(&report, "Moved in the order").is_empty(),
        "{report}"
    );
    assert_eq!(section(&report, "Added").len(), 5);
    // A day before anything: the same.
    let long_ago = ok(d, "alex", &["report", "changes", "--since", "2000-01-01"]);
    assert_eq!(section(&long_ago, "Added").len(), 5);
}

fn jiff_today() -> String {
    let o = Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

#[test]
fn a_since_that_is_neither_a_checkpoint_nor_a_date_names_the_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    cluster(d);
    let o = run_as(d, "alex", &["report", "changes"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no checkpoint yet"));
    ok(d, "alex", &["checkpoint", "R1"]);
    let o = run_as(d, "alex", &["checkpoint", "R1"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("there is a checkpoint \"R1\" already"));
    let o = run_as(d, "alex", &["report", "changes", "--since", "last week"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "\"last week\" is neither a checkpoint nor a date (YYYY-MM-DD): the checkpoints are R1"
        ),
        "{err}"
    );
}

// On the board.

fn backlog_app() -> App {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    app
}

fn row_with<'a>(screen: &'a str, code: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(&format!(" {code} ")))
        .unwrap_or_else(|| panic!("no row {code}: {screen}"))
}

#[test]
fn after_a_checkpoint_the_backlog_shows_how_each_row_moved() {
    let mut app = backlog_app();
    let before = text_of(draw(&app).backend().buffer());
    assert!(!before.contains("Since"), "no checkpoint, no column");
    app.update(Action::Checkpoint);
    assert_status_contains(&app, "Marked checkpoint \"Refinement ");
    // F-3 (rank 3) goes to the top; F-1 and S-2 are pushed down one place.
    for _ in 0..2 {
        app.update(Action::SelectDown);
    }
    app.update(Action::RankTop);
    // E-4 (Funnel) moves to Analysis.
    app.update(Action::SelectLast);
    app.update(Action::OpenCommandLine);
    type_keys(&mut app, "move E-4 --to analysis");
    app.update(Action::Confirm);
    app.update(Action::NewItem);
    type_keys(&mut app, "Theft alarm");
    app.update(Action::Confirm);
    let shown = text_of(draw(&app).backend().buffer());
    assert!(shown.contains("since \"Refinement "), "{shown}");
    assert!(row_with(&shown, "F-3").contains("↑2"), "{shown}");
    assert!(
        row_with(&shown, "F-1").contains("(↓1)"),
        "pushed down by another's move: {shown}"
    );
    assert!(row_with(&shown, "E-4").contains("◂Funnel"), "{shown}");
    assert!(row_with(&shown, "Theft alarm").contains("new"), "{shown}");
    let since = app.screen.since.as_ref().unwrap();
    assert_eq!(
        since.marks.len(),
        app.backlog.rows.len(),
        "only the rows on screen are looked up"
    );
    // Focus mode says it too.
    app.update(Action::SelectFirst);
    app.update(Action::Focus);
    let focus = text_of(draw(&app).backend().buffer());
    assert!(focus.contains("Since \"Refinement "), "{focus}");
    assert!(focus.contains("↑2"), "{focus}");
}

#[test]
fn a_named_checkpoint_from_the_command_line_becomes_the_one_counted_from() {
    let mut app = backlog_app();
    app.update(Action::Checkpoint);
    app.update(Action::OpenCommandLine);
    type_keys(&mut app, "checkpoint \"Refinement 12\"");
    app.update(Action::Confirm);
    assert_status_contains(&app, "Marked checkpoint \"Refinement 12\": 7 items");
    assert_eq!(
        app.screen.since.as_ref().map(|s| s.checkpoint.as_str()),
        Some("Refinement 12")
    );
    // u takes the mark back: the one before it is counted from again.
    let checkpoints = app.store.checkpoints().unwrap().len();
    app.update(Action::Undo);
    assert_status_contains(&app, "Undid: Marked checkpoint \"Refinement 12\"");
    assert_eq!(app.store.checkpoints().unwrap().len(), checkpoints - 1);
    assert!(
        app.screen
            .since
            .as_ref()
            .is_some_and(|s| s.checkpoint.starts_with("Refinement 20")),
        "{:?}",
        app.screen.since
    );
    assert!(app.store.item(ItemId(1)).is_ok());
}
