//! Loader tests: the exact kubectl messages for each way a file can be wrong.

use super::*;

const DS: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
";

fn only(r: &LoadResult) -> &Result<Loaded, Diagnostic> {
    assert!(r.file_error.is_none(), "{:?}", r.file_error);
    assert_eq!(r.documents.len(), 1);
    &r.documents[0]
}

fn err(r: &LoadResult) -> &Diagnostic {
    only(r).as_ref().unwrap_err()
}

#[test]
fn a_plain_daemonset_loads() {
    let r = load(DS, "ds.yaml", FieldValidation::Strict);
    let l = only(&r).as_ref().unwrap();
    assert_eq!(l.line, 1);
    assert!(l.warnings.is_empty());
    match &l.object {
        Object::DaemonSet(ds) => {
            assert_eq!(ds.spec.template.spec.containers[0].image, "nginx:1.25")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn replicas_is_rejected_under_strict_validation() {
    let text = DS.replace("spec:\n  selector:", "spec:\n  replicas: 3\n  selector:");
    let r = load(&text, "ds.yaml", FieldValidation::Strict);
    let d = err(&r);
    assert_eq!(
        d.message,
        "Error from server (BadRequest): error when creating \"ds.yaml\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.replicas\""
    );
    assert_eq!((d.line, d.col), (6, 3));
    assert_eq!(d.path, "spec.replicas");
    assert!(d.hint.as_deref().unwrap().contains("no replicas"));
}

#[test]
fn several_unknown_fields_are_listed_together() {
    let text = DS.replace(
        "spec:\n  selector:",
        "spec:\n  replicas: 3\n  paused: true\n  selector:",
    );
    let r = load(&text, "ds.yaml", FieldValidation::Strict);
    assert!(err(&r).message.ends_with(
        "strict decoding error: unknown field \"spec.paused\", unknown field \"spec.replicas\""
    ));
}

#[test]
fn warn_drops_unknown_fields_with_a_warning_and_ignore_drops_them_silently() {
    let text = DS.replace("spec:\n  selector:", "spec:\n  replicas: 3\n  selector:");
    let r = load(&text, "ds.yaml", FieldValidation::Warn);
    let l = only(&r).as_ref().unwrap();
    assert_eq!(l.warnings, vec!["Warning: unknown field \"spec.replicas\""]);
    let r = load(&text, "ds.yaml", FieldValidation::Ignore);
    assert!(only(&r).as_ref().unwrap().warnings.is_empty());
}

#[test]
fn wrong_types_are_bad_requests() {
    let text = DS.replace(
        "spec:\n  selector:",
        "spec:\n  minReadySeconds: ten\n  selector:",
    );
    let r = load(&text, "ds.yaml", FieldValidation::Ignore);
    let d = err(&r);
    assert_eq!(
        d.message,
        "Error from server (BadRequest): error when creating \"ds.yaml\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.minReadySeconds of type int32"
    );
    assert_eq!(d.line, 6);
}

#[test]
fn missing_api_version_and_kind_fail_client_side_validation() {
    let r = load("metadata:\n  name: x\n", "ds.yaml", FieldValidation::Strict);
    assert_eq!(
        err(&r).message,
        "error: error validating \"ds.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false"
    );
    let r = load(
        "apiVersion: v1\nmetadata:\n  name: x\n",
        "ds.yaml",
        FieldValidation::Strict,
    );
    assert!(err(&r)
        .message
        .contains("error validating data: kind not set; "));
    let r = load(
        "apiVersion: v1\nmetadata:\n  name: x\n",
        "ds.yaml",
        FieldValidation::Ignore,
    );
    assert_eq!(
        err(&r).message,
        "error: unable to decode \"ds.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'"
    );
}

#[test]
fn unknown_kinds_need_crds() {
    let r = load(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
        "w.yaml",
        FieldValidation::Strict,
    );
    assert_eq!(
        err(&r).message,
        "error: resource mapping not found for name: \"w\" namespace: \"\" from \"w.yaml\": no matches for kind \"Widget\" in version \"example.com/v1\"\nensure CRDs are installed first"
    );
    assert!(err(&r).hint.is_none());
}

#[test]
fn removed_daemonset_versions_fail_with_a_concrete_hint() {
    let text = "\
apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: old
  namespace: kube-system
spec:
  templateGeneration: 2
  template:
    metadata:
      labels:
        app: old
        tier: node
    spec:
      containers:
      - name: a
        image: busybox
";
    let r = load(text, "old.yaml", FieldValidation::Strict);
    let d = err(&r);
    assert_eq!(
        d.message,
        "error: resource mapping not found for name: \"old\" namespace: \"kube-system\" from \"old.yaml\": no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"\nensure CRDs are installed first"
    );
    assert_eq!(d.line, 1);
    let hint = d.hint.as_deref().unwrap();
    assert!(hint.contains("set apiVersion: apps/v1"));
    assert!(hint.contains("matchLabels:\n        app: old\n        tier: node"));
    assert!(hint.contains("from OnDelete (extensions/v1beta1) to RollingUpdate"));
    assert!(hint.contains("remove spec.templateGeneration"));
}

#[test]
fn syntax_errors_stop_the_file_with_kubectls_wording() {
    let text = format!("{DS}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n");
    let r = load(&text, "ds.yaml", FieldValidation::Strict);
    assert_eq!(r.documents.len(), 1, "documents before the error are kept");
    let d = r.file_error.as_ref().unwrap();
    assert_eq!(
        d.message,
        "error: error parsing ds.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context"
    );
    assert_eq!((d.line, d.col), (21, 10));
}

#[test]
fn multi_document_files_lists_and_blank_documents() {
    let text = format!(
        "# header\n---\n{DS}---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: b\n"
    );
    let r = load(&text, "f.yaml", FieldValidation::Strict);
    assert!(r.file_error.is_none());
    let kinds: Vec<&str> = r
        .documents
        .iter()
        .map(|d| d.as_ref().unwrap().object.kind())
        .collect();
    assert_eq!(kinds, vec!["DaemonSet", "ConfigMap", "ServiceAccount"]);
    assert_eq!(r.documents[0].as_ref().unwrap().line, 3);
    assert_eq!(r.documents[2].as_ref().unwrap().line, 28);
}

#[test]
fn octal_modes_load_as_go_yaml_reads_them() {
    let text = format!("{DS}      volumes:\n      - name: c\n        configMap:\n          name: c\n          defaultMode: 0644\n");
    let r = load(&text, "ds.yaml", FieldValidation::Strict);
    let Object::DaemonSet(ds) = &only(&r).as_ref().unwrap().object else {
        panic!()
    };
    assert_eq!(
        ds.spec.template.spec.extra["volumes"][0]["configMap"]["defaultMode"],
        420
    );
}

#[test]
fn oversized_input_is_refused_quickly() {
    let text = "a".repeat(yaml::MAX_INPUT_BYTES + 1);
    let r = load(&text, "big.yaml", FieldValidation::Strict);
    assert!(r
        .file_error
        .unwrap()
        .message
        .contains("limit is 4194304 bytes"));
}

#[test]
fn scalar_documents_are_not_objects() {
    let r = load("hello\n", "f.yaml", FieldValidation::Strict);
    assert_eq!(
        err(&r).message,
        "error: error validating \"f.yaml\": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false"
    );
}

#[test]
fn check_reports_every_problem_at_its_line() {
    let text = DS
        .replace("spec:\n  selector:", "spec:\n  replicas: 3\n  selector:")
        .replace(
            "        image: nginx:1.25\n",
            "        imagePullPolcy: Always\n",
        );
    let ds = check(&text);
    let got: Vec<(usize, &str)> = ds.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (6, "unknown field \"spec.replicas\""),
            (16, "spec.template.spec.containers[0].image: Required value"),
            (
                17,
                "unknown field \"spec.template.spec.containers[0].imagePullPolcy\""
            ),
        ]
    );
}

#[test]
fn check_finds_syntax_errors_in_every_document() {
    let d = check("a: b: c\n---\nx: [\n");
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].line, 1);
    assert_eq!(d[1].line, 4);
}

#[test]
fn invalid_messages_follow_kubectls_layout() {
    let one = [FieldError::required(
        "spec.template.spec.containers[0].image",
        "",
    )];
    assert_eq!(
        invalid_message("DaemonSet", "web", &one),
        "The DaemonSet \"web\" is invalid: spec.template.spec.containers[0].image: Required value"
    );
    let two = [
        FieldError::required("a", ""),
        FieldError::invalid("b", -1, "must be greater than or equal to 0"),
    ];
    assert_eq!(
        invalid_message("DaemonSet", "web", &two),
        "The DaemonSet \"web\" is invalid: \n* a: Required value\n* b: Invalid value: -1: must be greater than or equal to 0"
    );
}

#[test]
fn validate_flag_values_parse_like_kubectl() {
    assert_eq!(FieldValidation::parse("true"), Ok(FieldValidation::Strict));
    assert_eq!(FieldValidation::parse("warn"), Ok(FieldValidation::Warn));
    assert_eq!(FieldValidation::parse("false"), Ok(FieldValidation::Ignore));
    assert!(FieldValidation::parse("maybe").is_err());
}
