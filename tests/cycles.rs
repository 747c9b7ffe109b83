#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Cluster cycles: capacity, load, the cut line, undo, and the command line.

mod common;

use clusterboard::domain::ItemId;
use clusterboard::domain::cycle::CycleShape;
use clusterboard::domain::team::{ItemType, NewTeamItem};
use clusterboard::store::{NewCycle, NewTeam, Placement, Store};
use common::{small_seed, store_with};

/// The small cluster (rank order 1..=7: SSO login 8 points, Battery
/// management 40, Offline maps –, OTA pipeline –, Dark mode 3, Faster
/// reconnect 3 and Done, Dealer app 40), with teams APP (5 points per
/// iteration) and PAY (10), and cycle 26.4 of 2 iterations × 2 weeks.
///
/// Item 1 (8 points) is split to APP and PAY, neither estimated: 4 each.
/// Item 2 (40 points) is split to APP (not estimated: 40 ÷ 2 teams = 20)
/// and PAY (estimated 12).
fn planned() -> Store {
    let mut s = store_with(&small_seed());
    s.pin_today("2026-10-12");
    for (code, cap) in [("APP", 5), ("PAY", 10)] {
        s.add_team(
            &NewTeam {
                code: code.into(),
                name: format!("Team {code}"),
                capacity: Some(cap),
                ..NewTeam::default()
            },
            "mira",
        )
        .unwrap();
    }
    let row = |team: &str, effort: Option<u32>| NewTeamItem {
        team: team.into(),
        title: format!("{team} part"),
        item_type: ItemType::Story,
        effort,
    };
    s.split(ItemId(1), &[row("APP", None), row("PAY", None)], "mira")
        .unwrap();
    s.split(ItemId(2), &[row("APP", None), row("PAY", Some(12))], "mira")
        .unwrap();
    s.add_cycle(
        &NewCycle {
            name: "26.4".into(),
            start: "2026-10-05".into(),
            shape: CycleShape {
                iterations: 2,
                iteration_weeks: 2,
                inter_weeks: 0,
            },
        },
        "mira",
    )
    .unwrap();
    s
}

fn labels(s: &Store) -> String {
    let c = s.cycle("26.4").unwrap();
    s.cycle_load(&c).unwrap().label()
}

#[test]
fn a_teams_cycle_capacity_is_its_capacity_per_iteration_times_the_iterations_unless_set() {
    let mut s = planned();
    let c = s.cycle("26.4").unwrap();
    let caps: Vec<(String, Option<u32>)> = s
        .cycle_capacities(&c)
        .unwrap()
        .into_iter()
        .map(|c| (c.code, c.points))
        .collect();
    // APP 5 × 2 iterations, PAY 10 × 2.
    assert_eq!(
        caps,
        vec![("APP".into(), Some(10)), ("PAY".into(), Some(20))]
    );
    let set = s
        .set_cycle_capacity("26.4", "PAY", Some(15), "mira")
        .unwrap();
    assert_eq!((set.points, set.edited), (Some(15), true));
    s.undo("mira").unwrap();
    let back = s.cycle_capacities(&c).unwrap();
    assert_eq!((back[1].points, back[1].edited), (Some(20), false));
}

#[test]
fn load_is_team_estimates_or_an_even_share_of_the_items_effort() {
    let mut s = planned();
    for id in [1, 2, 5] {
        s.plan_cycle(ItemId(id), Some("26.4"), "mira").unwrap();
    }
    // APP: 4 (half of item 1) + 20 (half of item 2) = 24 of 10.
    // PAY: 4 (half of item 1) + 12 (its estimate on item 2) = 16 of 20.
    // Item 5 (3 points) has no team items: unsplit.
    assert_eq!(labels(&s), "APP 24/10 ‼ over · PAY 16/20 · unsplit 3");
    s.set_cycle_capacity("26.4", "PAY", Some(15), "mira")
        .unwrap();
    assert_eq!(
        labels(&s),
        "APP 24/10 ‼ over · PAY 16/15 ‼ over · unsplit 3"
    );
    let c = s.cycle("26.4").unwrap();
    let load = s.cycle_load(&c).unwrap();
    assert_eq!((load.load(), load.capacity(), load.items), (43, 25, 3));
}

#[test]
fn pulling_an_item_in_and_out_is_logged_and_undoable() {
    let mut s = planned();
    let said = s.plan_cycle(ItemId(1), Some("26.4"), "mira").unwrap();
    assert_eq!(
        said.as_deref(),
        Some("Pulled F-1 \"SSO login\" into cycle 26.4")
    );
    assert_eq!(s.item_cycle(ItemId(1)).unwrap().unwrap().name, "26.4");
    assert!(
        s.plan_cycle(ItemId(1), Some("26.4"), "mira")
            .unwrap()
            .is_none()
    );
    s.plan_cycle(ItemId(1), None, "mira").unwrap();
    assert!(s.item_cycle(ItemId(1)).unwrap().is_none());
    s.undo("mira").unwrap();
    assert_eq!(s.item_cycle(ItemId(1)).unwrap().unwrap().name, "26.4");
    let log = s.log(Some("item:1"), None, None, 5).unwrap();
    assert_eq!(log[0].command, "undo");
    assert_eq!(log[1].command, "cycle-plan");
}

#[test]
fn a_closed_cycle_takes_no_more_items() {
    let mut s = planned();
    s.close_cycle("26.4", "mira").unwrap();
    let e = s.plan_cycle(ItemId(1), Some("26.4"), "mira").unwrap_err();
    assert_eq!(e.to_string(), "cycle 26.4 is closed already");
    assert!(s.current_cycle().unwrap().is_none());
    s.undo("mira").unwrap();
    assert_eq!(s.current_cycle().unwrap().unwrap().name, "26.4");
}

#[test]
fn the_cut_line_falls_on_the_first_item_that_no_longer_fits_and_moves_with_the_rank() {
    let mut s = planned();
    let c = s.cycle("26.4").unwrap();
    // Capacity 10 + 20 = 30. Item 1 takes 8 (4 + 4); item 2 takes 32
    // (APP 20 + PAY 12): 8 + 32 = 40 > 30, so item 2 is the cut.
    let cut = s.cut_line(&c).unwrap();
    assert_eq!((cut.capacity, cut.used), (30, 8));
    assert_eq!(cut.cut.as_ref().map(|(id, _)| *id), Some(ItemId(2)));
    let key = |s: &Store, id| s.item(ItemId(id)).unwrap().rank_key;
    assert!(!cut.below(&key(&s, 1)));
    assert!(cut.below(&key(&s, 2)) && cut.below(&key(&s, 7)));
    // Item 2 to the bottom: 8 (1) + 0 (3) + 0 (4) + 3 (5) = 11; item 6 is
    // Done and in no cycle, so it takes nothing; 11 + 40 (7) = 51 > 30.
    s.move_rank(ItemId(2), Placement::Bottom, "mira").unwrap();
    let cut = s.cut_line(&c).unwrap();
    assert_eq!(cut.used, 11);
    assert_eq!(cut.cut.as_ref().map(|(id, _)| *id), Some(ItemId(7)));
    assert!(!cut.below(&key(&s, 5)));
}

#[test]
fn the_current_cycle_is_the_one_running_today_and_the_header_says_where_it_stands() {
    let mut s = planned();
    s.add_cycle(
        &NewCycle {
            name: "27.1".into(),
            start: "2026-11-02".into(),
            shape: CycleShape::default(),
        },
        "mira",
    )
    .unwrap();
    // 2026-10-12 is day 7 of 26.4: week 2, iteration 1 (weeks 1–2) of 4 weeks.
    let c = s.current_cycle().unwrap().unwrap();
    assert_eq!(
        c.describe(&s.today().unwrap()),
        "Cycle 26.4 · iteration 1, week 2 of 4"
    );
    s.pin_today("2026-11-20");
    assert_eq!(s.current_cycle().unwrap().unwrap().name, "27.1");
}

#[test]
fn a_bad_cycle_is_refused_with_the_way_out() {
    let mut s = planned();
    let bad = |start: &str, iterations: u32| NewCycle {
        name: "x".into(),
        start: start.into(),
        shape: CycleShape {
            iterations,
            ..CycleShape::default()
        },
    };
    let e = s.add_cycle(&bad("2026-02-30", 4), "m").unwrap_err();
    assert!(e.to_string().contains("2026-02 has 28 days"), "{e}");
    let e = s.add_cycle(&bad("2026-03-01", 0), "m").unwrap_err();
    assert_eq!(
        e.to_string(),
        "a cycle needs at least one iteration of at least one week"
    );
    let e = s.cycle("nope").unwrap_err();
    assert_eq!(e.to_string(), "no cycle \"nope\": the cycles are 26.4");
}

/// The demo cluster with cycle 26.4 running (today, 2026-11-02, is day 14:
/// week 3, in iteration 2) and 30 points set for each of its four teams:
/// 120 points.
fn demo_in_cycle(width: u16, height: u16, view: clusterboard::app::View) -> clusterboard::app::App {
    let mut store = common::demo_store();
    store.pin_today("2026-11-02");
    store
        .add_cycle(
            &NewCycle {
                name: "26.4".into(),
                start: "2026-10-19".into(),
                shape: CycleShape {
                    iterations: 2,
                    iteration_weeks: 2,
                    inter_weeks: 1,
                },
            },
            "mira",
        )
        .unwrap();
    for team in ["APP", "CORE", "NAV", "PAY"] {
        store
            .set_cycle_capacity("26.4", team, Some(30), "mira")
            .unwrap();
    }
    for id in [1, 2, 3] {
        store.plan_cycle(ItemId(id), Some("26.4"), "mira").unwrap();
    }
    let mut app = clusterboard::app::App::with_size(
        store,
        &clusterboard::config::Config::default(),
        true,
        (width, height),
        view,
    )
    .unwrap();
    app.update(clusterboard::app::Action::Resize(width, height));
    app
}

#[test]
fn the_backlog_shows_the_cut_line_in_words_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let app = demo_in_cycle(w, h, clusterboard::app::View::Backlog);
        let t = common::render::draw(&app);
        let text = common::render::text_of(t.backend().buffer());
        assert!(text.contains("✂ cut line"), "{text}");
        insta::assert_snapshot!(format!("backlog_cut_line_{w}x{h}"), t.backend());
    }
}

#[test]
fn c_pulls_the_selected_item_into_the_current_cycle_and_u_takes_it_back() {
    use clusterboard::app::{Action, View};
    let mut app = demo_in_cycle(120, 40, View::Backlog);
    for _ in 0..3 {
        app.update(Action::SelectDown);
    }
    assert_eq!(app.backlog.selected_row().unwrap().item.code(), "F-4");
    app.update(Action::PlanCycle);
    common::assert_status_contains(
        &app,
        "Pulled F-4 \"Range prediction from ride history\" into cycle 26.4",
    );
    // F-4 has one NAV item estimated at 8 points; NAV had 5 from F-1.
    common::assert_status_contains(&app, "NAV 13/30");
    assert_eq!(app.cycle.as_ref().unwrap().load.items, 4);
    app.update(Action::Undo);
    assert_eq!(app.cycle.as_ref().unwrap().load.items, 3);
    app.update(Action::PlanCycle);
    app.update(Action::PlanCycle);
    common::assert_status_contains(&app, "Took F-4");
}

#[test]
fn o_shows_only_the_cycle_backlog_and_the_header_says_which_week_it_is() {
    use clusterboard::app::{Action, View};
    let mut app = demo_in_cycle(200, 60, View::Board);
    app.update(Action::CycleFilter);
    assert_eq!(app.shown_items, 3);
    assert_eq!(app.filter.describe(), "cycle:26.4");
    let t = common::render::draw(&app);
    let text = common::render::text_of(t.backend().buffer());
    assert!(
        text.contains("Cycle 26.4 · iteration 2, week 3 of 5"),
        "{text}"
    );
    app.update(Action::CycleFilter);
    assert_eq!(app.shown_items, 40);
}

#[test]
fn the_cycle_commands_run_on_the_boards_command_line() {
    use clusterboard::app::{Action, Panel, View};
    let mut app = demo_in_cycle(120, 40, View::Backlog);
    app.update(Action::OpenCommandLine);
    common::type_keys(&mut app, "cycle capacity 26.4 --team NAV 4");
    app.update(Action::Confirm);
    common::assert_status_contains(&app, "NAV brings 4 points to cycle 26.4");
    app.update(Action::OpenCommandLine);
    common::type_keys(&mut app, "cycle show");
    app.update(Action::Confirm);
    let Some(Panel::Output(p)) = &app.panel else {
        panic!("cycle show lists in a panel: {:?}", app.status);
    };
    let text = p.lines.join("\n");
    // NAV: 5 points of F-1's NAV item against the 4 just set.
    assert!(
        text.contains("NAV 5/4 ‼ over (set for this cycle)"),
        "{text}"
    );
    assert!(
        text.contains("Cycle 26.4 · iteration 2, week 3 of 5"),
        "{text}"
    );
}

#[test]
fn undoing_a_cycle_with_items_in_it_is_refused_and_loses_nothing() {
    let mut s = planned();
    s.plan_cycle(ItemId(1), Some("26.4"), "ben").unwrap();
    // mira's newest change is the cycle itself; ben has planned into it since.
    let e = s.undo("mira").unwrap_err();
    assert!(
        e.to_string().ends_with(
            "cannot be undone: what was made since depends on it (items planned into the cycle, capacities set for it): undo or clear those first"
        ),
        "{e}"
    );
    assert_eq!(s.item_cycle(ItemId(1)).unwrap().unwrap().name, "26.4");
    assert!(s.cycle("26.4").is_ok());
}

#[test]
fn removing_a_team_takes_its_cycle_capacity_and_undo_brings_it_back() {
    let mut s = planned();
    s.add_team(
        &NewTeam {
            code: "OPS".into(),
            name: "Ops".into(),
            capacity: Some(5),
            ..NewTeam::default()
        },
        "mira",
    )
    .unwrap();
    s.set_cycle_capacity("26.4", "OPS", Some(7), "mira")
        .unwrap();
    s.remove_team("OPS", "mira").unwrap();
    s.undo("mira").unwrap();
    let c = s.cycle("26.4").unwrap();
    let ops = s
        .cycle_capacities(&c)
        .unwrap()
        .into_iter()
        .find(|c| c.code == "OPS")
        .unwrap();
    assert_eq!((ops.points, ops.edited), (Some(7), true));
}

#[test]
fn cycles_travel_with_the_json_export() {
    let mut s = planned();
    s.plan_cycle(ItemId(1), Some("26.4"), "mira").unwrap();
    s.set_cycle_capacity("26.4", "PAY", Some(15), "mira")
        .unwrap();
    let config = clusterboard::config::Config::default();
    let json = serde_json::to_vec(&s.export(&config.dor, config.scoring).unwrap()).unwrap();
    let file = clusterboard::import::json::parse(&json).unwrap();
    let mut copy = Store::open_in_memory().unwrap();
    copy.load_cluster(&file, "mira").unwrap();
    let before = s.export_cycles().unwrap();
    assert_eq!(before[0].items, ["F-1"]);
    assert_eq!(before[0].capacity[0].points, 15);
    assert_eq!(copy.export_cycles().unwrap(), before);
    let c = copy.cycle("26.4").unwrap();
    assert_eq!(copy.cycle_load(&c).unwrap().label(), labels(&s));
}

#[test]
fn the_cut_line_follows_a_rerank_and_a_switch_to_the_backlog() {
    use clusterboard::app::{Action, View};
    let mut app = demo_in_cycle(120, 40, View::Board);
    app.update(Action::SelectRight);
    assert!(app.selected_id().is_some());
    // From the board with a card selected, 2 draws the line at once.
    app.update(Action::ShowBacklog);
    let cut = |app: &clusterboard::app::App| app.cycle.as_ref().and_then(|c| c.cut.clone());
    let before = cut(&app).expect("the backlog has a cut line");
    let (cut_id, _) = before.cut.clone().expect("something is below the line");
    // The first item below the line goes to the top: the line walks the new order.
    app.update(Action::SelectLast);
    let current = app.store.current_cycle().unwrap().unwrap();
    while app.selected_id() != Some(cut_id) {
        app.update(Action::SelectUp);
    }
    app.update(Action::RankTop);
    let after = cut(&app).unwrap();
    assert_eq!(
        after,
        app.store.cut_line(&current).unwrap(),
        "as the store works it out"
    );
    assert_ne!(after, before);
    // And one place down with J, the same.
    app.update(Action::RankDown);
    assert_eq!(cut(&app).unwrap(), app.store.cut_line(&current).unwrap());
}
