# SPDX-License-Identifier: Apache-2.0
"""Generates a large cluster for the scale benchmark: Nodes, Pods, Services and Namespaces, and
NodeReports (netdoctor.io/v1alpha1, as `netdoctor agent` writes them) for those Nodes.

Each object is shaped like `kubectl get -o json` output of a kubeadm 1.27 cluster running Calico
3.26 (CentOS 7 and Ubuntu 22.04 nodes; Deployment Pods with managedFields, the projected
service-account volume and Calico's podIP annotations), so that page sizes and parse work match a
real API server's. Objects are rendered from one template per kind by string substitution, which
keeps 150,000 Pods to a few seconds of start-up.
"""

import json
import uuid

COMPACT = (",", ":")
TS = "2024-03-11T08:21:47Z"

NODE = {
    "metadata": {
        "annotations": {
            "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
            "node.alpha.kubernetes.io/ttl": "0",
            "projectcalico.org/IPv4Address": "@IP@/16",
            "projectcalico.org/IPv4VXLANTunnelAddr": "@TUNNEL@",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
        "creationTimestamp": TS,
        "labels": {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                   "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": "@NAME@",
                   "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": "c5.4xlarge",
                   "topology.kubernetes.io/zone": "@ZONE@"},
        "managedFields": [
            {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                "f:metadata": {"f:annotations": {".": {}, "f:kubeadm.alpha.kubernetes.io/cri-socket": {},
                                                 "f:volumes.kubernetes.io/controller-managed-attach-detach": {}},
                               "f:labels": {".": {}, "f:beta.kubernetes.io/arch": {},
                                            "f:beta.kubernetes.io/os": {}, "f:kubernetes.io/arch": {},
                                            "f:kubernetes.io/hostname": {}, "f:kubernetes.io/os": {}}}},
             "manager": "kubelet", "operation": "Update", "time": TS},
            {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                "f:metadata": {"f:annotations": {"f:node.alpha.kubernetes.io/ttl": {}}},
                "f:spec": {"f:podCIDR": {}, "f:podCIDRs": {".": {}, "v:\"@CIDR@\"": {}}}},
             "manager": "kube-controller-manager", "operation": "Update", "time": TS},
            {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                "f:metadata": {"f:annotations": {"f:projectcalico.org/IPv4Address": {},
                                                 "f:projectcalico.org/IPv4VXLANTunnelAddr": {}}},
                "f:status": {"f:conditions": {"k:{\"type\":\"NetworkUnavailable\"}": {
                    ".": {}, "f:lastHeartbeatTime": {}, "f:lastTransitionTime": {}, "f:message": {},
                    "f:reason": {}, "f:status": {}, "f:type": {}}}}},
             "manager": "calico-node", "operation": "Update", "subresource": "status", "time": TS}],
        "name": "@NAME@", "resourceVersion": "@RV@", "uid": "@UID@"},
    "spec": {"podCIDR": "@CIDR@", "podCIDRs": ["@CIDR@"]},
    "status": {
        "addresses": [{"address": "@IP@", "type": "InternalIP"},
                      {"address": "@NAME@", "type": "Hostname"}],
        "allocatable": {"cpu": "16", "ephemeral-storage": "96143180846", "hugepages-1Gi": "0",
                        "hugepages-2Mi": "0", "memory": "31631676Ki", "pods": "110"},
        "capacity": {"cpu": "16", "ephemeral-storage": "104322028Ki", "hugepages-1Gi": "0",
                     "hugepages-2Mi": "0", "memory": "31734076Ki", "pods": "110"},
        "conditions": [
            {"lastHeartbeatTime": TS, "lastTransitionTime": TS,
             "message": "Calico is running on this node", "reason": "CalicoIsUp",
             "status": "False", "type": "NetworkUnavailable"},
            {"lastHeartbeatTime": TS, "lastTransitionTime": TS,
             "message": "kubelet has sufficient memory available",
             "reason": "KubeletHasSufficientMemory", "status": "False", "type": "MemoryPressure"},
            {"lastHeartbeatTime": TS, "lastTransitionTime": TS,
             "message": "kubelet has no disk pressure", "reason": "KubeletHasNoDiskPressure",
             "status": "False", "type": "DiskPressure"},
            {"lastHeartbeatTime": TS, "lastTransitionTime": TS,
             "message": "kubelet has sufficient PID available",
             "reason": "KubeletHasSufficientPID", "status": "False", "type": "PIDPressure"},
            {"lastHeartbeatTime": TS, "lastTransitionTime": TS,
             "message": "kubelet is posting ready status", "reason": "KubeletReady",
             "status": "True", "type": "Ready"}],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
        "images": [
            {"names": ["docker.io/calico/node@sha256:8e34517775f319917a0be516ed3a373dbfca650d1ee8e72158087c24356f47fb",
                       "docker.io/calico/node:v3.26.1"], "sizeBytes": 86592218},
            {"names": ["docker.io/calico/cni@sha256:3be3c67ddba17004c292eafec98cc49368ac273b40b27c8a6621be4471d348d6",
                       "docker.io/calico/cni:v3.26.1"], "sizeBytes": 93375345},
            {"names": ["registry.k8s.io/kube-proxy@sha256:fb2bd59aae959e9649cb34101b66bb3c65f61eee9f3f81e40ed1e2325c92e699",
                       "registry.k8s.io/kube-proxy:v1.27.3"], "sizeBytes": 23897400},
            {"names": ["registry.k8s.io/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097",
                       "registry.k8s.io/pause:3.9"], "sizeBytes": 321520}],
        "nodeInfo": {"architecture": "amd64", "bootID": "@UID2@",
                     "containerRuntimeVersion": "containerd://1.6.21", "kernelVersion": "@KERNEL@",
                     "kubeProxyVersion": "v1.27.3", "kubeletVersion": "v1.27.3",
                     "machineID": "@MID@", "operatingSystem": "linux", "osImage": "@OS@",
                     "systemUUID": "@UID3@"}}}

POD = {
    "metadata": {
        "annotations": {"cni.projectcalico.org/containerID": "@CID@",
                        "cni.projectcalico.org/podIP": "@PODIP@/32",
                        "cni.projectcalico.org/podIPs": "@PODIP@/32"},
        "creationTimestamp": TS, "generateName": "@APP@-5d9c7b8f6d-",
        "labels": {"app": "@APP@", "pod-template-hash": "5d9c7b8f6d"},
        "managedFields": [
            {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                "f:metadata": {"f:generateName": {}, "f:labels": {".": {}, "f:app": {}, "f:pod-template-hash": {}},
                               "f:ownerReferences": {".": {}, "k:{\"uid\":\"@RSUID@\"}": {}}},
                "f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {
                    ".": {}, "f:image": {}, "f:imagePullPolicy": {}, "f:name": {},
                    "f:ports": {".": {}, "k:{\"containerPort\":8080,\"protocol\":\"TCP\"}": {
                        ".": {}, "f:containerPort": {}, "f:protocol": {}}},
                    "f:resources": {".": {}, "f:limits": {".": {}, "f:memory": {}},
                                    "f:requests": {".": {}, "f:cpu": {}, "f:memory": {}}},
                    "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {}}},
                    "f:dnsPolicy": {}, "f:enableServiceLinks": {}, "f:restartPolicy": {},
                    "f:schedulerName": {}, "f:securityContext": {},
                    "f:terminationGracePeriodSeconds": {}}},
             "manager": "kube-controller-manager", "operation": "Update", "time": TS},
            {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                "f:metadata": {"f:annotations": {".": {}, "f:cni.projectcalico.org/containerID": {},
                                                 "f:cni.projectcalico.org/podIP": {},
                                                 "f:cni.projectcalico.org/podIPs": {}}}},
             "manager": "calico", "operation": "Update", "subresource": "status", "time": TS},
            {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                "f:status": {"f:conditions": {"k:{\"type\":\"ContainersReady\"}": {
                    ".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {}, "f:status": {},
                    "f:type": {}}, "k:{\"type\":\"Initialized\"}": {
                    ".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {}, "f:status": {},
                    "f:type": {}}, "k:{\"type\":\"Ready\"}": {
                    ".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {}, "f:status": {},
                    "f:type": {}}},
                    "f:containerStatuses": {}, "f:hostIP": {}, "f:phase": {}, "f:podIP": {},
                    "f:podIPs": {".": {}, "k:{\"ip\":\"@PODIP@\"}": {".": {}, "f:ip": {}}},
                    "f:startTime": {}}},
             "manager": "kubelet", "operation": "Update", "subresource": "status", "time": TS}],
        "name": "@NAME@", "namespace": "@NS@",
        "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": True,
                             "controller": True, "kind": "ReplicaSet",
                             "name": "@APP@-5d9c7b8f6d", "uid": "@RSUID@"}],
        "resourceVersion": "@RV@", "uid": "@UID@"},
    "spec": {
        "containers": [{
            "image": "registry.example.com/shop/@APP@:1.14.2", "imagePullPolicy": "IfNotPresent",
            "name": "app", "ports": [{"containerPort": 8080, "protocol": "TCP"}],
            "resources": {"limits": {"memory": "512Mi"},
                          "requests": {"cpu": "100m", "memory": "256Mi"}},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                              "name": "kube-api-access-@VOL@", "readOnly": True}]}],
        "dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "nodeName": "@NODE@",
        "preemptionPolicy": "PreemptLowerPriority", "priority": 0, "restartPolicy": "Always",
        "schedulerName": "default-scheduler", "securityContext": {},
        "serviceAccount": "default", "serviceAccountName": "default",
        "terminationGracePeriodSeconds": 30,
        "tolerations": [
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists",
             "tolerationSeconds": 300},
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
             "tolerationSeconds": 300}],
        "volumes": [{"name": "kube-api-access-@VOL@", "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}],
                           "name": "kube-root-ca.crt"}},
            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1",
                                                     "fieldPath": "metadata.namespace"},
                                        "path": "namespace"}]}}]}}]},
    "status": {
        "conditions": [
            {"lastProbeTime": None, "lastTransitionTime": TS, "status": "True", "type": "Initialized"},
            {"lastProbeTime": None, "lastTransitionTime": TS, "status": "True", "type": "Ready"},
            {"lastProbeTime": None, "lastTransitionTime": TS, "status": "True", "type": "ContainersReady"},
            {"lastProbeTime": None, "lastTransitionTime": TS, "status": "True", "type": "PodScheduled"}],
        "containerStatuses": [{
            "containerID": "containerd://@CID@", "image": "registry.example.com/shop/@APP@:1.14.2",
            "imageID": "registry.example.com/shop/@APP@@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac",
            "lastState": {}, "name": "app", "ready": True, "restartCount": 0, "started": True,
            "state": {"running": {"startedAt": TS}}}],
        "hostIP": "@HOSTIP@", "phase": "Running", "podIP": "@PODIP@",
        "podIPs": [{"ip": "@PODIP@"}], "qosClass": "Burstable", "startTime": TS}}

SERVICE = {
    "metadata": {"creationTimestamp": TS, "labels": {"app": "@APP@"}, "name": "@NAME@",
                 "namespace": "@NS@", "resourceVersion": "@RV@", "uid": "@UID@"},
    "spec": {"clusterIP": "@CIP@", "clusterIPs": ["@CIP@"], "internalTrafficPolicy": "Cluster",
             "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
             "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}],
             "selector": {"app": "@APP@"}, "sessionAffinity": "None", "type": "ClusterIP"},
    "status": {"loadBalancer": {}}}

NAMESPACE = {
    "metadata": {"creationTimestamp": TS,
                 "labels": {"kubernetes.io/metadata.name": "@NAME@"}, "name": "@NAME@",
                 "resourceVersion": "@RV@", "uid": "@UID@"},
    "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}


def node_uid(name):
    """Stable per name, so that NodeReports generated apart can point at their Node."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "netdoctor-test/nodes/" + name))


def render(template, values):
    text = template
    for k, v in values.items():
        text = text.replace("@" + k + "@", v)
    return text.encode()


def ip(base, n):
    return "%d.%d.%d.%d" % (base, (n >> 16) & 255, (n >> 8) & 255, n & 255)


def populate(store, n_nodes, n_pods):
    from resources import server_order
    rv = store.rv
    node_t = json.dumps(server_order(NODE), separators=COMPACT)
    pod_t = json.dumps(server_order(POD), separators=COMPACT)
    svc_t = json.dumps(server_order(SERVICE), separators=COMPACT)
    ns_t = json.dumps(server_order(NAMESPACE), separators=COMPACT)
    n_nodes = max(1, n_nodes)
    namespaces = ["team-%03d" % i for i in range(max(1, min(200, n_pods // 750)))]
    nodes = []
    for i in range(n_nodes):
        name = "node-%05d" % i
        centos = i % 5 < 2  # 40 % CentOS 7 nodes, the rest Ubuntu 22.04
        rv += 1
        nodes.append((name, render(node_t, {
            "NAME": name, "IP": ip(10, 0x060000 + i), "TUNNEL": ip(10, 0xf40000 + i * 256),
            "CIDR": ip(10, 0xf40000 + i * 256) + "/24", "ZONE": "zone-%d" % (i % 3),
            "RV": str(rv), "UID": node_uid(name), "UID2": str(uuid.uuid4()),
            "UID3": str(uuid.uuid4()), "MID": uuid.uuid4().hex,
            "KERNEL": "3.10.0-1160.92.1.el7.x86_64" if centos else "5.15.0-91-generic",
            "OS": "CentOS Linux 7 (Core)" if centos else "Ubuntu 22.04.3 LTS"})))
    store.add_raw_sorted("", "v1", "nodes", nodes)
    pods = []
    for i in range(n_pods):
        ns = namespaces[i % len(namespaces)]
        app = "svc-%04d" % (i // 30)
        name = "%s-5d9c7b8f6d-%05x" % (app, i)
        node = i % n_nodes
        rv += 1
        pods.append((ns + "/" + name, render(pod_t, {
            "NAME": name, "NS": ns, "APP": app, "NODE": "node-%05d" % node,
            "HOSTIP": ip(10, 0x060000 + node), "PODIP": ip(10, 0xf40000 + node * 256 + 2 + i // n_nodes % 250),
            "CID": uuid.uuid4().hex + uuid.uuid4().hex, "RSUID": str(uuid.UUID(int=i // 30 + 1)),
            "UID": str(uuid.uuid4()), "RV": str(rv), "VOL": "%05x" % (i % 0xfffff)})))
    pods.sort(key=lambda p: p[0])
    store.add_raw_sorted("", "v1", "pods", pods)
    services = []
    for i in range(max(1, n_pods // 30)):
        ns = namespaces[i % len(namespaces)]
        app = "svc-%04d" % i
        rv += 1
        services.append((ns + "/" + app, render(svc_t, {
            "NAME": app, "NS": ns, "APP": app, "CIP": ip(10, 0x600000 + i), "RV": str(rv),
            "UID": str(uuid.uuid4())})))
    services.sort(key=lambda s: s[0])
    store.add_raw_sorted("", "v1", "services", services)
    nss = []
    for name in sorted(namespaces + ["default", "kube-system"]):
        rv += 1
        nss.append((name, render(ns_t, {"NAME": name, "RV": str(rv), "UID": str(uuid.uuid4())})))
    store.add_raw_sorted("", "v1", "namespaces", nss)
    store.rv = rv


# ---- NodeReports -------------------------------------------------------------------------------

def node_facts(base, i, name, proxy_arp_off=False):
    """The node facts of a real `netdoctor collect -o` document (`base`, one node) varied for node
    i of populate(): its name, address, kernel and OS as on its Node, and 10-40 Calico veths."""
    facts = json.loads(json.dumps(next(iter(base["nodes"].values()))))
    centos = i % 5 < 2
    node_ip = ip(10, 0x060000 + i)

    def setv(key, value, source=None):
        f = facts.setdefault(key, {})
        f.pop("unknown", None)
        f["value"] = value
        if source:
            f["source"] = source

    setv("node.hostname", name)
    setv("node.name", name)
    setv("node.kernel.release", "3.10.0-1160.92.1.el7.x86_64" if centos else "5.15.0-91-generic")
    setv("node.os.id", "centos" if centos else "ubuntu")
    setv("node.os.version_id", "7" if centos else "22.04")
    setv("node.os.pretty_name", "CentOS Linux 7 (Core)" if centos else "Ubuntu 22.04.3 LTS")
    addrs = facts.get("node.addresses", {}).get("value", [])
    for a in addrs:
        if a.get("detail") == "scope global" and ":" not in a.get("address", ""):
            a["address"] = node_ip + "/16"
    veths = ["cali%011x" % (i * 64 + k) for k in range(10 + i % 31)]
    links = [l for l in facts.get("node.links", {}).get("value", []) if not l.startswith("cali")]
    setv("node.links", links + [v + ":veth" for v in veths])
    setv("node.calico.veths", len(veths))
    off = [{"kind": "Interface", "name": veths[0], "detail": "proxy_arp=0", "node": name}] \
        if proxy_arp_off else []
    setv("node.calico.veths_proxy_arp_off", off)
    return facts


def node_report(base, i, name, collected_at, interval, proxy_arp_off=False):
    """A NodeReport object (the shape TEAM/agent agree on: deploy/crd-nodereport.yaml)."""
    facts = node_facts(base, i, name, proxy_arp_off)
    return {
        "apiVersion": "netdoctor.io/v1alpha1", "kind": "NodeReport",
        "metadata": {
            "name": name, "labels": {"netdoctor.io/node": name},
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": name,
                                 "uid": node_uid(name)}],
            "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, "netdoctor-test/nodereports/" + name)),
            "creationTimestamp": collected_at, "generation": 1},
        "spec": {
            "nodeName": name, "collectedAt": collected_at, "intervalSeconds": interval,
            "agentVersion": "0.2.0", "kbRevision": "kb-2026.12",
            "facts": {"schema": base.get("schema", "netdoctor/facts/v1"), "cluster": {},
                      "nodes": {name: facts}, "inputs": base.get("inputs", []),
                      "incomplete": []},
            "summary": {"affected": ["CALICO-PROXY-ARP-OFF"] if proxy_arp_off else [],
                        "possiblyAffected": [],
                        "counts": {"affected": 1 if proxy_arp_off else 0, "possiblyAffected": 0,
                                   "notAffected": 40, "notExamined": 3}}}}


def main():
    import argparse
    import sys
    ap = argparse.ArgumentParser(description="Writes NodeReports as a List (a --fixture file).")
    ap.add_argument("--facts", required=True, help="a `netdoctor collect -o` document")
    ap.add_argument("--nodes", type=int, required=True, help="reports for node-00000 ... (as populate)")
    ap.add_argument("--collected-at", default="2026-12-03T10:00:00Z")
    ap.add_argument("--interval", type=int, default=600)
    ap.add_argument("--proxy-arp-off", action="append", default=[], type=int,
                    help="node index whose first cali* veth has proxy_arp off (repeatable)")
    args = ap.parse_args()
    with open(args.facts) as f:
        base = json.load(f)
    out = sys.stdout
    out.write('{"apiVersion":"v1","kind":"List","items":[')
    for i in range(args.nodes):
        if i:
            out.write(",")
        out.write(json.dumps(node_report(base, i, "node-%05d" % i, args.collected_at,
                                         args.interval, i in args.proxy_arp_off),
                             separators=COMPACT))
    out.write("]}\n")


if __name__ == "__main__":
    main()
