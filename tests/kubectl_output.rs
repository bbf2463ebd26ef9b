//! kubectl output formats, byte for byte. Every expected string below is derived by
//! hand from kubectl's source (column definitions in `printers.go`, the layouts in
//! `describe.go`, Go's `text/tabwriter` with kubectl's settings: `get` pads columns to
//! the widest cell + 3 with a minimum of 6, `describe` to the widest cell + 2, each
//! run of lines that share a column aligned on its own), never copied from our output.

use daemonset_sim::clock::SimTime;
use daemonset_sim::kubectl::print::{self, describe, get, pod_ready_column, pod_status_reason};
use daemonset_sim::kubectl::request::{
    FieldRequirement, GetRequest, OutputFormat, ResourceType, Scope,
};
use daemonset_sim::model::meta::Timestamp;
use daemonset_sim::model::node::{NodeAddress, NodeInfo};
use daemonset_sim::model::pod::{
    Condition, Container, ContainerPort, ContainerState, ContainerStatus, StateReason,
    StateRunning, StateTerminated,
};
use daemonset_sim::model::revision::InvolvedObject;
use daemonset_sim::model::{
    ControllerRevision, DaemonSet, LabelSelector, Node, ObjectMeta, OwnerReference, Pod, Selector,
    Taint, Toleration,
};
use daemonset_sim::store::Store;
use std::collections::BTreeMap;

const NOW: SimTime = SimTime(300_000);

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn ts(ms: u64) -> Option<Timestamp> {
    Some(Timestamp(SimTime(ms)))
}

fn cond(t: &str, s: &str) -> Condition {
    Condition {
        type_: t.into(),
        status: s.into(),
        ..Default::default()
    }
}

fn node(name: &str, ip: &str, ready: &str) -> Node {
    let mut n = Node::default();
    n.metadata.name = name.into();
    n.metadata.labels = labels(&[
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ]);
    n.status.conditions = vec![cond("Ready", ready)];
    n.status.addresses = vec![
        NodeAddress {
            type_: "InternalIP".into(),
            address: ip.into(),
        },
        NodeAddress {
            type_: "Hostname".into(),
            address: name.into(),
        },
    ];
    n.status.node_info = Some(NodeInfo {
        architecture: "amd64".into(),
        container_runtime_version: "containerd://1.7.13".into(),
        kernel_version: "6.1.0".into(),
        kubelet_version: "v1.31.0".into(),
        operating_system: "linux".into(),
        os_image: "Debian GNU/Linux 12 (bookworm)".into(),
    });
    n.status.capacity = labels(&[("cpu", "2"), ("memory", "4Gi"), ("pods", "110")]);
    n.status.allocatable = n.status.capacity.clone();
    n
}

fn template_container() -> Container {
    Container {
        name: "web".into(),
        image: "nginx:1.25".into(),
        ports: vec![ContainerPort {
            container_port: Some(80),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn daemon_tolerations() -> Vec<Toleration> {
    vec![
        Toleration::exists("node.kubernetes.io/unschedulable", "NoSchedule"),
        Toleration::exists("node.kubernetes.io/not-ready", "NoExecute"),
        Toleration::exists("node.kubernetes.io/unreachable", "NoExecute"),
    ]
}

fn pod(name: &str, node: &str, ds_uid: &str) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    p.metadata.namespace = "default".into();
    p.metadata.labels = labels(&[("app", "web")]);
    p.metadata.owner_references = vec![OwnerReference {
        api_version: "apps/v1".into(),
        kind: "DaemonSet".into(),
        name: "web".into(),
        uid: ds_uid.into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }];
    p.spec.containers = vec![template_container()];
    p.spec.node_name = node.into();
    p.spec.tolerations = daemon_tolerations();
    p
}

/// Two nodes (node-2 cordoned and unreachable), DaemonSet `web` with one running pod
/// that restarted twice and one pod still creating its container, one revision and
/// two events.
fn cluster() -> Store {
    let mut s = Store::new();
    let mut n1 = node("node-1", "10.0.0.1", "True");
    n1.metadata.labels.insert(
        "node-role.kubernetes.io/control-plane".into(),
        String::new(),
    );
    s.put_node(n1, SimTime(0));
    let mut n2 = node("node-2", "10.0.0.2", "Unknown");
    n2.spec.unschedulable = true;
    n2.spec.taints = vec![
        Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            effect: "NoSchedule".into(),
            ..Default::default()
        },
        Taint {
            key: "node.kubernetes.io/unreachable".into(),
            effect: "NoExecute".into(),
            ..Default::default()
        },
        Taint {
            key: "node.kubernetes.io/unreachable".into(),
            effect: "NoSchedule".into(),
            ..Default::default()
        },
    ];
    s.put_node(n2, SimTime(0));

    let mut ds = DaemonSet::default();
    ds.metadata.name = "web".into();
    ds.metadata.namespace = "default".into();
    ds.metadata.generation = 1;
    ds.metadata.annotations = labels(&[("deprecated.daemonset.template.generation", "1")]);
    ds.spec.selector = Some(LabelSelector {
        match_labels: labels(&[("app", "web")]),
        ..Default::default()
    });
    ds.spec.template.metadata.labels = labels(&[("app", "web")]);
    ds.spec.template.spec.containers = vec![template_container()];
    ds.status.desired_number_scheduled = 2;
    ds.status.current_number_scheduled = 2;
    ds.status.number_ready = 1;
    ds.status.updated_number_scheduled = 2;
    ds.status.number_available = 1;
    ds.status.number_unavailable = 1;
    ds.status.observed_generation = 1;
    let key = s.create_daemonset(ds, SimTime(60_000));
    let ds_uid = s.daemonset(&key).unwrap().metadata.uid.clone();

    let mut rev = ControllerRevision::default();
    rev.metadata.name = "web-6d4cf56db6".into();
    rev.metadata.namespace = "default".into();
    rev.metadata.owner_references = pod("x", "", &ds_uid).metadata.owner_references;
    rev.revision = 1;
    rev.data = serde_json::json!({"spec": {"template": {"$patch": "replace"}}});
    s.add_revision(rev, SimTime(60_000));

    let mut running = pod("web-abcde", "node-1", &ds_uid);
    running.status.phase = "Running".into();
    running.status.host_ip = "10.0.0.1".into();
    running.status.pod_ip = "10.244.0.5".into();
    running.status.start_time = ts(90_000);
    running.status.conditions = vec![cond("Ready", "True")];
    running.status.container_statuses = vec![ContainerStatus {
        name: "web".into(),
        image: "nginx:1.25".into(),
        ready: true,
        restart_count: 2,
        started: Some(true),
        state: ContainerState {
            running: Some(StateRunning {
                started_at: ts(271_000),
            }),
            ..Default::default()
        },
        last_state: ContainerState {
            terminated: Some(StateTerminated {
                exit_code: 1,
                reason: "Error".into(),
                finished_at: ts(270_000),
            }),
            ..Default::default()
        },
    }];
    s.add_pod(running, SimTime(90_000));

    let mut creating = pod("web-fghij", "node-2", &ds_uid);
    creating.status.phase = "Pending".into();
    creating.status.host_ip = "10.0.0.2".into();
    creating.status.start_time = ts(120_000);
    creating.status.conditions = vec![
        cond("Initialized", "True"),
        cond("Ready", "False"),
        cond("ContainersReady", "False"),
        cond("PodScheduled", "True"),
    ];
    creating.status.container_statuses = vec![ContainerStatus {
        name: "web".into(),
        image: "nginx:1.25".into(),
        state: ContainerState {
            waiting: Some(StateReason {
                reason: "ContainerCreating".into(),
                message: String::new(),
            }),
            ..Default::default()
        },
        ..Default::default()
    }];
    s.add_pod(creating, SimTime(120_000));

    for (t, pod) in [(60_000, "web-abcde"), (61_000, "web-fghij")] {
        s.record_event(
            SimTime(t),
            InvolvedObject {
                kind: "DaemonSet".into(),
                namespace: "default".into(),
                name: "web".into(),
                uid: ds_uid.clone(),
            },
            "Normal",
            "SuccessfulCreate",
            format!("Created pod: {pod}"),
            "daemonset-controller",
            "",
        );
    }
    s
}

fn req(resources: &[ResourceType]) -> GetRequest {
    GetRequest {
        resources: resources.to_vec(),
        names: vec![],
        scope: Scope::Namespace("default".into()),
        selector: None,
        field_selector: vec![],
        output: OutputFormat::Table,
        show_labels: false,
        with_kind: false,
    }
}

fn run(r: &GetRequest) -> (bool, String) {
    let out = get(&cluster(), NOW, r);
    (out.ok, out.output)
}

#[test]
fn get_daemonsets_prints_the_documented_columns() {
    let (ok, out) = run(&req(&[ResourceType::DaemonSets]));
    assert!(ok);
    assert_eq!(
        out,
        "NAME   DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n\
         web    2         2         1       2            1           <none>          4m\n"
    );
    let mut r = req(&[ResourceType::DaemonSets]);
    r.output = OutputFormat::Wide;
    assert_eq!(
        run(&r).1,
        "NAME   DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS   IMAGES       SELECTOR\n\
         web    2         2         1       2            1           <none>          4m    web          nginx:1.25   app=web\n"
    );
}

#[test]
fn get_pods_wide_shows_status_restarts_and_placement() {
    let mut r = req(&[ResourceType::Pods]);
    r.output = OutputFormat::Wide;
    assert_eq!(
        run(&r).1,
        "NAME        READY   STATUS              RESTARTS      AGE     IP           NODE     NOMINATED NODE   READINESS GATES\n\
         web-abcde   1/1     Running             2 (30s ago)   3m30s   10.244.0.5   node-1   <none>           <none>\n\
         web-fghij   0/1     ContainerCreating   0             3m      <none>       node-2   <none>           <none>\n"
    );
}

#[test]
fn get_nodes_reports_notready_cordoned_and_roles() {
    assert_eq!(
        run(&req(&[ResourceType::Nodes])).1,
        "NAME     STATUS                        ROLES           AGE   VERSION\n\
         node-1   Ready                         control-plane   5m    v1.31.0\n\
         node-2   NotReady,SchedulingDisabled   <none>          5m    v1.31.0\n"
    );
    let mut r = req(&[ResourceType::Nodes]);
    r.output = OutputFormat::Wide;
    assert_eq!(
        run(&r).1,
        "NAME     STATUS                        ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME\n\
         node-1   Ready                         control-plane   5m    v1.31.0   10.0.0.1      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0            containerd://1.7.13\n\
         node-2   NotReady,SchedulingDisabled   <none>          5m    v1.31.0   10.0.0.2      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0            containerd://1.7.13\n"
    );
}

#[test]
fn get_controllerrevisions_names_the_controller_with_its_group() {
    assert_eq!(
        run(&req(&[ResourceType::ControllerRevisions])).1,
        "NAME             CONTROLLER           REVISION   AGE\n\
         web-6d4cf56db6   daemonset.apps/web   1          4m\n"
    );
}

#[test]
fn get_events_and_namespaces() {
    assert_eq!(
        run(&req(&[ResourceType::Events])).1,
        "LAST SEEN   TYPE     REASON             OBJECT          MESSAGE\n\
         4m          Normal   SuccessfulCreate   daemonset/web   Created pod: web-abcde\n\
         3m59s       Normal   SuccessfulCreate   daemonset/web   Created pod: web-fghij\n"
    );
    assert_eq!(
        run(&req(&[ResourceType::Namespaces])).1,
        "NAME              STATUS   AGE\n\
         default           Active   5m\n\
         kube-node-lease   Active   5m\n\
         kube-public       Active   5m\n\
         kube-system       Active   5m\n"
    );
}

#[test]
fn several_types_print_kind_prefixed_tables_separated_by_a_blank_line() {
    assert_eq!(
        run(&req(&[ResourceType::DaemonSets, ResourceType::Pods])).1,
        "NAME                 DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n\
         daemonset.apps/web   2         2         1       2            1           <none>          4m\n\
         \n\
         NAME            READY   STATUS              RESTARTS      AGE\n\
         pod/web-abcde   1/1     Running             2 (30s ago)   3m30s\n\
         pod/web-fghij   0/1     ContainerCreating   0             3m\n"
    );
}

#[test]
fn missing_names_are_reported_after_the_found_ones() {
    let mut r = req(&[ResourceType::DaemonSets]);
    r.names = vec!["web".into(), "nope".into()];
    let (ok, out) = run(&r);
    assert!(!ok);
    assert_eq!(
        out,
        "NAME   DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n\
         web    2         2         1       2            1           <none>          4m\n\
         Error from server (NotFound): daemonsets.apps \"nope\" not found\n"
    );
    r.names = vec!["nope".into()];
    assert_eq!(
        run(&r),
        (
            false,
            "Error from server (NotFound): daemonsets.apps \"nope\" not found\n".into()
        )
    );
}

#[test]
fn empty_results_say_no_resources_found() {
    let mut r = req(&[ResourceType::DaemonSets]);
    r.scope = Scope::Namespace("kube-system".into());
    assert_eq!(
        run(&r),
        (
            true,
            "No resources found in kube-system namespace.\n".into()
        )
    );
    let empty = Store::new();
    assert_eq!(
        get(&empty, NOW, &req(&[ResourceType::Nodes])).output,
        "No resources found\n"
    );
    let mut r = req(&[ResourceType::Pods]);
    r.scope = Scope::All;
    assert_eq!(get(&empty, NOW, &r).output, "No resources found\n");
}

#[test]
fn all_namespaces_selectors_and_labels() {
    let mut r = req(&[ResourceType::Pods]);
    r.scope = Scope::All;
    r.selector = Some(Selector::parse("app=web").unwrap());
    r.field_selector = vec![FieldRequirement {
        field: "spec.nodeName".into(),
        equals: true,
        value: "node-2".into(),
    }];
    r.show_labels = true;
    assert_eq!(
        run(&r).1,
        "NAMESPACE   NAME        READY   STATUS              RESTARTS   AGE   LABELS\n\
         default     web-fghij   0/1     ContainerCreating   0          3m    app=web\n"
    );
    r.field_selector = vec![FieldRequirement {
        field: "status.phase".into(),
        equals: false,
        value: "Running".into(),
    }];
    assert!(run(&r).1.contains("web-fghij") && !run(&r).1.contains("web-abcde"));
}

#[test]
fn unsupported_field_selectors_fail_as_the_api_server_does() {
    let mut r = req(&[ResourceType::Pods]);
    r.field_selector = vec![FieldRequirement {
        field: "foo".into(),
        equals: true,
        value: "bar".into(),
    }];
    assert_eq!(
        run(&r),
        (
            false,
            "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"foo=bar\": field label not supported: foo\n".into()
        )
    );
}

#[test]
fn output_name_json_yaml_and_jsonpath() {
    let mut r = req(&[ResourceType::DaemonSets, ResourceType::Nodes]);
    r.output = OutputFormat::Name;
    assert_eq!(run(&r).1, "daemonset.apps/web\nnode/node-1\nnode/node-2\n");

    let mut r = req(&[ResourceType::DaemonSets]);
    r.scope = Scope::Namespace("kube-system".into());
    r.output = OutputFormat::Json;
    assert_eq!(
        run(&r).1,
        "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
    );
    r.output = OutputFormat::Yaml;
    assert_eq!(
        run(&r).1,
        "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
    );

    let store = cluster();
    let uid = store
        .revisions()
        .values()
        .next()
        .unwrap()
        .metadata
        .uid
        .clone();
    let ds_uid = store
        .daemonsets()
        .values()
        .next()
        .unwrap()
        .metadata
        .uid
        .clone();
    let rv = store
        .revisions()
        .values()
        .next()
        .unwrap()
        .metadata
        .resource_version
        .clone();
    let mut r = req(&[ResourceType::ControllerRevisions]);
    r.names = vec!["web-6d4cf56db6".into()];
    r.output = OutputFormat::Yaml;
    assert_eq!(
        get(&store, NOW, &r).output,
        format!(
            "apiVersion: apps/v1\ndata:\n  spec:\n    template:\n      $patch: replace\nkind: ControllerRevision\nmetadata:\n  creationTimestamp: \"2026-01-01T00:01:00Z\"\n  name: web-6d4cf56db6\n  namespace: default\n  ownerReferences:\n  - apiVersion: apps/v1\n    blockOwnerDeletion: true\n    controller: true\n    kind: DaemonSet\n    name: web\n    uid: {ds_uid}\n  resourceVersion: \"{rv}\"\n  uid: {uid}\nrevision: 1\n"
        )
    );

    let mut r = req(&[ResourceType::Pods]);
    r.output = OutputFormat::JsonPath(
        "{range .items[*]}{.metadata.name}{\"\\t\"}{.spec.nodeName}{\"\\n\"}{end}".into(),
    );
    assert_eq!(run(&r).1, "web-abcde\tnode-1\nweb-fghij\tnode-2\n");
    r.output =
        OutputFormat::JsonPath("{.items[?(@.status.phase==\"Running\")].metadata.name}".into());
    assert_eq!(run(&r).1, "web-abcde\n");
    let mut r = req(&[ResourceType::DaemonSets]);
    r.names = vec!["web".into()];
    r.output =
        OutputFormat::JsonPath("{.status.numberReady}/{.status.desiredNumberScheduled}".into());
    assert_eq!(run(&r).1, "1/2\n");
}

#[test]
fn describe_daemonset_matches_kubectl_layout() {
    let out = describe(&cluster(), NOW, ResourceType::DaemonSets, "default", "web");
    assert!(out.ok);
    assert_eq!(
        out.output,
        "Name:           web\n\
         Namespace:      default\n\
         Selector:       app=web\n\
         Node-Selector:  <none>\n\
         Labels:         <none>\n\
         Annotations:    deprecated.daemonset.template.generation: 1\n\
         Desired Number of Nodes Scheduled: 2\n\
         Current Number of Nodes Scheduled: 2\n\
         Number of Nodes Scheduled with Up-to-date Pods: 2\n\
         Number of Nodes Scheduled with Available Pods: 1\n\
         Number of Nodes Misscheduled: 0\n\
         Pods Status:  1 Running / 1 Waiting / 0 Succeeded / 0 Failed\n\
         Pod Template:\n  \
           Labels:  app=web\n  \
           Containers:\n   \
            web:\n    \
             Image:         nginx:1.25\n    \
             Port:          80/TCP\n    \
             Host Port:     0/TCP\n    \
             Environment:   <none>\n    \
             Mounts:        <none>\n  \
           Volumes:         <none>\n  \
           Node-Selectors:  <none>\n  \
           Tolerations:     <none>\n\
         Events:\n  \
           Type    Reason            Age    From                  Message\n  \
           ----    ------            ----   ----                  -------\n  \
           Normal  SuccessfulCreate  4m     daemonset-controller  Created pod: web-abcde\n  \
           Normal  SuccessfulCreate  3m59s  daemonset-controller  Created pod: web-fghij\n"
    );
    let missing = describe(&cluster(), NOW, ResourceType::DaemonSets, "default", "nope");
    assert_eq!(
        (missing.ok, missing.output.as_str()),
        (
            false,
            "Error from server (NotFound): daemonsets.apps \"nope\" not found\n"
        )
    );
}

#[test]
fn describe_pod_matches_kubectl_layout() {
    let out = describe(&cluster(), NOW, ResourceType::Pods, "default", "web-fghij");
    assert_eq!(
        out.output,
        "Name:             web-fghij\n\
         Namespace:        default\n\
         Priority:         0\n\
         Service Account:  default\n\
         Node:             node-2/10.0.0.2\n\
         Start Time:       Thu, 01 Jan 2026 00:02:00 +0000\n\
         Labels:           app=web\n\
         Annotations:      <none>\n\
         Status:           Pending\n\
         IP:               \n\
         IPs:              <none>\n\
         Controlled By:    DaemonSet/web\n\
         Containers:\n  \
           web:\n    \
             Container ID:   \n    \
             Image:          nginx:1.25\n    \
             Image ID:       \n    \
             Port:           80/TCP\n    \
             Host Port:      0/TCP\n    \
             State:          Waiting\n      \
               Reason:       ContainerCreating\n    \
             Ready:          False\n    \
             Restart Count:  0\n    \
             Environment:    <none>\n    \
             Mounts:         <none>\n\
         Conditions:\n  \
           Type              Status\n  \
           Initialized       True \n  \
           Ready             False \n  \
           ContainersReady   False \n  \
           PodScheduled      True \n\
         Volumes:            <none>\n\
         QoS Class:          BestEffort\n\
         Node-Selectors:     <none>\n\
         Tolerations:        node.kubernetes.io/not-ready:NoExecute op=Exists\n                    \
                             node.kubernetes.io/unreachable:NoExecute op=Exists\n                    \
                             node.kubernetes.io/unschedulable:NoSchedule op=Exists\n\
         Events:             <none>\n"
    );
    // The running pod: IPs block and the restart history.
    let out = describe(&cluster(), NOW, ResourceType::Pods, "default", "web-abcde").output;
    assert!(
        out.contains("IPs:\n  IP:           10.244.0.5\nControlled By:  DaemonSet/web\n"),
        "{out}"
    );
    assert!(out.contains(
        "    State:          Running\n      Started:      Thu, 01 Jan 2026 00:04:31 +0000\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n"
    ), "{out}");
    assert!(
        out.contains("    Ready:          True\n    Restart Count:  2\n"),
        "{out}"
    );
}

#[test]
fn describe_node_matches_kubectl_layout() {
    let out = describe(&cluster(), NOW, ResourceType::Nodes, "default", "node-2").output;
    let head = "Name:               node-2\n\
                Roles:              <none>\n\
                Labels:             kubernetes.io/hostname=node-2\n                    \
                                    kubernetes.io/os=linux\n\
                Annotations:        <none>\n\
                CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000\n\
                Taints:             node.kubernetes.io/unreachable:NoExecute\n                    \
                                    node.kubernetes.io/unreachable:NoSchedule\n                    \
                                    node.kubernetes.io/unschedulable:NoSchedule\n\
                Unschedulable:      true\n\
                Lease:\n";
    assert!(out.starts_with(head), "{out}");
    assert!(out.contains("Addresses:\n  InternalIP:  10.0.0.2\n  Hostname:    node-2\nCapacity:\n  cpu:     2\n  memory:  4Gi\n  pods:    110\n"), "{out}");
    assert!(out.contains(
        "Non-terminated Pods:          (1 in total)\n  \
           Namespace                   Name         CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n  \
           ---------                   ----         ------------  ----------  ---------------  -------------  ---\n  \
           default                     web-fghij    0 (0%)        0 (0%)      0 (0%)           0 (0%)         3m\n\
         Allocated resources:\n  \
           (Total limits may be over 100 percent, i.e., overcommitted.)\n  \
           Resource           Requests  Limits\n  \
           --------           --------  ------\n  \
           cpu                0 (0%)    0 (0%)\n  \
           memory             0 (0%)    0 (0%)\n  \
           ephemeral-storage  0 (0%)    0 (0%)\n\
         Events:              <none>\n"
    ), "{out}");
    assert!(out.contains(
        "Conditions:\n  Type    Status    LastHeartbeatTime                 LastTransitionTime                Reason  Message\n"
    ), "{out}");
}

#[test]
fn pod_status_logic_follows_printpod() {
    let store = cluster();
    let pods: Vec<&Pod> = store.pods().values().collect();
    assert_eq!(pod_status_reason(pods[0]), "Running");
    assert_eq!(pod_ready_column(pods[0]), "1/1");
    assert_eq!(pod_status_reason(pods[1]), "ContainerCreating");
    let mut p = pods[1].clone();
    p.status.container_statuses[0]
        .state
        .waiting
        .as_mut()
        .unwrap()
        .reason = "ImagePullBackOff".into();
    assert_eq!(pod_status_reason(&p), "ImagePullBackOff");
    p.metadata.deletion_timestamp = ts(300_000);
    assert_eq!(pod_status_reason(&p), "Terminating");
    let mut evicted = pods[0].clone();
    evicted.status.phase = "Failed".into();
    evicted.status.reason = "Evicted".into();
    evicted.status.container_statuses.clear();
    assert_eq!(pod_status_reason(&evicted), "Evicted");
    let mut done = pods[0].clone();
    done.status.container_statuses[0].state = ContainerState {
        terminated: Some(StateTerminated {
            exit_code: 0,
            reason: "Completed".into(),
            finished_at: ts(1),
        }),
        ..Default::default()
    };
    assert_eq!(pod_status_reason(&done), "Completed");
    let mut unset = Pod::default();
    unset.spec.containers = vec![template_container()];
    unset.status.phase = "Pending".into();
    assert_eq!(
        (pod_status_reason(&unset), pod_ready_column(&unset)),
        ("Pending".into(), "0/1".into())
    );
    let _ = ObjectMeta::default();
}

#[test]
fn pod_template_block_for_rollout_history_keeps_kubectls_raw_tabs() {
    let store = cluster();
    let ds = store.daemonsets().values().next().unwrap();
    assert_eq!(
        print::describe_pod_template(&ds.spec.template),
        "Pod Template:\n  Labels:\tapp=web\n  Containers:\n   web:\n    Image:\tnginx:1.25\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n"
    );
}
