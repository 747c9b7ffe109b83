//! Reading other tools' files into a cluster: a Jira CSV export (`jira`, with
//! its map in `map`) and clusterboard's own JSON export (`json`). Nothing here
//! speaks SQL: each reader turns a file into the store's import types and a
//! list of problems, each with its place in the file.

pub mod dates;
pub mod jira;
pub mod json;
pub mod map;
pub mod sheet;

use std::fmt;

pub use jira::{JiraPlan, Skipped, plan_jira};
pub use map::{DEFAULT_MAP, JiraMap, MapError};

/// Where in a file something was found: a line, and the CSV column when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// 1-based; 0 for the file as a whole.
    pub line: u64,
    /// 1-based CSV column.
    pub column: Option<usize>,
    /// The column's header, to name it.
    pub header: Option<String>,
}

impl Place {
    pub fn line(line: u64) -> Place {
        Place {
            line,
            column: None,
            header: None,
        }
    }

    pub fn cell(line: u64, column: usize, header: Option<String>) -> Place {
        Place {
            line,
            column: Some(column),
            header,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return f.write_str("the file");
        }
        write!(f, "line {}", self.line)?;
        if let Some(c) = self.column {
            write!(f, ", column {c}")?;
            if let Some(h) = &self.header {
                write!(f, " ({})", crate::domain::text::sanitize(h))?;
            }
        }
        Ok(())
    }
}

/// Something in the file that stops the import: a real run refuses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

impl Problem {
    pub fn at(place: Place, message: String) -> Problem {
        Problem { place, message }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.place,
            crate::domain::text::sanitize(&self.message)
        )
    }
}

/// Something the import did on its own judgement (a rounded estimate, a status
/// taken from its category), with every place it did it; it does not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub message: String,
    pub places: Vec<Place>,
}

/// How many places a note lists before it counts the rest.
const PLACES_SHOWN: usize = 5;

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::domain::text::sanitize(&self.message))?;
        if self.places.is_empty() {
            return Ok(());
        }
        let shown: Vec<String> = self
            .places
            .iter()
            .take(PLACES_SHOWN)
            .map(ToString::to_string)
            .collect();
        write!(f, " ({}", shown.join("; "))?;
        if self.places.len() > PLACES_SHOWN {
            write!(f, "; and {} more", self.places.len() - PLACES_SHOWN)?;
        }
        f.write_str(")")
    }
}

/// Notes gathered by their message, in the order first seen.
#[derive(Debug, Default)]
pub struct Notes(Vec<Note>);

impl Notes {
    pub fn add(&mut self, message: String, place: Place) {
        if let Some(n) = self.0.iter_mut().find(|n| n.message == message) {
            n.places.push(place);
        } else {
            self.0.push(Note {
                message,
                places: vec![place],
            });
        }
    }

    /// A note about the whole file.
    pub fn general(&mut self, message: String) {
        if !self.0.iter().any(|n| n.message == message) {
            self.0.push(Note {
                message,
                places: Vec::new(),
            });
        }
    }

    /// The notes, each with its places in file order.
    pub fn into_vec(mut self) -> Vec<Note> {
        for n in &mut self.0 {
            n.places.sort_by_key(|p| (p.line, p.column));
        }
        self.0
    }
}
