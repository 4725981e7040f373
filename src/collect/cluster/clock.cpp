// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/clock.h"

#include <algorithm>
#include <random>
#include <thread>

namespace netdoctor::collect::cluster {
namespace {

class RealClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point WallNow() override {
    return std::chrono::system_clock::now();
  }
  void SleepFor(Duration d) override {
    if (d.count() > 0) std::this_thread::sleep_for(d);
  }
  double Random() override {
    std::lock_guard<std::mutex> lock(mu_);
    return dist_(rng_);
  }

 private:
  std::mutex mu_;
  std::mt19937_64 rng_{std::random_device{}()};
  std::uniform_real_distribution<double> dist_{0.0, 1.0};
};

}  // namespace

Clock& SystemClock() {
  static RealClock clock;
  return clock;
}

TokenBucket::TokenBucket(double qps, int burst, Clock& clock)
    : qps_(qps), burst_(std::max(1, burst)), tokens_(burst_), last_(clock.Now()), clock_(clock) {}

Clock::Duration TokenBucket::Acquire() {
  if (qps_ <= 0) return Clock::Duration{0};
  std::lock_guard<std::mutex> lock(mu_);
  auto now = clock_.Now();
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
  last_ = now;
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return Clock::Duration{0};
  }
  // Wait exactly until one token has accumulated; the token is spent on arrival.
  const double wait_s = (1.0 - tokens_) / qps_;
  auto wait = std::chrono::ceil<Clock::Duration>(std::chrono::duration<double>(wait_s));
  clock_.SleepFor(wait);
  now = clock_.Now();
  const double slept = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::max(0.0, std::min(burst_, tokens_ + slept * qps_) - 1.0);
  last_ = now;
  return wait;
}

Clock::Duration RetryPolicy::Backoff(int attempt, Clock& clock) const {
  const int shift = std::clamp(attempt, 0, 20);
  const auto ceiling = std::min<std::int64_t>(max.count(), base.count() << shift);
  // Half fixed, half random ("equal jitter"): never zero, so a retry storm cannot form, and
  // clients that failed together spread out.
  const double half = static_cast<double>(ceiling) / 2.0;
  return Clock::Duration{static_cast<std::int64_t>(half + half * clock.Random())};
}

}  // namespace netdoctor::collect::cluster
