//! Prepares the transcript tests (`tests/web.rs`): runs every scenario of the suite
//! (`tests/scenarios/*.yaml`) through the engine compiled natively (a build
//! dependency) and writes, into `$OUT_DIR`:
//! - `scenarios.rs`: `SCENARIOS`, one `include_str!` per file, so the wasm test binary
//!   carries the same files;
//! - `native_transcripts.txt`: `name hash` per scenario, the native engine's answer,
//!   which the wasm build must reproduce byte for byte (compared by hash).
//!
//! Nothing here ships: the page's wasm does not include these files.

use std::fmt::Write as _;
use std::path::Path;

/// FNV-1a 64 (the same function as in `tests/web.rs`).
fn fnv64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut list = String::from(
        "/// `(file stem, text)` of every scenario in tests/scenarios.\npub const SCENARIOS: &[(&str, &str)] = &[\n",
    );
    let mut hashes = String::new();
    for p in files {
        println!("cargo:rerun-if-changed={}", p.display());
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let abs = p.canonicalize().unwrap();
        writeln!(
            list,
            "    ({stem:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let answer = std::panic::catch_unwind(|| match daemonset_sim::scenario::load(&text) {
            Ok(s) => format!(
                "{:016x}",
                fnv64(&daemonset_sim::scenario::run(&s).transcript)
            ),
            Err(_) => "invalid".to_string(),
        })
        .unwrap_or_else(|_| "panicked".to_string());
        writeln!(hashes, "{stem} {answer}").unwrap();
    }
    list.push_str("];\n");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("scenarios.rs"), list).unwrap();
    std::fs::write(out.join("native_transcripts.txt"), hashes).unwrap();
}
