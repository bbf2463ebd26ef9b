//! `kubectl get` columns of the kinds the simulator stores but does not simulate
//! (`pkg/printers/internalversion/printers.go`): Services and ConfigMaps have
//! their own; every other stored kind prints `NAME AGE`.

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
            let count = |key: &str| {
                body.get(key)
                    .and_then(Value::as_object)
                    .map_or(0, |m| m.len())
            };
            (
                vec![(count("data") + count("binaryData")).to_string()],
                Vec::new(),
            )
        }
        _ => (Vec::new(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configmap_data_counts_text_and_binary_keys() {
        let body: Extra =
            serde_yaml::from_str("data: {a: x, b: y}\nbinaryData: {c: AAEC}\n").unwrap();
        assert_eq!(cells("ConfigMap", &body), (vec!["3".to_string()], vec![]));
        assert_eq!(cells("ConfigMap", &Extra::new()).0, ["0"]);
        assert_eq!(headers("Secret"), (&[][..], &[][..]));
    }
}
