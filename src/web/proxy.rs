//! Tor's circuit id, from the PROXY protocol v1 header that Tor sends with
//! `HiddenServiceExportCircuitID haproxy`.
//!
//! Behind an onion service every client arrives from the same local address,
//! so per-address limits mean nothing. Tor can instead prepend, before the
//! first request byte, one line such as
//! `PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 46 80\r\n`, where the low 32 bits
//! of the source address are the id of the client's circuit (the prefix is
//! always `fc00:dead:beef:4dad::/96`). Limits are keyed on that id.
//!
//! The header is read only when `proxy_protocol = true`: otherwise a PROXY
//! line is just a malformed request, never trusted. A malformed header closes
//! the connection. Spec: <https://www.haproxy.org/download/2.0/doc/proxy-protocol.txt>.

use std::net::{IpAddr, Ipv6Addr};

use tokio::io::{AsyncRead, AsyncReadExt};

/// Longest v1 header, CRLF included (the spec's bound).
pub const MAX_HEADER: usize = 107;

/// The /96 prefix Tor puts before the circuit id.
const TOR_PREFIX: [u16; 6] = [0xfc00, 0xdead, 0xbeef, 0x4dad, 0, 0];

/// Why a PROXY header was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    /// No CRLF within [`MAX_HEADER`] bytes.
    #[error("the PROXY header is too long")]
    TooLong,
    /// The connection ended before a whole header arrived.
    #[error("the connection ended inside the PROXY header")]
    Truncated,
    /// Not `PROXY TCP6 src dst sport dport\r\n`.
    #[error("the PROXY header is malformed")]
    Malformed,
    /// Well-formed, but the source is not in Tor's circuit-id prefix.
    #[error("the PROXY header does not carry a Tor circuit id")]
    NotTor,
    /// The connection does not start with `PROXY `: Tor was not told to
    /// send the header (or something else connected).
    #[error("the connection does not start with a PROXY header")]
    NoHeader,
}

/// What every PROXY v1 header starts with.
const SIGNATURE: &[u8] = b"PROXY ";

/// Parses one header line (with its CRLF) into Tor's circuit id.
pub fn parse_v1(line: &[u8]) -> Result<u32, ProxyError> {
    if line.len() > MAX_HEADER {
        return Err(ProxyError::TooLong);
    }
    let line = line.strip_suffix(b"\r\n").ok_or(ProxyError::Malformed)?;
    let line = std::str::from_utf8(line).map_err(|_| ProxyError::Malformed)?;
    let mut words = line.split(' ');
    let (
        Some("PROXY"),
        Some(family),
        Some(source),
        Some(destination),
        Some(source_port),
        Some(destination_port),
        None,
    ) = (
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
    )
    else {
        return Err(ProxyError::Malformed);
    };
    let port = |p: &str| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok()
    };
    if !port(source_port) || !port(destination_port) || destination.parse::<IpAddr>().is_err() {
        return Err(ProxyError::Malformed);
    }
    match family {
        "TCP6" => {
            let source: Ipv6Addr = source.parse().map_err(|_| ProxyError::Malformed)?;
            let segments = source.segments();
            if segments[..6] != TOR_PREFIX {
                return Err(ProxyError::NotTor);
            }
            Ok(u32::from(segments[6]) << 16 | u32::from(segments[7]))
        }
        "TCP4" => {
            source
                .parse::<std::net::Ipv4Addr>()
                .map_err(|_| ProxyError::Malformed)?;
            Err(ProxyError::NotTor)
        }
        _ => Err(ProxyError::Malformed),
    }
}

/// Reads the header from the start of a connection, byte by byte so that
/// not one byte of the HTTP request behind it is consumed.
pub async fn read_header<R: AsyncRead + Unpin>(stream: &mut R) -> Result<u32, ProxyError> {
    let mut line = Vec::with_capacity(MAX_HEADER);
    while !line.ends_with(b"\r\n") {
        if line.len() == MAX_HEADER {
            return Err(ProxyError::TooLong);
        }
        let byte = stream.read_u8().await.map_err(|_| ProxyError::Truncated)?;
        line.push(byte);
        if line.len() <= SIGNATURE.len() && !SIGNATURE.starts_with(&line) {
            return Err(ProxyError::NoHeader);
        }
    }
    parse_v1(&line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tor_headers_give_the_circuit_id() {
        assert_eq!(
            parse_v1(b"PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 46 80\r\n"),
            Ok(0x2e)
        );
        assert_eq!(
            parse_v1(b"PROXY TCP6 fc00:dead:beef:4dad::ffff:ffff ::1 65535 80\r\n"),
            Ok(u32::MAX)
        );
        assert_eq!(
            parse_v1(b"PROXY TCP6 fc00:dead:beef:4dad::1:0 ::1 1 443\r\n"),
            Ok(0x1_0000)
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for (line, error) in [
            (
                &b"PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 46 80\n"[..],
                ProxyError::Malformed,
            ),
            (
                b"PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 46\r\n",
                ProxyError::Malformed,
            ),
            (
                b"PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 46 80 9\r\n",
                ProxyError::Malformed,
            ),
            (
                b"PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 70000 80\r\n",
                ProxyError::Malformed,
            ),
            (
                b"PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 +46 80\r\n",
                ProxyError::Malformed,
            ),
            (b"PROXY TCP6 nothere ::1 46 80\r\n", ProxyError::Malformed),
            (b"PROXY UNKNOWN\r\n", ProxyError::Malformed),
            (b"PROXY TCP6 2001:db8::1 ::1 46 80\r\n", ProxyError::NotTor),
            (
                b"PROXY TCP4 127.0.0.1 127.0.0.1 46 80\r\n",
                ProxyError::NotTor,
            ),
            (b"GET / HTTP/1.1\r\n", ProxyError::Malformed),
            (b"", ProxyError::Malformed),
        ] {
            assert_eq!(
                parse_v1(line),
                Err(error),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
        assert_eq!(parse_v1(&[b'P'; 200]), Err(ProxyError::TooLong));
    }

    #[tokio::test]
    async fn reading_stops_at_the_header() {
        let mut input: &[u8] =
            b"PROXY TCP6 fc00:dead:beef:4dad::0:2e ::1 46 80\r\nGET / HTTP/1.1\r\n";
        assert_eq!(read_header(&mut input).await, Ok(0x2e));
        assert_eq!(input, b"GET / HTTP/1.1\r\n");
        let mut endless: &[u8] = &[b'x'; 500];
        assert_eq!(read_header(&mut endless).await, Err(ProxyError::NoHeader));
        let mut plain: &[u8] = b"GET / HTTP/1.1\r\n";
        assert_eq!(read_header(&mut plain).await, Err(ProxyError::NoHeader));
        let mut almost: &[u8] = b"PROXYGET";
        assert_eq!(read_header(&mut almost).await, Err(ProxyError::NoHeader));
        let mut long = b"PROXY ".to_vec();
        long.extend_from_slice(&[b'x'; 500]);
        assert_eq!(read_header(&mut &long[..]).await, Err(ProxyError::TooLong));
        let mut short: &[u8] = b"PROXY TCP6";
        assert_eq!(read_header(&mut short).await, Err(ProxyError::Truncated));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let _ = parse_v1(&bytes);
        }

        #[test]
        fn every_circuit_id_round_trips(id in proptest::prelude::any::<u32>(), port in 1u16..) {
            let [a, b, c, d] = id.to_be_bytes();
            let source = Ipv6Addr::new(0xfc00, 0xdead, 0xbeef, 0x4dad, 0, 0, u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
            let line = format!("PROXY TCP6 {source} ::1 {port} 80\r\n");
            proptest::prop_assert_eq!(parse_v1(line.as_bytes()), Ok(id));
        }
    }
}
