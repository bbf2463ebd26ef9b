//! The command language: kubectl and `sim` verbs, parsed as a shell would split
//! them, executed against a [`crate::sim::Simulation`], answered with the text a
//! terminal would show.

pub mod print;
pub mod request;

/// The result of one command line.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ExecResult {
    /// False where kubectl would exit non-zero.
    pub ok: bool,
    /// Everything printed (stdout and stderr, in order).
    pub output: String,
}
