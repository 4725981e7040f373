# SPDX-License-Identifier: Apache-2.0
"""The API resources the test API server knows, with the discovery fields the real one returns.

Shapes follow `kubectl get --raw /api/v1` and `/apis/<group>/<version>` of a Kubernetes 1.27
cluster (APIResourceList entries: name, singularName, namespaced, kind, verbs, shortNames) and of
Calico 3.26 (crd.projectcalico.org/v1 CRDs, projectcalico.org/v3 from calico-apiserver) and
Spiderpool 0.9 (spiderpool.spidernet.io/v2beta1 CRDs).
"""

READ = ["get", "list", "watch"]
RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

# (group, version, plural, singular, kind, namespaced, verbs, shortNames)
RESOURCES = [
    ("", "v1", "namespaces", "namespace", "Namespace", False,
     ["create", "delete", "get", "list", "patch", "update", "watch"], ["ns"]),
    ("", "v1", "nodes", "node", "Node", False, RW, ["no"]),
    ("", "v1", "pods", "pod", "Pod", True, RW, ["po"]),
    ("", "v1", "services", "service", "Service", True,
     ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], ["svc"]),
    ("", "v1", "endpoints", "endpoints", "Endpoints", True, RW, ["ep"]),
    ("", "v1", "configmaps", "configmap", "ConfigMap", True, RW, ["cm"]),
    ("", "v1", "events", "event", "Event", True, RW, ["ev"]),
    ("apps", "v1", "daemonsets", "daemonset", "DaemonSet", True, RW, ["ds"]),
    ("apps", "v1", "deployments", "deployment", "Deployment", True, RW, ["deploy"]),
    ("apps", "v1", "statefulsets", "statefulset", "StatefulSet", True, RW, ["sts"]),
    ("apps", "v1", "replicasets", "replicaset", "ReplicaSet", True, RW, ["rs"]),
    ("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", True, RW, []),
    ("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", True, RW, ["ing"]),
    ("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", False, RW, []),
    ("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", True, RW,
     ["netpol"]),
    ("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
     "CustomResourceDefinition", False, RW, ["crd", "crds"]),
    ("crd.projectcalico.org", "v1", "ippools", "ippool", "IPPool", False, RW, []),
    ("crd.projectcalico.org", "v1", "felixconfigurations", "felixconfiguration",
     "FelixConfiguration", False, RW, []),
    ("crd.projectcalico.org", "v1", "bgpconfigurations", "bgpconfiguration", "BGPConfiguration",
     False, RW, []),
    ("crd.projectcalico.org", "v1", "ipamblocks", "ipamblock", "IPAMBlock", False, RW, []),
    ("crd.projectcalico.org", "v1", "clusterinformations", "clusterinformation",
     "ClusterInformation", False, RW, []),
    ("crd.projectcalico.org", "v1", "kubecontrollersconfigurations",
     "kubecontrollersconfiguration", "KubeControllersConfiguration", False, RW, []),
    ("projectcalico.org", "v3", "ippools", "ippool", "IPPool", False, RW, []),
    ("projectcalico.org", "v3", "felixconfigurations", "felixconfiguration", "FelixConfiguration",
     False, RW, ["felixconfig", "felixconfigs"]),
    ("projectcalico.org", "v3", "bgpconfigurations", "bgpconfiguration", "BGPConfiguration",
     False, RW, ["bgpconfig", "bgpconfigs"]),
    ("projectcalico.org", "v3", "clusterinformations", "clusterinformation",
     "ClusterInformation", False, ["get", "list", "watch"], ["clusterinfo"]),
    ("projectcalico.org", "v3", "kubecontrollersconfigurations", "kubecontrollersconfiguration",
     "KubeControllersConfiguration", False, RW, []),
    ("spiderpool.spidernet.io", "v2beta1", "spiderippools", "spiderippool", "SpiderIPPool", False,
     RW, ["sp"]),
    ("spiderpool.spidernet.io", "v2beta1", "spidersubnets", "spidersubnet", "SpiderSubnet", False,
     RW, ["ss"]),
    ("spiderpool.spidernet.io", "v2beta1", "spidermultusconfigs", "spidermultusconfig",
     "SpiderMultusConfig", True, RW, ["smc"]),
    ("spiderpool.spidernet.io", "v2beta1", "spidercoordinators", "spidercoordinator",
     "SpiderCoordinator", False, RW, ["scc"]),
    ("spiderpool.spidernet.io", "v2beta1", "spiderreservedips", "spiderreservedip",
     "SpiderReservedIP", False, RW, ["sr"]),
    ("spiderpool.spidernet.io", "v2beta1", "spiderendpoints", "spiderendpoint", "SpiderEndpoint",
     True, READ, ["se"]),
    ("spiderpool.spidernet.io", "v2beta1", "spiderclaimparameters", "spiderclaimparameter",
     "SpiderClaimParameter", True, RW, ["scp"]),
    # netdoctor's own CRD (deploy/crd-nodereport.yaml): one NodeReport per node, written by
    # `netdoctor agent`.
    ("netdoctor.io", "v1alpha1", "nodereports", "nodereport", "NodeReport", False, RW, ["ndr"]),
]

# Groups every cluster has; the others are installed by CNIs (CRDs or aggregated API servers).
BUILTIN_GROUPS = {"", "apps", "discovery.k8s.io", "networking.k8s.io", "apiextensions.k8s.io"}

# Custom resources are stored and served as unstructured JSON, so their list items keep kind and
# apiVersion; built-in and aggregated (calico-apiserver) types drop them inside lists.
CUSTOM_RESOURCE_GROUPS = {"crd.projectcalico.org", "spiderpool.spidernet.io", "netdoctor.io"}


def group_version(group, version):
    return version if group == "" else group + "/" + version


def by_kind(group_version_str, kind):
    for r in RESOURCES:
        if group_version(r[0], r[1]) == group_version_str and r[4] == kind:
            return r
    return None


def by_path(group, version, plural):
    for r in RESOURCES:
        if (r[0], r[1], r[2]) == (group, version, plural):
            return r
    return None


def resource_list(group, version):
    """APIResourceList of /api/v1 or /apis/<group>/<version>."""
    out = []
    for (g, v, plural, singular, kind, namespaced, verbs, short) in RESOURCES:
        if (g, v) != (group, version):
            continue
        entry = {"name": plural, "singularName": singular, "namespaced": namespaced,
                 "kind": kind, "verbs": verbs}
        if short:
            entry["shortNames"] = short
        out.append(entry)
        if kind == "Pod":
            out.append({"name": "pods/log", "singularName": "", "namespaced": True,
                        "kind": "Pod", "verbs": ["get"]})
            out.append({"name": "pods/status", "singularName": "", "namespaced": True,
                        "kind": "Pod", "verbs": ["get", "patch", "update"]})
    doc = {"kind": "APIResourceList", "groupVersion": group_version(group, version),
           "resources": out}
    if group != "":
        # /api/v1 answers without apiVersion, /apis/<g>/<v> with "v1" (as the real server does).
        doc = {"kind": "APIResourceList", "apiVersion": "v1", **doc}
    return doc


# ObjectMeta fields in the order kube-apiserver writes them (Go struct order); kubectl -o json
# output sorts keys instead, so fixtures taken from kubectl are put back into server order.
OBJECT_META_ORDER = ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
                     "generation", "creationTimestamp", "deletionTimestamp",
                     "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
                     "finalizers", "managedFields"]
TOP_ORDER = ["kind", "apiVersion", "metadata", "spec", "data", "binaryData", "status"]


def server_order(obj):
    """The object with its top-level keys and metadata keys in API server order."""
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        ordered = {k: meta[k] for k in OBJECT_META_ORDER if k in meta}
        ordered.update({k: v for k, v in meta.items() if k not in ordered})
        obj = dict(obj, metadata=ordered)
    out = {k: obj[k] for k in TOP_ORDER if k in obj}
    out.update({k: v for k, v in obj.items() if k not in out})
    return out
