//! The command line (clap derive). Every subcommand works without a terminal.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::item::ItemRef;
use crate::domain::{Kind, State};

#[derive(Debug, Parser)]
#[command(
    name = "clusterboard",
    version,
    about = "A terminal backlog board for a Cluster Product Owner.",
    long_about = "A terminal backlog board for a Cluster Product Owner: the cluster Kanban \
board and backlog of a product cluster, kept in one local SQLite file.\n\n\
With no command, opens the board in the terminal."
)]
pub struct Cli {
    /// The cluster database [default: $XDG_DATA_HOME/clusterboard/clusterboard.db]
    #[arg(long, global = true, env = "CLUSTERBOARD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Use the bundled demo cluster, in memory: nothing is written to any file
    /// (--db and CLUSTERBOARD_DB are ignored)
    #[arg(long)]
    pub demo: bool,

    /// The config file [default: $XDG_CONFIG_HOME/clusterboard/config.toml]
    #[arg(long, global = true, env = "CLUSTERBOARD_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (with --demo: filled with the demo cluster)
    Init {
        /// Fill the new database with the demo cluster
        #[arg(long)]
        demo: bool,
    },
    /// Add a cluster item at the bottom of the cluster order; prints its id
    Add {
        /// system, application, feature, enabler or improvement
        #[arg(long)]
        kind: Kind,
        #[arg(long)]
        title: String,
        /// The column it starts in
        #[arg(long, default_value = "funnel")]
        state: State,
        /// Business value points
        #[arg(long)]
        value: Option<u32>,
        /// Effort points
        #[arg(long)]
        effort: Option<u32>,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Move an item to another column (state)
    Move {
        /// The item: 12 or F-12
        item: ItemRef,
        #[arg(long)]
        to: State,
    },
    /// List the cluster backlog in rank order
    List {
        /// Only the items in this column
        #[arg(long)]
        state: Option<State>,
    },
    /// Write the cluster to standard output
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
}
