#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Velocity, release forecasts, burn-up, cumulative flow and lead times,
//! on a small history written at known days.

mod common;

use clusterboard::domain::cycle::CycleShape;
use clusterboard::domain::forecast::Outlook;
use clusterboard::domain::team::{ItemType, NewTeamItem, TeamState};
use clusterboard::domain::{ItemId, State};
use clusterboard::store::{EstimateChange, NewCycle, NewTeam, Store};
use common::{NO_GATE, small_seed, store_with};

fn at(s: &mut Store, day: &str) {
    s.pin_clock(Some(&format!("{day}T10:00:00.000Z"))).unwrap();
}

fn to(s: &mut Store, id: i64, state: State) {
    s.move_to_state(ItemId(id), state, "mira", NO_GATE).unwrap();
}

/// The small cluster (1 SSO login 8 points, Ready; 2 Battery management 40,
/// Implementing; 5 Dark mode 3, Ready; 7 Dealer app 40, Funnel), with
/// cycle 26.4 of two 2-week iterations from 2026-10-05 (it 1: 10-05 to
/// 10-18, it 2: 10-19 to 11-01) and today 2026-11-02, after both.
///
/// - 10-01: items 1, 2 and 7 planned into Pro 3.0 (target 2026-12-20):
///   88 points.
/// - 10-07: item 1 to Implementing; 10-10: item 1 Done (+8 in it 1).
/// - 10-12: item 5 Done (+3 in it 1): it 1 did 11 points.
/// - 10-13: APP's 2-point item under item 5 done (APP: 2 in it 1).
/// - 10-20: item 2 Done (+40 in it 2); 10-25: item 1 reopened into
///   Review (−8): it 2 did 32 points.
/// - 11-02 (today): item 7 re-estimated from 40 to 20 points.
fn history() -> Store {
    let mut s = store_with(&small_seed());
    s.pin_today("2026-11-02");
    at(&mut s, "2026-09-30");
    s.add_team(
        &NewTeam {
            code: "APP".into(),
            name: "App".into(),
            capacity: Some(10),
            ..NewTeam::default()
        },
        "mira",
    )
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
    let ids = s
        .split(
            ItemId(5),
            &[NewTeamItem {
                team: "APP".into(),
                title: "Dark theme".into(),
                item_type: ItemType::Story,
                effort: Some(2),
            }],
            "mira",
        )
        .unwrap();
    at(&mut s, "2026-10-01");
    let r = s
        .add_release("Pro", "3.0", Some("2026-12-20"), "", "mira")
        .unwrap();
    for id in [1, 2, 7] {
        s.plan(ItemId(id), Some(&r), "Pro", "mira").unwrap();
    }
    at(&mut s, "2026-10-07");
    to(&mut s, 1, State::Implementing);
    at(&mut s, "2026-10-10");
    to(&mut s, 1, State::Done);
    at(&mut s, "2026-10-12");
    to(&mut s, 5, State::Done);
    at(&mut s, "2026-10-13");
    s.set_team_state(ids[0], TeamState::Done, "mira").unwrap();
    at(&mut s, "2026-10-20");
    to(&mut s, 2, State::Done);
    at(&mut s, "2026-10-25");
    to(&mut s, 1, State::Review);
    at(&mut s, "2026-11-02");
    s.estimate(
        ItemId(7),
        EstimateChange {
            effort: Some(Some(20)),
            ..EstimateChange::default()
        },
        "mira",
    )
    .unwrap();
    s
}

#[test]
fn velocity_is_the_points_done_per_iteration_less_what_was_reopened() {
    let s = history();
    let its = s.past_iterations(3, 3).unwrap();
    let labels: Vec<&str> = its.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["26.4 it 1", "26.4 it 2"]);
    let v = s.velocities(&its).unwrap();
    assert_eq!(v[0].code, "cluster");
    // it 1: 8 + 3; it 2: 40 − 8.
    assert_eq!(v[0].velocity.points, vec![11, 32]);
    assert_eq!(v[1].code, "APP");
    assert_eq!(v[1].velocity.points, vec![2, 0]);
    assert_eq!(
        v[0].velocity.label(),
        "22 points per iteration (11–32 over the last 2 iterations)"
    );
}

#[test]
fn a_release_forecast_gives_a_date_a_range_and_words() {
    let s = history();
    let f = s.release_forecasts(3).unwrap();
    let pro = f.iter().find(|f| f.release.name == "Pro 3.0").unwrap();
    // Planned 8 + 40 + 20 (re-estimated) = 68; done 40 (item 2): 28 left.
    assert_eq!(
        (pro.planned, pro.done, pro.forecast.remaining),
        (68, 40, 28)
    );
    // Mean 21.5: 2 iterations of 14 days from 11-02 → 11-29 (day 27).
    // Fastest 32: 1 iteration → 11-15. Slowest 11: 3 iterations → 12-13.
    assert_eq!(
        pro.forecast.label(),
        "2026-11-29 (2026-11-15 to 2026-12-13) · on track"
    );
    assert_eq!(pro.forecast.outlook, Outlook::OnTrack);
}

#[test]
fn the_burnup_keeps_scope_changes_visible() {
    let s = history();
    let r = s.release("Pro 3.0").unwrap();
    let its = s.past_iterations(3, 3).unwrap();
    let b = s.burnup(&r, &its).unwrap();
    let points: Vec<(&str, i64, i64)> = b
        .iter()
        .map(|p| (p.label.as_str(), p.scope, p.done))
        .collect();
    // End of it 1: 88 planned, 8 done (item 1). End of it 2: 40 done (item
    // 2; item 1 reopened). Today item 7 went from 40 to 20: scope 68.
    assert_eq!(
        points,
        [
            ("26.4 it 1", 88, 8),
            ("26.4 it 2", 88, 40),
            ("today", 68, 40)
        ]
    );
}

#[test]
fn cumulative_flow_counts_items_per_column_per_day() {
    let s = history();
    let flow = s.cumulative_flow("2026-10-06", "2026-10-12", 3).unwrap();
    let col = |s: State| State::ALL.iter().position(|&x| x == s).unwrap();
    let days: Vec<&str> = flow.iter().map(|f| f.day.as_str()).collect();
    assert_eq!(days, ["2026-10-06", "2026-10-09", "2026-10-12"]);
    // 10-06: as seeded: Ready 1, 3, 5; Implementing 2; Done 6.
    assert_eq!(flow[0].counts[col(State::Ready)], 3);
    assert_eq!(flow[0].counts[col(State::Done)], 1);
    // 10-09: item 1 in Implementing (10-07).
    assert_eq!(flow[1].counts[col(State::Implementing)], 2);
    assert_eq!(flow[1].counts[col(State::Ready)], 2);
    // 10-12: items 1 and 5 Done.
    assert_eq!(flow[2].counts[col(State::Done)], 3);
    assert_eq!(flow[2].counts[col(State::Implementing)], 1);
    assert_eq!(flow[2].counts.iter().sum::<i64>(), 7);
}

#[test]
fn lead_and_cycle_times_count_days_to_done_per_kind() {
    let s = history();
    let times = s.lead_times(None).unwrap();
    // Done since 10-15 (after items 1 and 5): only item 2 (10-20).
    assert_eq!(s.lead_times(Some("2026-10-15")).unwrap().len(), 1);
    let feature = times.iter().find(|t| t.kind.as_str() == "feature").unwrap();
    // Item 1: Implementing 10-07 → Done 10-10 (3 days); item 5 was never
    // in Implementing, so it has a lead time and no cycle time.
    assert_eq!(feature.cycle, vec![3]);
    assert_eq!(feature.lead.len(), 2);
    let system = times.iter().find(|t| t.kind.as_str() == "system").unwrap();
    assert_eq!(system.lead.len(), 1);
    assert!(system.cycle.is_empty(), "item 2 started before the log did");
}

#[test]
fn the_releases_view_and_the_release_plan_show_the_forecast_beside_the_target() {
    let config = clusterboard::config::Config::default();
    let mut plan = Vec::new();
    clusterboard::report::write_release_plan(
        &history(),
        &config,
        clusterboard::report::Format::Md,
        false,
        &mut plan,
    )
    .unwrap();
    let plan = String::from_utf8(plan).unwrap();
    assert!(
        plan.contains(
            "Forecast 2026-11-29 (2026-11-15 to 2026-12-13) · on track · at 22 points per iteration"
        ),
        "{plan}"
    );
    let app = clusterboard::app::App::with_size(
        history(),
        &config,
        false,
        (200, 60),
        clusterboard::app::View::Releases,
    )
    .unwrap();
    let t = common::render::draw(&app);
    let text = common::render::text_of(t.backend().buffer());
    assert!(
        text.contains("target 2026-12-20 (in 48 days) · forecast 2026-11-29 (2026-11-15 to 2026-12-13) · on track"),
        "{text}"
    );
}

/// The Reports view on the history above, on each of its charts.
#[test]
fn the_reports_view_at_80x24_and_200x60() {
    use clusterboard::app::{Action, App, View};
    for (w, h) in [(80, 24), (200, 60)] {
        // One more feature, made on 10-01, started on 10-05 and done on
        // 10-15: lead time 14 days, cycle time 10.
        let mut s = history();
        at(&mut s, "2026-10-01");
        let id = s
            .add_item_at(
                &clusterboard::domain::NewItem {
                    kind: "feature".parse().unwrap(),
                    title: "Trip export".into(),
                    description: String::new(),
                    state: State::Funnel,
                    value: None,
                    effort: Some(5),
                },
                clusterboard::store::Placement::Bottom,
                &clusterboard::store::ItemFill::default(),
                "mira",
            )
            .unwrap()
            .id;
        at(&mut s, "2026-10-05");
        s.move_to_state(id, State::Implementing, "mira", NO_GATE)
            .unwrap();
        at(&mut s, "2026-10-15");
        s.move_to_state(id, State::Done, "mira", NO_GATE).unwrap();
        let mut app = App::with_size(
            s,
            &clusterboard::config::Config::default(),
            false,
            (w, h),
            View::Board,
        )
        .unwrap();
        app.update(Action::ShowReports);
        // Pro 3.0 is the only release: its burn-up.
        let t = common::render::draw(&app);
        let text = common::render::text_of(t.backend().buffer());
        assert!(
            text.contains("[6 Reports]") || text.contains("[6 "),
            "{text}"
        );
        assert!(
            text.contains("• scope") && text.contains("█ done"),
            "{text}"
        );
        insta::assert_snapshot!(format!("reports_burnup_{w}x{h}"), t.backend());
        app.update(Action::SelectRight);
        let t = common::render::draw(&app);
        let text = common::render::text_of(t.backend().buffer());
        // Today: Funnel 2 (4, 7), Ready 1 (3), Review 1 (1), Done 4 (2, 5,
        // 6 and the new one).
        assert!(
            text.contains("Funnel 2") && text.contains("Done 4"),
            "{text}"
        );
        insta::assert_snapshot!(format!("reports_flow_{w}x{h}"), t.backend());
        app.update(Action::SelectRight);
        let t = common::render::draw(&app);
        let text = common::render::text_of(t.backend().buffer());
        assert!(
            text.contains("Lead time of the 4 items done in the last 26 weeks"),
            "{text}"
        );
        // Feature cycle times: item 1's 3 days and the new one's 10.
        assert!(
            text.contains("median 3 d · 85% 10 d"),
            "the new feature's 10 days from Implementing: {text}"
        );
        insta::assert_snapshot!(format!("reports_lead_time_{w}x{h}"), t.backend());
    }
}

/// Runs `clusterboard ARGS` on the history, as the command line would.
fn report(args: &[&str]) -> String {
    use clap::Parser;
    let cli = clusterboard::cli::Cli::try_parse_from(
        std::iter::once("clusterboard").chain(args.iter().copied()),
    )
    .unwrap();
    let mut s = history();
    let mut out = Vec::new();
    clusterboard::command::run(
        &cli.command.unwrap(),
        &mut s,
        &clusterboard::config::Config::default(),
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// The page parses as XML (the reports write XHTML-compatible pages),
/// holds an `<svg>`, and has no script and no external resource.
fn assert_self_contained_page_with_svg(html: &str) {
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("a doctype");
    let mut reader = quick_xml::Reader::from_str(body);
    let mut tags = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                for a in e.attributes() {
                    let key = a.unwrap().key.as_ref().to_string();
                    assert!(!key.starts_with("on") && key != "src" && key != "href");
                }
                tags.push(e.name().as_ref().to_string());
            }
            Ok(_) => {}
            Err(e) => panic!(
                "does not parse at {}: {e}\n{html}",
                reader.buffer_position()
            ),
        }
    }
    assert!(tags.iter().any(|t| t == "svg"), "{tags:?}");
    for banned in ["script", "img", "iframe", "link", "object", "embed"] {
        assert!(!tags.iter().any(|t| t == banned), "<{banned}>");
    }
    assert!(!html.contains("http") && !html.contains("@import"));
    assert!(html.contains("@media print"));
}

#[test]
fn the_burnup_report_in_every_format() {
    let md = report(&["report", "burnup", "Pro 3.0"]);
    // Markdown escapes the dot that could start a list.
    assert!(
        md.contains("| 26\\.4 it 1 (to 2026-10-18) | 88 | 8 |"),
        "{md}"
    );
    assert!(md.contains("| today (to 2026-11-02) | 68 | 40 |"), "{md}");
    let csv = report(&["report", "burnup", "Pro 3.0", "--format", "csv"]);
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "iteration,scope,done",
            "26.4 it 1 (to 2026-10-18),88,8",
            "26.4 it 2 (to 2026-11-01),88,40",
            "today (to 2026-11-02),68,40"
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&report(&[
        "report", "burnup", "Pro 3.0", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json["rows"][1]["done"], 40);
    assert_eq!(json["rows"][2]["scope"], 68);
    let html = report(&["report", "burnup", "Pro 3.0", "--format", "html"]);
    assert_self_contained_page_with_svg(&html);
    assert!(html.contains("on track"), "{html}");
}

#[test]
fn the_flow_report_in_every_format() {
    let args = [
        "report",
        "flow",
        "--from",
        "2026-10-06",
        "--to",
        "2026-10-12",
    ];
    let csv = report(&[&args[..], &["--format", "csv"]].concat());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "day,Funnel,Analysis,Ready,Planned,Implementing,Review,Done,Released"
    );
    // As the store test works out: 10-06 before item 1 started, 10-12 with
    // items 1 and 5 Done.
    assert_eq!(lines[1], "2026-10-06,2,0,3,0,1,0,1,0");
    assert_eq!(lines[7], "2026-10-12,2,0,1,0,1,0,3,0");
    let md = report(&args);
    assert!(
        md.contains("| 2026-10-09 | 2 | 0 | 2 | 0 | 2 | 0 | 1 | 0 |"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&report(&[&args[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 7);
    assert_eq!(json["rows"][6]["Done"], 3);
    assert_self_contained_page_with_svg(&report(&[&args[..], &["--format", "html"]].concat()));
}

#[test]
fn the_lead_time_report_in_every_format() {
    let md = report(&["report", "lead-time"]);
    // Item 1: 3 days from Implementing to Done; the other two never
    // started in the log.
    assert!(md.contains("| Feature | 2 | 0 | 0 | 3 | 3 |"), "{md}");
    assert!(md.contains("| up to 7 days | 3 |"), "{md}");
    let csv = report(&["report", "lead-time", "--format", "csv"]);
    assert_eq!(csv.lines().nth(1), Some("up to 7 days,3"));
    let json: serde_json::Value =
        serde_json::from_str(&report(&["report", "lead-time", "--format", "json"])).unwrap();
    assert_eq!(json["tables"][0]["rows"][0]["Cycle median"], "3");
    assert_self_contained_page_with_svg(&report(&["report", "lead-time", "--format", "html"]));
}

#[test]
fn the_lead_times_a_view_keeps_follow_every_write_and_another_writer() {
    let (_dir, path) = common::seeded_db();
    let mut s = Store::open(&path).unwrap();
    let done = |times: &[clusterboard::store::LeadTimes]| -> usize {
        times.iter().map(|l| l.lead.len()).sum()
    };
    let first = s.lead_times_kept(None).unwrap();
    assert_eq!(first, s.lead_times(None).unwrap());
    // Read ahead on a thread, then an item is done here before it is taken:
    // the read ahead is for older data and is not what the view gets.
    s.warm_lead_times(None).unwrap();
    s.move_to_state(ItemId(1), State::Done, "mira", NO_GATE)
        .unwrap();
    let after = s.lead_times_kept(None).unwrap();
    assert_eq!(done(&after), done(&first) + 1);
    assert_eq!(after, s.lead_times(None).unwrap());
    // A read ahead for the data as it is is what the view gets.
    s.warm_lead_times(Some("2000-01-01")).unwrap();
    assert_eq!(
        s.lead_times_kept(Some("2000-01-01")).unwrap(),
        s.lead_times(Some("2000-01-01")).unwrap()
    );
    // Another program finishes an item: the kept answer is read again.
    let mut other = Store::open(&path).unwrap();
    other
        .move_to_state(ItemId(5), State::Done, "ines", NO_GATE)
        .unwrap();
    assert_eq!(done(&s.lead_times_kept(None).unwrap()), done(&after) + 1);
}

#[test]
fn a_chart_shown_again_is_read_again_only_when_the_data_changed() {
    use clusterboard::app::{Action, App, View};
    let (_dir, path) = common::seeded_db();
    let store = Store::open(&path).unwrap();
    let mut app = App::with_size(
        store,
        &clusterboard::config::Config::default(),
        false,
        (120, 40),
        View::Board,
    )
    .unwrap();
    app.update(Action::ShowReports);
    app.update(Action::SelectRight); // the flow
    let done_now = |app: &App| app.reports.flow.last().map(|d| d.counts.clone());
    let before = done_now(&app);
    app.update(Action::SelectLeft);
    app.update(Action::SelectRight);
    assert_eq!(done_now(&app), before, "nothing changed: the same");
    // Another program finishes an item; the board reloads and the flow follows.
    let mut other = Store::open(&path).unwrap();
    other
        .move_to_state(ItemId(1), State::Done, "ines", NO_GATE)
        .unwrap();
    app.reload().unwrap();
    assert_ne!(done_now(&app), before);
    assert_eq!(
        done_now(&app),
        app.store
            .cumulative_flow(
                &app.reports.flow.first().unwrap().day,
                &app.store.today().unwrap(),
                1
            )
            .unwrap()
            .last()
            .map(|d| d.counts.clone())
    );
}

#[test]
fn the_lead_time_chart_shows_its_times_when_the_thread_has_read_them() {
    use clusterboard::app::Action;
    let (_dir, path) = common::seeded_db();
    let mut app = common::app_on(&path, &clusterboard::config::Config::default(), 120, 40);
    // The burn-up shows first; the lead times are read ahead meanwhile.
    app.update(Action::ShowReports);
    app.update(Action::SelectLeft);
    let mut looks = 0;
    while app.awaiting() {
        assert!(app.reports.lead_waiting());
        std::thread::sleep(std::time::Duration::from_millis(2));
        app.update(Action::Arrived);
        looks += 1;
        assert!(looks < 5000, "the lead times never came");
    }
    assert!(!app.reports.lead_waiting());
    let since = app.store.today().unwrap();
    let since =
        clusterboard::domain::cycle::day_after(&since, -clusterboard::app::reports::LEAD_DAYS);
    assert_eq!(
        app.reports.lead,
        app.store.lead_times(since.as_deref()).unwrap()
    );
    // Leaving the view leaves nothing to wait for.
    app.update(Action::ShowBoard);
    assert!(!app.awaiting());
}
