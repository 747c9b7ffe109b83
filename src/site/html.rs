//! A site page as one self-contained HTML file: no script, no external
//! resource, readable on a phone (tables become cards on narrow screens) and
//! printable. Written as XHTML-compatible HTML so it parses as XML too; every
//! text passes `report::esc`.

use super::{Block, Inline, Page, Site};
use crate::report::esc;

const CSS: &str = "\
:root{color-scheme:light}
body{font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:72rem;margin:0 auto;padding:1rem;color:#111;background:#fff}
nav{font-size:.95rem;line-height:1.9;border-bottom:1px solid #ccc;padding-bottom:.5rem}
nav a{white-space:nowrap}
a{color:#0645ad}
h1{font-size:1.6rem;margin:.8rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.meta{color:#444}.empty{color:#555;font-style:italic}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f0f0f0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td[data-label=\"ID\"]{white-space:nowrap}
.bar{height:.8rem;background:#e4e4e4;border:1px solid #999;max-width:30rem}
.bar span{display:block;height:100%;background:#2b6cb0}
footer{margin-top:2rem;color:#555;font-size:.9rem;border-top:1px solid #ccc;padding-top:.5rem}
@media (max-width:40rem){
 table,thead,tbody,tr,td{display:block}thead{display:none}
 tr{border:1px solid #ccc;border-radius:.4rem;margin:.6rem 0;padding:.3rem .5rem}
 td{border:none;padding:.1rem 0}td.num{text-align:left}td:empty{display:none}
 td::before{content:attr(data-label) \": \";font-weight:600;color:#333}
}
@media print{
 body{max-width:none;padding:0;font-size:10pt}nav{display:none}a{color:#000;text-decoration:none}
 h2{break-after:avoid}tr{break-inside:avoid}th{background:none}
 .bar{border-color:#000}.bar span{background:#000;print-color-adjust:exact;-webkit-print-color-adjust:exact}
}";

fn inline(parts: &[Inline]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Link { text, page } => {
                let href = match page.split_once('#') {
                    Some((stem, place)) => format!("{}.html#{}", esc(stem), esc(place)),
                    None => format!("{}.html", esc(page)),
                };
                out.push_str(&format!("<a href=\"{href}\">{}</a>", esc(text)));
            }
        }
    }
    out
}

fn is_number(parts: &[Inline]) -> bool {
    matches!(parts, [Inline::Text(t)]
        if t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

pub(super) fn page(site: &Site, page: &Page) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <title>{}</title><style>{CSS}</style></head>\n<body>\n<header><nav>{}</nav>\
         <h1>{}</h1></header>\n<main>\n",
        esc(&page.title),
        inline(&site.nav),
        esc(&page.title)
    );
    for b in &page.blocks {
        match b {
            Block::Heading(h) => out.push_str(&format!("<h2>{}</h2>\n", esc(h))),
            Block::Anchor(id) => out.push_str(&format!("<span id=\"{}\"></span>\n", esc(id))),
            Block::Para(p) => out.push_str(&format!("<p>{}</p>\n", inline(p))),
            Block::Meta(m) => out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(m))),
            Block::Progress { done, total, words } => {
                let pct = super::percent(*done, *total).min(100);
                out.push_str(&format!(
                    "<div class=\"bar\" role=\"img\" aria-label=\"{pct}% done\">\
                     <span style=\"width:{pct}%\"></span></div>\n<p>{}</p>\n",
                    esc(words)
                ));
            }
            Block::Table {
                headers,
                rows,
                empty,
            } => {
                if rows.is_empty() {
                    if !empty.is_empty() {
                        out.push_str(&format!("<p class=\"empty\">{}</p>\n", esc(empty)));
                    }
                    continue;
                }
                out.push_str("<table><thead><tr>");
                for h in headers {
                    out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for (h, c) in headers.iter().zip(r) {
                        let class = if is_number(c) { " class=\"num\"" } else { "" };
                        out.push_str(&format!(
                            "<td data-label=\"{}\"{class}>{}</td>",
                            esc(h),
                            inline(c)
                        ));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
        }
    }
    out.push_str(&format!(
        "</main>\n<footer>{}</footer>\n</body></html>\n",
        esc(&site.footer)
    ));
    out
}
