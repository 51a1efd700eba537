//! The matcher: finds, in a normalised message, the knowledge base's phrases — entity aliases,
//! the cues of each kind of question, modifiers, numbers, and the things the bot knows it does not
//! cover — tolerating typos.
//!
//! All vocabulary is compiled once into a [`Lexicon`]: a word table, a phrase table keyed by word
//! ids (longest phrase wins), and a deletion index for typos (the "symmetric delete" idea: a word
//! and a typo of it share a string obtained by deleting a character or two), so a misspelt word
//! costs a few hash lookups and a handful of `strsim` comparisons instead of one comparison per
//! vocabulary word. The allowed edit distance grows with word length (0 up to 3 letters, 1 up to
//! 7, 2 beyond), so short words do not collide: "aws" is never "was". This module decides nothing
//! about intents; it reports what it found, with a quality per finding.

use crate::core::knowledge::Knowledge;
use crate::core::normalize::{Token, tokenize};
// A fast, non-keyed hash: every table here is filled from the knowledge only, and a message's
// words are only looked up, never inserted, so no user input can crowd a table.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Something a phrase of the message means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sense {
    /// A country with salary figures (index into `Knowledge::countries`).
    Country(usize),
    /// A certification (index into `Knowledge::certifications`).
    Cert(usize),
    /// A tool (index into `Knowledge::tools`).
    Tool(usize),
    /// A topic (index into `Knowledge::topics`).
    Topic(usize),
    /// A word that on its own signals a kind of question (index into `Knowledge::intents`).
    Cue(usize),
    /// A word that leans towards a kind of question.
    Hint(usize),
    /// A word of an intent's example phrasings, with its weight.
    Example(usize, f32),
    /// A modifier of the question.
    Modifier(Modifier),
    /// A number word ("3", "third").
    Number(u8),
    /// The message is about DevOps.
    Anchor,
    /// A country the knowledge has no figures for.
    UnknownCountry,
    /// A certification the knowledge does not cover.
    UnknownCert,
    /// A tool or language the knowledge does not name.
    UnknownTool,
    /// Another profession.
    Profession,
    /// A role next to DevOps engineer (DevOps manager, platform engineer …).
    OtherRole,
}

/// Modifiers of a question (see `knowledge/vocabulary.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// "after", "next".
    After,
    /// "before", "previous".
    Before,
    /// "tell me more".
    More,
    /// "base pay".
    Base,
    /// "bonus".
    Extra,
    /// "compare".
    Compare,
    /// "list", "all".
    List,
    /// "where do I start".
    Start,
    /// "first", "basics".
    First,
    /// "last".
    Last,
    /// "why".
    Why,
    /// "step", "stage".
    StepWord,
    /// "fix", "error": technical support.
    Troubleshoot,
    /// "price", "cost".
    Price,
    /// "who founded …".
    Trivia,
    /// "write my cover letter".
    Task,
    /// "is X better than Y?".
    Opinion,
    /// "including bonus".
    Total,
    /// "income tax", "invest".
    OffTopic,
    /// "stand for", "acronym".
    Define,
    /// "how long", "how many weeks".
    Duration,
    /// "what's left", "the rest of the roadmap".
    Rest,
    /// "are you sure?", "that seems high": doubt of the answer just given.
    Doubt,
}

/// One phrase found in a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// What it means.
    pub sense: Sense,
    /// Index of its first token.
    pub start: usize,
    /// Number of tokens.
    pub len: usize,
    /// 1.0 for an exact match, less for a corrected typo.
    pub quality: f32,
    /// The words as typed (lower-cased).
    pub text: String,
}

/// What the matcher understood of a message.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Every phrase found, in message order (a phrase with several senses appears once per sense).
    pub found: Vec<Found>,
    /// Content words that matched nothing (not stop words, not numbers).
    pub unknown: Vec<String>,
    /// Number of tokens looked at.
    pub tokens: usize,
    /// The normalised tokens, for the few rules that look at plain words ("that", "devops").
    pub words: Vec<String>,
}

impl Analysis {
    /// Whether any finding has this sense.
    pub fn has(&self, pred: impl Fn(&Sense) -> bool) -> bool {
        self.found.iter().any(|f| pred(&f.sense))
    }

    /// Whether the message carries this modifier.
    pub fn modifier(&self, m: Modifier) -> bool {
        self.has(|s| *s == Sense::Modifier(m))
    }
}

/// A phrase's meaning, possibly only in one letter case.
#[derive(Debug, Clone)]
struct Entry {
    sense: Sense,
    /// The tokens as they must be typed, for case-sensitive aliases ("US").
    case: Option<Vec<String>>,
}

/// The compiled vocabulary. Building it is the expensive part; build once and share.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Word → id.
    words: HashMap<String, u32>,
    /// Whether a word may be the correction of a typo (not stop words, not example-only words).
    fuzzy_target: Vec<bool>,
    /// Words that say nothing about the subject.
    stop: HashSet<String>,
    /// Phrase (word ids) → meanings.
    phrases: HashMap<Vec<u32>, Vec<Entry>>,
    /// Longest phrase, in words.
    max_len: usize,
    /// Deletion variants → ids of words they come from.
    deletes: HashMap<String, Vec<u32>>,
    /// Words by id.
    word_text: Vec<String>,
    /// Chat spellings rewritten before matching.
    respell: HashMap<String, String>,
    /// First words of the two-word respellings ("y" of "y para"), so most words look up no pair.
    respell_pair_starts: HashSet<String>,
    /// Length in characters of the longest word that may be a typo's correction.
    longest: usize,
    /// Real words, never corrected as typos.
    plain: HashSet<String>,
    /// First word of a phrase → length of the longest phrase starting with it.
    starts: HashMap<u32, usize>,
}

/// Most words of one message looked up as possible typos: a question has a few; a wall of
/// gibberish must not cost more than a long question.
const MAX_FUZZY_WORDS: usize = 24;

/// Greatest edit distance accepted for a word of `len` characters.
fn max_distance(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// All strings obtained by deleting one character of `word`.
fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

impl Lexicon {
    /// Compiles the vocabulary of `kb`.
    pub fn new(kb: &Knowledge) -> Lexicon {
        let mut lx = Lexicon {
            words: HashMap::default(),
            fuzzy_target: Vec::new(),
            stop: HashSet::default(),
            phrases: HashMap::default(),
            max_len: 1,
            deletes: HashMap::default(),
            word_text: Vec::new(),
            respell: HashMap::default(),
            respell_pair_starts: HashSet::default(),
            longest: 0,
            starts: HashMap::default(),
            plain: kb
                .vocabulary
                .plain_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        };
        let v = &kb.vocabulary;
        for (from, to) in &v.respell {
            let from = from.to_lowercase();
            if let Some((first, _)) = from.split_once(' ') {
                lx.respell_pair_starts.insert(first.to_string());
            }
            lx.respell.insert(from, to.to_lowercase());
        }
        for w in &v.stopwords {
            for t in tokenize(w) {
                lx.stop.insert(t.text);
            }
        }
        for (i, c) in kb.countries.iter().enumerate() {
            for a in c.aliases.iter().chain(&c.cities) {
                lx.add(a, Sense::Country(i), true);
            }
            // "According to DevIT, what is typical pay?": the source of one country's figures (in
            // any case: "devit").
            if let Some(by) = c.cited_source() {
                lx.add(&by.to_lowercase(), Sense::Country(i), true);
            }
        }
        // "salary us and canada": an alias that names two countries ("us and canada", kept so
        // that a lower-case "us" there is the country) means the other one too.
        for (i, c) in kb.countries.iter().enumerate() {
            for a in &c.aliases {
                let words = tokenize(a);
                for (j, other) in kb.countries.iter().enumerate() {
                    let names_other = j != i
                        && words.len() > 1
                        && other.aliases.iter().any(|o| {
                            !o.chars().any(char::is_uppercase) && words.iter().any(|w| w.text == *o)
                        });
                    if names_other {
                        lx.add(a, Sense::Country(j), true);
                    }
                }
            }
        }
        for (i, c) in kb.certifications.iter().enumerate() {
            for a in &c.aliases {
                lx.add(a, Sense::Cert(i), true);
            }
        }
        for (i, t) in kb.tools.iter().enumerate() {
            for a in &t.aliases {
                lx.add(a, Sense::Tool(i), true);
            }
        }
        for (i, t) in kb.topics.iter().enumerate() {
            for a in &t.aliases {
                lx.add(a, Sense::Topic(i), true);
            }
        }
        for (i, intent) in kb.intents.iter().enumerate() {
            for c in &intent.cues {
                lx.add(c, Sense::Cue(i), true);
            }
            for h in &intent.hints {
                lx.add(h, Sense::Hint(i), true);
            }
        }
        let m = &v.modifiers;
        for (list, modifier) in [
            (&m.after, Modifier::After),
            (&m.before, Modifier::Before),
            (&m.more, Modifier::More),
            (&m.base, Modifier::Base),
            (&m.extra, Modifier::Extra),
            (&m.compare, Modifier::Compare),
            (&m.list, Modifier::List),
            (&m.start, Modifier::Start),
            (&m.first, Modifier::First),
            (&m.last, Modifier::Last),
            (&m.why, Modifier::Why),
            (&m.step_word, Modifier::StepWord),
            (&m.troubleshoot, Modifier::Troubleshoot),
            (&m.price, Modifier::Price),
            (&m.trivia, Modifier::Trivia),
            (&m.task, Modifier::Task),
            (&m.opinion, Modifier::Opinion),
            (&m.total, Modifier::Total),
            (&m.off_topic, Modifier::OffTopic),
            (&m.define, Modifier::Define),
            (&m.duration, Modifier::Duration),
            (&m.rest, Modifier::Rest),
            (&m.doubt, Modifier::Doubt),
        ] {
            // Troubleshooting words are common English ("fails" is one letter from "falls"):
            // they match only as typed.
            let fuzzy = !matches!(
                modifier,
                Modifier::Troubleshoot
                    | Modifier::Trivia
                    | Modifier::Task
                    | Modifier::Opinion
                    | Modifier::OffTopic
            );
            for w in list {
                lx.add(w, Sense::Modifier(modifier), fuzzy);
            }
        }
        for n in &v.number {
            for w in &n.words {
                lx.add(w, Sense::Number(n.value), false);
            }
        }
        for a in &v.anchors {
            lx.add(a, Sense::Anchor, true);
        }
        for w in &v.unknown.countries {
            lx.add(w, Sense::UnknownCountry, true);
        }
        for w in &v.unknown.certifications {
            lx.add(w, Sense::UnknownCert, true);
        }
        for w in &v.unknown.tools {
            lx.add(w, Sense::UnknownTool, false);
        }
        for w in &v.unknown.professions {
            lx.add(w, Sense::Profession, true);
        }
        for w in &v.unknown.roles {
            lx.add(w, Sense::OtherRole, true);
        }
        lx.add_example_words(kb);
        lx.build_deletes();
        lx
    }

    /// Words of the example phrasings become weak hints of their intent; a word shared by the
    /// examples of several intents says little and weighs less.
    fn add_example_words(&mut self, kb: &Knowledge) {
        let mut owners: HashMap<String, HashSet<usize>> = HashMap::default();
        for (i, intent) in kb.intents.iter().enumerate() {
            for example in &intent.examples {
                for t in tokenize(example) {
                    if self.stop.contains(&t.text) || t.text.chars().count() < 3 {
                        continue;
                    }
                    // A word that already means something (an alias, a cue) keeps that meaning.
                    if let Some(&id) = self.words.get(&t.text)
                        && self.phrases.contains_key(&vec![id])
                    {
                        continue;
                    }
                    owners.entry(t.text).or_default().insert(i);
                }
            }
        }
        let mut sorted: Vec<(String, HashSet<usize>)> = owners.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (word, intents) in sorted {
            let weight = 0.25 / intents.len() as f32;
            let mut ids: Vec<usize> = intents.into_iter().collect();
            ids.sort_unstable();
            for i in ids {
                self.add(&word, Sense::Example(i, weight), false);
            }
        }
    }

    fn word_id(&mut self, word: &str, fuzzy: bool) -> u32 {
        if let Some(&id) = self.words.get(word) {
            if fuzzy {
                self.fuzzy_target[id as usize] = true;
            }
            return id;
        }
        let id = self.word_text.len() as u32;
        self.words.insert(word.to_string(), id);
        self.word_text.push(word.to_string());
        self.fuzzy_target.push(fuzzy);
        id
    }

    fn add(&mut self, phrase: &str, sense: Sense, fuzzy: bool) {
        let tokens = tokenize(phrase);
        if tokens.is_empty() {
            return;
        }
        let case = phrase
            .chars()
            .any(char::is_uppercase)
            .then(|| tokens.iter().map(|t| t.typed().to_string()).collect());
        // (Spelt as a message is once respelt: the "u" of "u s a" is read as "you".)
        let ids: Vec<u32> = tokens
            .iter()
            .map(|t| {
                let text = self.respell.get(&t.text).unwrap_or(&t.text).clone();
                let fuzzy = fuzzy && !self.stop.contains(&text);
                self.word_id(&text, fuzzy)
            })
            .collect();
        self.max_len = self.max_len.max(ids.len());
        let longest = self.starts.entry(ids[0]).or_insert(0);
        *longest = (*longest).max(ids.len());
        let entries = self.phrases.entry(ids).or_default();
        if !entries.iter().any(|e| e.sense == sense && e.case == case) {
            entries.push(Entry { sense, case });
        }
    }

    fn build_deletes(&mut self) {
        for (id, word) in self.word_text.iter().enumerate() {
            let len = word.chars().count();
            if !self.fuzzy_target[id] || len < 4 || word.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            self.longest = self.longest.max(len);
            let id = id as u32;
            let mut variants: HashSet<String> = HashSet::default();
            variants.insert(word.clone());
            for d1 in deletions(word) {
                if len >= 8 {
                    variants.extend(deletions(&d1));
                }
                variants.insert(d1);
            }
            for v in variants {
                self.deletes.entry(v).or_default().push(id);
            }
        }
    }

    /// The vocabulary word `token` stands for, and how sure that is.
    fn resolve(&self, token: &str, fuzzy_budget: &mut usize) -> Option<(u32, f32)> {
        if let Some(&id) = self.words.get(token) {
            return Some((id, 1.0));
        }
        if self.stop.contains(token) {
            return None;
        }
        // Plurals and possessives: "pipelines" → "pipeline", "certs" → "cert", "companies" → "company".
        let len = token.chars().count();
        if len > 3 && token.ends_with('s') {
            let ies = token.strip_suffix("ies").map(|s| format!("{s}y"));
            let singulars = [
                ies.as_deref(),
                token.strip_suffix("es"),
                token.strip_suffix('s'),
            ];
            // Only towards words that may be corrected: "setups" is not the troubleshooting
            // word "setup".
            for s in singulars.into_iter().flatten() {
                if let Some(&id) = self.words.get(s)
                    && self.fuzzy_target[id as usize]
                {
                    return Some((id, 0.95));
                }
            }
        }
        // A dropped "g", as typed in chat: "scriptin" → "scripting", "monitorin" → "monitoring".
        if len > 5
            && token.ends_with("in")
            && let Some(&id) = self.words.get(&format!("{token}g"))
            && self.fuzzy_target[id as usize]
        {
            // (A spelling of the word, not a guess at it: as sure as the word itself.)
            return Some((id, 1.0));
        }
        if self.plain.contains(token) {
            return None;
        }
        let max_d = max_distance(len);
        // Digits are never typos; a word longer than any vocabulary word by more than the
        // allowed distance cannot be near one (and a 100-letter "word" must not cost 5,000
        // lookups).
        if max_d == 0
            || token.chars().any(|c| c.is_ascii_digit())
            || len > self.longest + max_d
            || *fuzzy_budget == 0
        {
            return None;
        }
        *fuzzy_budget -= 1;
        // (Deletion variants are built from the token's character boundaries, in one buffer.)
        let bounds: Vec<(usize, usize)> = token
            .char_indices()
            .map(|(k, c)| (k, k + c.len_utf8()))
            .collect();
        let mut best: Option<(usize, usize, u32)> = None; // (distance, MAX - common prefix, id)
        let mut variant = String::with_capacity(token.len());
        self.consider(token, len, max_d, token, &mut best);
        for &(from, to) in &bounds {
            variant.clear();
            variant.push_str(&token[..from]);
            variant.push_str(&token[to..]);
            self.consider(token, len, max_d, &variant, &mut best);
        }
        // Two deletions only for long words, and only when one found nothing.
        if best.is_none() && len >= 8 {
            for (k, &(a_from, a_to)) in bounds.iter().enumerate() {
                for &(b_from, b_to) in &bounds[k + 1..] {
                    variant.clear();
                    variant.push_str(&token[..a_from]);
                    variant.push_str(&token[a_to..b_from]);
                    variant.push_str(&token[b_to..]);
                    self.consider(token, len, max_d, &variant, &mut best);
                }
            }
        }
        best.map(|(d, _, id)| (id, 1.0 - 0.12 * d as f32))
    }

    /// Checks the vocabulary words sharing deletion `variant` with `token`, keeping the nearest.
    fn consider(
        &self,
        token: &str,
        len: usize,
        max_d: usize,
        variant: &str,
        best: &mut Option<(usize, usize, u32)>,
    ) {
        let Some(ids) = self.deletes.get(variant) else {
            return;
        };
        for &id in ids {
            let word = &self.word_text[id as usize];
            let wlen = word.chars().count();
            // A 4-letter typo may only be a dropped letter of a longer word ("azur" → "azure").
            if len == 4 && wlen < 5 {
                continue;
            }
            let d = strsim::osa_distance(token, word);
            if d > max_d.min(max_distance(wlen)) {
                continue;
            }
            let prefix = token
                .chars()
                .zip(word.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let key = (d, usize::MAX - prefix, id);
            if best.is_none_or(|b| key < b) {
                *best = Some(key);
            }
        }
    }

    /// Finds the vocabulary of `text`.
    pub fn analyse(&self, text: &str) -> Analysis {
        self.analyse_tokens(tokenize(text))
    }

    /// Finds the vocabulary of already normalised tokens.
    pub fn analyse_tokens(&self, mut tokens: Vec<Token>) -> Analysis {
        // ("step2?": a known word run into a number is the two words, "step 2".)
        if tokens
            .iter()
            .any(|t| t.text.ends_with(|c: char| c.is_ascii_digit()))
        {
            let mut split = Vec::with_capacity(tokens.len() + 1);
            for t in tokens {
                let digits =
                    t.text.len() - t.text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                let (word, number) = t.text.split_at(t.text.len() - digits);
                if (1..=2).contains(&digits)
                    && word.len() >= 3
                    && word.chars().all(|c| c.is_ascii_lowercase())
                    && !self.words.contains_key(&t.text)
                    && self.words.contains_key(word)
                {
                    split.push(Token::new(word.to_string()));
                    split.push(Token::new(number.to_string()));
                } else {
                    split.push(t);
                }
            }
            tokens = split;
        }
        // (A two-word respelling first: "y para" is Spanish "and for", not "why for".)
        let mut i = 0;
        while i < tokens.len() {
            let pair = tokens.get(i + 1).and_then(|next| {
                if !self.respell_pair_starts.contains(&tokens[i].text) {
                    return None;
                }
                let to = self
                    .respell
                    .get(&format!("{} {}", tokens[i].text, next.text))?;
                to.split_once(' ')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            });
            if let Some((first, second)) = pair {
                tokens[i].respell(&first);
                tokens[i + 1].respell(&second);
                i += 2;
                continue;
            }
            if let Some(to) = self.respell.get(&tokens[i].text) {
                let to = to.clone();
                tokens[i].respell(&to);
            }
            i += 1;
        }
        let mut budget = MAX_FUZZY_WORDS;
        let resolved: Vec<Option<(u32, f32)>> = tokens
            .iter()
            .map(|t| self.resolve(&t.text, &mut budget))
            .collect();
        let mut analysis = Analysis {
            tokens: tokens.len(),
            ..Analysis::default()
        };
        let mut i = 0;
        let mut key: Vec<u32> = Vec::with_capacity(self.max_len);
        while i < tokens.len() {
            let mut matched = 0;
            // Only phrases that start with this word, up to the longest of them.
            let longest = match resolved[i] {
                Some((id, _)) => self.starts.get(&id).copied().unwrap_or(0),
                None => 0,
            }
            .min(tokens.len() - i);
            for len in (1..=longest).rev() {
                key.clear();
                let mut quality = 1.0f32;
                let mut complete = true;
                for r in &resolved[i..i + len] {
                    match r {
                        Some((id, q)) => {
                            key.push(*id);
                            quality = quality.min(*q);
                        }
                        None => {
                            complete = false;
                            break;
                        }
                    }
                }
                if !complete {
                    continue;
                }
                let Some(entries) = self.phrases.get(key.as_slice()) else {
                    continue;
                };
                let typed = &tokens[i..i + len];
                let matches_case = |e: &&Entry| match &e.case {
                    None => true,
                    Some(case) => typed
                        .iter()
                        .map(Token::typed)
                        .eq(case.iter().map(String::as_str)),
                };
                if !entries.iter().any(|e| matches_case(&e)) {
                    continue;
                }
                let mut text = String::with_capacity(typed.iter().map(|t| t.text.len() + 1).sum());
                for t in typed {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(&t.text);
                }
                for e in entries.iter().filter(matches_case) {
                    analysis.found.push(Found {
                        sense: e.sense,
                        start: i,
                        len,
                        quality,
                        text: text.clone(),
                    });
                }
                matched = len;
                break;
            }
            if matched == 0 {
                let t = &tokens[i].text;
                let is_number = t.chars().all(|c| c.is_ascii_digit());
                if !self.stop.contains(t) && !is_number && t.chars().count() >= 3 {
                    analysis.unknown.push(t.clone());
                }
                i += 1;
            } else {
                i += matched;
            }
        }
        analysis.words = tokens.into_iter().map(|t| t.text).collect();
        // ("our infra is all on GCP", "all day": "all" as a place or a time asks for no list.)
        let words = &analysis.words;
        analysis.found.retain(|f| {
            !(f.sense == Sense::Modifier(Modifier::List)
                && f.text == "all"
                && words.get(f.start + 1).is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "on" | "in" | "at" | "over" | "day" | "night" | "week" | "along"
                    )
                }))
        });
        analysis
    }

    /// Whether `word` is a stop word ("the", "about"), which carries no meaning of its own.
    pub fn is_stop(&self, word: &str) -> bool {
        self.stop.contains(word)
    }

    /// Number of distinct vocabulary words (for benchmarks and `check`).
    pub fn word_count(&self) -> usize {
        self.word_text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> (Knowledge, Lexicon) {
        let kb = Knowledge::embedded().expect("embedded knowledge is valid");
        let lx = Lexicon::new(&kb);
        (kb, lx)
    }

    fn tools(kb: &Knowledge, a: &Analysis) -> Vec<String> {
        a.found
            .iter()
            .filter_map(|f| match f.sense {
                Sense::Tool(i) => Some(kb.tools[i].id.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn typos_of_long_words_are_corrected() {
        let (kb, lx) = lexicon();
        for (typed, tool) in [
            ("kubernets", "kubernetes"),
            ("terrafrom", "terraform"),
            ("terafrom", "terraform"),
            ("jnkins", "jenkins"),
            ("promethues", "prometheus"),
        ] {
            assert_eq!(tools(&kb, &lx.analyse(typed)), [tool], "{typed}");
        }
        let a = lx.analyse("austrlia");
        assert!(a.has(|s| matches!(s, Sense::Country(i) if kb.countries[*i].id == "australia")));
    }

    #[test]
    fn short_words_do_not_collide() {
        let (kb, lx) = lexicon();
        // Given "was", a stop word one letter from "aws"
        let a = lx.analyse("was it good");
        // Then no tool is found
        assert!(tools(&kb, &a).is_empty());
    }

    #[test]
    fn real_words_are_not_corrected_into_the_vocabulary() {
        let (_, lx) = lexicon();
        // "stick" is one letter from the cue "stack", "days" from "pays": both are words.
        for word in ["stick", "water", "party"] {
            let a = lx.analyse(word);
            assert!(a.found.is_empty(), "{word}: {:?}", a.found);
            assert_eq!(a.unknown, [word]);
        }
    }

    #[test]
    fn a_near_miss_country_is_not_its_neighbour() {
        let (_, lx) = lexicon();
        let a = lx.analyse("devops pay in austria");
        assert!(a.has(|s| *s == Sense::UnknownCountry));
        assert!(!a.has(|s| matches!(s, Sense::Country(_))));
    }

    #[test]
    fn case_sensitive_aliases_need_their_case() {
        let (_, lx) = lexicon();
        assert!(
            lx.analyse("salary in the US")
                .has(|s| matches!(s, Sense::Country(_)))
        );
        assert!(
            !lx.analyse("can you tell us")
                .has(|s| matches!(s, Sense::Country(_)))
        );
    }

    #[test]
    fn longest_phrase_wins() {
        let (kb, lx) = lexicon();
        let a = lx.analyse("aws devops pro exam");
        assert!(a.has(|s| matches!(s, Sense::Cert(i) if kb.certifications[*i].id == "aws")));
        assert!(tools(&kb, &a).is_empty());
    }
}
