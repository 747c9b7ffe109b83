#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Writing the backlog in the board: the create form, the title editor,
//! archiving and deleting, and the `$EDITOR` round trip, as reducer calls.

mod common;

use clusterboard::app::editor::EditorOutcome;
use clusterboard::app::{Action, App, Level, Mode, Panel, View};
use clusterboard::domain::{ItemId, Kind, State};
use common::{app_with, assert_status_contains, order, small_seed, type_keys};

fn form(app: &App) -> &clusterboard::app::ItemForm {
    match &app.panel {
        Some(Panel::Form(f)) => f,
        other => panic!("no form: {other:?}"),
    }
}

#[test]
fn n_creates_an_item_right_below_the_selected_card_in_its_column() {
    let mut app = app_with(&small_seed(), 80, 24);
    // Ready holds F-1, F-3, F-5 in rank order; select F-3.
    app.update(Action::SelectRight);
    app.update(Action::SelectRight);
    app.update(Action::SelectDown);
    assert_eq!(app.selected_id(), Some(ItemId(3)));
    app.update(Action::NewItem);
    assert_eq!(app.mode(), Mode::Form);
    // A new item cannot meet the Definition of Ready yet: it waits in Analysis,
    // still right below F-3 in the cluster order.
    assert_eq!(
        form(&app).landing,
        "below F-3, in Analysis: Ready waits for its Definition of Ready"
    );
    type_keys(&mut app, "Theft alarm");
    app.update(Action::NextField);
    type_keys(&mut app, "8");
    app.update(Action::Confirm);
    assert!(app.panel.is_none());
    let id = app.selected_id().unwrap();
    let item = app.store.item(id).unwrap();
    assert_eq!(
        (item.title.as_str(), item.state, item.value),
        ("Theft alarm", State::Analysis, Some(8))
    );
    assert_eq!(
        order(&app.store)[3],
        id.0,
        "right below F-3 in the cluster order"
    );
    assert_status_contains(
        &app,
        &format!("Created F-{} \"Theft alarm\" at rank 4 in Analysis.", id.0),
    );
    // Undo takes it out again.
    app.update(Action::Undo);
    assert!(app.store.item(id).is_err());
}

#[test]
fn shift_n_creates_at_the_top_of_the_column_and_of_the_backlog() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::SelectRight);
    app.update(Action::SelectRight); // Ready
    app.update(Action::NewItemTop);
    assert_eq!(form(&app).state, State::Analysis);
    type_keys(&mut app, "First in Ready");
    app.update(Action::Confirm);
    let id = app.selected_id().unwrap();
    assert_eq!(
        app.store.position(id).unwrap(),
        1,
        "above F-1, the top of Ready"
    );
    app.update(Action::ShowBacklog);
    app.update(Action::SelectLast);
    app.update(Action::NewItemTop);
    assert_eq!(form(&app).state, State::Funnel);
    type_keys(&mut app, "Top of the backlog");
    app.update(Action::Confirm);
    let id = app.selected_id().unwrap();
    assert_eq!(order(&app.store)[0], id.0);
    assert_eq!(app.backlog.selected, 0, "the new item is selected");
}

#[test]
fn the_form_keeps_what_was_typed_when_the_title_is_refused() {
    let mut app = app_with(&small_seed(), 80, 24);
    let changes = app.store.change_count().unwrap();
    app.update(Action::NewItem);
    app.update(Action::Confirm);
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(&app, "Not created: the title is empty");
    assert_eq!(app.mode(), Mode::Form, "the form stays open");
    // A kind is chosen with ←/→ on its field.
    app.update(Action::PrevField);
    app.update(Action::SelectRight);
    assert_ne!(form(&app).kind, Kind::Enabler);
    app.update(Action::NextField);
    type_keys(&mut app, "Dark mode");
    // A pasted escape never gets in; a bidi override does, and is refused.
    app.paste("\u{1b}");
    assert_status_contains(&app, "Pasted 0 of 1 characters");
    app.paste(" \u{202e}flipped");
    app.update(Action::Confirm);
    assert_status_contains(&app, "control character");
    assert_eq!(
        form(&app).title.text(),
        "Dark mode \u{202e}flipped",
        "nothing typed is lost"
    );
    assert_eq!(app.store.change_count().unwrap(), changes);
    app.update(Action::Close);
    assert!(app.panel.is_none());
}

#[test]
fn i_edits_the_title_in_place_and_u_takes_it_back() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::EditTitle);
    assert_eq!(app.prompt.as_ref().unwrap().text(), "OTA pipeline");
    app.update(Action::CursorHome);
    type_keys(&mut app, "Fast ");
    app.update(Action::Confirm);
    assert_eq!(
        app.store.item(ItemId(4)).unwrap().title,
        "Fast OTA pipeline"
    );
    assert_status_contains(&app, "Retitled E-4 to \"Fast OTA pipeline\".");
    app.update(Action::Undo);
    assert_eq!(app.store.item(ItemId(4)).unwrap().title, "OTA pipeline");
    // An empty title is refused and the prompt keeps what was there.
    app.update(Action::EditTitle);
    app.update(Action::DeleteLine);
    app.update(Action::Confirm);
    assert_status_contains(&app, "Not retitled: the title is empty");
    assert_eq!(app.mode(), Mode::Typing);
}

#[test]
fn x_asks_then_archives_and_restore_brings_the_item_back() {
    let mut app = app_with(&small_seed(), 80, 24);
    let total = app.total_items;
    app.update(Action::Archive);
    assert_eq!(app.mode(), Mode::Confirm);
    assert_status_contains(&app, "Archive E-4 \"OTA pipeline\"?");
    app.update(Action::No);
    assert_eq!(app.total_items, total);
    app.update(Action::Archive);
    app.update(Action::Yes);
    assert_eq!(app.total_items, total - 1);
    assert_status_contains(&app, ":restore E-4");
    assert!(!order(&app.store).contains(&4));
    app.update(Action::OpenCommandLine);
    type_keys(&mut app, "restore E-4");
    app.update(Action::Confirm);
    assert_eq!(app.total_items, total);
    assert_status_contains(&app, "Restored E-4");
}

#[test]
fn a_new_mistake_can_be_deleted_for_good_from_the_archive_question() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::NewItem);
    type_keys(&mut app, "Oops");
    app.update(Action::Confirm);
    let id = app.selected_id().unwrap();
    app.update(Action::Archive);
    assert_status_contains(&app, "deletes it for good");
    app.update(Action::Delete);
    assert!(app.store.item(id).is_err());
    // An item with history is only archived: d does nothing there.
    app.update(Action::SelectFirst);
    app.update(Action::MoveCardRight);
    app.update(Action::Archive);
    assert!(!app.status.text.contains("deletes it for good"));
    app.update(Action::Delete);
    assert_eq!(app.mode(), Mode::Confirm, "the question stays");
}

#[test]
fn the_editor_round_trip_changes_every_field_in_one_step() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::EditInEditor);
    let req = app.take_editor_request().unwrap();
    assert!(req.text.contains("## Title\nOTA pipeline\n"));
    let edited = req
        .text
        .replace(
            "## Description\n",
            "## Description\nShip updates over the air.\n",
        )
        .replace(
            "## Acceptance criteria\n",
            "## Acceptance criteria\nA bike updates overnight.\n",
        );
    app.finish_editor(&req, EditorOutcome::Saved(edited));
    let it = app.store.item(ItemId(4)).unwrap();
    assert_eq!(it.description, "Ship updates over the air.");
    assert_eq!(it.acceptance, "A bike updates overnight.");
    assert_status_contains(&app, "Saved E-4: description, acceptance criteria.");
    // One change: one undo takes both back.
    app.update(Action::Undo);
    let it = app.store.item(ItemId(4)).unwrap();
    assert_eq!((it.description.as_str(), it.acceptance.as_str()), ("", ""));
}

#[test]
fn a_broken_file_reopens_with_the_problem_on_top_and_nothing_lost() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::EditInEditor);
    let req = app.take_editor_request().unwrap();
    let broken = req.text.replace("## Source", "## Sauce\nmy words");
    app.finish_editor(&req, EditorOutcome::Saved(broken));
    let again = app.take_editor_request().expect("the editor opens again");
    assert!(again.text.starts_with("# Problem: line "), "{}", again.text);
    assert!(again.text.contains("my words"));
    // Quitting the editor with an error changes nothing.
    app.finish_editor(
        &again,
        EditorOutcome::Failed("the editor \"vi\" exited with exit status: 1".into()),
    );
    assert_status_contains(&app, "E-4 is unchanged");
    assert!(app.take_editor_request().is_none());
}

#[test]
fn an_edit_that_clashes_with_a_change_made_meanwhile_is_kept_for_a_second_look() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::EditInEditor);
    let req = app.take_editor_request().unwrap();
    // Someone else retitles the item while the editor is open.
    let edit = clusterboard::store::ItemEdit {
        title: Some("OTA pipeline v2".into()),
        ..Default::default()
    };
    app.store.edit_item(ItemId(4), &edit, "ben").unwrap();
    let mine = req.text.replace("OTA pipeline", "OTA pipeline (mine)");
    app.finish_editor(&req, EditorOutcome::Saved(mine));
    assert_eq!(app.store.item(ItemId(4)).unwrap().title, "OTA pipeline v2");
    let again = app.take_editor_request().unwrap();
    assert!(
        again.text.contains("title changed meanwhile"),
        "{}",
        again.text
    );
    // Saved again as it is, the user's version wins, knowingly.
    let text = again.text.clone();
    app.finish_editor(&again, EditorOutcome::Saved(text));
    assert_eq!(
        app.store.item(ItemId(4)).unwrap().title,
        "OTA pipeline (mine)"
    );
}

#[test]
fn new_items_are_made_on_the_board_or_in_the_backlog_only() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::ShowReleases);
    app.update(Action::NewItem);
    assert_eq!(app.view, View::Releases);
    assert!(app.panel.is_none());
    assert_status_contains(
        &app,
        "New items are made on the board (1) or in the backlog (2)",
    );
}

#[test]
fn shift_x_lists_the_archive_and_enter_restores_an_item_to_its_place() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::ShowArchive);
    assert!(app.panel.is_none(), "nothing archived: no empty list");
    assert_status_contains(&app, "Nothing is archived");
    let before = order(&app.store);
    for id in [2, 4] {
        app.store.archive(ItemId(id), "po").unwrap();
    }
    app.reload().unwrap(); // as the board does when another writer changed it
    app.update(Action::ShowArchive);
    assert_eq!(app.mode(), Mode::Archive);
    let Some(Panel::Archive(p)) = &app.panel else {
        panic!("the archive is open");
    };
    let codes: Vec<&str> = p.items.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["E-4", "S-2"], "newest archived first");
    let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
    assert!(
        screen.contains("Archived items · 2") && screen.contains("Battery management"),
        "{screen}"
    );
    app.update(Action::Confirm);
    assert!(app.panel.is_none());
    assert_status_contains(&app, "Restored E-4 \"OTA pipeline\" to Funnel at rank 3.");
    assert_eq!(
        app.selected_id(),
        Some(ItemId(4)),
        "the restored item is selected"
    );
    app.update(Action::Undo);
    assert!(app.store.item(ItemId(4)).unwrap().archived_at.is_some());
    app.update(Action::Redo);
    app.update(Action::ShowArchive);
    app.update(Action::Confirm);
    assert_eq!(order(&app.store), before, "both back where they stood");
}

#[test]
fn a_long_archive_is_read_a_page_at_a_time_and_every_row_can_be_restored() {
    let mut app = app_with(&small_seed(), 200, 60);
    let mut ids = Vec::new();
    for n in 0..260 {
        let item = app
            .store
            .add_item_at(
                &clusterboard::domain::NewItem {
                    kind: Kind::Feature,
                    title: format!("Old idea {n}"),
                    description: String::new(),
                    state: State::Funnel,
                    value: None,
                    effort: None,
                },
                clusterboard::store::Placement::Bottom,
                &clusterboard::store::ItemFill::default(),
                "po",
            )
            .unwrap();
        app.store.archive(item.id, "po").unwrap();
        ids.push(item.id);
    }
    app.reload().unwrap();
    app.update(Action::ShowArchive);
    let Some(Panel::Archive(p)) = &app.panel else {
        panic!("the archive is open");
    };
    assert_eq!((p.total, p.items.len()), (260, 200), "one page read");
    let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
    assert!(screen.contains("Archived items · 260"), "{screen}");
    assert!(screen.contains("1 of 260"), "{screen}");
    // Down to the end: the rest is read on the way, newest first to the oldest.
    app.update(Action::SelectLast);
    let Some(Panel::Archive(p)) = &app.panel else {
        panic!("still open");
    };
    assert_eq!((p.cursor, p.items.len()), (259, 260));
    let oldest = ids[0];
    assert_eq!(p.items[259].code, format!("F-{}", oldest.0));
    let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
    assert!(screen.contains("260 of 260"), "{screen}");
    app.update(Action::Confirm);
    assert!(app.panel.is_none());
    assert!(app.store.item(oldest).unwrap().archived_at.is_none());
    assert_eq!(app.selected_id(), Some(oldest));
}

#[test]
fn the_archive_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = app_with(&small_seed(), w, h);
        // In id order, so a tie in the archive time sorts the same way.
        for id in [2, 4, 7] {
            app.store.archive(ItemId(id), "po").unwrap();
        }
        app.reload().unwrap();
        app.update(Action::ShowArchive);
        let t = common::render::draw(&app);
        // The archive dates are the clock's: blank them for the snapshot.
        let text = common::render::text_of(t.backend().buffer());
        let text = blank_dates(&text);
        insta::assert_snapshot!(format!("archive_{w}x{h}"), text);
    }
}

/// Replaces each date `YYYY-MM-DD` and time `hh:mm` with a fixed stand-in.
fn blank_dates(s: &str) -> String {
    let shape = |text: &str, pattern: &str| {
        text.len() == pattern.len()
            && text.chars().zip(pattern.chars()).all(|(c, p)| match p {
                '9' => c.is_ascii_digit(),
                _ => c == p,
            })
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if rest.get(..10).is_some_and(|t| shape(t, "9999-99-99")) {
            out.push_str("YYYY-MM-DD");
            rest = &rest[10..];
        } else if rest.get(..5).is_some_and(|t| shape(t, "99:99")) {
            out.push_str("hh:mm");
            rest = &rest[5..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[test]
fn an_editor_file_saved_unchanged_changes_nothing_and_says_so() {
    let mut app = app_with(&small_seed(), 80, 24);
    let before = app.store.change_count().unwrap();
    app.update(Action::EditInEditor);
    let req = app.take_editor_request().unwrap();
    let same = req.text.clone();
    app.finish_editor(&req, EditorOutcome::Saved(same));
    assert_status_contains(&app, "No changes to E-4.");
    assert_eq!(app.store.change_count().unwrap(), before);
}

#[test]
fn archiving_a_split_item_says_how_many_team_items_are_open_and_keeps_them() {
    let mut app = common::demo_app(80, 24);
    // The demo's F-6 is split to teams with open team items.
    let open = app
        .store
        .children(ItemId(6))
        .unwrap()
        .iter()
        .filter(|t| t.state != clusterboard::domain::team::TeamState::Done)
        .count();
    assert!(open > 0);
    let plans = app.store.item_detail(ItemId(6), 0).unwrap().releases;
    // Select F-6 in the backlog, then x.
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    while app.selected_id() != Some(ItemId(6)) {
        let was = app.selected_id();
        app.update(Action::SelectDown);
        assert_ne!(app.selected_id(), was, "F-6 is in the backlog");
    }
    app.update(Action::Archive);
    assert_status_contains(&app, &format!("{open} open team item"));
    // Loaded with team items and plans, it is work, not a mistake to delete.
    assert!(
        !app.status.text.contains("deletes it for good"),
        "{}",
        app.status.text
    );
    app.update(Action::Yes);
    assert!(app.store.item(ItemId(6)).unwrap().archived_at.is_some());
    // Restored, it has its team items and plans as before.
    app.store.restore_item(ItemId(6), "po").unwrap();
    assert!(app.store.children(ItemId(6)).unwrap().len() >= open);
    assert_eq!(app.store.item_detail(ItemId(6), 0).unwrap().releases, plans);
}

#[test]
fn an_emptied_title_is_refused_with_the_reason_under_the_editor() {
    let mut app = app_with(&small_seed(), 80, 24);
    let id = app.selected_id().unwrap();
    let title = app.store.item(id).unwrap().title;
    app.update(Action::EditTitle);
    app.update(Action::DeleteLine);
    app.update(Action::Confirm);
    assert!(app.prompt.is_some(), "the editor stays open to be mended");
    let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
    let last = screen.lines().last().unwrap_or_default().to_string();
    assert!(last.contains("title"), "{screen}");
    assert_ne!(app.status.level, Level::Info);
    assert_eq!(app.store.item(id).unwrap().title, title, "nothing changed");
}

#[test]
fn a_letter_typed_into_a_number_field_is_refused_aloud() {
    let mut app = app_with(&small_seed(), 80, 24);
    app.update(Action::NewItem);
    type_keys(&mut app, "Theft alarm");
    app.update(Action::NextField);
    type_keys(&mut app, "9x");
    assert_eq!(app.status.level, Level::Warning);
    assert_status_contains(
        &app,
        "\"x\" does not go in: this field takes a whole number",
    );
    let screen = common::render::text_of(common::render::draw(&app).backend().buffer());
    assert!(screen.contains("does not go in"), "{screen}");
    // The digit went in; typing on clears nothing and the form still works.
    app.update(Action::Confirm);
    let id = app.selected_id().unwrap();
    assert_eq!(app.store.item(id).unwrap().title, "Theft alarm");
}
