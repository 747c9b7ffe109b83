#![allow(dead_code)] // Each test file uses a different part of this.

pub mod jira;
pub mod render;

use std::path::{Path, PathBuf};

use clusterboard::app::{Action, App};
use clusterboard::config::Config;
use clusterboard::demo;
use clusterboard::domain::{ItemId, State};
use clusterboard::store::{Gate, NewTeam, Seed, SeedItem, Store};

// Seeds: the clusters tests start from.

/// One seed item, its kind and state named as the CLI names them.
pub fn item(
    kind: &str,
    title: &str,
    state: &str,
    value: Option<u32>,
    effort: Option<u32>,
) -> SeedItem {
    SeedItem {
        kind: kind.into(),
        title: title.into(),
        description: String::new(),
        state: state.into(),
        value,
        effort,
        releases: vec![],
        requested_by: vec![],
        dor: vec![],
        acceptance: String::new(),
        source: String::new(),
        labels: vec![],
    }
}

/// A small cluster in rank order: ids 1..=7 in this order.
pub fn small_seed() -> Seed {
    Seed {
        items: vec![
            item("feature", "SSO login", "ready", Some(20), Some(8)),
            item(
                "system",
                "Battery management",
                "implementing",
                Some(100),
                Some(40),
            ),
            item("feature", "Offline maps", "ready", Some(13), None),
            item("enabler", "OTA pipeline", "funnel", None, None),
            item("feature", "Dark mode", "ready", Some(5), Some(3)),
            item("improvement", "Faster reconnect", "done", Some(5), Some(3)),
            item("application", "Dealer app", "funnel", Some(20), Some(40)),
        ],
        ..Seed::default()
    }
}

/// [`small_seed`] followed by `count` features without estimates, titled
/// "{title} 0", "{title} 1", …, their states taken from `states` in turn:
/// a bigger cluster for scrolling, WIP limits and position checks.
pub fn small_seed_plus(count: usize, title: &str, states: &[&str]) -> Seed {
    let mut seed = small_seed();
    for n in 0..count {
        let state = states[n % states.len()];
        seed.items
            .push(item("feature", &format!("{title} {n}"), state, None, None));
    }
    seed
}

/// Titles that must render safely: escapes, CJK, emoji sequences, right-to-left.
pub fn hostile_seed() -> Seed {
    Seed {
        items: vec![
            item(
                "feature",
                "Clear screen \u{1b}[2J\u{1b}]0;pwned\u{7} attack",
                "funnel",
                Some(8),
                Some(5),
            ),
            item(
                "feature",
                "日本語ローカライズ for the rider app",
                "funnel",
                Some(13),
                Some(5),
            ),
            item(
                "feature",
                "Family accounts 👨\u{200d}👩\u{200d}👧 and 👍🏽",
                "analysis",
                None,
                Some(3),
            ),
            item(
                "feature",
                "دعم اللغة العربية \u{202e}reversed",
                "ready",
                Some(3),
                None,
            ),
            item(
                "enabler",
                "한국어 지원 및 絵文字 🚲🔥 everywhere in the app",
                "ready",
                Some(1),
                Some(1),
            ),
        ],
        ..Seed::default()
    }
}

// Stores, and what tests set up in them.

/// An in-memory store holding `seed`.
pub fn store_with(seed: &Seed) -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    store.load_seed(seed, "test").expect("seed loads");
    store
}

/// Every item's id in cluster rank order, as the store keeps it.
pub fn order(store: &Store) -> Vec<i64> {
    store
        .ranked_items(None)
        .expect("ranked items")
        .into_iter()
        .map(|r| r.item.id.0)
        .collect()
}

/// A state move without a Definition of Ready to check.
pub const NO_GATE: Gate<'static> = Gate {
    dor: &[],
    force: false,
};

/// A team with only its code and name set.
pub fn new_team(code: &str, name: &str) -> NewTeam {
    NewTeam {
        code: code.into(),
        name: name.into(),
        ..NewTeam::default()
    }
}

/// Adds `(code, name)` teams in this order, each change made by `who`.
pub fn add_teams(store: &mut Store, teams: &[(&str, &str)], who: &str) {
    for &(code, name) in teams {
        store
            .add_team(&new_team(code, name), who)
            .expect("team is added");
    }
}

/// Meets every point of the default Definition of Done of `release`, so it
/// may be accepted: ticks the ticked ones and moves its open items to Done
/// (the "items" point is worked out from them).
pub fn tick_release_dod(store: &mut Store, release: &str, who: &str) {
    let release = store.release(release).expect("the release exists");
    for code in store
        .not_done_in(&release, usize::MAX / 2)
        .expect("open items")
    {
        let id = ItemId(
            code.split('-')
                .nth(1)
                .and_then(|n| n.parse().ok())
                .expect("a code"),
        );
        store
            .move_to_state(id, State::Done, who, NO_GATE)
            .expect("the item is done");
    }
    for point in Config::default()
        .dod
        .iter()
        .filter(|p| p.key != clusterboard::store::ITEMS_DONE)
    {
        store
            .set_release_dod(&release, point, true, who)
            .expect("the point is ticked");
    }
}

// The board, driven without a terminal.

/// The board on an in-memory store holding `seed`, at the given terminal size.
pub fn app_with(seed: &Seed, width: u16, height: u16) -> App {
    let mut app = App::new(store_with(seed), &Config::default(), false).expect("app");
    app.update(Action::Resize(width, height));
    app
}

/// The demo cluster (`--demo`) on the board at the given terminal size.
/// The bundled demo cluster, in memory.
pub fn demo_store() -> Store {
    demo::open().expect("demo store")
}

pub fn demo_app(width: u16, height: u16) -> App {
    let mut app =
        App::new(demo::open().expect("demo store"), &Config::default(), true).expect("app");
    app.update(Action::Resize(width, height));
    app
}

/// Types `text` into whatever prompt or field has the focus, key by key.
pub fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(c));
    }
}

/// Fails, showing the whole status line, unless the line contains `text`.
#[track_caller]
pub fn assert_status_contains(app: &App, text: &str) {
    assert!(
        app.status.text.contains(text),
        "the status line lacks {text:?}: {:?}",
        app.status
    );
}

// Database files, for restarts and second sessions.

/// Where a test may create a database file; the file is gone with the directory.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cluster.db");
    (dir, path)
}

/// A database file holding [`small_seed`], for tests that reopen it or open
/// it twice, as a restart or a second session would.
pub fn seeded_db() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_db();
    Store::open(&path)
        .expect("database file opens")
        .load_seed(&small_seed(), "t")
        .expect("seed loads");
    (dir, path)
}

/// The board on the database file at `path`, at the given terminal size.
pub fn app_on(path: &Path, config: &Config, width: u16, height: u16) -> App {
    let store = Store::open(path).expect("database file opens");
    let mut app = App::new(store, config, false).expect("app");
    app.update(Action::Resize(width, height));
    app
}

pub fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("readable file")
}
