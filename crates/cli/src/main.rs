//! `daemonset-sim`: the native front end. Thin on purpose: it reads files and
//! stdin, hands text to the engine, prints what comes back, and chooses the exit code.
//!
//! ```text
//! daemonset-sim                 interactive shell over a cluster of three nodes
//! daemonset-sim run FILE...     run scenario files (exit 0 pass, 1 fail, 2 invalid)
//! daemonset-sim --help | --version
//! ```

mod args;
mod repl;
mod run;

use std::process::ExitCode;

/// The allocator: see Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Ok(args::Args::Help) => {
            print!("{}", args::HELP);
            ExitCode::SUCCESS
        }
        Ok(args::Args::Version) => {
            println!("daemonset-sim {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(args::Args::Shell) => repl::shell(),
        Ok(args::Args::Run(files)) => run::run_files(&files),
        Err(e) => {
            eprintln!("daemonset-sim: {e}");
            eprintln!("Run 'daemonset-sim --help' for usage.");
            ExitCode::from(2)
        }
    }
}
