#include "notify/channels/alertmanager_channel.hpp"

#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "notify/channels/http_requests.hpp"

namespace sellerwatch::notify {
namespace asio = boost::asio;
namespace {

// The POSTs in flight of one send; the last one to finish wakes the sender.
struct Fanout {
  Fanout(asio::any_io_executor ex, std::size_t n) : done(ex), left(n), answers(n) {}
  asio::steady_timer done;
  std::size_t left;
  std::vector<std::optional<core::Result<net::HttpResponse>>> answers;
};

asio::awaitable<void> PostOne(std::shared_ptr<Fanout> fanout, std::size_t i,
                              net::HttpClient& client, net::HttpRequest request) {
  auto answer = co_await client.Send(std::move(request));
  fanout->answers[i].emplace(std::move(answer));
  if (--fanout->left == 0) fanout->done.cancel();
}

}  // namespace

std::string ShownPeerUrl(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "<invalid URL>";
  std::string out = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host());
  if (parsed->has_port()) out += ":" + std::string(parsed->port());
  out += std::string(parsed->encoded_path());
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

asio::awaitable<SendOutcome> AlertmanagerChannel::Send(const core::Notification& notification,
                                                       const LegContext& leg) {
  auto requests = BuildHttpRequests(receiver_, notification, leg);
  if (!requests) {
    co_return SendOutcome{SendOutcome::Kind::kPermanent, std::nullopt, requests.error().message};
  }
  if (requests->empty()) co_return SendOutcome{};  // nothing for Alertmanager (a digest)
  const auto& peers = std::get<config::AlertmanagerReceiver>(receiver_.settings).urls;
  std::vector<std::string> full_urls;
  for (const auto& r : *requests) full_urls.push_back(r.url);

  auto executor = co_await asio::this_coro::executor;
  auto fanout = std::make_shared<Fanout>(executor, requests->size());
  fanout->done.expires_at(asio::steady_timer::time_point::max());
  for (std::size_t i = 0; i < requests->size(); ++i) {
    asio::co_spawn(executor, PostOne(fanout, i, client_, std::move((*requests)[i])),
                   asio::detached);
  }
  if (fanout->left > 0) {
    boost::system::error_code ec;  // cancelled: every POST finished (or we are stopping)
    co_await fanout->done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  SendOutcome result;
  bool delivered = false;
  bool retry = false;
  std::string failures;
  for (std::size_t i = 0; i < fanout->answers.size(); ++i) {
    std::string shown = ShownPeerUrl(i < peers.size() ? peers[i] : full_urls[i]);
    SendOutcome one;
    const auto& answer = fanout->answers[i];
    if (!answer) {
      one = {SendOutcome::Kind::kRetry, std::nullopt, "still in flight when the send stopped"};
    } else if (!*answer) {
      bool transient = answer->error().kind == core::ErrorKind::kTransient;
      std::string message = answer->error().message;
      for (auto pos = message.find(full_urls[i]); pos != std::string::npos;
           pos = message.find(full_urls[i], pos + shown.size())) {
        message.replace(pos, full_urls[i].size(), shown);
      }
      one = {transient ? SendOutcome::Kind::kRetry : SendOutcome::Kind::kPermanent, std::nullopt,
             message};
    } else {
      const auto& response = **answer;
      one = ClassifyHttp(response.status, response.Header("retry-after"), response.body,
                         receiver_.type, leg.now);
    }
    bool ok = one.kind == SendOutcome::Kind::kDelivered;
    result.posts.push_back({shown, ok});
    delivered = delivered || ok;
    if (ok) continue;
    if (one.kind == SendOutcome::Kind::kRetry) {
      retry = true;
      if (one.retry_after && (!result.retry_after || *one.retry_after > *result.retry_after)) {
        result.retry_after = one.retry_after;
      }
    }
    if (!failures.empty()) failures += "; ";
    failures += shown + ": " + one.detail;
  }
  if (delivered) {
    result.kind = SendOutcome::Kind::kDelivered;
    result.retry_after.reset();
    result.detail = failures;  // peers that missed it, for the log; the re-sends catch them up
  } else {
    result.kind = retry ? SendOutcome::Kind::kRetry : SendOutcome::Kind::kPermanent;
    result.detail = requests->size() == 1
                        ? failures
                        : fmt::format("no Alertmanager peer took it ({})", failures);
  }
  co_return result;
}

}  // namespace sellerwatch::notify
