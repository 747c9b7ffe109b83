#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! The portfolio above the cluster: its store commands, the Portfolio view
//! driven as a plain function, and the business case written to a file.

mod common;

use clusterboard::app::{Action, Panel, PortfolioRow, View};
use clusterboard::domain::business::BusinessCase;
use clusterboard::domain::itemtext::{ItemText, Shape};
use clusterboard::domain::portfolio::PortfolioId;
use clusterboard::domain::{ItemId, Kind, NewItem, State};
use clusterboard::store::{ItemFill, NewPortfolioItem, PortfolioEdit, PortfolioPlacement, Store};
use common::render::{draw, text_of};
use common::{assert_status_contains, demo_app, small_seed, store_with, type_keys};

fn new(title: &str) -> NewPortfolioItem {
    NewPortfolioItem {
        kind: "product".into(),
        title: title.into(),
        description: String::new(),
        owner: "Amara".into(),
        value: Some(30),
        state: "funnel".into(),
        business_case: None,
    }
}

fn feature(title: &str) -> NewItem {
    NewItem {
        kind: Kind::Feature,
        title: title.into(),
        description: String::new(),
        state: State::Funnel,
        value: None,
        effort: Some(5),
    }
}

fn titles(store: &Store) -> Vec<String> {
    store
        .portfolio()
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect()
}

#[test]
fn portfolio_items_keep_their_own_strict_rank() {
    let mut store = store_with(&small_seed());
    for t in ["Fleet", "Theft", "Lite"] {
        store.add_portfolio_item(&new(t), "po").unwrap();
    }
    assert_eq!(titles(&store), ["Fleet", "Theft", "Lite"]);
    let (_, moved) = store
        .rank_portfolio(PortfolioId(3), PortfolioPlacement::Top, "po")
        .unwrap();
    assert!(moved);
    assert_eq!(titles(&store), ["Lite", "Fleet", "Theft"]);
    store
        .rank_portfolio(PortfolioId(3), PortfolioPlacement::Down, "po")
        .unwrap();
    assert_eq!(titles(&store), ["Fleet", "Lite", "Theft"]);
    store
        .rank_portfolio(PortfolioId(1), PortfolioPlacement::Rank(3), "po")
        .unwrap();
    assert_eq!(titles(&store), ["Lite", "Theft", "Fleet"]);
    let (_, moved) = store
        .rank_portfolio(PortfolioId(3), PortfolioPlacement::Up, "po")
        .unwrap();
    assert!(!moved, "already at the top");
    // The cluster order is not touched by the portfolio's.
    assert_eq!(common::order(&store), [1, 2, 3, 4, 5, 6, 7]);
    store.undo("po").unwrap();
    assert_eq!(titles(&store), ["Fleet", "Lite", "Theft"]);
}

#[test]
fn a_derived_item_rolls_up_to_its_portfolio_item_and_undo_takes_it_back() {
    let mut store = store_with(&small_seed());
    let p = store.add_portfolio_item(&new("Fleet"), "po").unwrap();
    let a = store
        .derive(p.id, &feature("Fleet billing"), &ItemFill::default(), "po")
        .unwrap();
    assert_eq!(a.portfolio, Some(p.id));
    store.link(ItemId(1), Some(p.id), "po").unwrap();
    let r = store.rollup(p.id).unwrap();
    assert_eq!((r.items, r.items_done), (2, 0));
    assert_eq!(r.points, 5 + 8, "the derived item's effort and F-1's");
    let share = store.derived_share().unwrap();
    assert_eq!(share.derived_items, 2);
    assert!(share.open_items >= 2);
    // Undo takes back the link, then the derived item.
    store.undo("po").unwrap();
    assert_eq!(store.item(ItemId(1)).unwrap().portfolio, None);
    store.undo("po").unwrap();
    assert!(store.item(a.id).is_err(), "the derived item is gone");
    assert_eq!(store.rollup(p.id).unwrap().items, 0);
}

#[test]
fn archiving_a_portfolio_item_keeps_its_derived_items_linked() {
    let mut store = store_with(&small_seed());
    let p = store.add_portfolio_item(&new("Fleet"), "po").unwrap();
    store.link(ItemId(2), Some(p.id), "po").unwrap();
    store.archive_portfolio(p.id, "po").unwrap();
    assert!(store.portfolio().unwrap().is_empty());
    assert_eq!(store.archived_portfolio().unwrap().len(), 1);
    assert_eq!(store.item(ItemId(2)).unwrap().portfolio, Some(p.id));
    assert!(
        store
            .derive(p.id, &feature("More"), &ItemFill::default(), "po")
            .is_err(),
        "nothing is derived from an archived item"
    );
    store.undo("po").unwrap();
    assert_eq!(titles(&store), ["Fleet"]);
}

#[test]
fn a_business_case_is_stored_whole_and_a_derived_item_inherits_it() {
    let mut store = store_with(&small_seed());
    let p = store.add_portfolio_item(&new("Fleet"), "po").unwrap();
    let case = BusinessCase {
        need: "Operators lose rides.".into(),
        approach: "One portal.".into(),
        benefits: "€2M a year.".into(),
        competition: "Generic tools.".into(),
        ..BusinessCase::default()
    };
    let edited = store
        .edit_portfolio(
            p.id,
            &PortfolioEdit {
                business_case: Some(Some(case.clone())),
                ..PortfolioEdit::default()
            },
            "po",
        )
        .unwrap();
    assert_eq!(edited.business_case.as_ref(), Some(&case));
    assert!(case.has_nabc());
    let d = store
        .derive(p.id, &feature("Billing"), &ItemFill::default(), "po")
        .unwrap();
    assert_eq!(d.business_case, Some(case.clone()));
    // The file round trip that E and --business-case-file use.
    let text = ItemText {
        business: case.clone(),
        ..ItemText::default()
    }
    .render("P-1", Shape::Business);
    let back = ItemText::parse(&text, Shape::Business).unwrap();
    assert_eq!(back.business, case);
    assert!(ItemText::parse("## Title\nx\n", Shape::Business).is_err());
}

#[test]
fn the_portfolio_view_opens_an_item_to_its_derived_items() {
    let mut app = demo_app(80, 24);
    app.update(Action::ShowPortfolio);
    assert_eq!(app.view, View::Portfolio);
    assert_eq!(app.portfolio.items, 7);
    assert!(matches!(
        app.portfolio.selected_row(),
        Some(PortfolioRow::Item { rank: 1, .. })
    ));
    app.update(Action::Toggle);
    assert_eq!(app.portfolio.count, 7 + 8, "P-1 shows its eight items");
    app.update(Action::SelectDown);
    let Some(PortfolioRow::Derived { row, .. }) = app.portfolio.selected_row() else {
        panic!("a derived row: {:?}", app.portfolio.selected_row());
    };
    assert_eq!(row.item.code(), "F-2");
    // h goes back up to the parent and closes it.
    app.update(Action::SelectLeft);
    assert_eq!(app.portfolio.count, 7);
    assert_eq!(app.portfolio.selected, 0);
}

#[test]
fn ranking_in_the_portfolio_view_moves_the_portfolio_item() {
    let mut app = demo_app(80, 24);
    app.update(Action::ShowPortfolio);
    app.update(Action::RankDown);
    assert_status_contains(&app, "Moved P-1");
    assert_status_contains(&app, "portfolio rank 2 of 7");
    assert_eq!(app.portfolio.selected, 1, "the selection follows it");
    app.update(Action::MoveCardRight);
    assert_status_contains(&app, "from Implementing to Done");
    app.update(Action::Undo);
    app.update(Action::Undo);
    assert_eq!(app.store.portfolio().unwrap()[0].code(), "P-1");
}

#[test]
fn d_derives_a_cluster_item_from_the_selected_portfolio_item() {
    let mut app = demo_app(80, 24);
    app.update(Action::ShowPortfolio);
    app.update(Action::Derive);
    assert!(matches!(app.panel, Some(Panel::Form(_))));
    type_keys(&mut app, "Fleet rider onboarding");
    app.update(Action::Confirm);
    assert_status_contains(&app, "derived from P-1");
    let made = app.store.item(ItemId(41)).unwrap();
    assert_eq!(made.portfolio, Some(PortfolioId(1)));
    assert!(made.business_case.is_some(), "it inherits P-1's NABC");
}

#[test]
fn n_in_the_portfolio_view_adds_a_portfolio_item() {
    let mut app = demo_app(80, 24);
    app.update(Action::ShowPortfolio);
    app.update(Action::NewItem);
    app.update(Action::SelectUp);
    app.update(Action::SelectRight);
    app.update(Action::NextField);
    type_keys(&mut app, "E-cargo bikes");
    app.update(Action::Confirm);
    assert_status_contains(&app, "Created portfolio item P-8");
    let p = app.store.portfolio_item(PortfolioId(8)).unwrap();
    assert_eq!(p.kind, "product", "→ took the next kind");
    assert_eq!(app.store.portfolio_position(p.id).unwrap(), 8);
}

#[test]
fn the_portfolio_view_and_an_item_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_app(w, h);
        app.update(Action::ShowPortfolio);
        app.update(Action::Toggle);
        let t = draw(&app);
        let text = text_of(t.backend().buffer());
        assert!(text.contains("Velo Fleet"), "{text}");
        assert!(text.contains("└ SSO login"), "{text}");
        insta::assert_snapshot!(format!("portfolio_{w}x{h}"), t.backend());
        app.update(Action::OpenItem);
        let t = draw(&app);
        let text = text_of(t.backend().buffer());
        assert!(text.contains("NABC: Need"), "{text}");
        insta::assert_snapshot!(format!("portfolio_item_{w}x{h}"), t.backend());
    }
}

#[test]
fn the_item_view_names_the_portfolio_item_it_comes_from() {
    let mut app = demo_app(200, 60);
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    app.update(Action::OpenItem);
    let t = draw(&app);
    let text = text_of(t.backend().buffer());
    assert!(
        text.contains("from P-2 \"Theft protection suite\""),
        "{text}"
    );
}

#[test]
fn writing_acceptance_criteria_or_a_source_ticks_its_dor_point() {
    use clusterboard::store::ItemEdit;
    let mut store = store_with(&small_seed());
    let id = ItemId(3);
    let edit = ItemEdit {
        acceptance: Some("Given a rider…".into()),
        source: Some("Dealer council".into()),
        ..ItemEdit::default()
    };
    store.edit_item(id, &edit, "po").unwrap();
    let met = store.dor_met(id).unwrap();
    assert!(met.contains(&"acceptance".to_string()), "{met:?}");
    assert!(met.contains(&"source".to_string()), "{met:?}");
    // An edit of another field leaves a manual untick alone.
    let point = clusterboard::domain::dor::default_checklist()
        .into_iter()
        .find(|p| p.key == "source")
        .unwrap();
    store.set_dor_point(id, &point, false, "po").unwrap();
    let retitle = ItemEdit {
        title: Some("Renamed".into()),
        ..ItemEdit::default()
    };
    store.edit_item(id, &retitle, "po").unwrap();
    assert!(!store.dor_met(id).unwrap().contains(&"source".to_string()));
    // Emptying the criteria opens the point; undo ticks it again.
    let clear = ItemEdit {
        acceptance: Some(String::new()),
        ..ItemEdit::default()
    };
    store.edit_item(id, &clear, "po").unwrap();
    assert!(
        !store
            .dor_met(id)
            .unwrap()
            .contains(&"acceptance".to_string())
    );
    store.undo("po").unwrap();
    assert!(
        store
            .dor_met(id)
            .unwrap()
            .contains(&"acceptance".to_string())
    );
}

#[test]
fn the_create_form_starts_an_item_from_a_template() {
    let mut app = demo_app(80, 24);
    app.update(Action::NewItem);
    type_keys(&mut app, "Rider referral");
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    app.update(Action::SelectRight);
    app.update(Action::Confirm);
    assert_status_contains(&app, "from the user story template");
    let made = app.store.item(ItemId(41)).unwrap();
    assert!(made.description.starts_with("As a <role>"), "{made:?}");
    assert!(made.acceptance.starts_with("Given"), "{made:?}");
    assert!(
        app.store
            .dor_met(made.id)
            .unwrap()
            .contains(&"acceptance".to_string()),
        "written criteria tick their DoR point"
    );
    // One change: undo takes the item and its texts back together.
    app.update(Action::Undo);
    assert!(app.store.item(ItemId(41)).is_err());
}

#[test]
fn the_portfolio_filter_shows_one_portfolio_items_derived_work() {
    let mut app = demo_app(200, 60);
    app.update(Action::ShowBacklog);
    app.update(Action::StartFilter);
    type_keys(&mut app, "portfolio:P-2");
    app.update(Action::Confirm);
    assert_eq!(app.shown_items, 4, "P-2 has four derived items");
    assert!(
        app.backlog
            .rows
            .iter()
            .all(|r| r.item.portfolio == Some(PortfolioId(2)))
    );
    app.update(Action::Close);
    app.update(Action::StartFilter);
    type_keys(&mut app, "portfolio:none");
    app.update(Action::Confirm);
    assert!(app.backlog.rows.iter().all(|r| r.item.portfolio.is_none()));
    assert!(app.shown_items > 0);
    // On the board the counts follow the filter too.
    app.update(Action::ShowBoard);
    let on_board: usize = app.columns.iter().map(|c| c.count).sum();
    assert_eq!(on_board, app.shown_items);
}

#[test]
fn board_cards_carry_the_portfolio_tag_of_derived_items_only() {
    let app = demo_app(200, 60);
    let screen = text_of(draw(&app).backend().buffer());
    // F-19 is derived from P-1; F-8 (Japanese localisation) from P-4; F-14 is
    // the cluster's own work and carries no tag.
    assert!(screen.contains("P-1 Apple Wallet"), "{screen}");
    let f14 = app.store.item(ItemId(14)).unwrap();
    assert!(f14.portfolio.is_none(), "F-14 is the cluster's own");
    assert!(screen.contains("Family accounts"), "{screen}");
    assert!(
        !screen
            .lines()
            .flat_map(|l| l.split(['│', '┃']))
            .any(|cell| cell.contains("P-") && cell.contains("Family accounts")),
        "an own item has no tag"
    );
}

#[test]
fn shift_x_in_the_portfolio_view_restores_an_archived_portfolio_item() {
    let mut app = demo_app(80, 24);
    app.update(Action::ShowPortfolio);
    app.store.archive_portfolio(PortfolioId(7), "po").unwrap();
    app.reload().unwrap();
    app.update(Action::ShowArchive);
    let Some(Panel::Archive(p)) = &app.panel else {
        panic!("the portfolio's archive is open");
    };
    assert!(p.portfolio);
    assert_eq!(p.items[0].code, "P-7");
    app.update(Action::Confirm);
    assert_status_contains(
        &app,
        "Restored P-7 \"Connected riding community\" to Funnel at portfolio rank 7.",
    );
    assert!(
        app.store
            .portfolio_item(PortfolioId(7))
            .unwrap()
            .archived_at
            .is_none()
    );
    // Restoring is one change: undo archives it again.
    app.update(Action::Undo);
    assert!(
        app.store
            .portfolio_item(PortfolioId(7))
            .unwrap()
            .archived_at
            .is_some()
    );
}
