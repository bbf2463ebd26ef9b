//! `cargo xtask`: the project's build, serve and test tasks, in Rust with std only.
//!
//! The alias lives in `.cargo/config.toml` (`xtask = "run -p xtask --"`). Every task
//! runs from the repository root whatever the current directory is. The tools it calls
//! are installed by `cargo xtask setup` (see `setup.rs` for what and why), and
//! `cargo xtask test` is the one command that runs every test, locally and in CI
//! (`.ci/run` does nothing else).
//!
//! # Layout
//! - `main.rs`: argument parsing (one match over tasks, hand-written help) and the
//!   small helpers every task uses (running commands, timing stages).
//! - `setup.rs`: installing the toolchain pieces, idempotently.
//! - `web.rs`: `build-web` (cargo → wasm-bindgen → wasm-opt) and `dist`.
//! - `serve.rs`: a tiny static file server on 127.0.0.1.
//! - `test.rs`: `test`, `bench`, `fuzz`, `bless`.

mod serve;
mod setup;
mod test;
mod web;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Every task returns this; the message is printed and the exit code is 1.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const HELP: &str = "\
cargo xtask: build, serve and test daemonset-sim

USAGE:
    cargo xtask <TASK> [OPTIONS]

TASKS:
    setup               Install everything the project needs, idempotently (quick when
                        present): the wasm32 target, wasm-bindgen-cli at Cargo.lock's
                        version, npm tools in tests/e2e (playwright-core, binaryen's
                        wasm-opt), Debian chromium + chromium-driver (root or sudo), and
                        cargo-fuzz when tests/fuzz exists.
    build-web [--dev]   Build the page's wasm into www/pkg: cargo build (wasm32, release),
                        wasm-bindgen --target web, wasm-opt -Oz; print sizes.
                        --dev: debug build, no wasm-opt (faster, much bigger).
    serve [--port N] [--dev] [--no-build]
                        build-web, then serve the repository root on 127.0.0.1:N
                        (default 8080). Open the printed URL. Ctrl-C stops it.
    build-editor        Rebuild the committed CodeMirror bundle www/vendor/codemirror.js
                        with esbuild (node tests/e2e/build-editor.mjs).
    dist                build-web, then write dist/: index.html and www/ (a static site
                        for any host, no server code, no CDN), dist/_headers (the CSP),
                        and dist/daemonset-sim.html, the single-file export (wasm, worker,
                        lessons and CSS inlined) that works opened from disk.
    test                Run every test, stopping at the first failure: setup, rustfmt,
                        clippy (native and wasm32), cargo test (native, with doctests),
                        wasm-bindgen tests in headless Chromium, build-web + dist, the page's
                        end-to-end tests (node tests/e2e/run.mjs) and a short fuzz run
                        (when tests/fuzz exists). `ci` is the same task.
    bench [ARGS..]      cargo bench --bench engine [-- ARGS..]
    fuzz [--time SECONDS] [TARGET..]
                        Long fuzz run of each target in tests/fuzz (default 300 s each).
    bless               Rewrite the golden files: UPDATE_EXPECT=1 cargo test --workspace.
                        Review the diff before committing it.
    help                This text.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result {
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => {
            print!("{HELP}");
            return Ok(());
        }
    };
    let mut flags = Flags::new(rest);
    match task {
        "setup" => {
            flags.finish()?;
            setup::setup()
        }
        "build-web" => {
            let dev = flags.switch("--dev");
            flags.finish()?;
            web::build_web(dev)
        }
        "serve" => {
            let port = flags.value("--port")?.map(|p| p.parse::<u16>()).transpose();
            let port = port.map_err(|e| format!("--port: {e}"))?.unwrap_or(8080);
            let dev = flags.switch("--dev");
            let no_build = flags.switch("--no-build");
            flags.finish()?;
            if !no_build {
                web::build_web(dev)?;
            }
            serve::serve(&root(), port)
        }
        "build-editor" => {
            flags.finish()?;
            web::build_editor()
        }
        "dist" => {
            flags.finish()?;
            web::dist()
        }
        "test" | "ci" => {
            flags.finish()?;
            test::test()
        }
        "bench" => test::bench(rest),
        "fuzz" => {
            let time = flags.value("--time")?.map(|t| t.parse::<u64>()).transpose();
            let time = time.map_err(|e| format!("--time: {e}"))?.unwrap_or(300);
            let targets = flags.positional()?;
            test::fuzz(time, &targets)
        }
        "bless" => {
            flags.finish()?;
            test::bless()
        }
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`; see `cargo xtask help`").into()),
    }
}

/// A hand-rolled flag parser: take the flags a task knows, then `finish` rejects the rest.
struct Flags {
    args: Vec<String>,
}

impl Flags {
    fn new(args: &[String]) -> Flags {
        Flags {
            args: args.to_vec(),
        }
    }

    /// Removes `name` if present and says whether it was.
    fn switch(&mut self, name: &str) -> bool {
        let before = self.args.len();
        self.args.retain(|a| a != name);
        self.args.len() != before
    }

    /// Removes `name VALUE` or `name=VALUE` and returns the value.
    fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefix = format!("{name}=");
        if let Some(i) = self.args.iter().position(|a| a.starts_with(&prefix)) {
            let arg = self.args.remove(i);
            return Ok(Some(arg[prefix.len()..].to_string()));
        }
        match self.args.iter().position(|a| a == name) {
            None => Ok(None),
            Some(i) if i + 1 < self.args.len() => {
                self.args.remove(i);
                Ok(Some(self.args.remove(i)))
            }
            Some(_) => Err(format!("{name} needs a value").into()),
        }
    }

    /// The remaining arguments, none of which may look like a flag.
    fn positional(self) -> Result<Vec<String>> {
        match self.args.iter().find(|a| a.starts_with('-')) {
            Some(flag) => Err(format!("unknown option `{flag}`; see `cargo xtask help`").into()),
            None => Ok(self.args),
        }
    }

    fn finish(self) -> Result {
        match self.args.first() {
            Some(arg) => Err(format!("unexpected argument `{arg}`; see `cargo xtask help`").into()),
            None => Ok(()),
        }
    }
}

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the repository root")
        .to_path_buf()
}

/// A command that runs in the repository root.
pub fn cmd(program: impl AsRef<OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    c
}

/// Prints the command line, runs it with inherited stdio, and fails on a non-zero exit.
pub fn run_cmd(c: &mut Command) -> Result {
    eprintln!("$ {}", show(c));
    let status = c.status().map_err(|e| {
        format!(
            "could not start `{}`: {e}",
            c.get_program().to_string_lossy()
        )
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", show(c)).into())
    }
}

/// Runs a command quietly and returns its trimmed stdout, or None if it could not run
/// or exited non-zero. For probes such as `wasm-bindgen --version`.
pub fn probe(c: &mut Command) -> Option<String> {
    let out = c.stderr(std::process::Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `ENV=value program arg arg`, as a shell would show it.
fn show(c: &Command) -> String {
    let mut parts: Vec<String> = c
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_string_lossy(), v?.to_string_lossy())))
        .collect();
    parts.push(c.get_program().to_string_lossy().into_owned());
    parts.extend(c.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// Runs `body` under a header and prints how long it took.
pub fn stage<T>(name: &str, body: impl FnOnce() -> Result<T>) -> Result<(T, Duration)> {
    eprintln!("\n==> {name}");
    let start = Instant::now();
    let out = body();
    let took = start.elapsed();
    match &out {
        Ok(_) => eprintln!("<== {name}: ok in {}", secs(took)),
        Err(_) => eprintln!("<== {name}: FAILED after {}", secs(took)),
    }
    out.map(|v| (v, took))
}

/// `12.3 s` or `2 m 05 s`.
pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1} s")
    } else {
        format!("{} m {:02} s", (s / 60.0) as u64, (s % 60.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(args: &[&str]) -> Flags {
        Flags::new(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn flags_take_values_in_both_spellings() {
        let mut f = flags(&["--port", "9000", "--dev"]);
        assert_eq!(f.value("--port").unwrap().as_deref(), Some("9000"));
        assert!(f.switch("--dev"));
        assert!(f.finish().is_ok());

        let mut f = flags(&["--port=9001"]);
        assert_eq!(f.value("--port").unwrap().as_deref(), Some("9001"));
        assert!(f.finish().is_ok());
    }

    #[test]
    fn flags_reject_leftovers_and_missing_values() {
        assert!(flags(&["--bogus"]).finish().is_err());
        assert!(flags(&["--port"]).value("--port").is_err());
        assert!(flags(&["a", "--x"]).positional().is_err());
        assert_eq!(flags(&["a", "b"]).positional().unwrap(), ["a", "b"]);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(secs(Duration::from_millis(12_345)), "12.3 s");
        assert_eq!(secs(Duration::from_secs(125)), "2 m 05 s");
    }
}
