//! The interactive shell: one command line per input line, over a fresh cluster of
//! three nodes. A `$ ` prompt is printed when stdin is a terminal.

use daemonset_sim::kubectl::exec;
use daemonset_sim::sim::{NodeInput, Simulation};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// The nodes of the shell's cluster.
const NODES: &[&str] = &["node-1", "node-2", "node-3"];

/// The shell's starting cluster.
pub fn cluster() -> Simulation {
    let mut sim = Simulation::new(daemonset_sim::scenario::DEFAULT_SEED);
    for n in NODES {
        let _ = sim.add_node(NodeInput {
            name: n.to_string(),
            ready: true,
            ..Default::default()
        });
    }
    sim.run_instant();
    sim
}

/// Reads the files a line names with `-f`/`--filename`/`--patch-file` from disk
/// into the simulation, so `kubectl apply -f ds.yaml` works as in a terminal. A
/// file that does not exist is left to the engine to report as kubectl does.
fn load_files(sim: &mut Simulation, line: &str) {
    let Some(words) = daemonset_sim::kubectl::parse::words(line) else {
        return;
    };
    let mut names = Vec::new();
    let mut it = words.iter().peekable();
    while let Some(w) = it.next() {
        if matches!(w.as_str(), "-f" | "--filename" | "--patch-file") {
            if let Some(v) = it.next() {
                names.push(v.clone());
            }
        } else if let Some(v) = w
            .strip_prefix("--filename=")
            .or_else(|| w.strip_prefix("--patch-file="))
            .or_else(|| {
                w.strip_prefix("-f=")
                    .or_else(|| w.strip_prefix("-f").filter(|v| !v.is_empty()))
            })
        {
            names.push(v.to_string());
        }
    }
    for n in names {
        if let Ok(text) = std::fs::read_to_string(&n) {
            sim.files.insert(n, text);
        }
    }
}

/// Runs the shell until end of input (or `exit`).
pub fn shell() -> ExitCode {
    let mut sim = cluster();
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut out = std::io::stdout();
    if interactive {
        println!(
            "daemonset-sim: a simulated cluster with nodes {}.",
            NODES.join(", ")
        );
        println!(
            "Type kubectl commands, \"sim help\" for the simulator's verbs, \"exit\" to leave."
        );
    }
    let mut lines = stdin.lock().lines();
    loop {
        if interactive {
            print!("$ ");
            let _ = out.flush();
        }
        let Some(Ok(line)) = lines.next() else { break };
        let t = line.trim();
        if t == "exit" || t == "quit" {
            break;
        }
        load_files(&mut sim, &line);
        let r = exec(&mut sim, &line);
        print!("{}", r.output);
        let _ = out.flush();
    }
    if interactive {
        println!();
    }
    ExitCode::SUCCESS
}
