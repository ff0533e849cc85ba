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
        let task = tokio::spawn(web::serve::serve(listener, app, async {
            let _ = stopped.await;
        }));
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
