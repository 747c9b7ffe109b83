//! The demo cluster shipped in `assets/demo.toml`, built into the binary so
//! `--demo` works from any directory.

use anyhow::Context;

use crate::store::{Seed, Store};

pub const DEMO_TOML: &str = include_str!("../assets/demo.toml");

pub fn seed() -> anyhow::Result<Seed> {
    toml::from_str(DEMO_TOML).context("the bundled demo cluster (assets/demo.toml) is invalid")
}

/// A private in-memory database holding the demo: it never touches a user's file.
pub fn open() -> anyhow::Result<Store> {
    let mut store = Store::open_in_memory()?;
    store.load_seed(&seed()?, "demo")?;
    Ok(store)
}

/// Days of made-up history `--demo` brings, so its charts have a past.
pub const HISTORY_DAYS: i64 = 120;

/// The demo as `--demo` opens it: with four months of made-up per-day
/// counts ending today (each item walked to its column a few days a step),
/// so the Reports view, velocity and forecasts show what they would on a
/// cluster in use. The change log holds no such moves: it is made up.
pub fn open_with_history() -> anyhow::Result<Store> {
    let mut store = open()?;
    store.write_synthetic_history(HISTORY_DAYS, 7)?;
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::State;

    #[test]
    fn the_demo_fills_every_column_with_about_forty_items() {
        let store = open().unwrap();
        let counts = store
            .column_counts(&crate::domain::filter::Filter::default())
            .unwrap();
        assert!(counts.iter().all(|&(_, n)| n > 0), "{counts:?}");
        let total: usize = counts.iter().map(|&(_, n)| n).sum();
        assert!((35..=45).contains(&total), "{total}");
        let c = crate::config::Config::default();
        let export = store.export(&c.dor, c.scoring).unwrap();
        assert!((3..=4).contains(&export.teams.len()));
        assert_eq!(export.releases.len(), 4);
        assert!(export.stakeholders.len() >= 3);
        assert!(counts.contains(&(State::Review, 4)));
    }

    #[test]
    fn the_demo_holds_wide_and_right_to_left_titles() {
        let titles: Vec<String> = open()
            .unwrap()
            .ranked_items(None)
            .unwrap()
            .into_iter()
            .map(|r| r.item.title)
            .collect();
        assert!(titles.iter().any(|t| t.contains("日本語")));
        assert!(
            titles.iter().any(|t| t.contains('\u{200d}')),
            "a ZWJ emoji sequence"
        );
        assert!(titles.iter().any(|t| t.contains("العربية")));
    }
}
