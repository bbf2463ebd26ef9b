//! Runs a parsed command against a [`Simulation`]: resolves names against the store,
//! calls the Simulation API as the API server would be called, and words the answer
//! as kubectl (or, for `sim` verbs, the simulator) does.
//!
//! [`exec`] is the single entry point the CLI, the page and the scenario runner use.

use super::parse::{self, Command, Resource, Sim};
use super::request::ResourceType;
use super::request::{OutputFormat, Scope};
use super::ExecResult;
use crate::clock::{format_clock, Millis};
use crate::sim::{NodeInput, Simulation};
use crate::store::Key;

/// How long kubectl's implicit waits (`delete`, `drain`) may move the simulated
/// clock before giving up: far longer than any default grace period (30 s).
pub(crate) const WAIT_LIMIT: Millis = 5 * 60 * 1000;

/// Text accumulated by a command, and whether it failed.
#[derive(Debug)]
pub(crate) struct Out {
    pub text: String,
    pub ok: bool,
}

impl Out {
    pub fn new() -> Out {
        Out {
            text: String::new(),
            ok: true,
        }
    }
    /// Appends a line (a newline is added unless `s` already ends with one).
    pub fn line(&mut self, s: impl AsRef<str>) {
        let s = s.as_ref();
        self.text.push_str(s);
        if !s.ends_with('\n') {
            self.text.push('\n');
        }
    }
    /// Appends text as is (may be empty).
    pub fn raw(&mut self, s: &str) {
        self.text.push_str(s);
    }
    /// Appends an error line and marks the command failed.
    pub fn fail(&mut self, s: impl AsRef<str>) {
        self.line(s);
        self.ok = false;
    }
    /// Appends another command's result.
    pub fn merge(&mut self, r: ExecResult) {
        self.text.push_str(&r.output);
        if !r.output.is_empty() && !r.output.ends_with('\n') {
            self.text.push('\n');
        }
        self.ok &= r.ok;
    }
    pub fn done(self) -> ExecResult {
        ExecResult {
            ok: self.ok,
            output: self.text,
        }
    }
}

fn failed(msg: impl Into<String>) -> ExecResult {
    let mut o = Out::new();
    o.fail(msg.into());
    o.done()
}

/// Runs one command line, as typed in a terminal, a scenario step or the page.
///
/// Blank lines and `#` comments succeed with no output. Nothing panics on any input.
pub fn exec(sim: &mut Simulation, line: &str) -> ExecResult {
    let cmd = match parse::parse(line) {
        Ok(c) => c,
        Err(e) if parse::is_help(&e) => {
            return ExecResult {
                ok: true,
                output: format!("{}\n", e.0),
            }
        }
        Err(e) => return failed(e.0),
    };
    let mutates = !matches!(
        cmd,
        Command::Empty
            | Command::KubectlHelp
            | Command::Version
            | Command::Get(_)
            | Command::Describe(_)
            | Command::Explain(_)
    );
    let result = run(sim, cmd);
    if mutates {
        // What a real cluster does within milliseconds of a write (controller syncs
        // at the same instant) is done before the next command.
        sim.run_instant();
    }
    result
}

/// Runs an already parsed command.
pub fn run(sim: &mut Simulation, cmd: Command) -> ExecResult {
    match cmd {
        Command::Empty => ExecResult {
            ok: true,
            output: String::new(),
        },
        Command::KubectlHelp => ExecResult {
            ok: true,
            output: KUBECTL_HELP.to_string(),
        },
        Command::Version => ExecResult {
            ok: true,
            output: "Client Version: v1.36.0\nKustomize Version: v5.7.1\nServer Version: v1.34.1\n"
                .to_string(),
        },
        Command::Apply(a) => super::apply::apply(sim, &a),
        Command::CreateNamespace(name) => super::apply::create_namespace(sim, &name),
        Command::CreateServiceAccount(ns, name) => {
            super::apply::create_service_account(sim, ns.as_deref().unwrap_or("default"), &name)
        }
        Command::Get(g) => get(sim, &g),
        Command::Describe(d) => describe(sim, &d),
        Command::Delete(d) => super::delete::delete(sim, &d),
        Command::Label(l) => super::edit::label(sim, &l),
        Command::Taint(t) => super::edit::taint(sim, &t),
        Command::Cordon(c) => super::edit::cordon(sim, &c),
        Command::Drain(d) => super::edit::drain(sim, &d),
        Command::SetImage(s) => super::edit::set_image(sim, &s),
        Command::Patch(p) => super::patch::patch(sim, &p),
        Command::Rollout(r) => super::rollout::rollout(sim, &r),
        Command::Scale(s) => super::scale::scale(sim, &s),
        Command::Explain(path) => match crate::manifest::explain(&path) {
            Ok(text) => ExecResult {
                ok: true,
                output: if text.ends_with('\n') {
                    text
                } else {
                    format!("{text}\n")
                },
            },
            Err(e) => failed(if e.starts_with("error:") {
                e
            } else {
                format!("error: {e}")
            }),
        },
        Command::Sim(s) => sim_verb(sim, s),
    }
}

const KUBECTL_HELP: &str = "kubectl controls the Kubernetes cluster manager (simulated).

Commands this simulator answers:
  apply -f FILE         create or update objects from a file
  create -f FILE        create objects from a file (error if they exist)
  create namespace NAME
  get TYPE [NAME]       ds, pods, nodes, controllerrevisions, events, namespaces
  describe TYPE NAME
  delete TYPE NAME      also -l SELECTOR, -f FILE, --cascade=background|foreground|orphan
  label / annotate      TYPE NAME k=v [k-] [--overwrite]
  taint nodes NAME      k=v:Effect [k:Effect-]
  cordon / uncordon / drain NODE
  set image ds/NAME CONTAINER=IMAGE
  patch ds NAME --type=merge|strategic|json -p PATCH
  rollout status|history|undo|restart|pause|resume ds/NAME
  explain daemonset.spec...

And the simulator's own verbs: run \"sim help\".
";

/// The namespace a command works in.
pub(crate) fn ns_of(opt: &Option<String>) -> String {
    opt.clone().unwrap_or_else(|| "default".to_string())
}

fn get(sim: &Simulation, g: &parse::Get) -> ExecResult {
    if !matches!(g.output, OutputFormat::Table | OutputFormat::Wide) {
        return get_objects(sim, g);
    }
    let now = sim.now();
    let mut parts: Vec<ExecResult> = Vec::new();
    if !g.order.is_empty() {
        // Mixed kinds in one list (`get all`): one block per kind in the order asked,
        // every name prefixed with its kind.
        for r in &g.order {
            parts.push(match r {
                Resource::Typed(t) => {
                    let mut req = g.requests[0].clone();
                    req.resources = vec![*t];
                    req.with_kind = true;
                    super::print::get(&sim.store, now, &req)
                }
                Resource::Other(k) => {
                    get_other(sim, k, &[], &g.scope, g.selector.as_ref(), g.wide, true)
                }
            });
        }
        return join_blocks(parts, &g.scope);
    }
    let others: Vec<ExecResult> = g
        .others
        .iter()
        .map(|(k, names)| get_other(sim, k, names, &g.scope, g.selector.as_ref(), g.wide, false))
        .collect();
    let typed: Vec<ExecResult> = g
        .requests
        .iter()
        .map(|r| super::print::get(&sim.store, now, r))
        .collect();
    if g.others_first {
        parts.extend(others);
        parts.extend(typed);
    } else {
        parts.extend(typed);
        parts.extend(others);
    }
    if parts.len() == 1 {
        return parts.pop().expect("one");
    }
    join_blocks(parts, &g.scope)
}

/// Several tables: kubectl separates them with a blank line and drops
/// "No resources found" for the empty ones.
fn join_blocks(parts: Vec<ExecResult>, scope: &Scope) -> ExecResult {
    let mut out = Out::new();
    let mut any = false;
    for p in parts {
        let empty = p.ok && p.output.starts_with("No resources found");
        if empty {
            continue;
        }
        if any && !p.output.is_empty() && p.ok {
            out.raw("\n");
        }
        any |= !p.output.is_empty();
        out.merge(p);
    }
    if !any && out.ok {
        match scope {
            Scope::Namespace(ns) => out.line(format!("No resources found in {ns} namespace.")),
            Scope::All => out.line("No resources found"),
        }
    }
    out.done()
}

/// `kubectl get -o name|json|yaml|…`: every object asked for, modelled or
/// stored-only, through one printer, so several kinds make one `kind: List`.
fn get_objects(sim: &Simulation, g: &parse::Get) -> ExecResult {
    let mut errors = Vec::new();
    let mut items = Vec::new();
    let mut names = 0;
    let mut typed = |req: &crate::kubectl::request::GetRequest,
                     items: &mut Vec<super::print::Item>,
                     errors: &mut Vec<String>| {
        names += req.names.len();
        items.extend(super::print::get_items(&sim.store, req, errors));
    };
    let other = |k: &parse::OtherKind,
                 names: &[String],
                 items: &mut Vec<super::print::Item>,
                 errors: &mut Vec<String>| {
        items.extend(super::print::stored_items(
            &sim.store,
            k,
            names,
            &g.scope,
            g.selector.as_ref(),
            errors,
        ));
    };
    if !g.order.is_empty() {
        for r in &g.order {
            match r {
                Resource::Typed(t) => {
                    let mut req = g.requests[0].clone();
                    req.resources = vec![*t];
                    typed(&req, &mut items, &mut errors);
                }
                Resource::Other(k) => other(k, &[], &mut items, &mut errors),
            }
        }
    } else {
        let others_named: usize = g.others.iter().map(|(_, n)| n.len()).sum();
        let run_others = |items: &mut Vec<super::print::Item>, errors: &mut Vec<String>| {
            for (k, n) in &g.others {
                other(k, n, items, errors);
            }
        };
        if g.others_first {
            run_others(&mut items, &mut errors);
        }
        for req in &g.requests {
            typed(req, &mut items, &mut errors);
        }
        if !g.others_first {
            run_others(&mut items, &mut errors);
        }
        names += others_named;
    }
    super::print::print_items(&g.output, items, names == 1, errors)
}

/// `kubectl get` for kinds the simulator only stores: kubectl's columns for the
/// kind (`NAME AGE` for most; Services, ConfigMaps, Secrets and ServiceAccounts
/// have their own, from `pkg/printers/internalversion/printers.go`).
fn get_other(
    sim: &Simulation,
    k: &parse::OtherKind,
    names: &[String],
    scope: &Scope,
    selector: Option<&crate::model::Selector>,
    wide: bool,
    with_kind: bool,
) -> ExecResult {
    let now = sim.now();
    let mut out = Out::new();
    let mut errors = Vec::new();
    let objs = super::print::select_stored(&sim.store, k, names, scope, selector, &mut errors);
    for e in &errors {
        out.fail(e.clone());
    }
    if objs.is_empty() {
        if names.is_empty() {
            match scope {
                Scope::Namespace(ns) if k.namespaced => {
                    out.line(format!("No resources found in {ns} namespace."))
                }
                _ => out.line("No resources found"),
            }
        }
        return out.done();
    }
    let all = matches!(scope, Scope::All) && k.namespaced;
    let (own, wide_own) = super::print::stored_columns::headers(k.kind);
    let mut header: Vec<String> = vec!["NAME".into()];
    header.extend(own.iter().map(|h| h.to_string()));
    header.push("AGE".into());
    if wide {
        header.extend(wide_own.iter().map(|h| h.to_string()));
    }
    if all {
        header.insert(0, "NAMESPACE".into());
    }
    let mut table: Vec<Vec<String>> = vec![header];
    for obj in objs {
        let name = &obj.metadata.name;
        let mut row = vec![if with_kind {
            format!("{}/{name}", k.qualified_singular())
        } else {
            name.clone()
        }];
        let (cells, wide_cells) = super::print::stored_columns::cells(k.kind, &obj.body);
        row.extend(cells);
        row.push(crate::clock::human_duration(
            now.since(obj.metadata.created()),
        ));
        if wide {
            row.extend(wide_cells);
        }
        if all {
            row.insert(0, obj.metadata.namespace.clone());
        }
        table.push(row);
    }
    let mut body = String::new();
    let cols = table[0].len();
    let widths: Vec<usize> = (0..cols)
        .map(|c| table.iter().map(|r| r[c].len()).max().unwrap_or(0))
        .collect();
    for r in &table {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c + 1 == cols {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{:<w$}", cell, w = widths[c] + 3));
            }
        }
        body.push_str(line.trim_end());
        body.push('\n');
    }
    // Errors (NotFound) go after the table, as kubectl prints them.
    let errors = std::mem::take(&mut out.text);
    out.raw(&body);
    out.raw(&errors);
    out.done()
}

fn describe(sim: &Simulation, d: &parse::Describe) -> ExecResult {
    let resource = match d.resource {
        Resource::Typed(t) => t,
        Resource::Other(k) => return describe_stored(sim, &k, d),
    };
    let now = sim.now();
    let namespaces: Vec<String> = match &d.scope {
        Scope::Namespace(ns) => vec![ns.clone()],
        Scope::All => {
            let mut v: Vec<String> = sim
                .store
                .daemonsets()
                .keys()
                .map(|k| k.0.clone())
                .chain(sim.store.pods().keys().map(|k| k.0.clone()))
                .collect();
            crate::sort::sort(&mut v);
            v.dedup();
            v
        }
    };
    let cluster = matches!(resource, ResourceType::Nodes | ResourceType::Namespaces);
    if d.names.is_empty() && d.selector.is_none() && (cluster || namespaces.len() == 1) {
        let ns = namespaces.first().cloned().unwrap_or_default();
        return super::print::describe(&sim.store, now, resource, &ns, "");
    }
    let mut targets: Vec<(String, String)> = Vec::new();
    if !d.names.is_empty() {
        let ns = namespaces
            .first()
            .cloned()
            .unwrap_or_else(|| "default".into());
        for n in &d.names {
            targets.push((ns.clone(), n.clone()));
        }
    } else {
        let sel = d.selector.clone().unwrap_or_default();
        let in_scope = |ns: &str| cluster || namespaces.iter().any(|n| n == ns);
        match resource {
            ResourceType::DaemonSets => {
                for (k, o) in sim.store.daemonsets() {
                    if in_scope(&k.0) && sel.matches(&o.metadata.labels) {
                        targets.push(k.clone());
                    }
                }
            }
            ResourceType::Pods => {
                for (k, o) in sim.store.pods() {
                    if in_scope(&k.0) && sel.matches(&o.metadata.labels) {
                        targets.push(k.clone());
                    }
                }
            }
            ResourceType::Nodes => {
                for (n, o) in sim.store.nodes() {
                    if sel.matches(&o.metadata.labels) {
                        targets.push((String::new(), n.clone()));
                    }
                }
            }
            ResourceType::ControllerRevisions => {
                for (k, o) in sim.store.revisions() {
                    if in_scope(&k.0) && sel.matches(&o.metadata.labels) {
                        targets.push(k.clone());
                    }
                }
            }
            ResourceType::Deployments => {
                for (k, o) in sim.store.deployments() {
                    if in_scope(&k.0) && sel.matches(&o.metadata.labels) {
                        targets.push(k.clone());
                    }
                }
            }
            ResourceType::ReplicaSets => {
                for (k, o) in sim.store.replicasets() {
                    if in_scope(&k.0) && sel.matches(&o.metadata.labels) {
                        targets.push(k.clone());
                    }
                }
            }
            ResourceType::Namespaces | ResourceType::Events => {
                let ns = namespaces.first().cloned().unwrap_or_default();
                return super::print::describe(&sim.store, now, resource, &ns, "");
            }
        }
        if targets.is_empty() {
            return ExecResult {
                ok: true,
                output: match &d.scope {
                    Scope::Namespace(ns) if !cluster => {
                        format!("No resources found in {ns} namespace.\n")
                    }
                    _ => "No resources found\n".to_string(),
                },
            };
        }
    }
    let mut out = Out::new();
    let mut first = true;
    for (ns, name) in targets {
        let r = super::print::describe(&sim.store, now, resource, &ns, &name);
        if !first && r.ok {
            out.raw("\n\n");
        }
        first = false;
        out.merge(r);
    }
    out.done()
}

/// `kubectl describe svc|cm [NAME_PREFIX | -l SELECTOR]`.
fn describe_stored(sim: &Simulation, k: &parse::OtherKind, d: &parse::Describe) -> ExecResult {
    let mut errors = Vec::new();
    let in_scope = super::print::select_stored(
        &sim.store,
        k,
        &[],
        &d.scope,
        d.selector.as_ref(),
        &mut errors,
    );
    let mut out = Out::new();
    let mut texts = Vec::new();
    if d.names.is_empty() {
        if in_scope.is_empty() {
            return match &d.scope {
                Scope::Namespace(ns) => ExecResult {
                    ok: true,
                    output: format!("No resources found in {ns} namespace.\n"),
                },
                Scope::All => ExecResult {
                    ok: true,
                    output: "No resources found\n".into(),
                },
            };
        }
        texts.extend(
            in_scope
                .iter()
                .map(|o| super::print::describe_stored(&sim.store, sim.now(), o)),
        );
    }
    for name in &d.names {
        // An exact name, else every object whose name starts with it, as kubectl does.
        let exact: Vec<_> = in_scope
            .iter()
            .filter(|o| &o.metadata.name == name)
            .collect();
        let chosen = if exact.is_empty() {
            in_scope
                .iter()
                .filter(|o| o.metadata.name.starts_with(name.as_str()))
                .collect()
        } else {
            exact
        };
        if chosen.is_empty() {
            errors.push(format!(
                "Error from server (NotFound): {} \"{name}\" not found",
                k.qualified_plural()
            ));
        }
        texts.extend(
            chosen
                .into_iter()
                .map(|o| super::print::describe_stored(&sim.store, sim.now(), o)),
        );
    }
    out.raw(&texts.join("\n\n"));
    for e in errors {
        out.fail(e);
    }
    out.done()
}

// ----- sim verbs -----

fn sim_verb(sim: &mut Simulation, s: Sim) -> ExecResult {
    let mut out = Out::new();
    let clock = |sim: &Simulation| format_clock(sim.now().ms());
    match s {
        Sim::Help => out.raw(parse::SIM_HELP),
        Sim::AddNode(a) => {
            let input = NodeInput {
                name: a.name.clone(),
                labels: crate::sort::map_of(a.labels),
                taints: a.taints,
                unschedulable: a.unschedulable,
                ready: !a.not_ready,
                allocatable: crate::sort::map_of(a.allocatable),
            };
            match sim.add_node(input) {
                Ok(()) => out.line(format!(
                    "node/{} joined the cluster ({})",
                    a.name,
                    if a.not_ready { "NotReady" } else { "Ready" }
                )),
                Err(e) => out.fail(e),
            }
        }
        Sim::RemoveNode(n) => match sim.remove_node(&n) {
            Ok(()) => out.line(format!(
                "node/{n} removed: the machine is gone; the pod garbage collector will delete its pods"
            )),
            Err(e) => out.fail(e),
        },
        Sim::FailNode(n) => match sim.fail_node(&n) {
            Ok(()) => out.line(format!(
                "node/{n} failed: its kubelet stopped reporting (the node lifecycle controller notices after {})",
                format_clock(sim.timings.node_monitor_grace)
            )),
            Err(e) => out.fail(e),
        },
        Sim::RecoverNode(n) => match sim.recover_node(&n) {
            Ok(()) => out.line(format!("node/{n} recovered: its kubelet is reporting again")),
            Err(e) => out.fail(e),
        },
        Sim::ImageFails(img) => {
            sim.image_fails(&img);
            out.line(format!(
                "pulls of image \"{img}\" fail from now on (ErrImagePull, then ImagePullBackOff)"
            ));
        }
        Sim::ImageCrashes(img) => {
            sim.image_crashes(&img);
            out.line(format!(
                "containers from image \"{img}\" exit right after starting from now on (CrashLoopBackOff)"
            ));
        }
        Sim::FailPod { namespace, name } => {
            let key: Key = (ns_of(&namespace), name.clone());
            match sim.fail_pod(&key) {
                Ok(()) => out.line(format!(
                    "pod/{name} evicted by the kubelet (phase Failed, reason Evicted)"
                )),
                Err(e) => out.fail(e),
            }
        }
        Sim::Advance(ms) => {
            sim.advance(ms);
            out.line(format!(
                "advanced {} (clock: {})",
                format_clock(ms),
                clock(sim)
            ));
        }
        Sim::Settle => {
            let report = sim.settle();
            if report.hit_horizon {
                out.line(format!(
                    "stopped after {} of simulated time without settling (clock: {})",
                    format_clock(report.elapsed),
                    clock(sim)
                ));
            } else {
                out.line(format!(
                    "settled after {} of simulated time (clock: {})",
                    format_clock(report.elapsed),
                    clock(sim)
                ));
            }
            for s in &report.stuck {
                out.line(format!("stuck: {s}"));
            }
        }
        Sim::Why {
            namespace,
            name,
            node,
        } => {
            let key: Key = (ns_of(&namespace), name);
            match sim.why(&key, node.as_deref()) {
                Ok(text) => out.line(text),
                Err(e) => out.fail(e),
            }
        }
    }
    out.done()
}

/// The `x/name` form kubectl prints for an object of a resource type.
pub(crate) fn singular(r: Resource) -> String {
    match r {
        Resource::Typed(t) => match t {
            ResourceType::DaemonSets => "daemonset.apps".into(),
            ResourceType::Pods => "pod".into(),
            ResourceType::Nodes => "node".into(),
            ResourceType::ControllerRevisions => "controllerrevision.apps".into(),
            ResourceType::Deployments => "deployment.apps".into(),
            ResourceType::ReplicaSets => "replicaset.apps".into(),
            ResourceType::Events => "event".into(),
            ResourceType::Namespaces => "namespace".into(),
        },
        Resource::Other(k) => k.qualified_singular(),
    }
}

/// The plural form kubectl prints in server errors (`daemonsets.apps`).
pub(crate) fn plural(r: Resource) -> String {
    match r {
        Resource::Typed(t) => match t {
            ResourceType::DaemonSets => "daemonsets.apps".into(),
            ResourceType::Pods => "pods".into(),
            ResourceType::Nodes => "nodes".into(),
            ResourceType::ControllerRevisions => "controllerrevisions.apps".into(),
            ResourceType::Deployments => "deployments.apps".into(),
            ResourceType::ReplicaSets => "replicasets.apps".into(),
            ResourceType::Events => "events".into(),
            ResourceType::Namespaces => "namespaces".into(),
        },
        Resource::Other(k) => k.qualified_plural(),
    }
}

/// `Error from server (NotFound): daemonsets.apps "web" not found`.
pub(crate) fn not_found(r: Resource, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found",
        plural(r)
    )
}

/// Advances simulated time until `done` holds, no timer is left, or `max` passed.
/// Returns whether `done` holds at the end.
pub(crate) fn wait_until(
    sim: &mut Simulation,
    max: Millis,
    mut done: impl FnMut(&Simulation) -> bool,
) -> bool {
    let limit = sim.now().plus(max);
    sim.run_instant();
    loop {
        if done(sim) {
            return true;
        }
        if !sim.advance_to_next(limit) {
            return done(sim);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_comment_lines_succeed_silently() {
        let mut sim = Simulation::new(1);
        for l in ["", "  ", "# hello"] {
            let r = exec(&mut sim, l);
            assert!(r.ok);
            assert_eq!(r.output, "");
        }
    }

    /// A cluster with a DaemonSet, for the tests below.
    fn cluster() -> Simulation {
        let mut sim = Simulation::new(7);
        for n in ["node-1", "node-2"] {
            sim.add_node(NodeInput {
                name: n.into(),
                ready: true,
                ..Default::default()
            })
            .unwrap();
        }
        sim.files.insert(
            "ds.yaml".into(),
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n".into(),
        );
        sim
    }

    #[test]
    fn no_input_panics() {
        // A deterministic sweep over combinations of words kubectl lines are made of.
        const WORDS: &[&str] = &[
            "kubectl",
            "sim",
            "get",
            "apply",
            "create",
            "delete",
            "describe",
            "label",
            "annotate",
            "taint",
            "cordon",
            "uncordon",
            "drain",
            "set",
            "image",
            "patch",
            "rollout",
            "status",
            "history",
            "undo",
            "restart",
            "pause",
            "resume",
            "explain",
            "ds",
            "ds/web",
            "web",
            "pods",
            "po",
            "nodes",
            "node-1",
            "no/node-1",
            "ns",
            "ev",
            "controllerrevisions",
            "-f",
            "ds.yaml",
            "-n",
            "-A",
            "-l",
            "app=web",
            "--field-selector",
            "spec.nodeName=node-1",
            "-o",
            "yaml",
            "json",
            "wide",
            "name",
            "jsonpath={.items[*].metadata.name}",
            "go-template={{range .items}}{{.metadata.name}}{{end}}",
            "go-template={{if",
            "--template",
            "custom-columns=NAME:.metadata.name,X:.spec.x",
            "--cascade",
            "--cascade=orphan",
            "--cascade=foreground",
            "--overwrite",
            "k=v",
            "k-",
            "a:NoSchedule",
            "a=b:NoExecute",
            "a:NoSchedule-",
            "nginx=nginx:2",
            "*=x",
            "--type=json",
            "--type=merge",
            "-p",
            "{}",
            "[]",
            "[{\"op\":\"remove\",\"path\":\"/spec\"}]",
            "--to-revision=1",
            "--revision=2",
            "--watch=false",
            "--timeout=5s",
            "--ignore-daemonsets",
            "--force",
            "add-node",
            "remove-node",
            "fail-node",
            "recover-node",
            "advance",
            "settle",
            "why",
            "fail-pod",
            "image-fails",
            "image-crashes",
            "1s",
            "node-9",
            "--",
            "-",
            "=",
            "/",
            "'",
            "\"",
            "\\",
            "é",
            "--labels=a=b",
            "--taints=x=y:NoSchedule",
            "daemonset.apps/web",
            "namespace",
            "prod",
            "--all",
            "-h",
            "--validate=false",
            "--record",
        ];
        let mut sim = cluster();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..4000 {
            let n = 1 + (seed % 6) as usize;
            let mut line = String::from(if seed % 5 == 0 { "sim " } else { "kubectl " });
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                line.push_str(WORDS[(seed % WORDS.len() as u64) as usize]);
                line.push(' ');
            }
            let r = exec(&mut sim, &line);
            if !r.ok {
                assert!(!r.output.is_empty(), "{line}: a failure must say why");
            }
        }
    }

    #[test]
    fn apply_then_rollout_speak_as_kubectl() {
        let mut sim = cluster();
        let r = exec(&mut sim, "kubectl apply -f ds.yaml");
        assert_eq!(r.output, "daemonset.apps/web created\n");
        let r = exec(&mut sim, "kubectl rollout undo ds/web");
        assert!(!r.ok);
        assert_eq!(r.output, "error: no last revision to roll back to\n");
        let r = exec(&mut sim, "kubectl rollout status ds/web");
        assert!(r.ok, "{}", r.output);
        assert!(
            r.output
                .ends_with("daemon set \"web\" successfully rolled out\n"),
            "{}",
            r.output
        );
        let r = exec(&mut sim, "kubectl rollout pause ds/web");
        assert_eq!(
            r.output,
            "error: daemonsets.apps \"web\" pausing is not supported\n"
        );
        let r = exec(&mut sim, "kubectl set image ds/web nope=x");
        assert_eq!(r.output, "error: unable to find container named \"nope\"\n");
        let r = exec(&mut sim, "kubectl apply -f missing.yaml");
        assert_eq!(
            r.output,
            "error: the path \"missing.yaml\" does not exist\n"
        );
        let r = exec(&mut sim, "kubectl create -f ds.yaml");
        assert_eq!(
            r.output,
            "Error from server (AlreadyExists): error when creating \"ds.yaml\": daemonsets.apps \"web\" already exists\n"
        );
        let r = exec(&mut sim, "kubectl delete ds web");
        assert_eq!(
            r.output,
            "daemonset.apps \"web\" deleted from default namespace\n"
        );
    }

    #[test]
    fn parse_errors_fail_with_kubectl_text() {
        let mut sim = Simulation::new(1);
        let r = exec(&mut sim, "kubectl get pods --foo");
        assert!(!r.ok);
        assert_eq!(
            r.output,
            "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n"
        );
    }
}
