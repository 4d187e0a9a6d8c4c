//! Shared helpers for the integration tests: the built binary, the real peer tools (sops,
//! age), test identities and temporary directories.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The public test identity from sops' own test suite (age/keysource_test.go).
pub const AGE_IDENTITY: &str =
    "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7";
pub const AGE_RECIPIENT: &str = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
/// A second public test identity from the same file.
pub const OTHER_IDENTITY: &str =
    "AGE-SECRET-KEY-1432K5YRNSC44GC4986NXMX6GVZ52WTMT9C79CLUVWYY4DKDHD5JSNDP4MC";
pub const OTHER_RECIPIENT: &str = "age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch directory holding a key file for [`AGE_IDENTITY`].
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("keys.txt"), format!("{AGE_IDENTITY}\n")).expect("key file");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write scratch file");
        p
    }

    pub fn key_file(&self) -> PathBuf {
        self.path("keys.txt")
    }

    /// `hush ARGS` with identities only from this scratch key file.
    pub fn hush(&self, args: &[&str]) -> Output {
        self.hush_cmd(args).output().expect("run hush")
    }

    pub fn hush_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hush"));
        isolate(&mut c, self);
        c.args(args).stdin(Stdio::null());
        c
    }

    /// The real sops binary with identities only from this scratch key file.
    pub fn sops(&self, args: &[&str]) -> Output {
        let mut c = Command::new(tool("sops", "HUSH_SOPS_BIN"));
        isolate(&mut c, self);
        c.env("SOPS_DISABLE_VERSION_CHECK", "1")
            .args(args)
            .stdin(Stdio::null());
        c.output().expect("run sops")
    }
}

/// Clears every variable that could point at the developer's own keys.
fn isolate(c: &mut Command, s: &Scratch) {
    for (k, _) in std::env::vars() {
        if k.starts_with("SOPS_")
            || k.starts_with("HUSH_") && k != "HUSH_SOPS_BIN" && k != "HUSH_AGE_BIN"
        {
            c.env_remove(k);
        }
    }
    c.env("HOME", s.dir.path())
        .env("XDG_CONFIG_HOME", s.path("xdg"))
        .env("SOPS_AGE_KEY_FILE", s.key_file());
}

/// Finds a peer tool: `$VAR`, then PATH. Under `CI=true` a missing tool fails the test;
/// elsewhere it panics too, with the command that installs it, so no test passes silently.
pub fn tool(name: &str, var: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.exists())
    {
        return p;
    }
    if let Some(p) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    }) {
        return p;
    }
    panic!("`{name}` not found (set {var} or put it on PATH); `scripts/test` installs it");
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts success, showing stderr otherwise.
#[track_caller]
pub fn ok(o: &Output) -> &Output {
    assert!(
        o.status.success(),
        "command failed ({:?}):\n{}",
        o.status.code(),
        stderr(o)
    );
    o
}

impl Scratch {
    /// The real sops binary run from `dir` (where it looks for `.sops.yaml`).
    pub fn sops_in(&self, dir: &std::path::Path, args: &[&str]) -> Output {
        let mut c = Command::new(tool("sops", "HUSH_SOPS_BIN"));
        isolate(&mut c, self);
        c.env("SOPS_DISABLE_VERSION_CHECK", "1")
            .current_dir(dir)
            .args(args)
            .stdin(Stdio::null());
        c.output().expect("run sops")
    }
}

/// A server a test started (OpenBao, moto, drongo, the Azure stand-in): killed, by its
/// process id, when dropped. Its output goes to `server.log` in its own directory.
pub struct ServerProcess {
    child: std::process::Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts `cmd` (output to the log) and waits until `GET ready_path` answers 200.
    pub fn start(mut cmd: Command, port: u16, dir: tempfile::TempDir, ready_path: &str) -> Self {
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let server = ServerProcess { child, port, dir };
        server.wait_ready(ready_path);
        server
    }

    fn wait_ready(&self, path: &str) {
        for _ in 0..600 {
            if let Some((200, _)) = http(
                "GET",
                &format!("http://127.0.0.1:{}{path}", self.port),
                &[],
                "",
            ) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "server on port {} never became ready:\n{}",
            self.port,
            self.log()
        );
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Stops the server now (a test of "service down").
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A TCP port on 127.0.0.1 nothing listens on (and, with `pair`, the next one too).
pub fn free_port(pair: bool) -> u16 {
    loop {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        if !pair
            || (port < u16::MAX && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok())
        {
            return port;
        }
    }
}

/// A minimal HTTP/1.1 request over plain TCP (for setting servers up): status and body.
pub fn http(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://")?;
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut stream = std::net::TcpStream::connect(host).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .ok()?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Some((status, body))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

impl Scratch {
    /// The real sops binary (isolated like [`Scratch::sops`]), to add variables before running.
    pub fn sops_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(tool("sops", "HUSH_SOPS_BIN"));
        isolate(&mut c, self);
        c.env("SOPS_DISABLE_VERSION_CHECK", "1")
            .args(args)
            .stdin(Stdio::null());
        c
    }
}

/// Runs `cmd` and returns its output.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Asserts failure with `code`, showing the output otherwise; returns stderr.
#[track_caller]
pub fn fails_with(o: &Output, code: i32) -> String {
    assert_eq!(
        o.status.code(),
        Some(code),
        "expected exit {code}; stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
    stderr(o)
}

/// Indented as sops writes YAML, so sops' output compares byte for byte.
pub const PLAIN_YAML: &str = "db:\n    user: app\n    password: s3cr3t-value\n";

pub mod kms;
