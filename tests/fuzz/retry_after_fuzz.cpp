// Wait hints from peers (daemon/net/retry_after, notify/delivery_policy, sources'
// HttpStatusError). The first byte picks:
//   0  a Retry-After header: delta-seconds or an HTTP-date in any of its three forms
//   1  a channel's answer: status (two bytes), channel (one byte), then the body (Discord's and
//      Telegram's JSON retry_after), with a Retry-After header "7"
//   2  a marketplace API refusal with the rest as its Retry-After header
// Every wait must be within [0, 30 days]: the poller and the outbox add it to the clock.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "fuzz_support.hpp"
#include "net/retry_after.hpp"
#include "notify/delivery_policy.hpp"
#include "sources/http_status_error.hpp"

using namespace sellerwatch;

namespace {

const core::Timestamp kNow = core::FromUnixMillis(1795000000000);
constexpr core::Duration kCap = std::chrono::hours(24 * 30);

void CheckWait(std::optional<core::Duration> wait, std::string_view input) {
  if (!wait) return;
  fuzz::Require(*wait >= core::Duration::zero(), "a negative wait", input);
  fuzz::Require(*wait <= kCap, "a wait past the 30-day cap", input);
}

constexpr config::ReceiverType kChannels[] = {
    config::ReceiverType::kEmail,       config::ReceiverType::kSlack,
    config::ReceiverType::kMattermost,  config::ReceiverType::kDiscord,
    config::ReceiverType::kGoogleChat,  config::ReceiverType::kTeams,
    config::ReceiverType::kTelegram,    config::ReceiverType::kWebhook,
    config::ReceiverType::kAlertmanager};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 3);
  switch (mode) {
    case 0:
      CheckWait(net::ParseRetryAfter(text, kNow), text);
      break;
    case 1: {
      if (text.size() < 3) break;
      const long status = static_cast<unsigned char>(text[0]) * 3 +
                          static_cast<unsigned char>(text[1]) % 3;  // 0..767
      const auto channel = kChannels[static_cast<unsigned char>(text[2]) % std::size(kChannels)];
      const std::string_view body = text.substr(3);
      for (auto header :
           {std::optional<std::string_view>(), std::optional<std::string_view>("7")}) {
        notify::SendOutcome outcome = notify::ClassifyHttp(status, header, body, channel, kNow);
        CheckWait(outcome.retry_after, body);
      }
      break;
    }
    default:
      for (long status : {429L, 503L, 401L}) {
        core::Error e =
            sources::HttpStatusError("GET", "https://api.example.com/x", status, text, "", kNow);
        CheckWait(e.retry_after, text);
      }
      break;
  }
  return 0;
}
