//! What the command line prints to a terminal passes the sanitiser, line by
//! line, like everything the board draws: a name written with an escape
//! sequence cannot set the title or write the clipboard. Output to a file or
//! a pipe is left exact (JSON and CSV stay byte for byte what was stored).

use std::io::{self, IsTerminal, Write};

use crate::domain::text::sanitize;

/// Sanitises each line written through it.
pub struct TerminalWriter<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> TerminalWriter<W> {
    pub fn new(inner: W) -> TerminalWriter<W> {
        TerminalWriter {
            inner,
            line: Vec::new(),
        }
    }

    fn emit(&mut self, newline: bool) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        self.inner.write_all(sanitize(&text).as_bytes())?;
        if newline {
            self.inner.write_all(b"\n")?;
        }
        self.line.clear();
        Ok(())
    }
}

impl<W: Write> Write for TerminalWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            if b == b'\n' {
                self.emit(true)?;
            } else {
                self.line.push(b);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.emit(false)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Standard output: sanitised when it is a terminal, exact otherwise.
pub fn stdout() -> Box<dyn Write> {
    let out = io::stdout();
    if out.is_terminal() {
        Box::new(TerminalWriter::new(out.lock()))
    } else {
        Box::new(io::BufWriter::new(out.lock()))
    }
}

/// An error and its causes in one sentence, each cause said once: a cause
/// whose text the message above it already holds is left out.
pub fn message(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if parts.last().is_some_and(|prev| prev.contains(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// Whether an error is only a closed pipe (`list | head`): nothing to report.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    // serde_json and csv wrap the io error without naming it as the source.
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|e| {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_in_names_are_shown_not_run() {
        let mut out = Vec::new();
        {
            let mut w = TerminalWriter::new(&mut out);
            writeln!(
                w,
                "no release \"x\": the releases are \u{1b}]52;c;cHduZWQ=\u{7}Pro"
            )
            .unwrap();
            write!(w, "tail \u{9b}31m").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{9b}'));
        assert!(text.contains("␛]52;c;cHduZWQ=␇Pro\n"), "{text:?}");
        assert!(text.ends_with("tail \u{fffd}31m"));
    }
}
