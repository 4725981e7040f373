// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/encoding.h"

#include <gtest/gtest.h>

#include "collect/cluster/clock.h"
#include "test_apiserver.h"

namespace netdoctor::collect::cluster {
namespace {

using testing::FakeClock;

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> kVectors[] = {{"", ""},
                                                          {"f", "Zg=="},
                                                          {"fo", "Zm8="},
                                                          {"foo", "Zm9v"},
                                                          {"foob", "Zm9vYg=="},
                                                          {"fooba", "Zm9vYmE="},
                                                          {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64, AcceptsLineBreaksAndMissingPadding) {
  EXPECT_EQ(*Base64Decode("Zm9v\nYmFy\n"), "foobar");
  EXPECT_EQ(*Base64Decode("Zm8"), "fo");
}

TEST(Base64, RejectsJunk) {
  EXPECT_FALSE(Base64Decode("Zm9v*"));
  EXPECT_FALSE(Base64Decode("Z"));
  EXPECT_FALSE(Base64Decode("Zg==Zg=="));
  EXPECT_FALSE(Base64Decode("=Zg"));
  EXPECT_FALSE(Base64Decode("Zg="));
}

TEST(Rfc3339, ParsesKubernetesTimestamps) {
  using namespace std::chrono;
  const auto base = sys_days{year{2024} / 3 / 11} + hours(8) + minutes(35) + seconds(21);
  EXPECT_EQ(*ParseRfc3339("2024-03-11T08:35:21Z"), base);
  EXPECT_EQ(*ParseRfc3339("2024-03-11T10:35:21+02:00"), base);
  EXPECT_EQ(*ParseRfc3339("2024-03-11T08:35:21.5Z"), base + milliseconds(500));
  EXPECT_FALSE(ParseRfc3339("2024-03-11 08:35"));
  EXPECT_FALSE(ParseRfc3339("2024-13-11T08:35:21Z"));
  EXPECT_FALSE(ParseRfc3339("2024-03-11T08:35:21"));
  EXPECT_FALSE(ParseRfc3339("2024-03-11T08:35:21Zjunk"));
}

// Found by fuzz_exec_credential: "4052-12-03T11:18:06Z" overflowed the nanosecond clock (UBSan:
// signed multiplication in from_time_t). Far-off times are the clock's ends, in both directions.
TEST(Rfc3339, TimesBeyondTheClocksRangeAreItsEnds) {
  using Clock = std::chrono::system_clock;
  EXPECT_EQ(*ParseRfc3339("4052-12-03T11:18:06Z"), Clock::time_point::max());
  EXPECT_EQ(*ParseRfc3339("9999-12-31T23:59:59.999999999Z"), Clock::time_point::max());
  EXPECT_EQ(*ParseRfc3339("0001-01-01T00:00:00Z"), Clock::time_point::min());
  EXPECT_EQ(*ParseRfc3339("1600-01-01T00:00:00-23:59"), Clock::time_point::min());
  // The last representable second still parses exactly.
  const auto last = *ParseRfc3339("2262-04-11T23:47:14Z");
  EXPECT_LT(last, Clock::time_point::max());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(last.time_since_epoch()).count(),
            9223372034);
}

TEST(UrlEncode, EncodesContinueTokens) {
  // A continue token as kube-apiserver returns it (base64 of {"v","rv","start"}).
  EXPECT_EQ(UrlEncode("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ=="),
            "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ%3D%3D");
  EXPECT_EQ(UrlEncode("a+b/c d"), "a%2Bb%2Fc%20d");
}

TEST(TokenBucket, AllowsBurstThenPacesAtQps) {
  FakeClock clock;
  TokenBucket bucket(10, 3, clock);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.Acquire().count(), 0);
  EXPECT_EQ(bucket.Acquire().count(), 100);  // one token per 100 ms at 10 qps
  EXPECT_EQ(bucket.Acquire().count(), 100);
  clock.SleepFor(std::chrono::seconds(1));  // refills up to the burst only
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.Acquire().count(), 0);
  EXPECT_GT(bucket.Acquire().count(), 0);
}

TEST(TokenBucket, ZeroQpsMeansUnlimited) {
  FakeClock clock;
  TokenBucket bucket(0, 1, clock);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(bucket.Acquire().count(), 0);
  EXPECT_TRUE(clock.sleeps.empty());
}

TEST(RetryPolicy, BackoffGrowsWithJitterAndIsCapped) {
  FakeClock clock;  // Random() = 0.5
  RetryPolicy p;
  p.base = std::chrono::milliseconds(200);
  p.max = std::chrono::milliseconds(1000);
  EXPECT_EQ(p.Backoff(0, clock).count(), 150);  // 100 + 0.5 * 100
  EXPECT_EQ(p.Backoff(1, clock).count(), 300);
  EXPECT_EQ(p.Backoff(2, clock).count(), 600);
  EXPECT_EQ(p.Backoff(3, clock).count(), 750);   // capped at 1000: 500 + 0.5 * 500
  EXPECT_EQ(p.Backoff(40, clock).count(), 750);  // no overflow
}

}  // namespace
}  // namespace netdoctor::collect::cluster
