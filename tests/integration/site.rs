//! The submission site end to end: a real server on 127.0.0.1:0, a real
//! multipart client, the blob on disk, the reviewer's key, the receipt.

use std::time::Duration;

use reqwest::multipart::{Form, Part};
use tokio::io::AsyncWriteExt;

use crate::support::{TestServer, all_files, client, contains, receipt_in, zip_entries};
use gundo::config::UploadLimits;
use gundo::receipt::ReceiptCode;

const TEXT: &str = "Le capitaine a détourné les soldes de la 3e compagnie à Gao. \
                    دفع رواتب لجنود وهميين في كيدال";

fn big_file() -> Vec<u8> {
    // 20 MiB + 3 bytes of a pattern that cannot be mistaken for padding or headers.
    (0..20 * 1024 * 1024 + 3)
        .map(|i: usize| u8::try_from((i * 7 + i / 251) % 256).unwrap())
        .collect()
}

async fn submit(server: &TestServer, lang: &str, form: Form) -> reqwest::Response {
    client()
        .post(server.url(&format!("/{lang}/submit")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn submit_tip(server: &TestServer, text: &str) -> String {
    let form = Form::new().text("message", text.to_owned());
    let response = submit(server, "fr", form).await;
    assert_eq!(response.status(), 200);
    receipt_in(&response.text().await.unwrap())
}

async fn check_status(server: &TestServer, lang: &str, receipt: &str) -> (u16, String) {
    let response = client()
        .post(server.url(&format!("/{lang}/status")))
        .form(&[("receipt", receipt)])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tip_with_files_is_sealed_padded_and_readable_only_by_the_reviewer() {
    let server = TestServer::start().await;
    let big = big_file();
    let small = b"%PDF-1.4 procurement contract 2026-117, unit price x4".to_vec();
    let form = Form::new()
        .text("message", TEXT)
        .part("files", Part::bytes(small.clone()).file_name("contrat.pdf"))
        .part(
            "files",
            Part::bytes(big.clone()).file_name("état de solde.bin"),
        );
    let response = submit(&server, "fr", form).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let receipt = receipt_in(&html);
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(digits.len(), 24, "{receipt}");
    assert_eq!(receipt.split(' ').count(), 6);
    ReceiptCode::parse(&receipt).unwrap();

    // Nothing readable at rest: not the text, not the files, not the receipt.
    let needles: Vec<Vec<u8>> = vec![
        TEXT.as_bytes()[..40].to_vec(),
        "وهميين".as_bytes().to_vec(),
        small[..30].to_vec(),
        big[1000..1064].to_vec(),
        digits.as_bytes().to_vec(),
        receipt.as_bytes().to_vec(),
        digits.as_bytes()[6..23].to_vec(),
        b"contrat.pdf".to_vec(),
    ];
    for file in all_files(&server.data_dir()) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in &needles {
            assert!(
                !contains(&bytes, needle),
                "{} holds plaintext",
                file.display()
            );
        }
    }

    // The reviewer opens it: a ZIP with the text and both files, byte for byte.
    let blobs = server.blob_files();
    assert_eq!(blobs.len(), 1);
    let zip = server.open_blob(&blobs[0]);
    assert_eq!(
        gundo::seal::padme(zip.len() as u64),
        zip.len() as u64,
        "plaintext is a Padmé bucket"
    );
    let entries = zip_entries(&zip);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "message.txt",
            "files/contrat.pdf",
            "files/état de solde.bin",
            ".padding"
        ]
    );
    assert_eq!(entries[0].1, TEXT.as_bytes());
    assert_eq!(entries[1].1, small);
    assert!(entries[2].1 == big, "the 20 MiB file differs");

    // A stranger's key opens nothing.
    let stranger = age::x25519::Identity::generate();
    let bytes = std::fs::read(&blobs[0]).unwrap();
    let decryptor = age::Decryptor::new_buffered(&bytes[..]).unwrap();
    assert!(
        decryptor
            .decrypt(std::iter::once(&stranger as &dyn age::Identity))
            .is_err()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_receipt_shows_replies_and_takes_follow_ups() {
    let server = TestServer::start().await;
    let receipt = submit_tip(&server, "Premier message").await;
    let code = ReceiptCode::parse(&receipt).unwrap();

    // Before any reply: the thread page, no reply.
    let (status, html) = check_status(&server, "en", &receipt).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("action=\"/en/followup\""),
        "the thread page has the follow-up form"
    );

    // Two replies through the store, as `gundo import` will add them.
    let store = server.state.store();
    let thread = store.find_thread(code.locator()).unwrap().unwrap().id;
    let reply_to: gundo::keys::RecipientKey =
        store.reply_recipient(&thread).unwrap().parse().unwrap();
    let reviewers = [server.reviewer.age_identity().to_public()];
    for text in ["Merci. Quelle date ? <b>&</b>", "Second: الرد الثاني"] {
        let sealed = gundo::reply::seal_reply(text, &reply_to, &reviewers).unwrap();
        store.add_reply(&thread, &sealed).unwrap();
    }
    let (status, html) = check_status(&server, "fr", &receipt.replace(' ', "-")).await;
    assert_eq!(status, 200);
    let first = html
        .find("Merci. Quelle date ? &#60;b&#62;&#38;&#60;/b&#62;")
        .expect("first reply, escaped");
    let second = html.find("الرد الثاني").expect("second reply");
    assert!(first < second, "newest last");
    assert!(!html.contains("<b>&</b>"));

    // A wrong secret, an unknown locator, a bad check digit: no reply shown.
    let digits: Vec<u8> = receipt
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let with_check = |mut d: Vec<u8>| {
        d.truncate(23);
        d.push(gundo::receipt::damm_check_digit(&d));
        d.iter().map(|x| char::from(b'0' + x)).collect::<String>()
    };
    let mut wrong_secret = digits.clone();
    wrong_secret[10] = (wrong_secret[10] + 1) % 10;
    let mut unknown_locator = digits.clone();
    unknown_locator[0] = (unknown_locator[0] + 1) % 10;
    let mut bad_check: String = digits.iter().map(|x| char::from(b'0' + x)).collect();
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '9' {
        '0'
    } else {
        char::from(last as u8 + 1)
    });
    let (s1, wrong) = check_status(&server, "fr", &with_check(wrong_secret)).await;
    let (s2, unknown) = check_status(&server, "fr", &with_check(unknown_locator)).await;
    let (s3, typo) = check_status(&server, "fr", &bad_check).await;
    for page in [&wrong, &unknown, &typo] {
        assert!(!page.contains("Quelle date"));
        assert!(!page.contains("/followup\""), "no follow-up form");
        assert!(page.contains("role=\"alert\""));
    }
    // A receipt that opens nothing, mistyped or unknown: the same class of answer.
    assert_eq!((s1, s2, s3), (200, 200, 200));
    // What was typed stays in the field, to fix one digit rather than type 24.
    assert!(typo.contains(&format!(" value=\"{bad_check}\"")), "{typo}");
    assert!(wrong.contains(&format!(
        " value=\"{}\"",
        with_check(wrong_secret_again(&digits))
    )));
    let without_value = |page: &str| {
        let at = page.find(" value=\"").unwrap();
        let end = at + 8 + page[at + 8..].find('"').unwrap() + 1;
        format!("{}{}", &page[..at], &page[end..])
    };
    assert_eq!(
        without_value(&wrong),
        without_value(&unknown),
        "a wrong secret and an unknown locator look the same"
    );
    assert_ne!(
        without_value(&typo),
        without_value(&unknown),
        "a typo is told apart at once"
    );
    assert!(typo.contains("Un chiffre est faux"));

    // A follow-up lands in the same thread as its own blob.
    let form = Form::new()
        .text("receipt", receipt.clone())
        .text("message", "Suite : la date est le 12 mars.")
        .part("files", Part::bytes(b"photo".to_vec()).file_name("p.jpg"));
    let response = client()
        .post(server.url("/fr/followup"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // The confirmation says which files arrived.
    let done = response.text().await.unwrap();
    assert!(
        done.contains("<li><bdi>p.jpg</bdi> (5\u{a0}octets)</li>"),
        "{done}"
    );
    assert!(done.contains("Ce fichier est arrivé"));
    let blobs = store.message_blobs(&thread).unwrap();
    assert_eq!(blobs.len(), 2);
    let followup = server.open_blob(&store.blob_path(&blobs[1]));
    let entries = zip_entries(&followup);
    assert_eq!(
        entries[0],
        (
            "message.txt".to_owned(),
            "Suite : la date est le 12 mars.".as_bytes().to_vec()
        )
    );
    assert_eq!(entries[1], ("files/p.jpg".to_owned(), b"photo".to_vec()));

    // A follow-up with a wrong receipt stores nothing.
    let before = server.blob_files().len();
    let mut wrong_receipt = digits.clone();
    wrong_receipt[12] = (wrong_receipt[12] + 3) % 10;
    let form = Form::new()
        .text("receipt", with_check(wrong_receipt))
        .text("message", "x");
    let response = client()
        .post(server.url("/fr/followup"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(!response.text().await.unwrap().contains("/followup\""));
    assert_eq!(server.blob_files().len(), before);

    // A follow-up whose receipt has a bad check digit: the receipt form again.
    let form = Form::new()
        .text("receipt", bad_check.clone())
        .text("message", "x");
    let response = client()
        .post(server.url("/en/followup"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("One digit is wrong"), "{page}");
    assert!(page.contains(&format!(" value=\"{bad_check}\"")));
    assert_eq!(server.blob_files().len(), before);
    server.stop().await;
}

/// The same wrong secret `the_receipt_shows_replies_and_takes_follow_ups` makes.
fn wrong_secret_again(digits: &[u8]) -> Vec<u8> {
    let mut wrong = digits.to_vec();
    wrong[10] = (wrong[10] + 1) % 10;
    wrong
}

fn no_partials(server: &TestServer) -> bool {
    server.blob_files().is_empty()
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_answer_413_and_leave_nothing_behind() {
    let limits = UploadLimits {
        max_message_bytes: 1024 * 1024,
        max_files: 2,
        max_message_chars: 50,
    };
    let server = TestServer::with_limits(limits, 0).await;

    let too_big = Form::new().text("message", "x").part(
        "files",
        Part::bytes(vec![1u8; 1024 * 1024 + 1]).file_name("a"),
    );
    let response = submit(&server, "en", too_big).await;
    assert_eq!(response.status(), 413);
    let page = response.text().await.unwrap();
    assert!(page.contains("lang=\"en\""));
    // The limit in MB and in files, and, for a first submission, how to
    // send the text first and then the files one by one.
    assert!(
        page.contains("bigger than 1 MB, the size allowed"),
        "{page}"
    );
    assert!(page.contains("Up to 2 files, 1 MB in all."), "{page}");
    assert!(page.contains("First send the text alone, with no file. You get a code."));
    assert!(no_partials(&server));

    // Far past the body limit: refused by the framework's limit, same page.
    let way_too_big = Form::new().part(
        "files",
        Part::bytes(vec![1u8; 3 * 1024 * 1024]).file_name("a"),
    );
    assert_eq!(submit(&server, "fr", way_too_big).await.status(), 413);
    assert!(no_partials(&server));

    let many = (0..3).fold(Form::new().text("message", "x"), |f, i| {
        f.part(
            "files",
            Part::bytes(vec![0u8; 10]).file_name(format!("f{i}")),
        )
    });
    let response = submit(&server, "ar", many).await;
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("أكثر من ملفين"));
    assert!(no_partials(&server));

    let long = Form::new().text("message", "é".repeat(51));
    assert_eq!(submit(&server, "fr", long).await.status(), 413);
    let exactly = Form::new().text("message", "é".repeat(50));
    assert_eq!(submit(&server, "fr", exactly).await.status(), 200);
    assert_eq!(server.blob_files().len(), 1);

    // Nothing at all, an unknown field, not multipart: 400.
    let response = submit(&server, "fr", Form::new().text("message", "  ")).await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(page.contains("<h1>Message vide</h1>"), "{page}");
    assert!(
        !page.contains("coupure"),
        "an empty message is not a cut connection"
    );
    assert_eq!(
        submit(&server, "fr", Form::new().text("name", "x"))
            .await
            .status(),
        400
    );
    let response = client()
        .post(server.url("/fr/submit"))
        .body("message=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(server.blob_files().len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disk_below_the_floor_gets_503_before_anything_is_stored() {
    let server = TestServer::with_limits(UploadLimits::default(), u64::MAX).await;
    let response = submit(&server, "fr", Form::new().text("message", "x")).await;
    assert_eq!(response.status(), 503);
    assert!(no_partials(&server));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_aborted_upload_leaves_nothing() {
    let server = TestServer::start().await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let boundary = "XyZ";
    let head = format!(
        "POST /fr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 50000000\r\n\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nhalf a tip\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.bin\"\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![7u8; 64 * 1024];
    for _ in 0..64 {
        stream.write_all(&chunk).await.unwrap();
    }
    // The sealer has started: a temp file exists in the blob directory.
    let mut seen_partial = false;
    for _ in 0..100 {
        if !server.blob_files().is_empty() {
            seen_partial = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen_partial, "sealing streams while the upload arrives");
    drop(stream);
    for _ in 0..250 {
        if no_partials(&server) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(no_partials(&server), "the partial upload was removed");
    // The server still works.
    let receipt = submit_tip(&server, "after the abort").await;
    assert_eq!(receipt.len(), 29);
    server.stop().await;
}

const ROUTES: [(&str, &str); 9] = [
    ("GET", "/"),
    ("GET", "/gundo.css"),
    ("GET", "/fr/"),
    ("GET", "/en/submit"),
    ("GET", "/ar/status"),
    ("POST", "/fr/status"),
    ("POST", "/en/submit"),
    ("POST", "/ar/followup"),
    ("GET", "/nowhere"),
];

#[tokio::test(flavor = "multi_thread")]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::start().await;
    for (method, path) in ROUTES {
        let request = client().request(method.parse().unwrap(), server.url(path));
        let response = request.send().await.unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        assert!(headers.get("server").is_none(), "{path}");
        assert!(headers.get("set-cookie").is_none(), "{path}");
    }
    // Wrong methods get a page, not a bare status.
    let response = client()
        .delete(server.url("/fr/submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert!(response.text().await.unwrap().contains("<html"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_in_three_languages_arabic_right_to_left() {
    let server = TestServer::start().await;
    let response = client().get(server.url("/")).send().await.unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/fr/");
    for (lang, dir) in [("fr", "ltr"), ("en", "ltr"), ("ar", "rtl")] {
        for page in ["/", "/submit", "/status"] {
            let html = client()
                .get(server.url(&format!("/{lang}{page}")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(html.contains(&format!("lang=\"{lang}\"")), "{lang}{page}");
            assert!(html.contains(&format!("dir=\"{dir}\"")), "{lang}{page}");
            assert!(!html.contains("<script"), "{lang}{page}");
        }
    }
    assert_eq!(
        client()
            .get(server.url("/de/"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_site_posts_are_refused_and_tor_browser_posts_pass() {
    let server = TestServer::start().await;
    let response = client()
        .post(server.url("/fr/submit"))
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .multipart(Form::new().text("message", "forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(server.blob_files().is_empty());

    let response = client()
        .post(server.url("/fr/submit"))
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .multipart(Form::new().text("message", "from Tor Browser"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.blob_files().len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_follow_up_too_large_is_told_to_send_files_one_by_one() {
    let limits = UploadLimits {
        max_message_bytes: 1024 * 1024,
        max_files: 2,
        max_message_chars: 50,
    };
    let server = TestServer::with_limits(limits, 0).await;
    let receipt = submit_tip(&server, "d’abord le texte").await;
    let form = Form::new()
        .text("receipt", receipt)
        .text("message", "x")
        .part(
            "files",
            Part::bytes(vec![1u8; 1024 * 1024 + 1]).file_name("grand.pdf"),
        );
    let response = client()
        .post(server.url("/fr/followup"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let page = response.text().await.unwrap();
    assert!(page.contains("dépassent 1\u{a0}Mo"), "{page}");
    assert!(
        page.contains("envoyez les gros fichiers un par un"),
        "{page}"
    );
    assert!(
        !page.contains("Envoyez d’abord le texte seul"),
        "they have a code already"
    );
    assert_eq!(server.blob_files().len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_receipt_form_gets_the_translated_413() {
    let server = TestServer::start().await;
    let huge = "1".repeat(64 * 1024);
    let response = client()
        .post(server.url("/ar/status"))
        .form(&[("receipt", huge.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let page = response.text().await.unwrap();
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.contains("الإرسال طويل جدًا"), "{page}");
    // A form the site cannot read is still a 400.
    let response = client()
        .post(server.url("/fr/status"))
        .form(&[("code", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_receipt_page_links_only_to_itself() {
    let server = TestServer::start().await;
    for lang in ["fr", "en", "ar"] {
        let html = submit(&server, lang, Form::new().text("message", "x"))
            .await
            .text()
            .await
            .unwrap();
        let hrefs: Vec<&str> = html
            .match_indices(" href=\"")
            .map(|(at, needle)| {
                let rest = &html[at + needle.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        assert_eq!(hrefs.len(), 3, "{hrefs:?}");
        for href in hrefs {
            if href == "/gundo.css" {
                continue;
            }
            let id = href.strip_prefix('#').expect("an in-page fragment");
            assert!(html.contains(&format!(" id=\"{id}\"")), "{href}");
        }
        assert!(!html.contains("<form"));
        for other in ["fr", "en", "ar"].into_iter().filter(|o| *o != lang) {
            assert!(html.contains(&format!("<section id=\"in-{other}\" lang=\"{other}\"")));
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_names_the_operators_organisation() {
    use tower::ServiceExt;
    let dir = tempfile::tempdir().unwrap();
    let store = gundo::store::Store::open(&dir.path().join("data")).unwrap();
    let site = gundo::config::Site::new(
        "Observatoire citoyen",
        [
            ("fr", "Nous veillons sur la sécurité."),
            ("ar", "نحن نراقب."),
        ],
    )
    .unwrap();
    let state = gundo::web::AppState::new(
        store,
        vec![age::x25519::Identity::generate().to_public().into()],
        UploadLimits::default(),
        0,
    )
    .with_site(site);
    let router = gundo::web::router(state);
    for (path, intro) in [
        ("/fr/", Some("Nous veillons sur la sécurité.")),
        ("/fr/submit", Some("Nous veillons sur la sécurité.")),
        ("/ar/status", Some("نحن نراقب.")),
        ("/en/", None),
        ("/en/nowhere", None),
        ("/fr/followup", Some("Nous veillons sur la sécurité.")),
    ] {
        let response = router
            .clone()
            .oneshot(
                axum::http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            html.contains(">Observatoire citoyen</a></p>"),
            "{path}: {html}"
        );
        assert!(html.contains(" – Observatoire citoyen</title>"), "{path}");
        match intro {
            Some(text) => assert!(
                html.contains(&format!("<p class=\"intro\">{text}</p>")),
                "{path}"
            ),
            None => assert!(!html.contains("class=\"intro\""), "{path}"),
        }
    }
}
