//! Templates for writing an item: a user story, a stakeholder story, a use
//! case, an NABC and a lean business case. Each is the `E` file's headings
//! with placeholder text; applying one fills only the fields still empty, so
//! nothing written is overwritten.

use super::itemtext::{ItemText, Shape, TextProblem};

/// A template as shipped or as the user's file of the same name overrides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The file name without `.md`: `user-story`.
    pub name: String,
    /// How the form and the help name it: `user story`.
    pub label: String,
    pub fields: ItemText,
}

/// The shipped templates, in the order the form offers them.
pub const BUILTIN: [(&str, &str, &str); 5] = [
    (
        "user-story",
        "user story",
        include_str!("../../assets/templates/user-story.md"),
    ),
    (
        "stakeholder-story",
        "stakeholder story",
        include_str!("../../assets/templates/stakeholder-story.md"),
    ),
    (
        "use-case",
        "use case",
        include_str!("../../assets/templates/use-case.md"),
    ),
    (
        "nabc",
        "NABC",
        include_str!("../../assets/templates/nabc.md"),
    ),
    (
        "lean-business-case",
        "lean business case",
        include_str!("../../assets/templates/lean-business-case.md"),
    ),
];

impl Template {
    pub fn parse(name: &str, label: &str, text: &str) -> Result<Template, TextProblem> {
        Ok(Template {
            name: name.to_string(),
            label: label.to_string(),
            fields: ItemText::parse(text, Shape::Template)?,
        })
    }

    /// `fields` with this template's text in every field still empty.
    pub fn fill(&self, fields: &ItemText) -> ItemText {
        let mut out = fields.clone();
        let t = &self.fields;
        for (field, from) in [
            (&mut out.description, &t.description),
            (&mut out.acceptance, &t.acceptance),
            (&mut out.source, &t.source),
        ] {
            if field.trim().is_empty() && !from.is_empty() {
                field.clone_from(from);
            }
        }
        let case_was_empty = out.business.is_empty();
        for (heading, text) in t.business.sections() {
            if text.is_empty() {
                continue;
            }
            if let Some(field) = out.business.section_mut(heading)
                && field.trim().is_empty()
            {
                *field = text.to_string();
            }
        }
        if out.business.if_late.trim().is_empty() && !t.business.if_late.is_empty() {
            out.business.if_late.clone_from(&t.business.if_late);
        }
        if case_was_empty {
            out.business.criticality = t.business.criticality;
        }
        if out.business.options.is_empty() {
            out.business.options.clone_from(&t.business.options);
        }
        out
    }

    /// The names of the fields this template writes, for messages.
    pub fn writes(&self) -> Vec<&'static str> {
        ItemText::default().fill_names(&self.fields)
    }
}

impl ItemText {
    fn fill_names(&self, other: &ItemText) -> Vec<&'static str> {
        other
            .changed_from(self)
            .into_iter()
            .filter(|n| *n != "Title")
            .collect()
    }
}

/// The shipped templates, each replaced by a file of the same name in `dir`
/// (the `templates` folder beside the config file) when there is one.
pub fn load(dir: Option<&std::path::Path>) -> Result<Vec<Template>, String> {
    BUILTIN
        .iter()
        .map(|&(name, label, text)| {
            let own = dir
                .map(|d| d.join(format!("{name}.md")))
                .filter(|p| p.is_file());
            match own {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("template {} cannot be read: {e}", path.display()))?;
                    Template::parse(name, label, &text)
                        .map_err(|e| format!("template {}, {e}", path.display()))
                }
                None => Template::parse(name, label, text)
                    .map_err(|e| format!("the shipped template {name}, {e}")),
            }
        })
        .collect()
}

/// A template by file name or label, without regard to case.
pub fn find<'a>(templates: &'a [Template], name: &str) -> Option<&'a Template> {
    let n = name.trim();
    templates
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(n) || t.label.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_reads_and_writes_something() {
        let all = load(None).unwrap();
        assert_eq!(all.len(), BUILTIN.len());
        for t in &all {
            assert!(!t.writes().is_empty(), "{} writes nothing", t.name);
        }
        let story = find(&all, "user story").unwrap();
        assert!(story.fields.description.starts_with("As a <role>"));
        let lbc = find(&all, "lean-business-case").unwrap();
        assert_eq!(lbc.fields.business.options.len(), 1);
    }

    #[test]
    fn a_template_fills_only_empty_fields() {
        let all = load(None).unwrap();
        let story = find(&all, "user-story").unwrap();
        let mine = ItemText {
            title: "SSO".into(),
            description: "Dealers sign in once.".into(),
            ..ItemText::default()
        };
        let filled = story.fill(&mine);
        assert_eq!(filled.description, "Dealers sign in once.", "kept");
        assert!(filled.acceptance.starts_with("Given"), "filled");
        assert_eq!(filled.title, "SSO");
        let nabc = find(&all, "NABC").unwrap().fill(&filled);
        assert!(nabc.business.need.starts_with('<'));
        assert_eq!(nabc.acceptance, filled.acceptance);
    }

    #[test]
    fn a_file_in_the_templates_folder_replaces_the_shipped_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("user-story.md"),
            "## Description\nAls <Rolle> …\n",
        )
        .unwrap();
        let all = load(Some(dir.path())).unwrap();
        assert_eq!(
            find(&all, "user-story").unwrap().fields.description,
            "Als <Rolle> …"
        );
        std::fs::write(dir.path().join("nabc.md"), "## Neeed\nx\n").unwrap();
        let err = load(Some(dir.path())).unwrap_err();
        assert!(err.contains("nabc.md, line 1"), "{err}");
    }
}
