//! Holding up under abuse: floods from many Tor circuits, half-sent headers,
//! the PROXY header, `kill -9` mid-upload, and a corpus of hostile requests.
//! Loopback only; every loop is bounded in count and time.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{
    BinaryServer, TestServer, client, multipart, post, proxy_line, raw_request, receipt_in,
};
use gundo::receipt::{Locator, ReceiptCode};

/// A receipt with a valid check digit for a thread that does not exist:
/// it costs the server a full Argon2id run.
fn random_receipt(seed: u32) -> String {
    let code = ReceiptCode::new(
        Locator::from_u32(seed % 1_000_000).unwrap(),
        gundo::receipt::ReceiptSecret::generate(),
    );
    code.to_display().to_string()
}

/// The stated bound for the flood test: two Argon2id runs (64 MiB each, one
/// per core on the CI machine) plus uploads in flight and the runtime.
const FLOOD_RSS_BOUND_KIB: u64 = 320 * 1024;

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_from_many_circuits_leaves_room_for_a_real_tip() {
    let server = BinaryServer::start(
        "proxy_protocol = true\nposts_per_minute = 40\ncircuit_posts_per_minute = 5\nmax_uploads_in_flight = 8\nreceipt_check_queue = 4",
    );
    let addr = server.addr;
    let junk_file = vec![0x5au8; 16 * 1024];
    let mut tasks = Vec::new();
    for i in 0..200u32 {
        let (content_type, body) = multipart("junk", &junk_file);
        tasks.push(tokio::spawn(async move {
            raw_request(
                addr,
                Some(&proxy_line(10_000 + i % 50)),
                &post("/fr/submit", &content_type, &body),
            )
            .await
        }));
    }
    for i in 0..500u32 {
        let form = format!("receipt={}", random_receipt(i).replace(' ', "+"));
        tasks.push(tokio::spawn(async move {
            raw_request(
                addr,
                Some(&proxy_line(20_000 + i)),
                &post(
                    "/en/status",
                    "application/x-www-form-urlencoded",
                    form.as_bytes(),
                ),
            )
            .await
        }));
    }
    // Meanwhile one real submitter, on its own circuit, retries as a person would.
    let legit = tokio::spawn(async move {
        let (content_type, body) = multipart(
            "Vrai signalement : carburant vendu au marché.",
            b"%PDF-1.4 preuve",
        );
        let deadline = Instant::now() + Duration::from_secs(240);
        while Instant::now() < deadline {
            let answer = raw_request(
                addr,
                Some(&proxy_line(7)),
                &post("/fr/submit", &content_type, &body),
            )
            .await;
            match answer {
                Some((200, page)) => return Some(page),
                Some((429 | 503, _)) | None => {
                    tokio::time::sleep(Duration::from_millis(1500)).await;
                }
                Some((status, page)) => panic!("the real tip got {status}: {page}"),
            }
        }
        None
    });
    let mut counts = std::collections::BTreeMap::new();
    for task in tasks {
        let (status, page) = task
            .await
            .unwrap()
            .expect("every flood request gets an answer");
        *counts.entry(status).or_insert(0) += 1;
        match status {
            200 => {}
            429 | 503 => assert!(
                page.contains("<html") && page.contains("dir=\""),
                "a page, not a bare status"
            ),
            other => panic!("unexpected {other}: {page}"),
        }
    }
    let page = legit.await.unwrap().expect("the real tip gets through");
    assert_eq!(receipt_in(&page).len(), 29);
    let peak = server.peak_rss_kib();
    println!(
        "flood: answers {counts:?}, server peak RSS {} MiB",
        peak / 1024
    );
    assert!(
        counts.get(&429).copied().unwrap_or(0) + counts.get(&503).copied().unwrap_or(0) > 0,
        "{counts:?}"
    );
    assert!(
        peak < FLOOD_RSS_BOUND_KIB,
        "peak RSS {peak} KiB over the bound"
    );
    assert!(!server.log().contains("internal error"), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn half_sent_headers_do_not_block_others_and_are_closed() {
    let server = BinaryServer::start("header_timeout_seconds = 2");
    let mut half = Vec::new();
    for _ in 0..500 {
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        stream
            .write_all(b"GET /fr/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        half.push(stream);
    }
    let started = Instant::now();
    let response = client().get(server.url("/fr/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "answered in {:?}",
        started.elapsed()
    );
    // Every half-sent connection is closed by the server within the header timeout (+ slack).
    let deadline = Instant::now() + Duration::from_secs(6);
    for mut stream in half {
        let mut buf = [0u8; 256];
        let left = deadline.saturating_duration_since(Instant::now());
        let read = tokio::time::timeout(left, stream.read(&mut buf)).await;
        assert!(
            matches!(read, Ok(Ok(_) | Err(_))),
            "a half-sent connection stayed open"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_proxy_header_is_used_only_when_configured() {
    let get = b"GET /fr/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let with_proxy = BinaryServer::start("proxy_protocol = true");
    let (status, _) = raw_request(with_proxy.addr, Some(&proxy_line(0x2e)), get)
        .await
        .unwrap();
    assert_eq!(status, 200);
    // Malformed or missing header: the connection is closed without an answer.
    assert!(
        raw_request(with_proxy.addr, Some("PROXY TCP6 nonsense\r\n"), get)
            .await
            .is_none()
    );
    assert!(
        raw_request(
            with_proxy.addr,
            Some("PROXY TCP6 2001:db8::1 ::1 1 80\r\n"),
            get
        )
        .await
        .is_none()
    );
    assert!(raw_request(with_proxy.addr, None, get).await.is_none());

    // Without the setting, a PROXY line is never trusted: it is a bad request.
    let without = BinaryServer::start("");
    let answer = raw_request(without.addr, Some(&proxy_line(0x2e)), get).await;
    assert!(matches!(answer, Some((400, _)) | None), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_circuit_past_its_budget_gets_429_in_its_language() {
    let server = BinaryServer::start("proxy_protocol = true\ncircuit_posts_per_minute = 3");
    let form = b"receipt=12";
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let (status, page) = raw_request(
            server.addr,
            Some(&proxy_line(99)),
            &post("/ar/status", "application/x-www-form-urlencoded", form),
        )
        .await
        .unwrap();
        if status == 429 {
            assert!(page.contains("lang=\"ar\"") && page.contains("dir=\"rtl\""));
        }
        statuses.push(status);
    }
    // A mistyped receipt gets the form again (200); past the budget, 429.
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let (status, _) = raw_request(
        server.addr,
        Some(&proxy_line(100)),
        &post("/ar/status", "application/x-www-form-urlencoded", form),
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "another circuit is not slowed down");
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_upload_loses_no_receipt_and_leaves_no_partial() {
    let mut server = BinaryServer::start("");
    // Tips that completed: their receipts were shown.
    let mut receipts = Vec::new();
    for i in 0..3 {
        let form = reqwest::multipart::Form::new().text("message", format!("tip {i}"));
        let page = client()
            .post(server.url("/fr/submit"))
            .multipart(form)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        receipts.push(receipt_in(&page));
    }
    // Several uploads in flight: their sealers have started writing.
    let mut in_flight = Vec::new();
    for _ in 0..4 {
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        let (content_type, body) = multipart("unfinished", &vec![1u8; 4 * 1024 * 1024]);
        let head = format!(
            "POST /fr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len() + 1_000_000
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&body[..body.len() - 100]).await.unwrap();
        in_flight.push(stream);
    }
    let blobs = server.data_dir().join("blobs");
    let partials = || {
        std::fs::read_dir(&blobs)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".partial-")
            })
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while partials() < 4 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(partials(), 4, "four uploads were being sealed");

    server.kill9_and_restart();
    drop(in_flight);

    assert_eq!(partials(), 0, "no partial blob after the restart");
    // Every row has its blob and every blob its row.
    let db = rusqlite::Connection::open(server.data_dir().join("gundo.db")).unwrap();
    let rows: Vec<String> = db
        .prepare("SELECT blob_id FROM messages UNION ALL SELECT blob_id FROM replies")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&blobs)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".age")
                .to_owned()
        })
        .collect();
    let mut rows_sorted = rows.clone();
    rows_sorted.sort();
    files.sort();
    assert_eq!(rows_sorted, files);
    assert_eq!(rows.len(), 3);
    // Every receipt ever shown still opens its thread.
    for receipt in &receipts {
        let page = client()
            .post(server.url("/fr/status"))
            .form(&[("receipt", receipt.as_str())])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("/fr/followup\""), "a receipt lost its thread");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_requests_get_clean_pages_and_never_a_panic() {
    let server = TestServer::start().await;
    let addr = server.addr;
    let form_post = |body: &[u8], content_type: &str| post("/fr/submit", content_type, body);
    let boundary = "b0undary";
    let ct = format!("multipart/form-data; boundary={boundary}");
    let part = |name: &str, extra: &str, content: &[u8]| {
        let mut p = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n"
        )
        .into_bytes();
        p.extend_from_slice(content);
        p.extend_from_slice(b"\r\n");
        p
    };
    let end = format!("--{boundary}--\r\n").into_bytes();

    let mut cases: Vec<(&str, Vec<u8>, &[u16])> = Vec::new();
    // Truncated multipart: no closing boundary.
    cases.push((
        "truncated",
        form_post(&part("message", "", b"half"), &ct),
        &[400],
    ));
    // Wrong and missing boundary.
    let body = [part("message", "", b"x"), end.clone()].concat();
    cases.push((
        "wrong boundary",
        form_post(&body, "multipart/form-data; boundary=other"),
        &[400],
    ));
    cases.push((
        "missing boundary",
        form_post(&body, "multipart/form-data"),
        &[400],
    ));
    cases.push(("not multipart", form_post(&body, "text/plain"), &[400]));
    // 10 000 fields.
    let many: Vec<u8> = (0..10_000)
        .flat_map(|i| part(&format!("f{i}"), "", b"x"))
        .chain(end.clone())
        .collect();
    cases.push(("10 000 fields", form_post(&many, &ct), &[400]));
    let many_files: Vec<u8> = (0..10_000)
        .flat_map(|i| part("files", &format!("; filename=\"{i}\""), b"x"))
        .chain(end.clone())
        .collect();
    cases.push(("10 000 files", form_post(&many_files, &ct), &[413]));
    // A field name of 1 MiB.
    let long_name = "n".repeat(1024 * 1024);
    cases.push((
        "1 MiB field name",
        form_post(&[part(&long_name, "", b"x"), end.clone()].concat(), &ct),
        &[400, 413],
    ));
    // Invalid UTF-8 and NUL in a field name.
    cases.push((
        "invalid UTF-8",
        form_post(
            &[part("message", "", b"caf\xe9 \xff\xfe"), end.clone()].concat(),
            &ct,
        ),
        &[400],
    ));
    cases.push((
        "NUL in name",
        form_post(&[part("mess\0age", "", b"x"), end.clone()].concat(), &ct),
        &[400],
    ));
    // Header flood.
    let mut flood = b"GET /fr/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n".to_vec();
    for i in 0..10_000 {
        flood.extend_from_slice(format!("X-Flood-{i}: {}\r\n", "v".repeat(10)).as_bytes());
    }
    flood.extend_from_slice(b"\r\n");
    cases.push(("header flood", flood, &[400, 431]));
    // Every route with every wrong method.
    for (method, path) in [
        ("POST", "/"),
        ("PUT", "/fr/"),
        ("DELETE", "/fr/submit"),
        ("PATCH", "/en/status"),
        ("GET", "/ar/followup"),
        ("PUT", "/gundo.css"),
        ("OPTIONS", "/fr/submit"),
        ("TRACE", "/fr/status"),
        ("POST", "/gundo.css"),
        ("POST", "/fr/"),
    ] {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        );
        cases.push(("wrong method", request.into_bytes(), &[405]));
    }
    for (name, request, expected) in cases {
        let (status, page) = raw_request(addr, None, &request)
            .await
            .unwrap_or_else(|| panic!("{name}: no answer"));
        assert!(expected.contains(&status), "{name}: {status}");
        if status != 431 && !(name == "header flood" && status == 400) {
            assert!(page.contains("<html"), "{name}: a page, not a bare status");
        }
    }
    assert!(server.blob_files().is_empty(), "nothing hostile was stored");

    // Accepted but made harmless: NUL bytes in the text and a path in a file name.
    let body = [
        part("message", "", b"a\0b"),
        part("files", "; filename=\"../../x\"", b"data"),
        end.clone(),
    ]
    .concat();
    let (status, _) = raw_request(addr, None, &form_post(&body, &ct))
        .await
        .unwrap();
    assert_eq!(status, 200);
    let zip = server.open_blob(&server.blob_files()[0]);
    let names: Vec<String> = crate::support::zip_entries(&zip)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["message.txt", "files/x", ".padding"]);

    assert_eq!(server.state.panics_caught(), 0, "no handler panicked");
    server.stop().await;
}
