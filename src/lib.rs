//! clusterboard: a terminal backlog board for a Cluster Product Owner.

pub mod app;
pub mod bench;
pub mod cli;
pub mod command;
pub mod config;
pub mod demo;
pub mod domain;
pub mod import;
pub mod report;
pub mod site;
pub mod store;
pub mod terminal;
pub mod theme;
pub mod tui;
pub mod ui;
