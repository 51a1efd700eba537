//! Review reminders (spaced repetition): `/remind daily|weekly [HH:MM] [TZ]` schedules a short
//! review — one quiz question drawn from the roadmap steps the member marked done, weighted
//! toward the questions they answered wrongly — and the [`Scheduler`] finds the reviews that are
//! due. Transport-independent: the Telegram front-end sends what [`Scheduler::claim_due`]
//! returns.
//!
//! - **Time**: the scheduler reads the time from a [`Clock`] it is given ([`SystemClock`] in the
//!   bot, a hand-driven clock in tests), so tests move time instead of sleeping. Time zones are
//!   fixed offsets from UTC (`UTC`, `+02:00`, `-05:30`, `UTC+1`): no daylight-saving rules.
//! - **Once**: schedules live in the store. A due reminder is claimed by moving its `next_at`
//!   forward with a compare-and-set ([`StudyStore::advance_reminder`](crate::storage::StudyStore)),
//!   so with several instances on one store exactly one sends it, and one that was due while
//!   every instance was down fires once when one comes back (the missed occurrences are
//!   skipped, not replayed).

use crate::assistant::Assistant;
use crate::core::quiz::{Question, QuizRng};
use crate::storage::{Cadence, Reminder, StoreError};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the scheduler reads the time: seconds since the Unix epoch.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> u64;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// How many due reminders one [`Scheduler::claim_due`] takes at most.
pub const BATCH: usize = 50;

/// What a `/remind` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemindRequest {
    /// Show the current schedule.
    Show,
    /// Stop the reminders.
    Off,
    /// Review at this time, daily or weekly.
    Set {
        /// Daily or weekly.
        cadence: Cadence,
        /// Local hour.
        hour: u8,
        /// Local minute.
        minute: u8,
        /// Offset from UTC in minutes.
        utc_offset_minutes: i32,
    },
}

/// Why a `/remind` argument was not understood: said to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemindError {
    /// Neither daily, weekly nor off.
    #[error("say daily, weekly or off — for example /remind daily 08:30 +02:00")]
    Cadence,
    /// Not a time of day.
    #[error("{0:?} is not a time of day: use HH:MM, 00:00 to 23:59")]
    Time(String),
    /// Not a UTC offset.
    #[error("{0:?} is not a time zone I know: use UTC or an offset like +02:00 or -05:30")]
    Zone(String),
    /// Something after the time zone.
    #[error("too many words: /remind daily|weekly [HH:MM] [UTC offset]")]
    Extra,
}

/// The default review time when none is given: 09:00.
pub const DEFAULT_TIME: (u8, u8) = (9, 0);

/// Parses the argument of `/remind`.
pub fn parse_remind(arg: &str) -> Result<RemindRequest, RemindError> {
    let lowered = arg.trim().to_lowercase();
    let mut words = lowered.split_whitespace();
    let cadence = match words.next() {
        None => return Ok(RemindRequest::Show),
        Some("off" | "stop" | "none") => return Ok(RemindRequest::Off),
        Some(word) => Cadence::parse(word).ok_or(RemindError::Cadence)?,
    };
    let mut time = DEFAULT_TIME;
    let mut offset = 0;
    let mut rest: Vec<&str> = words.collect();
    if let Some(first) = rest.first()
        && first.contains(':')
        && !first.starts_with(['+', '-'])
        && !first.starts_with("utc")
        && !first.starts_with("gmt")
    {
        time = parse_time(first).ok_or_else(|| RemindError::Time(first.to_string()))?;
        rest.remove(0);
    }
    if let Some(zone) = rest.first() {
        offset = parse_offset(zone).ok_or_else(|| RemindError::Zone(zone.to_string()))?;
        rest.remove(0);
    }
    if !rest.is_empty() {
        return Err(RemindError::Extra);
    }
    Ok(RemindRequest::Set {
        cadence,
        hour: time.0,
        minute: time.1,
        utc_offset_minutes: offset,
    })
}

fn parse_time(s: &str) -> Option<(u8, u8)> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && !s.starts_with('+')).then_some((h, m))
}

/// `UTC`, `GMT`, `Z`, `+02:00`, `-0530`, `+2`, `UTC+05:30` → minutes east of UTC.
fn parse_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    let s = s
        .strip_prefix("utc")
        .or_else(|| s.strip_prefix("gmt"))
        .unwrap_or(s);
    if s.is_empty() || s == "z" {
        return Some(0);
    }
    let (sign, digits) = match s.as_bytes()[0] {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return None;
    }
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() > 2 => digits.split_at(digits.len() - 2),
        None => (digits, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60 && h * 60 + m <= 14 * 60).then_some(sign * (h * 60 + m))
}

/// `+02:00`-style text of an offset, `UTC` for 0.
pub fn offset_text(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".to_string();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The first instant after `now` when the local time (UTC + `offset` minutes) is `hour:minute`.
pub fn next_occurrence(now: u64, hour: u8, minute: u8, utc_offset_minutes: i32) -> u64 {
    let target = i64::from(hour) * 3600 + i64::from(minute) * 60;
    let local_now = now as i64 + i64::from(utc_offset_minutes) * 60;
    let day_start = local_now - local_now.rem_euclid(86_400);
    let mut local = day_start + target;
    if local <= local_now {
        local += 86_400;
    }
    (local - i64::from(utc_offset_minutes) * 60).max(0) as u64
}

/// The first `previous + k × period` (k ≥ 1) after `now`: missed occurrences are skipped.
pub fn next_after(previous: u64, period: u64, now: u64) -> u64 {
    let period = period.max(1);
    if previous > now {
        return previous + period;
    }
    let k = (now - previous) / period + 1;
    previous + k * period
}

/// The weekday of an instant at a UTC offset: Monday, Tuesday, ...
pub fn weekday(at: u64, utc_offset_minutes: i32) -> &'static str {
    const DAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    let local = at as i64 + i64::from(utc_offset_minutes) * 60;
    DAYS[local.div_euclid(86_400).rem_euclid(7) as usize]
}

/// A review to send now.
#[derive(Debug, Clone)]
pub struct DueReview {
    /// The reminder, with the `next_at` it was due at.
    pub reminder: Reminder,
    /// The question; `None` when the member has no step done that a question is about (the
    /// review then asks them to mark their progress).
    pub question: Option<Question>,
}

/// Finds due reminders and claims them. See the [module documentation](self).
pub struct Scheduler {
    assistant: Arc<Assistant>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler").finish_non_exhaustive()
    }
}

impl Scheduler {
    /// A scheduler over the assistant's store, reading the time from `clock`.
    pub fn new(assistant: Arc<Assistant>, clock: Arc<dyn Clock>) -> Scheduler {
        Scheduler { assistant, clock }
    }

    /// The time now, by the scheduler's clock.
    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    /// Claims every reminder due now and returns the reviews this caller must send: each due
    /// reminder is returned by exactly one of the schedulers sharing a store, then scheduled
    /// for its next occurrence after now. Reminders of a chat whose admins turned reminders off
    /// are claimed (moved on) but not returned.
    pub fn claim_due(&self, rng: &mut QuizRng) -> Result<Vec<DueReview>, StoreError> {
        let now = self.clock.now();
        let store = self.assistant.store();
        let mut reviews = Vec::new();
        for reminder in store.due_reminders(now, BATCH)? {
            let next = next_after(reminder.next_at, reminder.cadence.period_secs(), now);
            if !store.advance_reminder(reminder.chat, reminder.user, reminder.next_at, next)? {
                continue; // another instance took it
            }
            if !store.chat_settings(reminder.chat)?.reminders {
                continue;
            }
            let done = store.progress(reminder.chat, reminder.user)?;
            let misses = store.misses(reminder.chat, reminder.user)?;
            let question = self.assistant.quiz().review(&done, &misses, rng);
            reviews.push(DueReview { reminder, question });
        }
        Ok(reviews)
    }

    /// Stores a reminder for (`chat`, `user`) from a parsed `/remind`, first due at the next
    /// occurrence of its time after now; returns it.
    pub fn schedule(
        &self,
        chat: i64,
        user: i64,
        cadence: Cadence,
        hour: u8,
        minute: u8,
        utc_offset_minutes: i32,
    ) -> Result<Reminder, StoreError> {
        let reminder = Reminder {
            chat,
            user,
            cadence,
            hour,
            minute,
            utc_offset_minutes,
            next_at: next_occurrence(self.clock.now(), hour, minute, utc_offset_minutes),
        };
        self.assistant.store().put_reminder(&reminder)?;
        Ok(reminder)
    }
}

/// How a reminder is said: "daily at 09:00 UTC+02:00" or "weekly on Monday at 09:00 UTC".
pub fn describe(reminder: &Reminder) -> String {
    let time = format!(
        "{:02}:{:02} {}",
        reminder.hour,
        reminder.minute,
        offset_text(reminder.utc_offset_minutes)
    );
    match reminder.cadence {
        Cadence::Daily => format!("daily at {time}"),
        Cadence::Weekly => format!(
            "weekly on {} at {time}",
            weekday(reminder.next_at, reminder.utc_offset_minutes)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remind_arguments_are_parsed_with_clear_errors() {
        assert_eq!(parse_remind(""), Ok(RemindRequest::Show));
        assert_eq!(parse_remind(" OFF "), Ok(RemindRequest::Off));
        assert_eq!(
            parse_remind("daily"),
            Ok(RemindRequest::Set {
                cadence: Cadence::Daily,
                hour: 9,
                minute: 0,
                utc_offset_minutes: 0
            })
        );
        assert_eq!(
            parse_remind("weekly 18:45 +05:30"),
            Ok(RemindRequest::Set {
                cadence: Cadence::Weekly,
                hour: 18,
                minute: 45,
                utc_offset_minutes: 330
            })
        );
        for (zone, minutes) in [
            ("UTC", 0),
            ("utc+2", 120),
            ("-0800", -480),
            ("GMT-03:00", -180),
        ] {
            match parse_remind(&format!("daily 07:00 {zone}")) {
                Ok(RemindRequest::Set {
                    utc_offset_minutes, ..
                }) => assert_eq!(utc_offset_minutes, minutes, "{zone}"),
                other => panic!("{zone}: {other:?}"),
            }
        }
        assert_eq!(parse_remind("hourly"), Err(RemindError::Cadence));
        assert_eq!(
            parse_remind("daily 25:00"),
            Err(RemindError::Time("25:00".into()))
        );
        assert_eq!(
            parse_remind("daily 08:00 Europe/Paris"),
            Err(RemindError::Zone("europe/paris".into()))
        );
        assert_eq!(
            parse_remind("daily 08:00 +02:00 please"),
            Err(RemindError::Extra)
        );
        assert!(parse_remind("daily +99:00").is_err());
    }

    #[test]
    fn next_occurrences_respect_the_offset() {
        // 2025-02-24 10:00:00 UTC
        let now = 1_740_391_200;
        // 09:00 UTC already passed: tomorrow 09:00 UTC
        assert_eq!(next_occurrence(now, 9, 0, 0), now - 3600 + 86_400);
        // 11:30 UTC is later today
        assert_eq!(next_occurrence(now, 11, 30, 0), now + 5400);
        // 12:00 at +02:00 is 10:00 UTC, which is now: tomorrow
        assert_eq!(next_occurrence(now, 12, 0, 120), now + 86_400);
        // 06:00 at -05:00 is 11:00 UTC today
        assert_eq!(next_occurrence(now, 6, 0, -300), now + 3600);
        assert_eq!(weekday(now, 0), "Monday");
        assert_eq!(weekday(now, -11 * 60), "Sunday");
    }

    #[test]
    fn missed_occurrences_are_skipped_not_replayed() {
        assert_eq!(next_after(1000, 100, 1000), 1100);
        assert_eq!(next_after(1000, 100, 1350), 1400);
        assert_eq!(next_after(1000, 100, 999), 1100);
    }
}
