#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! The rules a release and the gate keep: "all planned items done" is worked
//! out, no item starts past Ready unready, the suggested order leaves finished
//! work in place, and a closed release is not planned into without a warning.

mod common;

use clusterboard::app::{Action, Panel};
use clusterboard::config::Config;
use clusterboard::domain::release::ReleaseState;
use clusterboard::domain::{ItemId, NewItem, State};
use clusterboard::store::{ItemFill, Placement};
use common::{NO_GATE, assert_status_contains, demo_app, demo_store, order};

#[test]
fn all_items_done_is_worked_out_from_the_items_and_never_ticked() {
    let config = Config::default();
    let mut store = demo_store();
    let r = store.release("Pro 2.2").unwrap();
    let items = config.dod.iter().find(|p| p.key == "items").unwrap();
    let err = store.set_release_dod(&r, items, true, "po").unwrap_err();
    assert!(
        err.to_string().contains("worked out from the items"),
        "{err}"
    );
    for p in config.dod.iter().filter(|p| p.key != "items") {
        store.set_release_dod(&r, p, true, "po").unwrap();
    }
    // The other points are ticked; the open items still hold the release back,
    // and the refusal names them.
    let open = store.not_done_in(&r, 100).unwrap();
    assert!(!open.is_empty(), "the demo's Pro 2.2 has open work");
    assert_eq!(store.not_done_count(&r).unwrap(), open.len());
    let err = store.accept(&r, &config.dod, false, "po").unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("1 open point") && text.contains(&format!("not done: {}", open[0])),
        "{text}"
    );
    assert!(!store.release_dod(&r).unwrap().contains(&"items".into()));
    // Finish every planned item: the point is met without a tick.
    for code in &open {
        let id = ItemId(code.split('-').nth(1).unwrap().parse().unwrap());
        store.move_to_state(id, State::Done, "po", NO_GATE).unwrap();
    }
    assert!(store.release_dod(&r).unwrap().contains(&"items".into()));
    let accepted = store.accept(&r, &config.dod, false, "po").unwrap();
    assert_eq!(accepted.state, ReleaseState::Accepted);
}

fn new_item(title: &str, state: State) -> NewItem {
    NewItem {
        kind: clusterboard::domain::Kind::Feature,
        title: title.into(),
        description: String::new(),
        state,
        value: None,
        effort: None,
    }
}

#[test]
fn a_forced_start_past_ready_is_recorded_with_the_open_points() {
    let config = Config::default();
    let mut store = demo_store();
    let fill = ItemFill {
        acceptance: "Given a rider, when …".into(),
        ..ItemFill::default()
    };
    let open = fill.open_points(State::Ready, &config.dor);
    assert_eq!(open.len(), config.dor.len() - 1, "acceptance is ticked");
    assert!(fill.open_points(State::Analysis, &config.dor).is_empty());
    let fill = ItemFill {
        dor_overridden: open,
        ..fill
    };
    let item = store
        .add_item_at(
            &new_item("Hurried", State::Ready),
            Placement::Bottom,
            &fill,
            "po",
        )
        .unwrap();
    let log = store.history(item.id, 5).unwrap();
    let said = format!("overriding the DoR ({} open", config.dor.len() - 1);
    assert!(log[0].summary.contains(&said), "{}", log[0].summary);
}

#[test]
fn the_suggested_order_keeps_done_and_released_items_in_place() {
    let mut app = demo_app(200, 60);
    let before = order(&app.store);
    let finished: Vec<(usize, i64)> = before
        .iter()
        .enumerate()
        .filter(|(_, id)| {
            let s = app.store.item(ItemId(**id)).unwrap().state;
            s == State::Done || s == State::Released
        })
        .map(|(i, id)| (i, *id))
        .collect();
    assert!(!finished.is_empty(), "the demo has finished work");
    app.update(Action::ShowSuggestion);
    assert_status_contains(&app, "done or released items keep their places");
    app.update(Action::Apply);
    app.update(Action::Yes);
    let after = order(&app.store);
    assert_ne!(before, after, "the open items were reordered");
    for (i, id) in finished {
        assert_eq!(after[i], id, "a finished item keeps its place");
    }
}

#[test]
fn planning_into_an_accepted_release_warns_first_then_plans() {
    let mut app = demo_app(80, 24); // F-19 selected, planned nowhere
    app.update(Action::PlanRelease);
    let Some(Panel::Releases(p)) = &app.panel else {
        panic!("picker");
    };
    assert_eq!(p.releases[0].name, "Lite 2.1", "accepted, offered first");
    app.update(Action::Confirm);
    assert_status_contains(&app, "Lite 2.1 is already accepted");
    assert!(
        app.store
            .item_detail(ItemId(19), 0)
            .unwrap()
            .releases
            .is_empty(),
        "the first press only warns"
    );
    app.update(Action::Confirm);
    assert_eq!(
        app.store.item_detail(ItemId(19), 0).unwrap().releases,
        vec!["Lite 2.1"]
    );
}

#[test]
fn the_board_form_in_a_gated_column_lands_before_the_gate() {
    let mut app = demo_app(80, 24);
    // Select the Ready column (third), then n.
    app.update(Action::SelectRight);
    app.update(Action::SelectRight);
    app.update(Action::NewItem);
    let Some(Panel::Form(f)) = &app.panel else {
        panic!("form");
    };
    assert_eq!(f.state, State::Analysis);
    assert!(
        f.landing
            .ends_with("Ready waits for its Definition of Ready"),
        "{}",
        f.landing
    );
}
