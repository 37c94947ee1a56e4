//! Runs one child process and measures its wall time and peak resident memory.
//!
//! The peak comes from the kernel: `wait4` returns the child's `rusage`, whose `ru_maxrss`
//! is the largest resident set of the child (and of any children it waited for), in KiB on
//! Linux. A watcher thread kills the child with SIGKILL when it runs past the timeout.

use std::fmt;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Exited by itself with this code.
    Exited(i32),
    /// Ended by a signal it did not catch (not our timeout).
    Signaled(i32),
    /// Killed by us after the timeout.
    TimedOut(Duration),
    /// Could not be started or waited for.
    Failed(String),
}

impl Outcome {
    pub fn ok(&self) -> bool {
        *self == Outcome::Exited(0)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Exited(0) => f.write_str("ok (exit 0)"),
            Outcome::Exited(code) => write!(f, "FAILED (exit {code})"),
            Outcome::Signaled(sig) => write!(f, "FAILED (killed by signal {sig})"),
            Outcome::TimedOut(t) => write!(f, "TIMEOUT (killed after {} s)", t.as_secs()),
            Outcome::Failed(why) => write!(f, "FAILED ({why})"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Measurement {
    pub outcome: Outcome,
    pub wall: Duration,
    /// Peak resident set size in KiB (0 when unknown).
    pub max_rss_kib: u64,
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Spawns `cmd` and waits for it, for at most `timeout`.
pub fn measure(cmd: &mut Command, timeout: Duration) -> Measurement {
    let start = Instant::now();
    let child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => {
            return Measurement {
                outcome: Outcome::Failed(format!("cannot start: {e}")),
                wall: start.elapsed(),
                max_rss_kib: 0,
            }
        }
    };
    let pid = child.id() as libc::pid_t;
    // `child` is never waited for through std: we reap it with wait4 below. Dropping a
    // `Child` does not wait or kill.
    drop(child);

    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watcher = std::thread::spawn(move || match done_rx.recv_timeout(timeout) {
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // The child has not been reaped yet (we wait with WNOWAIT first), so `pid`
            // still names it, even if it has just exited.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            true
        }
        _ => false,
    });

    // Wait for the end without reaping, so the watcher can never signal a recycled pid.
    loop {
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 || errno() != libc::EINTR {
            break;
        }
    }
    let wall = start.elapsed();
    let _ = done_tx.send(());
    let timed_out = watcher.join().unwrap_or(false);

    let mut status: libc::c_int = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break true;
        }
        if errno() != libc::EINTR {
            break false;
        }
    };
    if !reaped {
        return Measurement {
            outcome: Outcome::Failed(format!("wait4 failed: {}", std::io::Error::last_os_error())),
            wall,
            max_rss_kib: 0,
        };
    }
    let outcome = if timed_out {
        Outcome::TimedOut(timeout)
    } else if libc::WIFEXITED(status) {
        Outcome::Exited(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        Outcome::Signaled(libc::WTERMSIG(status))
    } else {
        Outcome::Failed(format!("wait status {status}"))
    };
    Measurement {
        outcome,
        wall,
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_and_timeout() {
        let m = measure(
            Command::new("sh").args(["-c", "exit 3"]),
            Duration::from_secs(30),
        );
        assert_eq!(m.outcome, Outcome::Exited(3));
        assert!(m.max_rss_kib > 0);
        let m = measure(Command::new("sleep").arg("30"), Duration::from_millis(200));
        assert!(matches!(m.outcome, Outcome::TimedOut(_)), "{:?}", m.outcome);
        let m = measure(&mut Command::new("/nonexistent/x"), Duration::from_secs(1));
        assert!(matches!(m.outcome, Outcome::Failed(_)));
    }
}
