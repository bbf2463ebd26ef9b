//! `cargo xtask setup`: install what the project needs on a fresh machine.
//!
//! Every step first checks whether its tool is already there, so a second run takes a
//! second or two. The measured facts behind each choice are in
//! `/work/shared/design/toolchain.md`; the traps, in short:
//! - wasm-bindgen-cli must be exactly the version of the `wasm-bindgen` crate in
//!   Cargo.lock, or it refuses the module. `cargo install --locked` fails on this
//!   machine's registry (webpki-roots), so it is installed without `--locked` (~2 min).
//! - wasm-opt comes from npm `binaryen` (tests/e2e/package.json). Debian's binaryen 108
//!   writes a module that fails in the browser at `init()`; never use it.
//! - Browsers come from Debian (`chromium`, `chromium-driver`). No tool may download
//!   its own browser: playwright-core is used, never `playwright`.

use crate::{cmd, probe, root, run_cmd, Result};
use std::path::Path;
use std::time::SystemTime;

/// The cargo-fuzz release that was measured here (36 s to build).
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Everything: the web tools, the browser, and the fuzzer when there are fuzz targets.
pub fn setup() -> Result {
    web_tools()?;
    browser()?;
    fuzzer()?;
    eprintln!("setup: done");
    Ok(())
}

/// What `build-web` needs: the wasm32 target, wasm-bindgen-cli and the npm tools.
pub fn web_tools() -> Result {
    wasm_target()?;
    wasm_bindgen_cli()?;
    npm_tools()
}

fn wasm_target() -> Result {
    let installed = probe(cmd("rustup").args(["target", "list", "--installed"]))
        .ok_or("`rustup` not found: this project needs a rustup-managed toolchain")?;
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        eprintln!("setup: target wasm32-unknown-unknown: present");
        return Ok(());
    }
    run_cmd(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// wasm-bindgen-cli at the version Cargo.lock gives the `wasm-bindgen` crate.
fn wasm_bindgen_cli() -> Result {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let want = locked_version(&lock, "wasm-bindgen").ok_or("no wasm-bindgen in Cargo.lock")?;
    let have = probe(cmd("wasm-bindgen").arg("--version"));
    let runner = probe(cmd("wasm-bindgen-test-runner").arg("--version"));
    let expected = format!("wasm-bindgen {want}");
    let runner_ok = runner.is_some_and(|r| r.ends_with(&format!(" {want}")));
    if have.as_deref() == Some(expected.as_str()) && runner_ok {
        eprintln!("setup: wasm-bindgen-cli {want}: present");
        return Ok(());
    }
    eprintln!(
        "setup: installing wasm-bindgen-cli {want} (found: {}); this takes 2 to 6 minutes, depending on load",
        have.as_deref().unwrap_or("none")
    );
    // No --locked: its lockfile wants a webpki-roots this registry does not serve.
    run_cmd(cmd("cargo").args(["install", "--force", "wasm-bindgen-cli", "--version", &want]))
}

/// `npm ci` in tests/e2e, skipped when node_modules is newer than the lockfile.
fn npm_tools() -> Result {
    let dir = root().join("tests/e2e");
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let wasm_opt = dir.join("node_modules/.bin/wasm-opt");
    let fresh = wasm_opt.exists()
        && dir
            .join("node_modules/playwright-core/package.json")
            .exists()
        && mtime(&stamp) >= mtime(&lock).max(mtime(&dir.join("package.json")));
    if fresh {
        eprintln!("setup: npm tools in tests/e2e: present");
        return Ok(());
    }
    if probe(cmd("npm").arg("--version")).is_none() {
        return Err("`npm` not found: install Node.js 20+ with npm (Debian: nodejs npm)".into());
    }
    run_cmd(
        cmd("npm")
            .current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"]),
    )
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Debian's chromium and chromium-driver, for wasm-bindgen browser tests and page tests.
fn browser() -> Result {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        eprintln!("setup: chromium + chromedriver: present");
        return Ok(());
    }
    let sudo: &[&str] = if probe(cmd("id").arg("-u")).as_deref() == Some("0") {
        &[]
    } else if probe(cmd("sudo").args(["-n", "true"])).is_some() {
        &["sudo", "-n"]
    } else {
        eprintln!(
            "\nsetup: WARNING: /usr/bin/chromium or /usr/bin/chromedriver is missing, and this\n\
             user is not root and has no password-less sudo. Install them yourself:\n\
             \n    sudo apt-get update && sudo apt-get install -y chromium chromium-driver\n\
             \nThe browser tests and page tests in `cargo xtask test` fail until then;\n\
             `cargo xtask serve` does not need them.\n"
        );
        return Ok(());
    };
    let apt = |args: &[&str]| {
        let mut c = match sudo.split_first() {
            Some((first, rest)) => {
                let mut c = cmd(first);
                c.args(rest).arg("apt-get");
                c
            }
            None => cmd("apt-get"),
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run_cmd(&mut c)
    };
    apt(&["update", "-q"])?;
    apt(&["install", "-y", "-q", "chromium", "chromium-driver"])
}

/// cargo-fuzz, only when the project has fuzz targets (tests/fuzz).
fn fuzzer() -> Result {
    if !root().join("tests/fuzz").is_dir() {
        eprintln!("setup: cargo-fuzz: not needed (no tests/fuzz)");
        return Ok(());
    }
    if probe(cmd("rustc").args(["+nightly", "--version"])).is_none() {
        eprintln!("setup: WARNING: no nightly toolchain, so fuzzing is not possible here");
        return Ok(());
    }
    if probe(cmd("cargo").args(["fuzz", "--version"])).is_some() {
        eprintln!("setup: cargo-fuzz: present");
        return Ok(());
    }
    eprintln!("setup: installing cargo-fuzz {CARGO_FUZZ_VERSION} (about 40 s)");
    run_cmd(cmd("cargo").args(["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION]))
}

/// The version of package `name` in a Cargo.lock (the first, if there are several).
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.strip_suffix('"')?.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    #[test]
    fn locked_version_finds_the_exact_package_only() {
        let lock = r#"
[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.131"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.131")
        );
        assert_eq!(locked_version(lock, "js-sys"), None);
    }

    #[test]
    fn the_real_lockfile_pins_wasm_bindgen() {
        let lock = std::fs::read_to_string(crate::root().join("Cargo.lock")).unwrap();
        assert!(locked_version(&lock, "wasm-bindgen").is_some());
    }
}
