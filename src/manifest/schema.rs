//! The known fields of DaemonSet, Pod and Node (apps/v1, core/v1), as one data table.
//!
//! The table drives three things: strict field validation (unknown fields, wrong
//! JSON types with the Go type names the API server's decoder prints), and
//! `kubectl explain` (type names and descriptions). Descriptions are the OpenAPI
//! texts for the DaemonSet fields and the main pod fields; rarer structs carry
//! none (explain prints `<no description>` there) and rare volume sources are
//! accepted without looking inside (`T::Any`).

/// A field's type.
#[derive(Clone, Copy)]
pub enum T {
    /// `string`.
    Str,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `bool`.
    Bool,
    /// `intstr.IntOrString`.
    IntOrStr,
    /// `resource.Quantity`.
    Quantity,
    /// `metav1.Time` (a string, or null).
    Time,
    /// A struct.
    Obj(&'static Struct),
    /// `[]T`.
    List(&'static T),
    /// `map[string]T`.
    Map(&'static T),
    /// Anything (free-form, or not checked here).
    Any,
}

/// A struct type.
pub struct Struct {
    /// The Go type name (`DaemonSetSpec`), also explain's type name.
    pub name: &'static str,
    /// The type's own description.
    pub desc: &'static str,
    /// Its fields, in any order (explain sorts them).
    pub fields: &'static [Field],
}

/// One field.
pub struct Field {
    /// JSON name.
    pub name: &'static str,
    /// Type.
    pub ty: T,
    /// OpenAPI description (may be empty).
    pub desc: &'static str,
    /// Whether OpenAPI marks it required (explain's `-required-`).
    pub required: bool,
    /// Enum values explain lists.
    pub enums: &'static [&'static str],
}

impl Struct {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        // Safety of lifetimes: the table is 'static.
        let fields: &'static [Field] = self.fields;
        fields.iter().find(|f| f.name == name)
    }
}

impl T {
    /// The Go type as `encoding/json` names it in "of type …" (`int32`, `[]v1.Container`).
    pub fn go_name(&self) -> String {
        match self {
            T::Str | T::Time => "string".into(),
            T::Int32 => "int32".into(),
            T::Int64 => "int64".into(),
            T::Bool => "bool".into(),
            T::IntOrStr => "intstr.IntOrString".into(),
            T::Quantity => "resource.Quantity".into(),
            T::Obj(s) => format!("v1.{}", s.name),
            T::List(t) => format!("[]{}", t.go_name()),
            T::Map(t) => format!("map[string]{}", t.go_name()),
            T::Any => "interface {}".into(),
        }
    }
    /// kubectl explain's type guess (`string`, `integer`, `[]Container`, `map[string]string`).
    pub fn explain_name(&self) -> String {
        match self {
            T::Str | T::Time => "string".into(),
            T::Int32 | T::Int64 => "integer".into(),
            T::Bool => "boolean".into(),
            T::IntOrStr => "IntOrString".into(),
            T::Quantity => "Quantity".into(),
            T::Obj(s) => s.name.into(),
            T::List(t) => format!("[]{}", t.explain_name()),
            T::Map(t) => format!("map[string]{}", t.explain_name()),
            T::Any => "Object".into(),
        }
    }
}

/// A description as written in the table when the crate embeds explain's texts
/// (feature `explain-text`, on by default: the CLI); otherwise empty, so that the
/// text is not compiled in at all and the page's wasm stays small. The page fetches
/// them instead (`www/explain-descriptions.txt`, see [`super::explain::descriptions_text`]).
const fn text(desc: &'static str) -> &'static str {
    if cfg!(feature = "explain-text") {
        desc
    } else {
        ""
    }
}

const fn f(name: &'static str, ty: T, desc: &'static str) -> Field {
    Field {
        name,
        ty,
        desc: text(desc),
        required: false,
        enums: &[],
    }
}

const fn r(name: &'static str, ty: T, desc: &'static str) -> Field {
    Field {
        name,
        ty,
        desc: text(desc),
        required: true,
        enums: &[],
    }
}

const fn e(name: &'static str, enums: &'static [&'static str], desc: &'static str) -> Field {
    Field {
        name,
        ty: T::Str,
        desc: text(desc),
        required: false,
        enums,
    }
}

// Shared element types.
static STR: T = T::Str;
static INT64: T = T::Int64;
static QTY: T = T::Quantity;
static ANY: T = T::Any;

const API_VERSION_DESC: &str = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND_DESC: &str = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
const METADATA_DESC: &str = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

// ---------------------------------------------------------------- metadata

/// `metav1.ObjectMeta`.
pub static OBJECT_META: Struct = Struct {
    name: "ObjectMeta",
    desc: text("ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create."),
    fields: &[
        f("annotations", T::Map(&STR), "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"),
        f("creationTimestamp", T::Time, "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        f("deletionGracePeriodSeconds", T::Int64, "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."),
        f("deletionTimestamp", T::Time, "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client."),
        f("finalizers", T::List(&STR), "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list."),
        f("generateName", T::Str, "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
        f("generation", T::Int64, "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."),
        f("labels", T::Map(&STR), "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"),
        f("managedFields", T::List(&ANY), "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field."),
        f("name", T::Str, "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
        f("namespace", T::Str, "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"),
        f("ownerReferences", T::List(&OWNER_REF_T), "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."),
        f("resourceVersion", T::Str, "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Populated by the system. Read-only."),
        f("selfLink", T::Str, "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."),
        f("uid", T::Str, "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations. Populated by the system. Read-only."),
    ],
};

static OWNER_REF: Struct = Struct {
    name: "OwnerReference",
    desc: text("OwnerReference contains enough information to let you identify an owning object."),
    fields: &[
        r("apiVersion", T::Str, "API version of the referent."),
        f("blockOwnerDeletion", T::Bool, ""),
        f(
            "controller",
            T::Bool,
            "If true, this reference points to the managing controller.",
        ),
        r("kind", T::Str, "Kind of the referent."),
        r("name", T::Str, "Name of the referent."),
        r("uid", T::Str, "UID of the referent."),
    ],
};
static OWNER_REF_T: T = T::Obj(&OWNER_REF);

/// `metav1.LabelSelector`.
pub static LABEL_SELECTOR: Struct = Struct {
    name: "LabelSelector",
    desc: text("A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects."),
    fields: &[
        f("matchExpressions", T::List(&LSR_T), "matchExpressions is a list of label selector requirements. The requirements are ANDed."),
        f("matchLabels", T::Map(&STR), "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed."),
    ],
};
static LSR: Struct = Struct {
    name: "LabelSelectorRequirement",
    desc: text("A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values."),
    fields: &[
        r("key", T::Str, "key is the label key that the selector applies to."),
        r("operator", T::Str, "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist."),
        f("values", T::List(&STR), "values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch."),
    ],
};
static LSR_T: T = T::Obj(&LSR);

// ---------------------------------------------------------------- DaemonSet

/// `apps/v1.DaemonSet`.
pub static DAEMON_SET: Struct = Struct {
    name: "DaemonSet",
    desc: text("DaemonSet represents the configuration of a daemon set."),
    fields: &[
        f("apiVersion", T::Str, API_VERSION_DESC),
        f("kind", T::Str, KIND_DESC),
        f("metadata", T::Obj(&OBJECT_META), METADATA_DESC),
        f("spec", T::Obj(&DS_SPEC), "The desired behavior of this daemon set. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", T::Obj(&DS_STATUS), "The current status of this daemon set. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

static DS_SPEC: Struct = Struct {
    name: "DaemonSetSpec",
    desc: text("DaemonSetSpec is the specification of a daemon set."),
    fields: &[
        f("minReadySeconds", T::Int32, "The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)."),
        f("revisionHistoryLimit", T::Int32, "The number of old history to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."),
        r("selector", T::Obj(&LABEL_SELECTOR), "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        r("template", T::Obj(&POD_TEMPLATE_SPEC), "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified). The only allowed template.spec.restartPolicy value is \"Always\". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template"),
        f("updateStrategy", T::Obj(&DS_STRATEGY), "An update strategy to replace existing DaemonSet pods with new pods."),
    ],
};

static DS_STRATEGY: Struct = Struct {
    name: "DaemonSetUpdateStrategy",
    desc: text("DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet."),
    fields: &[
        f("rollingUpdate", T::Obj(&DS_ROLLING), "Rolling update config params. Present only if type = \"RollingUpdate\"."),
        e("type", &["OnDelete", "RollingUpdate"], "Type of daemon set update. Can be \"RollingUpdate\" or \"OnDelete\". Default is RollingUpdate.\n\nPossible enum values:\n - `\"OnDelete\"` Replace the old daemons only when it's killed\n - `\"RollingUpdate\"` Replace the old daemons by new ones using rolling update i.e replace them on each node one after the other."),
    ],
};

static DS_ROLLING: Struct = Struct {
    name: "RollingUpdateDaemonSet",
    desc: text("Spec to control the desired behavior of daemon set rolling update."),
    fields: &[
        f("maxSurge", T::IntOrStr, "The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up to a minimum of 1. Default value is 0. Example: when this is set to 30%, at most 30% of the total number of nodes that should be running the daemon pod (i.e. status.desiredNumberScheduled) can have their a new pod created before the old pod is marked as deleted. The update starts by launching new pods on 30% of nodes. Once an updated pod is available (Ready for at least minReadySeconds) the old DaemonSet pod on that node is marked deleted. If the old pod becomes unavailable for any reason (Ready transitions to false, is evicted, or is drained) an updated pod is immediatedly created on that node without considering surge limits. Allowing surge implies the possibility that the resources consumed by the daemonset on any given node can double if the readiness check fails, and so resource intensive daemonsets should take into account that they may cause evictions during disruption."),
        f("maxUnavailable", T::IntOrStr, "The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Absolute number is calculated from percentage by rounding up. This cannot be 0 if MaxSurge is 0 Default value is 1. Example: when this is set to 30%, at most 30% of the total number of nodes that should be running the daemon pod (i.e. status.desiredNumberScheduled) can have their pods stopped for an update at any given time. The update starts by stopping at most 30% of those DaemonSet pods and then brings up new DaemonSet pods in their place. Once the new pods are available, it then proceeds onto other DaemonSet pods, thus ensuring that at least 70% of original number of DaemonSet pods are available at all times during the update."),
    ],
};

static DS_STATUS: Struct = Struct {
    name: "DaemonSetStatus",
    desc: text("DaemonSetStatus represents the current status of a daemon set."),
    fields: &[
        f("collisionCount", T::Int32, "Count of hash collisions for the DaemonSet. The DaemonSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision."),
        f("conditions", T::List(&ANY), "Represents the latest available observations of a DaemonSet's current state."),
        r("currentNumberScheduled", T::Int32, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        r("desiredNumberScheduled", T::Int32, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        f("numberAvailable", T::Int32, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        r("numberMisscheduled", T::Int32, "The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        r("numberReady", T::Int32, "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
        f("numberUnavailable", T::Int32, "The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        f("observedGeneration", T::Int64, "The most recent generation observed by the daemon set controller."),
        f("updatedNumberScheduled", T::Int32, "The total number of nodes that are running updated daemon pod"),
    ],
};

// ---------------------------------------------------------------- Deployment, ReplicaSet

/// `apps/v1.Deployment`.
pub static DEPLOYMENT: Struct = Struct {
    name: "Deployment",
    desc: text("Deployment enables declarative updates for Pods and ReplicaSets."),
    fields: &[
        f("apiVersion", T::Str, API_VERSION_DESC),
        f("kind", T::Str, KIND_DESC),
        f("metadata", T::Obj(&OBJECT_META), METADATA_DESC),
        f(
            "spec",
            T::Obj(&DEPLOY_SPEC),
            "Specification of the desired behavior of the Deployment.",
        ),
        f(
            "status",
            T::Any,
            "Most recently observed status of the Deployment.",
        ),
    ],
};

static DEPLOY_SPEC: Struct = Struct {
    name: "DeploymentSpec",
    desc: text("DeploymentSpec is the specification of the desired behavior of the Deployment."),
    fields: &[
        f("minReadySeconds", T::Int32, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)"),
        f("paused", T::Bool, "Indicates that the deployment is paused."),
        f("progressDeadlineSeconds", T::Int32, "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s."),
        f("replicas", T::Int32, "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
        f("revisionHistoryLimit", T::Int32, "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."),
        r("selector", T::Obj(&LABEL_SELECTOR), "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."),
        f("strategy", T::Obj(&DEPLOY_STRATEGY), "The deployment strategy to use to replace existing pods with new ones."),
        r("template", T::Obj(&POD_TEMPLATE_SPEC), "Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is \"Always\"."),
    ],
};

static DEPLOY_STRATEGY: Struct = Struct {
    name: "DeploymentStrategy",
    desc: text("DeploymentStrategy describes how to replace existing pods with new ones."),
    fields: &[
        f("rollingUpdate", T::Obj(&DEPLOY_ROLLING), "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate."),
        e("type", &["Recreate", "RollingUpdate"], "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.\n\nPossible enum values:\n - `\"Recreate\"` Kill all existing pods before creating new ones.\n - `\"RollingUpdate\"` Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one."),
    ],
};

static DEPLOY_ROLLING: Struct = Struct {
    name: "RollingUpdateDeployment",
    desc: text("Spec to control the desired behavior of rolling update."),
    fields: &[
        f("maxSurge", T::IntOrStr, "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%."),
        f("maxUnavailable", T::IntOrStr, "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%."),
    ],
};

/// `apps/v1.ReplicaSet`.
pub static REPLICA_SET: Struct = Struct {
    name: "ReplicaSet",
    desc: text(
        "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    ),
    fields: &[
        f("apiVersion", T::Str, API_VERSION_DESC),
        f("kind", T::Str, KIND_DESC),
        f("metadata", T::Obj(&OBJECT_META), METADATA_DESC),
        f(
            "spec",
            T::Obj(&RS_SPEC),
            "Spec defines the specification of the desired behavior of the ReplicaSet.",
        ),
        f(
            "status",
            T::Any,
            "Status is the most recently observed status of the ReplicaSet.",
        ),
    ],
};

static RS_SPEC: Struct = Struct {
    name: "ReplicaSetSpec",
    desc: text("ReplicaSetSpec is the specification of a ReplicaSet."),
    fields: &[
        f("minReadySeconds", T::Int32, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)"),
        f("replicas", T::Int32, "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1."),
        r("selector", T::Obj(&LABEL_SELECTOR), "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels."),
        f("template", T::Obj(&POD_TEMPLATE_SPEC), "Template is the object that describes the pod that will be created if insufficient replicas are detected."),
    ],
};

/// `v1.PodTemplateSpec`.
pub static POD_TEMPLATE_SPEC: Struct = Struct {
    name: "PodTemplateSpec",
    desc: text("PodTemplateSpec describes the data a pod should have when created from a template"),
    fields: &[
        f("metadata", T::Obj(&OBJECT_META), METADATA_DESC),
        f("spec", T::Obj(&POD_SPEC), "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

// ---------------------------------------------------------------- Pod

/// `v1.Pod`.
pub static POD: Struct = Struct {
    name: "Pod",
    desc: text("Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts."),
    fields: &[
        f("apiVersion", T::Str, API_VERSION_DESC),
        f("kind", T::Str, KIND_DESC),
        f("metadata", T::Obj(&OBJECT_META), METADATA_DESC),
        f("spec", T::Obj(&POD_SPEC), "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", T::Any, "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};

/// `v1.PodSpec`.
pub static POD_SPEC: Struct = Struct {
    name: "PodSpec",
    desc: text("PodSpec is a description of a pod."),
    fields: &[
        f("activeDeadlineSeconds", T::Int64, "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer."),
        f("affinity", T::Obj(&AFFINITY), "If specified, the pod's scheduling constraints"),
        f("automountServiceAccountToken", T::Bool, "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted."),
        r("containers", T::List(&CONTAINER_T), "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated."),
        f("dnsConfig", T::Obj(&POD_DNS_CONFIG), "Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy."),
        e("dnsPolicy", &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"], "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to 'ClusterFirstWithHostNet'.\n\nPossible enum values:\n - `\"ClusterFirst\"` indicates that the pod should use cluster DNS first unless hostNetwork is true, if it is available, then fall back on the default (as determined by kubelet) DNS settings.\n - `\"ClusterFirstWithHostNet\"` indicates that the pod should use cluster DNS first, if it is available, then fall back on the default (as determined by kubelet) DNS settings.\n - `\"Default\"` indicates that the pod should use the default (as determined by kubelet) DNS settings.\n - `\"None\"` indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig."),
        f("enableServiceLinks", T::Bool, "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true."),
        f("ephemeralContainers", T::List(&ANY), "List of ephemeral containers run in this pod. Ephemeral containers may be run in an existing pod to perform user-initiated actions such as debugging. This list cannot be specified when creating a pod, and it cannot be modified by updating the pod spec."),
        f("hostAliases", T::List(&HOST_ALIAS_T), "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified."),
        f("hostIPC", T::Bool, "Use the host's ipc namespace. Optional: Default to false."),
        f("hostNetwork", T::Bool, "Host networking requested for this pod. Use the host's network namespace. When using HostNetwork you should specify ports so the scheduler is aware. When `hostNetwork` is true, specified `hostPort` fields in port definitions must match `containerPort`, and unspecified `hostPort` fields in port definitions are defaulted to match `containerPort`. Default to false."),
        f("hostPID", T::Bool, "Use the host's pid namespace. Optional: Default to false."),
        f("hostUsers", T::Bool, "Use the host's user namespace. Optional: Default to true."),
        f("hostname", T::Str, "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value."),
        f("hostnameOverride", T::Str, "HostnameOverride specifies an explicit override for the pod's hostname as perceived by the pod."),
        f("imagePullSecrets", T::List(&LOCAL_REF_T), "ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec. More info: https://kubernetes.io/docs/concepts/containers/images#specifying-imagepullsecrets-on-a-pod"),
        f("initContainers", T::List(&CONTAINER_T), "List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/"),
        f("nodeName", T::Str, "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
        f("nodeSelector", T::Map(&STR), "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
        f("os", T::Obj(&POD_OS), "Specifies the OS of the containers in the pod."),
        f("overhead", T::Map(&QTY), "Overhead represents the resource overhead associated with running a pod for a given RuntimeClass."),
        e("preemptionPolicy", &["Never", "PreemptLowerPriority"], "PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."),
        f("priority", T::Int32, "The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority."),
        f("priorityClassName", T::Str, "If specified, indicates the pod's priority. \"system-node-critical\" and \"system-cluster-critical\" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default."),
        f("readinessGates", T::List(&READINESS_GATE_T), "If specified, all readiness gates will be evaluated for pod readiness."),
        f("resourceClaims", T::List(&ANY), "ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start."),
        f("resources", T::Obj(&RESOURCES), "Resources is the total amount of CPU and Memory resources required by all containers in the pod."),
        e("restartPolicy", &["Always", "Never", "OnFailure"], "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n\nPossible enum values:\n - `\"Always\"`\n - `\"Never\"`\n - `\"OnFailure\"`"),
        f("runtimeClassName", T::Str, "RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod."),
        f("schedulerName", T::Str, "If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler."),
        f("schedulingGates", T::List(&SCHED_GATE_T), "SchedulingGates is an opaque list of values that if specified will block scheduling the pod."),
        f("securityContext", T::Obj(&POD_SECURITY_CONTEXT), "SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.  See type description for default values of each field."),
        f("serviceAccount", T::Str, "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead."),
        f("serviceAccountName", T::Str, "ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"),
        f("setHostnameAsFQDN", T::Bool, "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default)."),
        f("shareProcessNamespace", T::Bool, "Share a single process namespace between all of the containers in a pod."),
        f("subdomain", T::Str, "If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\"."),
        f("terminationGracePeriodSeconds", T::Int64, "Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). If this value is nil, the default grace period will be used instead. Defaults to 30 seconds."),
        f("tolerations", T::List(&TOLERATION_T), "If specified, the pod's tolerations."),
        f("topologySpreadConstraints", T::List(&TSC_T), "TopologySpreadConstraints describes how a group of pods ought to spread across topology domains. Scheduler will schedule pods in a way which abides by the constraints. All topologySpreadConstraints are ANDed."),
        f("volumes", T::List(&VOLUME_T), "List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes"),
    ],
};

static POD_OS: Struct = Struct {
    name: "PodOS",
    desc: text("PodOS defines the OS parameters of a pod."),
    fields: &[r("name", T::Str, "Name is the name of the operating system. The currently supported values are linux and windows.")],
};
static HOST_ALIAS: Struct = Struct {
    name: "HostAlias",
    desc: text("HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file."),
    fields: &[f("hostnames", T::List(&STR), "Hostnames for the above IP address."), r("ip", T::Str, "IP address of the host file entry.")],
};
static HOST_ALIAS_T: T = T::Obj(&HOST_ALIAS);
static LOCAL_REF: Struct = Struct {
    name: "LocalObjectReference",
    desc: text("LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace."),
    fields: &[f("name", T::Str, "Name of the referent.")],
};
static LOCAL_REF_T: T = T::Obj(&LOCAL_REF);
static READINESS_GATE: Struct = Struct {
    name: "PodReadinessGate",
    desc: text(""),
    fields: &[r(
        "conditionType",
        T::Str,
        "ConditionType refers to a condition in the pod's condition list with matching type.",
    )],
};
static READINESS_GATE_T: T = T::Obj(&READINESS_GATE);
static SCHED_GATE: Struct = Struct {
    name: "PodSchedulingGate",
    desc: text(""),
    fields: &[r("name", T::Str, "Name of the scheduling gate.")],
};
static SCHED_GATE_T: T = T::Obj(&SCHED_GATE);
static POD_DNS_CONFIG: Struct = Struct {
    name: "PodDNSConfig",
    desc: text("PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy."),
    fields: &[
        f("nameservers", T::List(&STR), "A list of DNS name server IP addresses."),
        f("options", T::List(&DNS_OPTION_T), "A list of DNS resolver options."),
        f("searches", T::List(&STR), "A list of DNS search domains for host-name lookup."),
    ],
};
static DNS_OPTION: Struct = Struct {
    name: "PodDNSConfigOption",
    desc: text(""),
    fields: &[
        f("name", T::Str, "Name is this DNS resolver option's name."),
        f(
            "value",
            T::Str,
            "Value is this DNS resolver option's value.",
        ),
    ],
};
static DNS_OPTION_T: T = T::Obj(&DNS_OPTION);

// Scheduling.

static TOLERATION: Struct = Struct {
    name: "Toleration",
    desc: text("The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>."),
    fields: &[
        e("effect", &["NoExecute", "NoSchedule", "PreferNoSchedule"], "Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute."),
        f("key", T::Str, "Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists; this combination means to match all values and all keys."),
        e("operator", &["Equal", "Exists"], "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal. Exists is equivalent to wildcard for value, so that a pod can tolerate all taints of a particular category."),
        f("tolerationSeconds", T::Int64, "TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint. By default, it is not set, which means tolerate the taint forever (do not evict). Zero and negative values will be treated as 0 (evict immediately) by the system."),
        f("value", T::Str, "Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string."),
    ],
};
static TOLERATION_T: T = T::Obj(&TOLERATION);

static AFFINITY: Struct = Struct {
    name: "Affinity",
    desc: text("Affinity is a group of affinity scheduling rules."),
    fields: &[
        f("nodeAffinity", T::Obj(&NODE_AFFINITY), "Describes node affinity scheduling rules for the pod."),
        f("podAffinity", T::Obj(&POD_AFFINITY), "Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s))."),
        f("podAntiAffinity", T::Obj(&POD_ANTI_AFFINITY), "Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s))."),
    ],
};
static NODE_AFFINITY: Struct = Struct {
    name: "NodeAffinity",
    desc: text("Node affinity is a group of node affinity scheduling rules."),
    fields: &[
        f("preferredDuringSchedulingIgnoredDuringExecution", T::List(&PREFERRED_TERM_T), "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions."),
        f("requiredDuringSchedulingIgnoredDuringExecution", T::Obj(&NODE_SELECTOR), "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. If the affinity requirements specified by this field cease to be met at some point during pod execution (e.g. due to an update), the system may or may not try to eventually evict the pod from its node."),
    ],
};
static NODE_SELECTOR: Struct = Struct {
    name: "NodeSelector",
    desc: text("A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms."),
    fields: &[r("nodeSelectorTerms", T::List(&NST_T), "Required. A list of node selector terms. The terms are ORed.")],
};
static NST: Struct = Struct {
    name: "NodeSelectorTerm",
    desc: text("A null or empty node selector term matches no objects. The requirements of them are ANDed. The TopologySelectorTerm type implements a subset of the NodeSelectorTerm."),
    fields: &[
        f("matchExpressions", T::List(&NSR_T), "A list of node selector requirements by node's labels."),
        f("matchFields", T::List(&NSR_T), "A list of node selector requirements by node's fields."),
    ],
};
static NST_T: T = T::Obj(&NST);
static NSR: Struct = Struct {
    name: "NodeSelectorRequirement",
    desc: text("A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values."),
    fields: &[
        r("key", T::Str, "The label key that the selector applies to."),
        Field {
            name: "operator",
            ty: T::Str,
            desc: text("Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt."),
            required: true,
            enums: &["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
        },
        f("values", T::List(&STR), "An array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. If the operator is Gt or Lt, the values array must have a single element, which will be interpreted as an integer. This array is replaced during a strategic merge patch."),
    ],
};
static NSR_T: T = T::Obj(&NSR);
static PREFERRED_TERM: Struct = Struct {
    name: "PreferredSchedulingTerm",
    desc: text(""),
    fields: &[r("preference", T::Obj(&NST), "A node selector term, associated with the corresponding weight."), r("weight", T::Int32, "Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.")],
};
static PREFERRED_TERM_T: T = T::Obj(&PREFERRED_TERM);
static POD_AFFINITY_FIELDS: [Field; 2] = [
    f(
        "preferredDuringSchedulingIgnoredDuringExecution",
        T::List(&WEIGHTED_TERM_T),
        "",
    ),
    f(
        "requiredDuringSchedulingIgnoredDuringExecution",
        T::List(&POD_AFFINITY_TERM_T),
        "",
    ),
];
static POD_AFFINITY: Struct = Struct {
    name: "PodAffinity",
    desc: text("Pod affinity is a group of inter pod affinity scheduling rules."),
    fields: &POD_AFFINITY_FIELDS,
};
static POD_ANTI_AFFINITY: Struct = Struct {
    name: "PodAntiAffinity",
    desc: text("Pod anti affinity is a group of inter pod anti affinity scheduling rules."),
    fields: &POD_AFFINITY_FIELDS,
};
static POD_AFFINITY_TERM: Struct = Struct {
    name: "PodAffinityTerm",
    desc: text(""),
    fields: &[
        f("labelSelector", T::Obj(&LABEL_SELECTOR), ""),
        f("matchLabelKeys", T::List(&STR), ""),
        f("mismatchLabelKeys", T::List(&STR), ""),
        f("namespaceSelector", T::Obj(&LABEL_SELECTOR), ""),
        f("namespaces", T::List(&STR), ""),
        r("topologyKey", T::Str, ""),
    ],
};
static POD_AFFINITY_TERM_T: T = T::Obj(&POD_AFFINITY_TERM);
static WEIGHTED_TERM: Struct = Struct {
    name: "WeightedPodAffinityTerm",
    desc: text(""),
    fields: &[
        r("podAffinityTerm", T::Obj(&POD_AFFINITY_TERM), ""),
        r("weight", T::Int32, ""),
    ],
};
static WEIGHTED_TERM_T: T = T::Obj(&WEIGHTED_TERM);
static TSC: Struct = Struct {
    name: "TopologySpreadConstraint",
    desc: text(
        "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
    ),
    fields: &[
        f("labelSelector", T::Obj(&LABEL_SELECTOR), ""),
        f("matchLabelKeys", T::List(&STR), ""),
        r("maxSkew", T::Int32, ""),
        f("minDomains", T::Int32, ""),
        f("nodeAffinityPolicy", T::Str, ""),
        f("nodeTaintsPolicy", T::Str, ""),
        r("topologyKey", T::Str, ""),
        r("whenUnsatisfiable", T::Str, ""),
    ],
};
static TSC_T: T = T::Obj(&TSC);

// Security contexts.

static SE_LINUX: Struct = Struct {
    name: "SELinuxOptions",
    desc: text(""),
    fields: &[
        f("level", T::Str, ""),
        f("role", T::Str, ""),
        f("type", T::Str, ""),
        f("user", T::Str, ""),
    ],
};
static SECCOMP: Struct = Struct {
    name: "SeccompProfile",
    desc: text(""),
    fields: &[f("localhostProfile", T::Str, ""), r("type", T::Str, "")],
};
static APPARMOR: Struct = Struct {
    name: "AppArmorProfile",
    desc: text(""),
    fields: &[f("localhostProfile", T::Str, ""), r("type", T::Str, "")],
};
static WINDOWS_OPTIONS: Struct = Struct {
    name: "WindowsSecurityContextOptions",
    desc: text(""),
    fields: &[
        f("gmsaCredentialSpec", T::Str, ""),
        f("gmsaCredentialSpecName", T::Str, ""),
        f("hostProcess", T::Bool, ""),
        f("runAsUserName", T::Str, ""),
    ],
};
static CAPABILITIES: Struct = Struct {
    name: "Capabilities",
    desc: text("Adds and removes POSIX capabilities from running containers."),
    fields: &[
        f("add", T::List(&STR), "Added capabilities"),
        f("drop", T::List(&STR), "Removed capabilities"),
    ],
};
static SYSCTL: Struct = Struct {
    name: "Sysctl",
    desc: text(""),
    fields: &[r("name", T::Str, ""), r("value", T::Str, "")],
};
static SYSCTL_T: T = T::Obj(&SYSCTL);
static POD_SECURITY_CONTEXT: Struct = Struct {
    name: "PodSecurityContext",
    desc: text("PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext."),
    fields: &[
        f("appArmorProfile", T::Obj(&APPARMOR), ""),
        f("fsGroup", T::Int64, ""),
        f("fsGroupChangePolicy", T::Str, ""),
        f("runAsGroup", T::Int64, ""),
        f("runAsNonRoot", T::Bool, ""),
        f("runAsUser", T::Int64, ""),
        f("seLinuxChangePolicy", T::Str, ""),
        f("seLinuxOptions", T::Obj(&SE_LINUX), ""),
        f("seccompProfile", T::Obj(&SECCOMP), ""),
        f("supplementalGroups", T::List(&INT64), ""),
        f("supplementalGroupsPolicy", T::Str, ""),
        f("sysctls", T::List(&SYSCTL_T), ""),
        f("windowsOptions", T::Obj(&WINDOWS_OPTIONS), ""),
    ],
};
static SECURITY_CONTEXT: Struct = Struct {
    name: "SecurityContext",
    desc: text("SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext.  When both are set, the values in SecurityContext take precedence."),
    fields: &[
        f("allowPrivilegeEscalation", T::Bool, ""),
        f("appArmorProfile", T::Obj(&APPARMOR), ""),
        f("capabilities", T::Obj(&CAPABILITIES), ""),
        f("privileged", T::Bool, "Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false."),
        f("procMount", T::Str, ""),
        f("readOnlyRootFilesystem", T::Bool, ""),
        f("runAsGroup", T::Int64, ""),
        f("runAsNonRoot", T::Bool, ""),
        f("runAsUser", T::Int64, ""),
        f("seLinuxOptions", T::Obj(&SE_LINUX), ""),
        f("seccompProfile", T::Obj(&SECCOMP), ""),
        f("windowsOptions", T::Obj(&WINDOWS_OPTIONS), ""),
    ],
};

// ---------------------------------------------------------------- containers

static CONTAINER: Struct = Struct {
    name: "Container",
    desc: text("A single application container that you want to run within a pod."),
    fields: &[
        f("args", T::List(&STR), "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
        f("command", T::List(&STR), "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
        f("env", T::List(&ENV_VAR_T), "List of environment variables to set in the container. Cannot be updated."),
        f("envFrom", T::List(&ENV_FROM_T), "List of sources to populate environment variables in the container. Cannot be updated."),
        f("image", T::Str, "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets."),
        e("imagePullPolicy", &["Always", "IfNotPresent", "Never"], "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images\n\nPossible enum values:\n - `\"Always\"` means that kubelet always attempts to pull the latest image. Container will fail If the pull fails.\n - `\"IfNotPresent\"` means that kubelet pulls if the image isn't present on disk. Container will fail if the image isn't present and the pull fails.\n - `\"Never\"` means that kubelet never pulls an image, but only uses a local image. Container will fail if the image isn't present"),
        f("lifecycle", T::Obj(&LIFECYCLE), "Actions that the management system should take in response to container lifecycle events. Cannot be updated."),
        f("livenessProbe", T::Obj(&PROBE), "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        r("name", T::Str, "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated."),
        f("ports", T::List(&PORT_T), "List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default \"0.0.0.0\" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated."),
        f("readinessProbe", T::Obj(&PROBE), "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        f("resizePolicy", T::List(&RESIZE_POLICY_T), "Resources resize policy for the container."),
        f("resources", T::Obj(&RESOURCES), "Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        f("restartPolicy", T::Str, "RestartPolicy defines the restart behavior of individual containers in a pod."),
        f("restartPolicyRules", T::List(&ANY), "Represents a list of rules to be checked to determine if the container should be restarted on exit."),
        f("securityContext", T::Obj(&SECURITY_CONTEXT), "SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"),
        f("startupProbe", T::Obj(&PROBE), "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully."),
        f("stdin", T::Bool, "Whether this container should allocate a buffer for stdin in the container runtime."),
        f("stdinOnce", T::Bool, "Whether the container runtime should close the stdin channel after it has been opened by a single attach."),
        f("terminationMessagePath", T::Str, "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Defaults to /dev/termination-log. Cannot be updated."),
        e("terminationMessagePolicy", &["FallbackToLogsOnError", "File"], "Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. Defaults to File. Cannot be updated."),
        f("tty", T::Bool, "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false."),
        f("volumeDevices", T::List(&VOLUME_DEVICE_T), "volumeDevices is the list of block devices to be used by the container."),
        f("volumeMounts", T::List(&VOLUME_MOUNT_T), "Pod volumes to mount into the container's filesystem. Cannot be updated."),
        f("workingDir", T::Str, "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated."),
    ],
};
static CONTAINER_T: T = T::Obj(&CONTAINER);

static PORT: Struct = Struct {
    name: "ContainerPort",
    desc: text("ContainerPort represents a network port in a single container."),
    fields: &[
        r("containerPort", T::Int32, "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."),
        f("hostIP", T::Str, "What host IP to bind the external port to."),
        f("hostPort", T::Int32, "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this."),
        f("name", T::Str, "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services."),
        e("protocol", &["SCTP", "TCP", "UDP"], "Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\"."),
    ],
};
static PORT_T: T = T::Obj(&PORT);

static ENV_VAR: Struct = Struct {
    name: "EnvVar",
    desc: text("EnvVar represents an environment variable present in a Container."),
    fields: &[
        r("name", T::Str, "Name of the environment variable."),
        f("value", T::Str, "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Defaults to \"\"."),
        f("valueFrom", T::Obj(&ENV_SOURCE), "Source for the environment variable's value. Cannot be used if value is not empty."),
    ],
};
static ENV_VAR_T: T = T::Obj(&ENV_VAR);
static ENV_SOURCE: Struct = Struct {
    name: "EnvVarSource",
    desc: text("EnvVarSource represents a source for the value of an EnvVar."),
    fields: &[
        f("configMapKeyRef", T::Obj(&KEY_SELECTOR), "Selects a key of a ConfigMap."),
        f("fieldRef", T::Obj(&FIELD_REF), "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs."),
        f("fileKeyRef", T::Any, "FileKeyRef selects a key of the env file."),
        f("resourceFieldRef", T::Obj(&RESOURCE_FIELD_REF), "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported."),
        f("secretKeyRef", T::Obj(&KEY_SELECTOR), "Selects a key of a secret in the pod's namespace"),
    ],
};
static KEY_SELECTOR: Struct = Struct {
    name: "ConfigMapKeySelector",
    desc: text(""),
    fields: &[
        r("key", T::Str, ""),
        f("name", T::Str, ""),
        f("optional", T::Bool, ""),
    ],
};
static FIELD_REF: Struct = Struct {
    name: "ObjectFieldSelector",
    desc: text("ObjectFieldSelector selects an APIVersioned field of an object."),
    fields: &[
        f(
            "apiVersion",
            T::Str,
            "Version of the schema the FieldPath is written in terms of, defaults to \"v1\".",
        ),
        r(
            "fieldPath",
            T::Str,
            "Path of the field to select in the specified API version.",
        ),
    ],
};
static RESOURCE_FIELD_REF: Struct = Struct {
    name: "ResourceFieldSelector",
    desc: text(""),
    fields: &[
        f("containerName", T::Str, ""),
        f("divisor", T::Quantity, ""),
        r("resource", T::Str, ""),
    ],
};
static ENV_FROM: Struct = Struct {
    name: "EnvFromSource",
    desc: text("EnvFromSource represents the source of a set of ConfigMaps or Secrets"),
    fields: &[
        f(
            "configMapRef",
            T::Obj(&OPTIONAL_REF),
            "The ConfigMap to select from",
        ),
        f(
            "prefix",
            T::Str,
            "Optional text to prepend to the name of each environment variable.",
        ),
        f(
            "secretRef",
            T::Obj(&OPTIONAL_REF),
            "The Secret to select from",
        ),
    ],
};
static ENV_FROM_T: T = T::Obj(&ENV_FROM);
static OPTIONAL_REF: Struct = Struct {
    name: "ConfigMapEnvSource",
    desc: text(""),
    fields: &[f("name", T::Str, ""), f("optional", T::Bool, "")],
};

/// `v1.ResourceRequirements`.
pub static RESOURCES: Struct = Struct {
    name: "ResourceRequirements",
    desc: text("ResourceRequirements describes the compute resource requirements."),
    fields: &[
        f("claims", T::List(&ANY), "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container."),
        f("limits", T::Map(&QTY), "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        f("requests", T::Map(&QTY), "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
    ],
};
static RESIZE_POLICY: Struct = Struct {
    name: "ContainerResizePolicy",
    desc: text(""),
    fields: &[
        r("resourceName", T::Str, ""),
        r("restartPolicy", T::Str, ""),
    ],
};
static RESIZE_POLICY_T: T = T::Obj(&RESIZE_POLICY);
static VOLUME_MOUNT: Struct = Struct {
    name: "VolumeMount",
    desc: text("VolumeMount describes a mounting of a Volume within a container."),
    fields: &[
        r("mountPath", T::Str, "Path within the container at which the volume should be mounted.  Must not contain ':'."),
        f("mountPropagation", T::Str, "mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used."),
        r("name", T::Str, "This must match the Name of a Volume."),
        f("readOnly", T::Bool, "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."),
        f("recursiveReadOnly", T::Str, ""),
        f("subPath", T::Str, "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."),
        f("subPathExpr", T::Str, ""),
    ],
};
static VOLUME_MOUNT_T: T = T::Obj(&VOLUME_MOUNT);
static VOLUME_DEVICE: Struct = Struct {
    name: "VolumeDevice",
    desc: text(""),
    fields: &[r("devicePath", T::Str, ""), r("name", T::Str, "")],
};
static VOLUME_DEVICE_T: T = T::Obj(&VOLUME_DEVICE);

// Probes and lifecycle.

static PROBE: Struct = Struct {
    name: "Probe",
    desc: text("Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic."),
    fields: &[
        f("exec", T::Obj(&EXEC), "Exec specifies a command to execute in the container."),
        f("failureThreshold", T::Int32, "Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1."),
        f("grpc", T::Obj(&GRPC), "GRPC specifies a GRPC HealthCheckRequest."),
        f("httpGet", T::Obj(&HTTP_GET), "HTTPGet specifies an HTTP GET request to perform."),
        f("initialDelaySeconds", T::Int32, "Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
        f("periodSeconds", T::Int32, "How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1."),
        f("successThreshold", T::Int32, "Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1."),
        f("tcpSocket", T::Obj(&TCP_SOCKET), "TCPSocket specifies a connection to a TCP port."),
        f("terminationGracePeriodSeconds", T::Int64, ""),
        f("timeoutSeconds", T::Int32, "Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"),
    ],
};
static EXEC: Struct = Struct {
    name: "ExecAction",
    desc: text("ExecAction describes a \"run in container\" action."),
    fields: &[f(
        "command",
        T::List(&STR),
        "Command is the command line to execute inside the container.",
    )],
};
static GRPC: Struct = Struct {
    name: "GRPCAction",
    desc: text(""),
    fields: &[r("port", T::Int32, ""), f("service", T::Str, "")],
};
static HTTP_GET: Struct = Struct {
    name: "HTTPGetAction",
    desc: text("HTTPGetAction describes an action based on HTTP Get requests."),
    fields: &[
        f("host", T::Str, "Host name to connect to, defaults to the pod IP."),
        f("httpHeaders", T::List(&HTTP_HEADER_T), "Custom headers to set in the request. HTTP allows repeated headers."),
        f("path", T::Str, "Path to access on the HTTP server."),
        r("port", T::IntOrStr, "Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME."),
        e("scheme", &["HTTP", "HTTPS"], "Scheme to use for connecting to the host. Defaults to HTTP."),
    ],
};
static HTTP_HEADER: Struct = Struct {
    name: "HTTPHeader",
    desc: text(""),
    fields: &[r("name", T::Str, ""), r("value", T::Str, "")],
};
static HTTP_HEADER_T: T = T::Obj(&HTTP_HEADER);
static TCP_SOCKET: Struct = Struct {
    name: "TCPSocketAction",
    desc: text(""),
    fields: &[f("host", T::Str, ""), r("port", T::IntOrStr, "")],
};
static LIFECYCLE: Struct = Struct {
    name: "Lifecycle",
    desc: text("Lifecycle describes actions that the management system should take in response to container lifecycle events."),
    fields: &[
        f("postStart", T::Obj(&HANDLER), "PostStart is called immediately after a container is created."),
        f("preStop", T::Obj(&HANDLER), "PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc."),
        f("stopSignal", T::Str, "StopSignal defines which signal will be sent to a container when it is being stopped."),
    ],
};
static HANDLER: Struct = Struct {
    name: "LifecycleHandler",
    desc: text(
        "LifecycleHandler defines a specific action that should be taken in a lifecycle hook.",
    ),
    fields: &[
        f("exec", T::Obj(&EXEC), ""),
        f("httpGet", T::Obj(&HTTP_GET), ""),
        f("sleep", T::Obj(&SLEEP), ""),
        f("tcpSocket", T::Obj(&TCP_SOCKET), ""),
    ],
};
static SLEEP: Struct = Struct {
    name: "SleepAction",
    desc: text(""),
    fields: &[r("seconds", T::Int64, "")],
};

// ---------------------------------------------------------------- volumes

static VOLUME: Struct = Struct {
    name: "Volume",
    desc: text("Volume represents a named volume in a pod that may be accessed by any container in the pod."),
    fields: &[
        f("awsElasticBlockStore", T::Any, ""),
        f("azureDisk", T::Any, ""),
        f("azureFile", T::Any, ""),
        f("cephfs", T::Any, ""),
        f("cinder", T::Any, ""),
        f("configMap", T::Obj(&CONFIG_MAP_VOL), "configMap represents a configMap that should populate this volume"),
        f("csi", T::Obj(&CSI_VOL), "csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers."),
        f("downwardAPI", T::Obj(&DOWNWARD_VOL), "downwardAPI represents downward API about the pod that should populate this volume"),
        f("emptyDir", T::Obj(&EMPTY_DIR), "emptyDir represents a temporary directory that shares a pod's lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir"),
        f("ephemeral", T::Any, ""),
        f("fc", T::Any, ""),
        f("flexVolume", T::Any, ""),
        f("flocker", T::Any, ""),
        f("gcePersistentDisk", T::Any, ""),
        f("gitRepo", T::Any, ""),
        f("glusterfs", T::Any, ""),
        f("hostPath", T::Obj(&HOST_PATH), "hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container. This is generally used for system agents or other privileged things that are allowed to see the host machine. Most containers will NOT need this. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath"),
        f("image", T::Any, ""),
        f("iscsi", T::Any, ""),
        r("name", T::Str, "name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"),
        f("nfs", T::Any, ""),
        f("persistentVolumeClaim", T::Any, ""),
        f("photonPersistentDisk", T::Any, ""),
        f("portworxVolume", T::Any, ""),
        f("projected", T::Obj(&PROJECTED_VOL), "projected items for all in one resources secrets, configmaps, and downward API"),
        f("quobyte", T::Any, ""),
        f("rbd", T::Any, ""),
        f("scaleIO", T::Any, ""),
        f("secret", T::Obj(&SECRET_VOL), "secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret"),
        f("storageos", T::Any, ""),
        f("vsphereVolume", T::Any, ""),
    ],
};
static VOLUME_T: T = T::Obj(&VOLUME);
static KEY_TO_PATH: Struct = Struct {
    name: "KeyToPath",
    desc: text(""),
    fields: &[
        r("key", T::Str, ""),
        f("mode", T::Int32, ""),
        r("path", T::Str, ""),
    ],
};
static KEY_TO_PATH_T: T = T::Obj(&KEY_TO_PATH);
static CONFIG_MAP_VOL: Struct = Struct {
    name: "ConfigMapVolumeSource",
    desc: text(""),
    fields: &[
        f("defaultMode", T::Int32, ""),
        f("items", T::List(&KEY_TO_PATH_T), ""),
        f("name", T::Str, ""),
        f("optional", T::Bool, ""),
    ],
};
static SECRET_VOL: Struct = Struct {
    name: "SecretVolumeSource",
    desc: text(""),
    fields: &[
        f("defaultMode", T::Int32, ""),
        f("items", T::List(&KEY_TO_PATH_T), ""),
        f("optional", T::Bool, ""),
        f("secretName", T::Str, ""),
    ],
};
static HOST_PATH: Struct = Struct {
    name: "HostPathVolumeSource",
    desc: text("Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling."),
    fields: &[
        r("path", T::Str, "path of the directory on the host. If the path is a symlink, it will follow the link to the real path. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath"),
        Field {
            name: "type",
            ty: T::Str,
            desc: text("type for HostPath Volume Defaults to \"\" More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath"),
            required: false,
            enums: &["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"],
        },
    ],
};
static EMPTY_DIR: Struct = Struct {
    name: "EmptyDirVolumeSource",
    desc: text(""),
    fields: &[f("medium", T::Str, ""), f("sizeLimit", T::Quantity, "")],
};
static CSI_VOL: Struct = Struct {
    name: "CSIVolumeSource",
    desc: text(""),
    fields: &[
        r("driver", T::Str, ""),
        f("fsType", T::Str, ""),
        f("nodePublishSecretRef", T::Obj(&LOCAL_REF), ""),
        f("readOnly", T::Bool, ""),
        f("volumeAttributes", T::Map(&STR), ""),
    ],
};
static DOWNWARD_FILE: Struct = Struct {
    name: "DownwardAPIVolumeFile",
    desc: text(""),
    fields: &[
        f("fieldRef", T::Obj(&FIELD_REF), ""),
        f("mode", T::Int32, ""),
        r("path", T::Str, ""),
        f("resourceFieldRef", T::Obj(&RESOURCE_FIELD_REF), ""),
    ],
};
static DOWNWARD_FILE_T: T = T::Obj(&DOWNWARD_FILE);
static DOWNWARD_VOL: Struct = Struct {
    name: "DownwardAPIVolumeSource",
    desc: text(""),
    fields: &[
        f("defaultMode", T::Int32, ""),
        f("items", T::List(&DOWNWARD_FILE_T), ""),
    ],
};
static PROJECTED_VOL: Struct = Struct {
    name: "ProjectedVolumeSource",
    desc: text(""),
    fields: &[
        f("defaultMode", T::Int32, ""),
        f("sources", T::List(&PROJECTION_T), ""),
    ],
};
static PROJECTION: Struct = Struct {
    name: "VolumeProjection",
    desc: text(""),
    fields: &[
        f("clusterTrustBundle", T::Any, ""),
        f("configMap", T::Obj(&PROJ_CONFIG_MAP), ""),
        f("downwardAPI", T::Obj(&PROJ_DOWNWARD), ""),
        f("podCertificate", T::Any, ""),
        f("secret", T::Obj(&PROJ_CONFIG_MAP), ""),
        f("serviceAccountToken", T::Obj(&SA_TOKEN), ""),
    ],
};
static PROJECTION_T: T = T::Obj(&PROJECTION);
static PROJ_CONFIG_MAP: Struct = Struct {
    name: "ConfigMapProjection",
    desc: text(""),
    fields: &[
        f("items", T::List(&KEY_TO_PATH_T), ""),
        f("name", T::Str, ""),
        f("optional", T::Bool, ""),
    ],
};
static PROJ_DOWNWARD: Struct = Struct {
    name: "DownwardAPIProjection",
    desc: text(""),
    fields: &[f("items", T::List(&DOWNWARD_FILE_T), "")],
};
static SA_TOKEN: Struct = Struct {
    name: "ServiceAccountTokenProjection",
    desc: text(""),
    fields: &[
        f("audience", T::Str, ""),
        f("expirationSeconds", T::Int64, ""),
        r("path", T::Str, ""),
    ],
};

// ---------------------------------------------------------------- Node

/// `v1.Node`.
pub static NODE: Struct = Struct {
    name: "Node",
    desc: text("Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd)."),
    fields: &[
        f("apiVersion", T::Str, API_VERSION_DESC),
        f("kind", T::Str, KIND_DESC),
        f("metadata", T::Obj(&OBJECT_META), METADATA_DESC),
        f("spec", T::Obj(&NODE_SPEC), "Spec defines the behavior of a node. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
        f("status", T::Obj(&NODE_STATUS), "Most recently observed status of the node. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"),
    ],
};
static NODE_SPEC: Struct = Struct {
    name: "NodeSpec",
    desc: text("NodeSpec describes the attributes that a node is created with."),
    fields: &[
        f("configSource", T::Any, ""),
        f("externalID", T::Str, ""),
        f("podCIDR", T::Str, "PodCIDR represents the pod IP range assigned to the node."),
        f("podCIDRs", T::List(&STR), ""),
        f("providerID", T::Str, ""),
        f("taints", T::List(&TAINT_T), "If specified, the node's taints."),
        f("unschedulable", T::Bool, "Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration"),
    ],
};
static TAINT: Struct = Struct {
    name: "Taint",
    desc: text("The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the Taint."),
    fields: &[
        r("effect", T::Str, "Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute."),
        r("key", T::Str, "Required. The taint key to be applied to a node."),
        f("timeAdded", T::Time, "TimeAdded represents the time at which the taint was added."),
        f("value", T::Str, "The taint value corresponding to the taint key."),
    ],
};
static TAINT_T: T = T::Obj(&TAINT);
static NODE_STATUS: Struct = Struct {
    name: "NodeStatus",
    desc: text("NodeStatus is information about the current status of a node."),
    fields: &[
        f("addresses", T::List(&ANY), ""),
        f("allocatable", T::Map(&QTY), ""),
        f("capacity", T::Map(&QTY), ""),
        f("conditions", T::List(&ANY), ""),
        f("config", T::Any, ""),
        f("daemonEndpoints", T::Any, ""),
        f("declaredFeatures", T::List(&STR), ""),
        f("features", T::Any, ""),
        f("images", T::List(&ANY), ""),
        f("nodeInfo", T::Any, ""),
        f("phase", T::Str, ""),
        f("runtimeHandlers", T::List(&ANY), ""),
        f("volumesAttached", T::List(&ANY), ""),
        f("volumesInUse", T::List(&STR), ""),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_and_explain_type_names_follow_the_api() {
        let spec = DAEMON_SET.field("spec").unwrap();
        assert_eq!(spec.ty.go_name(), "v1.DaemonSetSpec");
        let containers = POD_SPEC.field("containers").unwrap();
        assert_eq!(containers.ty.go_name(), "[]v1.Container");
        assert_eq!(containers.ty.explain_name(), "[]Container");
        assert_eq!(
            OBJECT_META.field("labels").unwrap().ty.explain_name(),
            "map[string]string"
        );
        assert!(DS_SPEC.field("replicas").is_none());
    }
}
