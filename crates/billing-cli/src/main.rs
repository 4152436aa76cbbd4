//! `billing`: every vendor's payments in one ledger. See `billing --help`.

mod cli;
mod config;
mod error;
mod output;
mod run;

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let env = |name: &str| std::env::var(name).ok();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr();
    match run::run(cli, &env, &mut stdout, &mut stderr).await {
        Ok(run::Outcome::Complete) => ExitCode::SUCCESS,
        Ok(run::Outcome::Partial) => ExitCode::from(1),
        Err(error::CliError::OutputClosed) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
