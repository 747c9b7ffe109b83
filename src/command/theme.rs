//! `theme`: the themes there are. Choosing one is a setting of the board
//! (`--theme`, `[ui] theme`, F2 or `:theme NAME` on the board).

use std::io::Write;

use serde_json::Value;

use super::listing::{Listing, col};
use crate::cli::ListFormat;
use crate::config::Config;
use crate::theme::BUILT_IN;

pub(super) fn theme(
    name: Option<&str>,
    format: ListFormat,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let themes = config.themes();
    if let Some(name) = name {
        // A name that does not load gets the loader's sentence.
        themes.load(name)?;
        anyhow::bail!(
            "the theme is a setting of the board: start it with --theme {name}, set [ui] theme = \"{name}\" in config.toml, or switch on the board with F2 or :theme {name}"
        );
    }
    let mut l = Listing::new(&[
        col("name", "theme"),
        col("from", "from"),
        col("in_use", "in use"),
    ]);
    for n in themes.names() {
        let file = themes.file(&n).filter(|f| f.is_file());
        let from = match file {
            Some(f) => f.display().to_string(),
            None if BUILT_IN.iter().any(|(b, _)| *b == n) => "built in".to_string(),
            None => continue,
        };
        let used = n == config.theme;
        l.row(vec![
            Value::from(n),
            Value::from(from),
            match format {
                ListFormat::Table => Value::from(if used { "in use" } else { "" }),
                _ => Value::from(used),
            },
        ]);
    }
    l.write(format, out)
}
