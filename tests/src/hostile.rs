//! Misbehaving HTTP servers on loopback addresses (127.0.0.1 and, for
//! "another host", other 127.x addresses), written at the socket level so
//! they can hang, trickle, lie about lengths or never stop sending. Each
//! counts the requests it got and the body bytes it managed to send.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
}

impl Seen {
    /// The value of header `name` (lower case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of query parameter `name`, if sent.
    pub fn query(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then(|| v.to_owned())
        })
    }
}

/// How a body is sent.
pub enum Body {
    /// All at once, with its length.
    Bytes(Vec<u8>),
    /// One byte every `every`, with its length declared.
    Trickle(Vec<u8>, Duration),
    /// Headers, then nothing, for ever.
    Hang,
    /// `chunk` again and again, chunked, until the client goes away.
    Endless(Vec<u8>),
    /// A `content-length` of `declared`, then only `sent`, then the connection closes.
    Truncated { declared: usize, sent: Vec<u8> },
    /// No response at all: the connection is held open.
    Silence,
}

/// A response.
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body and how it is sent.
    pub body: Body,
    /// How long to wait before answering.
    pub delay: Duration,
}

impl Answer {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Body::Bytes(body.to_string().into_bytes()),
            delay: Duration::ZERO,
        }
    }

    /// `status` with `body` as `content_type`.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            delay: Duration::ZERO,
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Self {
            status,
            headers: vec![("location".into(), location.into())],
            body: Body::Bytes(Vec::new()),
            delay: Duration::ZERO,
        }
    }

    /// `body` sent as `status` with no headers of its own.
    pub fn body(status: u16, body: Body) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
        }
    }

    /// The same, answered after `delay`.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The same with header `name: value` added.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Respond = dyn Fn(&Seen, usize) -> Answer + Send + Sync;

/// A running server: its base URL and what it saw.
#[derive(Clone)]
pub struct Hostile {
    /// `http://127.x.y.z:port`.
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    requests: Arc<AtomicUsize>,
    body_bytes: Arc<AtomicU64>,
    in_flight: Arc<AtomicUsize>,
    peak_in_flight: Arc<AtomicUsize>,
}

impl Hostile {
    /// Requests received so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Body bytes written to clients so far.
    pub fn body_bytes(&self) -> u64 {
        self.body_bytes.load(Ordering::SeqCst)
    }

    /// The most requests being answered at once.
    pub fn peak_in_flight(&self) -> usize {
        self.peak_in_flight.load(Ordering::SeqCst)
    }

    /// Every request received, in order of arrival.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Serve on `ip` (a 127.x address), answering request number `n` (from 0)
/// with `respond(&seen, n)`. Each answer closes its connection.
pub async fn serve(
    ip: &str,
    respond: impl Fn(&Seen, usize) -> Answer + Send + Sync + 'static,
) -> Hostile {
    assert!(ip.starts_with("127."), "test servers stay on loopback");
    let listener = TcpListener::bind((ip, 0)).await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = Hostile {
        url,
        seen: Arc::default(),
        requests: Arc::default(),
        body_bytes: Arc::default(),
        in_flight: Arc::default(),
        peak_in_flight: Arc::default(),
    };
    let respond: Arc<Respond> = Arc::new(respond);
    let state = server.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(connection(socket, state.clone(), respond.clone()));
        }
    });
    server
}

async fn connection(mut socket: TcpStream, state: Hostile, respond: Arc<Respond>) {
    let Some(seen) = read_request(&mut socket).await else {
        return;
    };
    let n = state.requests.fetch_add(1, Ordering::SeqCst);
    state.seen.lock().unwrap().push(seen.clone());
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.peak_in_flight.fetch_max(now, Ordering::SeqCst);
    let answer = respond(&seen, n);
    tokio::time::sleep(answer.delay).await;
    write_answer(&mut socket, answer, &state.body_bytes).await;
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
}

/// The request head (and any body, skipped), at most 64 KiB.
async fn read_request(socket: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut have = buf.len() - end - 4;
    while have < length.min(1 << 20) {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        have += n;
    }
    Some(Seen {
        method,
        target,
        headers,
    })
}

async fn write_answer(socket: &mut TcpStream, answer: Answer, sent: &AtomicU64) {
    let mut head = format!("HTTP/1.1 {} X\r\nconnection: close\r\n", answer.status);
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let body: &[u8] = match &answer.body {
        Body::Bytes(b) | Body::Trickle(b, _) => {
            head.push_str(&format!("content-length: {}\r\n\r\n", b.len()));
            b
        }
        Body::Truncated { declared, sent } => {
            head.push_str(&format!("content-length: {declared}\r\n\r\n"));
            sent
        }
        Body::Endless(_) => {
            head.push_str("transfer-encoding: chunked\r\n\r\n");
            &[]
        }
        Body::Hang => {
            head.push_str("content-length: 10\r\n\r\n");
            &[]
        }
        Body::Silence => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
    };
    if socket.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    match &answer.body {
        Body::Trickle(bytes, every) => {
            for b in bytes {
                tokio::time::sleep(*every).await;
                if socket.write_all(&[*b]).await.is_err() {
                    return;
                }
                sent.fetch_add(1, Ordering::SeqCst);
            }
        }
        Body::Endless(chunk) => {
            let framed = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk.clone(),
                b"\r\n".to_vec(),
            ]
            .concat();
            // Bounded: 4 GiB at most, far past any client's limit.
            for _ in 0..(4u64 << 30) / chunk.len().max(1) as u64 {
                if socket.write_all(&framed).await.is_err() {
                    return;
                }
                sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        }
        Body::Hang => tokio::time::sleep(Duration::from_secs(3600)).await,
        _ => {
            if socket.write_all(body).await.is_ok() {
                sent.fetch_add(body.len() as u64, Ordering::SeqCst);
            }
            let _ = socket.flush().await;
        }
    }
}
