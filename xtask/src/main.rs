//! `cargo xtask`: see `xtask --help`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Build tasks of the billing workspace.
#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crates in crates/ from the specs in specs/.
    Regen {
        /// Vendors to regenerate (default: all).
        vendors: Vec<String>,
        /// Do not write: fail (exit 1) with a diff if any generated file differs.
        #[arg(long)]
        check: bool,
        /// Generate every selected vendor, even one whose inputs, generator and
        /// files are as its crate's GENERATED.sha256 records.
        #[arg(long)]
        force: bool,
        /// List every notice (by default, more than 20 are summarised by reason).
        #[arg(long, short)]
        verbose: bool,
        /// Print the time spent in each stage.
        #[arg(long)]
        timings: bool,
        /// Vendors generated at once (default: one per core; each holds
        /// progenitor's output in memory).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
    },
    /// Download the vendors' published documents again; write those that changed.
    Pull {
        /// Vendors to pull (default: all).
        vendors: Vec<String>,
        /// Replace the scheme, host and port of every source URL (e.g. a local test server).
        #[arg(long)]
        origin: Option<String>,
        /// Retrieval date to record (default: today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Classify the spec changes since a crate was generated, as breaking or not.
    Diff {
        /// The vendor.
        vendor: String,
        /// Compare with the crate's spec at this git revision instead of the working tree's.
        #[arg(long, value_name = "GIT_REV")]
        against: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Exit 1 when any change is breaking (for CI gates).
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Lint each generated crate (clippy -D warnings) with no feature and with each of
    /// its features alone.
    Features {
        /// Vendors to check (default: all).
        vendors: Vec<String>,
    },
    /// Regenerate the real-spec corpus (tests/corpus/) in a scratch workspace and report.
    Corpus {
        /// Entries (default: all).
        names: Vec<String>,
        /// Also lint each crate (clippy -D warnings) and decode the documented examples.
        #[arg(long)]
        build: bool,
        /// Keep the scratch workspace here instead of a temporary directory.
        #[arg(long, value_name = "DIR")]
        scratch: Option<std::path::PathBuf>,
        /// Also time regen and openapi-generator -g rust back to back on each spec
        /// (installs openapi-generator from PyPI into target/peer/ first).
        #[arg(long)]
        compare: bool,
        /// Also time building each crate in full and with only its largest group of
        /// operations (one Cargo feature)
        #[arg(long)]
        features: bool,
        /// Also lint each crate with no feature and with each feature alone (as
        /// `cargo xtask features` does for the workspace; Stripe's 61 take about an hour)
        #[arg(long)]
        each_feature: bool,
    },
    /// Time the pipeline on a synthetic OpenAPI 3.1 spec (nothing is written to crates/).
    Bench {
        /// Size of the synthetic spec in KiB.
        #[arg(long, default_value_t = 1024)]
        kib: usize,
        /// Runs; the fastest is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match xtask::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Regen {
            vendors,
            check,
            force,
            verbose,
            timings,
            jobs,
        } => {
            let opts = xtask::regen::Options {
                vendors,
                check,
                force,
                verbose,
                timings,
                jobs,
            };
            xtask::regen::run(&root, &opts, &mut std::io::stderr(), &mut std::io::stdout())
                .map(|o| o.exit_code())
        }
        Command::Pull {
            vendors,
            origin,
            date,
        } => xtask::pull::run(
            &root,
            &xtask::pull::Options {
                vendors,
                origin,
                date,
            },
            &mut std::io::stderr(),
        ),
        Command::Diff {
            vendor,
            against,
            json,
            fail_on_breaking,
        } => {
            let opts = xtask::diff::Options {
                vendor,
                against,
                json,
                fail_on_breaking,
            };
            xtask::diff::run(&root, &opts, &mut std::io::stdout())
        }
        Command::Corpus {
            names,
            build,
            scratch,
            compare,
            features,
            each_feature,
        } => xtask::corpus::run(
            &root,
            &xtask::corpus::Options {
                names,
                build,
                scratch,
                compare,
                features,
                each_feature,
            },
            &mut std::io::stdout(),
        ),
        Command::Features { vendors } => {
            xtask::features::run(&root, &vendors, None, &mut std::io::stdout())
        }
        Command::Bench { kib, runs } => {
            xtask::bench::run(kib, runs, &mut std::io::stdout()).map(|()| 0)
        }
    };
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
