//! Two misbehaving "key services" on 127.0.0.1 for the fault tests, plain threads that know
//! only enough HTTP to read a request: [`Unanswering`] accepts connections and never
//! answers (a server that hangs), [`FixedAnswer`] answers every request with the same raw
//! HTTP response (a proxy or web server where a key service was expected). Both count the
//! connections they accepted and stop when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// An accept loop on a free port, handing each connection to `serve`.
struct Acceptor {
    port: u16,
    stop: Arc<AtomicBool>,
    accepted: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

impl Acceptor {
    fn start(serve: impl Fn(TcpStream) + Send + 'static) -> Acceptor {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(AtomicUsize::new(0));
        let thread = {
            let (stop, accepted) = (stop.clone(), accepted.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        accepted.fetch_add(1, Ordering::SeqCst);
                        serve(stream);
                    }
                }
            })
        };
        Acceptor {
            port,
            stop,
            accepted,
            thread: Some(thread),
        }
    }
}

impl Drop for Acceptor {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Accepts every connection and holds it open without ever sending a byte.
pub struct Unanswering {
    acceptor: Acceptor,
}

impl Unanswering {
    pub fn start() -> Unanswering {
        let held = std::sync::Mutex::new(Vec::new());
        Unanswering {
            acceptor: Acceptor::start(move |stream| held.lock().expect("lock").push(stream)),
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.acceptor.port)
    }

    /// How many connections clients have opened to it so far.
    pub fn connections(&self) -> usize {
        self.acceptor.accepted.load(Ordering::SeqCst)
    }
}

/// Reads one request, answers with `response` (raw HTTP/1.1, `Connection: close`), closes.
pub struct FixedAnswer {
    acceptor: Acceptor,
}

impl FixedAnswer {
    /// Answers `status` with a `content_type` body.
    pub fn start(status: &str, content_type: &str, body: &str) -> FixedAnswer {
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        FixedAnswer {
            acceptor: Acceptor::start(move |mut stream| {
                read_request(&mut stream);
                let _ = stream.write_all(response.as_bytes());
            }),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.acceptor.port)
    }

    pub fn connections(&self) -> usize {
        self.acceptor.accepted.load(Ordering::SeqCst)
    }
}

/// Reads a request's head and its `Content-Length` body, whatever they hold.
fn read_request(stream: &mut TcpStream) {
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let head_end = data.windows(4).position(|w| w == b"\r\n\r\n");
        if let Some(end) = head_end {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&chunk[..n]),
        }
    }
}
