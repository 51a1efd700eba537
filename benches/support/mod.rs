//! Shared by the `engine` and `latency` benches: the real knowledge files, a generator of larger
//! knowledge bases (10×, 100×) for the scaling benchmarks, and the messages both benches send.
//!
//! The generated knowledge is the real one plus synthetic tools, topics and certifications, so
//! that there are `factor` times as many of each as in `knowledge/` (and about as many more
//! aliases). Synthetic names are pronounceable, deterministic and unique ("Bazoteku"), claim no
//! word of the real knowledge, and every reference resolves (a synthetic tool belongs to a
//! synthetic topic; a synthetic certification covers a synthetic tool), so the result passes the
//! same validation as the real files. Synthetic records hang off synthetic topics only, so a real
//! question gets the same answer at every scale: what grows is the vocabulary the matcher searches
//! and the records the engine scans.

#![allow(dead_code)] // each bench uses a different part

use devops_guide::core::knowledge::FILES;
use devops_guide::core::normalize::phrase_key;
use devops_guide::{Engine, Intent, Knowledge};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;

/// `knowledge/` of this crate.
pub fn knowledge_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The real knowledge files, `(file name, text)`, in [`FILES`] order.
pub fn real_files() -> Vec<(&'static str, String)> {
    let dir = knowledge_dir();
    FILES
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(name))
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.join(name).display()));
            (*name, text)
        })
        .collect()
}

const CONSONANTS: [&str; 14] = [
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
];
const VOWELS: [&str; 5] = ["a", "e", "i", "o", "u"];
/// 14 consonants × 5 vowels.
const SYLLABLES: usize = 70;
/// Names of 4 syllables: 70^4 = 24,010,000 of them.
const NAME_SPACE: usize = SYLLABLES * SYLLABLES * SYLLABLES * SYLLABLES;
/// Prime, coprime with `NAME_SPACE` (2^4·5^4·7^4): `n ↦ n·STRIDE mod NAME_SPACE` is a bijection
/// that scatters consecutive names, so they are not one letter apart.
const STRIDE: usize = 1_000_003;

/// The `n`-th pronounceable name: four consonant–vowel syllables ("bazoteku").
fn syllable_name(n: usize) -> String {
    let mut x = (n.wrapping_mul(STRIDE)) % NAME_SPACE;
    let mut out = String::with_capacity(8);
    for _ in 0..4 {
        let s = x % SYLLABLES;
        x /= SYLLABLES;
        out.push_str(CONSONANTS[s / VOWELS.len()]);
        out.push_str(VOWELS[s % VOWELS.len()]);
    }
    out
}

/// Hands out fresh names: never a word of the real knowledge, never twice.
struct Names {
    next: usize,
    taken: HashSet<String>,
}

impl Names {
    fn new(files: &[(&'static str, String)]) -> Names {
        // Every word of every real file (comments included): a synthetic name can then be no
        // alias, cue, stop word or unknown-country word of the real knowledge.
        let mut taken = HashSet::new();
        for (_, text) in files {
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if !word.is_empty() {
                    taken.insert(word.to_lowercase());
                }
            }
        }
        Names { next: 1, taken }
    }

    fn fresh(&mut self) -> String {
        loop {
            let name = syllable_name(self.next);
            self.next += 1;
            if self.taken.insert(name.clone()) {
                return name;
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// How many records of each kind the generated knowledge adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// Synthetic topics.
    pub topics: usize,
    /// Synthetic tools.
    pub tools: usize,
    /// Synthetic certifications.
    pub certifications: usize,
    /// Aliases of all of them.
    pub aliases: usize,
}

/// The real knowledge files with `factor` times as many topics, tools and certifications
/// (`factor` = 1 gives the real files unchanged).
pub fn scaled_files(factor: usize) -> (Vec<(&'static str, String)>, Added) {
    assert!(factor >= 1, "factor must be at least 1");
    let mut files = real_files();
    let real = Knowledge::from_files(
        "knowledge",
        &files
            .iter()
            .map(|(n, t)| (*n, t.as_str()))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|e| panic!("the real knowledge is invalid:\n{e}"));
    let extra = factor - 1;
    let n_topics = real.topics.len() * extra;
    let n_tools = real.tools.len() * extra;
    let n_certs = real.certifications.len() * extra;
    let mut names = Names::new(&files);
    let mut added = Added {
        topics: n_topics,
        tools: n_tools,
        certifications: n_certs,
        aliases: 0,
    };
    // The real aliases, normalised, to prove no synthetic alias claims one.
    let mut claimed: HashSet<String> = real
        .topics
        .iter()
        .flat_map(|t| &t.aliases)
        .chain(real.tools.iter().flat_map(|t| &t.aliases))
        .chain(real.certifications.iter().flat_map(|c| &c.aliases))
        .chain(real.countries.iter().flat_map(|c| &c.aliases))
        .map(|a| phrase_key(a))
        .collect();
    let mut alias_list = |aliases: &[String]| -> String {
        for a in aliases {
            assert!(
                claimed.insert(phrase_key(a)),
                "synthetic alias {a:?} is already claimed"
            );
        }
        added.aliases += aliases.len();
        let quoted: Vec<String> = aliases.iter().map(|a| format!("{a:?}")).collect();
        format!("[{}]", quoted.join(", "))
    };

    let mut topics = String::new();
    for i in 0..n_topics {
        let n = names.fresh();
        let aliases = alias_list(&[n.clone(), format!("{n} ops"), format!("{n}ing")]);
        let _ = write!(
            topics,
            "\n[[topic]]\nid = \"syn_topic_{i}\"\nname = \"{} engineering\"\naliases = {aliases}\n",
            capitalise(&n)
        );
    }
    let mut tools = String::new();
    for i in 0..n_tools {
        let n = names.fresh();
        let topic = i % n_topics.max(1);
        let aliases = alias_list(&[n.clone(), format!("{n} cloud"), format!("{n}ctl")]);
        let _ = write!(
            tools,
            "\n[[tool]]\nid = \"syn_tool_{i}\"\nname = \"{}\"\ntopics = [\"syn_topic_{topic}\"]\naliases = {aliases}\n",
            capitalise(&n)
        );
    }
    let mut certs = String::new();
    for i in 0..n_certs {
        let n = names.fresh();
        let tool = i % n_tools.max(1);
        let topic = (i * 7) % n_topics.max(1);
        let aliases = alias_list(&[
            format!("{n} associate"),
            format!("{n} certified"),
            format!("{n}cert"),
        ]);
        let _ = write!(
            certs,
            "\n[[certification]]\nid = \"syn_cert_{i}\"\nname = \"{} Certified Associate\"\n\
             aliases = {aliases}\ncovers = [\"syn_tool_{tool}\"]\nrelated = [\"syn_topic_{topic}\"]\n\
             validates = \"skills with the synthetic tool number {tool}\"\n\
             why = \"It exists only to make the knowledge base larger for benchmarks.\"\n",
            capitalise(&n)
        );
    }
    for (name, text) in files.iter_mut() {
        match *name {
            "topics.toml" => text.push_str(&topics),
            "tools.toml" => text.push_str(&tools),
            "certifications.toml" => text.push_str(&certs),
            _ => {}
        }
    }
    (files, added)
}

/// The knowledge with `factor` times as many topics, tools and certifications, validated.
pub fn scaled_knowledge(factor: usize) -> Knowledge {
    let (files, _) = scaled_files(factor);
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Knowledge::from_files("knowledge", &borrowed)
        .unwrap_or_else(|e| panic!("the {factor}× generated knowledge is invalid:\n{e}"))
}

/// An engine over [`scaled_knowledge`].
pub fn scaled_engine(factor: usize) -> Engine {
    Engine::new(scaled_knowledge(factor))
}

// ---------------------------------------------------------------------------------------------
// Messages

/// One message of a benchmark, with the intent answered before it in its conversation.
#[derive(Debug, Clone)]
pub struct Message {
    /// What the user typed.
    pub text: String,
    /// The previous answer in the same conversation, if any.
    pub previous: Option<Intent>,
}

/// A long, rambling message (132 words) that ends in a real question: longer than
/// `normalize::MAX_TOKENS` (120 words), and the costliest message of the mix.
pub const LONG_RAMBLING: &str = "so basically i have been working in tech support for like four years now and honestly \
the job is fine but i keep seeing all these posts about devops and people saying it is the future and \
that you get to automate everything and work with cloud stuff and containers and i tried a little \
docker on my laptop last weekend which was kind of fun even if i did not understand half of it, my \
manager says i should stick to what i know but my friend who moved into platform work says the money \
is way better and the work is more interesting, so i guess what i really want to know is what the \
roadmap looks like for someone like me and which certification i should go for first";

/// The six kinds of message of the `respond/*` criterion benchmarks: `(name, text, previous)`.
pub fn kinds() -> Vec<(&'static str, Message)> {
    let m = |text: &str, previous: Option<Intent>| Message {
        text: text.to_string(),
        previous,
    };
    vec![
        (
            "typo_cert",
            m("which certfication shoud i get for kubernets?", None),
        ),
        (
            "salary_country",
            m("how much does a devops engineer earn in the uk?", None),
        ),
        (
            "roadmap_followup",
            m("ok and what comes next?", Some(Intent::RoadmapStep(3))),
        ),
        (
            "decline",
            m("can you recommend a good recipe for banana bread?", None),
        ),
        ("long_rambling", m(LONG_RAMBLING, None)),
        ("greeting", m("hey there 👋", None)),
    ]
}

/// Conversations of the latency mix: each is a list of messages sent in order by one person, so
/// a follow-up is answered with the intent before it (42 messages in all). They mix clean
/// questions, typos, follow-ups, declines, long messages and group-chat mentions.
pub const DIALOGS: [&[&str]; 14] = [
    &[
        "hi",
        "where do i start with devops?",
        "whats next",
        "and after that?",
        "which tools for that step?",
    ],
    &[
        "how much do devops engineers earn in the uk",
        "without bonuses?",
        "and in india?",
        "compare salaries across countries",
    ],
    &[
        "wich certifcation for kubernetes",
        "what does it validate?",
        "and for aws?",
        "thanks!",
    ],
    &[
        "@devops_guide_bot what does a devops engineer do day to day?",
        "@devops_guide_bot which teams do they work with",
        "what about data scientists?",
    ],
    &[
        "what's the best recipe for banana bread?",
        "how do i fix my kubernetes pod crashloopbackoff error",
        "devops salary in germany?",
        "how much do nurses earn in canada",
    ],
    &[
        "what skills does a devops enginer need",
        "why is infrastructure as code important",
        "which tools are used for monitoring",
    ],
    &[LONG_RAMBLING, "tell me more"],
    &[
        "is the ckad worth it",
        "what about the cka?",
        "whats the terraform associate exam about",
    ],
    &[
        "how big is the devops market",
        "how is ai changing the devops role",
        "where does your information come from",
    ],
    &[
        "do i need a degree to be a devops engineer",
        "how many years of experience do devops jobs ask for",
        "show me a sample job description",
    ],
    &[
        "what is step 4 of the roadmap",
        "before that?",
        "what comes after docker?",
    ],
    &["hello 👋🙂", "what can you help with?"],
    &[
        "hey @devops_guide_bot, my team lead keeps telling me to learn terraform and ansible but \
         honestly i have no idea where they fit or why they matter, can you explain how infra as code \
         fits into the devops career path and what i should learn right before it?",
    ],
    &[
        "promethues vs grafana which one first",
        "salery in austrlia",
    ],
];

/// The messages of [`DIALOGS`], each with the intent `engine` answered before it in its dialog
/// (as `Engine::converse` would remember it: greetings, thanks, help and declines are not
/// remembered).
pub fn latency_mix(engine: &Engine) -> Vec<Message> {
    let mut out = Vec::new();
    for dialog in DIALOGS {
        let mut previous: Option<Intent> = None;
        for text in dialog {
            out.push(Message {
                text: text.to_string(),
                previous: previous.clone(),
            });
            let outcome = engine.respond(text, previous.as_ref());
            let remembered = !matches!(
                outcome.intent.label().as_str(),
                "greeting" | "thanks" | "help" | "out_of_scope"
            );
            if remembered {
                previous = Some(outcome.intent);
            }
        }
    }
    out
}
