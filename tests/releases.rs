#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Release management: command tests on a temporary database, and reports.

mod common;

use clusterboard::config::Config;
use clusterboard::domain::release::ReleaseState;
use clusterboard::domain::{ItemId, State};
use clusterboard::report::{self, Format};
use clusterboard::store::Store;
use common::{demo_store, tick_release_dod};

fn state_of(store: &Store, release: &str) -> ReleaseState {
    store.release(release).expect("the release exists").state
}

#[test]
fn an_item_is_planned_into_one_release_per_variant() {
    let mut store = demo_store();
    let pro21 = store.release("Pro 2.1").unwrap();
    let pro22 = store.release("pro 2.2").unwrap();
    let lite22 = store.release("Lite 2.2").unwrap();
    store.plan(ItemId(19), Some(&pro21), "Pro", "po").unwrap();
    store.plan(ItemId(19), Some(&pro22), "Pro", "po").unwrap();
    store.plan(ItemId(19), Some(&lite22), "Lite", "po").unwrap();
    let d = store.item_detail(ItemId(19), 0).unwrap();
    assert_eq!(d.releases, vec!["Pro 2.2", "Lite 2.2"]);
    store.plan(ItemId(19), None, "Pro", "po").unwrap();
    assert_eq!(
        store.item_detail(ItemId(19), 0).unwrap().releases,
        vec!["Lite 2.2"]
    );
    store.undo("po").unwrap();
    assert_eq!(store.item_detail(ItemId(19), 0).unwrap().releases.len(), 2);
}

#[test]
fn accepting_needs_the_definition_of_done_or_force_and_records_who() {
    let config = Config::default();
    let mut store = demo_store();
    let r = store.release("Pro 2.2").unwrap();
    let err = store
        .accept(&r, &config.dod, false, "po")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("4 open points") && err.contains("Release notes written"),
        "{err}"
    );
    assert_eq!(state_of(&store, "Pro 2.2"), ReleaseState::Planned);
    tick_release_dod(&mut store, "Pro 2.2", "po");
    let r = store.accept(&r, &config.dod, false, "mira").unwrap();
    assert_eq!(r.state, ReleaseState::Accepted);
    assert_eq!(r.accepted_by.as_deref(), Some("mira"));
    assert!(r.accepted_at.is_some());
}

#[test]
fn shipping_moves_done_items_and_never_loses_an_unfinished_one() {
    let mut store = demo_store();
    // Lite 2.1 is accepted and holds four Done items; add an unfinished one.
    let lite21 = store.release("Lite 2.1").unwrap();
    store.plan(ItemId(19), Some(&lite21), "Lite", "po").unwrap();
    let shipped = store.ship(&lite21, "po").unwrap();
    assert_eq!(shipped.released.len(), 4);
    assert!(shipped.released.iter().all(|i| i.state == State::Released));
    assert_eq!(shipped.left_behind.len(), 1);
    assert_eq!(shipped.left_behind[0].id, ItemId(19));
    let left = store.item_detail(ItemId(19), 0).unwrap();
    assert_eq!(
        left.item.state,
        State::Funnel,
        "unfinished work is not moved"
    );
    assert_eq!(
        left.releases,
        vec!["Lite 2.1"],
        "and stays planned, to be re-planned"
    );
    let r = store.release("Lite 2.1").unwrap();
    assert_eq!(r.state, ReleaseState::Released);
    assert!(r.released_at.is_some());
}

#[test]
fn undoing_a_ship_puts_items_and_release_back() {
    let mut store = demo_store();
    let lite21 = store.release("Lite 2.1").unwrap();
    store.ship(&lite21, "po").unwrap();
    store.undo("po").unwrap();
    let r = store.release("Lite 2.1").unwrap();
    assert_eq!(r.state, ReleaseState::Accepted);
    assert!(r.released_at.is_none());
    let items = store.release_items(&r).unwrap();
    assert_eq!(items.len(), 4, "the release still holds its four items");
    for (_, i) in items {
        assert_eq!(i.state, State::Done, "{}", i.code());
    }
}

#[test]
fn a_planned_release_cannot_be_shipped_and_a_shipped_one_not_again() {
    let mut store = demo_store();
    let r = store.release("Pro 2.2").unwrap();
    assert!(
        store
            .ship(&r, "po")
            .unwrap_err()
            .to_string()
            .contains("accept it first")
    );
    let r = store.release("Pro 2.1").unwrap();
    assert!(
        store
            .ship(&r, "po")
            .unwrap_err()
            .to_string()
            .contains("already released")
    );
}

#[test]
fn bad_release_input_is_named() {
    let mut store = demo_store();
    let err = store
        .add_release("Pro", "3.0", Some("31.12.2027"), "", "po")
        .unwrap_err();
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    let err = store.add_release("Pro", "2.2", None, "", "po").unwrap_err();
    assert!(
        err.to_string().contains("already a release Pro 2.2"),
        "{err}"
    );
    let err = store.release("Max 9").unwrap_err();
    assert!(err.to_string().contains("Pro 2.1, Lite 2.1"), "{err}");
}

/// Parses the page as XML: every tag closed, every entity escaped.
fn assert_well_formed(html: &str) {
    let body = html.trim_start_matches("<!DOCTYPE html>\n");
    let mut reader = quick_xml::Reader::from_str(body);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unbalanced tags");
}

#[test]
fn the_html_reports_are_well_formed_and_escape_hostile_text() {
    let config = Config::default();
    let mut store = demo_store();
    let id = store
        .add_item(
            &clusterboard::domain::NewItem {
                kind: clusterboard::domain::Kind::Feature,
                title: "<script>alert('x')</script> &".into(),
                description: String::new(),
                state: State::Ready,
                value: None,
                effort: None,
            },
            "po",
        )
        .unwrap()
        .id;
    // An escape sequence cannot be typed into a title; another program may write one.
    store
        .write_title_unchecked(id, "<script>alert('x')</script> & \u{1b}[2J")
        .unwrap();
    let pro22 = store.release("Pro 2.2").unwrap();
    store.plan(id, Some(&pro22), "Pro", "po").unwrap();
    store.add_request(id, "Marketing", "po").unwrap();
    let docs = [
        report::release_plan(&store, &config).unwrap(),
        report::stakeholder(&store, "marketing").unwrap(),
        report::release_notes(&store, "Pro 2.1").unwrap(),
    ];
    for doc in &docs {
        let html = report::render(doc, Format::Html);
        assert_well_formed(&html);
        assert!(!html.contains("<script>"), "text is escaped");
        assert!(!html.contains('\u{1b}'));
        assert!(html.contains("@media print"), "prints cleanly");
        let md = report::render(doc, Format::Md);
        assert!(md.starts_with("# "));
    }
    let plan = report::render(&docs[0], Format::Html);
    assert!(plan.contains("&lt;script&gt;"));
    let feedback = report::render(&docs[1], Format::Md);
    assert!(feedback.contains("Pro 2.2"), "{feedback}");
    let notes = report::render(&docs[2], Format::Md);
    assert!(notes.contains("Pro drive unit firmware 2.1"), "{notes}");
}

mod reducer {
    use super::*;
    use crate::common::render::draw;
    use crate::common::{assert_status_contains, demo_app, type_keys};
    use clusterboard::app::{Action, Level, Mode, Panel, View};

    #[test]
    fn r_plans_the_selected_item_into_a_release_and_takes_it_out_again() {
        let mut app = demo_app(80, 24); // F-19 selected, planned nowhere
        app.update(Action::PlanRelease);
        assert_eq!(app.mode(), Mode::Picker);
        let Some(Panel::Releases(p)) = &app.panel else {
            panic!("picker");
        };
        let names: Vec<&str> = p.releases.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Lite 2.1", "Pro 2.2", "Lite 2.2", "Pro 2.1"],
            "released ones last"
        );
        app.update(Action::SelectDown);
        app.update(Action::Toggle);
        assert_eq!(
            app.store.item_detail(ItemId(19), 0).unwrap().releases,
            vec!["Pro 2.2"]
        );
        assert_status_contains(&app, "Planned F-19");
        app.update(Action::Toggle); // again: takes it out
        assert!(
            app.store
                .item_detail(ItemId(19), 0)
                .unwrap()
                .releases
                .is_empty()
        );
        app.update(Action::Close);
        app.update(Action::Undo);
        assert_eq!(
            app.store.item_detail(ItemId(19), 0).unwrap().releases,
            vec!["Pro 2.2"]
        );
    }

    #[test]
    fn four_shows_releases_by_target_date_with_risk_warnings() {
        let mut app = demo_app(80, 24);
        app.update(Action::ShowReleases);
        assert_eq!(app.view, View::Releases);
        let names: Vec<&str> = app
            .releases
            .blocks
            .iter()
            .map(|b| b.release.name.as_str())
            .collect();
        assert_eq!(names, ["Pro 2.1", "Lite 2.1", "Pro 2.2", "Lite 2.2"]);
        // Plan a Funnel item into the accepted, already late Lite 2.1: at risk.
        // An accepted release asks first; a second press plans it.
        app.update(Action::ShowBoard);
        app.update(Action::PlanRelease);
        app.update(Action::Toggle);
        assert_status_contains(&app, "Lite 2.1 is already accepted");
        assert_status_contains(&app, "Space again plans F-19 into it anyway");
        app.update(Action::Toggle);
        // The released Pro 2.1 is listed last, and asks first too.
        for _ in 0..3 {
            app.update(Action::SelectDown);
        }
        app.update(Action::Toggle);
        assert_status_contains(&app, "Pro 2.1 is already released");
        app.update(Action::Close);
        app.update(Action::ShowReleases);
        let lite21 = &app.releases.blocks[1];
        let f19 = lite21
            .items
            .iter()
            .find(|(_, i, _)| i.id == ItemId(19))
            .unwrap();
        assert_eq!(f19.2, Some("the target date has passed"));
        let unplanned: Vec<ItemId> = app.releases.unplanned_ready.iter().map(|i| i.id).collect();
        assert_eq!(
            unplanned,
            vec![ItemId(21)],
            "the ready item planned nowhere is listed"
        );
    }

    #[test]
    fn accepting_in_the_view_needs_the_dod_and_says_how_to_tick_it() {
        let mut app = demo_app(80, 24);
        app.update(Action::ShowReleases);
        app.update(Action::SelectDown);
        app.update(Action::SelectDown); // Pro 2.2, planned
        app.update(Action::AcceptRelease);
        assert_eq!(app.status.level, Level::Warning);
        assert_status_contains(&app, "D ticks them here");
        tick_release_dod(&mut app.store, "Pro 2.2", "po");
        app.update(Action::AcceptRelease);
        assert_eq!(state_of(&app.store, "Pro 2.2"), ReleaseState::Accepted);
    }

    #[test]
    fn releasing_asks_first_and_n_changes_nothing() {
        let mut app = demo_app(80, 24);
        app.update(Action::ShowReleases);
        app.update(Action::SelectDown); // Lite 2.1, accepted
        app.update(Action::ShipRelease);
        assert_eq!(app.mode(), Mode::ConfirmShip);
        assert_status_contains(&app, "4 Done items move to Released");
        app.update(Action::No);
        assert_eq!(state_of(&app.store, "Lite 2.1"), ReleaseState::Accepted);
        app.update(Action::ShipRelease);
        app.update(Action::Yes);
        assert_eq!(state_of(&app.store, "Lite 2.1"), ReleaseState::Released);
        assert_status_contains(&app, "4 items moved to Released");
        app.update(Action::Undo);
        assert_eq!(state_of(&app.store, "Lite 2.1"), ReleaseState::Accepted);
    }

    #[test]
    fn unfinished_items_of_a_released_release_stay_in_view_marked() {
        let mut app = demo_app(80, 24);
        app.update(Action::PlanRelease); // F-19 (Funnel) into Lite 2.1
        app.update(Action::Toggle);
        app.update(Action::Toggle); // past the warning: Lite 2.1 is accepted
        app.update(Action::Close);
        app.update(Action::ShowReleases);
        app.update(Action::SelectDown);
        app.update(Action::ShipRelease);
        app.update(Action::Yes);
        assert_status_contains(&app, "Left behind, still planned: F-19");
        let lite21 = &app.releases.blocks[1];
        let f19 = lite21
            .items
            .iter()
            .find(|(_, i, _)| i.id == ItemId(19))
            .unwrap();
        assert_eq!(f19.1.state, State::Funnel);
        assert_eq!(f19.2, Some("left behind: re-plan it"));
    }

    #[test]
    fn a_planned_release_cannot_be_released_from_the_view() {
        let mut app = demo_app(80, 24);
        app.update(Action::ShowReleases);
        app.update(Action::SelectLast); // Lite 2.2, planned
        app.update(Action::ShipRelease);
        assert_eq!(app.mode(), Mode::Normal);
        assert_status_contains(&app, "accept it first");
    }

    #[test]
    fn d_in_the_releases_view_ticks_the_release_definition_of_done() {
        let mut app = demo_app(80, 24);
        app.update(Action::ShowReleases);
        app.update(Action::SelectDown);
        app.update(Action::SelectDown); // Pro 2.2
        app.update(Action::OpenDor);
        assert_eq!(app.mode(), Mode::Dor);
        // The first point, "all planned items are Done", is worked out.
        let Some(Panel::Dor(p)) = &app.panel else {
            panic!("checklist");
        };
        assert!(
            p.points[0].0.text.contains("worked out"),
            "{:?}",
            p.points[0]
        );
        app.update(Action::Toggle);
        assert_status_contains(&app, "worked out, not ticked: finish the items");
        let Some(Panel::Dor(p)) = &app.panel else {
            panic!("checklist");
        };
        assert!(!p.points[0].1, "not ticked by hand");
        for _ in 0..3 {
            app.update(Action::SelectDown);
            app.update(Action::Toggle);
        }
        assert_status_contains(&app, "1 point open");
        app.update(Action::Close);
        tick_release_dod(&mut app.store, "Pro 2.2", "po");
        app.update(Action::OpenDor);
        let Some(Panel::Dor(p)) = &app.panel else {
            panic!("checklist");
        };
        assert!(p.points.iter().all(|(_, met)| *met), "{:?}", p.points);
        app.update(Action::Close);
        app.update(Action::AcceptRelease);
        assert_eq!(state_of(&app.store, "Pro 2.2"), ReleaseState::Accepted);
    }

    #[test]
    fn plus_in_the_item_view_records_a_requester() {
        let mut app = demo_app(80, 24);
        app.update(Action::OpenItem); // F-19
        app.update(Action::AddRequester);
        type_keys(&mut app, "dealer network");
        app.update(Action::Confirm);
        let Some(Panel::Item(d)) = &app.panel else {
            panic!("the item view stays open");
        };
        assert!(
            d.requested_by.contains(&"Dealer Network".to_string()),
            "{:?}",
            d.requested_by
        );
        app.update(Action::AddRequester);
        type_keys(&mut app, "Nobody");
        app.update(Action::Confirm);
        assert_eq!(app.status.level, Level::Warning);
        assert_status_contains(&app, "no stakeholder");
    }

    #[test]
    fn the_releases_view_at_80x24_and_200x60() {
        for (w, h) in [(80, 24), (200, 60)] {
            let mut app = demo_app(w, h);
            app.store.pin_today("2026-11-22");
            app.update(Action::ShowReleases);
            insta::assert_snapshot!(format!("releases_{w}x{h}"), draw(&app).backend());
        }
    }
}

#[test]
fn markdown_reports_turn_no_user_text_into_html_or_links() {
    use pulldown_cmark::{Event, Parser, Tag};
    let config = Config::default();
    let mut store = demo_store();
    let hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) **bold**";
    let id = store
        .add_item(
            &clusterboard::domain::NewItem {
                kind: clusterboard::domain::Kind::Feature,
                title: hostile.into(),
                description: String::new(),
                state: State::Done,
                value: None,
                effort: None,
            },
            "po",
        )
        .unwrap()
        .id;
    store
        .add_stakeholder("<b>Evil</b> [x](javascript:y)", None, None, "po")
        .unwrap();
    store
        .add_request(id, "<b>Evil</b> [x](javascript:y)", "po")
        .unwrap();
    let pro21 = store.release("Pro 2.1").unwrap();
    store.plan(id, Some(&pro21), "Pro", "po").unwrap();
    store
        .edit_release(
            "Pro 2.1",
            None,
            Some("<iframe src=x></iframe> [n](javascript:z)"),
            "po",
        )
        .unwrap();
    let docs = [
        report::release_plan(&store, &config).unwrap(),
        report::stakeholder(&store, "<b>Evil</b> [x](javascript:y)").unwrap(),
        report::release_notes(&store, "Pro 2.1").unwrap(),
    ];
    for doc in &docs {
        let md = report::render(doc, Format::Md);
        assert!(md.contains("alert(1)"), "the text is there, as text: {md}");
        for event in Parser::new_ext(&md, pulldown_cmark::Options::all()) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => panic!("HTML came out: {h:?}\n{md}"),
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    panic!("a link came out: {dest_url}\n{md}")
                }
                Event::Start(Tag::Strong) => panic!("user text became bold\n{md}"),
                _ => {}
            }
        }
    }
}
