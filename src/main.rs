use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use clusterboard::cli::{Cli, Command};
use clusterboard::config::{Config, default_db_path};
use clusterboard::domain::item::clean_title;
use clusterboard::store::Store;
use clusterboard::{command, demo, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clusterboard: {e:#}");
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
        e2e,
    }) = &cli.command
    {
        let runs = (*runs).max(1);
        return match measure {
            Some(db) => {
                let figures = if *e2e {
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
    let config = Config::load(cli.config.as_deref())?;
    // A bad key binding is reported before anything opens.
    clusterboard::app::Keymap::for_config(&config)?;
    // Check what we can before opening, so bad input never creates or touches a file.
    if let Some(Command::Add { title, .. }) = &cli.command {
        clean_title(title)?;
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
            println!(
                "Cluster database ready at {where_} ({} items)",
                store.item_count()?
            );
            Ok(())
        }
        Some(cmd) => command::run(cmd, &mut store, &config, &mut std::io::stdout().lock()),
    }
}

fn open_store(cli: &Cli) -> anyhow::Result<Store> {
    if cli.demo {
        return demo::open();
    }
    let path = if let Some(p) = &cli.db {
        p.clone()
    } else {
        let p = default_db_path()?;
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("could not create data directory {}", dir.display()))?;
        }
        p
    };
    Ok(Store::open(&path)?)
}
