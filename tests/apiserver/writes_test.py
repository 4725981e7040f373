#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of the test API server's write verbs (writes.py) over real HTTP: create/409
AlreadyExists, update/409 Conflict, the three patch types, nodes/<name>/status, Events, nodereports,
per-verb RBAC denial, resourceVersion per write. Run: python3 writes_test.py"""

import json
import os
import subprocess
import sys
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "t0k3n"


class Api:
    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "server.py"), "--plain-http",
             "--fixture", os.path.join(HERE, "fixtures", "cluster.json"),
             "--token", TOKEN + "=system:serviceaccount:netdoctor:netdoctor-agent",
             "--groups", "netdoctor.io/v1alpha1"], stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        assert line.startswith("PORT "), line
        self.base = "http://127.0.0.1:%d" % int(line.split()[1])

    def close(self):
        self.proc.terminate()
        self.proc.wait()

    def call(self, method, path, doc=None, ctype="application/json", raw=None):
        data = raw if raw is not None else (json.dumps(doc).encode() if doc is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + TOKEN)
        if data is not None:
            req.add_header("Content-Type", ctype)
        try:
            with urllib.request.urlopen(req) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())


NR = "/apis/netdoctor.io/v1alpha1/nodereports"


def report(name, rv=None, facts=None):
    meta = {"name": name, "labels": {"netdoctor.io/node": name}}
    if rv:
        meta["resourceVersion"] = rv
    return {"apiVersion": "netdoctor.io/v1alpha1", "kind": "NodeReport", "metadata": meta,
            "spec": {"nodeName": name, "facts": facts or {"schema": "netdoctor/facts/v1"}}}


class WritesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()

    @classmethod
    def tearDownClass(cls):
        cls.api.close()

    def test_create_then_already_exists(self):
        code, obj = self.api.call("POST", NR, report("worker-1"))
        self.assertEqual(code, 201)
        self.assertEqual(obj["kind"], "NodeReport")
        self.assertTrue(obj["metadata"]["uid"])
        self.assertTrue(obj["metadata"]["resourceVersion"].isdigit())
        code, st = self.api.call("POST", NR, report("worker-1"))
        self.assertEqual(code, 409)
        self.assertEqual((st["kind"], st["reason"], st["code"]), ("Status", "AlreadyExists", 409))
        self.assertEqual(st["message"], 'nodereports.netdoctor.io "worker-1" already exists')
        self.assertEqual(st["details"], {"name": "worker-1", "group": "netdoctor.io",
                                         "kind": "nodereports"})
        code, got = self.api.call("GET", NR + "/worker-1")
        self.assertEqual((code, got["spec"]["nodeName"]), (200, "worker-1"))
        code, lst = self.api.call("GET", NR)
        self.assertIn("worker-1", [i["metadata"]["name"] for i in lst["items"]])

    def test_update_conflict_on_stale_resource_version(self):
        _, obj = self.api.call("POST", NR, report("worker-2"))
        rv1 = obj["metadata"]["resourceVersion"]
        code, upd = self.api.call("PUT", NR + "/worker-2", report("worker-2", rv1, {"a": 1}))
        self.assertEqual(code, 200)
        rv2 = upd["metadata"]["resourceVersion"]
        self.assertGreater(int(rv2), int(rv1))
        self.assertEqual(upd["metadata"]["uid"], obj["metadata"]["uid"])
        code, st = self.api.call("PUT", NR + "/worker-2", report("worker-2", rv1, {"a": 2}))
        self.assertEqual((code, st["reason"]), (409, "Conflict"))
        self.assertIn("the object has been modified", st["message"])
        code, st = self.api.call("PUT", NR + "/worker-2", report("worker-2", None, {"a": 3}))
        self.assertEqual((code, st["reason"]), (422, "Invalid"))
        code, st = self.api.call("PUT", NR + "/nope", report("nope", "1"))
        self.assertEqual((code, st["reason"]), (404, "NotFound"))

    def test_strategic_merge_of_node_conditions(self):
        _, node = self.api.call("GET", "/api/v1/nodes/worker-1")
        before = {c["type"] for c in node["status"]["conditions"]}
        self.assertIn("Ready", before)
        patch = {"status": {"conditions": [
            {"type": "NetdoctorCalicoProblem", "status": "True", "reason": "ProxyArpOff",
             "message": "CALICO-X affected"}]}}
        code, out = self.api.call("PATCH", "/api/v1/nodes/worker-1/status", patch,
                                  "application/strategic-merge-patch+json")
        self.assertEqual(code, 200)
        types = [c["type"] for c in out["status"]["conditions"]]
        self.assertEqual(set(types), before | {"NetdoctorCalicoProblem"})
        self.assertGreater(int(out["metadata"]["resourceVersion"]),
                           int(node["metadata"]["resourceVersion"]))
        patch["status"]["conditions"][0]["status"] = "False"
        _, out = self.api.call("PATCH", "/api/v1/nodes/worker-1/status", patch,
                               "application/strategic-merge-patch+json")
        conds = [c for c in out["status"]["conditions"] if c["type"] == "NetdoctorCalicoProblem"]
        self.assertEqual([c["status"] for c in conds], ["False"])
        # A merge patch replaces the whole list.
        _, out = self.api.call("PATCH", "/api/v1/nodes/worker-2/status",
                               {"status": {"conditions": [{"type": "X", "status": "True"}]}},
                               "application/merge-patch+json")
        self.assertEqual([c["type"] for c in out["status"]["conditions"]], ["X"])
        # The status subresource ignores spec; the main resource ignores status.
        _, out = self.api.call("PATCH", "/api/v1/nodes/master-1/status",
                               {"spec": {"unschedulable": True}},
                               "application/strategic-merge-patch+json")
        self.assertNotIn("unschedulable", out.get("spec", {}))

    def test_json_patch_and_unsupported_types(self):
        self.api.call("POST", NR, report("jp"))
        code, out = self.api.call("PATCH", NR + "/jp", [
            {"op": "add", "path": "/spec/summary", "value": {"affected": ["A"]}},
            {"op": "test", "path": "/spec/nodeName", "value": "jp"}],
            "application/json-patch+json")
        self.assertEqual(code, 200)
        self.assertEqual(out["spec"]["summary"], {"affected": ["A"]})
        code, st = self.api.call("PATCH", NR + "/jp", [
            {"op": "test", "path": "/spec/nodeName", "value": "other"}],
            "application/json-patch+json")
        self.assertEqual((code, st["reason"]), (422, "Invalid"))
        code, st = self.api.call("PATCH", NR + "/jp", {"spec": {}},
                                 "application/strategic-merge-patch+json")
        self.assertEqual((code, st["reason"]), (415, "UnsupportedMediaType"))
        code, out = self.api.call("PATCH", NR + "/jp", {"spec": {"summary": None}},
                                  "application/merge-patch+json")
        self.assertEqual((code, "summary" in out["spec"]), (200, False))
        code, st = self.api.call("PATCH", NR + "/jp", {"metadata": {"resourceVersion": "1"}},
                                 "application/merge-patch+json")
        self.assertEqual((code, st["reason"]), (409, "Conflict"))

    def test_events_for_a_node_go_to_default(self):
        ev = {"metadata": {"generateName": "worker-1."},
              "involvedObject": {"kind": "Node", "name": "worker-1", "uid": "worker-1"},
              "reason": "NetdoctorAffected", "message": "m", "type": "Warning",
              "source": {"component": "netdoctor-agent", "host": "worker-1"}}
        code, out = self.api.call("POST", "/api/v1/namespaces/default/events", ev)
        self.assertEqual(code, 201)
        self.assertTrue(out["metadata"]["name"].startswith("worker-1."))
        self.assertEqual(out["metadata"]["namespace"], "default")
        code, st = self.api.call("POST", "/api/v1/namespaces/kube-system/events", ev)
        self.assertEqual((code, st["reason"]), (422, "Invalid"))
        _, lst = self.api.call("GET", "/api/v1/namespaces/default/events")
        self.assertEqual(len(lst["items"]), 1)

    def test_forbidden_per_verb(self):
        self.api.call("POST", "/_netdoctor/faults",
                      [{"type": "forbid", "resource": "nodes/status", "verb": "patch"},
                       {"type": "forbid", "resource": "nodereports", "group": "netdoctor.io",
                        "verb": "create"}])
        try:
            code, st = self.api.call("PATCH", "/api/v1/nodes/worker-1/status", {"status": {}},
                                     "application/strategic-merge-patch+json")
            self.assertEqual((code, st["reason"]), (403, "Forbidden"))
            self.assertIn('cannot patch resource "nodes/status" in API group ""', st["message"])
            code, st = self.api.call("POST", NR, report("denied"))
            self.assertEqual(code, 403)
            self.assertIn('cannot create resource "nodereports" in API group "netdoctor.io"',
                          st["message"])
            code, _ = self.api.call("GET", "/api/v1/nodes/worker-1")  # get is still allowed
            self.assertEqual(code, 200)
        finally:
            self.api.call("DELETE", "/_netdoctor/faults")


if __name__ == "__main__":
    unittest.main()
