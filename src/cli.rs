//! The command line (clap derive). Every subcommand works without a terminal.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::item::ItemRef;
use crate::domain::team::{ItemType, TeamState};
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
    /// The cluster database [default: $`XDG_DATA_HOME/clusterboard/clusterboard.db`]
    #[arg(long, global = true, env = "CLUSTERBOARD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Use the bundled demo cluster, in memory: nothing is written to any file
    /// (--db and `CLUSTERBOARD_DB` are ignored)
    #[arg(long)]
    pub demo: bool,

    /// The config file [default: $`XDG_CONFIG_HOME/clusterboard/config.toml`]
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
        /// Move into Ready or beyond even with open `DoR` points (recorded)
        #[arg(long)]
        force: bool,
    },
    /// Reprioritise an item in the cluster order
    #[command(group(clap::ArgGroup::new("place").required(true).multiple(false)))]
    Rank {
        /// The item: 12 or F-12
        item: ItemRef,
        /// To this 1-based rank
        #[arg(long, group = "place", value_name = "N")]
        to: Option<usize>,
        /// To the top of the backlog
        #[arg(long, group = "place")]
        top: bool,
        /// To the bottom of the backlog
        #[arg(long, group = "place")]
        bottom: bool,
        /// Just above this item
        #[arg(long, group = "place", value_name = "ID")]
        above: Option<ItemRef>,
        /// Just below this item
        #[arg(long, group = "place", value_name = "ID")]
        below: Option<ItemRef>,
    },
    /// Set value and effort points and the WSJF inputs of an item
    #[command(group(clap::ArgGroup::new("points").required(true).multiple(true)))]
    Estimate {
        /// The item: 12 or F-12
        item: ItemRef,
        /// Business value points
        #[arg(long, group = "points")]
        value: Option<u32>,
        /// Effort points (the job size for WSJF)
        #[arg(long, group = "points")]
        effort: Option<u32>,
        /// WSJF: user-business value
        #[arg(long, group = "points")]
        business_value: Option<u32>,
        /// WSJF: time criticality
        #[arg(long, group = "points")]
        time_criticality: Option<u32>,
        /// WSJF: risk reduction / opportunity enablement
        #[arg(long, group = "points")]
        risk_reduction: Option<u32>,
    },
    /// Show an item's Definition of Ready, or tick and untick points
    Dor {
        /// The item: 12 or F-12
        item: ItemRef,
        /// Mark this point met (its key from the config; repeatable)
        #[arg(long, value_name = "KEY")]
        tick: Vec<String>,
        /// Mark this point open again (repeatable)
        #[arg(long, value_name = "KEY")]
        untick: Vec<String>,
    },
    /// Measure speed on generated clusters and print medians (see BENCHMARKS.md)
    Bench {
        /// Cluster sizes to generate and measure
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
        sizes: Vec<usize>,
        /// Repetitions per measure; the median is printed
        #[arg(long, default_value_t = 15)]
        runs: usize,
        /// Where the generated databases go
        #[arg(long, default_value = "target/bench")]
        dir: std::path::PathBuf,
        /// Internal: measure one database and print JSON
        #[arg(long, hide = true, value_name = "DB")]
        measure: Option<std::path::PathBuf>,
        /// Run the real board in a pseudo-terminal and time it from outside
        #[arg(long)]
        e2e: bool,
    },
    /// Add, list, rename or remove teams
    Team {
        #[command(subcommand)]
        action: TeamCommand,
    },
    /// Split a cluster item into team backlog items; repeat --team and --title per item
    Split {
        /// The cluster item: 12 or F-12
        item: ItemRef,
        /// The team of each new item, by code (repeat)
        #[arg(long, required = true)]
        team: Vec<String>,
        /// The title of each new item (repeat, as often as --team)
        #[arg(long, required = true)]
        title: Vec<String>,
        /// story, use case, task or bug: once for all, or once per item [default: story]
        #[arg(long = "type", value_name = "TYPE")]
        item_type: Vec<ItemType>,
        /// Effort points: once for all, or once per item
        #[arg(long)]
        effort: Vec<u32>,
    },
    /// Change a team backlog item: its state, its team or its parent
    TeamItem {
        #[command(subcommand)]
        action: TeamItemCommand,
    },
    /// Releases: add, list, plan items, tick the `DoD`, accept, ship, edit
    Release {
        #[command(subcommand)]
        action: ReleaseCommand,
    },
    /// Stakeholders and what they requested
    Stakeholder {
        #[command(subcommand)]
        action: StakeholderCommand,
    },
    /// Write a report for stakeholders to standard output
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Undo your last change (the same as u on the board)
    Undo,
    /// Redo the change you undid last
    Redo,
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

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a team
    Add {
        /// Short code shown on cards, e.g. PAY
        code: String,
        /// The team's name
        name: String,
        /// The team's product owner
        #[arg(long)]
        product_owner: Option<String>,
        /// Points per sprint
        #[arg(long)]
        capacity: Option<u32>,
    },
    /// List the teams with their open and done items
    List,
    /// Rename a team or change its code
    Rename {
        code: String,
        /// The new code
        #[arg(long)]
        code_to: Option<String>,
        /// The new name
        #[arg(long)]
        name: Option<String>,
    },
    /// Remove a team that has no open items
    Remove { code: String },
}

#[derive(Debug, Subcommand)]
pub enum TeamItemCommand {
    /// Move it to todo, doing or done
    State {
        id: i64,
        #[arg(long)]
        to: TeamState,
    },
    /// Move it to the bottom of another team's backlog
    Move {
        id: i64,
        #[arg(long)]
        team: String,
    },
    /// Hang it under another cluster item
    Reparent {
        id: i64,
        /// The new parent: 12 or F-12
        #[arg(long)]
        to: ItemRef,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReleaseCommand {
    /// Add a release: a variant and a version, e.g. `release add Pro 2.2 --target 2027-01-29`
    Add {
        variant: String,
        version: String,
        /// Target date, YYYY-MM-DD
        #[arg(long)]
        target: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// List the releases by target date with their items and points
    List,
    /// Plan an item into a release (one per variant), or take it out with --clear VARIANT
    Plan {
        /// The item: 12 or F-12
        item: ItemRef,
        /// The release, e.g. "Pro 2.2"
        #[arg(long, conflicts_with = "clear", required_unless_present = "clear")]
        release: Option<String>,
        /// Take the item out of this variant's plan
        #[arg(long, value_name = "VARIANT")]
        clear: Option<String>,
    },
    /// Show a release's Definition of Done, or tick and untick points
    Dod {
        release: String,
        #[arg(long, value_name = "KEY")]
        tick: Vec<String>,
        #[arg(long, value_name = "KEY")]
        untick: Vec<String>,
    },
    /// Accept a release once its Definition of Done is met
    Accept {
        release: String,
        /// Accept with open `DoD` points (recorded)
        #[arg(long)]
        force: bool,
    },
    /// Mark an accepted release released: its Done items move to Released
    Ship { release: String },
    /// Change a release's target date or notes
    Edit {
        release: String,
        #[arg(long)]
        target: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum StakeholderCommand {
    /// Add a stakeholder
    Add {
        name: String,
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        contact: Option<String>,
    },
    /// List the stakeholders and how many requests each has
    List,
    /// Record that a stakeholder requested an item
    Request {
        /// The item: 12 or F-12
        item: ItemRef,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Every release with its items, state and progress
    ReleasePlan {
        #[arg(long, value_enum, default_value_t = crate::report::Format::Md)]
        format: crate::report::Format,
    },
    /// One stakeholder's requests with their rank, state and planned release
    Stakeholder {
        name: String,
        #[arg(long, value_enum, default_value_t = crate::report::Format::Md)]
        format: crate::report::Format,
    },
    /// What shipped in a release
    ReleaseNotes {
        release: String,
        #[arg(long, value_enum, default_value_t = crate::report::Format::Md)]
        format: crate::report::Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    /// The backlog in rank order, one row per item
    Csv,
}
