//! A slow TCP forwarder on 127.0.0.1 for the fault tests: every chunk read from either side
//! is held for a fixed delay before it is passed on, so a `hush rotate` through it lasts long
//! enough to be killed at many distinct points of its conversation with the server. Plain
//! threads, one pair per connection; it knows nothing of HTTP.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A forwarder from its own port to `127.0.0.1:target`; stopped when dropped.
pub struct SlowProxy {
    pub port: u16,
    stop: Arc<AtomicBool>,
    /// Connections with at least one direction still forwarding.
    open: Arc<AtomicUsize>,
    acceptor: Option<JoinHandle<()>>,
}

/// Counts one connection as open until both of its directions are done.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl SlowProxy {
    /// Forwards to `target`, holding each chunk for `delay`.
    pub fn start(target: u16, delay: Duration) -> SlowProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let open = Arc::new(AtomicUsize::new(0));
        let acceptor = {
            let (stop, open) = (stop.clone(), open.clone());
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(client) = client else { continue };
                    let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                        continue;
                    };
                    open.fetch_add(1, Ordering::SeqCst);
                    forward(client, server, delay, Arc::new(Open(open.clone())));
                }
            })
        };
        SlowProxy {
            port,
            stop,
            open,
            acceptor: Some(acceptor),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until no connection is open: every byte a (killed) client sent has reached the
    /// server and the server has closed the connection, so nothing of a killed run can
    /// still arrive at the server later.
    pub fn wait_idle(&self) {
        let start = Instant::now();
        while self.open.load(Ordering::SeqCst) > 0 {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the proxy's connections never closed"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for SlowProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Starts both directions of one connection.
fn forward(client: TcpStream, server: TcpStream, delay: Duration, open: Arc<Open>) {
    let pairs = [
        (client.try_clone(), server.try_clone()),
        (server.try_clone(), client.try_clone()),
    ];
    for (from, to) in pairs {
        let (Ok(from), Ok(to)) = (from, to) else {
            continue;
        };
        let open = open.clone();
        std::thread::spawn(move || {
            pump(from, to, delay);
            drop(open);
        });
    }
}

/// Copies `from` to `to`, each chunk after `delay`; an end or error on one side is passed
/// on to the other.
fn pump(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => n,
        };
        std::thread::sleep(delay);
        if to.write_all(&buf[..n]).is_err() {
            let _ = from.shutdown(Shutdown::Both);
            return;
        }
    }
}
