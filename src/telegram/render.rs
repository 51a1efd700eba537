//! Rendering a [`Reply`] for Telegram: HTML with every piece of text escaped, split into
//! messages of at most 4096 characters on paragraph boundaries, and the suggested follow-ups as
//! an inline keyboard whose buttons carry a versioned intent label.

use crate::core::engine::Engine;
use crate::core::reply::{Block, Reply};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// Telegram's limit on the text of one message, in characters (UTF-16 code units, which is at
/// least the number of `char`s; we count `char`s and keep a margin below).
pub const MAX_MESSAGE_CHARS: usize = 4096;
/// Margin under the limit for the counting difference between `char`s and UTF-16 units.
const SAFE_CHARS: usize = 4000;
/// Version prefix of callback data: a button from an older version is answered gracefully.
pub const CALLBACK_VERSION: &str = "v1";
/// Prefix of the label of an action button (after the version): `v1:x:done:3:42`.
pub const ACTION_PREFIX: &str = "x:";
/// Telegram's limit on callback data, in bytes.
const MAX_CALLBACK_BYTES: usize = 64;

/// Escapes text for Telegram's HTML parse mode.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The reply as HTML paragraphs (title, blocks, citations), each already escaped.
fn paragraphs(reply: &Reply) -> Vec<String> {
    let mut out = vec![format!("<b>{}</b>", escape(&reply.title))];
    for block in &reply.blocks {
        match block {
            Block::Paragraph(p) => out.push(escape(p)),
            Block::Bullets(items) => out.push(
                items
                    .iter()
                    .map(|i| format!("• {}", escape(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Numbered(items) => out.push(
                items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| format!("{}. {}", n + 1, escape(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }
    for c in &reply.citations {
        out.push(format!("<i>{}</i>", escape(&c.to_string())));
    }
    out
}

/// The reply as one or more HTML messages of at most [`MAX_MESSAGE_CHARS`] characters, split
/// between paragraphs (a paragraph longer than a message is split between lines, then words).
pub fn to_html_messages(reply: &Reply) -> Vec<String> {
    let mut pieces = Vec::new();
    for p in paragraphs(reply) {
        if p.chars().count() <= SAFE_CHARS {
            pieces.push(p);
        } else {
            pieces.extend(split_long(&p));
        }
    }
    let mut messages: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        let extra = if current.is_empty() { 0 } else { 2 };
        if !current.is_empty()
            && current.chars().count() + extra + piece.chars().count() > SAFE_CHARS
        {
            messages.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push_str("\n\n");
        }
        current.push_str(&piece);
    }
    if !current.is_empty() {
        messages.push(current);
    }
    messages
}

/// Splits an over-long paragraph between lines, then between words, never inside an HTML
/// entity or tag (the paragraph's own tags only wrap a whole title or citation, which are short).
fn split_long(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in p.split_inclusive([' ', '\n']) {
        if current.chars().count() + word.chars().count() > SAFE_CHARS && !current.is_empty() {
            out.push(current.trim_end().to_string());
            current.clear();
        }
        if word.chars().count() > SAFE_CHARS {
            // One "word" longer than a message: cut it between characters, outside entities.
            let (mut chunk, mut n, mut in_entity) = (String::new(), 0, false);
            for c in word.chars() {
                if n >= SAFE_CHARS && !in_entity {
                    out.push(std::mem::take(&mut chunk));
                    n = 0;
                }
                chunk.push(c);
                n += 1;
                match c {
                    '&' => in_entity = true,
                    ';' => in_entity = false,
                    _ => {}
                }
            }
            current.push_str(&chunk);
        } else {
            current.push_str(word);
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim_end().to_string());
    }
    out
}

/// Callback data for a button that asks for `label`.
pub fn callback_data(label: &str) -> Option<String> {
    let data = format!("{CALLBACK_VERSION}:{label}");
    (data.len() <= MAX_CALLBACK_BYTES).then_some(data)
}

/// The intent label carried by callback data of this version, if it is one.
pub fn label_of(data: &str) -> Option<&str> {
    data.strip_prefix(CALLBACK_VERSION)?.strip_prefix(':')
}

/// The reply's suggestions as an inline keyboard, one button per row. A suggestion is pressed as
/// the intent the engine reads in its text, so the button works whatever the conversation.
pub fn keyboard(engine: &Engine, reply: &Reply) -> Option<InlineKeyboardMarkup> {
    // Action buttons two to a row, then one row per suggestion.
    let actions: Vec<InlineKeyboardButton> = reply
        .actions
        .iter()
        .filter_map(|a| {
            let data = callback_data(&format!("{ACTION_PREFIX}{}", a.command))?;
            Some(InlineKeyboardButton::callback(a.text.clone(), data))
        })
        .collect();
    let mut rows: Vec<Vec<InlineKeyboardButton>> = actions.chunks(2).map(|c| c.to_vec()).collect();
    let suggestions: Vec<Vec<InlineKeyboardButton>> = reply
        .suggestions
        .iter()
        .filter_map(|s| {
            let intent = engine.respond(s, None).intent;
            intent.kind()?;
            let data = callback_data(&intent.label())?;
            Some(vec![InlineKeyboardButton::callback(s.clone(), data)])
        })
        .collect();
    rows.extend(suggestions);
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped() {
        let reply = Reply::new("<b>x</b> & y").paragraph("a < b > c");
        let html = to_html_messages(&reply).join("");
        assert!(html.starts_with("<b>&lt;b&gt;x&lt;/b&gt; &amp; y</b>"));
        assert!(html.contains("a &lt; b &gt; c"));
    }

    #[test]
    fn long_replies_split_on_paragraphs_within_the_limit() {
        let para = "word ".repeat(300); // 1500 chars
        let mut reply = Reply::new("Title");
        for _ in 0..5 {
            reply = reply.paragraph(para.trim());
        }
        let messages = to_html_messages(&reply);
        // Two paragraphs of 1,500 characters fit in a message, three do not.
        assert_eq!(messages.len(), 3);
        assert!(
            messages
                .iter()
                .all(|m| !m.starts_with(' ') && m.ends_with("word"))
        );
        assert!(
            messages
                .iter()
                .all(|m| m.chars().count() <= MAX_MESSAGE_CHARS)
        );
        let one_long = Reply::new("T").paragraph("x".repeat(9000));
        let messages = to_html_messages(&one_long);
        assert!(messages.len() >= 3);
        assert!(
            messages
                .iter()
                .all(|m| m.chars().count() <= MAX_MESSAGE_CHARS)
        );
    }

    #[test]
    fn callback_data_is_versioned_and_bounded() {
        assert_eq!(
            callback_data("roadmap_step:2").as_deref(),
            Some("v1:roadmap_step:2")
        );
        assert_eq!(label_of("v1:roadmap_step:2"), Some("roadmap_step:2"));
        assert_eq!(label_of("v0:stale"), None);
        assert!(callback_data(&"x".repeat(80)).is_none());
    }
}
