//! An item as a text file for `$EDITOR`, like `git commit`: each long field
//! under a heading, the business case too. Writing it and reading it back
//! gives the same fields (and the same file), and a file that does not read
//! names the line and what to do.

use std::fmt::Write;

use super::business::{BusinessCase, BusinessOption, Criticality};

/// Which item the file is of: a cluster item has acceptance criteria and a
/// source, a portfolio item an owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Cluster,
    Portfolio,
    /// A business case alone (`edit --business-case-file`).
    Business,
    /// A template: any of a cluster item's long fields, no title.
    Template,
}

/// The fields the editor file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemText {
    pub title: String,
    pub description: String,
    pub acceptance: String,
    /// The source (cluster items) or the owner (portfolio items).
    pub source: String,
    pub business: BusinessCase,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TextProblem {
    pub line: usize,
    pub message: String,
}

const CRITICALITY: &str = "Criticality";
const IF_LATE: &str = "If we do not do it in time";
const OPTION: &str = "Option: ";

impl Shape {
    /// The headings before the business case.
    fn own(self) -> &'static [&'static str] {
        match self {
            Shape::Cluster => &["Title", "Description", "Acceptance criteria", "Source"],
            Shape::Portfolio => &["Title", "Description", "Owner"],
            Shape::Business => &[],
            Shape::Template => &["Description", "Acceptance criteria", "Source"],
        }
    }

    fn known(self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self.own().to_vec();
        out.extend(BusinessCase::default().sections().map(|(h, _)| h));
        out.push(CRITICALITY);
        out.push(IF_LATE);
        out
    }
}

fn problem(line: usize, message: impl Into<String>) -> TextProblem {
    TextProblem {
        line,
        message: message.into(),
    }
}

impl ItemText {
    fn own_field(&mut self, heading: &str) -> Option<&mut String> {
        Some(match heading {
            "Title" => &mut self.title,
            "Description" => &mut self.description,
            "Acceptance criteria" => &mut self.acceptance,
            "Source" | "Owner" => &mut self.source,
            _ => return None,
        })
    }

    fn own_value(&self, heading: &str) -> &str {
        match heading {
            "Title" => &self.title,
            "Description" => &self.description,
            "Acceptance criteria" => &self.acceptance,
            _ => &self.source,
        }
    }

    /// The file: a comment saying how it works, then every field under its heading.
    pub fn render(&self, code: &str, shape: Shape) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Editing {code} in clusterboard.");
        out.push_str(
            "# Write under the headings and keep them as they are. Lines up here that\n\
             # start with # are ignored. Save and quit to apply every change at once;\n\
             # quit without saving, or leave it unchanged, to change nothing.\n\
             # The business case below is optional: leave what does not apply empty.\n\
             # Criticality is normal, strategic or scheduled. Add options with\n\
             # \"## Option: NAME\" and the lines Dependencies, Teams, Risks, Effort\n\
             # (points) and Investment (money).\n",
        );
        let section = |out: &mut String, name: &str, body: &str| {
            let _ = write!(out, "\n## {name}\n");
            if !body.is_empty() {
                out.push_str(body);
                out.push('\n');
            }
        };
        for name in shape.own() {
            section(&mut out, name, self.own_value(name));
        }
        let b = &self.business;
        for (name, body) in b.sections() {
            section(&mut out, name, body);
        }
        section(&mut out, CRITICALITY, b.criticality.as_str());
        section(&mut out, IF_LATE, &b.if_late);
        for o in &b.options {
            let mut body = String::new();
            let _ = write!(
                body,
                "Dependencies: {}\nTeams: {}\nRisks: {}\nEffort: {}\nInvestment: {}",
                o.dependencies,
                o.teams,
                o.risks,
                o.effort.map(|e| e.to_string()).unwrap_or_default(),
                o.investment.map(|e| e.to_string()).unwrap_or_default()
            );
            section(&mut out, &format!("{OPTION}{}", o.name), &body);
        }
        out
    }

    /// Reads a file back. The comment lines before the first heading are
    /// skipped; every other line belongs to the heading above it.
    pub fn parse(text: &str, shape: Shape) -> Result<ItemText, TextProblem> {
        let known = shape.known();
        // Each heading with the line it stands on and its lines.
        let mut sections: Vec<(String, usize, Vec<&str>)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let n = n + 1;
            if let Some(name) = line.strip_prefix("## ") {
                let name = name.trim();
                let heading = if let Some(opt) = strip_prefix_ci(name, OPTION) {
                    if opt.trim().is_empty() {
                        return Err(problem(
                            n,
                            "an option needs a name: \"## Option: Build it ourselves\"",
                        ));
                    }
                    format!("{OPTION}{}", opt.trim())
                } else if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
                    (*k).to_string()
                } else {
                    return Err(problem(
                        n,
                        format!(
                            "\"## {name}\" is not a heading of this file: the headings are {}, and \"## Option: NAME\"",
                            known.join(", ")
                        ),
                    ));
                };
                if !heading.starts_with(OPTION) && sections.iter().any(|(h, _, _)| *h == heading) {
                    return Err(problem(
                        n,
                        format!("\"## {heading}\" stands twice: keep one"),
                    ));
                }
                sections.push((heading, n, Vec::new()));
                continue;
            }
            match sections.last_mut() {
                Some((_, _, body)) => body.push(line),
                None if line.starts_with('#') || line.trim().is_empty() => {}
                None => {
                    return Err(problem(
                        n,
                        "text before the first heading: put it under a heading, or start the line with #",
                    ));
                }
            }
        }
        let body = |lines: &[&str]| lines.join("\n").trim_matches('\n').trim_end().to_string();
        let mut out = ItemText::default();
        let mut has_title = false;
        for (heading, line, lines) in &sections {
            let text = body(lines);
            if heading == "Title" {
                has_title = true;
                if lines.iter().filter(|l| !l.trim().is_empty()).count() > 1 {
                    return Err(problem(
                        line + 1,
                        "the title is on several lines: keep it to one",
                    ));
                }
                out.title = text.trim().to_string();
            } else if let Some(field) = out.own_field(heading) {
                *field = text;
            } else if heading == CRITICALITY {
                out.business.criticality = if text.trim().is_empty() {
                    Criticality::Normal
                } else {
                    Criticality::parse(&text).ok_or_else(|| {
                        problem(
                            line + 1,
                            format!(
                                "criticality {:?} is not normal, strategic or scheduled",
                                text.trim()
                            ),
                        )
                    })?
                };
            } else if let Some(name) = heading.strip_prefix(OPTION) {
                out.business.options.push(option(name, *line, lines)?);
            } else if let Some(field) = out.business.section_mut(heading) {
                *field = text;
            }
        }
        if !has_title && matches!(shape, Shape::Cluster | Shape::Portfolio) {
            return Err(problem(
                1,
                "there is no \"## Title\" heading: put it back with the title under it",
            ));
        }
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
        let mut out = Vec::new();
        for name in ["Title", "Description", "Acceptance criteria", "Source"] {
            if self.own_value(name) != other.own_value(name) {
                out.push(name);
            }
        }
        if self.business != other.business {
            out.push("Business case");
        }
        out
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// An option's `Key: value` lines; numbers are checked where they stand.
fn option(name: &str, heading_line: usize, lines: &[&str]) -> Result<BusinessOption, TextProblem> {
    let mut o = BusinessOption {
        name: name.to_string(),
        ..BusinessOption::default()
    };
    for (i, line) in lines.iter().enumerate() {
        let n = heading_line + 1 + i;
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(problem(
                n,
                format!(
                    "{line:?} is not \"Key: value\": the keys are Dependencies, Teams, Risks, Effort, Investment"
                ),
            ));
        };
        let value = value.trim();
        let number = |what: &str| -> Result<Option<u64>, TextProblem> {
            if value.is_empty() {
                return Ok(None);
            }
            value
                .replace(['_', ','], "")
                .parse::<u64>()
                .map(Some)
                .map_err(|_| {
                    problem(
                        n,
                        format!("{what} {value:?} is not a number: write a whole number, e.g. 13"),
                    )
                })
        };
        match key.trim().to_lowercase().as_str() {
            "dependencies" => o.dependencies = value.to_string(),
            "teams" => o.teams = value.to_string(),
            "risks" => o.risks = value.to_string(),
            "effort" => {
                o.effort = number("effort")?
                    .map(|e| u32::try_from(e).map_err(|_| problem(n, "effort is too large")))
                    .transpose()?;
            }
            "investment" => o.investment = number("investment")?,
            other => {
                return Err(problem(
                    n,
                    format!(
                        "{other:?} is not a key of an option: the keys are Dependencies, Teams, Risks, Effort, Investment"
                    ),
                ));
            }
        }
    }
    Ok(o)
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
            business: BusinessCase {
                need: "Dealers lose 10 minutes a day logging in.".into(),
                approach: "One login through the dealer portal.".into(),
                benefits: "2,000 hours a year for 40 points.".into(),
                competition: "Rivals have it since 2025.".into(),
                criticality: Criticality::Strategic,
                if_late: "Dealers move to the rival's bikes.".into(),
                options: vec![BusinessOption {
                    name: "Build it ourselves".into(),
                    dependencies: "Identity provider".into(),
                    teams: "CORE, APP".into(),
                    risks: "SAML quirks".into(),
                    effort: Some(40),
                    investment: Some(60_000),
                }],
                ..BusinessCase::default()
            },
        }
    }

    #[test]
    fn writing_and_reading_back_gives_the_same_fields_and_the_same_file() {
        let text = sample().render("F-1", Shape::Cluster);
        let back = ItemText::parse(&text, Shape::Cluster).unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.render("F-1", Shape::Cluster), text);
        let portfolio = sample().render("P-1", Shape::Portfolio);
        assert!(portfolio.contains("## Owner") && !portfolio.contains("## Acceptance criteria"));
        let back = ItemText::parse(&portfolio, Shape::Portfolio).unwrap();
        assert_eq!(back.business, sample().business);
    }

    #[test]
    fn an_unknown_heading_names_its_line_and_the_headings() {
        let text = sample()
            .render("F-1", Shape::Cluster)
            .replace("## Source", "## Sauce");
        let err = ItemText::parse(&text, Shape::Cluster).unwrap_err();
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
    fn a_non_number_in_an_option_names_its_line() {
        let text = sample()
            .render("F-1", Shape::Cluster)
            .replace("Effort: 40", "Effort: forty");
        let err = ItemText::parse(&text, Shape::Cluster).unwrap_err();
        assert_eq!(
            err.line,
            text.lines().position(|l| l == "Effort: forty").unwrap() + 1
        );
        assert!(err.message.contains("not a number"), "{}", err.message);
        let bad = sample()
            .render("F-1", Shape::Cluster)
            .replace("strategic", "urgent");
        assert!(
            ItemText::parse(&bad, Shape::Cluster)
                .unwrap_err()
                .message
                .contains("urgent")
        );
    }

    #[test]
    fn a_title_on_two_lines_or_no_title_heading_is_refused() {
        let two = sample()
            .render("F-1", Shape::Cluster)
            .replace("SSO login", "SSO\nlogin");
        assert!(
            ItemText::parse(&two, Shape::Cluster)
                .unwrap_err()
                .message
                .contains("several lines")
        );
        let none = sample()
            .render("F-1", Shape::Cluster)
            .replace("## Title", "");
        assert!(ItemText::parse(&none, Shape::Cluster).is_err());
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
