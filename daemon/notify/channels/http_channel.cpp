#include "notify/channels/http_channel.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/sha256.hpp"
#include "notify/channels/http_requests.hpp"

namespace sellerwatch::notify {
namespace {

// Identifies the messages a split notification renders to. They are rendered from the stored
// notification alone (absolute times, no `now`), so every attempt renders the same ones unless
// a reload changed the receiver; the URL stays out (it is a credential).
std::string PartsDigest(const std::vector<net::HttpRequest>& requests) {
  std::string all;
  for (const auto& r : requests) all += fmt::format("{}:{}\n", r.body.size(), r.body);
  return core::Sha256Hex(all);
}

}  // namespace

boost::asio::awaitable<SendOutcome> HttpChannel::Send(const core::Notification& notification,
                                                      const LegContext& leg) {
  auto requests = BuildHttpRequests(receiver_, notification, leg);
  if (!requests) {
    co_return SendOutcome{SendOutcome::Kind::kPermanent, std::nullopt, requests.error().message};
  }
  const std::size_t total = requests->size();
  PartsProgress progress;
  if (total > 1) {
    progress.digest = PartsDigest(*requests);
    // Messages an earlier attempt delivered are not sent again.
    if (leg.parts.digest == progress.digest && leg.parts.delivered > 0) {
      progress.delivered = std::min(leg.parts.delivered, static_cast<int>(total));
    }
  }
  for (std::size_t part = static_cast<std::size_t>(progress.delivered) + 1; part <= total; ++part) {
    net::HttpRequest& request = (*requests)[part - 1];
    const std::string url = request.url;
    auto response = co_await client_.Send(std::move(request));
    SendOutcome outcome;
    if (!response) {
      bool transient = response.error().kind == core::ErrorKind::kTransient;
      // Webhook URLs and bot tokens are credentials: never in logs or the outbox.
      outcome = SendOutcome{transient ? SendOutcome::Kind::kRetry : SendOutcome::Kind::kPermanent,
                            std::nullopt, net::RedactUrl(response.error().message, url)};
    } else {
      outcome = ClassifyHttp(response->status, response->Header("retry-after"), response->body,
                             receiver_.type, leg.now);
    }
    if (outcome.kind != SendOutcome::Kind::kDelivered) {
      if (total > 1)
        outcome.detail = fmt::format("message {} of {}: {}", part, total, outcome.detail);
      co_return outcome;
    }
    if (total > 1 && leg.on_part) {
      progress.delivered = static_cast<int>(part);
      leg.on_part(progress);
    }
  }
  co_return SendOutcome{};
}

}  // namespace sellerwatch::notify
