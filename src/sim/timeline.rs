//! The timeline: every step the simulation took, with its instant and cause, so the
//! page can list what happened and replay to any earlier step exactly.

use crate::clock::SimTime;
use serde::Serialize;

/// One recorded step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// Sequence number (0-based).
    pub seq: u64,
    /// Simulated milliseconds at which it happened.
    pub at_ms: u64,
    /// Which component acted: `daemonset-controller`, `kubelet`, `scheduler`,
    /// `node-lifecycle-controller`, `pod-gc`, `user`.
    pub actor: String,
    /// What happened, in the component's words
    /// (`node-3: old pod web-x7k2q deleted, 1 of 1 unavailable allowed`).
    pub what: String,
}

/// The list of recorded steps.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    entries: Vec<TimelineEntry>,
    /// When false, nothing is recorded (benchmarks of huge clusters).
    pub disabled: bool,
}

impl Timeline {
    /// Records a step.
    pub fn record(&mut self, at: SimTime, actor: &str, what: String) {
        if self.disabled {
            return;
        }
        let seq = self.entries.len() as u64;
        self.entries.push(TimelineEntry {
            seq,
            at_ms: at.ms(),
            actor: actor.into(),
            what,
        });
    }
    /// All entries.
    pub fn entries(&self) -> &[TimelineEntry] {
        &self.entries
    }
    /// Entries from `seq` on.
    pub fn since(&self, seq: u64) -> &[TimelineEntry] {
        let i = (seq as usize).min(self.entries.len());
        &self.entries[i..]
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
