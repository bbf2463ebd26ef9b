//! ControllerRevisions, Events and the generic objects a DaemonSet file carries.

use super::meta::{Extra, ObjectMeta, Timestamp};
use serde::{Deserialize, Serialize};

/// `apps/v1.ControllerRevision`: a snapshot of a DaemonSet's pod template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ControllerRevision {
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The stored patch: `{"spec":{"template":{…,"$patch":"replace"}}}`.
    #[serde(default)]
    pub data: serde_json::Value,
    #[serde(default)]
    pub revision: i64,
}

/// A `v1.Event` (the core/v1 form that `kubectl describe` reads).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub metadata: ObjectMeta,
    pub involved_object: InvolvedObject,
    pub reason: String,
    pub message: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub source: EventSource,
    pub first_timestamp: Timestamp,
    pub last_timestamp: Timestamp,
    pub count: i64,
}

/// What an event is about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvolvedObject {
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
}

/// Who recorded an event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventSource {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub component: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
}

/// Any other object (Namespace, ServiceAccount, ConfigMap, RBAC…): stored and listed,
/// not simulated.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenericObject {
    pub api_version: String,
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(flatten)]
    pub body: Extra,
}
