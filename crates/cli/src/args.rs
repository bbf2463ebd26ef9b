//! The CLI's own arguments (not kubectl's: those are the engine's business).

/// What the process was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Args {
    /// `--help`.
    Help,
    /// `--version`.
    Version,
    /// No arguments: the interactive shell.
    Shell,
    /// `run FILE...`.
    Run(Vec<String>),
}

/// `--help` text.
pub const HELP: &str = "daemonset-sim: a teaching simulator of the Kubernetes DaemonSet controller

Usage:
  daemonset-sim                 an interactive shell over a cluster of three nodes
                                (node-1, node-2, node-3); type kubectl and sim commands
  daemonset-sim run FILE...     run scenario files: print each command and its output,
                                then check the scenario's expectations

Exit codes of `run`: 0 every expectation holds, 1 one does not, 2 a file is not a
valid scenario.

Options:
  -h, --help      show this help
  -V, --version   show the version
";

/// Parses the process arguments (without the program name).
pub fn parse(argv: &[String]) -> Result<Args, String> {
    let Some((first, rest)) = argv.split_first() else {
        return Ok(Args::Shell);
    };
    match first.as_str() {
        "-h" | "--help" | "help" => Ok(Args::Help),
        "-V" | "--version" | "version" => Ok(Args::Version),
        "run" => {
            if rest.iter().any(|a| a == "-h" || a == "--help") {
                return Ok(Args::Help);
            }
            if let Some(flag) = rest.iter().find(|a| a.starts_with('-') && a.len() > 1) {
                return Err(format!("unknown flag for run: {flag}"));
            }
            if rest.is_empty() {
                return Err("run needs at least one scenario file".into());
            }
            Ok(Args::Run(rest.to_vec()))
        }
        other if other.starts_with('-') => Err(format!("unknown flag: {other}")),
        other => Err(format!("unknown command \"{other}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments_parse() {
        assert_eq!(parse(&[]), Ok(Args::Shell));
        assert_eq!(parse(&v(&["--help"])), Ok(Args::Help));
        assert_eq!(parse(&v(&["--version"])), Ok(Args::Version));
        assert_eq!(
            parse(&v(&["run", "a.yaml", "b.yaml"])),
            Ok(Args::Run(v(&["a.yaml", "b.yaml"])))
        );
        assert!(parse(&v(&["run"])).is_err());
        assert!(parse(&v(&["frob"])).is_err());
        assert!(parse(&v(&["run", "--x", "a"])).is_err());
    }
}
