//! The help (`?`): every key of every screen, what the inbox's markers
//! mean, where opened files go, and how Arabic is shown.

use ratatui::style::{Modifier, Style};

use super::pager::Doc;
use super::reader::Reader;
use crate::i18n::Lang;
use crate::tr;

/// The help screen, saying that opened files go to `files`.
pub(super) fn screen(lang: Lang, files: &str) -> Reader {
    let mut doc = Doc::default();
    let title = Style::default().add_modifier(Modifier::BOLD);
    let key = |doc: &mut Doc, keys: &str, what: String| {
        doc.push_line(format!("  {keys:<14} {what}"), Style::default());
    };
    doc.push_line(tr!(lang, "desk-help-intro"), Style::default());
    doc.blank();
    doc.push_line(tr!(lang, "desk-title-inbox"), title);
    key(&mut doc, "↑ ↓", tr!(lang, "desk-help-move"));
    key(
        &mut doc,
        &tr!(lang, "desk-keyname-enter"),
        tr!(lang, "desk-help-open"),
    );
    key(&mut doc, "r", tr!(lang, "desk-help-reply"));
    key(&mut doc, "n", tr!(lang, "desk-help-note"));
    key(&mut doc, "m", tr!(lang, "desk-help-mark"));
    key(&mut doc, "o", tr!(lang, "desk-help-outbox"));
    key(&mut doc, "b", tr!(lang, "desk-help-bundle"));
    key(&mut doc, "/", tr!(lang, "desk-help-search"));
    key(&mut doc, "?", tr!(lang, "desk-help-help"));
    key(&mut doc, "q", tr!(lang, "desk-help-quit"));
    doc.blank();
    doc.push_line(tr!(lang, "desk-help-markers"), title);
    key(&mut doc, "●", tr!(lang, "desk-help-marker-new"));
    key(&mut doc, "!", tr!(lang, "desk-help-marker-conflict"));
    key(&mut doc, "→", tr!(lang, "desk-help-marker-handler"));
    doc.push_line(
        format!("  {}", tr!(lang, "desk-help-states")),
        Style::default(),
    );
    doc.blank();
    doc.push_line(tr!(lang, "desk-title-thread"), title);
    key(&mut doc, "↑ ↓ PgUp PgDn", tr!(lang, "desk-help-scroll"));
    key(&mut doc, "Tab", tr!(lang, "desk-help-attachment"));
    key(
        &mut doc,
        &tr!(lang, "desk-keyname-enter"),
        tr!(lang, "desk-help-open-file"),
    );
    key(
        &mut doc,
        &tr!(lang, "desk-keyname-esc"),
        tr!(lang, "desk-help-back"),
    );
    doc.blank();
    doc.push_line(tr!(lang, "desk-title-reply"), title);
    key(&mut doc, "Ctrl+S", tr!(lang, "desk-help-preview"));
    key(
        &mut doc,
        &tr!(lang, "desk-keyname-esc"),
        tr!(lang, "desk-help-draft"),
    );
    doc.blank();
    doc.push_line(tr!(lang, "desk-help-files"), title);
    doc.push_line(tr!(lang, "desk-help-files-text"), Style::default());
    doc.push_line(format!("  {files}"), Style::default());
    doc.push_line(tr!(lang, "desk-help-original"), Style::default());
    doc.blank();
    doc.push_line(tr!(lang, "desk-help-arabic"), Style::default());
    Reader::new(tr!(lang, "desk-title-help"), doc)
}
