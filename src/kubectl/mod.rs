//! The command language: kubectl and `sim` verbs, parsed as a shell would split
//! them, executed against a [`crate::sim::Simulation`], answered with the text a
//! terminal would show.
//!
//! # Layout
//! - [`parse`]: syntax only (words, flags, resource names) → [`parse::Command`].
//! - [`exec`]: [`exec()`], the one entry point for the CLI, the page and scenarios.
//! - `apply`, `delete`, `edit`, `patch`, `rollout`: the verbs, one concern each.
//! - [`print`]: `get` and `describe` output.
//! - [`request`]: the requests shared by the parser and the printers.

mod apply;
mod delete;
mod edit;
pub mod exec;
pub mod parse;
mod patch;
pub mod print;
pub mod request;
mod rollout;
mod rollout_deploy;
mod scale;

pub use exec::exec;
pub use patch::{json_patch, merge_patch, strategic_merge};
pub use rollout::status_message;

/// The result of one command line.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ExecResult {
    /// False where kubectl would exit non-zero.
    pub ok: bool,
    /// Everything printed (stdout and stderr, in order).
    pub output: String,
}
