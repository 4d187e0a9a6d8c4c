//! Key services the KMS tests start on 127.0.0.1 (free ports) and stop when dropped: the
//! real OpenBao server, moto's AWS KMS, the drongo GCP emulator, and the Azure Key Vault
//! stand-in (there is no installable Azure emulator; see tests/kms_servers/).

use std::process::{Command, Output};

use super::*;

/// The real OpenBao server in dev mode, with a Transit engine and a key `app`.
pub struct Bao {
    pub server: ServerProcess,
    bin: std::path::PathBuf,
}

impl Bao {
    pub fn start() -> Bao {
        let bin = tool("bao", "HUSH_BAO_BIN");
        let port = free_ports(true);
        let dir = tempfile::tempdir().expect("tmp");
        let mut cmd = Command::new(&bin);
        cmd.args([
            "server",
            "-dev",
            "-dev-root-token-id=root",
            "-dev-no-store-token",
            &format!("-dev-listen-address=127.0.0.1:{port}"),
        ])
        .env("HOME", dir.path());
        let server = ServerProcess::start(cmd, port, dir, "/v1/sys/health");
        let bao = Bao { server, bin };
        bao.cli(&["secrets", "enable", "transit"]);
        bao.cli(&["write", "-f", "transit/keys/app"]);
        bao
    }

    /// The `bao` CLI as root against this server.
    pub fn cli(&self, args: &[&str]) -> String {
        self.cli_stdin(args, None)
    }

    pub fn cli_stdin(&self, args: &[&str], stdin: Option<&str>) -> String {
        use std::io::Write;
        let mut c = Command::new(&self.bin);
        c.args(args)
            .env("BAO_ADDR", self.server.url())
            .env("BAO_TOKEN", "root")
            .env("HOME", self.server.dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().expect("bao");
        let mut input = child.stdin.take().expect("stdin");
        input
            .write_all(stdin.unwrap_or("").as_bytes())
            .expect("write");
        drop(input);
        let o = child.wait_with_output().expect("bao");
        ok(&o);
        stdout(&o)
    }

    pub fn key_uri(&self, name: &str) -> String {
        format!("{}/v1/transit/keys/{name}", self.server.url())
    }

    /// A token whose policy may encrypt with `app` but not decrypt.
    pub fn encrypt_only_token(&self) -> String {
        self.cli_stdin(
            &["policy", "write", "encrypt-only", "-"],
            Some("path \"transit/encrypt/app\" { capabilities = [\"update\"] }\n"),
        );
        self.cli(&["token", "create", "-policy=encrypt-only", "-field=token"])
            .trim()
            .to_string()
    }
}

/// moto's KMS (AWS). moto does not check signatures and ignores key state.
pub struct Moto {
    pub server: ServerProcess,
    python: std::path::PathBuf,
}

impl Moto {
    pub fn start() -> Moto {
        let bin = tool("moto_server", "HUSH_MOTO_BIN");
        let port = free_port();
        let dir = tempfile::tempdir().expect("tmp");
        let mut cmd = Command::new(&bin);
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
        let server = ServerProcess::start(cmd, port, dir, "/moto-api/");
        // moto's venv has boto3; it creates the keys.
        let python = bin.with_file_name("python");
        Moto { server, python }
    }

    /// A new symmetric key's ARN (region us-east-1).
    pub fn create_key(&self) -> String {
        let o = run(Command::new(&self.python)
            .args([
                "-c",
                "import boto3; print(boto3.client('kms', region_name='us-east-1').create_key()['KeyMetadata']['Arn'])",
            ])
            .env("AWS_ENDPOINT_URL", self.server.url())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing"));
        stdout(ok(&o)).trim().to_string()
    }

    /// A command with credentials and the endpoint set as a developer would.
    pub fn env(&self, c: &mut Command) {
        c.env("AWS_ENDPOINT_URL", self.server.url())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_REGION")
            .env_remove("AWS_DEFAULT_REGION");
    }

    pub fn hush(&self, s: &Scratch, args: &[&str]) -> std::process::Output {
        let mut c = s.hush_cmd(args);
        self.env(&mut c);
        run(&mut c)
    }

    pub fn sops(&self, s: &Scratch, args: &[&str]) -> std::process::Output {
        let mut c = s.sops_cmd(args);
        self.env(&mut c);
        run(&mut c)
    }
}

/// The drongo GCP emulator (Cloud KMS REST API). It checks no credentials and has no key
/// versions to disable.
pub struct Drongo {
    pub server: ServerProcess,
}

impl Drongo {
    pub fn start() -> Drongo {
        let bin = tool("drongo", "HUSH_DRONGO_BIN");
        let port = free_port();
        let dir = tempfile::tempdir().expect("tmp");
        let mut cmd = Command::new(&bin);
        cmd.args(["server", "--host", "127.0.0.1", "--port", &port.to_string()]);
        Drongo {
            server: ServerProcess::start(cmd, port, dir, "/drongo/health"),
        }
    }

    /// Creates key ring `ring` (if new) and key `key`; returns the key's resource ID.
    pub fn create_key(&self, ring: &str, key: &str) -> String {
        let base = format!(
            "{}/v1/projects/p1/locations/global/keyRings",
            self.server.url()
        );
        http("POST", &format!("{base}?keyRingId={ring}"), &[], "{}").expect("key ring");
        let (status, body) = http(
            "POST",
            &format!("{base}/{ring}/cryptoKeys?cryptoKeyId={key}"),
            &[("Content-Type", "application/json")],
            r#"{"purpose":"ENCRYPT_DECRYPT"}"#,
        )
        .expect("crypto key");
        assert_eq!(status, 200, "{body}");
        format!("projects/p1/locations/global/keyRings/{ring}/cryptoKeys/{key}")
    }

    /// The endpoint override and a bare access token, as sops users set them.
    pub fn env(&self, c: &mut Command) {
        c.env("SOPS_GCP_KMS_ENDPOINT", self.server.url())
            .env("GOOGLE_OAUTH_ACCESS_TOKEN", "test-access-token")
            .env_remove("GOOGLE_CREDENTIALS")
            .env_remove("GOOGLE_APPLICATION_CREDENTIALS");
    }

    pub fn hush(&self, s: &Scratch, args: &[&str]) -> Output {
        let mut c = s.hush_cmd(args);
        self.env(&mut c);
        run(&mut c)
    }
}

/// The Azure Key Vault STAND-IN (tests/kms_servers/azure_kv_standin.py): not an emulator,
/// a small local TLS server implementing the few Key Vault and Entra ID calls hush makes,
/// with real RSA-OAEP-256 keys. Its certificate comes from a CA made here with openssl.
pub struct AzureStandIn {
    /// Runs the plain-HTTP admin port (the tests' back door); the vault is on `vault_port`.
    pub server: ServerProcess,
    pub vault_port: u16,
    ca: std::path::PathBuf,
}

pub const AZURE_TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const AZURE_CLIENT: &str = "hush-tests";
pub const AZURE_SECRET: &str = "stand-in-client-secret";

impl AzureStandIn {
    pub fn start() -> AzureStandIn {
        let dir = tempfile::tempdir().expect("tmp");
        let ca = make_certificates(dir.path());
        let vault_port = free_port();
        let admin_port = loop {
            let p = free_port();
            if p != vault_port {
                break p;
            }
        };
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/kms_servers/azure_kv_standin.py");
        let mut cmd = Command::new(tool("python3", "HUSH_PYTHON_BIN"));
        cmd.arg(script)
            .arg(vault_port.to_string())
            .arg(admin_port.to_string())
            .arg(dir.path().join("server.crt"))
            .arg(dir.path().join("server.key"))
            .args([AZURE_TENANT, AZURE_CLIENT, AZURE_SECRET]);
        let server = ServerProcess::start(cmd, admin_port, dir, "/health");
        AzureStandIn {
            server,
            vault_port,
            ca,
        }
    }

    pub fn vault_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.vault_port)
    }

    /// Creates a new version of key `name`; returns the version.
    pub fn create_key(&self, name: &str) -> String {
        let (status, body) = http(
            "POST",
            &format!("{}/keys/{name}", self.server.url()),
            &[],
            "",
        )
        .expect("admin");
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("json");
        v["version"].as_str().expect("version").to_string()
    }

    pub fn disable(&self, name: &str, version: &str) {
        let (status, body) = http(
            "POST",
            &format!("{}/keys/{name}/{version}/disable", self.server.url()),
            &[],
            "",
        )
        .expect("admin");
        assert_eq!(status, 200, "{body}");
    }

    /// A service principal in the environment, the stand-in as login host, its CA trusted.
    pub fn env(&self, c: &mut Command) {
        c.env("AZURE_TENANT_ID", AZURE_TENANT)
            .env("AZURE_CLIENT_ID", AZURE_CLIENT)
            .env("AZURE_CLIENT_SECRET", AZURE_SECRET)
            .env("AZURE_AUTHORITY_HOST", self.vault_url())
            .env("SSL_CERT_FILE", &self.ca)
            .env("HUSH_AZURE_KV_SKIP_CHALLENGE_VERIFICATION", "1")
            .env_remove("AZURE_FEDERATED_TOKEN_FILE");
    }

    pub fn hush(&self, s: &Scratch, args: &[&str]) -> Output {
        let mut c = s.hush_cmd(args);
        self.env(&mut c);
        run(&mut c)
    }
}

/// A CA and a server certificate for 127.0.0.1 signed by it, in `dir`; returns the CA file.
fn make_certificates(dir: &std::path::Path) -> std::path::PathBuf {
    let openssl = tool("openssl", "HUSH_OPENSSL_BIN");
    let sh = |args: &[&str]| {
        ok(&run(Command::new(&openssl).args(args).current_dir(dir)));
    };
    sh(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=hush-test-ca",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    sh(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .expect("ext");
    sh(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    dir.join("ca.crt")
}

impl Moto {
    /// Runs `script` in moto's Python with a boto3 Secrets Manager client `sm` bound to
    /// this server (region us-east-1) and `json` imported; returns what it printed.
    pub fn boto3(&self, script: &str) -> String {
        let program = format!(
            "import boto3, json\nsm = boto3.client('secretsmanager', region_name='us-east-1')\n{script}"
        );
        let o = run(Command::new(&self.python)
            .args(["-c", &program])
            .env("AWS_ENDPOINT_URL", self.server.url())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing"));
        stdout(ok(&o))
    }
}

/// The stand-in's Key Vault REST API itself (not through hush), with curl over TLS: what
/// the secret tests check the server's state with.
impl AzureStandIn {
    /// A bearer token for `client` from the stand-in's token endpoint.
    fn token(&self, client: &str) -> String {
        let url = format!("{}/{AZURE_TENANT}/oauth2/v2.0/token", self.vault_url());
        let o = ok(&run(Command::new(tool("curl", "HUSH_CURL_BIN")).args([
            "-sS",
            "--fail",
            "--cacert",
            self.ca.to_str().expect("utf-8 path"),
            "-d",
            &format!(
                "grant_type=client_credentials&client_id={client}&client_secret={AZURE_SECRET}&scope=https://vault.azure.net/.default"
            ),
            &url,
        ])))
        .stdout
        .clone();
        let v: serde_json::Value = serde_json::from_slice(&o).expect("token JSON");
        v["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    /// `method url` (a path under the vault or a full URL) with `body`: status and JSON.
    pub fn rest(&self, method: &str, url: &str, body: Option<&str>) -> (u16, serde_json::Value) {
        let url = if url.starts_with("https://") {
            url.to_string()
        } else {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{}{url}{sep}api-version=2025-07-01", self.vault_url())
        };
        let mut c = Command::new(tool("curl", "HUSH_CURL_BIN"));
        c.args([
            "-sS",
            "-X",
            method,
            "--cacert",
            self.ca.to_str().expect("utf-8 path"),
            "-H",
            &format!("Authorization: Bearer {}", self.token(AZURE_CLIENT)),
            "-H",
            "Content-Type: application/json",
            "-w",
            "\n%{http_code}",
        ]);
        if let Some(b) = body {
            c.args(["-d", b]);
        }
        let text = stdout(ok(&run(c.arg(&url))));
        let (json, status) = text.rsplit_once('\n').expect("status line");
        let value = serde_json::from_str(json).unwrap_or(serde_json::Value::Null);
        (status.trim().parse().expect("status"), value)
    }

    /// Every version of secret `name` (SecretItems, no values), following `nextLink`.
    pub fn secret_versions(&self, name: &str) -> Vec<serde_json::Value> {
        let mut items = Vec::new();
        let mut url = format!("/secrets/{name}/versions");
        loop {
            let (status, page) = self.rest("GET", &url, None);
            assert_eq!(status, 200, "{page}");
            items.extend(page["value"].as_array().expect("value").iter().cloned());
            match page["nextLink"].as_str() {
                Some(next) if !next.is_empty() => url = next.to_string(),
                _ => return items,
            }
        }
    }

    /// Secret `name` at `version` (latest when empty) as the vault returns it.
    pub fn secret(&self, name: &str, version: &str) -> serde_json::Value {
        let (status, v) = self.rest("GET", &format!("/secrets/{name}/{version}"), None);
        assert_eq!(status, 200, "{v}");
        v
    }

    /// Writes a new version of secret `name` through the admin port, as another client would.
    pub fn write_secret(&self, name: &str, value: &str) -> String {
        let (status, body) = http(
            "POST",
            &format!("{}/secrets/{name}", self.server.url()),
            &[],
            value,
        )
        .expect("admin");
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("json");
        v["version"].as_str().expect("version").to_string()
    }
}

impl Bao {
    /// A token of a new policy `name` with the HCL `rules`.
    pub fn token_with_policy(&self, name: &str, rules: &str) -> String {
        self.cli_stdin(&["policy", "write", name, "-"], Some(rules));
        self.cli(&[
            "token",
            "create",
            &format!("-policy={name}"),
            "-field=token",
        ])
        .trim()
        .to_string()
    }
}

impl Moto {
    /// Every version of the secret `name` (deprecated ones too), read by VersionId with
    /// boto3: `{"id", "stages", "value"}` with the value parsed as JSON.
    pub fn secret_versions(&self, name: &str) -> Vec<serde_json::Value> {
        let text = self.boto3(&format!(
            "out = []\n\
             for v in sm.list_secret_version_ids(SecretId='{name}', IncludeDeprecated=True)['Versions']:\n\
             \x20   value = sm.get_secret_value(SecretId='{name}', VersionId=v['VersionId'])['SecretString']\n\
             \x20   out.append({{'id': v['VersionId'], 'stages': v.get('VersionStages', []), 'value': json.loads(value)}})\n\
             print(json.dumps(out))"
        ));
        serde_json::from_str(&text).expect("server JSON")
    }
}

impl Moto {
    /// A new IAM user whose only policy allows `actions` (`kms:Encrypt`…) on every resource:
    /// its access key ID and secret. Made with boto3 while moto still lets any caller in.
    pub fn iam_user(&self, name: &str, actions: &[&str]) -> (String, String) {
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
        });
        let program = format!(
            "import boto3, json\n\
             iam = boto3.client('iam', region_name='us-east-1')\n\
             iam.create_user(UserName='{name}')\n\
             iam.put_user_policy(UserName='{name}', PolicyName='only', PolicyDocument=json.dumps({policy}))\n\
             key = iam.create_access_key(UserName='{name}')['AccessKey']\n\
             print(key['AccessKeyId'], key['SecretAccessKey'])"
        );
        let o = run(Command::new(&self.python)
            .args(["-c", &program])
            .env("AWS_ENDPOINT_URL", self.server.url())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing"));
        let out = stdout(ok(&o));
        let (id, secret) = out.trim().split_once(' ').expect("key ID and secret");
        (id.to_string(), secret.to_string())
    }

    /// From now on moto checks each request's signature and the caller's IAM policies, as
    /// AWS does: moto's `INITIAL_NO_AUTH_ACTION_COUNT`, set to 0 through its
    /// `/moto-api/reset-auth`. The `testing` credentials of [`Moto::env`] and the boto3
    /// helpers are then refused (moto knows no such user).
    pub fn enforce_iam(&self) {
        let (status, body) = http(
            "POST",
            &format!("{}/moto-api/reset-auth", self.server.url()),
            &[("Content-Type", "text/plain")],
            "0",
        )
        .expect("moto reset-auth");
        assert_eq!(status, 200, "{body}");
    }
}

/// The real OpenBao server in TLS dev mode (`bao server -dev-tls`): HTTPS only, with a CA
/// it generates (`ca`, what `VAULT_CACERT`/`BAO_CACERT` must name), a Transit engine and a
/// key `app`, and KV v2 at `secret/`.
pub struct BaoTls {
    pub server: ServerProcess,
    pub ca: std::path::PathBuf,
    bin: std::path::PathBuf,
}

impl BaoTls {
    pub fn start() -> BaoTls {
        let bin = tool("bao", "HUSH_BAO_BIN");
        let port = free_ports(true);
        let dir = tempfile::tempdir().expect("tmp");
        let certs = dir.path().join("tls");
        std::fs::create_dir(&certs).expect("mkdir");
        let ca = certs.join("vault-ca.pem");
        let url = format!("https://127.0.0.1:{port}");
        let mut cmd = Command::new(&bin);
        cmd.args([
            "server",
            "-dev",
            "-dev-tls",
            &format!("-dev-tls-cert-dir={}", certs.display()),
            "-dev-root-token-id=root",
            "-dev-no-store-token",
            &format!("-dev-listen-address=127.0.0.1:{port}"),
        ])
        .env("HOME", dir.path());
        // Ready when the CLI, trusting the generated CA, finds it unsealed.
        let status = || {
            ca.exists()
                && Command::new(&bin)
                    .arg("status")
                    .env("BAO_ADDR", &url)
                    .env("BAO_CACERT", &ca)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
        };
        let server = ServerProcess::start_when(cmd, port, dir, status);
        let bao = BaoTls { server, ca, bin };
        bao.cli(&["secrets", "enable", "transit"]);
        bao.cli(&["write", "-f", "transit/keys/app"]);
        bao
    }

    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.server.port)
    }

    pub fn key_uri(&self, name: &str) -> String {
        format!("{}/v1/transit/keys/{name}", self.url())
    }

    /// The `bao` CLI as root against this server, trusting its CA.
    pub fn cli(&self, args: &[&str]) -> String {
        let o = run(Command::new(&self.bin)
            .args(args)
            .env("BAO_ADDR", self.url())
            .env("BAO_CACERT", &self.ca)
            .env("BAO_TOKEN", "root")
            .env("HOME", self.server.dir.path()));
        stdout(ok(&o))
    }
}
