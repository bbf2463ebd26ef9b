//! `test` (the one command that runs every test), `bench`, `fuzz` and `bless`.
//!
//! `test` runs its stages in order and stops at the first failure. Each prints a header
//! and its duration, and a summary closes the run. Cheap checks come first so that a
//! formatting slip fails in seconds, not after the release build.

use crate::{cmd, probe, root, run_cmd, secs, setup, stage, web, Result};
use std::time::Duration;

/// Seconds per fuzz target in `cargo xtask test` (a smoke run, not a search).
const SHORT_FUZZ_SECONDS: u64 = 20;

/// Where wasm-bindgen-test-runner finds the driver for headless Chromium.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

type Stage = (&'static str, Box<dyn FnOnce() -> Result>);

pub fn test() -> Result {
    let stages: Vec<Stage> = vec![
        ("setup", Box::new(setup::setup)),
        (
            "rustfmt",
            Box::new(|| run_cmd(cmd("cargo").args(["fmt", "--all", "--check"]))),
        ),
        (
            "clippy (native)",
            Box::new(|| {
                run_cmd(cmd("cargo").args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        (
            "clippy (wasm32)",
            Box::new(|| {
                run_cmd(cmd("cargo").args([
                    "clippy",
                    "-p",
                    "daemonset-sim-wasm",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        // Natively, with doctests: under wasm32, doctests pass without running.
        (
            "cargo test (native)",
            Box::new(|| run_cmd(cmd("cargo").args(["test", "--workspace"]))),
        ),
        (
            "wasm-bindgen tests (headless Chromium)",
            Box::new(wasm_tests),
        ),
        (
            "build-web + dist (dist/ and the single-file export)",
            Box::new(|| web::build_web(false).and_then(|()| web::assemble_dist())),
        ),
        ("page e2e (node tests/e2e/run.mjs)", Box::new(e2e)),
        (
            "fuzz (short)",
            Box::new(|| fuzz_targets(SHORT_FUZZ_SECONDS, &[], true)),
        ),
    ];

    let mut done: Vec<(&str, Duration)> = Vec::new();
    let total = stages.len();
    for (i, (name, body)) in stages.into_iter().enumerate() {
        let label = format!("[{}/{total}] {name}", i + 1);
        match stage(&label, body) {
            Ok(((), took)) => done.push((name, took)),
            Err(e) => {
                summary(&done);
                return Err(format!("stage `{name}` failed: {e}").into());
            }
        }
    }
    summary(&done);
    eprintln!("\nall {total} stages passed");
    Ok(())
}

fn summary(done: &[(&str, Duration)]) {
    eprintln!("\nstage durations:");
    for (name, took) in done {
        eprintln!("  {:>9}  {name}", secs(*took));
    }
    let sum: Duration = done.iter().map(|(_, d)| *d).sum();
    eprintln!("  {:>9}  total", secs(sum));
}

/// `cargo test --target wasm32-unknown-unknown --tests` for the wasm crate. The runner
/// (`.cargo/config.toml`) runs `run_in_browser` files in headless Chromium through
/// chromedriver and the other files in Node. `--tests`: doctests would "pass" unrun.
fn wasm_tests() -> Result {
    if !std::path::Path::new(CHROMEDRIVER).exists() {
        return Err(format!(
            "{CHROMEDRIVER} is missing: run `cargo xtask setup` as root, or \
             `sudo apt-get install -y chromium chromium-driver`"
        )
        .into());
    }
    run_cmd(
        cmd("cargo")
            .args([
                "test",
                "-p",
                "daemonset-sim-wasm",
                "--target",
                "wasm32-unknown-unknown",
                "--tests",
            ])
            .env("CHROMEDRIVER", CHROMEDRIVER),
    )
}

/// The page tests: `node tests/e2e/run.mjs` serves the repo root itself and drives
/// Debian's Chromium with playwright-core. It expects `www/pkg` built (the stage before).
fn e2e() -> Result {
    let script = root().join("tests/e2e/run.mjs");
    if !script.exists() {
        eprintln!(
            "\n********************************************************************\n\
             *  SKIPPED: tests/e2e/run.mjs does not exist yet, so the page's     *\n\
             *  end-to-end tests did not run.                                    *\n\
             ********************************************************************"
        );
        return Ok(());
    }
    run_cmd(cmd("node").arg(script))
}

/// Runs each fuzz target (all of `cargo fuzz list` when `only` is empty) for `seconds`.
/// `optional`: without tests/fuzz this is a note, not an error.
fn fuzz_targets(seconds: u64, only: &[String], optional: bool) -> Result {
    let fuzz_dir = root().join("tests/fuzz");
    if !fuzz_dir.is_dir() {
        if optional {
            eprintln!("fuzz: no tests/fuzz yet; nothing to run");
            return Ok(());
        }
        return Err("no fuzz targets: tests/fuzz does not exist".into());
    }
    if probe(cmd("rustc").args(["+nightly", "--version"])).is_none() {
        let msg = "no nightly toolchain (`rustc +nightly`), which cargo-fuzz needs";
        if optional {
            eprintln!("\n*** SKIPPED fuzzing: {msg} ***");
            return Ok(());
        }
        return Err(msg.into());
    }
    if probe(cmd("cargo").args(["fuzz", "--version"])).is_none() {
        return Err("cargo-fuzz is not installed: run `cargo xtask setup`".into());
    }
    let targets: Vec<String> = if only.is_empty() {
        let list =
            probe(cmd("cargo").args(["+nightly", "fuzz", "list", "--fuzz-dir", "tests/fuzz"]))
                .ok_or("`cargo +nightly fuzz list --fuzz-dir tests/fuzz` failed")?;
        list.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    } else {
        only.to_vec()
    };
    if targets.is_empty() {
        return Err("tests/fuzz has no fuzz targets".into());
    }
    // Start from the project's own inputs (real manifests, scenarios, their steps).
    let seed = fuzz_dir.join("seed.sh");
    if seed.is_file() {
        run_cmd(cmd("sh").arg(&seed))?;
    }
    for target in &targets {
        run_cmd(cmd("cargo").args([
            "+nightly",
            "fuzz",
            "run",
            target,
            "--fuzz-dir",
            "tests/fuzz",
            "--",
            &format!("-max_total_time={seconds}"),
        ]))?;
    }
    Ok(())
}

/// `cargo xtask fuzz [--time SECONDS] [TARGET..]`: the long run.
pub fn fuzz(seconds: u64, targets: &[String]) -> Result {
    setup::setup()?;
    fuzz_targets(seconds, targets, false)
}

/// `cargo xtask bench [ARGS..]`: `cargo bench --bench engine [-- ARGS..]`.
pub fn bench(args: &[String]) -> Result {
    let mut c = cmd("cargo");
    c.args(["bench", "--bench", "engine"]);
    if !args.is_empty() {
        c.arg("--").args(args);
    }
    run_cmd(&mut c)
}

/// `cargo xtask bless`: rewrite the golden files, then review them with `git diff`.
pub fn bless() -> Result {
    run_cmd(
        cmd("cargo")
            .args(["test", "--workspace"])
            .env("UPDATE_EXPECT", "1"),
    )?;
    eprintln!("bless: goldens rewritten; review them with `git diff` before committing");
    Ok(())
}
