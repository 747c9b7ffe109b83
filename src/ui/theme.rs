//! Styles. Every meaning colour carries is also carried by a symbol, a word or a
//! modifier, so the board reads the same with `NO_COLOR` or to a colour-blind eye.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Kind;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn bar_accent(self) -> Style {
        self.bar().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn kind(self, kind: Kind) -> Style {
        let c = match kind {
            Kind::System => Color::Magenta,
            Kind::Application => Color::Blue,
            Kind::Feature => Color::Green,
            Kind::Enabler => Color::Yellow,
            Kind::Improvement => Color::Cyan,
            Kind::KnowledgeGap => Color::LightBlue,
            Kind::Issue => Color::Red,
            _ => Color::White,
        };
        self.fg(c).add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn column_border(self, selected: bool, over_wip: bool) -> Style {
        match (selected, over_wip) {
            (_, true) => self.fg(Color::Red),
            (true, false) => self.fg(Color::Cyan),
            (false, false) => self.dim(),
        }
    }

    pub fn column_title(self, selected: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if selected {
            s.add_modifier(Modifier::UNDERLINED)
        } else {
            s
        }
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
