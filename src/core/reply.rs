//! The structured answer every front-end renders: a title, blocks of text, the facts' sources with
//! their dates, and up to four suggested follow-ups (buttons in Telegram, a "Try:" line in the
//! terminal). Text here is plain; escaping and layout belong to the front-end.

use serde::Serialize;

/// Most follow-up suggestions a reply carries (Telegram shows them as buttons).
pub const MAX_SUGGESTIONS: usize = 4;

/// One block of a reply's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// An unordered list.
    Bullets(Vec<String>),
    /// An ordered list (roadmap steps, roles).
    Numbered(Vec<String>),
}

/// Where the facts of a reply come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Publisher and title.
    pub source: String,
    /// The date of the source as replies say it ("February 2025").
    pub date: String,
    /// The source the publication itself cites for the figures, if any ("Glassdoor").
    pub via: Option<String>,
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    /// One line saying what the answer is about.
    pub title: String,
    /// The answer.
    pub blocks: Vec<Block>,
    /// Sources of the facts stated (empty for greetings and declines, which state none).
    pub citations: Vec<Citation>,
    /// Follow-up questions the user can send as they are.
    pub suggestions: Vec<String>,
    /// Buttons that do something rather than ask (mark a roadmap step done), shown before the
    /// suggestions; front-ends without buttons show the `hint` instead.
    pub actions: Vec<Action>,
}

/// A button that acts: what it says, and the command it carries (front-end independent, e.g.
/// `done:3:42` — mark step 3 done for user 42).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// The button's text.
    pub text: String,
    /// The command the button carries.
    pub command: String,
}

impl Reply {
    /// A reply with a title and nothing else yet.
    pub fn new(title: impl Into<String>) -> Reply {
        Reply {
            title: title.into(),
            blocks: Vec::new(),
            citations: Vec::new(),
            suggestions: Vec::new(),
            actions: Vec::new(),
        }
    }

    /// Adds an action button.
    pub fn action(mut self, text: impl Into<String>, command: impl Into<String>) -> Reply {
        self.actions.push(Action {
            text: text.into(),
            command: command.into(),
        });
        self
    }

    /// Adds a paragraph.
    pub fn paragraph(mut self, text: impl Into<String>) -> Reply {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    /// Adds a bulleted list.
    pub fn bullets(mut self, items: Vec<String>) -> Reply {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
        self
    }

    /// Adds a numbered list.
    pub fn numbered(mut self, items: Vec<String>) -> Reply {
        if !items.is_empty() {
            self.blocks.push(Block::Numbered(items));
        }
        self
    }

    /// Adds a citation, once.
    pub fn cite(mut self, citation: Citation) -> Reply {
        if !self.citations.contains(&citation) {
            self.citations.push(citation);
        }
        self
    }

    /// Sets the follow-up suggestions (at most [`MAX_SUGGESTIONS`], no repeats).
    pub fn suggest<I: IntoIterator<Item = String>>(mut self, items: I) -> Reply {
        for s in items {
            if self.suggestions.len() < MAX_SUGGESTIONS && !self.suggestions.contains(&s) {
                self.suggestions.push(s);
            }
        }
        self
    }

    /// The reply as plain text, as the terminal and `--jsonl` show it.
    pub fn to_plain_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        for block in &self.blocks {
            out.push_str("\n\n");
            match block {
                Block::Paragraph(p) => out.push_str(p),
                Block::Bullets(items) => {
                    let lines: Vec<String> = items.iter().map(|i| format!("• {i}")).collect();
                    out.push_str(&lines.join("\n"));
                }
                Block::Numbered(items) => {
                    let lines: Vec<String> = items
                        .iter()
                        .enumerate()
                        .map(|(n, i)| format!("{}. {i}", n + 1))
                        .collect();
                    out.push_str(&lines.join("\n"));
                }
            }
        }
        for c in &self.citations {
            out.push_str("\n\n");
            out.push_str(&c.to_string());
        }
        if !self.suggestions.is_empty() {
            out.push_str("\n\nTry: ");
            let quoted: Vec<String> = self
                .suggestions
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect();
            out.push_str(&quoted.join(" · "));
        }
        out
    }
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Source: {}, as of {}", self.source, self.date)?;
        if let Some(via) = &self.via {
            write!(f, " (figures reported by {via})")?;
        }
        Ok(())
    }
}
