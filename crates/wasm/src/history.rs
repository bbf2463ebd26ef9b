//! The scrubber's memory: every operation the page performed, with checkpoints, so
//! the simulation can go back to any earlier point exactly.
//!
//! The engine is deterministic, so a state is fully described by a starting
//! simulation and the list of operations applied to it. Going back to operation `i`
//! clones the nearest checkpoint at or before `i` and replays the operations after it.
//! Checkpoints are thinned (every other one dropped) when there are too many, so
//! memory stays bounded on large clusters while replays stay short.

use daemonset_sim::clock::SimTime;
use daemonset_sim::sim::Simulation;

/// The most checkpoints kept (besides the start).
const MAX_CHECKPOINTS: usize = 48;

/// One operation the page performed on the simulation.
#[derive(Clone, Debug)]
pub enum Op {
    /// A command line (kubectl or sim verb).
    Exec(String),
    /// Put a file where `kubectl apply -f NAME` reads it.
    PutFile(String, String),
    /// One unit of work (see `Simulator::step`).
    Step,
    /// Run the simulation for this many simulated milliseconds.
    Advance(u64),
    /// Run toward simulated instant `limit_ms` one unit of work at a time: `steps`
    /// units, and then, if `finished`, on to `limit_ms` (see [`run_toward`]).
    Run {
        /// Where the run was heading (simulated ms).
        limit_ms: u64,
        /// Units of work done.
        steps: u64,
        /// Whether it reached `limit_ms`.
        finished: bool,
    },
}

/// A recorded operation and the simulated instant after it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The operation.
    pub op: Op,
    /// Simulated milliseconds after it ran.
    pub at_ms: u64,
}

/// Operations since the start, the current position, and checkpoints.
#[derive(Clone, Debug)]
pub struct History {
    /// All operations, including ones after `pos` while the user scrubs back.
    pub entries: Vec<Entry>,
    /// How many operations the current simulation has applied.
    pub pos: usize,
    /// `(operations applied, simulation)`, sorted; the first is the start.
    checkpoints: Vec<(usize, Simulation)>,
    /// Take a checkpoint after this many operations since the last one.
    spacing: usize,
}

impl History {
    /// A history starting at `start`.
    pub fn new(start: &Simulation) -> History {
        History {
            entries: Vec::new(),
            pos: 0,
            checkpoints: vec![(0, start.clone())],
            spacing: 16,
        }
    }

    /// Records `op`, which the caller has just applied to `sim`. Forgets the
    /// operations after the current position (a new branch).
    pub fn record(&mut self, op: Op, sim: &Simulation) {
        if self.pos < self.entries.len() {
            self.entries.truncate(self.pos);
            self.checkpoints.retain(|(i, _)| *i <= self.pos);
        }
        // Runs of Advance with nothing in between stay separate: each is a point the
        // scrubber can return to.
        self.entries.push(Entry {
            op,
            at_ms: sim.now().ms(),
        });
        self.pos = self.entries.len();
        let last = self.checkpoints.last().map(|c| c.0).unwrap_or(0);
        if self.pos - last >= self.spacing {
            self.checkpoints.push((self.pos, sim.clone()));
            if self.checkpoints.len() > MAX_CHECKPOINTS + 1 {
                // Keep the start, drop every other one after it.
                let mut kept = Vec::with_capacity(self.checkpoints.len() / 2 + 1);
                for (n, c) in std::mem::take(&mut self.checkpoints)
                    .into_iter()
                    .enumerate()
                {
                    if n == 0 || n % 2 == 0 {
                        kept.push(c);
                    }
                }
                self.checkpoints = kept;
                self.spacing *= 2;
            }
        }
    }

    /// The simulated instant of the start.
    pub fn rebuild_start_ms(&self) -> u64 {
        self.checkpoints[0].1.now().ms()
    }

    /// The simulation after the first `target` operations.
    pub fn rebuild(&self, target: usize) -> Simulation {
        let target = target.min(self.entries.len());
        let (from, start) = self
            .checkpoints
            .iter()
            .rev()
            .find(|(i, _)| *i <= target)
            .expect("the start checkpoint is always kept");
        let mut sim = start.clone();
        for e in &self.entries[*from..target] {
            apply(&mut sim, &e.op);
        }
        sim
    }
}

/// Applies one operation. Returns the command output for `Exec`.
pub fn apply(sim: &mut Simulation, op: &Op) -> Option<daemonset_sim::kubectl::ExecResult> {
    match op {
        Op::Exec(line) => Some(daemonset_sim::kubectl::exec(sim, line)),
        Op::PutFile(name, text) => {
            sim.files.insert(name.clone(), text.clone());
            None
        }
        Op::Step => {
            step(sim);
            None
        }
        Op::Advance(ms) => {
            sim.advance(*ms);
            None
        }
        Op::Run {
            limit_ms,
            steps,
            finished,
        } => {
            let max = if *finished { u64::MAX } else { *steps };
            run_toward(sim, SimTime(*limit_ms), max, &mut || true);
            None
        }
    }
}

/// Runs toward `limit` one unit of work at a time, as [`Simulation::advance`] would
/// (every timer up to `limit` fires, then the clock stops at `limit`), but stops
/// after `max_steps` units or as soon as `keep_going` says so. Returns the units done
/// and whether `limit` was reached. Given the same `max_steps`, it always stops at
/// the same point, which is what makes a cut-short run replayable.
pub fn run_toward(
    sim: &mut Simulation,
    limit: SimTime,
    max_steps: u64,
    keep_going: &mut dyn FnMut() -> bool,
) -> (u64, bool) {
    let mut steps = 0u64;
    loop {
        if steps >= max_steps || !keep_going() {
            return (steps, false);
        }
        if sim.step_once() {
            steps += 1;
            continue;
        }
        let now = sim.now();
        match daemonset_sim::view::next_timer_ms(sim) {
            Some(t) if t <= limit.ms() && t > now.ms() => sim.debug_set_now(SimTime(t)),
            _ if now < limit => sim.debug_set_now(limit),
            _ => return (steps, true),
        }
    }
}

/// One unit of work: what is due now, or else jump to the next timer and do the
/// first thing due then. Returns false when nothing at all is left to do.
pub fn step(sim: &mut Simulation) -> bool {
    if sim.step_once() {
        return true;
    }
    match daemonset_sim::view::next_timer_ms(sim) {
        Some(t) if t > sim.now().ms() => {
            // Move the clock only; the first piece of work at that instant runs below.
            sim.debug_set_now(SimTime(t));
            sim.step_once()
        }
        _ => false,
    }
}
