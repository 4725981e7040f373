// SPDX-License-Identifier: Apache-2.0
// deploy/agent-rbac.yaml must grant exactly agent::AgentPermissions() (what the agent calls; the
// netns test checks the calls it really made against the same list), and stay apart from the
// scanner's read-only role.
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "agent/agent.h"

namespace netdoctor::agent {
namespace {

std::vector<YAML::Node> Load(std::string_view file) {
  return YAML::LoadAllFromFile(std::string(NETDOCTOR_SOURCE_DIR) + "/" + std::string(file));
}

YAML::Node Find(const std::vector<YAML::Node>& docs, const std::string& kind) {
  for (const auto& d : docs) {
    if (d["kind"].as<std::string>() == kind) return d;
  }
  return YAML::Node();
}

TEST(AgentRbac, ClusterRoleGrantsExactlyWhatTheAgentCalls) {
  const auto docs = Load(kAgentRbacFile);
  const YAML::Node role = Find(docs, "ClusterRole");
  ASSERT_TRUE(role.IsMap());
  EXPECT_EQ(role["metadata"]["name"].as<std::string>(), kAgentRoleName);
  std::set<std::string> granted;  // "verb resource.group"
  for (const auto& rule : role["rules"]) {
    EXPECT_FALSE(rule["nonResourceURLs"]) << "the agent reads no non-resource URL";
    for (const auto& g : rule["apiGroups"]) {
      for (const auto& r : rule["resources"]) {
        for (const auto& v : rule["verbs"]) {
          granted.insert(v.as<std::string>() + " " + r.as<std::string>() + "." +
                         g.as<std::string>());
        }
      }
    }
  }
  std::set<std::string> needed;
  for (const auto& p : AgentPermissions()) {
    needed.insert(std::string(p.verb) + " " + std::string(p.resource) + "." +
                  std::string(p.group));
  }
  EXPECT_EQ(granted, needed) << kAgentRbacFile << " and AgentPermissions() differ";
}

TEST(AgentRbac, BoundToTheAgentServiceAccountOnly) {
  const auto docs = Load(kAgentRbacFile);
  const YAML::Node sa = Find(docs, "ServiceAccount");
  const YAML::Node binding = Find(docs, "ClusterRoleBinding");
  ASSERT_TRUE(sa.IsMap() && binding.IsMap());
  EXPECT_EQ(binding["roleRef"]["name"].as<std::string>(), kAgentRoleName);
  ASSERT_EQ(binding["subjects"].size(), 1u);
  EXPECT_EQ(binding["subjects"][0]["name"].as<std::string>(),
            sa["metadata"]["name"].as<std::string>());
  // The DaemonSet runs as that service account.
  const auto ds = Find(Load("deploy/daemonset.yaml"), "DaemonSet");
  ASSERT_TRUE(ds.IsMap());
  EXPECT_EQ(ds["spec"]["template"]["spec"]["serviceAccountName"].as<std::string>(),
            sa["metadata"]["name"].as<std::string>());
  // The scanner's role (deploy/rbac.yaml) grants no write.
  for (const auto& rule : Find(Load("deploy/rbac.yaml"), "ClusterRole")["rules"]) {
    for (const auto& v : rule["verbs"]) {
      const auto verb = v.as<std::string>();
      EXPECT_TRUE(verb == "get" || verb == "list") << verb;
    }
  }
}

TEST(AgentDeploy, DaemonSetShape) {
  const auto ds = Find(Load("deploy/daemonset.yaml"), "DaemonSet");
  const auto spec = ds["spec"]["template"]["spec"];
  EXPECT_TRUE(spec["hostNetwork"].as<bool>());
  EXPECT_TRUE(spec["hostPID"].as<bool>());
  EXPECT_EQ(spec["priorityClassName"].as<std::string>(), "system-node-critical");
  EXPECT_EQ(spec["tolerations"][0]["operator"].as<std::string>(), "Exists");
  const auto c = spec["containers"][0];
  std::set<std::string> caps;
  for (const auto& cap : c["securityContext"]["capabilities"]["add"]) caps.insert(cap.as<std::string>());
  EXPECT_EQ(caps, (std::set<std::string>{"NET_ADMIN", "NET_RAW"}));
  EXPECT_TRUE(c["volumeMounts"][0]["readOnly"].as<bool>());
  EXPECT_EQ(c["volumeMounts"][0]["mountPath"].as<std::string>(), "/host");
  const auto crd = Find(Load("deploy/crd-nodereport.yaml"), "CustomResourceDefinition");
  EXPECT_EQ(crd["spec"]["scope"].as<std::string>(), "Cluster");
  EXPECT_TRUE(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
                 ["properties"]["facts"]["x-kubernetes-preserve-unknown-fields"]
                     .as<bool>());
}

}  // namespace
}  // namespace netdoctor::agent
