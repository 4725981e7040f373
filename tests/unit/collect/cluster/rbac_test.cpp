// SPDX-License-Identifier: Apache-2.0
// deploy/rbac.yaml must grant exactly what the scan reads: get and list on the resources of
// NeededResources(), get on the discovery and version endpoints, and nothing more.
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "collect/cluster/api_errors.h"
#include "collect/offline/object_mapper.h"

namespace netdoctor::collect::cluster {
namespace {

std::vector<YAML::Node> LoadRbac() {
  return YAML::LoadAllFromFile(std::string(NETDOCTOR_SOURCE_DIR) + "/" + std::string(kRbacFile));
}

std::set<std::string> Strings(const YAML::Node& seq) {
  std::set<std::string> out;
  for (const auto& s : seq) out.insert(s.as<std::string>());
  return out;
}

YAML::Node Find(const std::vector<YAML::Node>& docs, const std::string& kind) {
  for (const auto& d : docs) {
    if (d["kind"].as<std::string>() == kind) return d;
  }
  return YAML::Node();
}

TEST(Rbac, ClusterRoleGrantsExactlyNeededResources) {
  const auto docs = LoadRbac();
  const YAML::Node role = Find(docs, "ClusterRole");
  ASSERT_TRUE(role.IsMap());
  EXPECT_EQ(role["metadata"]["name"].as<std::string>(), kClusterRoleName);

  std::map<std::string, std::set<std::string>> granted;  // "resource.group" -> verbs
  std::set<std::string> urls;
  for (const auto& rule : role["rules"]) {
    if (rule["nonResourceURLs"]) {
      EXPECT_EQ(Strings(rule["verbs"]), (std::set<std::string>{"get"}));
      for (const auto& u : Strings(rule["nonResourceURLs"])) urls.insert(u);
      continue;
    }
    EXPECT_FALSE(rule["resourceNames"]) << "resourceNames would break list";
    for (const auto& g : Strings(rule["apiGroups"])) {
      for (const auto& r : Strings(rule["resources"])) {
        for (const auto& v : Strings(rule["verbs"])) granted[r + "." + g].insert(v);
      }
    }
  }
  std::map<std::string, std::set<std::string>> needed;
  for (const auto& r : offline::NeededResources()) {
    needed[std::string(r.resource) + "." + std::string(r.group)] = {"get", "list"};
  }
  EXPECT_EQ(granted, needed) << "deploy/rbac.yaml and NeededResources() differ";
  EXPECT_EQ(urls, (std::set<std::string>{"/api", "/apis", "/apis/*", "/version"}));
}

TEST(Rbac, BindingGivesTheRoleToTheServiceAccount) {
  const auto docs = LoadRbac();
  const YAML::Node sa = Find(docs, "ServiceAccount");
  const YAML::Node binding = Find(docs, "ClusterRoleBinding");
  ASSERT_TRUE(sa.IsMap());
  ASSERT_TRUE(binding.IsMap());
  EXPECT_EQ(binding["roleRef"]["kind"].as<std::string>(), "ClusterRole");
  EXPECT_EQ(binding["roleRef"]["name"].as<std::string>(), kClusterRoleName);
  ASSERT_EQ(binding["subjects"].size(), 1u);
  const YAML::Node subject = binding["subjects"][0];
  EXPECT_EQ(subject["kind"].as<std::string>(), "ServiceAccount");
  EXPECT_EQ(subject["name"].as<std::string>(), sa["metadata"]["name"].as<std::string>());
  EXPECT_EQ(subject["namespace"].as<std::string>(), sa["metadata"]["namespace"].as<std::string>());
}

}  // namespace
}  // namespace netdoctor::collect::cluster
