//! The engine's integration tests, in one binary so they link once.

/// Real DaemonSet manifests from well-known projects apply as on a real cluster.
mod corpus;
/// kubectl output formats.
mod kubectl_output;
/// Random operation sequences checked against the controller's invariants.
mod properties;
/// The scenario suite in `tests/scenarios/`, run through the CLI's runner.
mod scenarios;
