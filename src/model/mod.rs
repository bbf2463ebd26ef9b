//! Kubernetes-shaped value types. Field names follow the API (camelCase in serde),
//! so real manifests deserialize into them and `-o yaml` prints what a cluster would.
//! Fields the simulator does not interpret are kept verbatim in `extra` maps.

pub mod daemonset;
pub mod deployment;
pub mod intstr;
pub mod meta;
pub mod node;
pub mod pod;
pub mod quantity;
pub mod revision;
pub mod selector;
pub mod service;
pub mod taint;

pub use daemonset::{DaemonSet, DaemonSetSpec, DaemonSetStatus, RollingUpdate, UpdateStrategy};
pub use deployment::{Deployment, ReplicaSet};
pub use intstr::IntOrString;
pub use meta::{ObjectMeta, OwnerReference, Timestamp};
pub use node::Node;
pub use pod::{Pod, PodSpec, PodTemplateSpec};
pub use revision::{ControllerRevision, Event, GenericObject};
pub use selector::{LabelSelector, Selector};
pub use taint::{Taint, Toleration};
