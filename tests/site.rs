#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! The stakeholder site (`export --format html|md --out DIR`): every page
//! parses, links only to its own pages, loads nothing, runs nothing, and shows
//! hostile user text as text.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use common::temp_db;
use pulldown_cmark::{Event, Parser, Tag};
use quick_xml::events::Event as Xml;

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterboard"))
        .args(args)
        .env("CLUSTERBOARD_DB", db)
        .env_remove("CLUSTERBOARD_CONFIG")
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .env("XDG_DATA_HOME", db.parent().unwrap().join("data"))
        .output()
        .expect("the binary runs")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(
        o.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const HOSTILE_TITLE: &str = "<script>alert(1)</script> [win](http://evil.example) ![x](http://evil.example/x.png) **now** &amp; <b>日本語</b> 🚲";
const HOSTILE_NAME: &str = "<img src=x onerror=alert(1)> [Board](http://evil.example)";

/// The demo cluster with a hostile item, stakeholder and release notes.
fn cluster() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    ok(&db, &["init", "--demo"]);
    let id = ok(&db, &["add", "--kind", "feature", "--title", HOSTILE_TITLE]);
    ok(&db, &["release", "plan", id.trim(), "--release", "Pro 2.2"]);
    ok(&db, &["stakeholder", "add", HOSTILE_NAME]);
    ok(
        &db,
        &["stakeholder", "request", id.trim(), "--name", HOSTILE_NAME],
    );
    ok(
        &db,
        &[
            "release",
            "edit",
            "Pro 2.2",
            "--notes",
            "<iframe src=\"http://evil.example\"></iframe>\n\nSecond paragraph, *really*.",
        ],
    );
    (dir, db)
}

fn pages(dir: &Path, ext: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .collect()
}

fn entity(name: &str) -> String {
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "#39" => "'".into(),
        other => panic!("unexpected entity &{other};"),
    }
}

#[test]
fn every_html_page_parses_links_only_its_own_pages_and_shows_user_text_as_text() {
    let (dir, db) = cluster();
    let out = dir.path().join("site");
    let said = ok(
        &db,
        &["export", "--format", "html", "--out", out.to_str().unwrap()],
    );
    assert!(said.contains("index.html"), "{said}");
    let files = pages(&out, ".html");
    assert!(files.contains("index.html"));
    assert_eq!(
        files.iter().filter(|f| f.starts_with("release-")).count(),
        4
    );
    assert_eq!(
        files
            .iter()
            .filter(|f| f.starts_with("stakeholder-"))
            .count(),
        6
    );
    let mut seen_title = false;
    for f in &files {
        let html = std::fs::read_to_string(out.join(f)).unwrap();
        let body = html.strip_prefix("<!DOCTYPE html>\n").expect("a doctype");
        let mut reader = quick_xml::Reader::from_str(body);
        let mut text = String::new();
        let mut tags = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Xml::Eof) => break,
                Ok(Xml::Start(e) | Xml::Empty(e)) => {
                    let name = e.name().as_ref().to_string();
                    for a in e.attributes() {
                        let a = a.unwrap();
                        let key = a.key.as_ref().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned();
                        assert!(!key.starts_with("on") && key != "src", "{f}: {key}");
                        if key == "href" {
                            let (page, place) = value.split_once('#').unwrap_or((&value, ""));
                            assert!(files.contains(page), "{f}: link to {value}");
                            if !place.is_empty() {
                                let target = std::fs::read_to_string(out.join(page)).unwrap();
                                assert!(
                                    target.contains(&format!("id=\"{place}\"")),
                                    "{f}: link to a place {value} that is not there"
                                );
                            }
                        }
                        if key == "style" {
                            assert!(value.starts_with("width:"), "{f}: style {value}");
                        }
                    }
                    tags.push(name);
                }
                Ok(Xml::Text(t)) => text.push_str(&t),
                Ok(Xml::GeneralRef(r)) => text.push_str(&entity(&r)),
                Ok(_) => {}
                Err(e) => panic!("{f} does not parse at {}: {e}", reader.buffer_position()),
            }
        }
        for banned in ["script", "img", "iframe", "link", "object", "embed", "b"] {
            assert!(!tags.iter().any(|t| t == banned), "{f}: <{banned}>");
        }
        assert!(!html.contains("url(") && !html.contains("@import"), "{f}");
        assert!(html.contains("name=\"viewport\""), "{f}");
        assert!(html.contains("@media print"), "{f}");
        if text.contains(HOSTILE_TITLE) {
            seen_title = true;
        }
        if f.starts_with("release-pro-2-2") {
            assert!(
                text.contains("<iframe src=\"http://evil.example\"></iframe>"),
                "{text}"
            );
            assert!(text.contains("Second paragraph, *really*."));
        }
    }
    assert!(seen_title, "the hostile title was not shown as text");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    // The backlog is in rank order and links each planned release.
    let first = index.find("F-1").unwrap();
    assert!(first < index.find("F-2").unwrap());
    assert!(index.contains("href=\"release-pro-2-2.html\""));
    // Each item says which portfolio item it comes from, linked to its place.
    assert!(index.contains("<th scope=\"col\">From</th>"));
    assert!(index.contains("href=\"portfolio.html#p-1\""));
    assert!(index.contains("own work"));
    let portfolio = std::fs::read_to_string(out.join("portfolio.html")).unwrap();
    assert!(portfolio.contains("<h1>Portfolio</h1>"));
    assert!(portfolio.contains("id=\"p-1\""));
    // P-1 has a full NABC in the demo; its need is on the page.
    let p1 = clusterboard::demo::open()
        .unwrap()
        .portfolio_item(clusterboard::domain::portfolio::PortfolioId(1))
        .unwrap();
    let need = p1.business_case.unwrap().need;
    assert!(!need.is_empty());
    let first_words: String = need
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(portfolio.contains(&first_words), "{first_words}");
    assert!(pages(&out, ".html").contains("portfolio.html"));
}

#[test]
fn every_markdown_page_renders_without_html_or_links_from_user_text() {
    let (dir, db) = cluster();
    let out = dir.path().join("md");
    ok(
        &db,
        &["export", "--format", "md", "--out", out.to_str().unwrap()],
    );
    let files = pages(&out, ".md");
    assert_eq!(
        files.len(),
        12,
        "index, portfolio, 4 releases, 6 stakeholders: {files:?}"
    );
    let mut seen = (false, false);
    for f in &files {
        let md = std::fs::read_to_string(out.join(f)).unwrap();
        let mut text = String::new();
        let mut in_link = false;
        let mut link_text = String::new();
        for event in Parser::new_ext(&md, pulldown_cmark::Options::all()) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => panic!("{f}: HTML {h:?}"),
                Event::Start(Tag::Image { dest_url, .. }) => panic!("{f}: image {dest_url}"),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    assert!(files.contains(dest_url.as_ref()), "{f}: link to {dest_url}");
                    in_link = true;
                    link_text.clear();
                }
                Event::End(pulldown_cmark::TagEnd::Link) => in_link = false,
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) if !in_link => {
                    // Only the tool's own meta lines are emphasised, never user text.
                }
                Event::Text(t) | Event::Code(t) => {
                    if in_link {
                        link_text.push_str(&t);
                    }
                    text.push_str(&t);
                }
                _ => {}
            }
        }
        if text.contains(HOSTILE_TITLE) {
            seen.0 = true;
        }
        if text.contains(HOSTILE_NAME) {
            seen.1 = true;
        }
    }
    assert!(seen.0, "the hostile title was not rendered as text");
    assert!(
        seen.1,
        "the hostile stakeholder name was not rendered as text"
    );
}

#[test]
fn a_site_needs_a_directory() {
    let (dir, db) = cluster();
    let o = run(&db, &["export", "--format", "html"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--out DIR"));
    let file = dir.path().join("taken");
    std::fs::write(&file, "x").unwrap();
    let o = run(
        &db,
        &["export", "--format", "md", "--out", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a file, not a directory"));
}
