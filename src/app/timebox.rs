//! The timebox: a countdown for the discussion of one item, shown large in the
//! header with the item it belongs to. When it runs out the header turns to an
//! alert (in words, not colour alone) and, if the config asks, the terminal
//! bell rings. Stopping it records the time spent on the item.

use std::time::{Duration, Instant};

use super::{Action, App, short_title};
use crate::domain::ItemId;
use crate::domain::timebox::{clock, parse_length, spoken};
use crate::store::StoreError;

/// Time as the board counts it: the system's steady clock, or one moved by
/// hand, so a test can let five minutes pass at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System(Instant),
    Manual(Duration),
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::System(Instant::now())
    }
}

impl Clock {
    pub fn manual() -> Clock {
        Clock::Manual(Duration::ZERO)
    }

    /// Time since the clock started.
    pub fn now(&self) -> Duration {
        match self {
            Clock::System(start) => start.elapsed(),
            Clock::Manual(d) => *d,
        }
    }

    /// Moves a hand-moved clock on (a system clock moves by itself).
    pub fn advance(&mut self, by: Duration) {
        if let Clock::Manual(d) = self {
            *d += by;
        }
    }
}

/// A running countdown for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timebox {
    pub item: ItemId,
    pub code: String,
    pub title: String,
    pub length: Duration,
    /// When it started, on the board's clock.
    pub started: Duration,
    /// The alert has been given (and the bell rung) for this timebox.
    pub alerted: bool,
}

impl Timebox {
    pub fn elapsed(&self, now: Duration) -> Duration {
        now.saturating_sub(self.started)
    }

    pub fn left(&self, now: Duration) -> Duration {
        self.length.saturating_sub(self.elapsed(now))
    }

    pub fn is_up(&self, now: Duration) -> bool {
        self.elapsed(now) >= self.length
    }

    /// How long it has run past its length.
    pub fn over(&self, now: Duration) -> Duration {
        self.elapsed(now).saturating_sub(self.length)
    }
}

impl App {
    /// `b`: start a timebox on the selected item, or stop the one running on
    /// it (recording the time). Started on another item, the running one is
    /// stopped and recorded first, so `n` then `b` walks a refinement.
    pub(crate) fn toggle_timebox(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        match &self.screen.timebox {
            Some(t) if t.item == id => self.stop_timebox(),
            _ => self.start_timebox(id, self.screen.timebox_length),
        }
    }

    /// `:timebox [LENGTH | stop]`.
    pub(crate) fn timebox_command(&mut self, arg: Option<&str>) -> Result<(), String> {
        let done = match arg.map(str::trim) {
            Some("stop") => {
                if self.screen.timebox.is_none() {
                    return Err("No timebox is running.".to_string());
                }
                self.stop_timebox()
            }
            other => {
                let length = match other {
                    None => self.screen.timebox_length,
                    Some(t) => parse_length(t)?,
                };
                let Some(id) = self.selected_id() else {
                    return Err("No item selected: select the item to discuss first.".into());
                };
                self.screen.timebox_length = length;
                self.start_timebox(id, length)
            }
        };
        done.map_err(|e| e.to_string())
    }

    fn start_timebox(&mut self, id: ItemId, length: Duration) -> Result<(), StoreError> {
        let recorded = self.record_timebox()?;
        let item = self.store.item(id)?;
        let now = self.screen.clock.now();
        self.screen.timebox = Some(Timebox {
            item: id,
            code: item.code(),
            title: item.title.clone(),
            length,
            started: now,
            alerted: false,
        });
        let key = self.keymap.normal(Action::Timebox);
        self.info(format!(
            "{recorded}Timebox of {} for {} \"{}\" started: {key} on it stops it and records the time.",
            spoken(length),
            item.code(),
            short_title(&item.title)
        ));
        Ok(())
    }

    fn stop_timebox(&mut self) -> Result<(), StoreError> {
        let said = self.record_timebox()?;
        self.info(said.trim_end().to_string());
        Ok(())
    }

    /// Ends the running timebox, if any, recording its time on its item;
    /// returns the sentence that says so (empty when none ran).
    fn record_timebox(&mut self) -> Result<String, StoreError> {
        let Some(t) = self.screen.timebox.take() else {
            return Ok(String::new());
        };
        let spent = t.elapsed(self.screen.clock.now());
        // Whole seconds: a timebox stopped at once records nothing.
        let spent = Duration::from_secs(spent.as_secs());
        if spent.is_zero() {
            return Ok(format!(
                "Timebox for {} stopped at once: nothing recorded. ",
                t.code
            ));
        }
        self.store.record_time(t.item, spent, t.length, &self.who)?;
        self.refresh_facts()?;
        Ok(format!(
            "Recorded {} on {} \"{}\" (timebox {}). ",
            spoken(spent),
            t.code,
            short_title(&t.title),
            spoken(t.length)
        ))
    }

    /// On every tick: give the alert once the time is up.
    pub(crate) fn tick_timebox(&mut self) {
        let now = self.screen.clock.now();
        let bell = self.config.bell;
        let key = self.keymap.normal(Action::Timebox);
        let Some(t) = self.screen.timebox.as_mut() else {
            return;
        };
        if t.alerted || !t.is_up(now) {
            return;
        }
        t.alerted = true;
        let said = format!(
            "Time is up for {} \"{}\" ({}): {key} on it stops the timebox and records the time.",
            t.code,
            short_title(&t.title),
            spoken(t.length)
        );
        if bell {
            self.screen.bell = true;
        }
        self.warn(said);
    }

    /// Whether the terminal should ring its bell now (asked once per alert).
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.screen.bell)
    }

    /// When the board closes: the running timebox's time is recorded.
    pub fn finish_timebox(&mut self) {
        if let Err(e) = self.record_timebox() {
            self.error(format!("{e}"));
        }
    }

    /// The countdown as the header shows it: time left, or time over.
    pub fn timebox_clock(&self) -> Option<(String, bool)> {
        let t = self.screen.timebox.as_ref()?;
        let now = self.screen.clock.now();
        Some(if t.is_up(now) {
            (format!("+{}", clock(t.over(now))), true)
        } else {
            // Round up, so it shows 0:00 only when the time is up.
            let left = t.left(now);
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            (clock(Duration::from_secs(secs)), false)
        })
    }
}
