//! Keeping replies within Telegram's broadcast limits: at most one message a second to a private
//! chat, twenty a minute to a group, thirty a second overall (what teloxide's `Throttle`
//! adaptor enforces, without its worker's fixed 250 ms tick between rounds, which put a quarter
//! of a second on back-to-back replies even with throttling off). [`pace`] reserves the next
//! free slot for the chat and sleeps until it; `run --no-throttle` turns pacing off.
//!
//! Only requests that post a message (`send…`, `edit…`) are paced; answers to callback and
//! inline queries are not limited by Telegram in this way.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// Spacing between messages to one private chat.
const PRIVATE_SPACING: Duration = Duration::from_secs(1);
/// Spacing between messages to one group (20 a minute).
const GROUP_SPACING: Duration = Duration::from_secs(3);
/// Messages a second across all chats.
const OVERALL_PER_SEC: usize = 30;

static ENABLED: AtomicBool = AtomicBool::new(true);

#[derive(Default)]
struct Slots {
    /// When each chat may next be sent to.
    next_for_chat: HashMap<i64, Instant>,
    /// The slots handed out in the last second, overall.
    recent: VecDeque<Instant>,
}

static SLOTS: LazyLock<Mutex<Slots>> = LazyLock::new(|| Mutex::new(Slots::default()));

/// Turns pacing on (the default) or off (`--no-throttle`, tests and benchmarks).
pub fn set_enabled(enabled: bool) {
    ENABLED.store(enabled, Ordering::Relaxed);
}

/// Waits until a message of request `what` may be sent to `chat_id`.
pub async fn pace(what: &str, chat_id: i64) {
    if !ENABLED.load(Ordering::Relaxed)
        || chat_id == 0
        || !(what.starts_with("send") || what.starts_with("edit"))
    {
        return;
    }
    let at = reserve(chat_id, Instant::now());
    tokio::time::sleep_until(at).await;
}

/// Reserves the first slot at or after `now` free for `chat_id` and overall.
fn reserve(chat_id: i64, now: Instant) -> Instant {
    let mut slots = SLOTS.lock().unwrap_or_else(|p| p.into_inner());
    let spacing = if chat_id > 0 {
        PRIVATE_SPACING
    } else {
        GROUP_SPACING
    };
    let mut at = slots
        .next_for_chat
        .get(&chat_id)
        .copied()
        .unwrap_or(now)
        .max(now);
    let second = Duration::from_secs(1);
    while slots.recent.front().is_some_and(|t| *t + second <= now) {
        slots.recent.pop_front();
    }
    // The slots stay sorted; a slot is free when fewer than OVERALL_PER_SEC slots fall in the
    // second before it.
    loop {
        let pos = slots.recent.partition_point(|t| *t <= at);
        if pos >= OVERALL_PER_SEC {
            let earliest = slots.recent[pos - OVERALL_PER_SEC];
            if earliest + second > at {
                at = earliest + second;
                continue;
            }
        }
        slots.recent.insert(pos, at);
        break;
    }
    slots.next_for_chat.insert(chat_id, at + spacing);
    if slots.next_for_chat.len() > 100_000 {
        slots.next_for_chat.retain(|_, t| *t > now);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_chat_is_spaced_and_others_are_not_held_up() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let now = Instant::now();
            assert_eq!(reserve(7, now), now);
            assert_eq!(reserve(7, now), now + PRIVATE_SPACING);
            assert_eq!(reserve(-7, now), now);
            assert_eq!(reserve(-7, now), now + GROUP_SPACING);
            assert_eq!(reserve(8, now), now);
            // Thirty a second overall: the 31st chat waits for the first slot to age out.
            for chat in 100..127 {
                assert_eq!(reserve(chat, now), now);
            }
            assert_eq!(reserve(200, now), now + Duration::from_secs(1));
        });
    }
}
