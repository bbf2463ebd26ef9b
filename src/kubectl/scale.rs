//! `kubectl scale`: Deployments and ReplicaSets through their scale subresource.
//! DaemonSets have none: their size is the number of nodes they select.

use super::exec::{singular, Out};
use super::parse::{self, Resource};
use super::request::ResourceType;
use super::ExecResult;
use crate::sim::Simulation;

/// `kubectl scale TYPE/NAME --replicas=N`.
pub fn scale(sim: &mut Simulation, s: &parse::Scale) -> ExecResult {
    let mut out = Out::new();
    let ns = s.namespace.clone().unwrap_or_else(|| "default".into());
    for (r, name) in &s.targets {
        let key = (ns.clone(), name.clone());
        let n = s.replicas;
        let result = match r {
            Resource::Typed(ResourceType::Deployments) => {
                sim.update_deployment(&key, |d| d.spec.replicas = Some(n))
            }
            Resource::Typed(ResourceType::ReplicaSets) => {
                sim.update_replicaset(&key, |rs| rs.spec.replicas = Some(n))
            }
            _ => Err(
                "Error from server (NotFound): the server could not find the requested resource"
                    .to_string(),
            ),
        };
        match result {
            Ok(_) => out.line(format!("{}/{name} scaled", singular(*r))),
            Err(e) => out.fail(e),
        }
    }
    out.done()
}
