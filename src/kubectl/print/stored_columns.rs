//! `kubectl get` columns of the kinds the simulator stores but does not simulate
//! (`pkg/printers/internalversion/printers.go`): Services, ConfigMaps, Secrets and
//! ServiceAccounts have their own; every other stored kind prints `NAME AGE`.

use crate::model::meta::Extra;
use serde_json::Value;

/// The headers between NAME and AGE, and the ones `-o wide` adds after AGE.
pub(crate) fn headers(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "Service" => (
            &["TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)"],
            &["SELECTOR"],
        ),
        "ConfigMap" => (&["DATA"], &[]),
        "Secret" => (&["TYPE", "DATA"], &[]),
        "ServiceAccount" => (&["SECRETS"], &[]),
        _ => (&[], &[]),
    }
}

/// The cells of one object under [`headers`]: (before AGE, `-o wide` after AGE).
pub(crate) fn cells(kind: &str, body: &Extra) -> (Vec<String>, Vec<String>) {
    match kind {
        "Service" => {
            let mut cells = crate::model::service::columns(body, true);
            let wide = cells.split_off(4);
            (cells, wide)
        }
        "ConfigMap" => {
            // printConfigMap: len(Data) + len(BinaryData).
            (
                vec![(count(body, "data") + count(body, "binaryData")).to_string()],
                Vec::new(),
            )
        }
        // printSecret: the type, then len(Data).
        "Secret" => (
            vec![
                body.get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                count(body, "data").to_string(),
            ],
            Vec::new(),
        ),
        // printServiceAccount: len(Secrets).
        "ServiceAccount" => (vec![count(body, "secrets").to_string()], Vec::new()),
        _ => (Vec::new(), Vec::new()),
    }
}

/// How many entries `body[key]` holds (a map's keys or a list's items).
fn count(body: &Extra, key: &str) -> usize {
    match body.get(key) {
        Some(Value::Object(m)) => m.len(),
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_show_type_and_data_and_service_accounts_their_secrets() {
        let secret: Extra =
            serde_yaml::from_str("type: Opaque\ndata: {a: eA==, b: eQ==}\n").unwrap();
        assert_eq!(cells("Secret", &secret).0, ["Opaque", "2"]);
        let sa: Extra = serde_yaml::from_str("secrets: [{name: t1}]\n").unwrap();
        assert_eq!(cells("ServiceAccount", &sa).0, ["1"]);
        assert_eq!(cells("ServiceAccount", &Extra::new()).0, ["0"]);
    }

    #[test]
    fn configmap_data_counts_text_and_binary_keys() {
        let body: Extra =
            serde_yaml::from_str("data: {a: x, b: y}\nbinaryData: {c: AAEC}\n").unwrap();
        assert_eq!(cells("ConfigMap", &body), (vec!["3".to_string()], vec![]));
        assert_eq!(cells("ConfigMap", &Extra::new()).0, ["0"]);
        assert_eq!(headers("Role"), (&[][..], &[][..]));
    }
}
