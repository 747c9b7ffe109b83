#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Snapshots of the views drawn by ratatui's `TestBackend`, at 80×24 and 200×60,
//! plus checks that hostile or wide titles never break the layout.

mod common;

use clusterboard::app::{Action, App};
use common::render::{draw, text_of};
use common::{demo_app, type_keys};
use ratatui::buffer::Buffer;

/// Every row between the title bar and the footer has a border symbol at
/// each column edge: nothing a title holds pushed a border out of line.
fn assert_borders_line_up(buffer: &Buffer, app: &App) {
    let g = app.geometry();
    let shown = g.visible_columns.min(app.columns.len());
    let edges: Vec<u16> = {
        let w = buffer.area.width;
        let areas = ratatui::layout::Layout::horizontal(vec![
            ratatui::layout::Constraint::Ratio(
                1,
                shown as u32
            );
            shown
        ])
        .split(ratatui::layout::Rect::new(0, 0, w, 1));
        areas
            .iter()
            .flat_map(|a| [a.x, a.x + a.width - 1])
            .collect()
    };
    for y in 2..buffer.area.height - 3 {
        for &x in &edges {
            let s = buffer[(x, y)].symbol();
            assert!(
                ["│", "┃"].contains(&s),
                "row {y}, column {x} holds {s:?} instead of a border:\n{}",
                text_of(buffer)
            );
        }
    }
}

#[test]
fn the_demo_board_at_80x24() {
    let app = demo_app(80, 24);
    let t = draw(&app);
    assert_borders_line_up(t.backend().buffer(), &app);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn the_demo_board_at_200x60() {
    let app = demo_app(200, 60);
    let t = draw(&app);
    assert_borders_line_up(t.backend().buffer(), &app);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn the_board_after_moving_a_card_into_an_over_full_column_at_80x24() {
    let mut app = demo_app(80, 24);
    for _ in 0..4 {
        app.update(Action::SelectRight);
    }
    app.update(Action::MoveCardRight);
    let t = draw(&app);
    let text = text_of(t.backend().buffer());
    assert!(
        text.contains("‼"),
        "the over-limit mark is visible without colour"
    );
    assert!(text.contains("◀"), "columns hidden to the left are marked");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn hostile_and_wide_titles_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let app = common::app_with(&common::hostile_seed(), w, h);
        let t = draw(&app);
        let buffer = t.backend().buffer();
        assert_borders_line_up(buffer, &app);
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "a control character reached the screen: {:?}",
                cell.symbol()
            );
            assert!(!cell.symbol().contains('\u{202e}'));
        }
        insta::assert_snapshot!(format!("hostile_{w}x{h}"), t.backend());
    }
}

#[test]
fn the_help_overlay_lists_every_binding_at_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::ToggleHelp);
    let t = draw(&app);
    insta::assert_snapshot!(t.backend());
    // Scroll through it all: every binding of every mode is listed.
    let mut seen = String::new();
    for _ in 0..400 {
        seen.push_str(&text_of(draw(&app).backend().buffer()));
        app.update(Action::SelectDown);
    }
    for section in app.keymap.sections() {
        assert!(
            seen.contains(&section.title),
            "help lacks {:?}",
            section.title
        );
        for b in &section.bindings {
            assert!(seen.contains(&b.help), "help lacks {:?}", b.help);
        }
    }
}

#[test]
fn the_item_panel_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_app(w, h);
        app.update(Action::OpenItem);
        let t = draw(&app);
        let text = text_of(t.backend().buffer());
        assert!(text.contains("Apple Wallet and Google Wallet bike keys"));
        assert!(text.contains("Marketing"), "requesters are shown");
        insta::assert_snapshot!(format!("item_{w}x{h}"), t.backend());
    }
}

#[test]
fn the_backlog_view_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_app(w, h);
        app.update(Action::ShowBacklog);
        app.update(Action::SelectFirst);
        let t = draw(&app);
        let text = text_of(t.backend().buffer());
        assert!(text.contains("Score") && text.contains("DoR"), "{text}");
        if w == 200 {
            assert!(
                text.contains("no effort"),
                "a missing estimate is said plainly"
            );
            assert!(text.contains("Kind") && text.contains("Releases"));
        } else {
            assert!(!text.contains("Kind"), "Kind is the first column dropped");
        }
        insta::assert_snapshot!(format!("backlog_{w}x{h}"), t.backend());
    }
}

#[test]
fn the_poker_overlay_face_down_and_revealed_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_app(w, h);
        app.update(Action::PokerEffort);
        app.update(Action::NameVoter);
        type_keys(&mut app, "Mira");
        app.update(Action::Confirm);
        type_keys(&mut app, "13");
        app.update(Action::Toggle);
        type_keys(&mut app, "20");
        app.update(Action::Toggle);
        type_keys(&mut app, "100");
        app.update(Action::Toggle);
        // The next voter has typed a card: the room sees that, never which.
        type_keys(&mut app, "8");
        let down = draw(&app);
        let text = text_of(down.backend().buffer());
        assert!(text.contains("Mira: ■"), "votes stay face down: {text}");
        assert!(!text.contains("Mira: 13"));
        assert!(
            text.contains("Voter 4:  ▒▒▒"),
            "a typed card is masked: {text}"
        );
        app.update(Action::Back);
        insta::assert_snapshot!(format!("poker_down_{w}x{h}"), down.backend());
        app.update(Action::Reveal);
        let up = draw(&app);
        let text = text_of(up.backend().buffer());
        assert!(
            text.contains("Mira: 13") && text.contains("median 20"),
            "{text}"
        );
        assert!(
            text.contains("◆outlier"),
            "the 100 vote is marked, not only coloured"
        );
        insta::assert_snapshot!(format!("poker_revealed_{w}x{h}"), up.backend());
    }
}

#[test]
fn the_dor_checklist_and_the_suggested_order_at_80x24() {
    let mut app = demo_app(80, 24);
    app.update(Action::SelectRight); // Analysis: F-11 meets 2 of 6
    app.update(Action::OpenDor);
    let t = draw(&app);
    let text = text_of(t.backend().buffer());
    assert!(
        text.contains("[x] Described") && text.contains("[ ] Acceptance"),
        "{text}"
    );
    insta::assert_snapshot!("dor_80x24", t.backend());
    app.update(Action::Close);
    app.update(Action::ShowSuggestion);
    let t = draw(&app);
    insta::assert_snapshot!("suggest_80x24", t.backend());
}

#[test]
fn the_new_item_form_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_app(w, h);
        app.update(Action::NewItem);
        common::type_keys(&mut app, "Theft alarm with GPS");
        app.update(Action::NextField);
        common::type_keys(&mut app, "13");
        let t = draw(&app);
        let text = text_of(t.backend().buffer());
        assert!(text.contains("New item below F-19 in Funnel"), "{text}");
        assert!(text.contains("▶Value"), "the focused field is marked");
        insta::assert_snapshot!(format!("form_{w}x{h}"), t.backend());
    }
}

#[test]
fn the_command_line_and_its_output_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_app(w, h);
        app.update(Action::OpenCommandLine);
        common::type_keys(&mut app, "rel");
        app.update(Action::NextField);
        let t = draw(&app);
        let text = text_of(t.backend().buffer());
        assert!(
            text.contains(":release ▏"),
            "a single candidate is taken with a space: {text}"
        );
        insta::assert_snapshot!(format!("command_line_{w}x{h}"), t.backend());
        common::type_keys(&mut app, "list");
        app.update(Action::Confirm);
        let t = draw(&app);
        let text = text_of(t.backend().buffer());
        assert!(text.contains(":release list — Esc closes"), "{text}");
        insta::assert_snapshot!(format!("command_output_{w}x{h}"), t.backend());
    }
}

#[test]
fn the_readme_lists_the_keys_of_the_shipped_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = "<!-- keys: generated from assets/keymap.toml; a test checks it -->\n";
    let end = "<!-- /keys -->";
    let from = readme.find(start).expect("the README marks its key table") + start.len();
    let to = readme[from..]
        .find(end)
        .expect("the README ends its key table")
        + from;
    let expected = clusterboard::app::Keymap::default().markdown();
    assert!(
        readme[from..to] == expected,
        "the README's keys differ from the keymap; put this between the markers:\n{expected}"
    );
}
