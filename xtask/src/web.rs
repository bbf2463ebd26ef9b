//! `build-web` and `dist`: the page's WebAssembly, built without a bundler.
//!
//! cargo (wasm32, release profile: opt-level z, LTO) → `wasm-bindgen --target web` into
//! `www/pkg/` (`daemonset_sim_wasm.js` + `daemonset_sim_wasm_bg.wasm`) → `wasm-opt --low-memory-unused -Oz -Oz`
//! from npm binaryen 132 (tests/e2e/node_modules; Debian's binaryen 108 breaks the
//! module). `www/pkg/` is generated and gitignored.

use crate::{cmd, probe, root, run_cmd, setup, Result};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

const WASM_CRATE: &str = "daemonset-sim-wasm";
/// The crate name with `_`: cargo's output file and wasm-bindgen's output prefix.
const WASM_STEM: &str = "daemonset_sim_wasm";

/// Builds `www/pkg/`. `dev` = debug profile and no wasm-opt, for quick iterations.
pub fn build_web(dev: bool) -> Result {
    setup::web_tools()?;
    let root = root();

    let mut build = cmd("cargo");
    build.args([
        "build",
        "-p",
        WASM_CRATE,
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if !dev {
        build.arg("--release");
    }
    run_cmd(&mut build)?;

    let profile = if dev { "debug" } else { "release" };
    let input = target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join(format!("{WASM_STEM}.wasm"));
    let pkg = root.join("www/pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg)?;
    }
    let mut bindgen = cmd("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--out-dir"])
        .arg(&pkg)
        .arg(&input);
    if dev {
        bindgen.arg("--debug");
    }
    run_cmd(&mut bindgen)?;

    let wasm = pkg.join(format!("{WASM_STEM}_bg.wasm"));
    if !dev {
        let wasm_opt = root.join("tests/e2e/node_modules/.bin/wasm-opt");
        let tmp = pkg.join(format!("{WASM_STEM}_bg.opt.wasm"));
        // `--low-memory-unused` lets wasm-opt fold `ptr + constant` into load and
        // store offsets (it assumes no address computation wraps around into the
        // first KiB, which Rust code never does); the second -Oz round finds more.
        // Together -10 KB raw, -6 KB gzip over a single -Oz.
        run_cmd(
            cmd(&wasm_opt)
                .args(["--low-memory-unused", "-Oz", "-Oz"])
                .arg(&wasm)
                .arg("-o")
                .arg(&tmp),
        )?;
        fs::rename(&tmp, &wasm)?;
    }

    print_sizes(&root)
}

/// Rebuilds `www/vendor/codemirror.js` (committed) from its entry with esbuild; the
/// script and its pinned versions belong to the page (tests/e2e/build-editor.mjs).
pub fn build_editor() -> Result {
    setup::web_tools()?;
    run_cmd(cmd("node").arg("tests/e2e/build-editor.mjs"))
}

/// The Content-Security-Policy the page is written for: the same text as index.html's
/// `<meta>`, README's "Hosting" section and the header the e2e test serves dist/
/// with. `dist` writes it into `dist/_headers` (Netlify and Cloudflare Pages read
/// that file; other hosts: set the header by hand).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// `dist/`: a complete static site (index.html, www/ with the fresh www/pkg, the
/// example docs page, `_headers`) and the single-file export dist/daemonset-sim.html.
pub fn dist() -> Result {
    build_web(false)?;
    assemble_dist()
}

/// Writes dist/ from the current www/pkg (no wasm build: `cargo xtask test` runs
/// this right after its own build-web stage).
pub fn assemble_dist() -> Result {
    let root = root();
    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::create_dir_all(&dist)?;
    let index = fs::read_to_string(root.join("index.html"))
        .map_err(|e| format!("cannot read index.html: {e}"))?;
    if !index.contains(&format!("content=\"{CSP}\"")) {
        return Err(
            "index.html's Content-Security-Policy <meta> differs from xtask's web::CSP: \
                    keep them (and README's Hosting section) the same"
                .into(),
        );
    }
    fs::write(dist.join("index.html"), index)?;
    copy_tree(&root.join("www"), &dist.join("www"))?;
    // Types and the editor bundle's source entry are for developers, not for hosts.
    for f in walk(&dist.join("www"))? {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".d.ts") || name == "codemirror.entry.js" {
            fs::remove_file(&f)?;
        }
    }
    fs::write(
        dist.join("_headers"),
        format!("/*\n  Content-Security-Policy: {CSP}\n  X-Content-Type-Options: nosniff\n\n/*.wasm\n  Content-Type: application/wasm\n"),
    )?;
    run_cmd(
        cmd("node")
            .arg(root.join("tests/e2e/build-single.mjs"))
            .arg(dist.join("daemonset-sim.html")),
    )?;
    let files = walk(&dist)?;
    let total: u64 = files
        .iter()
        .map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    eprintln!(
        "dist: {} files, {} bytes in {}",
        files.len(),
        group(total),
        dist.display()
    );
    eprintln!(
        "dist: serve it from any static host that sends application/wasm for .wasm, with\n  \
         Content-Security-Policy: {CSP}\n\
         dist/daemonset-sim.html is the single-file export: open it from disk"
    );
    Ok(())
}

/// Copies a directory tree, leaving out dotfiles (editor and VCS litter).
fn copy_tree(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if entry.file_type()?.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// All files under `dir`, sorted.
fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(walk(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Cargo's target directory (honours CARGO_TARGET_DIR and config via `cargo metadata`).
fn target_dir() -> PathBuf {
    let meta = probe(cmd("cargo").args(["metadata", "--format-version", "1", "--no-deps"]));
    let key = "\"target_directory\":\"";
    meta.and_then(|m| {
        let start = m.find(key)? + key.len();
        let end = start + m[start..].find('"')?;
        Some(PathBuf::from(&m[start..end]))
    })
    .unwrap_or_else(|| root().join("target"))
}

/// Raw and `gzip -9` sizes of the wasm, its JS glue, and the page's own JS and CSS.
fn print_sizes(root: &Path) -> Result {
    let pkg = root.join("www/pkg");
    let mut files = vec![
        pkg.join(format!("{WASM_STEM}_bg.wasm")),
        pkg.join(format!("{WASM_STEM}.js")),
    ];
    files.extend(walk(&root.join("www"))?.into_iter().filter(|p| {
        !p.starts_with(&pkg)
            && matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("js" | "mjs" | "css")
            )
    }));
    let width = files
        .iter()
        .map(|f| rel(root, f).len())
        .max()
        .unwrap_or(0)
        .max(4);
    eprintln!("\n{:<width$} {:>12} {:>12}", "file", "bytes", "gzip -9");
    let (mut raw_total, mut gz_total) = (0, 0);
    for f in &files {
        let raw = fs::metadata(f)
            .map_err(|e| format!("{}: {e}", f.display()))?
            .len();
        let gz = gzip_size(f)?;
        raw_total += raw;
        gz_total += gz;
        eprintln!(
            "{:<width$} {:>12} {:>12}",
            rel(root, f),
            group(raw),
            group(gz)
        );
    }
    eprintln!(
        "{:<width$} {:>12} {:>12}",
        "total",
        group(raw_total),
        group(gz_total)
    );
    Ok(())
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn gzip_size(path: &Path) -> Result<u64> {
    let mut child = cmd("gzip")
        .arg("-9c")
        .arg(path)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    let mut buf = Vec::new();
    child.stdout.take().expect("piped").read_to_end(&mut buf)?;
    child.wait()?;
    Ok(buf.len() as u64)
}

/// `1056125` → `1,056,125`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group;

    #[test]
    fn byte_counts_are_grouped_by_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1_056_125), "1,056,125");
    }
}
