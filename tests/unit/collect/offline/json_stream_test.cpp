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

std::vector<std::string> Split(const std::string& text, std::size_t chunk = 1 << 20,
                               scan::SkipFn skip = nullptr) {
  MemorySource src(text, "mem");
  Recorder r;
  JsonStream s(src, r, JsonStreamOptions{chunk, 1 << 20, skip});
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
    EXPECT_EQ(Split(text, chunk, scan::PortableSkip()), expected) << "portable, chunk " << chunk;
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

// Long, deep objects make the block skipper do most of the work.
std::string DeepList(int items) {
  std::string text = "{\"kind\":\"List\",\"items\":[";
  for (int i = 0; i < items; ++i) {
    if (i) text += ",";
    text += "{\"metadata\":{\"name\":\"p" + std::to_string(i) +
            "\",\"annotations\":{\"a\":\"{[\\\"]}\\\\\"}},\"spec\":{\"a\":[[[[{\"b\":\"" +
            std::string(static_cast<std::size_t>(i % 130), 'x') + "\"}]]]]}}";
  }
  return text + "]}";
}

TEST(JsonStream, BlockSkippersAgree) {
  const std::string text = DeepList(200);
  const auto expected = Split(text, 1 << 20, scan::PortableSkip());
  ASSERT_EQ(expected.size(), 202u);
  if (scan::SkipFn avx2 = scan::Avx2Skip()) {
    for (std::size_t chunk : {64, 100, 4096, 1 << 20}) {
      EXPECT_EQ(Split(text, chunk, avx2), expected) << "avx2, chunk " << chunk;
    }
  }
  EXPECT_EQ(Split(text, 333), expected);
}

TEST(JsonScan, SkippersConsumeTheSameBlocksAndState) {
  const std::string text = DeepList(50) + std::string(64, ' ');
  scan::SkipFn avx2 = scan::Avx2Skip();
  if (!avx2) GTEST_SKIP() << "no AVX2 on this CPU";
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t blocks = text.size() / scan::kBlock;
  for (int floor : {0, 1, 2, 3}) {
    scan::State a{0, 0, 5};
    scan::State b = a;
    std::size_t at_a = 0;
    std::size_t at_b = 0;
    while (at_a < blocks) {
      at_a += scan::PortableSkip()(p + at_a * scan::kBlock, blocks - at_a, floor, 1024, a);
      at_b += avx2(p + at_b * scan::kBlock, blocks - at_b, floor, 1024, b);
      ASSERT_EQ(at_a, at_b);
      EXPECT_EQ(a.depth, b.depth);
      EXPECT_EQ(a.in_string, b.in_string);
      EXPECT_EQ(a.escape_next, b.escape_next);
      if (at_a < blocks) {  // step over the block the skippers stop at, as JsonStream does
        scan::Classify(p + at_a * scan::kBlock, a);
        scan::Classify(p + at_b * scan::kBlock, b);
        a.depth = b.depth = 5;
        ++at_a;
        ++at_b;
      }
    }
  }
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
