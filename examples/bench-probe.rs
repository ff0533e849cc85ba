//! `bench-probe`: the small timings `scripts/bench` cannot take from the shell.
//!
//! - `bench-probe argon2 RUNS`: times RUNS receipt key derivations (one
//!   Argon2id run with the server's parameters, then HKDF), one after the
//!   other on one core, and prints each in milliseconds.
//! - `bench-probe receipt`: prints a random, well-formed receipt code (its
//!   check digit is valid; no server knows it).
//! - `bench-probe startup GUNDO CONFIG`: starts `GUNDO serve --config CONFIG`,
//!   prints the milliseconds from spawning it to the first answered
//!   `GET /fr/`, then the server's resident memory (KiB) once idle.
//!
//! A benchmark helper only: it asserts nothing, and nothing in the test suite
//! runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use gundo::receipt::{Locator, ReceiptCode, ReceiptSecret, Salt, derive_thread_keys};

/// How long `startup` waits for the server before giving up.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// Pause after the first answer before reading the idle server's memory.
const SETTLE: Duration = Duration::from_millis(300);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["argon2", runs] => runs
            .parse()
            .map_err(|_| "RUNS must be a number".to_owned())
            .and_then(time_argon2),
        ["receipt"] => {
            let code = ReceiptCode::new(Locator::random(), ReceiptSecret::generate());
            println!("{}", code.to_display().replace(' ', ""));
            Ok(())
        }
        ["startup", gundo, config] => time_startup(gundo, config),
        _ => Err("usage: bench-probe argon2 RUNS | receipt | startup GUNDO CONFIG".to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-probe: {e}");
            ExitCode::FAILURE
        }
    }
}

fn time_argon2(runs: u32) -> Result<(), String> {
    let secret = ReceiptSecret::generate();
    let salt = Salt::generate();
    for _ in 0..runs {
        let start = Instant::now();
        derive_thread_keys(&secret, &salt).map_err(|e| e.to_string())?;
        println!("{:.1}", start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(())
}

fn time_startup(gundo: &str, config: &str) -> Result<(), String> {
    let start = Instant::now();
    let mut child = Command::new(gundo)
        .args(["serve", "--config", config])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {gundo}: {e}"))?;
    // Kept open until the server is stopped: a closed pipe would fail its next print.
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let result = first_answer(&mut stdout, start).and_then(|elapsed| {
        std::thread::sleep(SETTLE);
        let rss = resident_kib(child.id())?;
        println!("{:.1} {rss}", elapsed.as_secs_f64() * 1000.0);
        Ok(())
    });
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// Waits for the `serving on ADDR` line, then asks for `/fr/` until it is answered.
fn first_answer(stdout: &mut impl BufRead, start: Instant) -> Result<Duration, String> {
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .map_err(|e| format!("reading the server's output: {e}"))?;
    let addr = line
        .strip_prefix("gundo: serving on ")
        .and_then(|rest| rest.split(',').next())
        .ok_or_else(|| format!("unexpected server output: {line:?}"))?
        .to_owned();
    while start.elapsed() < STARTUP_TIMEOUT {
        if get_ok(&addr) {
            return Ok(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Err(format!("{addr} did not answer within {STARTUP_TIMEOUT:?}"))
}

/// One `GET /fr/`; true if it was answered with 200.
fn get_ok(addr: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return false;
    };
    let request = "GET /fr/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.ends_with(b" 200")
}

/// `VmRSS` of a process, in KiB.
fn resident_kib(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("reading /proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmRSS in /proc status".to_owned())
}
