//! A real gundo server on 127.0.0.1:0 in a temp dir, with one reviewer.

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use gundo::config::{ListenAddr, UploadLimits};
use gundo::keys::ReviewerIdentity;
use gundo::store::Store;
use gundo::web;

pub struct TestServer {
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    pub reviewer: ReviewerIdentity,
    pub state: web::AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::with_limits(UploadLimits::default(), 0).await
    }

    pub async fn with_limits(limits: UploadLimits, min_free_bytes: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let reviewer = ReviewerIdentity::generate();
        let store = Store::open(&dir.path().join("data")).unwrap();
        let state = web::AppState::new(
            store,
            vec![reviewer.age_identity().to_public()],
            limits,
            min_free_bytes,
        );
        let listener = web::serve::Listener::bind(&ListenAddr::Tcp("127.0.0.1:0".parse().unwrap()))
            .await
            .unwrap();
        let ListenAddr::Tcp(addr) = listener.local_addr().unwrap() else {
            unreachable!()
        };
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let app = web::router(state.clone());
        let task = tokio::spawn(web::serve::serve(
            listener,
            app,
            web::serve::ServeOptions::default(),
            async {
                let _ = stopped.await;
            },
        ));
        Self {
            addr,
            dir,
            reviewer,
            state,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn blob_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.data_dir().join("blobs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    }

    /// Decrypts a sealed message with the reviewer's key.
    pub fn open_blob(&self, path: &Path) -> Vec<u8> {
        let bytes = std::fs::read(path).unwrap();
        let decryptor = age::Decryptor::new_buffered(&bytes[..]).unwrap();
        let mut reader = decryptor
            .decrypt(std::iter::once(
                self.reviewer.age_identity() as &dyn age::Identity
            ))
            .unwrap();
        let mut plain = Vec::new();
        reader.read_to_end(&mut plain).unwrap();
        plain
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The receipt shown in `id="receipt"`.
pub fn receipt_in(html: &str) -> String {
    let start = html.find("id=\"receipt\"").expect("a receipt element");
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find('<').unwrap();
    rest[open..open + close].trim().to_owned()
}

/// Every file under `dir`, recursively.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Entries of a ZIP as (name, bytes), in archive order.
pub fn zip_entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let archive = rawzip::ZipArchive::from_slice(zip).unwrap();
    let mut out = Vec::new();
    for entry in archive.entries() {
        let entry = entry.unwrap();
        let name = String::from_utf8(entry.file_path().as_ref().to_vec()).unwrap();
        let wayfinder = entry.wayfinder();
        let file = archive.get_entry(wayfinder).unwrap();
        out.push((name, file.data().to_vec()));
    }
    out
}

/// The real `gundo serve` in its own process (for memory, file descriptors
/// and `kill -9`), with one reviewer whose key stays in the temp dir.
pub struct BinaryServer {
    pub dir: tempfile::TempDir,
    pub addr: SocketAddr,
    child: std::process::Child,
    drain: Option<std::thread::JoinHandle<()>>,
    /// A small file system mounted on the data directory, unmounted on drop.
    mounted: Option<PathBuf>,
}

impl BinaryServer {
    /// Starts a server whose `gundo.toml` holds `extra` after the basic keys.
    pub fn start(extra: &str) -> Self {
        Self::start_in(tempfile::tempdir().unwrap(), extra, None)
    }

    /// Starts a server whose data directory is a `mib` MiB tmpfs, to fill it
    /// up; `None` where this kernel does not let the test mount one.
    pub fn start_on_small_disk(extra: &str, mib: u32) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let mounted = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={mib}m,mode=0700"),
                "tmpfs",
            ])
            .arg(&data)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| Self::start_in(dir, extra, Some(data)))
    }

    fn start_in(dir: tempfile::TempDir, extra: &str, mounted: Option<PathBuf>) -> Self {
        let identity = ReviewerIdentity::generate();
        std::fs::create_dir_all(dir.path().join("keys")).unwrap();
        gundo::keys::write_keypair(&identity, &dir.path().join("reviewer.key"), None).unwrap();
        std::fs::rename(
            dir.path().join("reviewer.pub"),
            dir.path().join("keys/reviewer.pub"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("gundo.toml"),
            format!("listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\nkeys_dir = \"keys\"\nmin_free_mib = 0\n{extra}\n"),
        )
        .unwrap();
        let (child, addr, drain) = Self::spawn(dir.path());
        Self {
            dir,
            addr,
            child,
            drain: Some(drain),
            mounted,
        }
    }

    fn spawn(dir: &Path) -> (std::process::Child, SocketAddr, std::thread::JoinHandle<()>) {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gundo"))
            .args(["serve", "--config", "gundo.toml"])
            .current_dir(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(
                std::fs::File::options()
                    .create(true)
                    .append(true)
                    .open(dir.join("server.log"))
                    .unwrap(),
            )
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (found, address) = std::sync::mpsc::channel();
        let drain = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(rest) = line.strip_prefix("gundo: serving on ") {
                    let _ = found.send(rest.split(',').next().unwrap_or_default().to_owned());
                }
            }
        });
        let addr = address
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the server says where it listens")
            .parse()
            .unwrap();
        (child, addr, drain)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Peak resident memory of the server so far (`VmHWM`), in KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// `kill -9`, then a fresh start on the same data (on a new port).
    pub fn kill9_and_restart(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        if let Some(drain) = self.drain.take() {
            drain.join().unwrap();
        }
        let (child, addr, drain) = Self::spawn(self.dir.path());
        self.child = child;
        self.addr = addr;
        self.drain = Some(drain);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }
}

impl Drop for BinaryServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(drain) = self.drain.take() {
            let _ = drain.join();
        }
        if let Some(data) = self.mounted.take() {
            let _ = std::process::Command::new("umount").arg(&data).status();
        }
    }
}

/// A PROXY v1 line as Tor sends it for `circuit`.
pub fn proxy_line(circuit: u32) -> String {
    format!(
        "PROXY TCP6 fc00:dead:beef:4dad::{:x}:{:x} ::1 {} 80\r\n",
        circuit >> 16,
        circuit & 0xffff,
        1024 + circuit % 60000
    )
}

/// A multipart body with `message` and one file, and its content type.
pub fn multipart(message: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "gundoBoundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n{message}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"f.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Sends one raw request (optionally after a PROXY line) and reads the whole
/// answer; `None` if the server closed the connection without one.
pub async fn raw_request(
    addr: SocketAddr,
    proxy: Option<&str>,
    head_and_body: &[u8],
) -> Option<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(addr).await.ok()?;
    let (mut reader, mut writer) = stream.into_split();
    let mut request = proxy
        .map(|line| line.as_bytes().to_vec())
        .unwrap_or_default();
    request.extend_from_slice(head_and_body);
    // Read while writing, as a browser does: the server may answer before the whole body is sent.
    let sending = tokio::spawn(async move {
        let _ = writer.write_all(&request).await;
        writer
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        reader.read_to_end(&mut answer),
    )
    .await;
    drop(sending.await);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()?;
    Some((status, text))
}

/// A POST with `Connection: close`.
pub fn post(path: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: x.onion\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

/// `gundo ARGS` from the real binary, in `dir`, with no terminal.
pub fn gundo(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gundo"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// A command that succeeded; its standard output.
pub fn ok(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A command that failed with exactly one line on stderr, starting `gundo: `.
pub fn fails(output: &std::process::Output) -> String {
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("gundo: "), "{stderr}");
    stderr
}
