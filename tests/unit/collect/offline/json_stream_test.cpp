// SPDX-License-Identifier: Apache-2.0
// JsonStream: where documents and List items begin and end, whatever the chunking.
#include "collect/offline/json_stream.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netdoctor::collect::offline {
namespace {

using ::testing::ElementsAre;

// Records every piece as text.
class Recorder : public JsonStreamHandler {
 public:
  std::vector<std::string> events;
  Status OnDocument(const JsonSpan& d, std::uint64_t i) override {
    events.push_back("doc" + std::to_string(i) + "@" + std::to_string(d.offset) + " " +
                     std::string(d.data, d.size));
    return Ok();
  }
  Status OnListBegin(const JsonSpan& h, std::uint64_t items_offset) override {
    events.push_back("begin@" + std::to_string(items_offset) + " " + std::string(h.data, h.size));
    return Ok();
  }
  Status OnListItem(const JsonSpan& it, std::uint64_t i) override {
    EXPECT_GE(it.capacity, it.size + 64);  // parseable in place by simdjson
    events.push_back("item" + std::to_string(i) + "@" + std::to_string(it.offset) + " " +
                     std::string(it.data, it.size));
    return Ok();
  }
  Status OnListEnd(const JsonSpan& t, std::uint64_t n) override {
    events.push_back("end" + std::to_string(n) + " " + std::string(t.data, t.size));
    return Ok();
  }
};

std::vector<std::string> Split(const std::string& text, std::size_t chunk = 1 << 20) {
  MemorySource src(text, "mem");
  Recorder r;
  JsonStream s(src, r, JsonStreamOptions{chunk, 1 << 20});
  auto st = s.Run();
  EXPECT_TRUE(st) << st.error().ToString();
  return r.events;
}

TEST(JsonStream, ListItemsHeaderAndTail) {
  const std::string text = R"({"kind":"PodList","items":[{"a":1} , {"b":"]"}],"metadata":{}})";
  EXPECT_THAT(Split(text),
              ElementsAre(R"(begin@26 {"kind":"PodList","items":[]})", R"(item0@27 {"a":1})",
                          R"(item1@37 {"b":"]"})", R"(end2 {"items":[],"metadata":{}})"));
}

TEST(JsonStream, SameEventsForEveryChunkSize) {
  const std::string text =
      "{\"kind\":\"List\",\"items\":[{\"s\":\"\\\\\\\"}{\"},{\"t\":[{\"u\":\"\\\\\"}]}]}\n"
      "  {\"single\":{\"items\":\"no\"}}\n[{\"x\":1}]";
  const auto expected = Split(text);
  ASSERT_EQ(expected.size(), 8u);
  for (std::size_t chunk = 1; chunk < 80; ++chunk) {
    EXPECT_EQ(Split(text, chunk), expected) << "chunk " << chunk;
  }
}

TEST(JsonStream, ConcatenatedDocumentsAndLogBlocks) {
  const std::string text = "{\"kind\":\"NodeList\",\"items\":[]}\n"
                           "==== START logs for container c of pod ns/p ====\n"
                           "{\"unbalanced\": [ \"quote\n"
                           "==== END logs for container c of pod ns/p ====\n"
                           "{\"kind\":\"Pod\"}";
  EXPECT_THAT(Split(text, 16),
              ElementsAre(R"(begin@27 {"kind":"NodeList","items":[]})",
                          R"(end0 {"items":[]})",
                          "doc1@151 {\"kind\":\"Pod\"}"));
}

TEST(JsonStream, RunArrayAtReadsOneArray) {
  const std::string text = R"({"items":[{"a":1},{"b":2}],"kind":"X"} {"ignored":true})";
  MemorySource src(text, "mem");
  Recorder r;
  JsonStream s(src, r);
  ASSERT_TRUE(s.RunArrayAt(9));
  EXPECT_THAT(r.events, ElementsAre("begin@9 {}", R"(item0@10 {"a":1})", R"(item1@18 {"b":2})",
                                    "end2 {}"));
}

TEST(JsonStream, LineAtCountsNewlines) {
  const std::string text = "{\n\"a\":\n1}\n";
  MemorySource src(text, "mem");
  Recorder r;
  JsonStream s(src, r);
  EXPECT_EQ(s.LineAt(0), 1u);
  EXPECT_EQ(s.LineAt(2), 2u);
  EXPECT_EQ(s.LineAt(7), 3u);
}

}  // namespace
}  // namespace netdoctor::collect::offline
