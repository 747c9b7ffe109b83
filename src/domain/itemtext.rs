//! An item as a text file for `$EDITOR`, like `git commit`: each long field
//! under a heading. Writing it and reading it back gives the same fields, and
//! a file that does not read names the line and what to do.

use std::fmt::Write;

/// The fields the editor file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemText {
    pub title: String,
    pub description: String,
    pub acceptance: String,
    pub source: String,
}

/// The headings, in the order the file has them.
const SECTIONS: [&str; 4] = ["Title", "Description", "Acceptance criteria", "Source"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TextProblem {
    pub line: usize,
    pub message: String,
}

impl ItemText {
    fn field(&mut self, section: usize) -> &mut String {
        match section {
            0 => &mut self.title,
            1 => &mut self.description,
            2 => &mut self.acceptance,
            _ => &mut self.source,
        }
    }

    fn get(&self, section: usize) -> &str {
        match section {
            0 => &self.title,
            1 => &self.description,
            2 => &self.acceptance,
            _ => &self.source,
        }
    }

    /// The file: a comment saying how it works, then every field under its heading.
    pub fn render(&self, code: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Editing {code} in clusterboard.");
        out.push_str(
            "# Write under the headings and keep them as they are. Lines up here that\n\
             # start with # are ignored. Save and quit to apply every change at once;\n\
             # quit without saving, or leave it unchanged, to change nothing.\n",
        );
        for (i, name) in SECTIONS.iter().enumerate() {
            let _ = write!(out, "\n## {name}\n");
            let body = self.get(i);
            if !body.is_empty() {
                out.push_str(body);
                out.push('\n');
            }
        }
        out
    }

    /// Reads a file back. The comment lines before the first heading are
    /// skipped; every other line belongs to the heading above it.
    pub fn parse(text: &str) -> Result<ItemText, TextProblem> {
        let mut out = ItemText::default();
        let mut bodies: [Option<Vec<&str>>; 4] = Default::default();
        let mut current: Option<usize> = None;
        let mut title_line = 0;
        for (n, line) in text.lines().enumerate() {
            let n = n + 1;
            if let Some(name) = line.strip_prefix("## ") {
                let Some(i) = SECTIONS
                    .iter()
                    .position(|s| s.eq_ignore_ascii_case(name.trim()))
                else {
                    return Err(TextProblem {
                        line: n,
                        message: format!(
                            "\"## {}\" is not a heading of this file: the headings are {}",
                            name.trim(),
                            SECTIONS.join(", ")
                        ),
                    });
                };
                if bodies[i].is_some() {
                    return Err(TextProblem {
                        line: n,
                        message: format!("\"## {}\" stands twice: keep one", SECTIONS[i]),
                    });
                }
                bodies[i] = Some(Vec::new());
                if i == 0 {
                    title_line = n;
                }
                current = Some(i);
                continue;
            }
            match current {
                Some(i) => {
                    if let Some(body) = bodies[i].as_mut() {
                        body.push(line);
                    }
                }
                None if line.starts_with('#') || line.trim().is_empty() => {}
                None => {
                    return Err(TextProblem {
                        line: n,
                        message: "text before the first heading: put it under a heading, or start the line with #".into(),
                    });
                }
            }
        }
        let Some(title) = &bodies[0] else {
            return Err(TextProblem {
                line: 1,
                message: "there is no \"## Title\" heading: put it back with the title under it"
                    .into(),
            });
        };
        let title: Vec<&str> = title
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        if title.len() > 1 {
            return Err(TextProblem {
                line: title_line + 1,
                message: "the title is on several lines: keep it to one".into(),
            });
        }
        for (i, body) in bodies.iter().enumerate() {
            if let Some(lines) = body {
                *out.field(i) = lines.join("\n").trim_matches('\n').trim_end().to_string();
            }
        }
        out.title = out.title.trim().to_string();
        Ok(out)
    }

    /// A file to open again after a problem: the problem on top, as comment
    /// lines, and what the user wrote below, with any earlier problem removed.
    pub fn with_problem(text: &str, problem: &str) -> String {
        let mut kept = String::new();
        for l in text
            .lines()
            .filter(|l| !l.starts_with("# Problem: ") && !l.starts_with("# Fix it "))
        {
            kept.push_str(l);
            kept.push('\n');
        }
        format!(
            "# Problem: {problem}\n# Fix it and save again, or quit without saving to change nothing.\n{kept}"
        )
    }

    /// The names of the fields that differ from `other`.
    pub fn changed_from(&self, other: &ItemText) -> Vec<&'static str> {
        (0..SECTIONS.len())
            .filter(|&i| self.get(i) != other.get(i))
            .map(|i| SECTIONS[i])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ItemText {
        ItemText {
            title: "SSO login".into(),
            description: "Dealers sign in once.\n\n# Not a heading, just Markdown".into(),
            acceptance: "Given a dealer\nwhen they sign in\nthen it works".into(),
            source: String::new(),
        }
    }

    #[test]
    fn writing_and_reading_back_gives_the_same_fields_and_the_same_file() {
        let text = sample().render("F-1");
        let back = ItemText::parse(&text).unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.render("F-1"), text);
    }

    #[test]
    fn an_unknown_heading_names_its_line_and_the_headings() {
        let text = sample().render("F-1").replace("## Source", "## Sauce");
        let err = ItemText::parse(&text).unwrap_err();
        assert_eq!(
            err.line,
            text.lines().position(|l| l == "## Sauce").unwrap() + 1
        );
        assert!(
            err.message.contains("Title, Description"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_title_on_two_lines_or_no_title_heading_is_refused() {
        let two = sample().render("F-1").replace("SSO login", "SSO\nlogin");
        assert!(
            ItemText::parse(&two)
                .unwrap_err()
                .message
                .contains("several lines")
        );
        let none = sample().render("F-1").replace("## Title", "");
        assert!(ItemText::parse(&none).is_err());
    }

    #[test]
    fn a_problem_goes_on_top_and_replaces_the_previous_one() {
        let once = ItemText::with_problem("## Title\nx\n", "line 2: first");
        let twice = ItemText::with_problem(&once, "line 3: second");
        assert!(twice.starts_with("# Problem: line 3: second\n"));
        assert!(!twice.contains("first"));
        assert!(twice.ends_with("## Title\nx\n"));
    }
}
