//! A realistic generated cluster for the benchmark, deterministic per seed.

use crate::domain::State;
use crate::domain::business::BusinessCase;
use crate::domain::dor::default_checklist;
use crate::store::{
    Seed, SeedChange, SeedItem, SeedPortfolioItem, SeedRelease, SeedStakeholder, SeedTeam,
    SeedTeamItem,
};

const VERBS: &[&str] = &[
    "Add", "Improve", "Support", "Replace", "Speed up", "Secure", "Simplify", "Localise",
    "Automate", "Monitor", "Redesign", "Migrate",
];
const OBJECTS: &[&str] = &[
    "battery health report",
    "theft alarm",
    "ride history export",
    "firmware rollout",
    "dealer diagnostics",
    "fleet dashboard",
    "route planning",
    "payment checkout",
    "sensor calibration",
    "push notifications",
    "bike sharing",
    "warranty claims",
    "motor controller",
    "display pairing",
    "service reminders",
    "crash detection",
];
const AUDIENCES: &[&str] = &[
    "fleet operators",
    "dealers",
    "commuters",
    "support agents",
    "riders in Japan",
    "shared fleets",
    "the Lite variant",
    "the Pro variant",
    "workshops",
    "families",
];
const DECK: &[u32] = &[1, 2, 3, 5, 8, 13, 20, 40, 100];

/// A realistic cluster of `n` items, with teams, releases, stakeholders, a
/// portfolio and a change history in proportion. Deterministic for a given
/// `seed`.
pub fn generate(n: usize, seed: u64) -> Seed {
    let mut rng = fastrand::Rng::with_seed(seed);
    let teams = (n / 2_500).clamp(4, 40);
    let versions = (n / 2_000).clamp(2, 50);
    let mut out = Seed::default();
    for t in 0..teams {
        out.teams.push(SeedTeam {
            code: format!("T{t:02}"),
            name: format!("Team {t}"),
            product_owner: Some(format!("PO {t}")),
            capacity: Some(20 + (t as u32 % 20)),
        });
    }
    for v in 0..versions {
        for variant in ["Pro", "Lite"] {
            out.releases.push(SeedRelease {
                variant: variant.into(),
                version: format!("{}.{}", 2 + v / 10, v % 10),
                target_date: Some(format!("{}-{:02}-28", 2026 + v / 12, v % 12 + 1)),
                state: "planned".into(),
                dod: Vec::new(),
            });
        }
    }
    let stakeholders = (n / 1_000).clamp(5, 100);
    for s in 0..stakeholders {
        out.stakeholders.push(SeedStakeholder {
            name: format!("Stakeholder {s}"),
            group: Some(["Sales", "Service", "Legal", "Marketing"][s % 4].into()),
            contact: None,
        });
    }
    // Years of history: most items are released or still in the funnel.
    let states: [(State, u32); 8] = [
        (State::Funnel, 30),
        (State::Analysis, 10),
        (State::Ready, 8),
        (State::Planned, 7),
        (State::Implementing, 5),
        (State::Review, 3),
        (State::Done, 7),
        (State::Released, 30),
    ];
    let kinds = [
        "feature",
        "feature",
        "feature",
        "enabler",
        "application",
        "system",
        "improvement",
    ];
    let all_dor: Vec<String> = default_checklist().into_iter().map(|p| p.key).collect();
    for i in 0..n {
        let mut roll = rng.u32(0..100);
        let state = states
            .iter()
            .find(|(_, w)| {
                if roll < *w {
                    true
                } else {
                    roll -= w;
                    false
                }
            })
            .map_or(State::Funnel, |(s, _)| *s);
        let estimated = state >= State::Analysis || rng.bool();
        let dor = if state >= State::Ready {
            all_dor.clone()
        } else if state == State::Analysis {
            all_dor[..rng.usize(0..all_dor.len())].to_vec()
        } else {
            Vec::new()
        };
        let release = if state >= State::Planned {
            let r = &out.releases[rng.usize(0..out.releases.len())];
            vec![format!("{} {}", r.variant, r.version)]
        } else {
            Vec::new()
        };
        out.items.push(SeedItem {
            kind: kinds[rng.usize(0..kinds.len())].into(),
            title: format!(
                "{} {} for {} #{i}",
                VERBS[rng.usize(0..VERBS.len())],
                OBJECTS[rng.usize(0..OBJECTS.len())],
                AUDIENCES[rng.usize(0..AUDIENCES.len())]
            ),
            description: String::new(),
            state: state.as_str().into(),
            value: estimated.then(|| DECK[rng.usize(0..DECK.len())]),
            effort: (estimated && rng.u8(0..10) > 0).then(|| DECK[rng.usize(0..DECK.len())]),
            releases: release,
            requested_by: if rng.u8(0..4) == 0 {
                vec![out.stakeholders[rng.usize(0..stakeholders)].name.clone()]
            } else {
                Vec::new()
            },
            dor,
            acceptance: String::new(),
            source: String::new(),
            labels: Vec::new(),
        });
        // Items from Planned on are split into one to three team items.
        if state >= State::Planned {
            for k in 0..rng.usize(1..4) {
                let team_state = if state >= State::Done {
                    "done"
                } else {
                    ["todo", "doing", "done"][rng.usize(0..3)]
                };
                out.team_items.push(SeedTeamItem {
                    parent: i + 1,
                    team: out.teams[rng.usize(0..teams)].code.clone(),
                    title: format!("Part {} of item {}", k + 1, i + 1),
                    item_type: ["story", "story", "task", "bug", "use case"][rng.usize(0..5)]
                        .into(),
                    state: team_state.into(),
                    effort: Some(DECK[rng.usize(0..6)]),
                    description: String::new(),
                });
            }
        }
        // Two logged changes per item on average.
        for k in 0..rng.usize(1..4) {
            out.history.push(SeedChange {
                item: i,
                who: format!("PO {}", rng.usize(0..teams)),
                at: format!("2025-{:02}-{:02}T10:00:00.000Z", k + 1, i % 28 + 1),
                summary: format!("Moved item {} to {}", i + 1, state.label()),
            });
        }
    }
    out.portfolio = portfolio(n, seed);
    out
}

/// One portfolio item per 20 cluster items, in every portfolio state; about
/// 80% of the cluster items are derived from one of them, and one in ten
/// portfolio items has a business case its derived items inherit. Drawn from
/// a generator of its own, so the cluster items are those of a file made
/// before the portfolio was generated.
fn portfolio(n: usize, seed: u64) -> Vec<SeedPortfolioItem> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x005e_ed0f_9047_f011);
    let kinds = crate::domain::portfolio::default_kinds();
    let states = crate::domain::portfolio::default_states();
    let count = (n / 20).max(1);
    let mut out: Vec<SeedPortfolioItem> = (0..count)
        .map(|p| SeedPortfolioItem {
            kind: kinds[rng.usize(0..kinds.len())].clone(),
            title: format!(
                "{} {} for {} #P{p}",
                VERBS[rng.usize(0..VERBS.len())],
                OBJECTS[rng.usize(0..OBJECTS.len())],
                AUDIENCES[rng.usize(0..AUDIENCES.len())]
            ),
            description: String::new(),
            owner: format!("Portfolio owner {}", p % 7),
            value: rng.bool().then(|| DECK[rng.usize(0..DECK.len())]),
            state: states[rng.usize(0..states.len())].key.clone(),
            business_case: (p % 10 == 0).then(|| BusinessCase {
                need: format!("Riders and fleets ask for item #P{p}."),
                approach: "Build it on the Pro platform.".into(),
                benefits: "More attach rate, fewer support calls.".into(),
                competition: "Two rivals offer half of it.".into(),
                ..BusinessCase::default()
            }),
            items: Vec::new(),
        })
        .collect();
    for place in 1..=n {
        if rng.u8(0..10) < 8 {
            out[rng.usize(0..count)].items.push(place);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_generator_produces_a_valid_cluster_in_every_column() {
        let seed = generate(2_000, 7);
        let mut store = Store::open_in_memory().unwrap();
        store.load_seed(&seed, "bench").unwrap();
        assert_eq!(store.item_count().unwrap(), 2_000);
        let counts = store
            .column_counts(&crate::domain::filter::Filter::default())
            .unwrap();
        assert!(counts.iter().all(|&(_, n)| n > 0), "{counts:?}");
        // Ranks are a strict order and every Ready-or-later item meets its DoR.
        let keys: Vec<String> = store
            .backlog_page(0, 2_000, &crate::domain::filter::Filter::default())
            .unwrap()
            .into_iter()
            .map(|r| r.item.rank_key)
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let ready = store
            .column_page(
                State::Planned,
                0,
                1,
                &crate::domain::filter::Filter::default(),
            )
            .unwrap();
        let met = store.dor_met(ready[0].id).unwrap();
        assert_eq!(met.len(), default_checklist().len());
        assert!(store.change_count().unwrap() >= 2_000);
        let team = store.teams().unwrap().remove(0);
        assert!(
            store.team_item_count(team.id).unwrap() > 0,
            "team backlogs are filled"
        );
        assert_eq!(store.portfolio_count().unwrap(), 100, "one per 20 items");
        let derived = store.derived_share().unwrap();
        let share = derived.derived_items * 100 / derived.open_items;
        assert!((75..=85).contains(&share), "{share}% derived");
    }

    #[test]
    fn the_generator_is_deterministic() {
        let a = generate(300, 1);
        let b = generate(300, 1);
        let titles = |s: &Seed| s.items.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&a), titles(&b));
    }
}
