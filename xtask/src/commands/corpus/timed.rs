//! Running a command under `/usr/bin/time`: its wall time and peak RSS, as
//! the corpus measurements report them.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// One timed run.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    /// Wall-clock time.
    pub wall: Duration,
    /// Peak resident memory, KiB.
    pub peak_kib: u64,
}

impl Measured {
    /// Peak resident memory in MiB.
    pub fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// Run `cmd` under `/usr/bin/time`, writing its figures to a file in `dir`;
/// an error if it fails.
pub fn timed(cmd: Command, dir: &Path) -> Result<Measured> {
    let figures = dir.join(".time");
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%e %M", "-o"])
        .arg(&figures)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Some(cwd) = cmd.get_current_dir() {
        timed.current_dir(cwd);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    let status = timed.status().context("running /usr/bin/time")?;
    if !status.success() {
        bail!(
            "{:?} {:?} failed ({status})",
            cmd.get_program(),
            cmd.get_args()
        );
    }
    let text = std::fs::read_to_string(&figures)?;
    let mut parts = text.split_whitespace();
    let wall: f64 = parts.next().context("no wall time")?.parse()?;
    let peak_kib: u64 = parts.next().context("no peak RSS")?.parse()?;
    Ok(Measured {
        wall: Duration::from_secs_f64(wall),
        peak_kib,
    })
}
