//! Normalisation: one function turns a chat message, and every phrase of the knowledge base, into
//! the same kind of tokens, so that "CI/CD", "ci-cd" and "ci cd" meet.
//!
//! It lower-cases (Unicode-aware), drops `@mentions` (a group's "@devops_guide_bot …"), emoji and
//! punctuation, joins apostrophes ("what's" → "whats"), and spells out the few symbols that carry
//! meaning ("+" → "plus", "£" → "gbp", "₹" → "inr", "&" → "and"). It never fails, whatever the
//! input, and keeps no more than [`MAX_TOKENS`] words (the start and the end of a longer
//! message), so a 100 KB message costs little more than a long paragraph.

/// The most words of one message that are looked at. Questions are short; the rest of a very long
/// message is ignored rather than slowing every other chat down.
pub const MAX_TOKENS: usize = 120;
/// Of a longer message, the first this many words are kept, and the last `MAX_TOKENS -
/// HEAD_TOKENS`.
const HEAD_TOKENS: usize = 40;
/// Words read at most before keeping the head and the tail (bounds the work on a 100 KB line).
const SCAN_TOKENS: usize = 20_000;

/// Longest word kept, in bytes; the longest alias is far shorter.
const MAX_WORD_BYTES: usize = 64;

/// One word of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased form, used for matching.
    pub text: String,
    /// As typed, for the few aliases that must match case ("US"), when it differs from `text`.
    original: Option<String>,
}

impl Token {
    /// A word typed as `original`.
    pub fn new(original: String) -> Token {
        if original.chars().any(char::is_uppercase) {
            Token {
                text: original.to_lowercase(),
                original: Some(original),
            }
        } else {
            Token {
                text: original,
                original: None,
            }
        }
    }

    /// Replaces the matching form by `to` (a known misspelling's fix), keeping what was typed.
    pub fn respell(&mut self, to: &str) {
        let typed = std::mem::replace(&mut self.text, to.to_string());
        self.original.get_or_insert(typed);
    }

    /// The word as typed.
    pub fn typed(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.text)
    }
}

/// Splits `input` into normalised tokens.
pub fn tokenize(input: &str) -> Vec<Token> {
    // (Sized once from the spaces: growing the vector word by word cost more than the words.)
    let spaces = input.bytes().filter(|&b| b == b' ').count();
    let mut tokens = Vec::with_capacity(spaces.min(SCAN_TOKENS) + 4);
    // (One buffer for the word being read; each finished word is copied out at its exact size.)
    let mut current = String::with_capacity(MAX_WORD_BYTES + 4);
    let mut in_mention = false;
    // Inside a dotted abbreviation ("u.s.", "U.K."), which becomes one word typed in capitals.
    let mut abbreviation = false;
    let push = |current: &mut String, tokens: &mut Vec<Token>, abbreviation: &mut bool| {
        if !current.is_empty() {
            let original = if std::mem::take(abbreviation) {
                current.to_uppercase()
            } else {
                current.as_str().to_owned()
            };
            current.clear();
            tokens.push(Token::new(original));
        }
    };
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        // Something that looks like an HTML tag ("<b>", "</script>") is markup, not words.
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/')
        {
            let mut ahead = chars.clone();
            let mut len = 0;
            let closed = loop {
                match ahead.next() {
                    Some('>') => break true,
                    Some('<') | None => break false,
                    Some(_) if len > 64 => break false,
                    Some(_) => len += 1,
                }
            };
            if closed {
                push(&mut current, &mut tokens, &mut abbreviation);
                for n in chars.by_ref() {
                    if n == '>' {
                        break;
                    }
                }
                continue;
            }
        }
        if tokens.len() >= SCAN_TOKENS {
            break;
        }
        if in_mention {
            if c.is_alphanumeric() || c == '_' {
                continue;
            }
            in_mention = false;
        }
        match c {
            '@' if current.is_empty() => in_mention = true,
            '\'' | '’' | '`' => {} // "what's" → "whats", "microsoft's" → "microsofts"
            // "u.s." → "US": a single letter, a dot, a single letter (and so on) is one word.
            '.' if (abbreviation || current.chars().count() == 1)
                && current.chars().all(char::is_alphabetic)
                && {
                    let mut ahead = chars.clone();
                    ahead.next().is_some_and(char::is_alphabetic)
                        && !ahead.next().is_some_and(char::is_alphanumeric)
                } =>
            {
                abbreviation = true;
            }
            // A flag ("🇨🇦") is a word of its own, which the knowledge can list as an alias.
            '\u{1F1E6}'..='\u{1F1FF}' => {
                push(&mut current, &mut tokens, &mut abbreviation);
                let mut flag = c.to_string();
                if let Some(&n) = chars.peek()
                    && ('\u{1F1E6}'..='\u{1F1FF}').contains(&n)
                {
                    flag.push(n);
                    chars.next();
                }
                tokens.push(Token::new(flag));
            }
            // A "word" longer than any real one is cut, so one 100 KB word costs nothing.
            c if c.is_alphanumeric() => {
                if current.len() < MAX_WORD_BYTES {
                    current.push(c);
                }
            }
            '+' | '&' | '£' | '₹' => {
                // "Security+" is a name ("security plus"); "linux + bash" joins two things.
                let attached = !current.is_empty();
                push(&mut current, &mut tokens, &mut abbreviation);
                let word = match c {
                    '+' if attached => "plus",
                    '+' => "and",
                    '&' => "and",
                    '£' => "gbp",
                    _ => "inr",
                };
                tokens.push(Token::new(word.to_string()));
            }
            _ => push(&mut current, &mut tokens, &mut abbreviation),
        }
    }
    push(&mut current, &mut tokens, &mut abbreviation);
    // A long message keeps its opening and its end, where a rambling question usually lands.
    if tokens.len() > MAX_TOKENS {
        let tail = MAX_TOKENS - HEAD_TOKENS;
        tokens.drain(HEAD_TOKENS..tokens.len() - tail);
    }
    tokens
}

/// The key of a knowledge phrase: its tokens joined by one space ("CI/CD" → "ci cd").
pub fn phrase_key(phrase: &str) -> String {
    let tokens: Vec<String> = tokenize(phrase).into_iter().map(|t| t.text).collect();
    tokens.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn mentions_punctuation_and_emoji_go_away() {
        assert_eq!(
            words("@devops_guide_bot What's the CI/CD cert?? 🙏"),
            ["whats", "the", "ci", "cd", "cert"]
        );
        assert_eq!(words("k8s pls @devops_guide_bot"), ["k8s", "pls"]);
    }

    #[test]
    fn symbols_that_mean_something_are_spelt_out() {
        assert_eq!(
            words("security+ for £60k"),
            ["security", "plus", "for", "gbp", "60k"]
        );
        // A "+" on its own joins two things; only one stuck to a word is part of a name.
        assert_eq!(
            words("linux + bash, then terraform+ansible"),
            [
                "linux",
                "and",
                "bash",
                "then",
                "terraform",
                "plus",
                "ansible"
            ]
        );
    }

    #[test]
    fn case_is_folded_unicode_aware_and_original_kept() {
        let t = tokenize("ÜBER US");
        assert_eq!(t[0].text, "über");
        assert_eq!(t[1].typed(), "US");
    }

    #[test]
    fn dotted_abbreviations_are_one_word_in_capitals() {
        let t = tokenize("earn in the u.s.? or U.K. e.g. a.txt");
        let originals: Vec<&str> = t.iter().map(Token::typed).collect();
        assert_eq!(
            originals,
            ["earn", "in", "the", "US", "or", "UK", "EG", "a", "txt"]
        );
        assert_eq!(t[3].text, "us");
    }

    #[test]
    fn html_tags_are_markup_not_words() {
        assert_eq!(words("<b>hi</b> a<b"), ["hi", "a", "b"]);
    }

    #[test]
    fn long_input_is_bounded() {
        let long = "word ".repeat(100_000);
        assert_eq!(tokenize(&long).len(), MAX_TOKENS);
        assert!(tokenize("?!…").is_empty());
        // The question at the end of a long story is kept.
        let story = format!("{} what cert for kubernetes", "blah ".repeat(500));
        let words: Vec<String> = tokenize(&story).into_iter().map(|t| t.text).collect();
        assert_eq!(words.len(), MAX_TOKENS);
        assert_eq!(words[MAX_TOKENS - 1], "kubernetes");
    }
}
