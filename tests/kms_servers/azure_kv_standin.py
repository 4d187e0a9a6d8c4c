"""A local STAND-IN for Azure Key Vault and its Entra ID token endpoint, for hush's tests.

This is NOT an emulator of Azure and NOT Microsoft code: no Azure Key Vault emulator can be
installed from the registries hush's machines reach (Lowkey Vault and the others ship as
Docker images or JVM/.NET/Go builds), so the tests run this small server instead. It
implements just what hush's Key Vault recipients and `azure-kv:` secrets use, following the
public REST API (api-version 2025-07-01) closely enough for the official Azure Rust SDK:

  * POST /{tenant}/oauth2/v2.0/token            client-credentials grant (client id + secret)
  * the bearer challenge: an unauthenticated request gets 401 with
    `WWW-Authenticate: Bearer authorization=".../{tenant}", resource="https://vault.azure.net"`
  * GET  /keys/{name}[/{version}]               the key (kid, kty RSA, n, e, attributes)
  * POST /keys/{name}/{version}/encrypt|decrypt  RSA-OAEP-256 (also wrapkey|unwrapkey) with a
    real 2048-bit RSA key per version (python `cryptography`), values base64url
  * errors in Key Vault's shape: {"error": {"code", "message"}}; a disabled key version
    answers 403 Forbidden, an unknown one 404 KeyNotFound
  * secrets (what hush's `azure-kv:` rotation backend uses):
    PUT   /secrets/{name}                 new version (32-hex id) with value, tags,
                                          contentType, attributes; answers the SecretBundle
    GET   /secrets/{name}[/{version}]     a version, the latest without one (no fallback:
                                          a disabled version answers 403 Forbidden /
                                          SecretDisabled, the latest included)
    GET   /secrets/{name}/versions        SecretItems (no values), `maxresults` per page
                                          (default and most 25), `nextLink` to the next page
                                          (an unknown name lists no versions)
    PATCH /secrets/{name}/{version}       attributes (enabled, nbf, exp), tags (replaced
                                          whole), contentType; the value never changes
    No route deletes or purges anything.
  * principals: the client `{CLIENT_ID}` may do everything; the client `{CLIENT_ID}-reader`
    (same secret) gets a token that may only read (GET), like an identity holding just the
    keys get and secrets get/list permissions: its secret writes and its key operations
    (encrypt, decrypt, wrapkey, unwrapkey) answer 403 Forbidden with Key Vault's
    access-policy error (`innererror.code` AccessDenied)

It serves TLS (the SDK refuses bearer tokens over plain HTTP). A second, plain-HTTP port is
for the tests only (not Azure's API): GET /health, POST /keys/{name} (new version, returns
{"version"}), POST /keys/{name}/{version}/disable, POST /secrets/{name} (body: the value; a
new version written as by another client, returns {"version"}).

Usage: azure_kv_standin.py PORT ADMIN_PORT CERT KEY TENANT CLIENT_ID CLIENT_SECRET
"""

import base64
import json
import secrets
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

PORT, ADMIN_PORT = int(sys.argv[1]), int(sys.argv[2])
CERT, KEY, TENANT, CLIENT_ID, CLIENT_SECRET = sys.argv[3:8]
BASE = f"https://127.0.0.1:{PORT}"
TOKEN = secrets.token_urlsafe(24)
READER_TOKEN = secrets.token_urlsafe(24)
PAGE = 25
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)

LOCK = threading.Lock()
KEYS = {}  # name -> [{"version", "private", "enabled"}], newest last
SECRETS = {}  # name -> [{"version", "value", "tags", "contentType", "attributes"}], newest last


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


def now():
    return int(time.time())


def put_secret(name, body):
    """A new version of secret `name`; returns its entry."""
    attributes = {"enabled": True}
    for field in ("enabled", "nbf", "exp"):
        if field in (body.get("attributes") or {}):
            attributes[field] = body["attributes"][field]
    stamp = now()
    attributes.update({"created": stamp, "updated": stamp, "recoveryLevel": "Recoverable+Purgeable", "recoverableDays": 90})
    entry = {
        "version": secrets.token_hex(16),
        "value": body["value"],
        "tags": body.get("tags"),
        "contentType": body.get("contentType"),
        "attributes": attributes,
    }
    with LOCK:
        SECRETS.setdefault(name, []).append(entry)
    return entry


def find_secret(name, version):
    with LOCK:
        versions = SECRETS.get(name, [])
        if not version:
            return versions[-1] if versions else None
        return next((v for v in versions if v["version"] == version), None)


def secret_item(name, entry, with_value):
    item = {"id": f"{BASE}/secrets/{name}/{entry['version']}", "attributes": dict(entry["attributes"])}
    for field in ("tags", "contentType"):
        if entry[field] is not None:
            item[field] = entry[field]
    if with_value:
        item["value"] = entry["value"]
    return item


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
        if len(parts) == 3 and parts[0] == "secrets" and parts[2] == "versions":
            return self.list_versions(parts[1])
        if len(parts) in (2, 3) and parts[0] == "secrets":
            return self.get_secret(parts[1], parts[2] if len(parts) == 3 else None)
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
            if self.headers.get("Authorization") == f"Bearer {READER_TOKEN}":
                return self.no_key_permission(parts[3])
            return self.operation(parts[1], parts[2], parts[3].lower(), raw)
        self.error(404, "NotFound", "no such route in the stand-in")

    def do_PUT(self):
        raw = self.body()
        if not self.authorized(raw, write=True):
            return
        parts = self.parts()
        if len(parts) != 2 or parts[0] != "secrets":
            return self.error(404, "NotFound", "no such route in the stand-in")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            return self.error(400, "BadParameter", "The request body must be a secret with a string value.")
        self.reply(200, secret_item(parts[1], put_secret(parts[1], body), True))

    def do_PATCH(self):
        raw = self.body()
        if not self.authorized(raw, write=True):
            return
        parts = self.parts()
        if len(parts) != 3 or parts[0] != "secrets":
            return self.error(404, "NotFound", "no such route in the stand-in")
        entry = find_secret(parts[1], parts[2])
        if entry is None:
            return self.secret_not_found(parts[1], parts[2])
        try:
            body = json.loads(raw)
        except ValueError:
            return self.error(400, "BadParameter", "The request body is not JSON.")
        with LOCK:
            for field in ("enabled", "nbf", "exp"):
                if field in (body.get("attributes") or {}):
                    entry["attributes"][field] = body["attributes"][field]
            for field in ("tags", "contentType"):
                if field in body:
                    entry[field] = body[field]
            entry["attributes"]["updated"] = now()
        self.reply(200, secret_item(parts[1], entry, False))

    def secret_not_found(self, name, version):
        target = f"{name}/{version}" if version else name
        self.error(404, "SecretNotFound", f"A secret with (name/id) {target} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.")

    def get_secret(self, name, version):
        entry = find_secret(name, version)
        if entry is None:
            return self.secret_not_found(name, version)
        if not entry["attributes"]["enabled"]:
            body = {"error": {"code": "Forbidden", "message": "Operation get is not allowed on a disabled secret.", "innererror": {"code": "SecretDisabled"}}}
            return self.reply(403, body)
        self.reply(200, secret_item(name, entry, True))

    def list_versions(self, name):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        try:
            size = min(int(query.get("maxresults", [PAGE])[0]), PAGE)
            start = int(query.get("$skiptoken", ["0"])[0])
        except ValueError:
            return self.error(400, "BadParameter", "maxresults and $skiptoken must be numbers.")
        if size < 1:
            return self.error(400, "BadParameter", "maxresults must be between 1 and 25.")
        with LOCK:
            versions = list(SECRETS.get(name, []))
        page = [secret_item(name, e, False) for e in versions[start:start + size]]
        following = None
        if start + size < len(versions):
            following = f"{BASE}/secrets/{name}/versions?api-version=2025-07-01&$skiptoken={start + size}&maxresults={size}"
        self.reply(200, {"value": page, "nextLink": following})

    def token(self, tenant, raw):
        form = urllib.parse.parse_qs(raw.decode())
        ok = (
            tenant == TENANT
            and form.get("client_id") in ([CLIENT_ID], [CLIENT_ID + "-reader"])
            and form.get("client_secret") == [CLIENT_SECRET]
            and form.get("grant_type") == ["client_credentials"]
        )
        if not ok:
            return self.reply(401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
        token = TOKEN if form.get("client_id") == [CLIENT_ID] else READER_TOKEN
        self.reply(200, {"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600, "access_token": token})

    def authorized(self, raw, write=False):
        given = self.headers.get("Authorization")
        if given == f"Bearer {TOKEN}":
            return True
        if given == f"Bearer {READER_TOKEN}":
            if not write:
                return True
            self.error(403, "Forbidden", f"The user, group or application 'appid={CLIENT_ID}-reader' does not have secrets set permission on key vault 'standin'.", [])
            return False
        challenge = f'Bearer authorization="{BASE}/{TENANT}", resource="https://vault.azure.net"'
        self.error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", [("WWW-Authenticate", challenge)])
        return False

    def no_key_permission(self, op):
        """Key Vault's answer to an identity whose access policy lacks the key operation."""
        names = {"encrypt": "encrypt", "decrypt": "decrypt", "wrapkey": "wrapKey", "unwrapkey": "unwrapKey"}
        message = (
            f"The user, group or application 'appid={CLIENT_ID}-reader' does not have keys "
            f"{names.get(op.lower(), op)} permission on key vault 'standin'. For help resolving "
            "this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287"
        )
        self.reply(403, {"error": {"code": "Forbidden", "message": message, "innererror": {"code": "AccessDenied"}}})

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
        raw = self.body()
        parts = self.parts()
        if len(parts) == 2 and parts[0] == "secrets":
            entry = put_secret(parts[1], {"value": raw.decode()})
            return self.reply(200, {"version": entry["version"]})
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
