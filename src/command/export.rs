//! `export`: the JSON and CSV exports, streamed from the store through one
//! buffer as they are read, and the stakeholder site.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::csv_text;
use crate::cli::ExportFormat;
use crate::config::Config;
use crate::store::Store;

/// The buffer the exports are written through.
const BUFFER: usize = 1 << 16;

pub(super) fn export(
    format: ExportFormat,
    path: Option<&Path>,
    history: bool,
    store: &Store,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let site = match format {
        ExportFormat::Html => Some(crate::site::SiteFormat::Html),
        ExportFormat::Md => Some(crate::site::SiteFormat::Markdown),
        ExportFormat::Json | ExportFormat::Csv => None,
    };
    if let Some(site_format) = site {
        let Some(dir) = path else {
            anyhow::bail!(
                "a site is several pages: say where they go with --out DIR, e.g. --out site"
            );
        };
        let site = crate::site::build(store, config)?;
        let written = crate::site::write(&site, dir, site_format)?;
        writeln!(
            out,
            "Wrote {} pages to {}: open {}",
            written.len(),
            dir.display(),
            dir.join(written.first().map_or("index", String::as_str))
                .display()
        )?;
        return Ok(());
    }
    let Some(path) = path else {
        let mut w = std::io::BufWriter::with_capacity(BUFFER, out);
        write(format, history, store, config, &mut w)?;
        w.flush()?;
        return Ok(());
    };
    // Written beside the file and moved over it once whole, so a failed
    // export never leaves half a document under the name asked for.
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let written = (|| -> anyhow::Result<()> {
        let file = std::fs::File::create(&partial)
            .with_context(|| format!("could not create {}", partial.display()))?;
        let mut w = std::io::BufWriter::with_capacity(BUFFER, file);
        write(format, history, store, config, &mut w)?;
        w.into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("could not write {}", partial.display()))?;
        std::fs::rename(&partial, path)
            .with_context(|| format!("could not move the export to {}", path.display()))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

fn write(
    format: ExportFormat,
    history: bool,
    store: &Store,
    config: &Config,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    if format == ExportFormat::Json {
        store.write_export_json(&config.dor, config.scoring, history, w)?;
        writeln!(w)?;
        Ok(())
    } else {
        store.in_one_read(|| write_csv(store, config, w))
    }
}

/// The backlog in rank order, one row per item as it is read.
fn write_csv(store: &Store, config: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "rank",
        "id",
        "kind",
        "title",
        "state",
        "value",
        "effort",
        "score",
        "dor_met",
        "dor_total",
        "releases",
        "teams",
        "team_items_done",
        "team_items",
        "portfolio",
        "source",
        "labels",
    ])?;
    let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    store.export_items(&config.dor, config.scoring, |it| {
        w.write_record([
            it.rank.to_string(),
            it.code,
            it.kind.as_str().to_string(),
            csv_text(&it.title),
            it.state.as_str().to_string(),
            n(it.value),
            n(it.effort),
            it.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            it.dor.met.len().to_string(),
            config.dor.len().to_string(),
            csv_text(&it.releases.join("; ")),
            it.teams.join("; "),
            it.progress.done.to_string(),
            it.progress.total.to_string(),
            it.portfolio.unwrap_or_default(),
            csv_text(&it.source),
            csv_text(&it.labels.join("; ")),
        ])
        .map_err(anyhow::Error::from)
    })?;
    w.flush()?;
    Ok(())
}
