#include "notify/channels/http_channel.hpp"

#include <fmt/format.h>

#include "notify/channels/http_requests.hpp"

namespace sellerwatch::notify {

boost::asio::awaitable<SendOutcome> HttpChannel::Send(const core::Notification& notification,
                                                      const LegContext& leg) {
  auto requests = BuildHttpRequests(receiver_, notification, leg);
  if (!requests) {
    co_return SendOutcome{SendOutcome::Kind::kPermanent, std::nullopt, requests.error().message};
  }
  std::size_t part = 0;
  for (auto& request : *requests) {
    ++part;
    const std::string url = request.url;
    auto response = co_await client_.Send(std::move(request));
    if (!response) {
      bool transient = response.error().kind == core::ErrorKind::kTransient;
      // Webhook URLs and bot tokens are credentials: never in logs or the outbox.
      co_return SendOutcome{transient ? SendOutcome::Kind::kRetry : SendOutcome::Kind::kPermanent,
                            std::nullopt, net::RedactUrl(response.error().message, url)};
    }
    auto outcome = ClassifyHttp(response->status, response->Header("retry-after"), response->body,
                                receiver_.type, leg.now);
    if (outcome.kind != SendOutcome::Kind::kDelivered) {
      if (requests->size() > 1) {
        outcome.detail =
            fmt::format("message {} of {}: {}", part, requests->size(), outcome.detail);
      }
      co_return outcome;
    }
  }
  co_return SendOutcome{};
}

}  // namespace sellerwatch::notify
