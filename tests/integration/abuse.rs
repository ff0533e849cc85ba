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
    for _ in 0..5 {
        let answer = raw_request(without.addr, Some(&proxy_line(0x2e)), get).await;
        assert!(matches!(answer, Some((400, _)) | None), "{answer:?}");
    }

    // Either mismatch is an operator's mistake: one clear line each (not one
    // per connection), naming the setting, with no client data and no colour codes.
    for (server, setting, count) in [
        (
            &with_proxy,
            "HiddenServiceExportCircuitID haproxy to the onion service",
            1,
        ),
        (&without, "set proxy_protocol = true", 1),
    ] {
        let log = server.log();
        assert_eq!(log.matches(setting).count(), count, "{log}");
        assert!(
            !log.contains("fc00:dead") && !log.contains("2001:db8"),
            "{log}"
        );
        assert!(
            !log.contains('\u{1b}'),
            "colour codes in a log file: {log:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn open_connections_are_capped_per_circuit_and_in_all() {
    let get = b"GET /fr/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let server = BinaryServer::start(
        "proxy_protocol = true\nmax_connections = 12\nmax_connections_per_circuit = 4",
    );
    let addr = server.addr;
    // A connection the server holds for sure: one keep-alive request answered.
    let open = |circuit: u32| async move {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(proxy_line(circuit).as_bytes())
            .await
            .unwrap();
        let _ = stream
            .write_all(b"GET /gundo.css HTTP/1.1\r\nHost: x\r\n\r\n")
            .await;
        let mut seen = Vec::new();
        let mut buf = [0u8; 8192];
        while !seen.ends_with(b"}\n") {
            match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => seen.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
        (stream, seen.starts_with(b"HTTP/1.1 200"))
    };
    // Four idle connections on circuit 1 are its share: a fifth is closed at once...
    let mut held = Vec::new();
    for _ in 0..4 {
        let (stream, answered) = open(1).await;
        assert!(answered);
        held.push(stream);
    }
    let (mut fifth, answered) = open(1).await;
    assert!(!answered, "a fifth connection on one circuit is served");
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(5), fifth.read(&mut buf)).await;
    assert!(matches!(read, Ok(Ok(0) | Err(_))), "{read:?}");
    // ...while another circuit is served.
    assert_eq!(
        raw_request(server.addr, Some(&proxy_line(2)), get)
            .await
            .unwrap()
            .0,
        200
    );
    // Twelve connections in all: the thirteenth is closed, whatever its circuit.
    // (The two connections just closed may take the server a moment to
    // count out: a refused one is tried again, for at most 2 s.)
    drop(fifth);
    for circuit in 3..11 {
        let mut tries = 0;
        let stream = loop {
            let (stream, answered) = open(circuit).await;
            if answered {
                break stream;
            }
            tries += 1;
            assert!(tries < 20, "connection {circuit} refused under the cap");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        held.push(stream);
    }
    assert!(
        raw_request(server.addr, Some(&proxy_line(20)), get)
            .await
            .is_none()
    );
    drop(held);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        raw_request(server.addr, Some(&proxy_line(20)), get)
            .await
            .unwrap()
            .0,
        200
    );
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

/// One trickling upload: a PROXY line for `circuit`, a multipart head that
/// announces 1 MiB, then one byte every `every` until `until`. Returns the
/// status the server answered with, if it answered.
async fn trickle(
    addr: std::net::SocketAddr,
    circuit: u32,
    every: Duration,
    until: Instant,
) -> Option<u16> {
    let (content_type, body) = multipart("lent", &vec![b'z'; 1024 * 1024]);
    let request = post("/fr/submit", &content_type, &body);
    let head_end = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4 + 200;
    let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
    stream
        .write_all(proxy_line(circuit).as_bytes())
        .await
        .ok()?;
    stream.write_all(&request[..head_end]).await.ok()?;
    let mut at = head_end;
    let mut answer = Vec::new();
    while Instant::now() < until {
        let mut buf = [0u8; 4096];
        match tokio::time::timeout(every, stream.read(&mut buf)).await {
            // The server answered (cut off, or refused): read the rest.
            Ok(Ok(n)) if n > 0 => {
                answer.extend_from_slice(&buf[..n]);
                let _ =
                    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
                        .await;
                break;
            }
            Ok(_) => break,
            Err(_) => {
                if stream.write_all(&request[at..=at]).await.is_err() {
                    break;
                }
                at += 1;
            }
        }
    }
    let text = String::from_utf8_lossy(&answer);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// A real submitter on a fresh circuit: 1 MiB at full speed, retrying on
/// "busy" as a person would. Returns the page with the receipt and how long
/// it took from the first try.
async fn real_submitter(addr: std::net::SocketAddr, circuit: u32) -> (String, Duration) {
    let (content_type, body) =
        multipart("Le carburant part au marché.", &vec![0x42u8; 1024 * 1024]);
    let request = post("/fr/submit", &content_type, &body);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        match raw_request(addr, Some(&proxy_line(circuit)), &request).await {
            Some((200, page)) => return (page, started.elapsed()),
            Some((503, _)) | None => tokio::time::sleep(Duration::from_secs(1)).await,
            Some((status, page)) => panic!("the real submitter got {status}: {page}"),
        }
    }
    panic!("the real submitter got no receipt in 60 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn trickling_uploads_from_many_circuits_do_not_keep_a_real_submitter_out() {
    let server = BinaryServer::start("proxy_protocol = true\nmax_uploads_in_flight = 16");
    let addr = server.addr;
    let until = Instant::now() + Duration::from_secs(40);
    // 20 circuits, each trickling one upload: more than the 16 slots.
    let trickles: Vec<_> = (0..20u32)
        .map(|i| tokio::spawn(trickle(addr, 30_000 + i, Duration::from_secs(2), until)))
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (page, took) = real_submitter(addr, 7).await;
    assert_eq!(receipt_in(&page).len(), 29);
    println!("trickle: the real submitter got a receipt in {took:?}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let mut answers = std::collections::BTreeMap::new();
    for task in trickles {
        *answers.entry(task.await.unwrap()).or_insert(0) += 1;
    }
    println!("trickle: the trickling uploads ended with {answers:?}");
    // The displaced trickle was told why, with the translated page.
    assert!(
        answers.get(&Some(408)).copied().unwrap_or(0) >= 1,
        "{answers:?}"
    );
    assert!(!server.log().contains("internal error"), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn waves_of_trickling_uploads_do_not_keep_a_real_submitter_out() {
    let server = BinaryServer::start("proxy_protocol = true\nmax_uploads_in_flight = 16");
    let addr = server.addr;
    let until = Instant::now() + Duration::from_secs(50);
    let mut trickles = Vec::new();
    let mut real = None;
    // 200 connections from 200 circuits, in ten waves of 20, 2 s apart; the
    // real submitter comes just after a wave, when every slot is fresh.
    for wave in 0..10u32 {
        for i in 0..20u32 {
            trickles.push(tokio::spawn(trickle(
                addr,
                40_000 + wave * 20 + i,
                Duration::from_secs(2),
                until,
            )));
        }
        if wave == 3 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            real = Some(tokio::spawn(real_submitter(addr, 8)));
            tokio::time::sleep(Duration::from_millis(1700)).await;
        } else {
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
    let (page, took) = real.unwrap().await.unwrap();
    assert_eq!(receipt_in(&page).len(), 29);
    println!("waves: the real submitter got a receipt in {took:?}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let peak = server.peak_rss_kib();
    println!("waves: server peak RSS {} MiB", peak / 1024);
    assert!(peak < FLOOD_RSS_BOUND_KIB, "peak RSS {peak} KiB");
    for task in trickles {
        task.abort();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disk_that_fills_during_an_upload_answers_503_and_keeps_nothing() {
    let Some(server) = BinaryServer::start_on_small_disk("", 16) else {
        println!("SKIPPED: this kernel does not let the test mount a tmpfs (needs root)");
        return;
    };
    // The floor check passes (min_free_mib = 0), then the disk fills mid-upload.
    let (content_type, body) = multipart("un gros fichier", &vec![0x61u8; 30 * 1024 * 1024]);
    let (status, page) = raw_request(server.addr, None, &post("/fr/submit", &content_type, &body))
        .await
        .unwrap();
    assert_eq!(status, 503, "{page}");
    assert!(page.contains("Rien n’a été enregistré"), "{page}");
    assert!(
        !page.contains("il n’a peut-être pas été enregistré"),
        "the server knows nothing was kept: {page}"
    );
    assert_eq!(
        std::fs::read_dir(server.data_dir().join("blobs"))
            .unwrap()
            .count(),
        0,
        "no partial blob is left"
    );
    assert!(
        server.log().contains("disk of the data directory is full"),
        "{}",
        server.log()
    );
    // Once there is room again, a tip goes through.
    let (content_type, body) = multipart("petit", b"ok");
    let (status, _) = raw_request(server.addr, None, &post("/fr/submit", &content_type, &body))
        .await
        .unwrap();
    assert_eq!(status, 200);
    let check = crate::support::gundo(server.dir.path(), &["check", "--config", "gundo.toml"]);
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(!out.contains("is full"), "{out}");
}
