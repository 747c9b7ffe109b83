#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! The real binary in a pseudo-terminal, driven as a person would: start, press
//! keys, quit, and find the terminal as it was.

mod common;

use std::path::Path;
use std::process::Command;

use clusterboard::domain::{ItemId, State};
use clusterboard::store::Store;
use common::{add_teams, seeded_db, tick_release_dod};
use rexpect::session::{PtySession, spawn_command};

/// Runs the board at 80×24 in a shell that reports the exit code and the
/// terminal settings after the board has gone.
fn start(db: &Path) -> PtySession {
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "stty rows 24 cols 80; before=$(stty -g); \"$0\" --db \"$1\"; code=$?; \
         [ \"$(stty -g)\" = \"$before\" ] && t=same || t=changed; \
         echo \"EXIT=$code TERMINAL=$t\"; stty -a",
        env!("CARGO_BIN_EXE_clusterboard"),
        db.to_str().unwrap(),
    ])
    .env("TERM", "xterm-256color")
    .env_remove("NO_COLOR");
    spawn_command(cmd, Some(15_000)).expect("spawn in a pty")
}

/// Types keys; rexpect buffers by line, so flush to deliver them now.
fn press(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// After the board quit: exit code 0, alternate screen left, cursor shown,
/// and the line discipline back in canonical mode with echo.
fn assert_terminal_restored(p: &mut PtySession) {
    let before_exit = p.exp_string("EXIT=").expect("the board exits");
    assert!(
        before_exit.contains("\u{1b}[?1049l"),
        "left the alternate screen"
    );
    assert!(
        before_exit.contains("\u{1b}[?25h"),
        "showed the cursor again"
    );
    let rest = p.exp_eof().expect("shell ends");
    assert!(
        rest.starts_with("0 TERMINAL=same"),
        "exit code and terminal: {rest:?}"
    );
    let flags: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for flag in ["icanon", "isig", "icrnl", "opost"] {
        assert!(flags.contains(&flag), "raw mode left {flag} off: {rest}");
    }
}

#[test]
fn moving_a_card_with_shift_l_is_stored_and_q_restores_the_terminal() {
    let (_dir, db) = seeded_db();
    let mut p = start(&db);
    p.exp_string("Funnel").expect("the board appears");
    press(&mut p, "L");
    let out = p.exp_string("Moved");
    assert!(out.is_ok(), "{out:?}");
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.item(ItemId(4)).unwrap().state, State::Analysis);
}

#[test]
fn reprioritising_with_shift_k_is_stored() {
    let (_dir, db) = seeded_db();
    let mut p = start(&db);
    p.exp_string("Funnel").unwrap();
    // Funnel holds E-4 then A-7: select A-7 and move it above E-4.
    press(&mut p, "j");
    press(&mut p, "K");
    p.exp_string("Moved").unwrap();
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
    let store = Store::open(&db).unwrap();
    assert!(store.position(ItemId(7)).unwrap() < store.position(ItemId(4)).unwrap());
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let (_dir, db) = seeded_db();
    let mut p = start(&db);
    p.exp_string("Funnel").unwrap();
    p.send_control('c').unwrap();
    assert_terminal_restored(&mut p);
}

#[test]
fn reprioritising_in_the_backlog_view_is_stored() {
    let (_dir, db) = seeded_db();
    let mut p = start(&db);
    p.exp_string("Funnel").unwrap();
    press(&mut p, "2");
    p.exp_string("Cluster backlog")
        .expect("the backlog view appears");
    // The selection carried over: E-4 at rank 4. Move it to the top.
    press(&mut p, "T");
    p.exp_string("Moved").unwrap();
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.position(ItemId(4)).unwrap(), 1);
}

#[test]
fn splitting_an_item_into_two_teams_fills_both_team_backlogs() {
    let (_dir, db) = seeded_db();
    {
        let mut store = Store::open(&db).unwrap();
        add_teams(&mut store, &[("NAV", "Team NAV"), ("PAY", "Team PAY")], "t");
    }
    let mut p = start(&db);
    p.exp_string("Funnel").unwrap();
    press(&mut p, "s");
    p.exp_string("team items").expect("the split dialog opens");
    // Ctrl-n adds a second row for the next team; Enter creates both.
    press(&mut p, "\u{e}");
    press(&mut p, "\r");
    p.exp_string("for NAV, PAY")
        .expect("the status line reports the split");
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
    let store = Store::open(&db).unwrap();
    for code in ["NAV", "PAY"] {
        let team = store.team(code).unwrap();
        let rows = store.team_backlog(team.id, 0, 10).unwrap();
        assert_eq!(rows.len(), 1, "{code}");
        assert_eq!(rows[0].item.parent, "E-4");
        assert_eq!(rows[0].item.title, "OTA pipeline");
    }
}

#[test]
fn planning_an_item_and_releasing_the_release_from_the_keyboard() {
    let (_dir, db) = seeded_db();
    {
        let mut store = Store::open(&db).unwrap();
        store
            .add_release("Pro", "1.0", Some("2030-01-31"), "", "t")
            .unwrap();
        tick_release_dod(&mut store, "Pro 1.0", "t");
        // F-6 is Done already; plan it from the board below.
    }
    let mut p = start(&db);
    p.exp_string("Funnel").unwrap();
    // Select the Done column (index 6) and plan its card into Pro 1.0.
    for _ in 0..6 {
        press(&mut p, "l");
    }
    // The screen is redrawn by difference, so only whole new words can be
    // waited for; between keys, a short pause lets each one be handled.
    let settle = || std::thread::sleep(std::time::Duration::from_millis(300));
    press(&mut p, "r");
    p.exp_string("Plan into a release").unwrap();
    press(&mut p, " ");
    settle();
    press(&mut p, "\u{1b}"); // a lone Esc, not the start of an Alt-key sequence
    settle();
    press(&mut p, "4");
    p.exp_string("Releases by target date").unwrap();
    press(&mut p, "A");
    settle();
    press(&mut p, "R");
    settle();
    press(&mut p, "y");
    settle();
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.item(ItemId(6)).unwrap().state, State::Released);
    assert_eq!(
        store.release("Pro 1.0").unwrap().state,
        clusterboard::domain::release::ReleaseState::Released
    );
}

/// Like `start`, with `$EDITOR` set (and `$VISUAL` cleared).
fn start_with_editor(db: &Path, editor: &Path) -> PtySession {
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "stty rows 24 cols 80; before=$(stty -g); \"$0\" --db \"$1\"; code=$?; \
         [ \"$(stty -g)\" = \"$before\" ] && t=same || t=changed; \
         echo \"EXIT=$code TERMINAL=$t\"; stty -a",
        env!("CARGO_BIN_EXE_clusterboard"),
        db.to_str().unwrap(),
    ])
    .env("TERM", "xterm-256color")
    .env("EDITOR", editor)
    .env_remove("VISUAL")
    .env_remove("NO_COLOR");
    spawn_command(cmd, Some(15_000)).expect("spawn in a pty")
}

#[test]
fn e_opens_the_item_in_the_editor_and_comes_back_with_the_board_and_the_change() {
    let (dir, db) = seeded_db();
    // An "editor" that writes a description under its heading, as a person would.
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/^## Description$/## Description\\nShip updates over the air./' \"$1\"\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", editor.to_str().unwrap()])
        .status()
        .unwrap();
    let mut p = start_with_editor(&db, &editor);
    p.exp_string("Funnel").expect("the board appears");
    press(&mut p, "E");
    // The status line is drawn word by word: wait for its last words.
    let back = p.exp_string("description.");
    assert!(back.is_ok(), "{back:?}");
    // The board is drawn again and takes keys (the move is checked in the file:
    // the screen redraws only the cells that changed, so words come in pieces).
    press(&mut p, "L");
    p.exp_string("Analysis 1/6").expect("the card moved");
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.item(ItemId(4)).unwrap().state, State::Analysis);
    assert_eq!(
        store.item(ItemId(4)).unwrap().description,
        "Ship updates over the air."
    );
}

#[test]
fn an_editor_that_cannot_start_changes_nothing_and_says_which_variable() {
    let (dir, db) = seeded_db();
    let mut p = start_with_editor(&db, &dir.path().join("no-such-editor"));
    p.exp_string("Funnel").expect("the board appears");
    press(&mut p, "E");
    p.exp_string("set $VISUAL or $EDITOR")
        .expect("a message naming the variable");
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
}

#[test]
fn a_paste_on_the_board_runs_no_keys_and_a_paste_into_the_filter_is_text() {
    let (_dir, db) = seeded_db();
    let mut p = start(&db);
    p.exp_string("Funnel").expect("the board appears");
    // A bracketed paste of "L" and a newline: without bracketed paste this
    // would move the card and press Enter.
    press(&mut p, "\u{1b}[200~L\nL\u{1b}[201~");
    p.exp_string("Nothing to paste into")
        .expect("the board says so");
    press(&mut p, "/");
    press(&mut p, "\u{1b}[200~dark\nmode\u{1b}[201~");
    p.exp_string("dark mode")
        .expect("the paste is text in the field");
    press(&mut p, "\u{1b}");
    // Esc then q at once would read as Alt-q: give the Esc a moment alone.
    std::thread::sleep(std::time::Duration::from_millis(300));
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.item(ItemId(4)).unwrap().state,
        State::Funnel,
        "no key ran"
    );
}

#[test]
fn sigterm_sighup_sigint_and_sigquit_from_outside_restore_the_terminal() {
    for signal in ["TERM", "HUP", "INT", "QUIT"] {
        let (_dir, db) = seeded_db();
        let mut p = start(&db);
        p.exp_string("Funnel").expect("the board appears");
        let killed = Command::new("pkill")
            .args([
                &format!("-{signal}"),
                "-f",
                &format!("clusterboard --db {}", db.display()),
            ])
            .status()
            .unwrap();
        assert!(killed.success(), "SIG{signal} was sent");
        // The board ends on its own (exit 0) and gives the terminal back.
        assert_terminal_restored(&mut p);
    }
}

#[test]
fn an_absurd_terminal_size_is_drawn_clamped_and_the_board_still_quits() {
    let (_dir, db) = seeded_db();
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "stty rows 30000 cols 30000; before=$(stty -g); \"$0\" --db \"$1\"; code=$?; \
         [ \"$(stty -g)\" = \"$before\" ] && t=same || t=changed; \
         echo \"EXIT=$code TERMINAL=$t\"; stty -a",
        env!("CARGO_BIN_EXE_clusterboard"),
        db.to_str().unwrap(),
    ])
    .env("TERM", "xterm-256color");
    let mut p = spawn_command(cmd, Some(15_000)).expect("spawn in a pty");
    p.exp_string("Funnel").expect("the board appears");
    press(&mut p, "q");
    assert_terminal_restored(&mut p);
}
