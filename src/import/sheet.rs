//! Reading a CSV file into rows, each with the line it starts on: the
//! encoding checked first (UTF-8, with or without a byte-order mark), quoted
//! multi-line cells kept whole, rows of empty cells (an Excel re-save) left out.

use super::{Place, Problem};

/// A CSV file as rows of text.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
    /// Rows with nothing in any cell, left out.
    pub blank_rows: usize,
}

#[derive(Debug, Clone)]
pub struct SheetRow {
    /// The line the row starts on (1 is the header).
    pub line: u64,
    pub cells: Vec<String>,
}

impl SheetRow {
    /// The trimmed text of a cell; empty when the row is short.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", |c| c.trim())
    }
}

const SAVE_AS_UTF8: &str =
    "save it as UTF-8 (in Excel: \"CSV UTF-8\") or export it from Jira again";

/// Reads the bytes of a CSV file; a file that is not UTF-8 text is one problem
/// naming where the first foreign byte stands.
pub fn read(bytes: &[u8]) -> Result<Sheet, Problem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::at(
            Place::cell(1, 1, None),
            format!(
                "the file is UTF-16 text (it starts with a UTF-16 byte-order mark): {SAVE_AS_UTF8}"
            ),
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(nul) = bytes.iter().take(4096).position(|&b| b == 0) {
        let (line, column) = place_of(bytes, nul);
        return Err(Problem::at(
            Place::cell(line, column, None),
            format!(
                "the file holds NUL bytes, so it is not UTF-8 text (UTF-16 without a byte-order mark?): {SAVE_AS_UTF8}"
            ),
        ));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let (line, column) = place_of(bytes, at);
        let bad = bytes.get(at).copied().unwrap_or(0);
        let count = bytes
            .utf8_chunks()
            .filter(|c| !c.invalid().is_empty())
            .count();
        let more = if count > 1 {
            format!(" (and {} more like it)", count - 1)
        } else {
            String::new()
        };
        let header = header_at(bytes, column);
        return Err(Problem::at(
            Place::cell(line, column, header),
            format!(
                "byte 0x{bad:02X} is not UTF-8{more}: the file is in another encoding \
                 (Latin-1 or Windows-1252, as Excel saves \"CSV\"): {SAVE_AS_UTF8}"
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut sheet = Sheet::default();
    let mut first = true;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Problem::at(
                Place::line(line),
                format!("the file is not CSV there ({e}): export it from Jira again"),
            )
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        if first {
            sheet.headers = record.iter().map(|h| h.trim().to_string()).collect();
            first = false;
            continue;
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            sheet.blank_rows += 1;
            continue;
        }
        sheet.rows.push(SheetRow {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    if first {
        return Err(Problem::at(
            Place::line(1),
            "the file is empty: export the issues from Jira with \"Export Excel CSV (all fields)\""
                .to_string(),
        ));
    }
    Ok(sheet)
}

/// The 1-based line of a byte, and the CSV column (field) it falls in.
fn place_of(bytes: &[u8], at: usize) -> (u64, usize) {
    let prefix = bytes.get(..at).unwrap_or(bytes);
    let line = prefix.split(|&b| b == b'\n').count() as u64;
    // Parse what comes before: the last record's field count is the column.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(prefix);
    let column = reader
        .byte_records()
        .filter_map(std::result::Result::ok)
        .last()
        .map_or(1, |r| r.len().max(1));
    let column = if prefix.ends_with(b"\n") { 1 } else { column };
    (line, column)
}

/// The header of a column, read from the (ASCII part of the) first line.
fn header_at(bytes: &[u8], column: usize) -> Option<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let first = reader.byte_records().next()?.ok()?;
    let h = first.get(column.checked_sub(1)?)?;
    Some(String::from_utf8_lossy(h).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped_and_quoted_lines_stay_in_their_cell() {
        let text =
            "\u{feff}Summary,Issue key\n\"Two\nlines, and \"\"quotes\"\"\",A-1\n,\n,,\nThird,A-2\n";
        let sheet = read(text.as_bytes()).unwrap();
        assert_eq!(sheet.headers, vec!["Summary", "Issue key"]);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].cells[0], "Two\nlines, and \"quotes\"");
        assert_eq!(sheet.rows[0].line, 2);
        assert_eq!(sheet.rows[1].line, 6);
        assert_eq!(sheet.blank_rows, 2);
    }

    #[test]
    fn latin1_is_refused_at_the_line_and_column_of_the_first_foreign_byte() {
        let bytes = b"Summary,Issue key,Status\nok,A-1,Done\nCaf\xe9 au lait,A-2,Done\n";
        let p = read(bytes).unwrap_err();
        assert_eq!((p.place.line, p.place.column), (3, Some(1)), "{p}");
        assert!(p.message.contains("0xE9"), "{p}");
        let bytes = b"Summary,Issue key,Status\nok,A-1,D\xf6ne\n";
        let p = read(bytes).unwrap_err();
        assert_eq!((p.place.line, p.place.column), (2, Some(3)), "{p}");
        assert_eq!(p.place.header.as_deref(), Some("Status"));
    }

    #[test]
    fn utf16_is_refused_at_its_first_byte() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Summary,Issue key\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let p = read(&bytes).unwrap_err();
        assert_eq!((p.place.line, p.place.column), (1, Some(1)));
        assert!(p.message.contains("UTF-16"), "{p}");
    }
}
