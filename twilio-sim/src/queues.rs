//! Call queues (`<Enqueue>` / `<Dial><Queue>`): who waits where, in order, and the statistics the
//! Queue REST resource reports (<https://www.twilio.com/docs/voice/api/queue-resource>).

use std::{
    collections::{BTreeMap, VecDeque},
    sync::Arc,
    time::{Instant, SystemTime},
};

use tokio::sync::{Notify, mpsc};
use twilio_core::sid::Sid;

use crate::{leg_event::LegEvent, media::MediaLeg};

/// Twilio's default and largest queue sizes.
pub const DEFAULT_MAX_SIZE: u32 = 1000;
/// The largest `MaxSize` Twilio accepts.
pub const LARGEST_MAX_SIZE: u32 = 5000;

/// A caller waiting in a queue.
#[derive(Clone, Debug)]
pub struct Member {
    /// The waiting call.
    pub call_sid: String,
    /// Its runner, to tell it it was dequeued or redirected.
    pub runner: mpsc::UnboundedSender<LegEvent>,
    /// Its audio.
    pub media: Option<MediaLeg>,
    /// When it joined (for `wait_time`).
    pub enqueued: Instant,
    /// The same, as a date (for `date_enqueued`).
    pub enqueued_at: SystemTime,
}

/// One queue.
#[derive(Debug)]
pub struct Queue {
    /// `QU…`
    pub sid: String,
    /// Its name in TwiML.
    pub friendly_name: String,
    /// Most members.
    pub max_size: u32,
    /// Waiting callers, front first.
    pub members: VecDeque<Member>,
    /// Woken when a member joins, for a `<Dial><Queue>` waiting on an empty queue.
    pub joined: Arc<Notify>,
    /// Created.
    pub date_created: SystemTime,
    /// Last change.
    pub date_updated: SystemTime,
}

impl Queue {
    fn new(friendly_name: &str, max_size: u32) -> Self {
        let now = SystemTime::now();
        Self {
            sid: Sid::random("QU").into_string(),
            friendly_name: friendly_name.to_owned(),
            max_size,
            members: VecDeque::new(),
            joined: Arc::new(Notify::new()),
            date_created: now,
            date_updated: now,
        }
    }

    /// Twilio's `average_wait_time`: "the average wait time in seconds of the members in this
    /// queue … calculated at the time of the request", so the mean age of the callers waiting
    /// now, 0 when nobody waits (<https://www.twilio.com/docs/voice/api/queue-resource>).
    pub fn average_wait_time(&self) -> u64 {
        let n = self.members.len() as u64;
        if n == 0 {
            return 0;
        }
        self.members
            .iter()
            .map(|m| m.enqueued.elapsed().as_secs())
            .sum::<u64>()
            / n
    }

    fn record_leave(&mut self, _member: &Member) {
        self.date_updated = SystemTime::now();
    }
}

/// Why a caller could not join.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    /// `QueueResult=queue-full`.
    #[error("the queue is full")]
    Full,
}

/// How many dequeued call SIDs are remembered, to answer a repeated dequeue with 400.
const DEQUEUED_REMEMBERED: usize = 1024;

/// Why a member could not be taken out by REST.
#[derive(Debug, PartialEq, Eq)]
pub enum TakeError {
    /// No such queue or member.
    NotFound,
    /// That call was dequeued already (by an earlier, possibly simultaneous, request).
    AlreadyDequeued,
}

/// All queues of the account, by SID.
#[derive(Debug, Default)]
pub struct Queues {
    by_sid: BTreeMap<String, Queue>,
    /// The latest call SIDs dequeued by REST, oldest first (at most [`DEQUEUED_REMEMBERED`]).
    dequeued: VecDeque<String>,
}

impl Queues {
    /// The queue called `name`, created on first use as `<Enqueue>` does.
    pub fn by_name_or_create(&mut self, name: &str) -> &mut Queue {
        let sid = match self.sid_of(name) {
            Some(sid) => sid,
            None => {
                let queue = Queue::new(name, DEFAULT_MAX_SIZE);
                let sid = queue.sid.clone();
                self.by_sid.insert(sid.clone(), queue);
                sid
            }
        };
        self.by_sid.get_mut(&sid).expect("inserted above")
    }

    fn sid_of(&self, name: &str) -> Option<String> {
        self.by_sid
            .values()
            .find(|q| q.friendly_name == name)
            .map(|q| q.sid.clone())
    }

    /// Creates a queue through the REST API; `None` if the name is taken.
    pub fn create(&mut self, name: &str, max_size: u32) -> Option<&Queue> {
        if self.sid_of(name).is_some() {
            return None;
        }
        let queue = Queue::new(name, max_size);
        let sid = queue.sid.clone();
        self.by_sid.insert(sid.clone(), queue);
        self.by_sid.get(&sid)
    }

    /// A queue by SID.
    pub fn get(&self, sid: &str) -> Option<&Queue> {
        self.by_sid.get(sid)
    }

    /// A queue by SID, to change it.
    pub fn get_mut(&mut self, sid: &str) -> Option<&mut Queue> {
        self.by_sid.get_mut(sid)
    }

    /// Every queue, oldest SID order.
    pub fn all(&self) -> impl Iterator<Item = &Queue> {
        self.by_sid.values()
    }

    /// Deletes a queue; its waiting callers are left to their runners (told by the caller).
    pub fn remove(&mut self, sid: &str) -> Option<Queue> {
        self.by_sid.remove(sid)
    }

    /// Adds a caller at the back; returns the queue SID and the caller's 1-based position.
    pub fn join(&mut self, name: &str, member: Member) -> Result<(String, usize), JoinError> {
        let queue = self.by_name_or_create(name);
        if queue.members.len() >= queue.max_size as usize {
            return Err(JoinError::Full);
        }
        queue.members.push_back(member);
        queue.date_updated = SystemTime::now();
        queue.joined.notify_waiters();
        Ok((queue.sid.clone(), queue.members.len()))
    }

    /// Takes the caller at the front of the queue called `name`.
    pub fn pop_front(&mut self, name: &str) -> Option<(String, Member)> {
        let queue = self.by_sid.values_mut().find(|q| q.friendly_name == name)?;
        let member = queue.members.pop_front()?;
        queue.record_leave(&member);
        Some((queue.sid.clone(), member))
    }

    /// Takes `member` (`Front` or a CallSid) out of `queue` for a REST dequeue, in one step, so
    /// that of two simultaneous requests only one gets the caller. Returns its 1-based position
    /// before leaving and the member.
    pub fn take_for_dequeue(
        &mut self,
        queue: &str,
        member: &str,
    ) -> Result<(usize, Member), TakeError> {
        let q = self.by_sid.get_mut(queue).ok_or(TakeError::NotFound)?;
        let index = if member == "Front" {
            (!q.members.is_empty()).then_some(0)
        } else {
            q.members.iter().position(|m| m.call_sid == member)
        };
        let Some(index) = index else {
            return Err(if self.dequeued.iter().any(|sid| sid == member) {
                TakeError::AlreadyDequeued
            } else {
                TakeError::NotFound
            });
        };
        let taken = q.members.remove(index).ok_or(TakeError::NotFound)?;
        q.record_leave(&taken);
        if self.dequeued.len() == DEQUEUED_REMEMBERED {
            self.dequeued.pop_front();
        }
        self.dequeued.push_back(taken.call_sid.clone());
        Ok((index + 1, taken))
    }

    /// Takes a given caller out of whichever queue holds it.
    pub fn remove_member(&mut self, call_sid: &str) -> Option<(String, Member)> {
        for queue in self.by_sid.values_mut() {
            if let Some(i) = queue.members.iter().position(|m| m.call_sid == call_sid) {
                let member = queue.members.remove(i)?;
                queue.record_leave(&member);
                return Some((queue.sid.clone(), member));
            }
        }
        None
    }

    /// Where a caller is: queue SID and 1-based position.
    pub fn position(&self, call_sid: &str) -> Option<(String, usize)> {
        self.by_sid.values().find_map(|q| {
            q.members
                .iter()
                .position(|m| m.call_sid == call_sid)
                .map(|i| (q.sid.clone(), i + 1))
        })
    }

    /// The notifier of the queue called `name` (created if needed).
    pub fn joined_signal(&mut self, name: &str) -> Arc<Notify> {
        self.by_name_or_create(name).joined.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(sid: &str) -> Member {
        let (runner, _) = mpsc::unbounded_channel();
        Member {
            call_sid: sid.to_owned(),
            runner,
            media: None,
            enqueued: Instant::now(),
            enqueued_at: SystemTime::now(),
        }
    }

    #[test]
    fn callers_leave_in_the_order_they_joined() {
        let mut queues = Queues::default();
        let (sid, first) = queues.join("radio", member("CA1")).unwrap();
        let (same, second) = queues.join("radio", member("CA2")).unwrap();
        assert_eq!((sid.clone(), first, second), (same, 1, 2));
        assert_eq!(queues.position("CA2"), Some((sid.clone(), 2)));
        assert_eq!(queues.pop_front("radio").unwrap().1.call_sid, "CA1");
        assert_eq!(queues.position("CA2"), Some((sid, 1)));
        assert!(queues.pop_front("elsewhere").is_none());
    }

    #[test]
    fn a_full_queue_refuses_callers() {
        let mut queues = Queues::default();
        queues.create("tiny", 1).unwrap();
        queues.join("tiny", member("CA1")).unwrap();
        assert_eq!(queues.join("tiny", member("CA2")), Err(JoinError::Full));
        assert!(queues.create("tiny", 5).is_none(), "names are unique");
    }

    #[test]
    fn removing_a_member_leaves_the_average_to_those_still_waiting() {
        let mut queues = Queues::default();
        queues.join("q", member("CA1")).unwrap();
        let (sid, m) = queues.remove_member("CA1").unwrap();
        assert_eq!(m.call_sid, "CA1");
        assert_eq!(queues.get(&sid).unwrap().members.len(), 0);
        assert_eq!(queues.get(&sid).unwrap().average_wait_time(), 0);
        assert!(queues.remove_member("CA1").is_none());
    }
}
