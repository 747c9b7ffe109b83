//! The script that writes `tests/fixtures/jira-velo.csv`: a realistic Jira
//! Server "Export Excel CSV (all fields)" of one product, 1,500 issues: epics,
//! stories, bugs, tasks and sub-tasks; three fix versions and items in two of
//! them; multi-line descriptions with commas, quotes and non-ASCII text;
//! repeated Fix Version/s, Sprint, Labels and Comment columns; a Resolved date
//! days after Created for every issue in Done; Jira's Rank in
//! backlog order while the rows stand newest first (as Jira sorts by default).
//! `cargo test --test import -- --ignored write_the_fixture` writes it again;
//! a test checks the committed file is what this writes.

use std::fmt::Write as _;

/// How many issues of each type, in creation order.
pub const EPICS: usize = 40;
pub const STORIES_PER_EPIC: usize = 15;
pub const SUBTASKS_PER_STORY: usize = 1;
pub const BUGS: usize = 60;
pub const LOOSE_STORIES: usize = 40;
pub const TASKS: usize = 160;

pub const HEADERS: &[&str] = &[
    "Summary",
    "Issue key",
    "Issue id",
    "Issue Type",
    "Status",
    "Project key",
    "Project name",
    "Priority",
    "Resolution",
    "Assignee",
    "Reporter",
    "Created",
    "Updated",
    "Resolved",
    "Fix Version/s",
    "Fix Version/s",
    "Labels",
    "Labels",
    "Description",
    "Sprint",
    "Sprint",
    "Custom field (Epic Link)",
    "Custom field (Epic Name)",
    "Custom field (Rank)",
    "Custom field (Story Points)",
    "Custom field (Team)",
    "Custom field (Requested by)",
    "Parent id",
    "Status Category",
    "Comment",
    "Comment",
];

const THEMES: &[&str] = &[
    "Theft alarm",
    "Ride reactions",
    "Apple Wallet pass",
    "Battery health",
    "Dealer service booking",
    "Offline maps",
    "Fleet invoicing",
    "日本語ローカライズ",
    "Frame-lock firmware",
    "Route sharing",
    "Navigation für Pendler",
    "Crash detection",
    "Subscription billing",
    "Café partner rewards ☕",
    "Über-fast charging",
    "Accessibility: VoiceOver",
];

const ACTIONS: &[&str] = &[
    "show the state on the home screen",
    "send a push notification",
    "let the rider change the settings",
    "store the history for 90 days",
    "export it as PDF, CSV and JSON",
    "sync it with the bike over BLE",
    "explain it in the \"help\" sheet",
    "measure it in the analytics",
    "translate it (de, fr, ja)",
    "handle a lost connection, gracefully",
];

const TEAMS: &[&str] = &["Payments", "Rider App", "Bike Core", "Platform"];
const PEOPLE: &[&str] = &[
    "Mira Okafor",
    "Jonas Weiß",
    "Aiko Tanaka",
    "Léa Dubois",
    "Sam O'Neil",
];
const REQUESTERS: &[&str] = &["Fleet Customers", "Marketing", "Dealer Network", "Support"];
const VERSIONS: &[&str] = &["2.1", "2.2", "2.3"];

/// A small deterministic generator (xorshift), so the file never changes.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// One issue before it is written.
struct Issue {
    key: String,
    id: u64,
    kind: &'static str,
    summary: String,
    status: &'static str,
    epic: Option<String>,
    parent_id: Option<u64>,
    points: String,
    versions: Vec<&'static str>,
    team: &'static str,
    requested_by: &'static str,
    description: String,
    epic_name: String,
    created: usize,
}

fn status_category(status: &str) -> &'static str {
    match status {
        "Done" => "Done",
        "In Progress" | "In Review" => "In Progress",
        _ => "To Do",
    }
}

fn date(n: usize) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = n % 28 + 1;
    let month = MONTHS[(n / 28) % 12];
    let year = 22 + n / (28 * 12);
    let hour = n % 12 + 1;
    let half = if n.is_multiple_of(2) { "AM" } else { "PM" };
    format!("{day:02}/{month}/{year} {hour}:{:02} {half}", n % 60)
}

fn description(d: &mut Dice, theme: &str, what: &str) -> String {
    let mut s = format!(
        "As a rider, I want {theme}, so that I can {}.\r\n\r\nAcceptance criteria:\r\n",
        d.pick(ACTIONS)
    );
    for n in 1..=(2 + d.below(3)) {
        let _ = write!(s, "* {n}. {}, and it works offline\r\n", d.pick(ACTIONS));
    }
    let _ = write!(
        s,
        "\r\nNotes from {}: \"{what}\" was discussed — see the “design” page; cost ≈ 3 days.",
        d.pick(PEOPLE)
    );
    s
}

fn issues() -> Vec<Issue> {
    let mut d = Dice(0x5eed_cafe_f00d);
    let mut out: Vec<Issue> = Vec::new();
    let mut n = 0;
    let mut key = |out: &Vec<Issue>| {
        n += 1;
        let _ = out;
        (format!("VELO-{n}"), 10_000 + n as u64)
    };
    let statuses = [
        "Backlog",
        "To Do",
        "Selected for Development",
        "In Progress",
        "In Review",
        "Done",
    ];
    let points = ["1", "2", "3", "5", "8", "13", "0.5", "3.0", ""];
    for e in 0..EPICS {
        let theme = THEMES[e % THEMES.len()];
        let (k, id) = key(&out);
        let summary = format!("{theme} {}", e / THEMES.len() + 1);
        let status = statuses[d.below(statuses.len())];
        let versions = match e % 5 {
            0 => vec![],
            1 => vec!["2.1"],
            2 => vec!["2.2"],
            3 => vec!["2.1", "2.2"],
            _ => vec!["2.3"],
        };
        out.push(Issue {
            description: description(&mut d, theme, &summary),
            key: k,
            id,
            kind: "Epic",
            epic_name: summary.clone(),
            summary,
            status,
            epic: None,
            parent_id: None,
            points: String::new(),
            versions,
            team: "",
            requested_by: REQUESTERS[e % REQUESTERS.len()],
            created: out.len(),
        });
        let epic_key = out[out.len() - 1].key.clone();
        for s in 0..STORIES_PER_EPIC {
            let (k, id) = key(&out);
            let summary = format!("{theme}: {} ({})", d.pick(ACTIONS), s + 1);
            let status = statuses[d.below(statuses.len())];
            let team = TEAMS[d.below(TEAMS.len())];
            let version = VERSIONS[d.below(VERSIONS.len())];
            out.push(Issue {
                description: description(&mut d, theme, &summary),
                key: k,
                id,
                kind: "Story",
                summary,
                status,
                epic: Some(epic_key.clone()),
                parent_id: None,
                points: points[d.below(points.len())].to_string(),
                versions: vec![version],
                team,
                requested_by: "",
                epic_name: String::new(),
                created: out.len(),
            });
            let story_id = id;
            for t in 0..SUBTASKS_PER_STORY {
                let (k, id) = key(&out);
                out.push(Issue {
                    description: String::new(),
                    key: k,
                    id,
                    kind: "Sub-task",
                    summary: format!("Implement part {} of {theme}", t + 1),
                    status: statuses[d.below(statuses.len())],
                    epic: None,
                    parent_id: Some(story_id),
                    points: String::new(),
                    versions: vec![],
                    team,
                    requested_by: "",
                    epic_name: String::new(),
                    created: out.len(),
                });
            }
        }
    }
    for b in 0..BUGS {
        let (k, id) = key(&out);
        let theme = THEMES[b % THEMES.len()];
        out.push(Issue {
            description: format!(
                "Steps:\n1. open {theme}\n2. tap \"Save\", then \"Back\"\n\nExpected: saved, Actual: crash (iOS 18, Android 15)"
            ),
            key: k,
            id,
            kind: "Bug",
            summary: format!("{theme} crashes when the rider taps \"Save\" twice"),
            status: statuses[d.below(statuses.len())],
            epic: None,
            parent_id: None,
            points: points[d.below(points.len())].to_string(),
            versions: vec![VERSIONS[d.below(VERSIONS.len())]],
            team: TEAMS[d.below(TEAMS.len())],
            requested_by: REQUESTERS[b % REQUESTERS.len()],
            epic_name: String::new(),
            created: out.len(),
        });
    }
    for s in 0..LOOSE_STORIES {
        let (k, id) = key(&out);
        let theme = THEMES[s % THEMES.len()];
        out.push(Issue {
            description: description(&mut d, theme, "loose"),
            key: k,
            id,
            kind: "Story",
            summary: format!("Spike: {theme}, options and costs"),
            status: "Backlog",
            epic: None,
            parent_id: None,
            points: points[d.below(points.len())].to_string(),
            versions: vec![],
            team: TEAMS[d.below(TEAMS.len())],
            requested_by: REQUESTERS[s % REQUESTERS.len()],
            epic_name: String::new(),
            created: out.len(),
        });
    }
    for t in 0..TASKS {
        let (k, id) = key(&out);
        // Tasks under an epic: they become team items of that epic's item.
        let epic = out
            .iter()
            .filter(|i| i.kind == "Epic")
            .nth(t % EPICS)
            .map(|e| e.key.clone());
        out.push(Issue {
            description: String::new(),
            key: k,
            id,
            kind: "Task",
            summary: format!("Tech debt: {}", d.pick(ACTIONS)),
            status: statuses[d.below(statuses.len())],
            epic,
            parent_id: None,
            points: points[d.below(points.len())].to_string(),
            versions: vec![],
            team: TEAMS[d.below(TEAMS.len())],
            requested_by: "",
            epic_name: String::new(),
            created: out.len(),
        });
    }
    out
}

/// The fixture's bytes.
pub fn fixture() -> Vec<u8> {
    let issues = issues();
    let mut d = Dice(0xbac_106);
    // The backlog order: a shuffle of the creation order; Rank keys follow it.
    let mut order: Vec<usize> = (0..issues.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, d.below(i + 1));
    }
    let mut rank = vec![String::new(); issues.len()];
    for (pos, &i) in order.iter().enumerate() {
        rank[i] = format!("0|i{:0>5}:", radix36(pos as u64 * 8 + 64));
    }
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(HEADERS).unwrap();
    // Newest first, as Jira sorts an export by default.
    for (i, issue) in issues.iter().enumerate().rev() {
        let created = date(issue.created);
        let done = issue.status == "Done";
        let v = |n: usize| issue.versions.get(n).copied().unwrap_or("");
        let record: Vec<String> = vec![
            issue.summary.clone(),
            issue.key.clone(),
            issue.id.to_string(),
            issue.kind.into(),
            issue.status.into(),
            "VELO".into(),
            "Velo e-bike".into(),
            ["Medium", "High", "Low"][i % 3].into(),
            if done { "Done".into() } else { String::new() },
            PEOPLE[i % PEOPLE.len()].into(),
            PEOPLE[(i + 2) % PEOPLE.len()].into(),
            created.clone(),
            created.clone(),
            // Resolved some days after it was created, so lead times are not all 0.
            if done {
                date(issue.created + 3 + i % 40)
            } else {
                String::new()
            },
            v(0).into(),
            v(1).into(),
            if i.is_multiple_of(3) {
                "mobile".into()
            } else {
                String::new()
            },
            if i.is_multiple_of(5) {
                "customer-request".into()
            } else {
                String::new()
            },
            issue.description.clone(),
            if i.is_multiple_of(2) {
                "VELO Sprint 12".into()
            } else {
                String::new()
            },
            if i.is_multiple_of(4) {
                "VELO Sprint 13".into()
            } else {
                String::new()
            },
            issue.epic.clone().unwrap_or_default(),
            issue.epic_name.clone(),
            rank[i].clone(),
            issue.points.clone(),
            issue.team.into(),
            issue.requested_by.into(),
            issue.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            status_category(issue.status).into(),
            if i.is_multiple_of(7) {
                format!(
                    "{};{};Looks good, ship it — \"finally\"",
                    date(i),
                    PEOPLE[i % PEOPLE.len()]
                )
            } else {
                String::new()
            },
            String::new(),
        ];
        w.write_record(&record).unwrap();
    }
    w.into_inner().unwrap()
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// How many issues the fixture holds.
pub fn issue_count() -> usize {
    EPICS * (1 + STORIES_PER_EPIC * (1 + SUBTASKS_PER_STORY)) + BUGS + LOOSE_STORIES + TASKS
}
