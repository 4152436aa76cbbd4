//! The CLI's own errors: each a one-line message and an exit status.

/// Why the command could not run (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad arguments (dates, vendor names).
    #[error("{0}")]
    Usage(String),
    /// Unusable configuration (unreadable file, bad base URL, no vendor configured).
    #[error("{0}")]
    Config(String),
    /// Standard output was closed (`billing payments | head`): stop quietly.
    #[error("output closed")]
    OutputClosed,
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::OutputClosed
        } else {
            CliError::Output(e)
        }
    }
}
