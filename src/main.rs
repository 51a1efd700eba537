//! The `devops-guide` binary: parses the command line and hands over to [`devops_guide::cli`].

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = devops_guide::cli::Cli::parse();
    devops_guide::cli::run(cli)
}
