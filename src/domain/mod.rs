//! Plain types and rules of the cluster model. No IO, no terminal.

pub mod business;
pub mod cycle;
pub mod dor;
pub mod filter;
pub mod forecast;
pub mod item;
pub mod itemtext;
pub mod kind;
pub mod label;
pub mod poker;
pub mod portfolio;
pub mod question;
pub mod rank;
pub mod release;
pub mod score;
pub mod state;
pub mod team;
pub mod template;
pub mod text;
pub mod timebox;

pub use item::{Card, Item, ItemId, NewItem};
pub use kind::Kind;
pub use state::State;
