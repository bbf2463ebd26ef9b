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

/// The most simulated time one operation read from a link may run: what
/// `sim advance` accepts at once (four settle horizons).
pub const MAX_LINKED_OP_MS: u64 = daemonset_sim::sim::SETTLE_HORIZON * 4;
/// The most units of work one `Run` read from a link may do (a frame on a
/// 1,000-node cluster does a few thousand).
pub const MAX_LINKED_OP_STEPS: u64 = 1_000_000;

impl Op {
    /// The operation as links carry it: `["x", line]`, `["f", name, text]`, `["s"]`,
    /// `["a", ms]`, `["r", limit_ms, steps, finished]`. Short tags keep links short.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Op::Exec(line) => json!(["x", line]),
            Op::PutFile(name, text) => json!(["f", name, text]),
            Op::Step => json!(["s"]),
            Op::Advance(ms) => json!(["a", ms]),
            Op::Run {
                limit_ms,
                steps,
                finished,
            } => json!(["r", limit_ms, steps, u8::from(*finished)]),
        }
    }

    /// Reads [`Op::to_json`]'s form back, refusing anything a page session could
    /// not have recorded, so a hand-made link cannot make the engine run for ever:
    /// at most [`MAX_LINKED_OP_MS`] of simulated time after `now_ms` and
    /// [`MAX_LINKED_OP_STEPS`] units of work per operation.
    pub fn from_json(v: &serde_json::Value, now_ms: u64) -> Result<Op, String> {
        let a = v.as_array().ok_or("an operation is not a list")?;
        let tag = a.first().and_then(|t| t.as_str()).unwrap_or("");
        let text = |i: usize| -> Result<String, String> {
            a.get(i)
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .ok_or_else(|| format!("operation \"{tag}\" needs text in place {i}"))
        };
        let num = |i: usize| -> Result<u64, String> {
            a.get(i)
                .and_then(|x| x.as_u64())
                .ok_or_else(|| format!("operation \"{tag}\" needs a whole number in place {i}"))
        };
        let arity = |n: usize| -> Result<(), String> {
            if a.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "operation \"{tag}\" has {} parts, not {n}",
                    a.len()
                ))
            }
        };
        let too_long = |ms: u64| -> Result<(), String> {
            if ms > MAX_LINKED_OP_MS {
                Err(format!(
                    "an operation runs {} of simulated time (at most {})",
                    daemonset_sim::clock::format_clock(ms),
                    daemonset_sim::clock::format_clock(MAX_LINKED_OP_MS)
                ))
            } else {
                Ok(())
            }
        };
        match tag {
            "x" => arity(2).and(text(1)).map(Op::Exec),
            "f" => {
                arity(3)?;
                Ok(Op::PutFile(text(1)?, text(2)?))
            }
            "s" => arity(1).map(|_| Op::Step),
            "a" => {
                arity(2)?;
                let ms = num(1)?;
                too_long(ms)?;
                Ok(Op::Advance(ms))
            }
            "r" => {
                arity(4)?;
                let (limit_ms, steps) = (num(1)?, num(2)?);
                too_long(limit_ms.saturating_sub(now_ms))?;
                if steps > MAX_LINKED_OP_STEPS {
                    return Err(format!(
                        "an operation does {steps} units of work (at most {MAX_LINKED_OP_STEPS})"
                    ));
                }
                let finished = match num(3)? {
                    0 => false,
                    1 => true,
                    _ => return Err("operation \"r\" ends with 0 or 1".into()),
                };
                Ok(Op::Run {
                    limit_ms,
                    steps,
                    finished,
                })
            }
            other => Err(format!(
                "unknown operation {:?}",
                other.chars().take(20).collect::<String>()
            )),
        }
    }
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

    /// The operations from the start to the current position (what a link carries).
    pub fn applied(&self) -> impl Iterator<Item = &Op> {
        self.entries[..self.pos].iter().map(|e| &e.op)
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
        // Nothing due now: move the clock and do the first unit of work there in
        // the same breath. A clock move on its own, followed by `keep_going` saying
        // stop, would not be counted, and a replay of the recorded step count would
        // stop before it (seeking back then landed at an earlier instant).
        let now = sim.now();
        match daemonset_sim::view::next_timer_ms(sim) {
            Some(t) if t <= limit.ms() && t > now.ms() => sim.debug_set_now(SimTime(t)),
            _ if now < limit => sim.debug_set_now(limit),
            _ => return (steps, true),
        }
        if sim.step_once() {
            steps += 1;
        } else if sim.now() >= limit {
            return (steps, true);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A run stopped by its budget at any point replays, from its recorded step
    /// count, to exactly the same instant and store.
    #[test]
    fn a_budgeted_run_replays_to_the_same_state_wherever_it_stopped() {
        let mut base = Simulation::new(3);
        for n in 1..=3 {
            daemonset_sim::kubectl::exec(&mut base, &format!("sim add-node node-{n}"));
        }
        base.files.insert(
            "ds.yaml".into(),
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n".into(),
        );
        daemonset_sim::kubectl::exec(&mut base, "kubectl apply -f ds.yaml");
        let limit = SimTime(30_000);
        for budget in 0..120 {
            let mut run = base.clone();
            let mut calls = 0;
            let (steps, finished) = run_toward(&mut run, limit, u64::MAX, &mut || {
                calls += 1;
                calls <= budget
            });
            let mut replay = base.clone();
            let max = if finished { u64::MAX } else { steps };
            run_toward(&mut replay, limit, max, &mut || true);
            assert_eq!(replay.now(), run.now(), "budget {budget}");
            assert_eq!(
                daemonset_sim::view::store_version(&replay),
                daemonset_sim::view::store_version(&run),
                "budget {budget}"
            );
        }
    }

    #[test]
    fn operations_survive_the_round_trip_through_json() {
        let ops = [
            Op::Exec("kubectl get ds".into()),
            Op::PutFile("ds.yaml".into(), "a: \"<b>\"\n".into()),
            Op::Step,
            Op::Advance(1500),
            Op::Run {
                limit_ms: 9000,
                steps: 12,
                finished: false,
            },
            Op::Run {
                limit_ms: 9500,
                steps: 3,
                finished: true,
            },
        ];
        for op in ops {
            let back = Op::from_json(&op.to_json(), 0).unwrap();
            assert_eq!(format!("{back:?}"), format!("{op:?}"));
        }
    }

    #[test]
    fn hostile_operations_are_refused_with_a_reason() {
        let bad = [
            (json!("x"), "not a list"),
            (json!([]), "unknown operation"),
            (json!(["q", 1]), "unknown operation"),
            (json!(["x"]), "2"),
            (json!(["x", 5]), "needs text"),
            (json!(["x", "a", "b"]), "3 parts"),
            (json!(["a", -1]), "whole number"),
            (json!(["a", 1.5]), "whole number"),
            (json!(["a", MAX_LINKED_OP_MS + 1]), "at most"),
            (json!(["r", u64::MAX, 1, 1]), "at most"),
            (
                json!(["r", 10, MAX_LINKED_OP_STEPS + 1, 0]),
                "units of work",
            ),
            (json!(["r", 10, 1, 2]), "0 or 1"),
        ];
        for (v, why) in bad {
            let e = Op::from_json(&v, 0).unwrap_err();
            assert!(e.contains(why), "{v}: {e}");
        }
        // A run's limit counts from the simulated time it starts at.
        assert!(Op::from_json(&json!(["r", MAX_LINKED_OP_MS + 5000, 1, 1]), 5000).is_ok());
    }
}
