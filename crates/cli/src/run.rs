//! `daemonset-sim run FILE...`: run scenarios, print transcripts and failures,
//! choose the exit code (0 all pass, 1 an expectation failed, 2 an invalid file).

use daemonset_sim::scenario::{load, run};
use std::process::ExitCode;

/// Runs every file, even after a failure, and reports them all.
pub fn run_files(files: &[String]) -> ExitCode {
    let mut worst = 0u8;
    let mut passed = 0usize;
    for (i, file) in files.iter().enumerate() {
        if files.len() > 1 {
            if i > 0 {
                println!();
            }
            println!("=== {file}");
        }
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{file}: cannot read: {e}");
                worst = worst.max(2);
                continue;
            }
        };
        let scenario = match load(&text) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{file}:{}:{}: {}", e.line.max(1), e.col.max(1), e.message);
                worst = worst.max(2);
                continue;
            }
        };
        let report = run(&scenario);
        print!("{}", report.transcript);
        if let Some(e) = &report.step_error {
            println!(
                "FAIL {file}: step {} failed where it must not: {}",
                e.step, e.line
            );
            worst = worst.max(1);
            continue;
        }
        if report.failures.is_empty() {
            passed += 1;
            println!("PASS {file}");
        } else {
            for f in &report.failures {
                println!(
                    "FAIL {file}: expect.{}: wanted {}, seen {}",
                    f.key, f.wanted, f.seen
                );
            }
            worst = worst.max(1);
        }
    }
    if files.len() > 1 {
        println!();
        println!("{passed} of {} scenario files passed", files.len());
    }
    ExitCode::from(worst)
}
