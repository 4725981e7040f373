#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A loopback Kubernetes API server for netdoctor's client tests and scale benchmark.

Standard library only. It speaks the parts of the real API that a client meets (writes: see
writes.py):
discovery (/api, /apis, /api/v1, /apis/<group>/<version>, /version), lists with limit/continue
(opaque base64 continue tokens holding {"v","rv","start"} as kube-apiserver's etcd3 store writes
them), metadata.resourceVersion and remainingItemCount, list items without kind/apiVersion for
built-in types (custom resources keep them), gzip for large answers, Status objects for
401/403/404/405/410/429/5xx worded as kube-apiserver words them, client-certificate and bearer
token authentication, and injected faults: an HTTP status (with Retry-After), an expired continue
token (410), a connection reset mid-body, and a stall.

Usage: server.py --certs DIR [--fixture FILE]... [--generate-nodes N --generate-pods M]
                 [--token TOKEN=USER]... [--groups g/v,...] [--gzip-min-bytes N]
Prints "PORT <n>" on stdout once listening on 127.0.0.1 (port 0 = any free port).

Test control (not part of the Kubernetes API; never used by netdoctor itself):
  POST   /_netdoctor/faults   JSON list of faults, replacing the current ones
  DELETE /_netdoctor/faults   no faults
  GET    /_netdoctor/log      JSON list of the requests served since the last DELETE
  DELETE /_netdoctor/log
  POST   /_netdoctor/compact  expire every continue token issued so far (etcd compaction)

A fault is {"type": T, "path": PREFIX, "when": "any"|"first"|"continue", "after": N, "times": K}
and applies to the K requests (K=-1: all) after the first N whose path starts with PREFIX and,
with "when", that carry no continue token ("first") or one ("continue"). Types:
  status  {"code": 429|500|503|401|403|404, "retry_after": SECONDS}
  expire  answer 410 Expired as for a compacted continue token
  forbid  {"resource": "pods", "group": "", "verb": "list"}: 403 as RBAC denies it (path may be
          omitted; without "verb" every verb is denied; "nodes/status" names a subresource)
  reset   {"after_bytes": N}: send the headers and N body bytes, then a TCP RST
  stall   {"after_bytes": N, "seconds": S}: send the headers and N body bytes, then nothing
  gzip    compress the answer whatever its size (when the client accepts gzip)
"""

import argparse
import base64
import bisect
import gzip
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resources as res  # noqa: E402
import writes  # noqa: E402

COMPACT = (",", ":")

# kube-apiserver's exact wording (staging/src/k8s.io/apiserver: authentication, rbac, etcd3).
EXPIRED_MESSAGE = (
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this response "
    "to retrieve the remainder of the results. Continuing with the provided token results in an "
    "inconsistent list - objects that were created, modified, or deleted between the time the "
    "first chunk was returned and now may show up in the list.")
REASONS = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
           405: "MethodNotAllowed", 409: "Conflict", 410: "Expired", 415: "UnsupportedMediaType",
           422: "Invalid", 429: "TooManyRequests",
           500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout"}
PHRASES = {429: "Too many requests, please try again later.",
           500: "Internal error occurred: etcdserver: request timed out",
           503: "the server is currently unable to handle the request",
           404: "the server could not find the requested resource"}


def status_doc(code, message, reason=None, details=None, continue_token=None):
    meta = {"continue": continue_token} if continue_token else {}
    doc = {"kind": "Status", "apiVersion": "v1", "metadata": meta, "status": "Failure",
           "message": message, "reason": reason or REASONS.get(code, "Unknown")}
    if details is not None:
        doc["details"] = details
    doc["code"] = code
    return doc


class Store:
    """Objects by resource, each kept as compact JSON bytes in etcd key order."""

    def __init__(self):
        self.lists = {}  # (group, version, plural) -> ([keys], [bytes])
        self.rv = 4815162
        self.compacted_rv = 0
        self.groups = {(r[0], r[1]) for r in res.RESOURCES if r[0] in res.BUILTIN_GROUPS}

    def add(self, obj):
        api_version = obj.get("apiVersion", "")
        kind = obj.get("kind", "")
        r = res.by_kind(api_version, kind)
        if r is None:
            raise ValueError("no resource for apiVersion %r kind %r" % (api_version, kind))
        group, version, plural, _, _, namespaced = r[:6]
        self.groups.add((group, version))
        meta = obj.setdefault("metadata", {})
        self.rv += 1
        meta.setdefault("resourceVersion", str(self.rv))
        obj = res.server_order(obj)
        if group not in res.CUSTOM_RESOURCE_GROUPS:
            obj = {k: v for k, v in obj.items() if k not in ("kind", "apiVersion")}
        key = (meta.get("namespace", "") + "/" if namespaced else "") + meta.get("name", "")
        self.add_raw(group, version, plural, key, json.dumps(obj, separators=COMPACT).encode())

    def add_raw(self, group, version, plural, key, data):
        keys, items = self.lists.setdefault((group, version, plural), ([], []))
        i = bisect.bisect_left(keys, key)
        keys.insert(i, key)
        items.insert(i, data)

    def add_raw_sorted(self, group, version, plural, pairs):
        """Bulk load for the benchmark: `pairs` already sorted by key."""
        self.groups.add((group, version))
        keys, items = self.lists.setdefault((group, version, plural), ([], []))
        merged = sorted(list(zip(keys, items)) + list(pairs), key=lambda p: p[0]) if keys else pairs
        keys[:] = [k for k, _ in merged]
        items[:] = [d for _, d in merged]


def encode_continue(rv, start_key):
    doc = {"v": "meta.k8s.io/v1", "rv": rv, "start": start_key + "\u0000"}
    return base64.urlsafe_b64encode(json.dumps(doc, separators=COMPACT).encode()).decode()


def decode_continue(token):
    try:
        pad = "=" * (-len(token) % 4)
        doc = json.loads(base64.urlsafe_b64decode(token + pad))
        if doc.get("v") != "meta.k8s.io/v1":
            return None
        return int(doc["rv"]), doc["start"].rstrip("\u0000")
    except (ValueError, KeyError, TypeError):
        return None


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.faults = []

    def set(self, faults):
        with self.lock:
            self.faults = [dict(f, _seen=0) for f in faults]

    def take(self, path, has_continue):
        with self.lock:
            for f in self.faults:
                if f.get("type") == "forbid":
                    continue
                if not path.startswith(f.get("path", "")):
                    continue
                when = f.get("when", "any")
                if (when == "first" and has_continue) or (when == "continue" and not has_continue):
                    continue
                f["_seen"] += 1
                if f["_seen"] <= f.get("after", 0):
                    continue
                times = f.get("times", 1)
                if times == 0:
                    continue
                if times > 0:
                    f["times"] = times - 1
                return dict(f)
            return None

    def forbidden(self, group, plural, verb):
        with self.lock:
            for f in self.faults:
                if (f.get("type") == "forbid" and f.get("resource") == plural
                        and f.get("group", "") == group and f.get("verb", verb) == verb):
                    return True
            return False


class State:
    def __init__(self, store, tokens, gzip_min):
        self.store = store
        self.tokens = tokens
        self.gzip_min = gzip_min
        self.faults = Faults()
        self.log_lock = threading.Lock()
        self.log = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "netdoctor-test-apiserver"
    sys_version = ""

    def log_message(self, fmt, *args):  # quiet; the request log is kept in memory
        pass

    @property
    def state(self):
        return self.server.state

    # ---- plumbing ----

    def send_body(self, code, body, content_type="application/json", extra=None, fault=None):
        headers = [("Content-Type", content_type), ("Cache-Control", "no-cache, private"),
                   ("Audit-Id", "%08x-0000-4000-8000-%012x" % (os.getpid(), id(self)))]
        # kube-apiserver compresses answers of 128 KiB and more when asked (gzip level 1); the
        # "gzip" fault forces it for small test answers.
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        big = self.state.gzip_min >= 0 and len(body) >= self.state.gzip_min
        if wants and (big or getattr(self, "force_gzip", False)) and fault is None:
            body = gzip.compress(body, compresslevel=1)
            headers.append(("Content-Encoding", "gzip"))
            self.gzipped = True
        headers += extra or []
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.record(code, len(body))
        if fault is None:
            self.wfile.write(body)
            return
        cut = min(int(fault.get("after_bytes", 0)), len(body))
        self.wfile.write(body[:cut])
        self.wfile.flush()
        if fault["type"] == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        else:  # stall: keep the connection open, send nothing more
            deadline = time.monotonic() + float(fault.get("seconds", 30))
            while time.monotonic() < deadline:
                time.sleep(0.05)
        self.close_connection = True

    def send_json(self, code, doc, **kw):
        self.send_body(code, json.dumps(doc, separators=COMPACT).encode() + b"\n", **kw)

    def send_status(self, code, message, **kw):
        extra = []
        if "retry_after" in kw:
            extra.append(("Retry-After", str(kw.pop("retry_after"))))
        self.send_json(code, status_doc(code, message, **kw), extra=extra)

    def record(self, code, nbytes):
        if self.path.startswith("/_netdoctor/"):
            return
        with self.state.log_lock:
            self.state.log.append({"method": self.command, "path": self.path, "code": code,
                                   "user": getattr(self, "user", None), "bytes": nbytes,
                                   "accept_encoding": self.headers.get("Accept-Encoding", ""),
                                   "gzip": getattr(self, "gzipped", False)})

    def authenticate(self):
        """The user name, from a client certificate or a bearer token; None when neither."""
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return self.state.tokens.get(auth[len("Bearer "):].strip())
        cert = self.connection.getpeercert() if isinstance(self.connection, ssl.SSLSocket) else None
        if cert:
            for rdn in cert.get("subject", ()):
                for k, v in rdn:
                    if k == "commonName":
                        return v
        return None

    # ---- methods ----

    def do_GET(self):
        self.force_gzip = self.gzipped = False  # one handler serves a whole keep-alive connection
        if self.path.startswith("/_netdoctor/log"):
            with self.state.log_lock:
                return self.send_json(200, self.state.log)
        self.user = self.authenticate()
        if self.user is None:
            return self.send_status(401, "Unauthorized")
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        fault = self.state.faults.take(url.path, "continue" in query)
        if fault and fault["type"] == "gzip":
            self.force_gzip, fault = True, None
        if fault and fault["type"] == "status":
            code = int(fault["code"])
            kw = {}
            if "retry_after" in fault:
                kw["retry_after"] = fault["retry_after"]
            return self.send_status(code, PHRASES.get(code, REASONS.get(code, "error")), **kw)
        self.route(url.path, query, fault)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length) if length else b""
        if self.path == "/_netdoctor/faults":
            self.state.faults.set(json.loads(data or b"[]"))
            return self.send_json(200, {"ok": True})
        if self.path == "/_netdoctor/compact":
            # etcd compacts up to the current revision; lists started after it are fine.
            self.state.store.rv += 1
            self.state.store.compacted_rv = self.state.store.rv
            return self.send_json(200, {"ok": True})
        self.write(data)

    def do_DELETE(self):
        if self.path == "/_netdoctor/faults":
            self.state.faults.set([])
            return self.send_json(200, {"ok": True})
        if self.path == "/_netdoctor/log":
            with self.state.log_lock:
                self.state.log = []
            return self.send_json(200, {"ok": True})
        self.method_not_allowed()

    def do_PUT(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.write(self.rfile.read(length) if length else b"")

    def do_PATCH(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.write(self.rfile.read(length) if length else b"")

    def write(self, data):
        """POST, PUT and PATCH on the API (writes.py)."""
        self.force_gzip = self.gzipped = False
        self.user = self.authenticate()
        if self.user is None:
            return self.send_status(401, "Unauthorized")
        url = urllib.parse.urlsplit(self.path)
        fault = self.state.faults.take(url.path, False)
        if fault and fault["type"] == "status":
            code = int(fault["code"])
            kw = {"retry_after": fault["retry_after"]} if "retry_after" in fault else {}
            return self.send_status(code, PHRASES.get(code, REASONS.get(code, "error")), **kw)
        if not writes.handle(self, self.command, data):
            self.method_not_allowed()

    def method_not_allowed(self):
        self.user = self.authenticate()
        self.send_status(405, "the server does not allow this method on the requested resource")

    # ---- the API ----

    def route(self, path, query, fault):
        store = self.state.store
        parts = [p for p in path.split("/") if p]
        if path == "/version":
            return self.send_json(200, {
                "major": "1", "minor": "27", "gitVersion": "v1.27.3",
                "gitCommit": "25b4e43193bcda6c7328a6d147b1fb73a33f1598",
                "gitTreeState": "clean", "buildDate": "2023-06-14T09:47:40Z",
                "goVersion": "go1.20.5", "compiler": "gc", "platform": "linux/amd64"}, fault=fault)
        if path == "/api":
            return self.send_json(200, {
                "kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [
                    {"clientCIDR": "0.0.0.0/0", "serverAddress": "172.18.0.2:6443"}]},
                fault=fault)
        if path == "/apis":
            return self.send_json(200, self.group_list(), fault=fault)
        if parts[:2] == ["api", "v1"]:
            group, version, rest = "", "v1", parts[2:]
        elif len(parts) >= 3 and parts[0] == "apis":
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            return self.not_found()
        if (group, version) not in store.groups:
            return self.not_found()
        if not rest:
            return self.send_json(200, res.resource_list(group, version), fault=fault)
        namespace = None
        if rest[0] == "namespaces" and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        r = res.by_path(group, version, rest[0])
        if r is None or (namespace is not None and not r[5]):
            return self.not_found()
        plural, kind = r[2], r[4]
        verb = "list" if len(rest) == 1 else "get"
        if self.state.faults.forbidden(group, plural, verb):
            # RBAC's wording (plugin/pkg/auth/authorizer/rbac and endpoints/handlers/responsewriters).
            scope = ("in the namespace \"%s\"" % namespace) if namespace else "at the cluster scope"
            details = {"kind": plural} if group == "" else {"group": group, "kind": plural}
            if verb == "list":
                msg = "%s is forbidden: User \"%s\" cannot list resource \"%s\" in API group \"%s\" %s" % (
                    plural, self.user, plural, group, scope)
            else:
                details = {"name": rest[1], **details}
                msg = ("%s \"%s\" is forbidden: User \"%s\" cannot get resource \"%s\" in API group "
                       "\"%s\" %s" % (plural, rest[1], self.user, plural, group, scope))
            return self.send_status(403, msg, details=details)
        keys, items = store.lists.get((group, version, plural), ([], []))
        if verb == "get":
            key = (namespace + "/" if namespace else "") + rest[1]
            i = bisect.bisect_left(keys, key)
            if i >= len(keys) or keys[i] != key or len(rest) > 2:
                return self.send_status(404, "%s \"%s\" not found" % (plural, rest[1]),
                                        details={"name": rest[1], "kind": plural})
            obj = json.loads(items[i])
            obj = {"kind": kind, "apiVersion": res.group_version(group, version), **obj}
            return self.send_json(200, obj, fault=fault)
        self.list(group, version, kind, keys, items, namespace, query, fault)

    def group_list(self):
        groups = {}
        for (g, v) in sorted(self.state.store.groups):
            if g == "":
                continue
            groups.setdefault(g, []).append(v)
        out = []
        for g, versions in groups.items():
            vs = [{"groupVersion": g + "/" + v, "version": v} for v in versions]
            out.append({"name": g, "versions": vs, "preferredVersion": vs[0]})
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": out}

    def not_found(self):
        self.send_status(404, PHRASES[404], details={})

    def list(self, group, version, kind, keys, items, namespace, query, fault):
        store = self.state.store
        lo, hi = 0, len(keys)
        if namespace is not None:
            lo = bisect.bisect_left(keys, namespace + "/")
            hi = bisect.bisect_left(keys, namespace + "0")  # '0' sorts right after '/'
        rv = store.rv
        token = query.get("continue", [""])[0]
        if token:
            decoded = decode_continue(token)
            if decoded is None:
                return self.send_status(400, "continue key is not valid: illegal base64 data",
                                        reason="BadRequest")
            rv, start = decoded
            expired = fault is not None and fault["type"] == "expire"
            if expired or rv < store.compacted_rv:
                return self.send_status(410, EXPIRED_MESSAGE, reason="Expired",
                                        continue_token=encode_continue(store.rv, start))
            lo = max(lo, bisect.bisect_right(keys, start))
        try:
            limit = int(query.get("limit", ["0"])[0])
        except ValueError:
            limit = 0
        end = hi if limit <= 0 else min(hi, lo + limit)
        meta = {"resourceVersion": str(rv)}
        if end < hi:
            meta["continue"] = encode_continue(rv, keys[end - 1])
            meta["remainingItemCount"] = hi - end
        head = json.dumps({"kind": kind + "List", "apiVersion": res.group_version(group, version),
                           "metadata": meta}, separators=COMPACT).encode()
        body = head[:-1] + b',"items":[' + b",".join(items[lo:end]) + b"]}\n"
        if fault is not None and fault["type"] not in ("reset", "stall"):
            fault = None
        self.send_body(200, body, fault=fault)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, state, tls_context):
        super().__init__(addr, Handler)
        self.state = state
        self.tls_context = tls_context

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the request's own thread so that a slow or failing client
        # (wrong CA, stall test) never blocks the accept loop.
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
        # the client's delayed ACK add 40 ms to every keep-alive answer.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.tls_context is not None:
            try:
                request = self.tls_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        try:
            super().finish_request(request, client_address)
        except (ConnectionError, ssl.SSLError, OSError):
            pass

    def handle_error(self, request, client_address):
        pass


def load_fixture(store, path):
    with open(path) as f:
        doc = json.load(f)
    items = doc["items"] if isinstance(doc, dict) and "items" in doc else doc
    for obj in items:
        store.add(obj)


def watch_parent():
    parent = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--certs", help="directory with ca.crt, server.crt, server.key (TLS)")
    ap.add_argument("--plain-http", action="store_true", help="serve without TLS")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--fixture", action="append", default=[])
    ap.add_argument("--generate-nodes", type=int, default=0)
    ap.add_argument("--generate-pods", type=int, default=0)
    ap.add_argument("--token", action="append", default=[], help="TOKEN=USER")
    ap.add_argument("--groups", default="", help="extra installed group/versions, comma-separated")
    ap.add_argument("--gzip-min-bytes", type=int, default=128 * 1024,
                    help="compress answers at least this large when asked (-1: never)")
    args = ap.parse_args()

    store = Store()
    for gv in filter(None, args.groups.split(",")):
        g, v = gv.rsplit("/", 1)
        store.groups.add((g, v))
    for path in args.fixture:
        load_fixture(store, path)
    if args.generate_nodes or args.generate_pods:
        import generate
        generate.populate(store, args.generate_nodes, args.generate_pods)
    tokens = {}
    for t in args.token:
        tok, user = t.split("=", 1)
        tokens[tok] = user

    ctx = None
    if not args.plain_http:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(args.certs, "server.crt"),
                            os.path.join(args.certs, "server.key"))
        ctx.load_verify_locations(os.path.join(args.certs, "ca.crt"))
        ctx.verify_mode = ssl.CERT_OPTIONAL  # client certificates are one way to authenticate
    server = Server(("127.0.0.1", args.port), State(store, tokens, args.gzip_min_bytes), ctx)
    threading.Thread(target=watch_parent, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
