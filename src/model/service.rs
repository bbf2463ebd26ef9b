//! Services are stored, not simulated (no endpoints, no proxying), but a learner who
//! applies a DaemonSet's Service and types `kubectl get svc` must see what a cluster
//! shows: the API server's defaults (a cluster IP, `type: ClusterIP`, TCP ports, target
//! ports) and kubectl's columns. The cluster's own `kubernetes` Service is here too.

use super::meta::Extra;
use serde_json::{json, Value};

/// The service CIDR kube-apiserver uses by default (10.96.0.0/12); `.1` is the
/// `kubernetes` Service.
const SERVICE_CIDR_BASE: u32 = 0x0A60_0000;
const SERVICE_CIDR_SIZE: u32 = 1 << 20;
/// The `kubernetes` Service's address.
pub const KUBERNETES_SERVICE_IP: &str = "10.96.0.1";

fn ip(n: u32) -> String {
    let a = SERVICE_CIDR_BASE + n;
    format!(
        "{}.{}.{}.{}",
        a >> 24,
        (a >> 16) & 255,
        (a >> 8) & 255,
        a & 255
    )
}

fn fnv(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A cluster IP for `namespace/name` not in `taken`. The real allocator picks at random
/// in the range; this picks from a hash of the name, so the same scenario always gets
/// the same address without drawing from the simulation's generator.
pub fn allocate_cluster_ip(namespace: &str, name: &str, taken: &[String]) -> String {
    let hash = format!("{namespace}/{name}")
        .bytes()
        .fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
    let mut n = 2 + hash % (SERVICE_CIDR_SIZE - 3);
    loop {
        let candidate = ip(n);
        if !taken.contains(&candidate) {
            return candidate;
        }
        n = 2 + (n - 1) % (SERVICE_CIDR_SIZE - 3);
    }
}

/// The API server's defaults for a Service body (`spec`, `status`). `cluster_ip` is
/// the address to give when the spec asks for none (kept from the stored object on
/// update: the field is immutable).
pub fn default_service(body: &mut Extra, cluster_ip: impl FnOnce() -> String) {
    let spec = body
        .entry("spec")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(spec) = spec else { return };
    let kind = spec
        .entry("type")
        .or_insert_with(|| json!("ClusterIP"))
        .as_str()
        .unwrap_or("ClusterIP")
        .to_string();
    if kind != "ExternalName" {
        let ip = match spec.get("clusterIP").and_then(Value::as_str) {
            Some(given) if !given.is_empty() => given.to_string(),
            _ => cluster_ip(),
        };
        spec.insert("clusterIP".into(), json!(ip));
        spec.entry("clusterIPs").or_insert_with(|| json!([ip]));
        spec.entry("ipFamilies").or_insert_with(|| json!(["IPv4"]));
        spec.entry("ipFamilyPolicy")
            .or_insert_with(|| json!("SingleStack"));
        spec.entry("internalTrafficPolicy")
            .or_insert_with(|| json!("Cluster"));
    }
    spec.entry("sessionAffinity")
        .or_insert_with(|| json!("None"));
    let node_ports = matches!(kind.as_str(), "NodePort" | "LoadBalancer");
    if node_ports {
        spec.entry("externalTrafficPolicy")
            .or_insert_with(|| json!("Cluster"));
    }
    if kind == "LoadBalancer" {
        spec.entry("allocateLoadBalancerNodePorts")
            .or_insert_with(|| json!(true));
    }
    let ip_seed = spec
        .get("clusterIP")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
        for (i, port) in ports
            .iter_mut()
            .filter_map(Value::as_object_mut)
            .enumerate()
        {
            port.entry("protocol").or_insert_with(|| json!("TCP"));
            if let Some(p) = port.get("port").cloned() {
                port.entry("targetPort").or_insert(p);
            }
            if node_ports && port.get("nodePort").and_then(Value::as_i64).unwrap_or(0) == 0 {
                // 30000-32767, as the API server's default range; picked from the
                // Service's address, so it is stable.
                let n = fnv(&format!("{ip_seed}#{i}")) % 2768;
                port.insert("nodePort".into(), json!(30000 + n));
            }
        }
    }
    body.entry("status")
        .or_insert_with(|| json!({"loadBalancer": {}}));
}

/// The cluster's own Service, as every cluster has it in `default`.
pub fn kubernetes_service_body() -> Extra {
    let mut body = Extra::new();
    body.insert(
        "spec".into(),
        json!({
            "clusterIP": KUBERNETES_SERVICE_IP,
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
            "type": "ClusterIP",
        }),
    );
    default_service(&mut body, || KUBERNETES_SERVICE_IP.into());
    body
}

/// The strings of the list `v[key]` (none when it is missing or not a list).
pub fn string_list(v: Option<&Value>, key: &str) -> Vec<String> {
    v.and_then(|s| s.get(key))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// kubectl's columns after NAME: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S) (AGE is the
/// caller's), then SELECTOR when `wide`.
pub fn columns(body: &Extra, wide: bool) -> Vec<String> {
    let spec = body.get("spec").and_then(Value::as_object);
    let text = |key: &str| {
        spec.and_then(|s| s.get(key))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let kind = Some(text("type"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "ClusterIP".into());
    let cluster_ip = Some(text("clusterIP"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "<none>".into());
    let ingress: Vec<String> = body
        .get("status")
        .and_then(|s| s.pointer("/loadBalancer/ingress"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| i.get("ip").or_else(|| i.get("hostname")))
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let external_ips = string_list(body.get("spec"), "externalIPs");
    let external = match kind.as_str() {
        "ExternalName" => text("externalName"),
        "LoadBalancer" if ingress.is_empty() && external_ips.is_empty() => "<pending>".into(),
        "LoadBalancer" => [ingress, external_ips].concat().join(","),
        _ if external_ips.is_empty() => "<none>".into(),
        _ => external_ips.join(","),
    };
    let ports: Vec<String> = spec
        .and_then(|s| s.get("ports"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|p| {
                    let port = p.get("port").map(Value::to_string).unwrap_or_default();
                    let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
                    match p.get("nodePort").and_then(Value::as_i64) {
                        Some(np) if np != 0 => format!("{port}:{np}/{proto}"),
                        _ => format!("{port}/{proto}"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut cells = vec![
        kind,
        cluster_ip,
        external,
        if ports.is_empty() {
            "<none>".into()
        } else {
            ports.join(",")
        },
    ];
    if wide {
        let selector: Vec<String> = spec
            .and_then(|s| s.get("selector"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        cells.push(if selector.is_empty() {
            "<none>".into()
        } else {
            selector.join(",")
        });
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(yaml: &str) -> Extra {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn defaults_give_an_address_tcp_and_target_ports() {
        let mut b = body("spec:\n  selector: {app: x}\n  ports:\n  - port: 9100\n");
        default_service(&mut b, || "10.96.12.34".into());
        assert_eq!(
            columns(&b, true),
            ["ClusterIP", "10.96.12.34", "<none>", "9100/TCP", "app=x"]
        );
        assert_eq!(b["spec"]["ports"][0]["targetPort"], json!(9100));
        assert_eq!(b["spec"]["sessionAffinity"], json!("None"));
    }

    #[test]
    fn headless_node_port_and_load_balancer_columns() {
        let mut headless = body("spec:\n  clusterIP: None\n  ports: [{port: 53, protocol: UDP}]\n");
        default_service(&mut headless, || {
            unreachable!("a headless Service gets no address")
        });
        assert_eq!(
            columns(&headless, false),
            ["ClusterIP", "None", "<none>", "53/UDP"]
        );
        let mut lb = body("spec:\n  type: LoadBalancer\n  ports: [{port: 80, nodePort: 31234}]\n");
        default_service(&mut lb, || "10.96.0.7".into());
        assert_eq!(
            columns(&lb, false),
            ["LoadBalancer", "10.96.0.7", "<pending>", "80:31234/TCP"]
        );
    }

    #[test]
    fn addresses_are_stable_distinct_and_in_range() {
        let a = allocate_cluster_ip("default", "metrics", &[]);
        assert_eq!(a, allocate_cluster_ip("default", "metrics", &[]));
        let b = allocate_cluster_ip("default", "metrics", std::slice::from_ref(&a));
        assert_ne!(a, b);
        for ip in [&a, &b] {
            let octets: Vec<u32> = ip.split('.').map(|o| o.parse().unwrap()).collect();
            assert_eq!((octets[0], octets[1] & 0xf0), (10, 96), "{ip}");
            assert_ne!(ip.as_str(), KUBERNETES_SERVICE_IP);
        }
    }
}
