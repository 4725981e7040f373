# SPDX-License-Identifier: Apache-2.0
"""Write verbs of the test API server: create (POST), update (PUT), patch (PATCH) with the
semantics of kube-apiserver that a client meets:

- POST to a collection creates; an existing name answers 409 AlreadyExists. The server sets uid,
  creationTimestamp, resourceVersion and, for namespaced resources, metadata.namespace from the
  URL; generateName is honoured.
- PUT replaces; metadata.resourceVersion that is set and not the stored one answers 409 Conflict.
  Custom resources need it set (422 Invalid otherwise), as their store does not allow
  unconditional updates; built-in types do.
- PATCH as application/strategic-merge-patch+json (built-in types only; lists merge by their
  patchMergeKey, e.g. Node status.conditions by "type"; "$patch": "delete"/"replace"),
  application/merge-patch+json (RFC 7386) and application/json-patch+json (RFC 6902). A patch that
  carries a stale metadata.resourceVersion answers 409 Conflict.
- The /status subresource (nodes/<name>/status, nodereports have none): only .status changes.
- Every write increments resourceVersion (one counter for the whole store, as etcd's revision).
- Events: involvedObject.namespace must match the Event's namespace; Events about cluster-scoped
  objects (Nodes) go to "default", as kubelet and node-problem-detector send them.
- RBAC denial per verb: a fault {"type": "forbid", "resource": "nodes/status", "verb": "patch"}.

Also registers netdoctor.io/v1alpha1 nodereports (cluster-scoped custom resource); the group is
served when started with --groups netdoctor.io/v1alpha1 (the CRD installed).
"""

import bisect
import copy
import json
import threading
import time
import uuid

import resources as res

COMPACT = (",", ":")
LOCK = threading.Lock()

NODEREPORTS = ("netdoctor.io", "v1alpha1", "nodereports", "nodereport", "NodeReport", False,
               ["create", "delete", "deletecollection", "get", "list", "patch", "update",
                "watch"], ["ndr"])
if res.by_path("netdoctor.io", "v1alpha1", "nodereports") is None:
    res.RESOURCES.append(NODEREPORTS)
res.CUSTOM_RESOURCE_GROUPS.add("netdoctor.io")

# patchMergeKey of the list fields a netdoctor client patches (k8s.io/api struct tags).
MERGE_KEYS = {"conditions": "type", "addresses": "type", "containers": "name",
              "initContainers": "name", "volumes": "name", "env": "name", "volumeMounts": "mountPath",
              "ownerReferences": "uid", "tolerations": None, "images": None}

PATCH_TYPES = {"application/strategic-merge-patch+json": "strategic",
               "application/merge-patch+json": "merge",
               "application/json-patch+json": "json"}


class ApiError(Exception):
    def __init__(self, code, message, reason, details=None):
        super().__init__(message)
        self.code, self.message, self.reason, self.details = code, message, reason, details


def qualified(group, plural):
    return plural if group == "" else plural + "." + group


def details_of(group, plural, name):
    d = {"name": name}
    if group:
        d["group"] = group
    d["kind"] = plural
    return d


def now_rfc3339():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# ---- merge algorithms ----

def merge_patch(target, patch):
    """RFC 7386."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def strategic_merge(target, patch):
    """Strategic merge of two maps: lists with a merge key merge element by element."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if k.startswith("$"):
            continue
        if v is None:
            out.pop(k, None)
        elif isinstance(v, list) and MERGE_KEYS.get(k):
            out[k] = merge_list(out.get(k) or [], v, MERGE_KEYS[k])
        elif isinstance(v, dict):
            out[k] = strategic_merge(out.get(k), v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def merge_list(current, patch, key):
    out = [copy.deepcopy(e) for e in current]
    for elem in patch:
        if not isinstance(elem, dict) or key not in elem:
            raise ApiError(422, "map: %r does not contain declared merge key: %s" % (elem, key),
                           "Invalid")
        idx = next((i for i, e in enumerate(out) if isinstance(e, dict) and e.get(key) == elem[key]),
                   None)
        if elem.get("$patch") == "delete":
            if idx is not None:
                out.pop(idx)
            continue
        if idx is None:
            out.append({k: v for k, v in elem.items() if not k.startswith("$")})
        else:
            out[idx] = strategic_merge(out[idx], elem)
    return out


def pointer_parts(ptr):
    if ptr == "":
        return []
    if not ptr.startswith("/"):
        raise ApiError(422, "json patch: path %r must start with /" % ptr, "Invalid")
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


def resolve_parent(doc, parts):
    cur = doc
    for p in parts[:-1]:
        if isinstance(cur, list):
            cur = cur[int(p)]
        elif isinstance(cur, dict) and p in cur:
            cur = cur[p]
        else:
            raise KeyError(p)
    return cur


def json_patch(doc, ops):
    """RFC 6902 (add, remove, replace, move, copy, test)."""
    doc = copy.deepcopy(doc)
    if not isinstance(ops, list):
        raise ApiError(400, "json patch must be a list of operations", "BadRequest")
    for op in ops:
        try:
            kind, parts = op["op"], pointer_parts(op["path"])
            if kind in ("move", "copy"):
                src = pointer_parts(op["from"])
                sp = resolve_parent(doc, src)
                value = copy.deepcopy(sp[int(src[-1])] if isinstance(sp, list) else sp[src[-1]])
                if kind == "move":
                    if isinstance(sp, list):
                        sp.pop(int(src[-1]))
                    else:
                        del sp[src[-1]]
                kind, op = "add", {"value": value}
            if kind == "test":
                parent = resolve_parent(doc, parts)
                got = parent[int(parts[-1])] if isinstance(parent, list) else parent[parts[-1]]
                if got != op["value"]:
                    raise ApiError(422, "the server rejected our request due to an error in our "
                                   "request: testing value %s failed" % op["path"], "Invalid")
                continue
            if not parts:
                raise ApiError(422, "json patch on the whole object is not allowed", "Invalid")
            parent = resolve_parent(doc, parts)
            last = parts[-1]
            if kind == "add":
                if isinstance(parent, list):
                    parent.insert(len(parent) if last == "-" else int(last), op["value"])
                else:
                    parent[last] = op["value"]
            elif kind == "remove":
                if isinstance(parent, list):
                    parent.pop(int(last))
                else:
                    del parent[last]
            elif kind == "replace":
                if isinstance(parent, list):
                    parent[int(last)] = op["value"]
                else:
                    if last not in parent:
                        raise KeyError(last)
                    parent[last] = op["value"]
            else:
                raise ApiError(422, "json patch: unknown op %r" % kind, "Invalid")
        except (KeyError, IndexError, ValueError, TypeError) as e:
            raise ApiError(422, "the server rejected our request due to an error in our request: "
                           "%s: missing value or bad path %s" % (op.get("op") if isinstance(op, dict)
                                                                 else op, e), "Invalid")
    return doc


# ---- the store ----

def find(store, group, version, plural, key):
    keys, items = store.lists.get((group, version, plural), ([], []))
    i = bisect.bisect_left(keys, key)
    if i < len(keys) and keys[i] == key:
        return i, json.loads(items[i])
    return None, None


def put(store, group, version, plural, key, obj, index):
    if group not in res.CUSTOM_RESOURCE_GROUPS:
        obj = {k: v for k, v in obj.items() if k not in ("kind", "apiVersion")}
    data = json.dumps(res.server_order(obj), separators=COMPACT).encode()
    if index is None:
        store.groups.add((group, version))
        store.add_raw(group, version, plural, key, data)
    else:
        store.lists[(group, version, plural)][1][index] = data


def full(obj, group, version, kind):
    return res.server_order({"kind": kind, "apiVersion": res.group_version(group, version), **obj})


def check_rv(meta, stored, group, plural, name):
    rv = (meta or {}).get("resourceVersion", "")
    if rv and rv != stored["metadata"].get("resourceVersion"):
        raise ApiError(409, "Operation cannot be fulfilled on %s \"%s\": the object has been "
                       "modified; please apply your changes to the latest version and try again"
                       % (qualified(group, plural), name), "Conflict",
                       details_of(group, plural, name))


def validate_event(obj, namespace):
    inv = obj.get("involvedObject") or {}
    inv_ns = inv.get("namespace", "")
    if (inv_ns and inv_ns != namespace) or (not inv_ns and namespace not in ("", "default")):
        raise ApiError(422, "Event \"%s\" is invalid: involvedObject.namespace: Invalid value: "
                       "\"%s\": does not match event.namespace" % (
                           obj.get("metadata", {}).get("name", ""), inv_ns), "Invalid",
                       {"name": obj.get("metadata", {}).get("name", ""), "kind": "Event"})


def create(store, r, namespace, body):
    group, version, plural, _, kind, namespaced = r[:6]
    obj = json.loads(body)
    if not isinstance(obj, dict):
        raise ApiError(400, "the body of the request is not a JSON object", "BadRequest")
    meta = obj.setdefault("metadata", {})
    if not meta.get("name") and meta.get("generateName"):
        meta["name"] = meta["generateName"] + uuid.uuid4().hex[:5]
    name = meta.get("name", "")
    if not name:
        raise ApiError(422, "%s \"\" is invalid: metadata.name: Required value: name or "
                       "generateName is required" % kind, "Invalid", {"kind": kind})
    if namespaced:
        if meta.get("namespace") and meta["namespace"] != namespace:
            raise ApiError(400, "the namespace of the provided object does not match the "
                           "namespace sent on the request", "BadRequest")
        meta["namespace"] = namespace
    if kind == "Event":
        validate_event(obj, namespace)
    key = (namespace + "/" if namespaced else "") + name
    with LOCK:
        i, _ = find(store, group, version, plural, key)
        if i is not None:
            raise ApiError(409, "%s \"%s\" already exists" % (qualified(group, plural), name),
                           "AlreadyExists", details_of(group, plural, name))
        store.rv += 1
        meta["uid"] = str(uuid.uuid4())
        meta["resourceVersion"] = str(store.rv)
        meta["creationTimestamp"] = now_rfc3339()
        meta.pop("generation", None)
        if group in res.CUSTOM_RESOURCE_GROUPS:
            meta["generation"] = 1
        put(store, group, version, plural, key, obj, None)
    return 201, full(obj, group, version, kind)


def update(store, r, namespace, name, sub, body=None, patch_type=None, mutate=None):
    """PUT (body) or PATCH (mutate: stored object -> patched object)."""
    group, version, plural, _, kind, namespaced = r[:6]
    key = (namespace + "/" if namespaced else "") + name
    with LOCK:
        i, stored = find(store, group, version, plural, key)
        if i is None:
            raise ApiError(404, "%s \"%s\" not found" % (qualified(group, plural), name),
                           "NotFound", details_of(group, plural, name))
        stored = full(stored, group, version, kind)
        if mutate is None:
            new = json.loads(body)
            if not isinstance(new, dict):
                raise ApiError(400, "the body of the request is not a JSON object", "BadRequest")
            meta = new.get("metadata") or {}
            if meta.get("name", name) != name:
                raise ApiError(400, "the name of the object (%s) does not match the name on the "
                               "URL (%s)" % (meta.get("name"), name), "BadRequest")
            if (group in res.CUSTOM_RESOURCE_GROUPS and not meta.get("resourceVersion")
                    and sub is None):
                raise ApiError(422, "%s.%s \"%s\" is invalid: metadata.resourceVersion: Invalid "
                               "value: 0x0: must be specified for an update" % (plural, group, name),
                               "Invalid", details_of(group, plural, name))
            check_rv(meta, stored, group, plural, name)
        else:
            new = mutate(stored)
            check_rv(new.get("metadata") if patch_type == "json" else mutate.patch_meta,
                     stored, group, plural, name)
            if not isinstance(new, dict):
                raise ApiError(422, "patched object is not a JSON object", "Invalid")
        if sub == "status":  # the status subresource changes .status only
            new = dict(stored, status=new.get("status", {}))
        else:
            # The main resource ignores .status when a status subresource exists (Nodes).
            if "status" in stored and r[2] == "nodes":
                new["status"] = stored["status"]
            if new.get("status") is None:
                new.pop("status", None)
        meta = new.setdefault("metadata", {})
        for k in ("uid", "creationTimestamp", "namespace", "name"):
            if k in stored["metadata"]:
                meta[k] = stored["metadata"][k]
        changed = {k: v for k, v in new.items() if k != "metadata"} != \
            {k: v for k, v in stored.items() if k != "metadata"} or \
            {k: v for k, v in meta.items() if k != "resourceVersion"} != \
            {k: v for k, v in stored["metadata"].items() if k != "resourceVersion"}
        if not changed:  # a no-op write keeps the resourceVersion (as kube-apiserver does)
            return 200, stored
        store.rv += 1
        meta["resourceVersion"] = str(store.rv)
        if group in res.CUSTOM_RESOURCE_GROUPS and sub is None and \
                new.get("spec") != stored.get("spec"):
            meta["generation"] = int(stored["metadata"].get("generation", 1)) + 1
        put(store, group, version, plural, key, new, i)
    return 200, full(new, group, version, kind)


def patch(store, r, namespace, name, sub, content_type, body):
    group = r[0]
    ptype = PATCH_TYPES.get(content_type.split(";")[0].strip())
    if ptype is None or (ptype == "strategic" and group in res.CUSTOM_RESOURCE_GROUPS):
        accepted = ["application/json-patch+json", "application/merge-patch+json",
                    "application/apply-patch+yaml"]
        if group not in res.CUSTOM_RESOURCE_GROUPS:
            accepted.insert(2, "application/strategic-merge-patch+json")
        raise ApiError(415, "the body of the request was in an unknown format - accepted media "
                       "types include: " + ", ".join(accepted), "UnsupportedMediaType")
    try:
        doc = json.loads(body)
    except ValueError as e:
        raise ApiError(400, "the body of the request was not valid JSON: %s" % e, "BadRequest")
    if ptype == "json":
        def mutate(stored):
            return json_patch(stored, doc)
        mutate.patch_meta = None
    else:
        if not isinstance(doc, dict):
            raise ApiError(400, "a merge patch must be a JSON object", "BadRequest")
        fn = strategic_merge if ptype == "strategic" else merge_patch

        def mutate(stored):
            return fn(stored, doc)
        mutate.patch_meta = doc.get("metadata")
    return update(store, r, namespace, name, sub, patch_type=ptype, mutate=mutate)


def verb_of(method):
    return {"POST": "create", "PUT": "update", "PATCH": "patch"}[method]


def forbidden_message(user, verb, group, plural, sub, name, namespace):
    resource = plural + ("/" + sub if sub else "")
    scope = ("in the namespace \"%s\"" % namespace) if namespace else "at the cluster scope"
    head = "%s \"%s\" is forbidden" % (plural, name) if name else "%s is forbidden" % plural
    return "%s: User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s" % (
        head, user, verb, resource, group, scope)


def handle(handler, method, body):
    """Serves a POST, PUT or PATCH on the API. Returns True when answered."""
    import urllib.parse
    store = handler.state.store
    path = urllib.parse.urlsplit(handler.path).path
    parts = [p for p in path.split("/") if p]
    if parts[:2] == ["api", "v1"]:
        group, version, rest = "", "v1", parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return False
    if (group, version) not in store.groups or not rest:
        return False
    namespace = None
    if rest[0] == "namespaces" and len(rest) >= 3:
        namespace, rest = rest[1], rest[2:]
    r = res.by_path(group, version, rest[0])
    if r is None or (namespace is not None and not r[5]) or (namespace is None and r[5]
                                                                and method == "POST"):
        return False
    plural = r[2]
    name = rest[1] if len(rest) > 1 else ""
    sub = rest[2] if len(rest) > 2 else None
    if len(rest) > 3 or (sub is not None and not (sub == "status" and plural == "nodes")):
        return False
    if (method == "POST") != (name == ""):
        handler.send_status(405, "the server does not allow this method on the requested "
                            "resource")
        return True
    verb = verb_of(method)
    resource = plural + ("/" + sub if sub else "")
    if handler.state.faults.forbidden(group, resource, verb):
        details = details_of(group, plural, name) if name else \
            ({"kind": plural} if not group else {"group": group, "kind": plural})
        handler.send_status(403, forbidden_message(handler.user, verb, group, plural, sub, name,
                                                   namespace), details=details)
        return True
    try:
        if method == "POST":
            code, obj = create(store, r, namespace or "", body)
        elif method == "PUT":
            code, obj = update(store, r, namespace or "", name, sub, body=body)
        else:
            code, obj = patch(store, r, namespace or "", name, sub,
                              handler.headers.get("Content-Type", ""), body)
    except ApiError as e:
        handler.send_status(e.code, e.message, reason=e.reason, details=e.details)
        return True
    except ValueError as e:
        handler.send_status(400, "the body of the request was not valid JSON: %s" % e,
                            reason="BadRequest")
        return True
    handler.send_json(code, obj)
    return True
