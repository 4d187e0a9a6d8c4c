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

    /// The real git, run in `dir` with this scratch's identities, no system or user git
    /// config, a fixed author, and the freshly built hush first on PATH (so drivers
    /// configured as plain `hush` run it).
    pub fn git_cmd(&self, dir: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(tool("git", "HUSH_GIT_BIN"));
        isolate(&mut c, self);
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_hush"))
            .parent()
            .expect("binary directory")
            .to_path_buf();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let paths = std::iter::once(bin_dir).chain(std::env::split_paths(&path));
        c.env("PATH", std::env::join_paths(paths).expect("PATH"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .current_dir(dir)
            .args(args)
            .stdin(Stdio::null());
        c
    }

    /// The real sops binary, isolated like [`Scratch::sops`], for callers that add
    /// environment (another key file) or a working directory.
    pub fn sops_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(tool("sops", "HUSH_SOPS_BIN"));
        isolate(&mut c, self);
        c.env("SOPS_DISABLE_VERSION_CHECK", "1")
            .args(args)
            .stdin(Stdio::null());
        c
    }

    pub fn git(&self, dir: &Path, args: &[&str]) -> Output {
        self.git_cmd(dir, args).output().expect("run git")
    }
}

impl Scratch {
    /// Seals `plaintext` for [`AGE_RECIPIENT`] into `name` (format by extension), reading it
    /// from standard input so the plaintext never lands on disk.
    pub fn seal(&self, name: &str, plaintext: &str) -> PathBuf {
        use std::io::Write;
        let path = self.path(name);
        let format = match name.rsplit('.').next() {
            Some("yaml" | "yml") => "yaml",
            Some("json") => "json",
            Some("env") => "dotenv",
            Some("ini") => "ini",
            _ => "binary",
        };
        let mut child = self
            .hush_cmd(&["encrypt", "--age", AGE_RECIPIENT, "--input-type", format])
            .args(["-o", path.to_str().expect("utf-8 path"), "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run hush encrypt");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(plaintext.as_bytes())
            .expect("write plaintext");
        ok(&child.wait_with_output().expect("hush encrypt"));
        path
    }

    /// `sops decrypt --extract PATH FILE`, asserting success.
    pub fn sops_extract(&self, file: &Path, path: &str) -> String {
        stdout(ok(&self.sops(&[
            "decrypt",
            "--extract",
            path,
            file.to_str().expect("utf-8 path"),
        ])))
    }
}

/// The lines removed from `before` and added in `after` (longest-common-subsequence diff),
/// leaving out the `lastmodified` and `mac` lines every reseal changes.
pub fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(b[j].to_string());
            j += 1;
        } else {
            removed.push(a[i].to_string());
            i += 1;
        }
    }
    let keep = |l: &String| !is_stamp(l);
    (
        removed.into_iter().filter(keep).collect(),
        added.into_iter().filter(keep).collect(),
    )
}

/// A `lastmodified` or `mac` line of a sealed file in any format.
pub fn is_stamp(line: &str) -> bool {
    let bare = line
        .trim_start()
        .trim_start_matches('"')
        .trim_start_matches("sops_");
    let key: String = bare
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    key == "lastmodified" || key == "mac"
}

/// Asserts that, besides `lastmodified` and `mac`, the diff from `before` to `after` removes
/// lines starting (after indentation) with `removed` and adds lines starting with `added`,
/// one each, in order.
#[track_caller]
pub fn assert_changes(before: &str, after: &str, removed: &[&str], added: &[&str]) {
    let (r, a) = changed_lines(before, after);
    let starts = |lines: &[String], want: &[&str]| {
        lines.len() == want.len()
            && lines
                .iter()
                .zip(want)
                .all(|(l, w)| l.trim_start().starts_with(w))
    };
    assert!(
        starts(&r, removed) && starts(&a, added),
        "unexpected diff:\nremoved {r:#?}\nadded {a:#?}\nwanted removed {removed:?}, added {added:?}"
    );
}

/// A real etcd (Debian `etcd-server`) on free 127.0.0.1 ports, with its data in a temporary
/// directory; stopped and removed on drop.
pub struct Etcd {
    pub url: String,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Etcd {
    pub fn start() -> Etcd {
        let bin = tool("etcd", "HUSH_ETCD_BIN");
        let dir = tempfile::tempdir().expect("etcd data dir");
        let (client, peer) = (free_port(), free_port());
        let url = format!("http://127.0.0.1:{client}");
        let peer_url = format!("http://127.0.0.1:{peer}");
        let child = Command::new(bin)
            .args(["--name", "t", "--data-dir"])
            .arg(dir.path().join("data"))
            .args([
                "--listen-client-urls",
                &url,
                "--advertise-client-urls",
                &url,
            ])
            .args([
                "--listen-peer-urls",
                &peer_url,
                "--initial-advertise-peer-urls",
                &peer_url,
            ])
            .args(["--initial-cluster", &format!("t={peer_url}")])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("etcd.log")).expect("etcd log"))
            .spawn()
            .expect("start etcd");
        let etcd = Etcd {
            url,
            child,
            _dir: dir,
        };
        etcd.wait_ready(client);
        etcd
    }

    /// Waits (up to 20 s) until etcd answers a health request on its client port.
    fn wait_ready(&self, port: u16) {
        use std::io::{Read, Write};
        for _ in 0..200 {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"GET /health HTTP/1.0\r\n\r\n");
                let mut body = String::new();
                let _ = s.read_to_string(&mut body);
                if body.contains("\"health\":\"true\"") {
                    return;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("etcd did not become healthy at {}", self.url);
    }
}

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    free_ports(false)
}

/// The Python that has `cryptography` and `pynacl` (scripts/install-test-deps puts them in
/// its venv and exports HUSH_PYTHON_BIN; the same Python runs the Azure stand-in and the
/// SARIF schema check).
pub fn python() -> PathBuf {
    let p = tool("python", "HUSH_PYTHON_BIN");
    let ok = Command::new(&p)
        .args(["-c", "import cryptography, nacl"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{} lacks cryptography/pynacl; run scripts/install-test-deps",
        p.display()
    );
    p
}

/// Upstream's recorded plaintext Secret as kube-apiserver stored it in etcd
/// (kubernetes test/integration/controlplane/transformation, `oldSecret`), base64.
pub const K8S_OLD_SECRET_B64: &str = "azhzAAoMCgJ2MRIGU2VjcmV0En4KXwoLdGVzdC1zZWNyZXQSABoWc2VjcmV0LWVuY3J5cHRpb24tdGVzdCIAKiQ3MmRmZTVjNC0xNDU2LTQyMzktYjFlZC1hZGZmYTJmMWY3YmEyADgAQggI5Jy/7wUQAHoAEhMKB2FwaV9rZXkSCPCfpJfwn5C8GgZPcGFxdWUaACIA";

impl Scratch {
    /// `hush ARGS` with `input` on standard input.
    pub fn hush_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        output_with_stdin(self.hush_cmd(args), input)
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
    pub fn start(cmd: Command, port: u16, dir: tempfile::TempDir, ready_path: &str) -> Self {
        let url = format!("http://127.0.0.1:{port}{ready_path}");
        Self::start_when(cmd, port, dir, || {
            matches!(http("GET", &url, &[], ""), Some((200, _)))
        })
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
pub fn free_ports(pair: bool) -> u16 {
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

impl Scratch {
    /// The real `pre-commit` (PyPI) in `repo`, with the freshly built hush first on PATH and
    /// its cache in this scratch directory.
    pub fn pre_commit(&self, repo: &Path, args: &[&str]) -> Output {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_hush"))
            .parent()
            .expect("bin dir")
            .to_path_buf();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let paths = std::iter::once(bin_dir).chain(std::env::split_paths(&path));
        Command::new(tool("pre-commit", "HUSH_PRE_COMMIT_BIN"))
            .current_dir(repo)
            .args(args)
            .env("PATH", std::env::join_paths(paths).expect("PATH"))
            .env("HOME", self.dir.path())
            .env("PRE_COMMIT_HOME", self.path("pre-commit-cache"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(Stdio::null())
            .output()
            .expect("run pre-commit")
    }
}

pub mod local_store;

/// Runs `cmd` with `input` on its standard input, capturing its output.
pub fn run_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("output")
}

/// Starts every command at once and waits for all; asserts at least one succeeded and
/// every other one failed with a conflict (exit 81). Returns their outputs.
pub fn race(cmds: Vec<Command>) -> Vec<Output> {
    race_outputs(cmds, std::time::Duration::ZERO)
}

/// [`race`], with each command started `gap` after the one before it; returns how many
/// succeeded.
pub fn race_staggered(cmds: Vec<Command>, gap: std::time::Duration) -> usize {
    let outputs = race_outputs(cmds, gap);
    outputs.iter().filter(|o| o.status.success()).count()
}

fn race_outputs(cmds: Vec<Command>, gap: std::time::Duration) -> Vec<Output> {
    let children: Vec<_> = cmds
        .into_iter()
        .map(|mut c| {
            std::thread::sleep(gap);
            c.stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    assert!(outputs.iter().any(|o| o.status.success()), "no rotator won");
    for o in outputs.iter().filter(|o| !o.status.success()) {
        fails_with(o, 81);
    }
    outputs
}

/// How many racing rotators wrote a version: the winners, and the losers whose conflict
/// came after staging (their version is kept). Asserts every other loser wrote nothing
/// (it saw the current version move before staging).
pub fn versions_written(outputs: &[Output]) -> usize {
    outputs
        .iter()
        .filter(|o| {
            let err = stderr(o);
            let kept = o.status.success() || err.contains("is kept but not current");
            assert!(kept || err.contains("nothing was written"), "{err}");
            kept
        })
        .count()
}

/// [`run_stdin`] for a command built in place.
pub fn output_with_stdin(mut cmd: Command, input: &[u8]) -> Output {
    run_stdin(&mut cmd, input)
}

pub mod indexed;

pub mod kill;
pub mod slow_proxy;

/// A generator that only answers once another generator of the same run has started too
/// (each leaves a file in `$HUSH_TEST_MEET`; it waits, at most 20 s, until there are two),
/// so a run that rotated one secret at a time fails instead of passing.
pub const MEETING_GENERATOR: &str = "command:mktemp -p \"$HUSH_TEST_MEET\" >/dev/null; i=0; \
    while [ \"$(ls \"$HUSH_TEST_MEET\" | wc -l)\" -lt 2 ]; do i=$((i+1)); \
    [ $i -gt 400 ] && { echo alone >&2; exit 1; }; sleep 0.05; done; \
    head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n'";
pub mod stuck_server;

impl ServerProcess {
    /// Starts `cmd` (output to the log) and waits until `ready()` says so (for servers whose
    /// readiness a plain-HTTP GET cannot see, such as a TLS-only one).
    pub fn start_when(
        mut cmd: Command,
        port: u16,
        dir: tempfile::TempDir,
        ready: impl Fn() -> bool,
    ) -> Self {
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let server = ServerProcess { child, port, dir };
        for _ in 0..600 {
            if ready() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "server on port {port} never became ready:\n{}",
            server.log()
        );
    }
}

/// `hush ARGS` run as `nobody` (`setpriv`: the tests run as root, who reads even a mode-000
/// file) in `dir`, with the scratch's isolated environment. The caller opens up the
/// directories nobody must enter.
pub fn hush_as_nobody(s: &Scratch, dir: &Path, args: &[&str]) -> Output {
    let inner = s.hush_cmd(args);
    let mut cmd = Command::new(tool("setpriv", "HUSH_SETPRIV_BIN"));
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_hush"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null());
    cmd.output().expect("run setpriv")
}
