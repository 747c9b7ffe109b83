//! `label`: labels on cluster items from the command line.

use std::io::Write;

use crate::cli::LabelCommand;
use crate::domain::text::sanitize;
use crate::store::{LabelChange, Store};

pub(super) fn label(
    cmd: &LabelCommand,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        LabelCommand::Add { item, labels } | LabelCommand::Remove { item, labels } => {
            let it = store.resolve(*item)?;
            let adding = matches!(cmd, LabelCommand::Add { .. });
            let change = if adding {
                store.set_labels(it.id, labels, &[], who)?
            } else {
                store.set_labels(it.id, &[], labels, who)?
            };
            writeln!(out, "{}", said(&it.code(), &change, adding))?;
        }
        LabelCommand::List { item, format } => {
            use super::listing::{Listing, col, num};
            use serde_json::json;
            if let Some(item) = item {
                let it = store.resolve_any(*item)?;
                let mut l = Listing::new(&[col("label", "LABEL")]);
                for label in store.labels(it.id)? {
                    l.row(vec![json!(label)]);
                }
                l.write(*format, out)?;
            } else {
                let mut l = Listing::new(&[col("label", "LABEL"), num("items", "ITEMS")]);
                for (label, n) in store.label_counts()? {
                    l.row(vec![json!(label), json!(n)]);
                }
                l.write(*format, out)?;
            }
        }
    }
    Ok(())
}

/// `F-12: +mobile; labels now mobile, ux`, or why nothing changed.
fn said(code: &str, change: &LabelChange, adding: bool) -> String {
    let now = if change.labels.is_empty() {
        "no labels".to_string()
    } else {
        format!("labels {}", change.labels.join(", "))
    };
    let now = sanitize(&now);
    if change.is_empty() {
        let why = if adding {
            "has those labels already"
        } else {
            "has none of those labels"
        };
        format!("{code} {why}: {now}")
    } else {
        format!("{code}: {}; {now}", sanitize(&change.words()))
    }
}
