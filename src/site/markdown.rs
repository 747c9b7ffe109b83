//! A site page as Markdown. Every user text is escaped so that no Markdown
//! reader turns it into HTML, a link, an image or emphasis: it reads as
//! typed. The only links are the site's own, between its pages.

use super::{Block, Inline, Page, Site};
use crate::domain::text::sanitize;

/// ASCII punctuation that starts Markdown (emphasis, code, links, images,
/// HTML, entities, tables, strike-through) wherever it stands.
const MARKUP: &str = "\\`*_{}[]<>#|~&$^";

/// Makes user text literal in Markdown: sanitised (one line, no control
/// characters), every markup character backslash-escaped (`CommonMark` allows
/// it for any ASCII punctuation), and a first character that would start a
/// list, a quote or a heading line escaped too.
pub fn escape(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len() + 8);
    let digits = clean.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in clean.chars().enumerate() {
        let starts_block = (i == 0 && "-+=.>".contains(c))
            || (i == digits && digits > 0 && (c == '.' || c == ')'));
        if (c.is_ascii_punctuation() && MARKUP.contains(c)) || starts_block {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn inline(parts: &[Inline]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Link { text, page } => {
                // A place inside a page is the page itself: Markdown renderers
                // name their heading anchors each their own way.
                let stem = page.split('#').next().unwrap_or(page);
                out.push_str(&format!("[{}]({stem}.md)", escape(text)));
            }
        }
    }
    out
}

pub(super) fn page(site: &Site, page: &Page) -> String {
    let mut out = format!(
        "{}\n\n# {}\n\n",
        inline(&site.nav),
        escape(page.title.trim())
    );
    for b in &page.blocks {
        match b {
            Block::Heading(h) => out.push_str(&format!("## {}\n\n", escape(h.trim()))),
            Block::Anchor(_) => {}
            Block::Para(p) => out.push_str(&format!("{}\n\n", inline(p).trim_start())),
            Block::Meta(m) => out.push_str(&format!("_{}_\n\n", escape(m.trim()))),
            Block::Progress { done, total, words } => {
                let pct = super::percent(*done, *total).min(100) as usize;
                let filled = pct / 10;
                out.push_str(&format!(
                    "`{}{}` {}\n\n",
                    "█".repeat(filled),
                    "░".repeat(10 - filled),
                    escape(words)
                ));
            }
            Block::Table {
                headers,
                rows,
                empty,
            } => {
                if rows.is_empty() {
                    if !empty.is_empty() {
                        out.push_str(&format!("_{}_\n\n", escape(empty)));
                    }
                    continue;
                }
                out.push_str(&format!("| {} |\n", headers.join(" | ")));
                out.push_str(&format!("|{}\n", " --- |".repeat(headers.len())));
                for r in rows {
                    let cells: Vec<String> = r.iter().map(|c| inline(c)).collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("---\n\n{}\n", escape(&site.footer)));
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_user_text_is_escaped() {
        assert_eq!(escape("<b>x</b>"), "\\<b\\>x\\</b\\>");
        assert_eq!(escape("[a](http://e)"), "\\[a\\](http://e)");
        assert_eq!(escape("**F-1** & co"), "\\*\\*F-1\\*\\* \\& co");
        assert_eq!(escape("a\nb | c"), "a b \\| c");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("12. item"), "12\\. item");
        assert_eq!(escape("Pro 2.2"), "Pro 2.2");
    }
}
