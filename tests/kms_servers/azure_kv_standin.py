"""A local STAND-IN for Azure Key Vault and its Entra ID token endpoint, for hush's tests.

This is NOT an emulator of Azure and NOT Microsoft code: no Azure Key Vault emulator can be
installed from the registries hush's machines reach (Lowkey Vault and the others ship as
Docker images or JVM/.NET/Go builds), so the tests run this ~200-line server instead. It
implements just what hush's Key Vault recipient uses, following the public REST API
(api-version 2025-07-01) closely enough for the official Azure Rust SDK to talk to it:

  * POST /{tenant}/oauth2/v2.0/token            client-credentials grant (client id + secret)
  * the bearer challenge: an unauthenticated request gets 401 with
    `WWW-Authenticate: Bearer authorization=".../{tenant}", resource="https://vault.azure.net"`
  * GET  /keys/{name}[/{version}]               the key (kid, kty RSA, n, e, attributes)
  * POST /keys/{name}/{version}/encrypt|decrypt  RSA-OAEP-256 (also wrapkey|unwrapkey) with a
    real 2048-bit RSA key per version (python `cryptography`), values base64url
  * errors in Key Vault's shape: {"error": {"code", "message"}}; a disabled key version
    answers 403 Forbidden, an unknown one 404 KeyNotFound

It serves TLS (the SDK refuses bearer tokens over plain HTTP). A second, plain-HTTP port is
for the tests only (not Azure's API): GET /health, POST /keys/{name} (new version, returns
{"version"}), POST /keys/{name}/{version}/disable.

Usage: azure_kv_standin.py PORT ADMIN_PORT CERT KEY TENANT CLIENT_ID CLIENT_SECRET
"""

import base64
import json
import secrets
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

PORT, ADMIN_PORT = int(sys.argv[1]), int(sys.argv[2])
CERT, KEY, TENANT, CLIENT_ID, CLIENT_SECRET = sys.argv[3:8]
BASE = f"https://127.0.0.1:{PORT}"
TOKEN = secrets.token_urlsafe(24)
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)

LOCK = threading.Lock()
KEYS = {}  # name -> [{"version", "private", "enabled"}], newest last


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_version(name):
    version = secrets.token_hex(16)
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with LOCK:
        KEYS.setdefault(name, []).append({"version": version, "private": private, "enabled": True})
    return version


def find(name, version):
    with LOCK:
        versions = KEYS.get(name, [])
        if not version:
            return versions[-1] if versions else None
        return next((v for v in versions if v["version"] == version), None)


def key_bundle(name, entry):
    numbers = entry["private"].public_key().public_numbers()
    n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
    return {
        "key": {
            "kid": f"{BASE}/keys/{name}/{entry['version']}",
            "kty": "RSA",
            "key_ops": ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
            "n": b64url(n),
            "e": b64url(numbers.e.to_bytes(3, "big")),
        },
        "attributes": {"enabled": entry["enabled"]},
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("standin: " + (fmt % args) + "\n")

    def reply(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message, headers=()):
        self.reply(status, {"error": {"code": code, "message": message}}, headers)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def parts(self):
        return [p for p in urllib.parse.urlparse(self.path).path.split("/") if p]


class VaultHandler(Handler):
    def do_GET(self):
        raw = self.body()
        if not self.authorized(raw):
            return
        parts = self.parts()
        if len(parts) in (2, 3) and parts[0] == "keys":
            entry = find(parts[1], parts[2] if len(parts) == 3 else None)
            if entry is None:
                return self.error(404, "KeyNotFound", f"A key with (name/id) {parts[1]} was not found in this key vault.")
            return self.reply(200, key_bundle(parts[1], entry))
        self.error(404, "NotFound", "no such route in the stand-in")

    def do_POST(self):
        parts = self.parts()
        raw = self.body()
        if parts[-3:] == ["oauth2", "v2.0", "token"]:
            return self.token(parts[0], raw)
        if not self.authorized(raw):
            return
        if len(parts) == 4 and parts[0] == "keys":
            return self.operation(parts[1], parts[2], parts[3].lower(), raw)
        self.error(404, "NotFound", "no such route in the stand-in")

    def token(self, tenant, raw):
        form = urllib.parse.parse_qs(raw.decode())
        ok = (
            tenant == TENANT
            and form.get("client_id") == [CLIENT_ID]
            and form.get("client_secret") == [CLIENT_SECRET]
            and form.get("grant_type") == ["client_credentials"]
        )
        if not ok:
            return self.reply(401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
        self.reply(200, {"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600, "access_token": TOKEN})

    def authorized(self, raw):
        if self.headers.get("Authorization") == f"Bearer {TOKEN}":
            return True
        challenge = f'Bearer authorization="{BASE}/{TENANT}", resource="https://vault.azure.net"'
        self.error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", [("WWW-Authenticate", challenge)])
        return False

    def operation(self, name, version, op, raw):
        entry = find(name, version)
        if entry is None:
            return self.error(404, "KeyNotFound", f"A key with (name/id) {name}/{version} was not found in this key vault.")
        if not entry["enabled"]:
            return self.error(403, "Forbidden", f"Operation {op} is not allowed on a disabled key.")
        try:
            params = json.loads(raw)
            value = unb64url(params["value"])
        except (ValueError, KeyError):
            return self.error(400, "BadParameter", "The request body is not a key operation.")
        if params.get("alg") != "RSA-OAEP-256":
            return self.error(400, "BadParameter", f"Algorithm {params.get('alg')} is not supported by the stand-in.")
        try:
            if op in ("encrypt", "wrapkey"):
                result = entry["private"].public_key().encrypt(value, OAEP)
            elif op in ("decrypt", "unwrapkey"):
                result = entry["private"].decrypt(value, OAEP)
            else:
                return self.error(404, "NotFound", f"Operation {op} is not implemented by the stand-in.")
        except ValueError:
            return self.error(400, "BadParameter", "Decryption failed.")
        self.reply(200, {"kid": f"{BASE}/keys/{name}/{entry['version']}", "value": b64url(result)})


class AdminHandler(Handler):
    def do_GET(self):
        self.body()
        self.reply(200, {"status": "ok"})

    def do_POST(self):
        self.body()
        parts = self.parts()
        if len(parts) == 2 and parts[0] == "keys":
            return self.reply(200, {"version": new_version(parts[1])})
        if len(parts) == 4 and parts[0] == "keys" and parts[3] == "disable":
            entry = find(parts[1], parts[2])
            if entry is None:
                return self.error(404, "KeyNotFound", "no such key version")
            entry["enabled"] = False
            return self.reply(200, {"enabled": False})
        self.error(404, "NotFound", "no such admin route")


def main():
    vault = ThreadingHTTPServer(("127.0.0.1", PORT), VaultHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    vault.socket = context.wrap_socket(vault.socket, server_side=True)
    admin = ThreadingHTTPServer(("127.0.0.1", ADMIN_PORT), AdminHandler)
    threading.Thread(target=vault.serve_forever, daemon=True).start()
    admin.serve_forever()


if __name__ == "__main__":
    main()
