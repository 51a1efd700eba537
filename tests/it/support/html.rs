//! Reading what the bot sends to Telegram: the text a reader sees, and whether a message is
//! valid for `parse_mode: "HTML"` as the Bot API documents it.

/// The text a reader sees: tags removed, entities decoded.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Whether `text` is valid for `parse_mode: "HTML"` as the Bot API documents it: every `<`
/// opens or closes one of the tags b, i, u, s, code, pre, a, blockquote, properly nested, and
/// every other `<`, `>` and `&` is written as an entity.
pub fn telegram_html_problem(text: &str) -> Option<String> {
    const TAGS: &[&str] = &["b", "i", "u", "s", "code", "pre", "a", "blockquote"];
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find(['<', '>', '&']) {
        let i = at + found;
        match text.as_bytes()[i] {
            b'<' => {
                let Some(len) = text[i..].find('>') else {
                    return Some(format!("a '<' that is no tag at byte {i}"));
                };
                let tag = &text[i + 1..i + len];
                let closing = tag.starts_with('/');
                let name = tag
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or("");
                if !TAGS.contains(&name) {
                    return Some(format!("unsupported tag <{tag}> at byte {i}"));
                }
                if closing {
                    if open.pop() != Some(name) {
                        return Some(format!("</{name}> at byte {i} closes nothing open"));
                    }
                } else {
                    open.push(name);
                }
                at = i + len + 1;
            }
            b'>' => return Some(format!("a raw '>' at byte {i}")),
            _ => {
                let entity = text[i + 1..].split(';').next().unwrap_or("");
                let known = matches!(entity, "lt" | "gt" | "amp" | "quot")
                    || entity
                        .strip_prefix('#')
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                    || entity
                        .strip_prefix("#x")
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_hexdigit()));
                if !known || !text[i + 1..].contains(';') {
                    return Some(format!("a raw '&' at byte {i}"));
                }
                at = i + 1 + entity.len() + 1;
            }
        }
    }
    (!open.is_empty()).then(|| format!("tags left open: {open:?}"))
}
