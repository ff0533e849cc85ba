//! Process hygiene: what keeps a gundo process's memory (tips streaming
//! through the server, decrypted tips in the reviewer's tool) off the disk.
//!
//! [`disable_core_dumps`] runs first in every `gundo` command: the core-size
//! limit goes to zero (hard and soft, so nothing in the process can raise it
//! again) and the process is marked not dumpable, which also stops other
//! processes of the same user from attaching a debugger or reading
//! `/proc/PID/mem`. Both through `rustix`'s safe wrappers.
//!
//! Swap is the other way memory reaches the disk: [`swap_problems`] reads
//! `/proc/swaps` and tells apart swap that is encrypted (dm-crypt, perhaps
//! under LVM) or in RAM (zram) from swap that is not, for `gundo check`.
//!
//! Secrets never come from the command line or the environment (both are
//! readable in `/proc` by the same user, and end up in shell histories and
//! unit files): passphrases are asked on the terminal or read from a file
//! named by `--passphrase-file`.

use std::path::{Path, PathBuf};

use rustix::process::{DumpableBehavior, Resource, Rlimit};

/// Why core dumps could not be turned off.
#[derive(Debug, thiserror::Error)]
pub enum HygieneError {
    /// The limit could not be lowered and is not already zero.
    #[error("cannot turn core dumps off: {0}")]
    CoreLimit(std::io::Error),
    /// The process could not be marked not dumpable.
    #[error("cannot mark the process not dumpable: {0}")]
    Dumpable(std::io::Error),
}

/// Sets `RLIMIT_CORE` to 0 (soft and hard) and marks the process not dumpable.
pub fn disable_core_dumps() -> Result<(), HygieneError> {
    let zero = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    if let Err(e) = rustix::process::setrlimit(Resource::Core, zero) {
        // A sandbox may forbid the call while already holding the limit at
        // zero (systemd's LimitCORE=0): that is as good.
        if rustix::process::getrlimit(Resource::Core) != zero {
            return Err(HygieneError::CoreLimit(e.into()));
        }
    }
    rustix::process::set_dumpable_behavior(DumpableBehavior::NotDumpable)
        .map_err(|e| HygieneError::Dumpable(e.into()))
}

/// True when core dumps are off for this process.
pub fn core_dumps_disabled() -> bool {
    let limit = rustix::process::getrlimit(Resource::Core);
    limit.current == Some(0)
        && rustix::process::dumpable_behavior().is_ok_and(|b| b == DumpableBehavior::NotDumpable)
}

/// Where the kernel shows swap and block devices; tests point it elsewhere.
#[derive(Clone, Debug)]
pub struct SystemPaths {
    /// `/proc/swaps`.
    pub swaps: PathBuf,
    /// `/sys/dev/block`: `MAJOR:MINOR` links to each block device.
    pub sys_dev_block: PathBuf,
}

impl Default for SystemPaths {
    fn default() -> Self {
        Self {
            swaps: "/proc/swaps".into(),
            sys_dev_block: "/sys/dev/block".into(),
        }
    }
}

/// One line per swap area that is neither encrypted nor in RAM.
pub fn swap_problems(paths: &SystemPaths) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(&paths.swaps) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    // Header line: "Filename Type Size Used Priority".
    for line in text.lines().skip(1) {
        let mut fields = line.split_whitespace();
        let (Some(name), Some(kind)) = (fields.next(), fields.next()) else {
            continue;
        };
        // The kernel escapes spaces in names as \040.
        let name = name.replace("\\040", " ");
        let device = match kind {
            "partition" => device_number(Path::new(&name), true),
            // A swap file lives on the file system of the device holding it.
            _ => device_number(Path::new(&name), false),
        };
        let safe = device.is_some_and(|(major, minor)| {
            block_device_is_safe(&paths.sys_dev_block, major, minor, 0)
        });
        if !safe {
            problems.push(format!(
                "swap {name} is not encrypted: memory holding tips in the clear may be written to it; turn it off (swapoff -a, and remove it from /etc/fstab) or encrypt it (cryptsetup, e.g. a random-key swap in /etc/crypttab)"
            ));
        }
    }
    problems
}

/// The `(major, minor)` of a device node (`rdev`), or of the device a file is on.
fn device_number(path: &Path, node: bool) -> Option<(u32, u32)> {
    let stat = rustix::fs::stat(path).ok()?;
    let dev = if node { stat.st_rdev } else { stat.st_dev };
    Some((rustix::fs::major(dev), rustix::fs::minor(dev)))
}

/// RAM (zram), dm-crypt, or a device-mapper stack whose every leaf is one of those.
fn block_device_is_safe(sys_dev_block: &Path, major: u32, minor: u32, depth: u8) -> bool {
    if depth > 8 {
        return false;
    }
    let dir = sys_dev_block.join(format!("{major}:{minor}"));
    let Ok(real) = std::fs::canonicalize(&dir) else {
        return false;
    };
    if real
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("zram"))
    {
        return true;
    }
    if std::fs::read_to_string(real.join("dm/uuid")).is_ok_and(|u| u.starts_with("CRYPT-")) {
        return true;
    }
    // A partition: judge its disk. A device-mapper device (LVM): judge what it sits on.
    if real.join("partition").exists() {
        return real
            .parent()
            .and_then(|disk| std::fs::read_to_string(disk.join("dev")).ok())
            .and_then(|dev| parse_dev(&dev))
            .is_some_and(|(ma, mi)| block_device_is_safe(sys_dev_block, ma, mi, depth + 1));
    }
    let Ok(slaves) = std::fs::read_dir(real.join("slaves")) else {
        return false;
    };
    let mut any = false;
    for slave in slaves.flatten() {
        any = true;
        let safe = std::fs::read_to_string(slave.path().join("dev"))
            .ok()
            .and_then(|dev| parse_dev(&dev))
            .is_some_and(|(ma, mi)| block_device_is_safe(sys_dev_block, ma, mi, depth + 1));
        if !safe {
            return false;
        }
    }
    any
}

fn parse_dev(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.trim().split_once(':')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake `/sys/devices/...` tree with `/sys/dev/block` links into it.
    struct FakeSys {
        dir: tempfile::TempDir,
    }

    impl FakeSys {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("dev/block")).unwrap();
            std::fs::create_dir_all(dir.path().join("devices")).unwrap();
            Self { dir }
        }

        fn device(&self, path: &str, dev: &str, dm_uuid: Option<&str>, slaves: &[&str]) {
            let real = self.dir.path().join("devices").join(path);
            std::fs::create_dir_all(real.join("slaves")).unwrap();
            std::fs::write(real.join("dev"), format!("{dev}\n")).unwrap();
            if let Some(uuid) = dm_uuid {
                std::fs::create_dir_all(real.join("dm")).unwrap();
                std::fs::write(real.join("dm/uuid"), uuid).unwrap();
            }
            for slave in slaves {
                let target = self.dir.path().join("devices").join(slave);
                std::os::unix::fs::symlink(
                    target,
                    real.join("slaves").join(slave.rsplit('/').next().unwrap()),
                )
                .unwrap();
            }
            std::os::unix::fs::symlink(&real, self.dir.path().join("dev/block").join(dev)).unwrap();
        }

        fn safe(&self, dev: (u32, u32)) -> bool {
            block_device_is_safe(&self.dir.path().join("dev/block"), dev.0, dev.1, 0)
        }
    }

    #[test]
    fn encrypted_and_ram_swap_pass_plain_swap_does_not() {
        let sys = FakeSys::new();
        sys.device("sda", "8:0", None, &[]);
        std::fs::write(sys.dir.path().join("devices/sda/partition"), "").unwrap();
        sys.device("sda3", "8:3", None, &[]);
        std::fs::write(sys.dir.path().join("devices/sda3/partition"), "").unwrap();
        sys.device(
            "dm-0",
            "254:0",
            Some("CRYPT-LUKS2-abc-sda3_crypt"),
            &["sda3"],
        );
        sys.device("dm-1", "254:1", Some("LVM-xyz"), &["dm-0"]);
        sys.device("dm-2", "254:2", Some("LVM-plain"), &["sda3"]);
        sys.device("zram0", "252:0", None, &[]);
        assert!(sys.safe((254, 0)), "dm-crypt");
        assert!(sys.safe((254, 1)), "LVM on LUKS");
        assert!(sys.safe((252, 0)), "zram");
        assert!(!sys.safe((254, 2)), "LVM on a plain partition");
        assert!(!sys.safe((8, 3)), "a plain partition");
        assert!(!sys.safe((9, 9)), "unknown");
    }

    #[test]
    fn no_swap_no_problem_and_unknown_swap_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let swaps = dir.path().join("swaps");
        std::fs::write(&swaps, "Filename\tType\tSize\tUsed\tPriority\n").unwrap();
        let paths = SystemPaths {
            swaps: swaps.clone(),
            sys_dev_block: dir.path().join("none"),
        };
        assert!(swap_problems(&paths).is_empty());
        std::fs::write(
            &swaps,
            "Filename\tType\tSize\tUsed\tPriority\n/nonexistent/swapfile file 1024 0 -2\n",
        )
        .unwrap();
        let problems = swap_problems(&paths);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("/nonexistent/swapfile"));
    }
}
