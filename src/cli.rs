//! The command line (clap derive). Every subcommand works without a terminal.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::item::ItemRef;
use crate::domain::portfolio::PortfolioId;
use crate::domain::team::{ItemType, TeamItemRef, TeamState};
use crate::domain::{Kind, State};

/// Points (value, effort, capacity): a whole number, 0 or more.
fn points(s: &str) -> Result<u32, String> {
    s.trim().parse::<u32>().map_err(|_| {
        format!("{s:?} is not a number of points: write a whole number, 0 or more, e.g. 5")
    })
}

/// A count of iterations or weeks: 1 or more.
fn count(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{s:?} is not a count: write a whole number, 1 or more, e.g. 4"
        )),
    }
}

/// A question's number in `question list`, from 1.
fn question_number(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{s:?} is not a question's number: write it as `question list` shows it, e.g. 2"
        )),
    }
}

/// A question's weight: effort points from 1 to 1000.
fn weight(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=1000).contains(&n) => Ok(n),
        _ => Err(format!(
            "{s:?} is not a weight: write a whole number from 1 to 1000, e.g. 3"
        )),
    }
}

/// A 1-based rank in the backlog.
fn rank(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{s:?} is not a rank: ranks count from 1 (the top); use --top or --bottom for the ends"
        )),
    }
}

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
    /// The cluster database (by default clusterboard.db in the XDG data directory)
    // The value is never shown in --help: a database URL may hold a password, and
    // the help may be on a shared screen.
    #[arg(
        long,
        global = true,
        env = "CLUSTERBOARD_DB",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub db: Option<PathBuf>,

    /// Use the bundled demo cluster, in memory: nothing is written to any file
    /// (--db and `CLUSTERBOARD_DB` are ignored)
    #[arg(long)]
    pub demo: bool,

    /// The config file (by default config.toml in the XDG config directory)
    #[arg(
        long,
        global = true,
        env = "CLUSTERBOARD_CONFIG",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,

    /// The board's colours: terminal, light, dark, high-contrast, or NAME for a
    /// file themes/NAME.toml beside the config file [default: `[ui] theme`, else terminal]
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,

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
    /// Add a cluster item at the bottom of the cluster order; prints its code (F-41)
    Add {
        /// system, application, feature, enabler, improvement, knowledge-gap, issue
        /// (or a kind of your own from config.toml)
        #[arg(long)]
        kind: Kind,
        /// The title (one starting with `-` works too: --title "-x" or --title=-x)
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        /// The column it starts in
        #[arg(long, default_value = "funnel")]
        state: State,
        /// Business value points
        #[arg(long, value_parser = points, allow_negative_numbers = true)]
        value: Option<u32>,
        /// Effort points
        #[arg(long, value_parser = points, allow_negative_numbers = true)]
        effort: Option<u32>,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        description: String,
        /// Acceptance criteria
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        acceptance: String,
        /// Who can be asked about it: a stakeholder or a person
        #[arg(
            long,
            default_value = "",
            value_name = "WHO",
            allow_hyphen_values = true
        )]
        source: String,
        /// Start from a template: user-story, stakeholder-story, use-case, nabc,
        /// lean-business-case (it fills what the other flags leave empty)
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
        /// Create it in Ready or later although its Definition of Ready is open (recorded)
        #[arg(long)]
        force: bool,
    },
    /// Change an item's title, description, acceptance criteria, source, kind or business case
    #[command(group(clap::ArgGroup::new("fields").required(true).multiple(true)))]
    Edit {
        /// The item: 12 or F-12
        item: ItemRef,
        #[arg(long, group = "fields", allow_hyphen_values = true)]
        title: Option<String>,
        #[arg(
            long,
            group = "fields",
            conflicts_with = "description_file",
            allow_hyphen_values = true
        )]
        description: Option<String>,
        /// Read the description from a file (- for standard input)
        #[arg(long, group = "fields", value_name = "FILE")]
        description_file: Option<PathBuf>,
        /// Acceptance criteria
        #[arg(long, group = "fields", allow_hyphen_values = true)]
        acceptance: Option<String>,
        /// Who can be asked about it: a stakeholder or a person
        #[arg(long, group = "fields", value_name = "WHO", allow_hyphen_values = true)]
        source: Option<String>,
        #[arg(long, group = "fields")]
        kind: Option<Kind>,
        /// Read the business case (NABC or lean business case) from a file, as
        /// `E` writes it (- for standard input; an empty file clears it)
        #[arg(long, group = "fields", value_name = "FILE")]
        business_case_file: Option<PathBuf>,
        /// Fill the fields still empty from a template (see `add --template`)
        #[arg(long, group = "fields", value_name = "NAME")]
        template: Option<String>,
    },
    /// The portfolio above the cluster: its items, their rank and Kanban state
    Portfolio {
        #[command(subcommand)]
        action: PortfolioCommand,
    },
    /// Create a cluster item derived from a portfolio item (it inherits its business case)
    Derive {
        /// The portfolio item: P-3 or 3
        from: PortfolioId,
        #[arg(long)]
        kind: Kind,
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        #[arg(long, default_value = "funnel")]
        state: State,
        #[arg(long, value_parser = points, allow_negative_numbers = true)]
        value: Option<u32>,
        #[arg(long, value_parser = points, allow_negative_numbers = true)]
        effort: Option<u32>,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        description: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        acceptance: String,
        #[arg(
            long,
            default_value = "",
            value_name = "WHO",
            allow_hyphen_values = true
        )]
        source: String,
        /// Start from a template (see `add --template`)
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
    },
    /// Hang a cluster item under a portfolio item
    Link {
        /// The item: 12 or F-12
        item: ItemRef,
        /// The portfolio item: P-3 (or --to P-3)
        #[arg(value_name = "P-ID", required_unless_present = "to")]
        under: Option<PortfolioId>,
        /// The portfolio item: P-3 or 3
        #[arg(long, value_name = "P-ID", conflicts_with = "under")]
        to: Option<PortfolioId>,
    },
    /// Take a cluster item off its portfolio item (it becomes the cluster's own work)
    Unlink {
        /// The item: 12 or F-12
        item: ItemRef,
    },
    /// Take an item off the board and the backlog, keeping its history (restore brings it back)
    Archive {
        /// The item: 12 or F-12
        item: ItemRef,
        /// Archive it even though some of its team items are still open
        #[arg(long)]
        force: bool,
    },
    /// Put an archived item back where it stood
    Restore {
        /// The item: 12 or F-12
        item: ItemRef,
    },
    /// Delete an item for good (only one with no history beyond its creation)
    Delete {
        /// The item: 12 or F-12
        item: ItemRef,
        /// Confirm: the item and what hangs off it are deleted (undo brings them back)
        #[arg(long, required = true)]
        yes: bool,
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
        #[arg(long, value_parser = rank, allow_negative_numbers = true, group = "place", value_name = "N")]
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
        /// One place up, as K does (worked out inside the write)
        #[arg(long, group = "place")]
        up: bool,
        /// One place down, as J does
        #[arg(long, group = "place")]
        down: bool,
    },
    /// Set value and effort points and the WSJF inputs of an item
    #[command(group(clap::ArgGroup::new("points").required(true).multiple(true)))]
    Estimate {
        /// The item: 12 or F-12
        item: ItemRef,
        /// Business value points
        #[arg(long, value_parser = points, allow_negative_numbers = true, group = "points")]
        value: Option<u32>,
        /// Effort points (the job size for WSJF)
        #[arg(long, value_parser = points, allow_negative_numbers = true, group = "points")]
        effort: Option<u32>,
        /// WSJF: user-business value
        #[arg(long, value_parser = points, allow_negative_numbers = true, group = "points")]
        business_value: Option<u32>,
        /// WSJF: time criticality
        #[arg(long, value_parser = points, allow_negative_numbers = true, group = "points")]
        time_criticality: Option<u32>,
        /// WSJF: risk reduction / opportunity enablement
        #[arg(long, value_parser = points, allow_negative_numbers = true, group = "points")]
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
        /// Internal: with --measure, one board's session alone (its memory)
        #[arg(long, hide = true, requires = "measure")]
        session: bool,
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
        #[arg(long, required = true, allow_hyphen_values = true)]
        title: Vec<String>,
        /// story, use case, task or bug: once for all, or once per item [default: story]
        #[arg(long = "type", value_name = "TYPE")]
        item_type: Vec<ItemType>,
        /// Effort points: once for all, or once per item
        #[arg(long, value_parser = points, allow_negative_numbers = true)]
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
    /// Cluster cycles: add, list, show, edit, close; team capacity; pulling items in
    Cycle {
        #[command(subcommand)]
        action: CycleCommand,
    },
    /// Stakeholders and what they requested
    Stakeholder {
        #[command(subcommand)]
        action: StakeholderCommand,
    },
    /// Label cluster items (the `/` filter finds them with label:NAME): add, remove, list
    Label {
        #[command(subcommand)]
        action: LabelCommand,
    },
    /// A knowledge gap's open questions: their weights are its remaining effort
    Question {
        #[command(subcommand)]
        action: QuestionCommand,
    },
    /// Write a report for stakeholders to standard output
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Undo your last change (the same as u on the board)
    Undo {
        /// Undo it even over someone else's later change to the same thing (recorded)
        #[arg(long)]
        force: bool,
    },
    /// Redo the change you undid last
    Redo {
        /// Redo it even over someone else's later change (recorded)
        #[arg(long)]
        force: bool,
    },
    /// The change log: who changed what and when, newest first
    Log {
        /// Only the changes to this: an item (F-12), a team item (PAY-23), a
        /// team (PAY), a release ("Pro 2.1"), a cycle (26.4) or a stakeholder
        of: Option<String>,
        /// Only changes on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only changes by this user
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// At most this many, newest first
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// List the cluster backlog in rank order
    List {
        /// Only the items in this column
        #[arg(long, conflicts_with = "archived")]
        state: Option<State>,
        /// The archived items instead
        #[arg(long)]
        archived: bool,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Write the cluster to standard output, or a stakeholder site to a directory
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file (json, csv) or directory (html, md: one page each
        /// for the backlog, every release and every stakeholder)
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// JSON: carry the whole change log too (always with --out FILE)
        #[arg(long)]
        with_history: bool,
    },
    /// Bring in a Jira CSV export, or a cluster from clusterboard's JSON export
    Import {
        #[command(subcommand)]
        source: ImportCommand,
    },
    /// Print a completion script for a shell (see the README for where it goes)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `clusterboard man | man -l -`
    Man,
    /// List the board's themes; on the board, `:theme NAME` switches to one
    Theme {
        /// A theme to switch to (on the board only)
        name: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Mark a refinement: every item's place and column now, to see what moves
    /// since (`report changes`, and the backlog's Since column)
    Checkpoint {
        /// Its name [default: "Refinement YYYY-MM-DD"]
        #[arg(conflicts_with = "list")]
        name: Option<String>,
        /// List the checkpoints instead
        #[arg(long)]
        list: bool,
        /// The list's format (with --list)
        #[arg(long, value_enum, default_value_t = ListFormat::Table, requires = "list")]
        format: ListFormat,
    },
    /// On the board: a countdown for the selected item's discussion (`:timebox 5m`, `:timebox stop`)
    Timebox {
        /// How long: 5 (minutes), 5m, 90s, 1m30s, 4:30; or stop [default: `[ui] timebox`, else 5m]
        length: Option<String>,
    },
}

/// How a listing command prints its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for people
    Table,
    /// An array of objects for scripts
    Json,
    /// A header row and one row per entry, for spreadsheets
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Jira CSV export ("Export Excel CSV"): again later, it updates what it created
    Jira {
        /// The CSV file Jira wrote
        file: PathBuf,
        /// A map over the built-in one (see `import jira-map`)
        #[arg(long, value_name = "MAP.toml")]
        map: Option<PathBuf>,
        /// Say what would be created, updated and skipped, and every problem; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the built-in Jira map, to start your own --map from
    JiraMap,
    /// A cluster from `export --format json`, into an empty database
    Json {
        /// The JSON file `export --format json` wrote
        file: PathBuf,
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
        #[arg(long, allow_hyphen_values = true)]
        product_owner: Option<String>,
        /// Points per sprint
        #[arg(long, value_parser = points, allow_negative_numbers = true)]
        capacity: Option<u32>,
    },
    /// List the teams with their open and done items
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Change a team's code, name, product owner or capacity
    #[command(visible_alias = "rename")]
    Edit {
        code: String,
        /// The new code
        #[arg(long)]
        code_to: Option<String>,
        /// The new name
        #[arg(long, allow_hyphen_values = true)]
        name: Option<String>,
        /// The team's product owner ("" clears it)
        #[arg(long, allow_hyphen_values = true)]
        product_owner: Option<String>,
        /// Points per sprint
        #[arg(long, conflicts_with = "no_capacity", value_parser = points, allow_negative_numbers = true)]
        capacity: Option<u32>,
        /// Clear the capacity
        #[arg(long)]
        no_capacity: bool,
    },
    /// Remove a team that has no open items
    Remove { code: String },
}

#[derive(Debug, Subcommand)]
pub enum PortfolioCommand {
    /// Add a portfolio item at the bottom of the portfolio rank; prints its ID
    Add {
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        /// A portfolio kind: system, product, application variant, market variant,
        /// or one config.toml names (default: the first)
        #[arg(long)]
        kind: Option<String>,
        /// The portfolio owner
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        owner: String,
        #[arg(long, value_parser = points, allow_negative_numbers = true)]
        value: Option<u32>,
        /// A state of the portfolio Kanban (default: its first)
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        description: String,
        /// Start the business case from a template: nabc or lean-business-case
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
    },
    /// List the portfolio in rank order, with how far each item's cluster items are
    List {
        /// Archived portfolio items instead
        #[arg(long)]
        archived: bool,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one portfolio item: texts, business case and derived items
    Show {
        /// The portfolio item: P-3 or 3
        item: PortfolioId,
    },
    /// Move a portfolio item in the portfolio rank
    #[command(group(clap::ArgGroup::new("place").required(true).multiple(false)))]
    Rank {
        /// The portfolio item: P-3 or 3
        item: PortfolioId,
        #[arg(long, value_parser = rank, allow_negative_numbers = true, group = "place", value_name = "N")]
        to: Option<usize>,
        #[arg(long, group = "place")]
        top: bool,
        #[arg(long, group = "place")]
        bottom: bool,
        /// One place up
        #[arg(long, group = "place")]
        up: bool,
        /// One place down
        #[arg(long, group = "place")]
        down: bool,
    },
    /// Move a portfolio item to another state of the portfolio Kanban
    Move {
        /// The portfolio item: P-3 or 3
        item: PortfolioId,
        /// The state's key or title
        #[arg(long)]
        to: String,
    },
    /// Change a portfolio item's title, description, owner, kind, value or business case
    #[command(group(clap::ArgGroup::new("fields").required(true).multiple(true)))]
    Edit {
        /// The portfolio item: P-3 or 3
        item: PortfolioId,
        #[arg(long, group = "fields", allow_hyphen_values = true)]
        title: Option<String>,
        #[arg(long, group = "fields", allow_hyphen_values = true)]
        description: Option<String>,
        #[arg(long, group = "fields", allow_hyphen_values = true)]
        owner: Option<String>,
        #[arg(long, group = "fields")]
        kind: Option<String>,
        #[arg(long, group = "fields", value_parser = points, allow_negative_numbers = true)]
        value: Option<u32>,
        /// Read the business case from a file (- for standard input; an empty file clears it)
        #[arg(long, group = "fields", value_name = "FILE")]
        business_case_file: Option<PathBuf>,
        /// Fill the business case's empty parts (and the description, if empty) from a template
        #[arg(long, group = "fields", value_name = "NAME")]
        template: Option<String>,
    },
    /// Archive a portfolio item (its derived items stay linked; undo brings it back)
    Archive {
        /// The portfolio item: P-3 or 3
        item: PortfolioId,
    },
    /// Bring an archived portfolio item back to its place in the portfolio rank
    Restore {
        /// The portfolio item: P-3 or 3
        item: PortfolioId,
    },
}

#[derive(Debug, Subcommand)]
pub enum QuestionCommand {
    /// Ask a knowledge gap a question; its effort grows by the weight
    Add {
        /// The knowledge gap: K-12 or 12
        item: ItemRef,
        /// The question, e.g. "Which dealers still run the old firmware?"
        #[arg(allow_hyphen_values = true)]
        text: String,
        /// How much finding the answer weighs, in effort points
        #[arg(long, default_value_t = 1, value_parser = weight, allow_negative_numbers = true)]
        weight: u32,
    },
    /// List a knowledge gap's questions, numbered, open and answered
    List {
        /// The knowledge gap: K-12 or 12
        item: ItemRef,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Answer question N; its weight leaves the gap's effort
    Answer {
        /// The knowledge gap: K-12 or 12
        item: ItemRef,
        /// The question's number, as `question list` shows it
        #[arg(value_parser = question_number)]
        number: usize,
        /// What was found out
        #[arg(long, allow_hyphen_values = true, default_value = "")]
        answer: String,
    },
    /// Open an answered question again; its weight counts again
    Reopen {
        /// The knowledge gap: K-12 or 12
        item: ItemRef,
        /// The question's number, as `question list` shows it
        #[arg(value_parser = question_number)]
        number: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamItemCommand {
    /// Move it to todo, doing or done
    State {
        /// The team item: PAY-23 or 23
        id: TeamItemRef,
        #[arg(long)]
        to: TeamState,
    },
    /// Move it to the bottom of another team's backlog
    Move {
        /// The team item: PAY-23 or 23
        id: TeamItemRef,
        #[arg(long)]
        team: String,
    },
    /// Change its title, effort points, type or description
    Edit {
        /// The team item: PAY-23 or 23
        id: TeamItemRef,
        #[arg(long, allow_hyphen_values = true)]
        title: Option<String>,
        /// What it is about ("" clears it)
        #[arg(long, allow_hyphen_values = true)]
        description: Option<String>,
        /// Effort points, e.g. 5
        #[arg(long, value_parser = points, allow_negative_numbers = true, conflicts_with = "no_effort")]
        effort: Option<u32>,
        /// Clear the effort estimate
        #[arg(long)]
        no_effort: bool,
        /// story, use case, task or bug
        #[arg(long = "type", value_name = "TYPE")]
        item_type: Option<ItemType>,
    },
    /// Hang it under another cluster item
    Reparent {
        /// The team item: PAY-23 or 23
        id: TeamItemRef,
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
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        notes: String,
    },
    /// List the releases by target date with their items and points
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
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
        /// Plan into a release that is already accepted or released
        #[arg(long)]
        force: bool,
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
        #[arg(long, allow_hyphen_values = true)]
        notes: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CycleCommand {
    /// Add a cycle, e.g. `cycle add 26.4 --start 2026-10-05` (its shape from
    /// `[cycle]` in config.toml unless given)
    Add {
        /// Its name, e.g. 26.4
        name: String,
        /// Its first day, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        start: String,
        /// How many iterations [default: `[cycle] iterations`, else 4]
        #[arg(long, value_parser = count)]
        iterations: Option<u32>,
        /// Weeks per iteration [default: `[cycle] iteration_weeks`, else 3]
        #[arg(long, value_parser = count)]
        weeks: Option<u32>,
        /// Inter-cycle weeks after the iterations [default: `[cycle] inter_cycle_weeks`, else 1]
        #[arg(long, value_parser = points)]
        inter_weeks: Option<u32>,
    },
    /// List the cycles with their dates and the cluster's load against capacity
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// One cycle: where it stands, each team's load against its capacity, its items
    Show {
        /// The cycle [default: the current one]
        name: Option<String>,
    },
    /// Change a cycle's name, start or shape
    Edit {
        name: String,
        /// A new name
        #[arg(long, value_name = "NAME")]
        rename: Option<String>,
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        #[arg(long, value_parser = count)]
        iterations: Option<u32>,
        #[arg(long, value_parser = count)]
        weeks: Option<u32>,
        #[arg(long, value_parser = points)]
        inter_weeks: Option<u32>,
    },
    /// Close a cycle: it stays in the reports and takes no more items
    Close { name: String },
    /// Set a team's capacity for a cycle, e.g. `cycle capacity 26.4 --team PAY 30`
    /// [default: the team's capacity per iteration × the iterations]
    Capacity {
        cycle: String,
        /// The team's code
        #[arg(long)]
        team: String,
        /// Points for the whole cycle
        #[arg(value_parser = points, required_unless_present = "reset", conflicts_with = "reset")]
        points: Option<u32>,
        /// Back to the team's capacity × the iterations
        #[arg(long)]
        reset: bool,
    },
    /// Pull an item into a cycle (out of any other), or take it out with --clear
    Plan {
        /// The item: 12 or F-12
        item: ItemRef,
        /// The cycle [default: the current one]
        #[arg(long, conflicts_with = "clear")]
        cycle: Option<String>,
        /// Take the item out of its cycle
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum LabelCommand {
    /// Give an item one or more labels, e.g. `label add F-12 mobile ux`
    Add {
        /// The item: 12 or F-12
        item: ItemRef,
        /// The labels (one with spaces in quotes)
        #[arg(required = true, allow_hyphen_values = true)]
        labels: Vec<String>,
    },
    /// Take labels off an item
    Remove {
        /// The item: 12 or F-12
        item: ItemRef,
        #[arg(required = true, allow_hyphen_values = true)]
        labels: Vec<String>,
    },
    /// Every label on the board with its number of items, or one item's labels
    List {
        /// Only this item's labels
        item: Option<ItemRef>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum StakeholderCommand {
    /// Add a stakeholder
    Add {
        name: String,
        #[arg(long, allow_hyphen_values = true)]
        group: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        contact: Option<String>,
    },
    /// List the stakeholders and how many requests each has
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Record that a stakeholder requested an item
    Request {
        /// The item: 12 or F-12
        item: ItemRef,
        #[arg(long, allow_hyphen_values = true)]
        name: String,
    },
    /// Take back a stakeholder's request for an item
    Withdraw {
        /// The item: 12 or F-12
        item: ItemRef,
        #[arg(long, allow_hyphen_values = true)]
        name: String,
    },
    /// Rename a stakeholder or change their group or contact ("" clears them)
    Edit {
        name: String,
        /// The new name
        #[arg(long)]
        rename: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        group: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        contact: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Every release with its items, state and progress
    ReleasePlan {
        #[arg(long, value_enum, default_value_t = crate::report::Format::Md)]
        format: crate::report::Format,
        /// Add each item's business case (NABC, lean business case, options)
        #[arg(long)]
        with_business_case: bool,
    },
    /// One stakeholder's requests with their rank, state and planned release
    Stakeholder {
        name: String,
        #[arg(long, value_enum, default_value_t = crate::report::Format::Md)]
        format: crate::report::Format,
        /// Add each item's business case (NABC, lean business case, options)
        #[arg(long)]
        with_business_case: bool,
    },
    /// What shipped in a release
    ReleaseNotes {
        release: String,
        #[arg(long, value_enum, default_value_t = crate::report::Format::Md)]
        format: crate::report::Format,
        /// Add each item's business case (NABC, lean business case, options)
        #[arg(long)]
        with_business_case: bool,
    },
    /// A release's burn-up: scope and done points at the end of each
    /// iteration, with its forecast
    Burnup {
        release: String,
        #[arg(long, value_enum, default_value_t = crate::report::charts::ChartFormat::Md)]
        format: crate::report::charts::ChartFormat,
    },
    /// The cumulative flow: items in each board column per day
    Flow {
        /// The first day, YYYY-MM-DD [default: 12 weeks before --to]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// The last day, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = crate::report::charts::ChartFormat::Md)]
        format: crate::report::charts::ChartFormat,
    },
    /// Lead time (created → Done) and cycle time (Implementing → Done) per kind
    LeadTime {
        /// Only the items done on or after this day, YYYY-MM-DD [default: all]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_enum, default_value_t = crate::report::charts::ChartFormat::Md)]
        format: crate::report::charts::ChartFormat,
    },
    /// What moved, was added, archived, re-estimated and released since a
    /// checkpoint or a date, and who did it
    Changes {
        /// A checkpoint's name, or a date YYYY-MM-DD [default: the last checkpoint]
        #[arg(long, value_name = "CHECKPOINT|DATE")]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = crate::report::Format::Md)]
        format: crate::report::Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    /// The backlog in rank order, one row per item
    Csv,
    /// A static site for stakeholders (needs --out DIR)
    Html,
    /// The same site as Markdown pages (needs --out DIR)
    Md,
}
