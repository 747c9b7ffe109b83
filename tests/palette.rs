#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! The `:` command line: the binary's subcommands, run inside the board.

mod common;

use clusterboard::app::{Action, App, Level, Mode, Panel};
use common::{app_with, assert_status_contains, small_seed};

fn run(app: &mut App, line: &str) {
    // A refused line stays open as typed: start afresh.
    if app.mode() == Mode::Command {
        app.update(Action::Close);
    }
    app.update(Action::OpenCommandLine);
    assert_eq!(app.mode(), Mode::Command);
    for c in line.chars() {
        app.update(Action::Type(c));
    }
    app.update(Action::Confirm);
}

#[test]
fn a_command_runs_against_the_open_database_and_is_undoable() {
    let mut app = app_with(&small_seed(), 80, 24);
    run(&mut app, "team add PAY Payments --capacity 34");
    assert_eq!(app.status.level, Level::Info, "{}", app.status.text);
    let teams = app.store.teams().unwrap();
    assert_eq!(teams.len(), 1);
    assert_eq!(teams[0].capacity, Some(34));
    run(&mut app, "estimate F-1 --value 8");
    assert_eq!(
        app.store
            .item(clusterboard::domain::ItemId(1))
            .unwrap()
            .value,
        Some(8)
    );
    // The board shows the change at once.
    assert_status_contains(&app, "F-1");
    app.update(Action::Undo);
    assert_eq!(
        app.store
            .item(clusterboard::domain::ItemId(1))
            .unwrap()
            .value,
        Some(20)
    );
}

#[test]
fn a_listing_opens_in_a_panel_that_scrolls_and_closes() {
    let mut app = app_with(&small_seed(), 80, 24);
    run(&mut app, "list");
    let Some(Panel::Output(p)) = &app.panel else {
        panic!("no output panel: {}", app.status.text)
    };
    assert!(
        p.lines.iter().any(|l| l.contains("SSO login")),
        "{:?}",
        p.lines
    );
    assert_eq!(app.mode(), Mode::Output);
    app.update(Action::SelectDown);
    app.update(Action::Close);
    assert!(app.panel.is_none());
}

#[test]
fn errors_read_as_the_command_line_prints_them_and_change_nothing() {
    let mut app = app_with(&small_seed(), 80, 24);
    let before = app.store.change_count().unwrap();
    run(&mut app, "move F-99 --to ready");
    assert_eq!(app.status.level, Level::Error);
    assert_status_contains(&app, "no item F-99");
    run(&mut app, "move F-1 --to nowhere");
    assert_eq!(app.status.level, Level::Error);
    assert_status_contains(&app, "nowhere");
    run(&mut app, "team add \"PAY");
    assert_status_contains(&app, "unclosed quote");
    assert_eq!(app.store.change_count().unwrap(), before);
}

#[test]
fn a_refused_line_stays_open_as_typed_to_be_mended() {
    let mut app = app_with(&small_seed(), 80, 24);
    run(&mut app, "move F-1 --to nowhere");
    assert_eq!(app.status.level, Level::Error);
    assert_eq!(app.mode(), Mode::Command, "still open");
    assert_eq!(
        app.command_line.as_ref().unwrap().field.text(),
        "move F-1 --to nowhere"
    );
    // The reason shows under the line, in place of the hints, at both sizes.
    for (w, h) in [(80, 24), (200, 60)] {
        app.update(Action::Resize(w, h));
        let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
        let rows: Vec<&str> = screen.lines().collect();
        assert!(
            rows[rows.len() - 2].contains(":move F-1 --to nowhere"),
            "{screen}"
        );
        assert!(rows[rows.len() - 1].contains("Error: "), "{screen}");
        assert!(rows[rows.len() - 1].contains("nowhere"), "{screen}");
    }
    // Mend it: take the last word back and type the right one.
    app.update(Action::DeleteWord);
    for c in "analysis".chars() {
        app.update(Action::Type(c));
    }
    app.update(Action::Confirm);
    assert_eq!(app.status.level, Level::Info, "{}", app.status.text);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        app.store
            .item(clusterboard::domain::ItemId(1))
            .unwrap()
            .state,
        clusterboard::domain::State::Analysis
    );
}

#[test]
fn listings_of_every_kind_open_in_the_panel_and_export_to_a_file_runs() {
    let mut app = common::demo_app(80, 24);
    for line in [
        "portfolio list",
        "portfolio show P-1",
        "completions bash",
        "man",
    ] {
        run(&mut app, line);
        assert!(
            matches!(app.panel, Some(Panel::Output(_))),
            "{line}: {}",
            app.status.text
        );
        app.update(Action::Close);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cluster.json");
    run(
        &mut app,
        &format!("export --format json --out {}", file.display()),
    );
    assert_eq!(app.status.level, Level::Info, "{}", app.status.text);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"items\"")
    );
}

#[test]
fn commands_that_make_no_sense_inside_the_board_say_so() {
    let mut app = app_with(&small_seed(), 80, 24);
    for line in ["bench", "init", "export", "--db other.db list"] {
        run(&mut app, line);
        assert_eq!(app.status.level, Level::Error, "{line}");
        assert!(
            app.status.text.contains("inside the board"),
            "{line}: {}",
            app.status.text
        );
        let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
        assert!(screen.contains("inside the board"), "{line}: {screen}");
    }
    // A line opened afresh does not carry the last line's error under it.
    app.update(Action::Close);
    app.update(Action::OpenCommandLine);
    let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
    assert!(!screen.contains("Error: "), "{screen}");
}

#[test]
fn help_lists_the_commands_in_the_panel() {
    let mut app = app_with(&small_seed(), 80, 24);
    run(&mut app, "help");
    let Some(Panel::Output(p)) = &app.panel else {
        panic!("no output panel: {}", app.status.text)
    };
    assert!(
        p.lines.iter().any(|l| l.contains("stakeholder")),
        "{:?}",
        p.lines
    );
}

#[test]
fn up_walks_the_history_kept_in_the_database() {
    let mut app = app_with(&small_seed(), 80, 24);
    run(&mut app, "team list");
    app.update(Action::Close);
    run(&mut app, "list --state ready");
    app.update(Action::Close);
    app.update(Action::OpenCommandLine);
    app.update(Action::SelectUp);
    let text = |app: &App| {
        app.command_line
            .as_ref()
            .map(|l| l.field.text().to_string())
    };
    assert_eq!(text(&app).as_deref(), Some("list --state ready"));
    app.update(Action::SelectUp);
    assert_eq!(text(&app).as_deref(), Some("team list"));
    app.update(Action::SelectDown);
    app.update(Action::SelectDown);
    assert_eq!(text(&app).as_deref(), Some(""));
}

#[test]
fn tab_completes_commands_and_codes() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::OpenCommandLine);
    for c in "stak".chars() {
        app.update(Action::Type(c));
    }
    app.update(Action::NextField);
    let text = |app: &App| {
        app.command_line
            .as_ref()
            .map(|l| l.field.text().to_string())
    };
    assert_eq!(text(&app).as_deref(), Some("stakeholder "));
    app.update(Action::Close);
    app.update(Action::OpenCommandLine);
    for c in "estimate ".chars() {
        app.update(Action::Type(c));
    }
    // The selected item (the board's first card) comes first, then items by number.
    app.update(Action::NextField);
    assert_eq!(text(&app).as_deref(), Some("estimate E-4"));
    app.update(Action::NextField);
    assert_eq!(text(&app).as_deref(), Some("estimate F-1"));
}
