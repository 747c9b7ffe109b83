#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! Themes: the built-ins read well (contrast ≥ 7:1 in the RGB themes), every
//! style of the views comes from a theme slot, user themes load by name, and
//! each view is drawn alike in every theme but for its colours.

mod common;

use std::path::Path;

use clusterboard::app::{Action, App};
use clusterboard::config::Config;
use clusterboard::theme::{BUILT_IN, Slot, Theme, Themes};
use common::demo_app;
use common::render::{draw, styles_of, text_of};
use ratatui::style::{Color, Modifier};

fn luminance(c: Color) -> f64 {
    let Color::Rgb(r, g, b) = c else {
        panic!("{c:?} is not an RGB colour");
    };
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The WCAG contrast ratio of two colours, 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Each slot's text and background as drawn: a slot without its own colours
/// draws on the screen's (`text`), and `reversed` swaps them.
fn pairs(theme: &Theme) -> Vec<(Slot, Color, Color)> {
    let base = theme.text();
    Slot::ALL
        .iter()
        .map(|&slot| {
            let s = theme.style(slot);
            let fg = s.fg.or(base.fg).expect("a text colour");
            let bg = s.bg.or(base.bg).expect("a background");
            if s.add_modifier.contains(Modifier::REVERSED) {
                (slot, bg, fg)
            } else {
                (slot, fg, bg)
            }
        })
        .collect()
}

#[test]
fn every_text_of_the_rgb_themes_stands_at_7_to_1_or_more() {
    for name in ["light", "dark", "high-contrast"] {
        let theme = Theme::built_in(name).unwrap();
        let mut lowest = (f64::MAX, "");
        for (slot, fg, bg) in pairs(&theme) {
            let ratio = contrast(fg, bg);
            assert!(
                ratio >= 7.0,
                "{name}: {} is {fg:?} on {bg:?}, contrast {ratio:.2}:1",
                slot.name()
            );
            if ratio < lowest.0 {
                lowest = (ratio, slot.name());
            }
        }
        println!("{name}: lowest contrast {:.2}:1 ({})", lowest.0, lowest.1);
    }
}

#[test]
fn the_selection_of_the_rgb_themes_sets_both_its_colours() {
    // A highlight patches its colours over whatever the row holds: with both
    // set, the selected row reads at the selection's own contrast.
    for name in ["light", "dark", "high-contrast"] {
        let s = Theme::built_in(name).unwrap().selected();
        assert!(s.fg.is_some() && s.bg.is_some(), "{name}");
    }
}

#[test]
fn the_high_contrast_theme_has_no_dim_text() {
    let theme = Theme::built_in("high-contrast").unwrap();
    let text = theme.text().fg.unwrap();
    for &slot in Slot::ALL {
        assert!(
            !theme.style(slot).add_modifier.contains(Modifier::DIM),
            "{} is dim",
            slot.name()
        );
    }
    assert_eq!(
        theme.dim().fg,
        Some(text),
        "secondary text is as bright as text"
    );
}

#[test]
fn every_style_in_the_views_comes_from_a_theme_slot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for inline in ["Color::", "Modifier::", "Style::new", "Style::default"] {
            assert!(
                !text.contains(inline),
                "{} uses {inline}: take the style from the theme",
                path.display()
            );
        }
    }
}

#[test]
fn a_user_theme_is_found_by_name_beside_the_config_and_f2_reaches_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("themes/beamer.toml"),
        "extends = \"high-contrast\"\n[slots]\nheading = { fg = \"#00ff00\", bold = true }\n",
    )
    .unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[ui]\ntheme = \"beamer\"\n").unwrap();
    let config = Config::load(Some(&path)).unwrap();
    let mut app = App::new(common::demo_store(), &config, true).unwrap();
    if app.no_color {
        return; // NO_COLOR in the test's environment keeps colours off.
    }
    assert_eq!(app.screen.theme.name, "beamer");
    assert_eq!(app.screen.theme.heading().fg, Some(Color::Rgb(0, 255, 0)));
    let hc = Theme::built_in("high-contrast").unwrap();
    assert_eq!(
        app.screen.theme.text(),
        hc.text(),
        "the rest comes from its base"
    );
    let mut seen = Vec::new();
    for _ in 0..5 {
        app.update(Action::NextTheme);
        seen.push(app.screen.theme.name.clone());
    }
    assert_eq!(
        seen,
        ["terminal", "light", "dark", "high-contrast", "beamer"]
    );
    common::assert_status_contains(&app, "Theme beamer");
}

#[test]
fn a_bad_user_theme_is_named_with_its_file_and_line_and_the_board_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("themes/broken.toml"),
        "[slots]\ntext = {}\nwarnign = { bold = true }\n",
    )
    .unwrap();
    let themes = Themes {
        dir: Some(dir.path().join("themes")),
    };
    let err = themes.load("broken").unwrap_err().to_string();
    assert!(
        err.ends_with("broken.toml:3: there is no style slot \"warnign\": the slots are text, dim, heading, table_header, key, title, bar, bar_accent, bar_warning, selected, border, border_selected, border_alert, column_title, column_title_selected, panel_border, warning, error, alert, timer, moved_up, moved_down, added, card, card_chosen, kind_system, kind_application, kind_feature, kind_enabler, kind_improvement"),
        "{err}"
    );
    let err = themes.load("sepia").unwrap_err().to_string();
    assert!(
        err.starts_with("there is no theme \"sepia\": the themes are terminal, light, dark, high-contrast, broken"),
        "{err}"
    );
    let config = Config {
        theme: "sepia".into(),
        ..Config::default()
    };
    let app = App::new(common::demo_store(), &config, true).unwrap();
    assert_eq!(app.screen.theme.name, "terminal");
    common::assert_status_contains(&app, "there is no theme \"sepia\"");
}

#[test]
fn the_command_line_switches_the_theme_by_name_and_refuses_an_unknown_one() {
    let mut app = demo_app(80, 24);
    app.update(Action::OpenCommandLine);
    common::type_keys(&mut app, "theme dark");
    app.update(Action::Confirm);
    assert_eq!(app.screen.theme.name, "dark");
    app.update(Action::OpenCommandLine);
    common::type_keys(&mut app, "theme sepia");
    app.update(Action::Confirm);
    assert_eq!(
        app.screen.theme.name, "dark",
        "an unknown theme changes nothing"
    );
    common::assert_status_contains(&app, "there is no theme \"sepia\"");
}

#[test]
fn every_built_in_theme_has_a_file_in_assets() {
    for (name, text) in BUILT_IN {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/themes/{name}.toml"));
        assert_eq!(std::fs::read_to_string(file).unwrap(), text);
    }
}

/// The demo on one view in one theme, at one size, used by "alex".
fn themed(name: &str, w: u16, h: u16, setup: impl Fn(&mut App)) -> App {
    let config = Config {
        user_name: Some("alex".into()),
        ..Config::default()
    };
    let mut app = App::new(common::demo_store(), &config, true).unwrap();
    app.update(Action::Resize(w, h));
    // The snapshots pin the colours, so NO_COLOR in the environment is set aside.
    app.screen.theme = Theme::built_in(name).unwrap();
    setup(&mut app);
    app
}

/// Every character drawn in an RGB theme stands at 7:1 or more on its
/// background, as drawn: a style patched over another counts as the result.
fn assert_drawn_at_7_to_1(buffer: &ratatui::buffer::Buffer, theme: &str, view: &str) {
    for (i, cell) in buffer.content().iter().enumerate() {
        if cell.symbol().trim().is_empty() {
            continue;
        }
        let (mut fg, mut bg) = (cell.fg, cell.bg);
        if cell.modifier.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        let ratio = contrast(fg, bg);
        assert!(
            ratio >= 7.0,
            "{theme} {view}: {:?} at cell {i} is {fg:?} on {bg:?}, {ratio:.2}:1",
            cell.symbol()
        );
    }
}

/// Snapshots one view in every built-in theme at 80×24 and 200×60: its text
/// once (the same in every theme) and each theme's styles.
fn snapshot_in_every_theme(view: &str, setup: impl Fn(&mut App) + Copy) {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut text = None;
        for (name, _) in BUILT_IN {
            let app = themed(name, w, h, setup);
            let t = draw(&app);
            let buffer = t.backend().buffer();
            if name != "terminal" {
                assert_drawn_at_7_to_1(buffer, name, view);
            }
            let this = common::render::timeless(&text_of(buffer));
            match &text {
                None => text = Some(this),
                Some(first) => assert_eq!(first, &this, "{name} changes what {view} says"),
            }
            insta::assert_snapshot!(format!("{view}_{w}x{h}_{name}"), styles_of(buffer));
        }
        insta::assert_snapshot!(format!("{view}_{w}x{h}_text"), text.unwrap_or_default());
    }
}

#[test]
fn the_board_in_every_theme() {
    snapshot_in_every_theme("board", |app| app.update(Action::Close));
}

#[test]
fn the_backlog_in_every_theme() {
    snapshot_in_every_theme("backlog", |app| {
        app.update(Action::ShowBacklog);
        app.update(Action::SelectFirst);
    });
}

#[test]
fn focus_mode_in_every_theme() {
    snapshot_in_every_theme("focus", |app| {
        app.update(Action::ShowBacklog);
        app.update(Action::SelectFirst);
        vote(app, &["13", "8", "20"]);
        app.update(Action::Focus);
    });
}

#[test]
fn the_poker_panel_in_every_theme() {
    snapshot_in_every_theme("poker", |app| {
        app.update(Action::ShowBacklog);
        app.update(Action::SelectFirst);
        app.update(Action::PokerEffort);
        for card in ["8", "13", "40"] {
            common::type_keys(app, card);
            app.update(Action::Confirm);
        }
        app.update(Action::Reveal);
    });
}

/// A value round on the selected item with these votes, agreed on the proposal.
fn vote(app: &mut App, cards: &[&str]) {
    app.update(Action::PokerValue);
    for card in cards {
        common::type_keys(app, card);
        app.update(Action::Confirm);
    }
    app.update(Action::Reveal);
    app.update(Action::Confirm);
}

/// The real binary on a fresh database in `dir`, with its own config directory.
fn binary(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(args)
        .env("CLUSTERBOARD_DB", dir.join("c.db"))
        .env_remove("CLUSTERBOARD_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .expect("the binary runs")
}

#[test]
fn on_the_command_line_themes_and_timeboxes_are_named_as_board_settings() {
    let dir = tempfile::tempdir().unwrap();
    let listed = binary(dir.path(), &["theme"]);
    assert!(listed.status.success());
    let listed = String::from_utf8_lossy(&listed.stdout);
    let rows: Vec<&str> = listed.lines().collect();
    assert!(
        rows[0].starts_with("theme") && rows[0].contains("in use"),
        "{listed}"
    );
    assert!(
        rows[1].starts_with("terminal") && rows[1].trim_end().ends_with("in use"),
        "{listed}"
    );
    assert!(
        rows[2].starts_with("light") && rows[2].contains("built in"),
        "{listed}"
    );
    let json = binary(dir.path(), &["theme", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json[0]["name"], "terminal");
    assert_eq!(json[0]["in_use"], true);
    let other = tempfile::tempdir().unwrap();
    let checkpoints = binary(other.path(), &["checkpoint", "--list", "--format", "csv"]);
    assert!(checkpoints.status.success());
    assert_eq!(
        String::from_utf8_lossy(&checkpoints.stdout).lines().next(),
        Some("at,name,items,who")
    );
    let o = binary(dir.path(), &["theme", "dark"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the theme is a setting of the board: start it with --theme dark"),
        "{err}"
    );
    let o = binary(dir.path(), &["--theme", "sepia", "list"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("there is no theme \"sepia\""), "{err}");
    assert!(
        !dir.path().join("c.db").exists(),
        "a bad theme opens no database"
    );
    let o = binary(dir.path(), &["timebox", "5m"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("a timebox is a countdown on the board"),
        "{err}"
    );
}

#[test]
fn every_view_and_panel_draws_at_7_to_1_in_the_rgb_themes() {
    let steps: [(&str, &[Action]); 9] = [
        ("item view", &[Action::OpenItem]),
        ("help", &[Action::ToggleHelp]),
        ("DoR", &[Action::OpenDor]),
        ("split", &[Action::Split]),
        ("form", &[Action::NewItem]),
        ("teams", &[Action::ShowTeams]),
        ("releases", &[Action::ShowReleases]),
        ("suggested order", &[Action::ShowSuggestion]),
        ("release picker", &[Action::PlanRelease]),
    ];
    for name in ["light", "dark", "high-contrast"] {
        for (w, h) in [(80, 24), (200, 60)] {
            for (view, actions) in steps {
                let app = themed(name, w, h, |app| {
                    for a in actions {
                        app.update(*a);
                    }
                });
                assert_drawn_at_7_to_1(draw(&app).backend().buffer(), name, view);
            }
            // A timebox that ran out: the header's alert.
            let mut app = themed(name, w, h, |app| app.update(Action::Close));
            app.screen.clock = clusterboard::app::timebox::Clock::manual();
            app.update(Action::Timebox);
            app.screen
                .clock
                .advance(std::time::Duration::from_secs(400));
            app.update(Action::Tick);
            let t = draw(&app);
            assert!(text_of(t.backend().buffer()).contains("TIME IS UP"));
            assert_drawn_at_7_to_1(t.backend().buffer(), name, "timebox");
        }
    }
}
