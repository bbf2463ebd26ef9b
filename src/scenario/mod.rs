//! The scenario format and its runner: a cluster, some files, command lines, and
//! what must hold at the end. The same format drives the page's lessons, the native
//! CLI (`daemonset-sim run`) and the project's conformance suite.
//!
//! # Layout
//! - [`format`]: the file, field by field (the one definition of the format).
//! - [`load`](load()): YAML → [`Scenario`], with line and column on errors.
//! - [`run`](run()): the steps through [`crate::kubectl::exec`], the transcript, and
//!   the `expect` checks.

pub mod format;
mod load;
mod run;

pub use format::{Expect, NodeSpec, Scenario, TaintSpec, TimingsSpec, DEFAULT_SEED};
pub use load::{load, nearest, ScenarioError};
pub use run::{check, daemonset_key, run, ExpectFailure, RunReport, StepError};
