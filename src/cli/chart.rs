//! `devops-guide chart`: the bot's pictures written to PNG files — the salary chart, a member's
//! roadmap card (from `--steps` or from a store) and a cohort's board (from a store). The
//! caption (what the picture shows, with its source and date) is printed on stdout.

use crate::core::knowledge::Knowledge;
use crate::picture::{self, Picture};
use std::path::{Path, PathBuf};

/// Options of `chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// Which picture.
    #[command(subcommand)]
    pub what: ChartKind,
}

/// The pictures `chart` can write.
#[derive(Debug, clap::Subcommand)]
pub enum ChartKind {
    /// The salary comparison: one panel per country, in its own currency.
    Salary {
        /// The PNG file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// A member's roadmap card: from --steps, or a member's progress in a store.
    Progress {
        /// Steps done, comma-separated (1,2,3); conflicts with --store.
        #[arg(
            long,
            value_delimiter = ',',
            value_name = "N,N,…",
            conflicts_with = "store"
        )]
        steps: Vec<String>,
        /// The name on the card.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Read the member's progress from this store (memory, sqlite:PATH or redis://…).
        #[arg(long, value_name = "STORE", requires_all = ["chat", "user"])]
        store: Option<String>,
        /// The chat id in the store.
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        chat: Option<i64>,
        /// The user id in the store.
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        user: Option<i64>,
        /// The PNG file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// A cohort's board, from a store.
    Cohort {
        /// The store (memory, sqlite:PATH or redis://…).
        #[arg(long, value_name = "STORE")]
        store: String,
        /// The chat id.
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        chat: i64,
        /// The PNG file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Renders the picture asked for and writes it; `Err` is the message for exit code 2.
pub(super) fn run(kb: &Knowledge, args: &ChartArgs) -> Result<(), String> {
    let (picture, out) = match &args.what {
        ChartKind::Salary { out } => (picture::salary_chart(kb), out),
        ChartKind::Progress {
            steps,
            name,
            store,
            chat,
            user,
            out,
        } => {
            let (done, stored_name) = match (store, chat, user) {
                (Some(spec), Some(chat), Some(user)) => member(spec, *chat, *user)?,
                _ => (parse_steps(kb, steps)?, None),
            };
            let name = name
                .clone()
                .or(stored_name)
                .unwrap_or_else(|| "Your roadmap".to_string());
            (picture::progress_card(kb, &name, &done), out)
        }
        ChartKind::Cohort { store, chat, out } => {
            let board = open(store)?
                .board(*chat)
                .map_err(|e| format!("cannot read the board: {e}"))?;
            if board.is_empty() {
                return Err(format!(
                    "no one in chat {chat} has marked a roadmap step in that store"
                ));
            }
            (picture::board(kb, &board), out)
        }
    };
    let picture = picture.map_err(|e| e.to_string())?;
    write(&picture, out)?;
    println!("{}", picture.caption);
    Ok(())
}

fn open(spec: &str) -> Result<std::sync::Arc<dyn crate::storage::Store>, String> {
    crate::storage::open(spec).map_err(|e| format!("cannot open the store: {e}"))
}

/// A member's steps and stored name.
fn member(spec: &str, chat: i64, user: i64) -> Result<(Vec<u8>, Option<String>), String> {
    let store = open(spec)?;
    let steps = store
        .progress(chat, user)
        .map_err(|e| format!("cannot read the progress: {e}"))?;
    let name = store
        .board(chat)
        .map_err(|e| format!("cannot read the board: {e}"))?
        .into_iter()
        .find(|m| m.user == user)
        .map(|m| m.name);
    Ok((steps, name))
}

/// `--steps` values as step numbers of the roadmap.
fn parse_steps(kb: &Knowledge, steps: &[String]) -> Result<Vec<u8>, String> {
    let last = kb.steps.len();
    steps
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u8>()
                .ok()
                .filter(|n| kb.steps.iter().any(|step| step.number == *n))
                .ok_or_else(|| format!("--steps: {s:?} is not a roadmap step (1 to {last})"))
        })
        .collect()
}

fn write(picture: &Picture, out: &Path) -> Result<(), String> {
    std::fs::write(out, &picture.png)
        .map_err(|e| format!("cannot write the picture to {}: {e}", out.display()))
}
