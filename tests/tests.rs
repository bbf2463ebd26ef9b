//! The engine's integration tests, in one binary so they link once.

/// Real DaemonSet manifests from well-known projects apply as on a real cluster.
mod corpus;
/// The scenario suite in `tests/scenarios/`, run through the CLI's runner.
mod scenarios;
/// Random operation sequences checked against the controller's invariants.
mod properties;
/// kubectl output formats.
mod kubectl_output;
