//! One line of text being typed. Every text field in the app (the rank and
//! filter prompts, forms, split titles, voter names, the command line) is this
//! editor, so they all move and delete alike: by grapheme, so a wide character
//! or a letter with combining marks moves as one.

use tui_input::{Input, InputRequest};

use super::Action;

/// Which characters a field takes; the rest are refused as they are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// Any printable text.
    Text,
    /// Digits only: points, a rank.
    Digits,
    /// Numbers and dashes separated by spaces: the WSJF inputs.
    Numbers,
    /// Letters and digits: a team code.
    Code,
    /// Letters, digits and dashes: an item id such as F-12.
    Id,
}

impl Allow {
    fn takes(self, c: char) -> bool {
        match self {
            Allow::Text => !c.is_control(),
            Allow::Digits => c.is_ascii_digit(),
            Allow::Numbers => c.is_ascii_digit() || c == ' ' || c == '-',
            Allow::Code => c.is_ascii_alphanumeric(),
            Allow::Id => c.is_ascii_alphanumeric() || c == '-',
        }
    }
}

/// What an action did to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Not an editing action: the caller handles it.
    Ignored,
    Done,
    /// A typed character that does not go in, and why.
    Refused(String),
}

impl Edit {
    /// Whether the field took the action (or refused what was typed).
    pub fn handled(&self) -> bool {
        *self != Edit::Ignored
    }

    pub fn refused(self) -> Option<String> {
        match self {
            Edit::Refused(why) => Some(why),
            Edit::Ignored | Edit::Done => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TextField {
    input: Input,
    allow: Allow,
    /// At most this many characters.
    max: usize,
}

impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}

impl TextField {
    /// A field holding `text`, with the cursor at its end.
    pub fn new(text: &str, allow: Allow, max: usize) -> TextField {
        let text: String = text.chars().filter(|&c| allow.takes(c)).take(max).collect();
        TextField {
            input: Input::new(text),
            allow,
            max,
        }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Characters before the cursor.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// The text before and after the cursor, for drawing it in between.
    pub fn split_at_cursor(&self) -> (&str, &str) {
        let at = self
            .text()
            .char_indices()
            .nth(self.cursor())
            .map_or(self.text().len(), |(i, _)| i);
        self.text().split_at(at)
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    /// Replaces the text, cursor at the end.
    pub fn set(&mut self, text: &str) {
        *self = TextField::new(text, self.allow, self.max);
    }

    fn room(&self) -> bool {
        self.text().chars().count() < self.max
    }

    /// Why a typed character does not go in, said so it is not lost unseen:
    /// `None` when it goes in (or the field drops it without a word).
    fn refusal(&self, c: char) -> Option<String> {
        if !self.allow.takes(c) {
            let what = match self.allow {
                Allow::Text => return None,
                Allow::Digits => "a whole number: digits only",
                Allow::Numbers => "whole numbers separated by spaces, - to clear one",
                Allow::Code => "a code of letters and digits",
                Allow::Id => "an id of letters, digits and dashes, e.g. F-12",
            };
            let shown = crate::domain::text::sanitize(&c.to_string());
            return Some(format!(
                "\"{shown}\" does not go in: this field takes {what}."
            ));
        }
        (!self.room()).then(|| format!("This field takes at most {} characters.", self.max))
    }

    /// Carries out an editing action: whether it was one, and why a typed
    /// character did not go in, for the status line.
    pub fn edit(&mut self, action: Action) -> Edit {
        let request = match action {
            Action::Type(c) => {
                if self.allow.takes(c) && self.room() {
                    InputRequest::InsertChar(c)
                } else {
                    return self.refusal(c).map_or(Edit::Done, Edit::Refused);
                }
            }
            Action::Back => InputRequest::DeletePrevChar,
            Action::DeleteNext => InputRequest::DeleteNextChar,
            Action::DeleteWord => InputRequest::DeletePrevWord,
            Action::DeleteLine => InputRequest::DeleteLine,
            Action::CursorLeft => InputRequest::GoToPrevChar,
            Action::CursorRight => InputRequest::GoToNextChar,
            Action::CursorHome => InputRequest::GoToStart,
            Action::CursorEnd => InputRequest::GoToEnd,
            _ => return Edit::Ignored,
        };
        self.input.handle(request);
        Edit::Done
    }

    /// Inserts pasted text at the cursor: line breaks become spaces, and what the
    /// field does not take is left out. Returns how many characters went in.
    pub fn paste(&mut self, text: &str) -> usize {
        let mut n = 0;
        for c in text.chars() {
            let c = if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            };
            if self.allow.takes(c) && self.room() {
                self.input.handle(InputRequest::InsertChar(c));
                n += 1;
            }
        }
        n
    }
}

impl super::App {
    /// A bracketed paste: the text goes into the field being typed in, as text
    /// (never as keys). With no field open it changes nothing and says so.
    pub fn paste(&mut self, text: &str) {
        use super::Panel;
        let field = if let Some(l) = self.command_line.as_mut() {
            Some(&mut l.field)
        } else if let Some(p) = self.prompt.as_mut() {
            Some(&mut p.field)
        } else {
            match self.panel.as_mut() {
                Some(Panel::Poker(p)) => p.naming.as_mut(),
                Some(Panel::Form(f)) => match f.focus {
                    super::FormField::Kind | super::FormField::Template => None,
                    super::FormField::Title => Some(&mut f.title),
                    super::FormField::Value => Some(&mut f.value),
                    super::FormField::Effort => Some(&mut f.effort),
                },
                Some(Panel::Split(p)) => {
                    let row = p.row;
                    match (p.field, p.rows.get_mut(row)) {
                        (super::SplitField::Title, Some(r)) => Some(&mut r.title),
                        (super::SplitField::Effort, Some(r)) => Some(&mut r.effort),
                        _ => None,
                    }
                }
                _ => None,
            }
        };
        match field {
            Some(f) => {
                let took = f.paste(text);
                let all = text.chars().count();
                if took < all {
                    self.warn(format!(
                        "Pasted {took} of {all} characters: this field takes no others."
                    ));
                }
            }
            None => self.warn(format!(
                "Nothing to paste into: open a field first (e.g. {} for the filter). Nothing changed.",
                self.keymap.normal(Action::StartFilter)
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextField {
        let mut f = TextField::new("", Allow::Text, 80);
        for c in text.chars() {
            f.edit(Action::Type(c));
        }
        f
    }

    #[test]
    fn the_cursor_moves_and_text_goes_in_where_it_stands() {
        let mut f = typed("Dark mode");
        f.edit(Action::CursorHome);
        f.edit(Action::Type('A'));
        f.edit(Action::CursorEnd);
        f.edit(Action::Type('!'));
        assert_eq!(f.text(), "ADark mode!");
        f.edit(Action::CursorLeft);
        f.edit(Action::Back);
        assert_eq!(f.text(), "ADark mod!");
        assert_eq!(f.split_at_cursor(), ("ADark mod", "!"));
    }

    #[test]
    fn ctrl_w_deletes_a_word_and_ctrl_u_the_line() {
        let mut f = typed("SSO login for dealers");
        f.edit(Action::DeleteWord);
        assert_eq!(f.text(), "SSO login for ");
        f.edit(Action::DeleteLine);
        assert_eq!(f.text(), "");
    }

    #[test]
    fn wide_characters_and_combining_marks_move_as_one() {
        let mut f = typed("日本e\u{301}");
        assert_eq!(f.cursor(), 4);
        f.edit(Action::CursorLeft);
        assert_eq!(f.split_at_cursor(), ("日本", "e\u{301}"));
        f.edit(Action::Back);
        assert_eq!(f.text(), "日e\u{301}");
        f.edit(Action::CursorEnd);
        f.edit(Action::Back);
        assert_eq!(f.text(), "日");
    }

    #[test]
    fn a_field_refuses_what_it_does_not_take_and_stops_at_its_limit() {
        let mut f = TextField::new("", Allow::Digits, 3);
        for c in "1a2b34".chars() {
            f.edit(Action::Type(c));
        }
        assert_eq!(f.text(), "123");
    }

    #[test]
    fn a_paste_turns_line_breaks_into_spaces() {
        let mut f = typed("x");
        assert_eq!(f.paste("one\ntwo\r\nthree"), 14);
        assert_eq!(f.text(), "xone two  three");
        let mut digits = TextField::new("", Allow::Digits, 4);
        assert_eq!(digits.paste("1 2\n3"), 3);
        assert_eq!(digits.text(), "123");
    }
}
