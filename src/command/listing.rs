//! What every listing command prints, in the format asked for: an aligned
//! table (wide characters measured by the cells they take, as the board
//! measures them), JSON for scripts, or CSV for spreadsheets.

use std::io::Write;

use serde_json::Value;

use super::csv_text;
use crate::cli::ListFormat;
use crate::domain::text::{sanitize, width};

/// One column: its key in JSON and CSV, its header in the table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub header: &'static str,
    /// Numbers line up on the right.
    pub right: bool,
}

pub const fn col(key: &'static str, header: &'static str) -> Column {
    Column {
        key,
        header,
        right: false,
    }
}

pub const fn num(key: &'static str, header: &'static str) -> Column {
    Column {
        key,
        header,
        right: true,
    }
}

/// Rows of values under columns.
#[derive(Debug, Clone)]
pub struct Listing {
    columns: Vec<Column>,
    rows: Vec<Vec<Value>>,
}

/// A value as a table or CSV cell: none is `-`, a list is joined.
fn cell(v: &Value, sep: &str) -> String {
    match v {
        Value::Null => "-".to_string(),
        Value::String(s) => sanitize(s),
        Value::Array(a) if a.is_empty() => "-".to_string(),
        Value::Array(a) => a.iter().map(|x| cell(x, sep)).collect::<Vec<_>>().join(sep),
        other => other.to_string(),
    }
}

impl Listing {
    pub fn new(columns: &[Column]) -> Listing {
        Listing {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, values: Vec<Value>) {
        self.rows.push(values);
    }

    pub fn write(&self, format: ListFormat, out: &mut dyn Write) -> anyhow::Result<()> {
        match format {
            ListFormat::Table => self.table(out),
            ListFormat::Json => {
                let rows: Vec<serde_json::Map<String, Value>> = self
                    .rows
                    .iter()
                    .map(|r| {
                        self.columns
                            .iter()
                            .zip(r)
                            .map(|(c, v)| (c.key.to_string(), v.clone()))
                            .collect()
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)?;
                Ok(())
            }
            ListFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(self.columns.iter().map(|c| c.key))?;
                for r in &self.rows {
                    w.write_record(r.iter().map(|v| match v {
                        Value::Null => String::new(),
                        Value::String(s) => csv_text(s),
                        other => csv_text(&cell(other, "; ")),
                    }))?;
                }
                w.flush()?;
                Ok(())
            }
        }
    }

    fn table(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|v| cell(v, ", ")).collect())
            .collect();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                cells
                    .iter()
                    .map(|r| r.get(i).map_or(0, |s| width(s)))
                    .chain([width(c.header)])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |texts: Vec<&str>| -> String {
            let last = texts.len().saturating_sub(1);
            let mut s = String::new();
            for (i, (t, c)) in texts.iter().zip(&self.columns).enumerate() {
                let pad = widths[i].saturating_sub(width(t));
                if c.right {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(t);
                } else {
                    s.push_str(t);
                    if i < last {
                        s.push_str(&" ".repeat(pad));
                    }
                }
                if i < last {
                    s.push_str("  ");
                }
            }
            s.trim_end().to_string()
        };
        writeln!(
            out,
            "{}",
            line(self.columns.iter().map(|c| c.header).collect())
        )?;
        for r in &cells {
            writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wide_characters_keep_the_columns_aligned() {
        let mut l = Listing::new(&[col("name", "NAME"), num("n", "N"), col("who", "WHO")]);
        l.row(vec![json!("日本語チーム"), json!(3), json!("Aiko")]);
        l.row(vec![json!("Bikes 🚲"), json!(12), json!(null)]);
        let mut out = Vec::new();
        l.write(ListFormat::Table, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let starts: Vec<usize> = text
            .lines()
            .zip(["WHO", "Aiko", "-"])
            .map(|(line, third)| width(&line[..line.rfind(third).unwrap()]))
            .collect();
        assert_eq!(starts, vec![18, 18, 18], "{text}");
    }

    #[test]
    fn json_and_csv_carry_the_values() {
        let mut l = Listing::new(&[col("title", "TITLE"), num("effort", "EFFORT")]);
        l.row(vec![json!("=cmd"), json!(null)]);
        let mut out = Vec::new();
        l.write(ListFormat::Csv, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "title,effort\n'=cmd,\n");
        let mut out = Vec::new();
        l.write(ListFormat::Json, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, json!([{"title": "=cmd", "effort": null}]));
    }
}
