//! `report changes`: what moved, was added, archived, re-estimated and
//! released since a checkpoint or a date, with who did it. The first question
//! of every refinement: "what happened since last time?"

use super::{Doc, Section};
use crate::store::{Changes, Result, SincePoint, Store};

fn who(list: &[String]) -> String {
    if list.is_empty() {
        "–".to_string()
    } else {
        list.join(", ")
    }
}

fn place(p: Option<usize>) -> String {
    p.map_or_else(|| "–".to_string(), |p| p.to_string())
}

fn points(v: Option<i64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}

/// The report for `--since` (a checkpoint's name or a date; the last checkpoint when not given).
pub fn changes(store: &Store, since: Option<&str>) -> Result<Doc> {
    let point = store.since_point(since)?;
    let c = store.changes_since(&point)?;
    let total = store.item_count()?;
    let mut doc = Doc {
        title: match &point {
            SincePoint::Checkpoint(cp) => format!("What changed since \"{}\"", cp.name),
            SincePoint::Date(d) => format!("What changed since {d}"),
        },
        ..Doc::default()
    };
    doc.intro.push(match &point {
        SincePoint::Checkpoint(cp) => format!(
            "Checkpoint \"{}\" marked {} by {}, with {} items on the board; {total} now.",
            cp.name,
            crate::app::facts::when(&cp.at),
            cp.who,
            cp.items
        ),
        SincePoint::Date(d) => format!("Changes logged on {d} (UTC) and after; {total} items now."),
    });
    doc.intro.push(if c.entries == 0 {
        "Nothing was changed since.".to_string()
    } else {
        format!(
            "{} change{} by {}.",
            c.entries,
            if c.entries == 1 { "" } else { "s" },
            c.people.join(", ")
        )
    });
    sections(&mut doc, c);
    Ok(doc)
}

fn sections(doc: &mut Doc, c: Changes) {
    let mut s = Section {
        heading: "Moved in the order".into(),
        headers: vec!["ID", "Title", "Then", "Now", "Move", "By"],
        empty: "No item was moved in the order.",
        ..Section::default()
    };
    for r in c.reranked {
        let mv = match (r.then, r.now) {
            (Some(t), Some(n)) if n < t => format!("↑{}", t - n),
            (Some(t), Some(n)) if n > t => format!("↓{}", n - t),
            (None, Some(_)) => "new".to_string(),
            (Some(_), None) => "gone".to_string(),
            _ => "=".to_string(),
        };
        s.rows.push(vec![
            r.code,
            r.title,
            place(r.then),
            place(r.now),
            mv,
            who(&r.who),
        ]);
    }
    doc.sections.push(s);

    let mut s = Section {
        heading: "Moved across the board".into(),
        headers: vec!["ID", "Title", "From", "To", "By"],
        empty: "No item changed column.",
        ..Section::default()
    };
    for m in c.crossed {
        s.rows.push(vec![
            m.code,
            m.title,
            m.from.label().into(),
            m.to.label().into(),
            who(&m.who),
        ]);
    }
    doc.sections.push(s);

    let mut s = Section {
        heading: "Added".into(),
        headers: vec!["ID", "Title", "Column", "How", "By"],
        empty: "No item was added.",
        ..Section::default()
    };
    for a in c.added {
        s.rows.push(vec![
            a.code,
            a.title,
            a.state.label().into(),
            a.how.into(),
            who(&a.who),
        ]);
    }
    doc.sections.push(s);

    let mut s = Section {
        heading: "Archived".into(),
        headers: vec!["ID", "Title", "Was in", "How", "By"],
        empty: "No item was archived.",
        ..Section::default()
    };
    for a in c.gone {
        s.rows.push(vec![
            a.code,
            a.title,
            a.state.label().into(),
            a.how.into(),
            who(&a.who),
        ]);
    }
    doc.sections.push(s);

    let mut s = Section {
        heading: "Re-estimated".into(),
        headers: vec!["ID", "Title", "Estimates", "By"],
        empty: "No estimate changed.",
        ..Section::default()
    };
    for e in c.estimated {
        let what: Vec<String> = e
            .fields
            .iter()
            .map(|(f, b, a)| format!("{f} {} → {}", points(*b), points(*a)))
            .collect();
        s.rows
            .push(vec![e.code, e.title, what.join("; "), who(&e.who)]);
    }
    doc.sections.push(s);

    let mut s = Section {
        heading: "Released".into(),
        headers: vec!["Release", "On", "By"],
        empty: "No release was shipped.",
        ..Section::default()
    };
    for r in c.released {
        s.rows.push(vec![
            r.name,
            r.at.get(..10).unwrap_or(&r.at).to_string(),
            who(&r.who),
        ]);
    }
    doc.sections.push(s);
}
