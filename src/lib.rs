//! daemonset-sim: a teaching simulator of the Kubernetes DaemonSet controller.
//!
//! This crate is the engine: pure and deterministic. It never reads a wall clock, an
//! OS random source, files or the network; the native CLI (`crates/cli`) and the
//! WebAssembly bindings (`crates/wasm`) are thin front ends over it.
//!
//! # Layout
//! - [`model`]: Kubernetes-shaped objects (Node, Pod, DaemonSet, ControllerRevision…).
//! - [`store`]: the in-memory API server.
//! - [`controller`]: the DaemonSet controller (placement, manage, rolling update,
//!   history, status), a pure function of a store snapshot.
//! - [`cluster`]: the neighbours: scheduler, kubelet, node lifecycle, pod GC.
//! - [`sim`]: the simulation: clock, timers, and the loop that runs everything.
//! - [`manifest`]: YAML in, with defaulting and validation as the API server does them.
//! - [`kubectl`]: the command language (kubectl and `sim` verbs) and its output.
//! - [`scenario`]: the scenario format and its runner.
//! - [`view`]: the small, serializable snapshots the page draws.

pub mod clock;
pub mod cluster;
pub mod controller;
pub mod kubectl;
pub mod manifest;
pub mod model;
pub mod rng;
pub mod scenario;
pub mod sim;
pub(crate) mod sort;
pub mod store;
pub mod view;
pub mod workload;
