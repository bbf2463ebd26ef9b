//! The ReplicaSet and Deployment controllers (`pkg/controller/replicaset`,
//! `pkg/controller/deployment`): the contrast to the DaemonSet controller. They
//! count replicas and leave *where* pods run to the scheduler.
//!
//! - `replicaset`: `syncReplicaSet` — adopt, create (slow start, burst 500) or delete
//!   (ranked as `ActivePodsWithRanks` ranks them), status.
//! - `deployment`: `syncDeployment` — one ReplicaSet per template hash, rolling
//!   update with maxSurge/maxUnavailable, proportional scaling, Recreate, status and
//!   conditions, history cleanup.
//! - `rank`: the deletion order of pods.

pub mod deployment;
pub mod rank;
pub mod replicaset;

use crate::model::meta::OwnerReference;
use crate::model::{Deployment, ReplicaSet};

/// The controller reference a Deployment puts on its ReplicaSets.
pub fn deployment_owner_ref(d: &Deployment) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        name: d.metadata.name.clone(),
        uid: d.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The controller reference a ReplicaSet puts on its pods.
pub fn replicaset_owner_ref(rs: &ReplicaSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        name: rs.metadata.name.clone(),
        uid: rs.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}
