#pragma once

// Delivery decisions for one (notification, receiver) leg (DESIGN.md §1.5), pure: how to read
// an answer, when to try again, when to give up and fall back. The shell sends and records.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/time.hpp"

namespace sellerwatch::notify {

// One POST to one peer of a receiver that posts to several (the peers of an Alertmanager
// cluster), for per-peer counters.
struct PeerPost {
  std::string url;  // as shown in metrics and logs: no credentials, no query
  bool ok = false;  // answered 2xx
  bool operator==(const PeerPost&) const = default;
};

struct SendOutcome {
  enum class Kind { kDelivered, kRetry, kPermanent };
  Kind kind = Kind::kDelivered;
  std::optional<core::Duration> retry_after;  // the server's own wait hint, if it gave one
  std::string detail;                         // short reason for logs and delivery_failed
  std::vector<PeerPost> posts{};              // per peer, for receivers with several
  bool operator==(const SendOutcome&) const = default;
};
std::string_view Name(SendOutcome::Kind kind);

// An HTTP answer. status <= 0 means no answer (network error, timeout): retry. 2xx delivered;
// 408, 429 and 5xx retry; anything else permanent. Wait hints: `Retry-After`, Discord's and
// Telegram's JSON `retry_after` (seconds); when several are given the longest wins. Telegram
// answers {"ok":false,"error_code":N,"description":...} with a matching HTTP status; should
// that body come with a 2xx (a proxy), error_code decides as the status would (no code: retry).
SendOutcome ClassifyHttp(long status, std::optional<std::string_view> retry_after_header,
                         std::string_view body, config::ReceiverType channel, core::Timestamp now);

// An SMTP answer: the final reply code, or nullopt when the conversation broke off (network,
// TLS, timeout). 2xx/3xx delivered, 4xx (and no reply) retry, 5xx permanent.
SendOutcome ClassifySmtp(std::optional<int> reply_code, std::string_view message);

struct BackoffPolicy {
  core::Duration initial = std::chrono::seconds(10);
  double factor = 2.0;
  core::Duration max = std::chrono::hours(1);
};

// When to try a leg again after `attempts` failed attempts (1 after the first failure).
// The ceiling grows initial·factor^(attempts-1) up to `max`; the delay is drawn from
// [ceiling/2, ceiling) by `jitter_unit` in [0,1) ("equal jitter": spread, yet never a hot loop).
// Never earlier than now + retry_after, even past `max`: the server asked for it.
core::Timestamp NextAttemptAt(int attempts, core::Timestamp now,
                              std::optional<core::Duration> retry_after, double jitter_unit,
                              const BackoffPolicy& policy = {});

// Whether a leg first tried at `first_attempt_at` is given up at `now` (then: fallback receiver
// and a delivery_failed meta-alert). Pass the planned next attempt as `now` to give up as soon
// as the next try would fall past the horizon.
bool GivesUp(core::Timestamp first_attempt_at, core::Timestamp now, core::Duration retry_horizon);

}  // namespace sellerwatch::notify
