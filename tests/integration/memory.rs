//! No secret left in the server's memory once the answer is sent: after a
//! submission, a status check that shows a reply, and 100 other requests,
//! `/proc/PID/mem` of the real server holds no copy of the receipt (digits
//! together, grouped, urlencoded), of the reply's text or of the tip's text.
//! What a memory image of a seized running server gives is checked with the
//! kernel's own view of the process, not with anything of ours.

use std::io::{Read, Seek, SeekFrom};

use crate::support::{BinaryServer, multipart, post, raw_request, receipt_in};

/// Every readable private or heap region of `pid`, as (start, bytes).
fn readable_memory(pid: u32) -> std::io::Result<Vec<(u64, Vec<u8>)>> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps"))?;
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem"))?;
    let mut regions = Vec::new();
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        let name = fields.nth(3).unwrap_or("");
        if !perms.starts_with('r')
            || name == "[vvar]"
            || name == "[vsyscall]"
            || name == "[vvar_vclock]"
        {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let start = u64::from_str_radix(start, 16).unwrap();
        let end = u64::from_str_radix(end, 16).unwrap();
        let mut bytes = vec![0u8; usize::try_from(end - start).unwrap()];
        mem.seek(SeekFrom::Start(start))?;
        // A region can shrink between reading maps and reading it: keep what came.
        let mut got = 0;
        while got < bytes.len() {
            match mem.read(&mut bytes[got..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        bytes.truncate(got);
        regions.push((start, bytes));
    }
    Ok(regions)
}

fn copies(regions: &[(u64, Vec<u8>)], needle: &[u8]) -> usize {
    regions
        .iter()
        .map(|(_, bytes)| bytes.windows(needle.len()).filter(|w| *w == needle).count())
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn no_receipt_reply_or_tip_is_left_in_the_server_memory() {
    let server = BinaryServer::start("");
    let pid = server.pid();
    if let Err(e) = std::fs::File::open(format!("/proc/{pid}/mem")).and_then(|mut f| {
        let mut b = [0u8; 1];
        f.read(&mut b).map(|_| ())
    }) {
        // Only where the kernel forbids reading another process's memory.
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            println!("SKIPPED: the kernel does not let this test read /proc/{pid}/mem ({e})");
            return;
        }
    }
    let tip = format!("GUNDO-TIP-{}", gundo::ids::BlobId::generate());
    let reply = format!("GUNDO-REPLY-{}", gundo::ids::BlobId::generate());
    let (content_type, body) = multipart(&tip, tip.as_bytes());
    let (status, page) = raw_request(server.addr, None, &post("/fr/submit", &content_type, &body))
        .await
        .unwrap();
    assert_eq!(status, 200);
    let receipt = receipt_in(&page);
    drop(page);

    // A reviewer's reply, stored as `gundo import` would.
    {
        let store = gundo::store::Store::open(&server.data_dir()).unwrap();
        let code = gundo::receipt::ReceiptCode::parse(&receipt).unwrap();
        let thread = store.find_thread(code.locator()).unwrap().unwrap().id;
        let to: gundo::keys::RecipientKey =
            store.reply_recipient(&thread).unwrap().parse().unwrap();
        let sealed = gundo::reply::seal_reply(&reply, &to, &[]).unwrap();
        store.add_reply(&thread, &sealed).unwrap();
    }
    let form = format!("receipt={}", receipt.replace(' ', "+"));
    let (status, page) = raw_request(
        server.addr,
        None,
        &post(
            "/fr/status",
            "application/x-www-form-urlencoded",
            form.as_bytes(),
        ),
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert!(page.contains(&reply), "the status page shows the reply");
    drop(page);
    for i in 0..100 {
        let path = ["/fr/", "/en/submit", "/ar/status", "/gundo.css"][i % 4];
        let get = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert!(
            raw_request(server.addr, None, get.as_bytes())
                .await
                .is_some()
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    let regions = readable_memory(pid).expect("read the server's memory");
    let total: usize = regions.iter().map(|(_, b)| b.len()).sum();
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    let found = [
        ("receipt (digits)", copies(&regions, digits.as_bytes())),
        ("receipt (grouped)", copies(&regions, receipt.as_bytes())),
        (
            "receipt (urlencoded)",
            copies(&regions, receipt.replace(' ', "+").as_bytes()),
        ),
        (
            "receipt (percent)",
            copies(&regions, receipt.replace(' ', "%20").as_bytes()),
        ),
        ("reply text", copies(&regions, reply.as_bytes())),
        ("tip text", copies(&regions, tip.as_bytes())),
    ];
    println!(
        "memory: searched {} MiB of the server; copies found: {found:?}",
        total >> 20
    );
    assert!(total > 1 << 20, "the search read the server's memory");
    assert!(found.iter().all(|(_, n)| *n == 0), "{found:?}");
}
