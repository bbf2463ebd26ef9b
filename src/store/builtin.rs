//! Objects a real cluster has without anyone creating them, synthesized on read:
//! the four namespaces kube-apiserver creates, the `kubernetes` Service in `default`
//! (kube-apiserver's own), and what kube-controller-manager puts in every namespace
//! when the namespace appears: the `kube-root-ca.crt` ConfigMap (root-ca-cert-publisher)
//! and the `default` ServiceAccount (serviceaccounts controller). Nothing stores them until someone deletes one: the API server
//! (or the publisher) recreates it at once, and that new object — new uid, new
//! creationTimestamp — is stored and wins over the synthesized one from then on.

use super::Store;
use crate::clock::SimTime;
use crate::model::meta::{ObjectMeta, Timestamp};
use crate::model::GenericObject;
use serde_json::json;
use std::borrow::Cow;

/// The namespaces every cluster has from the start.
pub const BUILTIN_NAMESPACES: [&str; 4] =
    ["default", "kube-node-lease", "kube-public", "kube-system"];

/// The root CA ConfigMap's name.
pub const ROOT_CA_CONFIGMAP: &str = "kube-root-ca.crt";

/// The description annotation the root-ca-cert-publisher sets
/// (`pkg/controller/certificates/rootcacertpublisher`).
const ROOT_CA_DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/// A placeholder, not a certificate: the simulated cluster has no CA. It is
/// well-formed PEM armour around base64 that decodes to a sentence saying so, so a
/// learner who decodes it is not misled.
const PLACEHOLDER_CA_PEM: &str = "-----BEGIN CERTIFICATE-----
ZGFlbW9uc2V0LXNpbSBwbGFjZWhvbGRlciwgbm90IGEgY2VydGlmaWNhdGU6IHRo
ZSBzaW11bGF0ZWQgY2x1c3RlciBoYXMgbm8gQ0EuIEEgcmVhbCBrdWJlLXJvb3Qt
Y2EuY3J0IGhvbGRzIHRoZSBjbHVzdGVyIENBIHRoYXQgc2lnbnMgdGhlIEFQSSBz
ZXJ2ZXIgY2VydGlmaWNhdGUu
-----END CERTIFICATE-----
";

/// A stable uid for a synthesized object (the store's counter must not move on
/// reads): a hash of `seed` laid out as a UUID.
fn synthetic_uid(seed: &str) -> String {
    let h = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("5f2c4b1e-0000-4000-8000-{:012x}", h & 0xffff_ffff_ffff)
}

/// The `kube-root-ca.crt` ConfigMap of namespace `ns`, created with it.
fn root_ca_configmap(ns: &str, created: Option<Timestamp>) -> GenericObject {
    let mut metadata = ObjectMeta {
        name: ROOT_CA_CONFIGMAP.into(),
        namespace: ns.into(),
        uid: synthetic_uid(&format!("ConfigMap/{ns}/{ROOT_CA_CONFIGMAP}")),
        resource_version: "1".into(),
        creation_timestamp: created,
        ..Default::default()
    };
    metadata.annotations.insert(
        "kubernetes.io/description".into(),
        ROOT_CA_DESCRIPTION.into(),
    );
    let mut body = crate::model::meta::Extra::new();
    body.insert("data".into(), json!({"ca.crt": PLACEHOLDER_CA_PEM}));
    GenericObject {
        api_version: "v1".into(),
        kind: "ConfigMap".into(),
        metadata,
        body,
    }
}

/// kube-apiserver's own Service in `default`.
fn kubernetes_service() -> GenericObject {
    let mut metadata = ObjectMeta {
        name: "kubernetes".into(),
        namespace: "default".into(),
        uid: "5f2c4b1e-0000-4000-8000-6b7562657273".into(),
        resource_version: "1".into(),
        creation_timestamp: Some(Timestamp(SimTime(0))),
        ..Default::default()
    };
    metadata
        .labels
        .insert("component".into(), "apiserver".into());
    metadata
        .labels
        .insert("provider".into(), "kubernetes".into());
    GenericObject {
        api_version: "v1".into(),
        kind: "Service".into(),
        metadata,
        body: crate::model::service::kubernetes_service_body(),
    }
}

/// The `default` ServiceAccount of namespace `ns`, created with it. Since Kubernetes
/// 1.24 it lists no token Secrets.
fn default_service_account(ns: &str, created: Option<Timestamp>) -> GenericObject {
    GenericObject {
        api_version: "v1".into(),
        kind: "ServiceAccount".into(),
        metadata: ObjectMeta {
            name: "default".into(),
            namespace: ns.into(),
            uid: synthetic_uid(&format!("ServiceAccount/{ns}/default")),
            resource_version: "1".into(),
            creation_timestamp: created,
            ..Default::default()
        },
        body: Default::default(),
    }
}

/// A built-in namespace as the API server shows it.
fn builtin_namespace(name: &str) -> GenericObject {
    let mut meta = ObjectMeta {
        name: name.into(),
        creation_timestamp: Some(Timestamp(SimTime(0))),
        ..Default::default()
    };
    meta.labels
        .insert("kubernetes.io/metadata.name".into(), name.into());
    let mut body = crate::model::meta::Extra::new();
    body.insert("spec".into(), json!({"finalizers": ["kubernetes"]}));
    body.insert("status".into(), json!({"phase": "Active"}));
    GenericObject {
        api_version: "v1".into(),
        kind: "Namespace".into(),
        metadata: meta,
        body,
    }
}

impl Store {
    /// Every namespace, built-in ones included, by name.
    pub fn namespaces(&self) -> Vec<Cow<'_, GenericObject>> {
        let mut out: Vec<Cow<GenericObject>> = self
            .objects
            .iter()
            .filter(|((kind, _, _), _)| kind == "Namespace")
            .map(|(_, o)| Cow::Borrowed(o))
            .collect();
        for b in BUILTIN_NAMESPACES {
            if !out.iter().any(|o| o.metadata.name == b) {
                out.push(Cow::Owned(builtin_namespace(b)));
            }
        }
        crate::sort::by(&mut out, |a, b| a.metadata.name.cmp(&b.metadata.name));
        out
    }

    /// The cluster's own Service, unless one is stored (recreated after a delete).
    pub fn kubernetes_service(&self) -> Option<GenericObject> {
        if self.has_object("Service", "default", "kubernetes") {
            return None;
        }
        Some(kubernetes_service())
    }

    /// The objects of `kind` the cluster made itself and nobody stored.
    fn builtins_of_kind(&self, kind: &str) -> Vec<GenericObject> {
        match kind {
            "Service" => self.kubernetes_service().into_iter().collect(),
            "ConfigMap" => self
                .namespaces()
                .iter()
                .filter(|ns| !self.has_object("ConfigMap", &ns.metadata.name, ROOT_CA_CONFIGMAP))
                .map(|ns| root_ca_configmap(&ns.metadata.name, ns.metadata.creation_timestamp))
                .collect(),
            "ServiceAccount" => self
                .namespaces()
                .iter()
                .filter(|ns| !self.has_object("ServiceAccount", &ns.metadata.name, "default"))
                .map(|ns| {
                    default_service_account(&ns.metadata.name, ns.metadata.creation_timestamp)
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every object of a stored-only `kind` (`Service`, `ConfigMap`, …), the
    /// cluster's own included, by (namespace, name).
    pub fn objects_of_kind(&self, kind: &str) -> Vec<Cow<'_, GenericObject>> {
        if kind == "Namespace" {
            return self.namespaces();
        }
        let mut out: Vec<Cow<GenericObject>> = self
            .objects
            .iter()
            .filter(|((k, _, _), _)| k == kind)
            .map(|(_, o)| Cow::Borrowed(o))
            .collect();
        out.extend(self.builtins_of_kind(kind).into_iter().map(Cow::Owned));
        crate::sort::by(&mut out, |a, b| {
            (&a.metadata.namespace, &a.metadata.name)
                .cmp(&(&b.metadata.namespace, &b.metadata.name))
        });
        out
    }

    /// The object the cluster keeps at (kind, namespace, name) whether or not it is
    /// stored: what the API server or a controller recreates after a delete.
    pub fn builtin_object(&self, kind: &str, ns: &str, name: &str) -> Option<GenericObject> {
        match (kind, ns, name) {
            ("Service", "default", "kubernetes") => Some(kubernetes_service()),
            ("ConfigMap", _, ROOT_CA_CONFIGMAP) => {
                let namespace = self
                    .namespaces()
                    .into_iter()
                    .find(|n| n.metadata.name == ns)?;
                Some(root_ca_configmap(ns, namespace.metadata.creation_timestamp))
            }
            ("ServiceAccount", _, "default") => {
                let namespace = self
                    .namespaces()
                    .into_iter()
                    .find(|n| n.metadata.name == ns)?;
                Some(default_service_account(
                    ns,
                    namespace.metadata.creation_timestamp,
                ))
            }
            _ => None,
        }
    }

    /// What the root-ca-cert-publisher does when a namespace's `kube-root-ca.crt`
    /// changes: puts its `ca.crt` data and description annotation back (other
    /// labels and annotations stay). True if it had to.
    pub fn reconcile_root_ca(&mut self, ns: &str, now: SimTime) -> bool {
        let key = (
            "ConfigMap".to_string(),
            ns.to_string(),
            ROOT_CA_CONFIGMAP.to_string(),
        );
        let Some(cm) = self.objects.get(&key) else {
            return false;
        };
        let want = root_ca_configmap(ns, None);
        let description = want.metadata.annotations.get("kubernetes.io/description");
        if cm.body.get("data") == want.body.get("data")
            && cm.metadata.annotations.get("kubernetes.io/description") == description
        {
            return false;
        }
        let mut fixed = cm.clone();
        fixed.body.insert("data".into(), want.body["data"].clone());
        fixed.metadata.annotations.extend(want.metadata.annotations);
        self.put_object(fixed, now);
        true
    }

    /// Stores the synthesized object at (kind, namespace, name) exactly as it reads
    /// (uid, creationTimestamp), so that a write to it updates that object instead
    /// of creating another.
    pub fn materialize_builtin(&mut self, kind: &str, ns: &str, name: &str) {
        if self.has_object(kind, ns, name) {
            return;
        }
        if let Some(o) = self.builtin_object(kind, ns, name) {
            self.objects
                .insert((kind.into(), ns.into(), name.into()), o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_ca_publisher_restores_data_and_description_and_keeps_the_rest() {
        let mut store = Store::default();
        store.materialize_builtin("ConfigMap", "default", ROOT_CA_CONFIGMAP);
        let key = (
            "ConfigMap".into(),
            "default".into(),
            ROOT_CA_CONFIGMAP.into(),
        );
        let mut cm = store.objects[&key].clone();
        let uid = cm.metadata.uid.clone();
        cm.body.insert("data".into(), json!({"ca.crt": "mine"}));
        cm.metadata.annotations.clear();
        cm.metadata.labels.insert("owner".into(), "me".into());
        store.put_object(cm, SimTime(1_000));
        assert!(store.reconcile_root_ca("default", SimTime(1_000)));
        let cm = &store.objects[&key];
        assert_eq!(cm.body["data"]["ca.crt"], json!(PLACEHOLDER_CA_PEM));
        assert!(cm
            .metadata
            .annotations
            .contains_key("kubernetes.io/description"));
        assert_eq!(
            (
                cm.metadata.uid.as_str(),
                cm.metadata.labels["owner"].as_str()
            ),
            (uid.as_str(), "me")
        );
        assert!(!store.reconcile_root_ca("default", SimTime(2_000)));
    }

    #[test]
    fn every_namespace_has_a_root_ca_configmap_as_old_as_it() {
        let mut store = Store::default();
        let ns = GenericObject {
            api_version: "v1".into(),
            kind: "Namespace".into(),
            metadata: ObjectMeta {
                name: "monitoring".into(),
                ..Default::default()
            },
            body: Default::default(),
        };
        store.put_object(ns, SimTime(5_000));
        let cms = store.objects_of_kind("ConfigMap");
        let names: Vec<(&str, &str)> = cms
            .iter()
            .map(|c| (c.metadata.namespace.as_str(), c.metadata.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("default", ROOT_CA_CONFIGMAP),
                ("kube-node-lease", ROOT_CA_CONFIGMAP),
                ("kube-public", ROOT_CA_CONFIGMAP),
                ("kube-system", ROOT_CA_CONFIGMAP),
                ("monitoring", ROOT_CA_CONFIGMAP),
            ]
        );
        assert_eq!(cms[4].metadata.created(), SimTime(5_000));
        assert_ne!(cms[0].metadata.uid, cms[4].metadata.uid);
        let sas = store.objects_of_kind("ServiceAccount");
        assert_eq!(sas.len(), 5);
        assert!(sas.iter().all(|sa| sa.metadata.name == "default"));
        // Reading does not move the store's counters.
        assert_eq!(
            store.objects_of_kind("ConfigMap")[4].metadata.uid,
            cms[4].metadata.uid
        );
    }
}
