// SPDX-License-Identifier: Apache-2.0
// Writes a large, deterministic `kubectl get nodes,pods,daemonsets,configmaps -A -o json` dump
// for the dump reader benchmark (bench/dump_compare.sh).
//
//   dump_gen_tool -o FILE [--nodes 5000] [--pods 150000] [--seed 1]
//
// Shape: one `kind: List` with sorted keys and 4-space indentation, as kubectl prints unstructured
// objects. Nodes and Pods carry the fields real ones do (metadata with labels, annotations and
// ownerReferences; spec.containers with env, ports, probes, resources, volumeMounts; status with
// conditions and containerStatuses), so parse work per object is realistic (~4 KiB per Pod).
// Per node: one hostNetwork kube-proxy and calico-node Pod (DaemonSets), the rest workload Pods
// from ReplicaSets and a few StatefulSets; a handful of Pods share an IP (conflicts).
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace {

// xorshift64*: deterministic across platforms (no std:: distributions, whose output varies).
struct Rng {
  std::uint64_t s;
  std::uint64_t Next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
  }
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }
};

constexpr std::string_view kAlnum = "bcdfghjklmnpqrstvwxz2456789";  // as in Kubernetes names

std::string Suffix(Rng& r, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += kAlnum[r.Below(kAlnum.size())];
  return s;
}

std::string Hex(Rng& r, int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < n; ++i) s += kHex[r.Below(16)];
  return s;
}

std::string Uid(Rng& r) {
  return Hex(r, 8) + "-" + Hex(r, 4) + "-4" + Hex(r, 3) + "-a" + Hex(r, 3) + "-" + Hex(r, 12);
}

// Address layout: node i has InternalIP 172.16.0.0/12 + i + 1 and Pod CIDR 10.<i/256>.<i%256>.0/24
// (a /24 per node out of 10.0.0.0/8, as kube-controller-manager's --node-cidr-mask-size 24
// hands them out), so up to kMaxNodes nodes get distinct, valid addresses.
constexpr std::uint64_t kMaxNodes = 65536;
std::string NodeName(std::uint64_t i) { return fmt::format("k8s-node-{:05d}", i); }
std::string NodeIp(std::uint64_t i) {
  const std::uint64_t h = i + 1;  // never the /12's network address
  return fmt::format("172.{}.{}.{}", 16 + h / 65536, (h / 256) % 256, h % 256);
}
std::string PodIp(std::uint64_t node, std::uint64_t slot) {
  return fmt::format("10.{}.{}.{}", node / 256, node % 256, 2 + slot);
}
std::string Time(Rng& r) {
  return fmt::format("2024-02-{:02d}T{:02d}:{:02d}:{:02d}Z", 1 + r.Below(20), r.Below(24),
                     r.Below(60), r.Below(60));
}

class Writer {
 public:
  explicit Writer(std::FILE* f) : f_(f) { buf_.reserve(1 << 20); }
  ~Writer() { Flush(); }
  std::string& buf() { return buf_; }
  void MaybeFlush() {
    if (buf_.size() > (1 << 20)) Flush();
  }
  void Flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
  }

 private:
  std::FILE* f_;
  std::string buf_;
};

void WriteNode(std::string& o, Rng& r, std::uint64_t i) {
  const std::string name = NodeName(i);
  const std::string ip = NodeIp(i);
  const bool old = i % 10 == 3;
  fmt::format_to(std::back_inserter(o), R"(        {{
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {{
                "annotations": {{
                    "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
                    "node.alpha.kubernetes.io/ttl": "0",
                    "projectcalico.org/IPv4Address": "{ip}/12",
                    "projectcalico.org/IPv4VXLANTunnelAddr": "10.{a}.{b}.1",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true"
                }},
                "creationTimestamp": "{created}",
                "labels": {{
                    "beta.kubernetes.io/arch": "amd64",
                    "beta.kubernetes.io/os": "linux",
                    "kubernetes.io/arch": "amd64",
                    "kubernetes.io/hostname": "{name}",
                    "kubernetes.io/os": "linux",
                    "topology.kubernetes.io/zone": "zone-{zone}"
                }},
                "name": "{name}",
                "resourceVersion": "{rv}",
                "uid": "{uid}"
            }},
            "spec": {{
                "podCIDR": "10.{a}.{b}.0/24",
                "podCIDRs": [
                    "10.{a}.{b}.0/24"
                ]
            }},
            "status": {{
                "addresses": [
                    {{
                        "address": "{ip}",
                        "type": "InternalIP"
                    }},
                    {{
                        "address": "{name}",
                        "type": "Hostname"
                    }}
                ],
                "allocatable": {{
                    "cpu": "32",
                    "ephemeral-storage": "189217404418",
                    "hugepages-1Gi": "0",
                    "hugepages-2Mi": "0",
                    "memory": "131715584Ki",
                    "pods": "110"
                }},
                "capacity": {{
                    "cpu": "32",
                    "ephemeral-storage": "205314024Ki",
                    "hugepages-1Gi": "0",
                    "hugepages-2Mi": "0",
                    "memory": "131817984Ki",
                    "pods": "110"
                }},
                "conditions": [
                    {{
                        "lastHeartbeatTime": "2024-02-20T07:01:12Z",
                        "lastTransitionTime": "2024-02-20T07:01:12Z",
                        "message": "Calico is running on this node",
                        "reason": "CalicoIsUp",
                        "status": "False",
                        "type": "NetworkUnavailable"
                    }},
                    {{
                        "lastHeartbeatTime": "2024-02-20T09:30:41Z",
                        "lastTransitionTime": "2024-02-01T08:14:02Z",
                        "message": "kubelet has sufficient memory available",
                        "reason": "KubeletHasSufficientMemory",
                        "status": "False",
                        "type": "MemoryPressure"
                    }},
                    {{
                        "lastHeartbeatTime": "2024-02-20T09:30:41Z",
                        "lastTransitionTime": "2024-02-01T08:14:02Z",
                        "message": "kubelet has no disk pressure",
                        "reason": "KubeletHasNoDiskPressure",
                        "status": "False",
                        "type": "DiskPressure"
                    }},
                    {{
                        "lastHeartbeatTime": "2024-02-20T09:30:41Z",
                        "lastTransitionTime": "2024-02-01T08:14:02Z",
                        "message": "kubelet has sufficient PID available",
                        "reason": "KubeletHasSufficientPID",
                        "status": "False",
                        "type": "PIDPressure"
                    }},
                    {{
                        "lastHeartbeatTime": "2024-02-20T09:30:41Z",
                        "lastTransitionTime": "2024-02-20T07:01:15Z",
                        "message": "kubelet is posting ready status",
                        "reason": "KubeletReady",
                        "status": "True",
                        "type": "Ready"
                    }}
                ],
                "daemonEndpoints": {{
                    "kubeletEndpoint": {{
                        "Port": 10250
                    }}
                }},
                "images": [
                    {{
                        "names": [
                            "docker.io/calico/node@sha256:{h1}",
                            "docker.io/calico/node:v3.26.1"
                        ],
                        "sizeBytes": 86591386
                    }},
                    {{
                        "names": [
                            "registry.k8s.io/kube-proxy@sha256:{h2}",
                            "registry.k8s.io/kube-proxy:{kubelet}"
                        ],
                        "sizeBytes": 23897400
                    }}
                ],
                "nodeInfo": {{
                    "architecture": "amd64",
                    "bootID": "{boot}",
                    "containerRuntimeVersion": "containerd://1.6.21",
                    "kernelVersion": "{kernel}",
                    "kubeProxyVersion": "{kubelet}",
                    "kubeletVersion": "{kubelet}",
                    "machineID": "{machine}",
                    "operatingSystem": "linux",
                    "osImage": "{os}",
                    "systemUUID": "{sysuuid}"
                }}
            }}
        }})",
                 fmt::arg("ip", ip), fmt::arg("a", i / 256), fmt::arg("b", i % 256),
                 fmt::arg("created", Time(r)), fmt::arg("name", name), fmt::arg("zone", i % 3),
                 fmt::arg("rv", 1000 + r.Below(9000000)), fmt::arg("uid", Uid(r)),
                 fmt::arg("h1", Hex(r, 64)), fmt::arg("h2", Hex(r, 64)),
                 fmt::arg("kubelet", old ? "v1.26.9" : "v1.27.6"), fmt::arg("boot", Uid(r)),
                 fmt::arg("kernel", old ? "3.10.0-1160.el7.x86_64" : "4.18.0-477.10.1.el8_8.x86_64"),
                 fmt::arg("machine", Hex(r, 32)),
                 fmt::arg("os", old ? "CentOS Linux 7 (Core)" : "Rocky Linux 8.8 (Green Obsidian)"),
                 fmt::arg("sysuuid", Uid(r)));
}

struct PodSpec {
  std::string ns, name, owner_kind, owner_name, app, image, node, pod_ip, host_ip, template_hash;
  bool host_network = false;
  int restarts = 0;
};

void WritePod(std::string& o, Rng& r, const PodSpec& p) {
  const std::string vol = "kube-api-access-" + Suffix(r, 5);
  const std::string start = Time(r);
  fmt::format_to(std::back_inserter(o), R"(        {{
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {{
                "annotations": {{
                    "cni.projectcalico.org/containerID": "{cid}",
                    "cni.projectcalico.org/podIP": "{ip}/32",
                    "cni.projectcalico.org/podIPs": "{ip}/32"
                }},
                "creationTimestamp": "{start}",
                "generateName": "{owner}-",
                "labels": {{
                    "app": "{app}",
                    "pod-template-hash": "{hash}",
                    "team": "team-{team:02d}"
                }},
                "name": "{name}",
                "namespace": "{ns}",
                "ownerReferences": [
                    {{
                        "apiVersion": "apps/v1",
                        "blockOwnerDeletion": true,
                        "controller": true,
                        "kind": "{owner_kind}",
                        "name": "{owner}",
                        "uid": "{owner_uid}"
                    }}
                ],
                "resourceVersion": "{rv}",
                "uid": "{uid}"
            }},
            "spec": {{
                "containers": [
                    {{
                        "env": [
                            {{
                                "name": "LOG_LEVEL",
                                "value": "info"
                            }},
                            {{
                                "name": "POD_NAME",
                                "valueFrom": {{
                                    "fieldRef": {{
                                        "apiVersion": "v1",
                                        "fieldPath": "metadata.name"
                                    }}
                                }}
                            }}
                        ],
                        "image": "{image}",
                        "imagePullPolicy": "IfNotPresent",
                        "name": "app",
                        "ports": [
                            {{
                                "containerPort": 8080,
                                "name": "http",
                                "protocol": "TCP"
                            }}
                        ],
                        "readinessProbe": {{
                            "failureThreshold": 3,
                            "httpGet": {{
                                "path": "/healthz",
                                "port": 8080,
                                "scheme": "HTTP"
                            }},
                            "periodSeconds": 10,
                            "successThreshold": 1,
                            "timeoutSeconds": 1
                        }},
                        "resources": {{
                            "limits": {{
                                "cpu": "500m",
                                "memory": "512Mi"
                            }},
                            "requests": {{
                                "cpu": "100m",
                                "memory": "128Mi"
                            }}
                        }},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File",
                        "volumeMounts": [
                            {{
                                "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                "name": "{vol}",
                                "readOnly": true
                            }}
                        ]
                    }}
                ],
                "dnsPolicy": "ClusterFirst",
                "enableServiceLinks": true,{host_network}
                "nodeName": "{node}",
                "preemptionPolicy": "PreemptLowerPriority",
                "priority": 0,
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": {{}},
                "serviceAccount": "default",
                "serviceAccountName": "default",
                "terminationGracePeriodSeconds": 30,
                "tolerations": [
                    {{
                        "effect": "NoExecute",
                        "key": "node.kubernetes.io/not-ready",
                        "operator": "Exists",
                        "tolerationSeconds": 300
                    }},
                    {{
                        "effect": "NoExecute",
                        "key": "node.kubernetes.io/unreachable",
                        "operator": "Exists",
                        "tolerationSeconds": 300
                    }}
                ],
                "volumes": [
                    {{
                        "name": "{vol}",
                        "projected": {{
                            "defaultMode": 420,
                            "sources": [
                                {{
                                    "serviceAccountToken": {{
                                        "expirationSeconds": 3607,
                                        "path": "token"
                                    }}
                                }},
                                {{
                                    "configMap": {{
                                        "items": [
                                            {{
                                                "key": "ca.crt",
                                                "path": "ca.crt"
                                            }}
                                        ],
                                        "name": "kube-root-ca.crt"
                                    }}
                                }}
                            ]
                        }}
                    }}
                ]
            }},
            "status": {{
                "conditions": [
                    {{
                        "lastProbeTime": null,
                        "lastTransitionTime": "{start}",
                        "status": "True",
                        "type": "Initialized"
                    }},
                    {{
                        "lastProbeTime": null,
                        "lastTransitionTime": "{start}",
                        "status": "True",
                        "type": "Ready"
                    }},
                    {{
                        "lastProbeTime": null,
                        "lastTransitionTime": "{start}",
                        "status": "True",
                        "type": "ContainersReady"
                    }},
                    {{
                        "lastProbeTime": null,
                        "lastTransitionTime": "{start}",
                        "status": "True",
                        "type": "PodScheduled"
                    }}
                ],
                "containerStatuses": [
                    {{
                        "containerID": "containerd://{ctr}",
                        "image": "{image}",
                        "imageID": "{image_repo}@sha256:{digest}",
                        "lastState": {{}},
                        "name": "app",
                        "ready": true,
                        "restartCount": {restarts},
                        "started": true,
                        "state": {{
                            "running": {{
                                "startedAt": "{start}"
                            }}
                        }}
                    }}
                ],
                "hostIP": "{host_ip}",
                "phase": "Running",
                "podIP": "{ip}",
                "podIPs": [
                    {{
                        "ip": "{ip}"
                    }}
                ],
                "qosClass": "Burstable",
                "startTime": "{start}"
            }}
        }})",
                 fmt::arg("cid", Hex(r, 64)), fmt::arg("ip", p.pod_ip), fmt::arg("start", start),
                 fmt::arg("owner", p.owner_name), fmt::arg("app", p.app),
                 fmt::arg("hash", p.template_hash), fmt::arg("team", r.Below(40)),
                 fmt::arg("name", p.name), fmt::arg("ns", p.ns),
                 fmt::arg("owner_kind", p.owner_kind), fmt::arg("owner_uid", Uid(r)),
                 fmt::arg("rv", 1000 + r.Below(9000000)), fmt::arg("uid", Uid(r)),
                 fmt::arg("image", p.image), fmt::arg("vol", vol),
                 fmt::arg("host_network",
                          p.host_network ? "\n                \"hostNetwork\": true," : ""),
                 fmt::arg("node", p.node), fmt::arg("ctr", Hex(r, 64)),
                 fmt::arg("image_repo", p.image.substr(0, p.image.rfind(':'))),
                 fmt::arg("digest", Hex(r, 64)), fmt::arg("restarts", p.restarts),
                 fmt::arg("host_ip", p.host_ip));
}

void WriteDaemonSet(std::string& o, std::string_view name, std::string_view image) {
  fmt::format_to(std::back_inserter(o), R"(        {{
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {{
                "labels": {{
                    "k8s-app": "{name}"
                }},
                "name": "{name}",
                "namespace": "kube-system"
            }},
            "spec": {{
                "selector": {{
                    "matchLabels": {{
                        "k8s-app": "{name}"
                    }}
                }},
                "template": {{
                    "spec": {{
                        "containers": [
                            {{
                                "env": [
                                    {{
                                        "name": "CALICO_IPV4POOL_IPIP",
                                        "value": "Always"
                                    }}
                                ],
                                "image": "{image}",
                                "name": "{name}"
                            }}
                        ],
                        "hostNetwork": true
                    }}
                }}
            }}
        }})",
                 fmt::arg("name", name), fmt::arg("image", image));
}

int Usage() {
  std::fprintf(stderr, "usage: dump_gen_tool -o FILE [--nodes N (1-65536)] [--pods M (>= 2N)] [--seed S]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  std::uint64_t nodes = 5000;
  std::uint64_t pods = 150000;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) return Usage();
    if (a == "-o") {
      out = argv[++i];
    } else if (a == "--nodes") {
      nodes = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--pods") {
      pods = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seed") {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      return Usage();
    }
  }
  if (out.empty() || nodes == 0 || pods < 2 * nodes || nodes > kMaxNodes) return Usage();
  std::FILE* f = std::fopen(out.c_str(), "wb");
  if (!f) {
    std::perror(out.c_str());
    return 1;
  }
  Rng r{seed * 0x9E3779B97F4A7C15ULL + 1};
  {
    Writer w(f);
    std::string& o = w.buf();
    o += "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n";
    bool first = true;
    auto sep = [&]() {
      if (!first) o += ",\n";
      first = false;
    };
    for (std::uint64_t i = 0; i < nodes; ++i) {
      sep();
      WriteNode(o, r, i);
      w.MaybeFlush();
    }
    sep();
    WriteDaemonSet(o, "kube-proxy", "registry.k8s.io/kube-proxy:v1.27.6");
    sep();
    WriteDaemonSet(o, "calico-node", "docker.io/calico/node:v3.26.1");

    // Two hostNetwork DaemonSet Pods per node, then workload Pods spread round-robin.
    std::uint64_t written = 0;
    std::vector<std::uint64_t> per_node_slot(nodes, 0);
    for (std::uint64_t i = 0; i < nodes && written < pods; ++i) {
      for (std::string_view ds : {"kube-proxy", "calico-node"}) {
        PodSpec p;
        p.ns = "kube-system";
        p.owner_kind = "DaemonSet";
        p.owner_name = std::string(ds);
        p.name = fmt::format("{}-{}", ds, Suffix(r, 5));
        p.app = std::string(ds);
        p.template_hash = Suffix(r, 10);
        p.image = ds == "kube-proxy" ? "registry.k8s.io/kube-proxy:v1.27.6"
                                     : "docker.io/calico/node:v3.26.1";
        p.node = NodeName(i);
        p.host_ip = NodeIp(i);
        p.pod_ip = p.host_ip;
        p.host_network = true;
        sep();
        WritePod(o, r, p);
        w.MaybeFlush();
        ++written;
      }
    }
    for (std::uint64_t k = 0; written < pods; ++k, ++written) {
      const std::uint64_t node = k % nodes;
      const std::uint64_t app = k % 2000;
      PodSpec p;
      p.ns = fmt::format("ns-{:03d}", app % 300);
      const bool sts = app % 50 == 7;
      p.app = fmt::format("app-{:04d}", app);
      p.template_hash = fmt::format("{}{}", Suffix(r, 5), Hex(r, 5));
      p.owner_kind = sts ? "StatefulSet" : "ReplicaSet";
      p.owner_name = sts ? p.app : fmt::format("{}-{}", p.app, p.template_hash);
      p.name = sts ? fmt::format("{}-{}", p.app, k / 2000) : fmt::format("{}-{}", p.owner_name, Suffix(r, 5));
      p.image = fmt::format("registry.example.com/team-{:02d}/{}:1.{}.{}", app % 40, p.app, app % 7, k % 5);
      p.node = NodeName(node);
      p.host_ip = NodeIp(node);
      std::uint64_t slot = per_node_slot[node]++;
      // Every 50,000th Pod reuses the previous Pod IP of its node: an IP conflict.
      if (k % 50000 == 49999 && slot > 0) --slot;
      p.pod_ip = PodIp(node, slot % 250);
      p.restarts = static_cast<int>(r.Below(100) < 3 ? r.Below(20) : 0);
      sep();
      WritePod(o, r, p);
      w.MaybeFlush();
    }
    o += "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n";
  }
  if (std::fclose(f) != 0) {
    std::perror(out.c_str());
    return 1;
  }
  return 0;
}
