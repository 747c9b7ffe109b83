//! `:` — a command line inside the board that runs the same subcommands as the
//! `clusterboard` binary, parsed by the same clap definition, against the open
//! database. One path per behaviour: the board has no second implementation.

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use super::complete::{Completion, complete};
use super::field::{Allow, TextField};
use super::{Action, App, Panel, Table};
use crate::cli::{
    Cli, Command, PortfolioCommand, QuestionCommand, ReleaseCommand, StakeholderCommand,
    TeamCommand,
};
use crate::store::StoreError;

/// The command line being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandLine {
    pub field: TextField,
    /// Earlier lines, oldest first, and where ↑/↓ stand in them.
    pub history: Vec<String>,
    pub back: Option<usize>,
    /// What was typed before walking the history.
    pub draft: String,
    /// The candidates Tab offered last, while Tab is pressed again.
    pub completion: Option<Completion>,
}

/// Output of a listing command, shown in a panel that scrolls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPanel {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
}

/// What running a line did, before it is shown.
enum Outcome {
    /// Text for the status line.
    Said(String),
    /// A listing for the output panel.
    Listed(String),
    /// A board setting, done and said on the status line.
    Done,
}

impl App {
    pub(crate) fn open_command_line(&mut self) -> Result<(), StoreError> {
        let history = self.store.command_history(&self.who)?;
        self.command_line = Some(CommandLine {
            field: TextField::new("", Allow::Text, 1000),
            history,
            back: None,
            draft: String::new(),
            completion: None,
        });
        Ok(())
    }

    pub(crate) fn command_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(line) = self.command_line.as_mut() else {
            return Ok(());
        };
        if action != Action::NextField && action != Action::PrevField {
            line.completion = None;
        }
        match action {
            Action::Close | Action::Quit => {
                self.command_line = None;
                self.info("Command line closed; nothing was run.");
            }
            Action::Confirm => {
                let text = line.field.text().trim().to_string();
                let history = std::mem::take(&mut line.history);
                self.command_line = None;
                if !text.is_empty() {
                    // History is a convenience: a file that cannot be written
                    // (read-only, damaged, locked) still runs what is asked.
                    let _ = self.store.remember_command(&self.who, &text);
                    self.run_line(&text)?;
                    // A refused line stays open as typed, to be mended.
                    if self.status.level == super::Level::Error && self.panel.is_none() {
                        let mut field = TextField::new("", Allow::Text, 1000);
                        field.set(&text);
                        let mut history = history;
                        if history.last() != Some(&text) {
                            history.push(text);
                        }
                        self.command_line = Some(CommandLine {
                            field,
                            history,
                            back: None,
                            draft: String::new(),
                            completion: None,
                        });
                    }
                }
            }
            Action::SelectUp => {
                let at = match line.back {
                    None if line.history.is_empty() => return Ok(()),
                    None => {
                        line.draft = line.field.text().to_string();
                        line.history.len() - 1
                    }
                    Some(i) => i.saturating_sub(1),
                };
                line.back = Some(at);
                let text = line.history[at].clone();
                line.field.set(&text);
            }
            Action::SelectDown => match line.back {
                None => {}
                Some(i) if i + 1 < line.history.len() => {
                    line.back = Some(i + 1);
                    let text = line.history[i + 1].clone();
                    line.field.set(&text);
                }
                Some(_) => {
                    line.back = None;
                    let draft = std::mem::take(&mut line.draft);
                    line.field.set(&draft);
                }
            },
            Action::NextField | Action::PrevField => {
                let forward = action == Action::NextField;
                let selected = self.selected_code();
                let Some(line) = self.command_line.as_mut() else {
                    return Ok(());
                };
                if let Some(c) = line.completion.as_mut() {
                    c.step(forward);
                    let text = c.line();
                    line.field.set(&text);
                } else {
                    let typed = line.field.split_at_cursor().0.to_string();
                    let c = complete(&typed, &self.store, selected.as_deref())?;
                    if let Some(text) = c.as_ref().map(Completion::line) {
                        line.field.set(&text);
                    }
                    line.completion = c.filter(|c| c.candidates.len() > 1);
                }
            }
            a => {
                if let Some(why) = line.field.edit(a).refused() {
                    self.warn(why);
                }
            }
        }
        Ok(())
    }

    /// The code of the item the board has selected, to complete an item first.
    fn selected_code(&self) -> Option<String> {
        let id = self.selected_id()?;
        self.store.item(id).ok().map(|i| i.code())
    }

    /// Runs one line as the binary would run it and shows what it said.
    pub(crate) fn run_line(&mut self, text: &str) -> Result<(), StoreError> {
        let selected = self.selected_id();
        match self.execute(text) {
            Ok(Outcome::Said(said)) => {
                self.refresh(selected)?;
                let said = said.trim().lines().collect::<Vec<_>>().join(" · ");
                if said.is_empty() {
                    self.info(format!(":{text} — done."));
                } else {
                    self.info(said);
                }
            }
            Ok(Outcome::Listed(listing)) => {
                self.refresh(selected)?;
                self.panel = Some(Panel::Output(Box::new(OutputPanel {
                    title: format!(":{text}"),
                    lines: listing.lines().map(str::to_string).collect(),
                    scroll: 0,
                })));
            }
            Ok(Outcome::Done) => self.refresh(selected)?,
            Err(message) => {
                // Whatever the command wrote before it failed may have changed nothing,
                // or (for a multi-step command) something: show the board as it is.
                self.refresh(selected)?;
                self.error(message);
            }
        }
        Ok(())
    }

    fn execute(&mut self, text: &str) -> Result<Outcome, String> {
        let Some(words) = shlex::split(text) else {
            return Err(format!(
                "{text:?} has an unclosed quote: close it, or put a \\ before a quote that is part of a word."
            ));
        };
        let matches = self
            .cli
            .get_or_insert_with(|| Cli::command().no_binary_name(true))
            .try_get_matches_from_mut(&words);
        let matches = match matches {
            Ok(m) => m,
            Err(e) => {
                use clap::error::ErrorKind;
                let rendered = e.render().to_string();
                return match e.kind() {
                    ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                        Ok(Outcome::Listed(rendered))
                    }
                    _ => Err(first_line(&rendered)),
                };
            }
        };
        for flag in ["db", "config", "demo"] {
            if matches.value_source(flag) == Some(ValueSource::CommandLine) {
                return Err(format!(
                    "--{flag} cannot change inside the board: quit, then start clusterboard with --{flag}."
                ));
            }
        }
        if matches.value_source("theme") == Some(ValueSource::CommandLine) {
            return Err(
                "--theme is for starting the board: here, `theme NAME` or F2 switches it."
                    .to_string(),
            );
        }
        let cli = Cli::from_arg_matches(&matches).map_err(|e| first_line(&e.to_string()))?;
        let Some(command) = cli.command else {
            return Err("Type a command, e.g. `team list` or `help`.".to_string());
        };
        let refused = match &command {
            Command::Init { .. } => Some("init creates a database; the board has one open already"),
            Command::Bench { .. } => Some("bench measures speed in a process of its own"),
            Command::Export { out: None, .. } => Some(
                "export without --out writes the whole cluster to standard output, not to the board (add --out FILE)",
            ),
            _ => None,
        };
        if let Some(why) = refused {
            return Err(format!(
                "{} makes no sense inside the board: {why}. Run `clusterboard {text}` in a shell.",
                words.first().map_or("it", String::as_str)
            ));
        }
        // Settings of the board itself are done here, not by the command.
        if let Command::Theme {
            name: Some(name), ..
        } = &command
        {
            self.switch_theme(Some(name));
            return Ok(Outcome::Done);
        }
        if let Command::Timebox { length } = &command {
            self.timebox_command(length.as_deref())?;
            return Ok(Outcome::Done);
        }
        let mut out = Vec::new();
        crate::command::run(&command, &mut self.store, &self.config, &mut out)
            .map_err(|e| format!("{e:#}"))?;
        let text = String::from_utf8_lossy(&out).into_owned();
        Ok(if is_listing(&command) {
            Outcome::Listed(text)
        } else {
            Outcome::Said(text)
        })
    }

    pub(crate) fn output_key(&mut self, action: Action) -> Result<(), StoreError> {
        let page = self.backlog_page();
        let Some(Panel::Output(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        let last = p.lines.len().saturating_sub(1);
        match action {
            Action::SelectDown => p.scroll = (p.scroll + 1).min(last),
            Action::SelectUp => p.scroll = p.scroll.saturating_sub(1),
            Action::PageDown => p.scroll = (p.scroll + page).min(last),
            Action::PageUp => p.scroll = p.scroll.saturating_sub(page),
            Action::SelectFirst => p.scroll = 0,
            Action::SelectLast => p.scroll = last,
            Action::Close | Action::Quit | Action::Confirm => self.panel = None,
            _ => {}
        }
        Ok(())
    }

    /// The keys of the command line, for its hint line.
    pub fn command_hints(&self) -> Vec<(String, &'static str)> {
        let key = |a: Action| self.keymap.key(Table::Command, a);
        vec![
            (key(Action::NextField), "complete"),
            (
                self.keymap
                    .arrows(Table::Command, Action::SelectUp, Action::SelectDown),
                "history",
            ),
            (key(Action::Confirm), "run"),
            (key(Action::Close), "cancel"),
            ("help".to_string(), "lists the commands"),
        ]
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("the command line was not understood")
        .trim()
        .to_string()
}

/// Commands whose output is a list or a report, shown in a panel.
fn is_listing(command: &Command) -> bool {
    match command {
        Command::List { .. }
        | Command::Report { .. }
        | Command::Log { .. }
        | Command::Theme { .. } => true,
        Command::Checkpoint { list, .. } => *list,
        Command::Team { action } => matches!(action, TeamCommand::List { .. }),
        Command::Cycle { action } => matches!(
            action,
            crate::cli::CycleCommand::List { .. } | crate::cli::CycleCommand::Show { .. }
        ),
        Command::Release { action } => {
            matches!(
                action,
                ReleaseCommand::List { .. } | ReleaseCommand::Dod { .. }
            )
        }
        Command::Stakeholder { action } => matches!(action, StakeholderCommand::List { .. }),
        Command::Label { action } => matches!(action, crate::cli::LabelCommand::List { .. }),
        Command::Question { action } => matches!(action, QuestionCommand::List { .. }),
        Command::Portfolio { action } => matches!(
            action,
            PortfolioCommand::List { .. } | PortfolioCommand::Show { .. }
        ),
        Command::Completions { .. } | Command::Man => true,
        Command::Dor { tick, untick, .. } => tick.is_empty() && untick.is_empty(),
        _ => false,
    }
}
