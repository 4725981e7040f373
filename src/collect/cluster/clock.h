// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace netdoctor::collect::cluster {

/// Time as the API client sees it: a monotonic clock for timeouts, back-off and rate limits, and
/// the wall clock for credential expiry. Injected so that tests never sleep for real and never
/// depend on the date.
class Clock {
 public:
  using Duration = std::chrono::milliseconds;
  virtual ~Clock() = default;
  /// Monotonic time.
  virtual std::chrono::steady_clock::time_point Now() = 0;
  /// Wall-clock time (credential expirationTimestamp is an absolute date).
  virtual std::chrono::system_clock::time_point WallNow() = 0;
  virtual void SleepFor(Duration d) = 0;
  /// A uniformly distributed value in [0, 1) for back-off jitter.
  virtual double Random() = 0;
};

/// The real clocks, std::this_thread::sleep_for and a per-process random source.
Clock& SystemClock();

/// Client-side rate limit as kubectl's client-go has it: a token bucket that holds up to `burst`
/// requests and refills at `qps` per second. Acquire() blocks (through the clock) until a token
/// is free. qps <= 0 disables the limit.
class TokenBucket {
 public:
  TokenBucket(double qps, int burst, Clock& clock);
  /// Takes one token, sleeping until one is available. Returns how long it waited.
  Clock::Duration Acquire();

 private:
  double qps_;
  double burst_;
  double tokens_;
  std::chrono::steady_clock::time_point last_;
  Clock& clock_;
  std::mutex mu_;
};

/// Retries with exponential back-off and full jitter: attempt n (0-based) waits a random time in
/// [base * 2^n / 2, base * 2^n], capped at `max`. Bounded by `max_attempts` in total.
struct RetryPolicy {
  int max_attempts = 5;
  Clock::Duration base{250};
  Clock::Duration max{8000};
  /// Longest Retry-After honoured; a server asking for more makes the request fail (no hang).
  Clock::Duration max_retry_after{60000};

  Clock::Duration Backoff(int attempt, Clock& clock) const;
};

}  // namespace netdoctor::collect::cluster
