use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use clusterboard::cli::{Cli, Command};
use clusterboard::config::{Config, default_db_path};
use clusterboard::domain::item::typed_title;
use clusterboard::store::Store;
use clusterboard::{command, demo, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `list | head`: the reader went away; that is not an error to report.
        Err(e) if command::terminal::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // An error message passes the sanitiser like any other text (names in
            // it come from the file), and a closed stderr is no reason to panic.
            // Line by line, so a list of problems stays one per line.
            let text: Vec<String> = command::terminal::message(&e)
                .lines()
                .map(clusterboard::domain::text::sanitize)
                .collect();
            let _ = writeln!(std::io::stderr(), "clusterboard: {}", text.join("\n"));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    if let Some(Command::Bench {
        sizes,
        runs,
        dir,
        measure,
        session,
        e2e,
    }) = &cli.command
    {
        let runs = (*runs).max(1);
        return match measure {
            Some(db) => {
                let figures = if *session {
                    clusterboard::bench::measure_session(db)?
                } else if *e2e {
                    clusterboard::bench::measure_e2e(db, runs)?
                } else {
                    clusterboard::bench::measure(db, runs)?
                };
                println!("{}", serde_json::to_string(&figures)?);
                Ok(())
            }
            None => clusterboard::bench::run(sizes, runs, dir, *e2e),
        };
    }
    if let Some(cmd @ (Command::Completions { .. } | Command::Man)) = &cli.command {
        return command::shell_files(cmd, &mut std::io::stdout().lock());
    }
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(theme) = &cli.theme {
        config.theme.clone_from(theme);
    }
    // A theme that cannot be read is reported before anything opens.
    config.themes().load(&config.theme)?;
    if let Some(cmd @ (Command::Theme { .. } | Command::Timebox { .. })) = &cli.command {
        return command::board_setting(cmd, &config, &mut std::io::stdout().lock());
    }
    // A bad key binding or kind is reported before anything opens.
    clusterboard::app::Keymap::for_config(&config)?;
    clusterboard::domain::Kind::register(&config.kinds).map_err(|e| {
        let file = config
            .path
            .as_ref()
            .map_or_else(|| "config.toml".to_string(), |p| p.display().to_string());
        anyhow::anyhow!("config file {file}: {e}")
    })?;
    // Check what we can before opening, so bad input never creates or touches a file.
    if let Some(
        Command::Add { title, .. }
        | Command::Edit {
            title: Some(title), ..
        },
    ) = &cli.command
    {
        typed_title(title)?;
    }
    if let Some(Command::Import { source }) = &cli.command {
        // The file is read and checked before the database is opened.
        let exists = cli.demo || db_path(cli)?.exists();
        let target = command::import::Target {
            exists,
            open: &|| open_store(cli),
        };
        return command::import::import(source, &target, &config, &mut std::io::stdout().lock());
    }
    let mut store = open_store(cli)?;
    let who = config.who();
    match &cli.command {
        None => tui::run(store, &config, cli.demo),
        Some(Command::Init { demo: with_demo }) => {
            if *with_demo {
                store.load_seed(&demo::seed()?, &who)?;
            }
            let where_ = store
                .path()
                .map_or_else(|| "memory".to_string(), |p| p.display().to_string());
            let mut out = command::terminal::stdout();
            writeln!(
                out,
                "Cluster database ready at {where_} ({} items)",
                store.item_count()?
            )?;
            out.flush()?;
            Ok(())
        }
        Some(cmd) => {
            let mut out = command::terminal::stdout();
            let path = store.path().map(std::path::Path::to_path_buf);
            command::run(cmd, &mut store, &config, &mut out).map_err(|e| {
                match e.downcast::<clusterboard::store::StoreError>() {
                    Ok(se) => anyhow::Error::from(se.explain(path.as_deref())),
                    Err(e) => e,
                }
            })?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The database file `--db`, `CLUSTERBOARD_DB` or the default names.
fn db_path(cli: &Cli) -> anyhow::Result<std::path::PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => default_db_path(),
    }
}

fn open_store(cli: &Cli) -> anyhow::Result<Store> {
    if cli.demo {
        return demo::open_with_history();
    }
    let path = db_path(cli)?;
    if cli.db.is_none()
        && let Some(dir) = path.parent()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create data directory {}", dir.display()))?;
    }
    Ok(Store::open(&path)?)
}
