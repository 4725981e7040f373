// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/yaml_json.h"

#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace netdoctor::collect::offline {
namespace {

std::string Json(const std::string& yaml) {
  std::string out;
  YamlBudget budget = YamlBudget::ForText(yaml.size());
  auto s = YamlToJson(YAML::Load(yaml), out, budget);
  EXPECT_TRUE(s.has_value()) << s.error().ToString();
  return out;
}

TEST(YamlToJson, TypesPlainScalarsLikeTheCoreSchema) {
  // Shapes from `kubectl get -o yaml`: quoted strings that look like other types stay strings.
  EXPECT_EQ(Json("restartCount: 3\nready: true\nreason: null\nempty:\nratio: 0.5\n"
                 "hex: 0x1F\noct: 0o17\nneg: -42\nplus: +7\nexp: 1e3\n"),
            R"({"restartCount":3,"ready":true,"reason":null,"empty":null,"ratio":0.5,)"
            R"("hex":31,"oct":15,"neg":-42,"plus":7,"exp":1000})");
  EXPECT_EQ(Json("a: \"3\"\nb: 'true'\nc: \"null\"\nd: yes\ne: 1.2.3\nf: .inf\ng: 010\n"),
            R"({"a":"3","b":"true","c":"null","d":"yes","e":"1.2.3","f":".inf","g":10})");
}

TEST(YamlToJson, BlockScalarsAreStringsWithEscapes) {
  EXPECT_EQ(Json("data:\n  config.conf: |\n    mode: \"ipvs\"\n    a\\b\n"),
            R"({"data":{"config.conf":"mode: \"ipvs\"\na\\b\n"}})");
}

TEST(YamlToJson, SequencesMapsAndControlCharacters) {
  EXPECT_EQ(Json("- a\n- [1, 2]\n- {k: v}\n- \"tab\\there\\u0001\"\n"),
            R"(["a",[1,2],{"k":"v"},"tab\there\u0001"])");
}

TEST(YamlToJson, ComplexKeysAreRefused) {
  std::string out;
  YamlBudget budget = YamlBudget::ForText(64);
  auto s = YamlToJson(YAML::Load("? [a, b]\n: c\n"), out, budget);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.error().message(), "line 1: a mapping key is not a scalar");
}

}  // namespace
}  // namespace netdoctor::collect::offline
