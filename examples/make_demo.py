#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the bundled demo: examples/demo-cluster/*.json (what `kubectl get <kind> -A -o json`
prints, one List per kind) and examples/hostroot/ (one CentOS 7.9 node's files as a DaemonSet sees
them under /host). Object shapes follow real API output (REAL_FORMATS.md §4-§6): full metadata,
spec and status blocks; managedFields are dropped as `kubectl get` does by default.

Run from the repository root: python3 examples/make_demo.py
"""
import json
import os
import stat

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, "demo-cluster")
HOST = os.path.join(ROOT, "hostroot")
TS = "2025-06-03T08:12:45Z"


def meta(name, ns=None, uid_n=0, labels=None, annotations=None, owner=None, **extra):
    m = {"name": name, "uid": f"7f3c2a10-4b1e-4c55-9a0e-{uid_n:012x}", "resourceVersion": str(100000 + uid_n),
         "creationTimestamp": TS}
    if ns:
        m["namespace"] = ns
    if labels:
        m["labels"] = labels
    if annotations:
        m["annotations"] = annotations
    if owner:
        m["ownerReferences"] = [owner]
    m.update(extra)
    return m


def lst(kind, items, api="v1"):
    return {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
            "items": [dict({"apiVersion": api, "kind": kind}, **i) for i in items]}


NODES = [
    # name, internal IP, pod CIDR, osImage, kernel, runtime
    ("node-centos7-a", "10.20.0.11", "10.244.1.0/24", "CentOS Linux 7 (Core)", "3.10.0-1160.el7.x86_64", "containerd://1.6.21"),
    ("node-centos7-b", "10.20.0.12", "10.244.2.0/24", "CentOS Linux 7 (Core)", "3.10.0-1160.108.1.el7.x86_64", "containerd://1.6.21"),
    ("node-rocky8-a", "10.20.0.21", "10.244.3.0/24", "Rocky Linux 8.8 (Green Obsidian)", "4.18.0-477.10.1.el8_8.x86_64", "containerd://1.6.21"),
    ("node-euler29-a", "10.20.0.31", "10.244.4.0/24", "EulerOS 2.0 (SP9x86_64)", "4.18.0-147.5.1.6.h685.eulerosv2r9.x86_64", "containerd://1.6.21"),
    ("node-euler29-b", "10.20.0.32", "10.244.5.0/24", "EulerOS 2.0 (SP9x86_64)", "4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64", "containerd://1.6.21"),
    ("node-ubuntu22-a", "10.20.0.41", "10.244.6.0/24", "Ubuntu 22.04.3 LTS", "5.15.0-91-generic", "containerd://1.6.21"),
]
KUBE_VERSION = "v1.27.6"


def node(i, n):
    name, ip, cidr, osimg, kernel, runtime = n
    return {
        "metadata": meta(name, uid_n=i + 1, labels={
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name, "kubernetes.io/os": "linux"},
            annotations={"node.alpha.kubernetes.io/ttl": "0",
                         "projectcalico.org/IPv4Address": ip + "/24",
                         "projectcalico.org/IPv4VXLANTunnelAddr": cidr.replace(".0/24", ".192"),
                         "volumes.kubernetes.io/controller-managed-attach-detach": "true"}),
        "spec": {"podCIDR": cidr, "podCIDRs": [cidr]},
        "status": {
            "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
            "allocatable": {"cpu": "8", "ephemeral-storage": "95551679124", "hugepages-2Mi": "0", "memory": "32676424Ki", "pods": "110"},
            "capacity": {"cpu": "8", "ephemeral-storage": "103677Mi", "hugepages-2Mi": "0", "memory": "32778824Ki", "pods": "110"},
            "conditions": [
                {"type": "NetworkUnavailable", "status": "False", "lastHeartbeatTime": TS, "lastTransitionTime": TS,
                 "reason": "CalicoIsUp", "message": "Calico is running on this node"},
                {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": TS, "lastTransitionTime": TS,
                 "reason": "KubeletHasSufficientMemory", "message": "kubelet has sufficient memory available"},
                {"type": "Ready", "status": "True", "lastHeartbeatTime": TS, "lastTransitionTime": TS,
                 "reason": "KubeletReady", "message": "kubelet is posting ready status"}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"architecture": "amd64", "bootID": f"0c6f1d2e-33aa-4d1b-8f0e-{i:012d}",
                         "containerRuntimeVersion": runtime, "kernelVersion": kernel,
                         "kubeProxyVersion": KUBE_VERSION, "kubeletVersion": KUBE_VERSION,
                         "machineID": f"{i:032x}", "operatingSystem": "linux", "osImage": osimg,
                         "systemUUID": f"4c4c4544-0042-3510-8052-{i:012d}"}},
    }


def container(name, image, env=None, args=None, command=None):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent", "resources": {},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
    if env:
        c["env"] = env
    if args:
        c["args"] = args
    if command:
        c["command"] = command
    return c


def daemonset(name, ns, uid, labels, containers, host_network=True):
    return {
        "metadata": meta(name, ns, uid, labels=labels, annotations={"deprecated.daemonset.template.generation": "1"}, generation=1),
        "spec": {"revisionHistoryLimit": 10, "selector": {"matchLabels": labels},
                 "template": {"metadata": {"creationTimestamp": None, "labels": labels},
                              "spec": {"containers": containers, "dnsPolicy": "ClusterFirst", "hostNetwork": host_network,
                                       "nodeSelector": {"kubernetes.io/os": "linux"}, "priorityClassName": "system-node-critical",
                                       "restartPolicy": "Always", "schedulerName": "default-scheduler",
                                       "serviceAccountName": name, "terminationGracePeriodSeconds": 30,
                                       "tolerations": [{"operator": "Exists"}]}},
                 "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}},
        "status": {"currentNumberScheduled": len(NODES), "desiredNumberScheduled": len(NODES), "numberAvailable": len(NODES),
                   "numberMisscheduled": 0, "numberReady": len(NODES), "observedGeneration": 1, "updatedNumberScheduled": len(NODES)},
    }


def deployment(name, ns, uid, labels, containers):
    return {
        "metadata": meta(name, ns, uid, labels=labels, annotations={"deployment.kubernetes.io/revision": "1"}, generation=1),
        "spec": {"progressDeadlineSeconds": 600, "replicas": 1, "revisionHistoryLimit": 10,
                 "selector": {"matchLabels": labels},
                 "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                 "template": {"metadata": {"creationTimestamp": None, "labels": labels},
                              "spec": {"containers": containers, "dnsPolicy": "ClusterFirst", "restartPolicy": "Always",
                                       "schedulerName": "default-scheduler", "serviceAccountName": name,
                                       "terminationGracePeriodSeconds": 30}}},
        "status": {"availableReplicas": 1, "observedGeneration": 1, "readyReplicas": 1, "replicas": 1, "updatedReplicas": 1,
                   "conditions": [{"type": "Available", "status": "True", "lastTransitionTime": TS, "lastUpdateTime": TS,
                                   "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."}]},
    }


def pod(name, ns, uid, node_name, ip, host_ip, image, labels=None, host_network=False, owner=None,
        restarts=0, last_state=None, phase="Running"):
    cs = {"name": name.split("-")[0], "image": image, "imageID": image.split(":")[0] + "@sha256:" + "3b" * 32,
          "containerID": "containerd://" + ("a1" * 32), "ready": phase == "Running", "restartCount": restarts,
          "started": phase == "Running", "state": {"running": {"startedAt": TS}}, "lastState": last_state or {}}
    p = {
        "metadata": meta(name, ns, uid, labels=labels or {}, owner=owner),
        "spec": {"containers": [container(cs["name"], image)], "dnsPolicy": "ClusterFirst", "enableServiceLinks": True,
                 "hostNetwork": host_network, "nodeName": node_name, "preemptionPolicy": "PreemptLowerPriority", "priority": 0,
                 "restartPolicy": "Always", "schedulerName": "default-scheduler", "serviceAccountName": "default",
                 "terminationGracePeriodSeconds": 30},
        "status": {"phase": phase, "hostIP": host_ip, "podIP": ip, "podIPs": [{"ip": ip}], "qosClass": "BestEffort",
                   "startTime": TS, "containerStatuses": [cs],
                   "conditions": [{"type": "Ready", "status": "True" if phase == "Running" else "False",
                                   "lastProbeTime": None, "lastTransitionTime": TS}]},
    }
    if not host_network:
        del p["spec"]["hostNetwork"]
    else:
        p["spec"]["hostNetwork"] = True
    return p


def write(name, doc):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(doc, f, indent=4, ensure_ascii=False)
        f.write("\n")


def main():
    write("nodes.json", lst("Node", [node(i, n) for i, n in enumerate(NODES)]))

    kube_proxy_conf = """apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: "ipvs"
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
udpIdleTimeout: 0s
winkernel:
  enableDSR: false
  networkName: ""
  sourceVip: \"\""""
    kubeconfig_conf = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://10.20.0.5:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token"""
    kubeadm_cc = """apiServer:
  extraArgs:
    authorization-mode: Node,RBAC
  timeoutForControlPlane: 4m0s
apiVersion: kubeadm.k8s.io/v1beta3
certificatesDir: /etc/kubernetes/pki
clusterName: kubernetes
controllerManager: {}
dns: {}
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: v1.27.6
networking:
  dnsDomain: cluster.local
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/12
scheduler: {}"""
    spiderpool_conf = """ipamUnixSocketPath: /var/run/spidernet/spiderpool.sock
enableIPv4: true
enableIPv6: false
enableStatefulSet: true
enableKubevirtStaticIP: false
enableSpiderSubnet: false
enableAutoPoolForApplication: false
clusterSubnetDefaultFlexibleIPNumber: 1
tuneSysctlConfig: true
podResourceInject:
  enabled: false"""
    cms = [
        {"metadata": meta("kube-proxy", "kube-system", 50, labels={"app": "kube-proxy"},
                          annotations={"kubeadm.kubernetes.io/component-config.hash": "sha256:" + "9c" * 32}),
         "data": {"config.conf": kube_proxy_conf, "kubeconfig.conf": kubeconfig_conf}},
        {"metadata": meta("kubeadm-config", "kube-system", 51), "data": {"ClusterConfiguration": kubeadm_cc}},
        {"metadata": meta("calico-config", "kube-system", 52),
         "data": {"calico_backend": "vxlan", "cni_network_config": "{}", "typha_service_name": "none", "veth_mtu": "0"}},
        {"metadata": meta("spiderpool-conf", "spiderpool", 53,
                          labels={"app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/name": "spiderpool"},
                          annotations={"meta.helm.sh/release-name": "spiderpool", "meta.helm.sh/release-namespace": "spiderpool"}),
         "data": {"conf.yml": spiderpool_conf}},
    ]
    write("configmaps.json", lst("ConfigMap", cms))

    calico_env = [
        {"name": "DATASTORE_TYPE", "value": "kubernetes"},
        {"name": "WAIT_FOR_DATASTORE", "value": "true"},
        {"name": "NODENAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}},
        {"name": "CALICO_NETWORKING_BACKEND", "valueFrom": {"configMapKeyRef": {"key": "calico_backend", "name": "calico-config"}}},
        {"name": "CLUSTER_TYPE", "value": "k8s"},
        {"name": "IP", "value": "autodetect"},
        {"name": "CALICO_IPV4POOL_IPIP", "value": "Never"},
        {"name": "CALICO_IPV4POOL_VXLAN", "value": "Always"},
        {"name": "CALICO_IPV6POOL_VXLAN", "value": "Never"},
        {"name": "FELIX_IPINIPMTU", "valueFrom": {"configMapKeyRef": {"key": "veth_mtu", "name": "calico-config"}}},
        {"name": "FELIX_VXLANMTU", "valueFrom": {"configMapKeyRef": {"key": "veth_mtu", "name": "calico-config"}}},
        {"name": "CALICO_IPV4POOL_CIDR", "value": "10.244.0.0/16"},
        {"name": "CALICO_DISABLE_FILE_LOGGING", "value": "true"},
        {"name": "FELIX_DEFAULTENDPOINTTOHOSTACTION", "value": "ACCEPT"},
        {"name": "FELIX_IPV6SUPPORT", "value": "false"},
        {"name": "FELIX_HEALTHENABLED", "value": "true"},
    ]
    spider_labels = lambda comp: {"app.kubernetes.io/component": comp, "app.kubernetes.io/instance": "spiderpool",
                                  "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/name": "spiderpool",
                                  "app.kubernetes.io/version": "0.8.3", "helm.sh/chart": "spiderpool-0.8.3"}
    dss = [
        daemonset("kube-proxy", "kube-system", 60, {"k8s-app": "kube-proxy"},
                  [container("kube-proxy", "registry.k8s.io/kube-proxy:v1.27.6",
                             command=["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                      "--hostname-override=$(NODE_NAME)"],
                             env=[{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}])]),
        daemonset("calico-node", "kube-system", 61, {"k8s-app": "calico-node"},
                  [container("calico-node", "docker.io/calico/node:v3.19.1", env=calico_env)]),
        daemonset("spiderpool-agent", "spiderpool", 62, spider_labels("spiderpool-agent"),
                  [container("spiderpool-agent", "ghcr.io/spidernet-io/spiderpool/spiderpool-agent:v0.8.3",
                             command=["/usr/bin/agent", "daemon"])]),
    ]
    write("daemonsets.json", lst("DaemonSet", dss, api="apps/v1"))
    deps = [
        deployment("calico-kube-controllers", "kube-system", 70, {"k8s-app": "calico-kube-controllers"},
                   [container("calico-kube-controllers", "docker.io/calico/kube-controllers:v3.19.1",
                              env=[{"name": "ENABLED_CONTROLLERS", "value": "node"}, {"name": "DATASTORE_TYPE", "value": "kubernetes"}])]),
        deployment("spiderpool-controller", "spiderpool", 71, spider_labels("spiderpool-controller"),
                   [container("spiderpool-controller", "ghcr.io/spidernet-io/spiderpool/spiderpool-controller:v0.8.3",
                              command=["/usr/bin/controller", "daemon"])]),
        deployment("shop-web", "shop", 72, {"app": "shop-web"}, [container("web", "docker.io/library/nginx:1.25.3")]),
    ]
    write("deployments.json", lst("Deployment", deps, api="apps/v1"))

    svcs = [
        {"metadata": meta("kubernetes", "default", 80, labels={"component": "apiserver", "provider": "kubernetes"}),
         "spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "internalTrafficPolicy": "Cluster",
                  "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                  "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                  "sessionAffinity": "None", "type": "ClusterIP"}, "status": {"loadBalancer": {}}},
        {"metadata": meta("shop-web", "shop", 81, labels={"app": "shop-web"}),
         "spec": {"clusterIP": "10.96.120.14", "clusterIPs": ["10.96.120.14"], "externalIPs": ["10.20.0.200"],
                  "externalTrafficPolicy": "Local", "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
                  "ipFamilyPolicy": "SingleStack",
                  "ports": [{"name": "http", "nodePort": 31080, "port": 80, "protocol": "TCP", "targetPort": 8080}],
                  "selector": {"app": "shop-web"}, "sessionAffinity": "None", "type": "NodePort"},
         "status": {"loadBalancer": {}}},
        {"metadata": meta("kube-dns", "kube-system", 82, labels={"k8s-app": "kube-dns", "kubernetes.io/name": "CoreDNS"}),
         "spec": {"clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"], "internalTrafficPolicy": "Cluster",
                  "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                  "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53}],
                  "selector": {"k8s-app": "kube-dns"}, "sessionAffinity": "None", "type": "ClusterIP"},
         "status": {"loadBalancer": {}}},
    ]
    write("services.json", lst("Service", svcs))

    nss = [{"metadata": meta(n, uid_n=90 + i, labels={"kubernetes.io/metadata.name": n}), "spec": {"finalizers": ["kubernetes"]},
            "status": {"phase": "Active"}} for i, n in enumerate(["default", "kube-system", "shop", "spiderpool"])]
    nss.append({
        "metadata": meta("legacy-monitoring", uid_n=99, labels={"kubernetes.io/metadata.name": "legacy-monitoring"},
                         deletionTimestamp="2025-06-01T02:00:00Z"),
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Terminating", "conditions": [
            {"type": "NamespaceDeletionDiscoveryFailure", "status": "True", "lastTransitionTime": "2025-06-01T02:00:05Z",
             "reason": "DiscoveryFailed",
             "message": "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request"},
            {"type": "NamespaceDeletionContentFailure", "status": "False", "lastTransitionTime": "2025-06-01T02:00:05Z",
             "reason": "ContentDeleted", "message": "All content successfully deleted, may be waiting on finalization"}]}})
    write("namespaces.json", lst("Namespace", nss))

    pods = []
    uid = 200
    rs_owner = lambda name: {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": name, "uid": "5d1e" + "0" * 32,
                             "controller": True, "blockOwnerDeletion": True}
    ds_owner = lambda name: {"apiVersion": "apps/v1", "kind": "DaemonSet", "name": name, "uid": "6e2f" + "0" * 32,
                             "controller": True, "blockOwnerDeletion": True}
    for i, (name, ip, cidr, *_rest) in enumerate(NODES):
        base = cidr.rsplit(".", 1)[0]
        pods.append(pod(f"kube-proxy-{i:05x}", "kube-system", uid, name, ip, ip, "registry.k8s.io/kube-proxy:v1.27.6",
                        {"k8s-app": "kube-proxy"}, host_network=True, owner=ds_owner("kube-proxy"))); uid += 1
        pods.append(pod(f"calico-node-{i:05x}", "kube-system", uid, name, ip, ip, "docker.io/calico/node:v3.19.1",
                        {"k8s-app": "calico-node"}, host_network=True, owner=ds_owner("calico-node"))); uid += 1
        pods.append(pod(f"shop-web-7c9d5f-{i:05x}", "shop", uid, name, f"{base}.{10 + i}", ip, "docker.io/library/nginx:1.25.3",
                        {"app": "shop-web"}, owner=rs_owner("shop-web-7c9d5f"))); uid += 1
    # Two Pods that ended up with one address (CLUSTER-POD-IP-CONFLICT).
    pods.append(pod("batch-import-1", "shop", uid, "node-rocky8-a", "10.244.3.40", "10.20.0.21", "docker.io/library/busybox:1.36",
                    {"app": "batch-import"})); uid += 1
    pods.append(pod("batch-import-2", "shop", uid, "node-rocky8-a", "10.244.3.40", "10.20.0.21", "docker.io/library/busybox:1.36",
                    {"app": "batch-import"})); uid += 1
    pods.append(pod("calico-kube-controllers-6b9fbfff44-x2k8v", "kube-system", uid, "node-ubuntu22-a", "10.244.6.3", "10.20.0.41",
                    "docker.io/calico/kube-controllers:v3.19.1", {"k8s-app": "calico-kube-controllers"},
                    owner=rs_owner("calico-kube-controllers-6b9fbfff44"), restarts=14,
                    last_state={"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": TS, "finishedAt": TS,
                                               "containerID": "containerd://" + "c3" * 32}})); uid += 1
    write("pods.json", lst("Pod", pods))

    pools = [{"metadata": meta("default-ipv4-ippool", uid_n=300),
              "spec": {"allowedUses": ["Workload", "Tunnel"], "blockSize": 26, "cidr": "10.244.0.0/16", "ipipMode": "Never",
                       "natOutgoing": True, "nodeSelector": "all()", "vxlanMode": "Always"}}]
    write("ippools.json", lst("IPPool", pools, api="crd.projectcalico.org/v1"))
    smc = [{"metadata": meta("macvlan-empty", "spiderpool", 310), "spec": {}},
           {"metadata": meta("macvlan-ens192", "spiderpool", 311),
            "spec": {"cniType": "macvlan", "enableCoordinator": True,
                     "macvlan": {"master": ["ens192"], "vlanID": 0, "ippools": {"ipv4": ["vlan0-v4"]}}}}]
    write("spidermultusconfigs.json", lst("SpiderMultusConfig", smc, api="spiderpool.spidernet.io/v2beta1"))
    sip = [{"metadata": meta("vlan0-v4", uid_n=320),
            "spec": {"subnet": "10.30.0.0/24", "ips": ["10.30.0.100-10.30.0.199"], "gateway": "10.30.0.1",
                     "multusName": ["spiderpool/macvlan-ens192"], "default": False, "disable": False},
            "status": {"allocatedIPCount": 3, "totalIPCount": 100}}]
    write("spiderippools.json", lst("SpiderIPPool", sip, api="spiderpool.spidernet.io/v2beta1"))
    scc = [{"metadata": meta("default", uid_n=330),
            "spec": {"mode": "auto", "podCIDRType": "calico", "hijackCustomRoute": True, "tunePodRoutes": True,
                     "podDefaultRouteNIC": "", "detectGateway": False, "detectIPConflict": False,
                     "vethLinkAddress": "169.254.100.1", "hostRuleTable": 500},
            "status": {"phase": "Synced", "overlayPodCIDR": ["10.244.0.0/16"], "serviceCIDR": ["10.96.0.0/12"]}}]
    write("spidercoordinators.json", lst("SpiderCoordinator", scc, api="spiderpool.spidernet.io/v2beta1"))
    write_hostroot()


def wfile(rel, content, mode=0o644):
    path = os.path.join(HOST, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content.encode() if isinstance(content, str) else content)
    os.chmod(path, mode)


def wlink(rel, target):
    path = os.path.join(HOST, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(target, path)


def write_hostroot():
    """node-centos7-a as a DaemonSet sees it under /host: CentOS 7.9, kernel 3.10, IPVS, containerd."""
    wfile("etc/hostname", "node-centos7-a\n")
    wfile("etc/os-release", 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\n'
          'PRETTY_NAME="CentOS Linux 7 (Core)"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:centos:centos:7"\n'
          'HOME_URL="https://www.centos.org/"\nBUG_REPORT_URL="https://bugs.centos.org/"\n\n'
          'CENTOS_MANTISBT_PROJECT="CentOS-7"\nCENTOS_MANTISBT_PROJECT_VERSION="7"\nREDHAT_SUPPORT_PRODUCT="centos"\n'
          'REDHAT_SUPPORT_PRODUCT_VERSION="7"\n\n')
    wfile("proc/sys/kernel/osrelease", "3.10.0-1160.el7.x86_64\n")
    wfile("proc/sys/net/ipv4/ip_forward", "1\n")
    wfile("proc/sys/net/ipv4/vs/conn_reuse_mode", "1\n")
    wfile("proc/sys/net/ipv4/vs/conntrack", "1\n")
    wfile("proc/sys/net/ipv4/vs/expire_nodest_conn", "0\n")
    wfile("proc/sys/net/bridge/bridge-nf-call-iptables", "1\n")
    for ifname, parp in [("cali1f3a9c2b7d4", "1"), ("cali8e0d5b61a2c", "0"), ("eth0", "0"), ("vxlan.calico", "0"), ("lo", "0")]:
        wfile(f"proc/sys/net/ipv4/conf/{ifname}/proxy_arp", parp + "\n")
    wfile("proc/modules", "ip_vs_sh 12688 0 - Live 0xffffffffc0a1b000\n"
          "ip_vs_wrr 12697 0 - Live 0xffffffffc0a16000\nip_vs_rr 12600 21 - Live 0xffffffffc0a11000\n"
          "ip_vs 145458 27 ip_vs_sh,ip_vs_wrr,ip_vs_rr, Live 0xffffffffc0b5c000\n"
          "nf_conntrack 139264 8 ip_vs,nf_nat,nf_nat_ipv4,xt_conntrack,nf_nat_masquerade_ipv4,nf_conntrack_netlink,nf_conntrack_ipv4, Live 0xffffffffc09cf000\n"
          "vxlan 49678 0 - Live 0xffffffffc0c4f000\n")
    procs = {
        "1021": ["/usr/bin/kubelet", "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
                 "--kubeconfig=/etc/kubernetes/kubelet.conf", "--config=/var/lib/kubelet/config.yaml",
                 "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
                 "--pod-infra-container-image=registry.k8s.io/pause:3.9"],
        "987": ["/usr/bin/containerd"],
        "2210": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=node-centos7-a"],
        "2388": ["calico-node", "-felix"],
    }
    for pid, argv in procs.items():
        wfile(f"proc/{pid}/cmdline", "\0".join(argv) + "\0")
        wfile(f"proc/{pid}/comm", os.path.basename(argv[0])[:15] + "\n")
    wfile("var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
          "authentication:\n  anonymous:\n    enabled: false\n  webhook:\n    cacheTTL: 0s\n    enabled: true\n"
          "cgroupDriver: systemd\nclusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\n"
          "rotateCertificates: true\nstaticPodPath: /etc/kubernetes/manifests\n")
    # containerd 1.6 default config (version 2) with the CNI binaries moved to /usr/libexec/cni
    # by a package, while the plugins still sit in /opt/cni/bin (HOST-CNI-BIN-DIR-MISMATCH).
    wfile("etc/containerd/config.toml", 'version = 2\nroot = "/var/lib/containerd"\nstate = "/run/containerd"\n\n'
          '[grpc]\n  address = "/run/containerd/containerd.sock"\n\n'
          '[plugins]\n  [plugins."io.containerd.grpc.v1.cri"]\n    sandbox_image = "registry.k8s.io/pause:3.9"\n'
          '    [plugins."io.containerd.grpc.v1.cri".containerd]\n      default_runtime_name = "runc"\n'
          '      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]\n        runtime_type = "io.containerd.runc.v2"\n'
          '        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n          SystemdCgroup = true\n'
          '    [plugins."io.containerd.grpc.v1.cri".cni]\n      bin_dir = "/usr/libexec/cni"\n      conf_dir = "/etc/cni/net.d"\n')
    for plugin in ["bandwidth", "bridge", "calico", "calico-ipam", "flannel", "host-local", "loopback", "portmap", "tuning"]:
        wfile(f"opt/cni/bin/{plugin}", "\x7fELF placeholder for the demo\n", 0o755)
    os.makedirs(os.path.join(HOST, "usr/libexec/cni"), exist_ok=True)
    wfile("usr/libexec/cni/.keep", "")
    wfile("etc/cni/net.d/10-calico.conflist", json.dumps({
        "name": "k8s-pod-network", "cniVersion": "0.3.1",
        "plugins": [{"type": "calico", "log_level": "info", "datastore_type": "kubernetes", "nodename": "node-centos7-a",
                     "mtu": 0, "ipam": {"type": "calico-ipam"}, "policy": {"type": "k8s"},
                     "kubernetes": {"kubeconfig": "/etc/cni/net.d/calico-kubeconfig"}},
                    {"type": "portmap", "snat": True, "capabilities": {"portMappings": True}},
                    {"type": "bandwidth", "capabilities": {"bandwidth": True}}]}, indent=2) + "\n")
    # CentOS 7: iptables 1.4.21, legacy only (REAL_FORMATS §2); no conntrack-tools installed.
    wfile("usr/sbin/xtables-multi", "\x7fELF placeholder for the demo\n", 0o755)
    wlink("usr/sbin/iptables", "xtables-multi")
    wlink("usr/sbin/iptables-save", "xtables-multi")
    wlink("usr/sbin/iptables-restore", "xtables-multi")
    for d in ["usr/bin", "usr/local/bin", "usr/local/sbin"]:
        os.makedirs(os.path.join(HOST, d), exist_ok=True)
        wfile(f"{d}/.keep", "")


if __name__ == "__main__":
    main()
