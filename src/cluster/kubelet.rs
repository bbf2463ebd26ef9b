//! The kubelet: pod phases on the simulated clock (§12.2). Bound pods go
//! ContainerCreating → Running → Ready; images that fail to pull stay in
//! ErrImagePull / ImagePullBackOff; crashing images loop in CrashLoopBackOff;
//! deleted pods terminate within their grace period. A node whose kubelet is down
//! does none of this until it recovers.

use crate::clock::{Millis, SimTime};
use crate::model::meta::Timestamp;
use crate::model::pod::{
    phase, Condition, ContainerState, ContainerStatus, StateReason, StateRunning, StateTerminated,
};
use crate::model::Pod;
use crate::sim::queue::{PodStep, Timer};
use crate::sim::Simulation;
use crate::store::Key;

/// First image-pull / crash-loop backoff (10 s), doubling up to [`MAX_BACKOFF_MS`].
pub const INITIAL_BACKOFF_MS: Millis = 10_000;
/// Longest image-pull / crash-loop backoff (5 min).
pub const MAX_BACKOFF_MS: Millis = 300_000;

fn set_condition(p: &mut Pod, type_: &str, status: bool, now: SimTime, reason: &str) {
    let st = if status { "True" } else { "False" };
    match p.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            if c.status != st {
                c.status = st.into();
                c.last_transition_time = Some(Timestamp(now));
            }
            c.reason = reason.into();
        }
        None => p.status.conditions.push(Condition {
            type_: type_.into(),
            status: st.into(),
            last_transition_time: Some(Timestamp(now)),
            reason: reason.into(),
            ..Default::default()
        }),
    }
}

/// Sets Ready and ContainersReady (the node lifecycle controller uses this too).
pub fn set_ready(p: &mut Pod, ready: bool, now: SimTime) {
    let reason = if ready { "" } else { "ContainersNotReady" };
    set_condition(p, "ContainersReady", ready, now, reason);
    set_condition(p, "Ready", ready, now, reason);
    for c in &mut p.status.container_statuses {
        c.ready = ready && c.state.running.is_some();
    }
}

/// Why a pod is not Ready, in kubectl's STATUS words.
pub fn waiting_reason(p: &Pod) -> String {
    if p.spec.node_name.is_empty() {
        return "Pending (unschedulable)".into();
    }
    for c in &p.status.container_statuses {
        if let Some(w) = &c.state.waiting {
            if !w.reason.is_empty() {
                return w.reason.clone();
            }
        }
    }
    if !p.status.reason.is_empty() {
        return p.status.reason.clone();
    }
    p.status.phase.clone()
}

fn containers_waiting(p: &mut Pod, reason: &str, message: &str) {
    let statuses = p
        .spec
        .containers
        .iter()
        .map(|c| {
            let old = p
                .status
                .container_statuses
                .iter()
                .find(|s| s.name == c.name);
            ContainerStatus {
                name: c.name.clone(),
                image: c.image.clone(),
                ready: false,
                restart_count: old.map(|o| o.restart_count).unwrap_or(0),
                started: Some(false),
                state: ContainerState {
                    waiting: Some(StateReason {
                        reason: reason.into(),
                        message: message.into(),
                    }),
                    ..Default::default()
                },
                last_state: old.map(|o| o.last_state.clone()).unwrap_or_default(),
            }
        })
        .collect();
    p.status.container_statuses = statuses;
}

impl Simulation {
    fn arm_pod(&mut self, key: &Key, after: Millis, step: PodStep) {
        let Some(p) = self.store.pod(key) else { return };
        let uid = p.metadata.uid.clone();
        let epoch = self.pod_rt_mut(key).map_or(0, |r| r.epoch);
        self.schedule(
            after,
            Timer::Pod {
                key: key.clone(),
                uid,
                epoch,
                step,
            },
        );
    }

    fn kubelet_up(&self, node: &str) -> bool {
        self.node_rt.get(node).is_some_and(|r| r.kubelet_up)
    }

    fn pod_event(
        &mut self,
        key: &Key,
        type_: &str,
        reason: &str,
        message: String,
        component: &str,
    ) {
        let now = self.now();
        self.store
            .record_pod_event(now, key, type_, reason, &message, component);
    }

    /// The scheduler bound the pod: the kubelet admits it and starts pulling.
    pub(crate) fn kubelet_pod_bound(&mut self, key: &Key) {
        let now = self.now();
        let Some(p) = self.store.pod(key) else { return };
        let node = p.spec.node_name.clone();
        let host_ip = self
            .store
            .node(&node)
            .map(|n| n.internal_ip().to_string())
            .unwrap_or_default();
        // Admission under node pressure (kubelet eviction manager `Admit`).
        let no_conditions = std::collections::BTreeSet::new();
        let conditions = self
            .node_rt
            .get(&node)
            .map_or(&no_conditions, |r| &r.conditions);
        let critical = p.spec.priority.unwrap_or(0) >= 2_000_000_000;
        let best_effort = p.spec.containers.iter().all(|c| {
            c.resources
                .as_ref()
                .is_none_or(|r| r.requests.is_empty() && r.limits.is_empty())
        });
        let rejecting: Vec<&str> = ["DiskPressure", "PIDPressure"]
            .into_iter()
            .filter(|c| conditions.contains(*c))
            .collect();
        let memory_reject = conditions.contains("MemoryPressure") && best_effort;
        if !critical && (!rejecting.is_empty() || memory_reject) {
            let conds = if memory_reject && rejecting.is_empty() {
                vec!["MemoryPressure"]
            } else {
                rejecting
            };
            let msg = format!(
                "Pod was rejected: The node had condition: [{}]. ",
                conds.join(", ")
            );
            self.store.update_pod(key, |p| {
                p.status.phase = phase::FAILED.into();
                p.status.reason = "Evicted".into();
                p.status.message = msg.clone();
                p.status.host_ip = host_ip.clone();
                p.status.start_time = Some(Timestamp(now));
            });
            self.pod_event(
                key,
                "Warning",
                "Evicted",
                msg.trim_end().to_string(),
                "kubelet",
            );
            self.timeline.record(
                now,
                "kubelet",
                format!("{node}: rejected pod {} (node condition)", key.1),
            );
            return;
        }
        self.store.update_pod(key, |p| {
            p.status.host_ip = host_ip.clone();
            p.status.start_time = Some(Timestamp(now));
            set_condition(p, "PodReadyToStartContainers", false, now, "");
            set_condition(p, "Initialized", true, now, "");
            set_ready(p, false, now);
            containers_waiting(p, "ContainerCreating", "");
        });
        if self.kubelet_up(&node) {
            self.kubelet_start_pull(key);
        }
    }

    fn kubelet_start_pull(&mut self, key: &Key) {
        let Some(p) = self.store.pod(key) else { return };
        let node = p.spec.node_name.clone();
        let images: Vec<(String, String)> = p
            .spec
            .containers
            .iter()
            .map(|c| (c.image.clone(), c.image_pull_policy.clone()))
            .collect();
        let cached: Vec<bool> = {
            let on_node = self.node_rt.get(&node).map(|r| &r.images);
            images
                .iter()
                .map(|(img, _)| on_node.is_some_and(|i| i.contains(img)))
                .collect()
        };
        // `Always` pulls even when the node has the image (the registry is asked
        // for the digest); otherwise only a missing image is pulled.
        let pulls: Vec<bool> = images
            .iter()
            .zip(&cached)
            .map(|((_, policy), &cached)| policy == "Always" || !cached)
            .collect();
        let needs_pull = pulls.contains(&true);
        let mask = pulls
            .iter()
            .take(32)
            .enumerate()
            .filter(|(_, &pull)| pull)
            .fold(0u32, |m, (i, _)| m | 1 << i);
        if let Some(rt) = self.pod_rt_mut(key) {
            rt.pulling = mask;
        }
        for ((img, _), pull) in images.iter().zip(pulls) {
            if !pull {
                self.pod_event(
                    key,
                    "Normal",
                    "Pulled",
                    format!("Container image \"{img}\" already present on machine"),
                    "kubelet",
                );
            } else {
                self.pod_event(
                    key,
                    "Normal",
                    "Pulling",
                    format!("Pulling image \"{img}\""),
                    "kubelet",
                );
            }
        }
        let after = if needs_pull {
            self.timings.image_pull
        } else {
            0
        };
        self.arm_pod(key, after, PodStep::ImagePulled);
    }

    /// Deletes a pod gracefully: unbound or terminal pods go at once; running ones
    /// get a deletion timestamp and terminate within their grace period.
    pub(crate) fn delete_pod_graceful(&mut self, key: &Key) {
        let now = self.now();
        let Some(p) = self.store.pod(key) else { return };
        if p.metadata.is_deleting() {
            return;
        }
        if p.spec.node_name.is_empty()
            || p.is_terminal()
            || !self.store.nodes().contains_key(&p.spec.node_name)
                && !self.removed_nodes.contains_key(&p.spec.node_name)
        {
            self.store.remove_pod(key);
            return;
        }
        let grace = p.spec.termination_grace_period_seconds.unwrap_or(30).max(0);
        let node = p.spec.node_name.clone();
        let names: Vec<String> = p.spec.containers.iter().map(|c| c.name.clone()).collect();
        self.store.update_pod(key, |p| {
            p.metadata.deletion_timestamp = Some(Timestamp(now.plus(grace as u64 * 1000)));
            p.metadata.deletion_grace_period_seconds = Some(grace);
            set_ready(p, false, now);
        });
        for n in names {
            self.pod_event(
                key,
                "Normal",
                "Killing",
                format!("Stopping container {n}"),
                "kubelet",
            );
        }
        if self.kubelet_up(&node) {
            let stop = self.timings.termination.min(grace as u64 * 1000);
            self.bump_epoch(key);
            self.arm_pod(key, stop, PodStep::Terminated);
        }
    }

    fn bump_epoch(&mut self, key: &Key) {
        if let Some(rt) = self.pod_rt_mut(key) {
            rt.epoch += 1;
        }
    }

    /// `sim fail-pod`: the kubelet evicts the pod (phase Failed, reason Evicted).
    pub fn fail_pod(&mut self, key: &Key) -> Result<(), String> {
        let Some(p) = self.store.pod(key) else {
            return Err(format!(
                "Error from server (NotFound): pods \"{}\" not found",
                key.1
            ));
        };
        if p.spec.node_name.is_empty() {
            return Err(format!("pod {} is not running on a node yet", key.1));
        }
        let now = self.now();
        let msg =
            "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91Mi. "
                .to_string();
        self.bump_epoch(key);
        self.store.update_pod(key, |p| {
            p.status.phase = phase::FAILED.into();
            p.status.reason = "Evicted".into();
            p.status.message = msg.clone();
            set_ready(p, false, now);
            for c in &mut p.status.container_statuses {
                c.state = ContainerState {
                    terminated: Some(StateTerminated {
                        exit_code: 137,
                        reason: "ContainerStatusUnknown".into(),
                        finished_at: Some(Timestamp(now)),
                    }),
                    ..Default::default()
                };
                c.ready = false;
                c.started = Some(false);
            }
        });
        self.pod_event(
            key,
            "Warning",
            "Evicted",
            msg.trim_end().to_string(),
            "kubelet",
        );
        self.timeline.record(
            now,
            "kubelet",
            format!("evicted pod {} (phase Failed)", key.1),
        );
        Ok(())
    }

    /// `sim image-fails IMAGE`: pulls of IMAGE fail from now on.
    pub fn image_fails(&mut self, image: &str) {
        self.failing_images.insert(image.to_string());
        for rt in self.node_rt.values_mut() {
            rt.images.remove(image);
        }
    }

    /// `sim image-crashes IMAGE`: containers from IMAGE exit right after starting.
    pub fn image_crashes(&mut self, image: &str) {
        self.crashing_images.insert(image.to_string());
    }

    /// A kubelet timer fired.
    pub(crate) fn kubelet_step(&mut self, key: Key, uid: &str, epoch: u64, step: PodStep) {
        let now = self.now();
        let Some(current) = self.store.pod(&key) else {
            return;
        };
        let stale = current.metadata.uid != uid
            || self.pod_rt(&key).map_or(0, |r| r.epoch) != epoch
            || !self.kubelet_up(&current.spec.node_name)
            || step != PodStep::Terminated
                && (current.metadata.is_deleting() || current.is_terminal());
        if stale {
            return;
        }
        // A copy of what the steps below read (not the whole pod: labels, affinity
        // and conditions would be copied and dropped 150,000 times in a big settle).
        let mut p = Pod::default();
        p.metadata.name.clone_from(&current.metadata.name);
        p.metadata.namespace.clone_from(&current.metadata.namespace);
        p.metadata.uid.clone_from(&current.metadata.uid);
        p.metadata
            .finalizers
            .clone_from(&current.metadata.finalizers);
        p.spec.containers.clone_from(&current.spec.containers);
        p.status
            .container_statuses
            .clone_from(&current.status.container_statuses);
        p.status.pod_ip.clone_from(&current.status.pod_ip);
        let node = current.spec.node_name.clone();
        match step {
            PodStep::ImagePulled | PodStep::RetryPull => {
                let failing: Vec<String> = p
                    .spec
                    .containers
                    .iter()
                    .map(|c| c.image.clone())
                    .filter(|i| self.failing_images.contains(i))
                    .collect();
                if let Some(img) = failing.first() {
                    let in_backoff = p.status.container_statuses.iter().any(|c| {
                        c.state
                            .waiting
                            .as_ref()
                            .is_some_and(|w| w.reason == "ImagePullBackOff")
                    });
                    let rt = self
                        .pod_rt_mut(&key)
                        .expect("kubelet_step checked the pod exists");
                    if step == PodStep::RetryPull && !in_backoff {
                        // Between attempts the kubelet shows ImagePullBackOff.
                        let msg = format!("Back-off pulling image \"{img}\"");
                        let wait = rt.backoff;
                        self.store
                            .update_pod(&key, |p| containers_waiting(p, "ImagePullBackOff", &msg));
                        self.pod_event(&key, "Normal", "BackOff", msg, "kubelet");
                        self.arm_pod(&key, wait, PodStep::RetryPull);
                        return;
                    }
                    rt.backoff = if rt.backoff == 0 {
                        INITIAL_BACKOFF_MS
                    } else {
                        (rt.backoff * 2).min(MAX_BACKOFF_MS)
                    };
                    let msg = format!("failed to pull and unpack image \"{img}\": failed to resolve reference \"{img}\": not found");
                    self.store
                        .update_pod(&key, |p| containers_waiting(p, "ErrImagePull", &msg));
                    self.pod_event(
                        &key,
                        "Warning",
                        "Failed",
                        format!("Failed to pull image \"{img}\": {msg}"),
                        "kubelet",
                    );
                    self.pod_event(
                        &key,
                        "Warning",
                        "Failed",
                        "Error: ErrImagePull".into(),
                        "kubelet",
                    );
                    if step == PodStep::ImagePulled {
                        self.timeline.record(
                            now,
                            "kubelet",
                            format!("{node}: pod {} cannot pull {img} (ErrImagePull)", key.1),
                        );
                    }
                    self.arm_pod(&key, 1_000, PodStep::RetryPull);
                    return;
                }
                let images: Vec<String> =
                    p.spec.containers.iter().map(|c| c.image.clone()).collect();
                let pulled = self.pod_rt(&key).map_or(0, |r| r.pulling);
                let took = crate::clock::go_duration(self.timings.image_pull);
                for (i, img) in images.iter().enumerate().take(32) {
                    if pulled & (1 << i) != 0 {
                        self.pod_event(
                            &key,
                            "Normal",
                            "Pulled",
                            format!(
                                "Successfully pulled image \"{img}\" in {took} ({took} including waiting). Image size: {} bytes.",
                                simulated_image_size(img)
                            ),
                            "kubelet",
                        );
                    }
                }
                if let Some(rt) = self.node_rt.get_mut(&node) {
                    for img in &images {
                        if !rt.images.contains(img) {
                            rt.images.insert(img.clone());
                        }
                    }
                }
                let names: Vec<String> = p.spec.containers.iter().map(|c| c.name.clone()).collect();
                for n in &names {
                    self.pod_event(
                        &key,
                        "Normal",
                        "Created",
                        format!("Created container: {n}"),
                        "kubelet",
                    );
                }
                let after = self.timings.container_start;
                self.arm_pod(&key, after, PodStep::Started);
            }
            PodStep::Started | PodStep::Restart => {
                let crashing = p
                    .spec
                    .containers
                    .iter()
                    .any(|c| self.crashing_images.contains(&c.image));
                let ip = self.allocate_pod_ip(&node, &p.status.pod_ip);
                let names: Vec<String> = p.spec.containers.iter().map(|c| c.name.clone()).collect();
                self.store.update_pod(&key, |p| {
                    p.status.phase = phase::RUNNING.into();
                    p.status.pod_ip = ip.clone();
                    set_condition(p, "PodReadyToStartContainers", true, now, "");
                    for (c, spec) in p
                        .status
                        .container_statuses
                        .iter_mut()
                        .zip(p.spec.containers.iter())
                    {
                        c.state = ContainerState {
                            running: Some(StateRunning {
                                started_at: Some(Timestamp(now)),
                            }),
                            ..Default::default()
                        };
                        c.started = Some(true);
                        c.image = spec.image.clone();
                    }
                    set_ready(p, !crashing, now);
                });
                for n in &names {
                    self.pod_event(
                        &key,
                        "Normal",
                        "Started",
                        format!("Started container {n}"),
                        "kubelet",
                    );
                }
                if crashing {
                    let after = self.timings.crash_after;
                    self.arm_pod(&key, after, PodStep::Crash);
                } else {
                    self.timeline.record(
                        now,
                        "kubelet",
                        format!("{node}: pod {} Running and Ready", key.1),
                    );
                }
            }
            PodStep::Crash => {
                let rt = self
                    .pod_rt_mut(&key)
                    .expect("kubelet_step checked the pod exists");
                rt.backoff = if rt.backoff == 0 {
                    INITIAL_BACKOFF_MS
                } else {
                    (rt.backoff * 2).min(MAX_BACKOFF_MS)
                };
                let wait = rt.backoff;
                let first = p
                    .status
                    .container_statuses
                    .first()
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                let pod_name = format!(
                    "{}_{}({})",
                    p.metadata.name, p.metadata.namespace, p.metadata.uid
                );
                self.store.update_pod(&key, |p| {
                    for c in &mut p.status.container_statuses {
                        c.last_state = ContainerState {
                            terminated: Some(StateTerminated {
                                exit_code: 1,
                                reason: "Error".into(),
                                finished_at: Some(Timestamp(now)),
                            }),
                            ..Default::default()
                        };
                        c.restart_count += 1;
                        c.started = Some(false);
                        c.state = ContainerState {
                            waiting: Some(StateReason {
                                reason: "CrashLoopBackOff".into(),
                                message: format!(
                                    "back-off {}s restarting failed container={} pod={}",
                                    wait / 1000,
                                    c.name,
                                    pod_name
                                ),
                            }),
                            ..Default::default()
                        };
                    }
                    set_ready(p, false, now);
                });
                self.pod_event(
                    &key,
                    "Warning",
                    "BackOff",
                    format!("Back-off restarting failed container {first} in pod {pod_name}"),
                    "kubelet",
                );
                self.arm_pod(&key, wait, PodStep::Restart);
            }
            PodStep::Terminated if !p.metadata.finalizers.is_empty() => {
                // Containers stopped, but finalizers hold the object until someone
                // removes them: it stays Terminating.
                self.store.update_pod(&key, |p| {
                    p.status.phase = phase::SUCCEEDED.into();
                    for c in &mut p.status.container_statuses {
                        c.state = ContainerState {
                            terminated: Some(StateTerminated {
                                exit_code: 0,
                                reason: "Completed".into(),
                                finished_at: Some(Timestamp(now)),
                            }),
                            ..Default::default()
                        };
                        c.ready = false;
                        c.started = Some(false);
                    }
                });
                self.timeline.record(
                    now,
                    "kubelet",
                    format!(
                        "{node}: pod {} stopped; its finalizers keep the object",
                        key.1
                    ),
                );
            }
            PodStep::Terminated => {
                self.store.remove_pod(&key);
                self.timeline.record(
                    now,
                    "kubelet",
                    format!("{node}: pod {} terminated and removed", key.1),
                );
            }
        }
    }

    fn allocate_pod_ip(&mut self, node: &str, current: &str) -> String {
        if !current.is_empty() {
            return current.to_string();
        }
        let Some(rt) = self.node_rt.get_mut(node) else {
            return String::new();
        };
        rt.next_ip += 1;
        format!("10.244.{}.{}", rt.index, (rt.next_ip % 250) + 2)
    }

    /// A recovered kubelet picks up where it left off: terminating pods finish,
    /// pods not yet started start, running pods report Ready again.
    pub(crate) fn kubelet_resync_node(&mut self, node: &str) {
        let now = self.now();
        let keys: Vec<Key> = self.store.pods_on_node(node).cloned().collect();
        for key in keys {
            let Some(p) = self.store.pod(&key).cloned() else {
                continue;
            };
            if p.spec.node_name != node || p.is_terminal() {
                continue;
            }
            self.bump_epoch(&key);
            if p.metadata.is_deleting() {
                let grace = p
                    .metadata
                    .deletion_grace_period_seconds
                    .unwrap_or(30)
                    .max(0) as u64
                    * 1000;
                let stop = self.timings.termination.min(grace);
                self.arm_pod(&key, stop, PodStep::Terminated);
            } else if p.status.phase == phase::RUNNING {
                let crashing = p
                    .spec
                    .containers
                    .iter()
                    .any(|c| self.crashing_images.contains(&c.image));
                if crashing {
                    let after = self.timings.crash_after;
                    self.arm_pod(&key, after, PodStep::Crash);
                } else {
                    self.store.update_pod(&key, |p| set_ready(p, true, now));
                }
            } else {
                self.kubelet_start_pull(&key);
            }
        }
    }
}

/// The size the kubelet reports for a pulled image. There is no registry here, so it
/// is made up — but stably: the same image always "weighs" the same, between 10 and
/// 200 MB, as typical agent images do.
fn simulated_image_size(image: &str) -> u64 {
    let hash = image.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    10_000_000 + hash % 190_000_000
}
