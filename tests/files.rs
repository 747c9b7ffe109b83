#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Files that cannot be written, are damaged, locked or not ours: one message
//! per cause, naming the file and what to do, and nothing written to them.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use clusterboard::app::{Action, Level};
use clusterboard::config::Config;
use clusterboard::domain::{ItemId, State};
use clusterboard::store::{Store, StoreError};
use common::{NO_GATE, app_on, file_bytes, seeded_db, temp_db};
use rusqlite::Connection;

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(args)
        .env("CLUSTERBOARD_DB", db)
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .output()
        .unwrap()
}

fn is_root() -> bool {
    // Root reads and writes whatever the permissions say; skip what needs them.
    std::env::var("USER").is_ok_and(|u| u == "root")
        || Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

#[test]
fn a_damaged_file_is_never_written_and_says_how_to_rescue_it() {
    let (_dir, path) = seeded_db();
    // Give the command history pages of its own, then damage its root page.
    {
        let c = Connection::open(&path).unwrap();
        for i in 0..400 {
            c.execute(
                "INSERT INTO command_history(who, line) VALUES ('po', ?1)",
                [format!("list --state ready {}", "x".repeat(200 + i % 7))],
            )
            .unwrap();
        }
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let (root, page_size): (i64, i64) = {
        let c = Connection::open(&path).unwrap();
        (
            c.query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'command_history'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
            c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap(),
        )
    };
    let mut bytes = std::fs::read(&path).unwrap();
    let at = ((root - 1) * page_size) as usize;
    for b in &mut bytes[at..at + 64] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let before = file_bytes(&path);
    // Reading the items still works; writing is refused with the way out.
    assert!(run(&path, &["list"]).status.success());
    let o = run(&path, &["move", "E-4", "--to", "analysis"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is damaged") && err.contains(".recover"),
        "{err}"
    );
    assert_eq!(file_bytes(&path), before, "nothing was written");
    // The board says so too, and marks the header.
    let mut app = app_on(&path, &Config::default(), 80, 24);
    app.update(Action::Tick);
    std::thread::sleep(std::time::Duration::from_millis(300));
    app.update(Action::Tick);
    assert_eq!(app.access, Some("damaged · read-only"));
    assert_eq!(app.status.level, Level::Error);
    app.update(Action::MoveCardRight);
    assert!(
        app.status.text.contains("is damaged"),
        "{}",
        app.status.text
    );
}

#[test]
fn a_read_only_file_opens_for_viewing_and_export_and_refuses_changes() {
    if is_root() {
        eprintln!("skipped: root ignores file permissions");
        return;
    }
    let (_dir, path) = seeded_db();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    assert!(run(&path, &["list"]).status.success());
    assert!(run(&path, &["export", "--format", "json"]).status.success());
    let o = run(&path, &["move", "E-4", "--to", "analysis"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is read-only") && err.contains("viewing and export"),
        "{err}"
    );
}

#[test]
fn a_read_only_store_refuses_writes_with_one_message() {
    // Opened read-only through the store's own path, whatever user runs this.
    let (_dir, path) = seeded_db();
    let mut store = Store::open_read_only_for_test(&path).unwrap();
    assert_eq!(store.item(ItemId(4)).unwrap().title, "OTA pipeline");
    let err = store
        .move_to_state(ItemId(4), State::Analysis, "po", NO_GATE)
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnlyOpen(_)), "{err}");
    assert_eq!(store.read_only_reason(), Some("read-only"));
}

#[test]
fn a_negative_schema_version_is_named_and_no_wal_is_left_beside_a_refused_file() {
    let (dir, path) = temp_db();
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE items(id INTEGER); PRAGMA user_version = -1;")
            .unwrap();
    }
    let before = file_bytes(&path);
    let o = run(&path, &["list"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("schema version is -1"), "{err}");
    assert!(!err.contains("18446744073709551615"), "{err}");
    assert_eq!(file_bytes(&path), before);
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-wal") || n.ends_with("-shm"))
        .collect();
    assert!(
        beside.is_empty(),
        "left beside the refused file: {beside:?}"
    );
}

#[test]
fn a_lock_held_by_another_program_is_waited_for_without_freezing_the_board() {
    let (_dir, path) = seeded_db();
    let mut app = app_on(&path, &Config::default(), 80, 24);
    app.store
        .set_busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let started = std::time::Instant::now();
    app.update(Action::MoveCardRight);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "no long freeze"
    );
    assert!(
        app.status.text.contains("is locked by another program"),
        "{}",
        app.status.text
    );
    other.execute_batch("COMMIT").unwrap();
    app.update(Action::Tick);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.item(ItemId(4)).unwrap().state,
        State::Analysis,
        "retried and done"
    );
    assert!(
        app.status.text.starts_with("Moved E-4"),
        "{}",
        app.status.text
    );
}

#[test]
fn list_into_a_closed_pipe_exits_quietly() {
    let (_dir, path) = seeded_db();
    let out = Command::new("sh")
        .args([
            "-c",
            "\"$0\" list | head -1 >/dev/null; echo \"${PIPESTATUS:-}\"",
            env!("CARGO_BIN_EXE_clusterboard"),
        ])
        .env("CLUSTERBOARD_DB", &path)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Broken pipe"));
    // With a closed stderr, an error still exits 1 and does not panic (101).
    let o = Command::new("sh")
        .args([
            "-c",
            "\"$0\" move F-99 --to ready 2>&-; echo $?",
            env!("CARGO_BIN_EXE_clusterboard"),
        ])
        .env("CLUSTERBOARD_DB", &path)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "1");
}

#[test]
fn exports_and_listings_into_a_closed_pipe_exit_quietly_with_success() {
    let (_dir, path) = temp_db();
    let bin = env!("CARGO_BIN_EXE_clusterboard");
    let init = Command::new(bin)
        .args(["init", "--demo"])
        .env("CLUSTERBOARD_DB", &path)
        .output()
        .unwrap();
    assert!(init.status.success());
    // The demo's export is bigger than a pipe holds, so the writer meets a
    // closed pipe; `head` is satisfied, and so is the shell.
    for args in [
        "export --format json",
        "export --format csv",
        "list --format json",
    ] {
        let out = Command::new("bash")
            .args([
                "-c",
                &format!("\"$0\" {args} | head -c1 >/dev/null; echo ${{PIPESTATUS[0]}}"),
                bin,
            ])
            .env("CLUSTERBOARD_DB", &path)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!said.contains("Broken pipe"), "{args}: {said}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0", "{args}");
    }
}
