//! The process tree under `tauri-driver`, read from `/proc`: finding the app, measuring its
//! memory, and ending processes the harness started (by id, with SIGTERM).

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// One running process.
#[derive(Debug, Clone)]
pub struct Proc {
    /// Process id.
    pub pid: u32,
    /// Parent process id.
    pub ppid: u32,
    /// The file name of the program (from the command line, else the kernel's short name).
    pub name: String,
    /// Resident memory in KiB.
    pub rss_kib: u64,
}

/// Resident memory of the app and of the web processes it started.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    /// The app process itself, KiB.
    pub app_kib: u64,
    /// Its descendants (WebKitWebProcess, WebKitNetworkProcess, ...), KiB.
    pub web_kib: u64,
    /// The proportional set size (shared pages divided among the processes that map them) of
    /// the app and all its descendants, from `/proc/<pid>/smaps_rollup`, KiB: the memory the
    /// whole process tree costs the machine.
    pub tree_pss_kib: u64,
}

/// Every live process (zombies excluded).
pub fn all() -> Vec<Proc> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(read)
        .collect()
}

/// The process `pid`, if it is alive.
pub fn read(pid: u32) -> Option<Proc> {
    let dir = Path::new("/proc").join(pid.to_string());
    let status = fs::read_to_string(dir.join("status")).ok()?;
    let field = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .map(str::trim)
    };
    if field("State:")?.starts_with('Z') {
        return None;
    }
    let argv0 = fs::read(dir.join("cmdline"))
        .ok()
        .and_then(|raw| raw.split(|&b| b == 0).next().map(<[u8]>::to_vec))
        .map(|raw| String::from_utf8_lossy(&raw).into_owned())
        .filter(|s| !s.is_empty());
    let name = argv0
        .as_deref()
        .and_then(|a| Path::new(a).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| field("Name:").unwrap_or_default().to_string());
    let rss_kib = field("VmRSS:")
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    Some(Proc {
        pid,
        ppid: field("PPid:")?.parse().ok()?,
        name,
        rss_kib,
    })
}

/// Every descendant of `root` (children, their children, ...).
pub fn descendants(root: u32) -> Vec<Proc> {
    let procs = all();
    let mut found: Vec<Proc> = Vec::new();
    let mut parents = vec![root];
    while let Some(parent) = parents.pop() {
        for child in procs.iter().filter(|p| p.ppid == parent) {
            parents.push(child.pid);
            found.push(child.clone());
        }
    }
    found
}

/// The processes running program `name` under `root`, with all their own descendants.
pub fn subtrees_named(root: u32, name: &str) -> Vec<u32> {
    let procs = descendants(root);
    let tops = procs.iter().filter(|p| p.name == name).map(|p| p.pid);
    tops.flat_map(|top| std::iter::once(top).chain(descendants(top).into_iter().map(|p| p.pid)))
        .collect()
}

/// The descendants of `root` running the program called `name`.
pub fn descendants_named(root: u32, name: &str) -> Vec<u32> {
    descendants(root)
        .into_iter()
        .filter(|p| p.name == name)
        .map(|p| p.pid)
        .collect()
}

/// The resident memory of process `app` and of all its descendants. Fails if the
/// proportional set size of one of them cannot be read (a process that ended is skipped).
pub fn memory(app: u32) -> Memory {
    let web = descendants(app);
    let tree_pss_kib = std::iter::once(app)
        .chain(web.iter().map(|p| p.pid))
        .filter_map(
            |pid| match fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) {
                Ok(rollup) => Some(pss_kib(&rollup).unwrap_or_else(|| {
                    panic!("no Pss line in /proc/{pid}/smaps_rollup: {rollup}")
                })),
                Err(_) if read(pid).is_none() => None,
                Err(e) => panic!("cannot read /proc/{pid}/smaps_rollup: {e}"),
            },
        )
        .sum();
    Memory {
        app_kib: read(app).map_or(0, |p| p.rss_kib),
        web_kib: web.iter().map(|p| p.rss_kib).sum(),
        tree_pss_kib,
    }
}

/// The `Pss:` figure of a `smaps_rollup` file, KiB.
fn pss_kib(rollup: &str) -> Option<u64> {
    rollup
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Sends SIGTERM to `pid` (a process this harness started).
pub fn terminate(pid: u32) {
    let sent = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if let Err(e) = sent {
        eprintln!("could not send SIGTERM to process {pid}: {e}");
    }
}

/// Waits until none of `pids` is alive; false if some still are after `limit`.
pub fn wait_gone(pids: &[u32], limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if pids.iter().all(|&pid| read(pid).is_none()) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        sleep(Duration::from_millis(100));
    }
}
