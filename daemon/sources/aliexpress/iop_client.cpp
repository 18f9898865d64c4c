#include "sources/aliexpress/iop_client.hpp"

#include <fmt/format.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "net/http_client.hpp"
#include "sources/aliexpress/envelope.hpp"
#include "sources/http_status_error.hpp"
#include "sources/percent_encoding.hpp"
#include "store/cursor_store.hpp"

// GCC 12 inlines Asio's coroutine-frame allocator (aligned_alloc) into these coroutines and
// then misreads its matching deallocation as a mismatch: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace sellerwatch::sources::aliexpress {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kRefreshPath = "/auth/token/refresh";
constexpr std::string_view kTokensSuffix = "#tokens";

constexpr const char* kReauthorize =
    "the seller must authorize the app again (README: AliExpress, seller authorization) and the "
    "new tokens go into access_token and refresh_token";

std::int64_t WallMillis() {
  return core::ToUnixMillis(
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now()));
}

asio::awaitable<void> Sleep(core::Duration d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace

Params SyncParams(const Settings& settings, std::string_view api, const std::string& session,
                  std::int64_t timestamp_ms, Params business) {
  Params p = std::move(business);
  p["app_key"] = settings.app_key.Reveal();
  p["method"] = std::string(api);
  p["timestamp"] = std::to_string(timestamp_ms);
  p["sign_method"] = "sha256";
  p["session"] = session;
  p["format"] = "json";
  p["v"] = "2.0";
  p["simplify"] = "false";  // the documented wrapped lists (sources.md §1.4)
  return p;
}

Params RefreshParams(const Settings& settings, const std::string& refresh_token,
                     std::int64_t timestamp_ms) {
  return {{"app_key", settings.app_key.Reveal()},
          {"refresh_token", refresh_token},
          {"sign_method", "sha256"},
          {"timestamp", std::to_string(timestamp_ms)}};
}

std::string FormBody(const Params& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += PercentEncode(key) + "=" + PercentEncode(value);
  }
  return out;
}

IopClient::IopClient(net::HttpClient& http, Settings settings, core::Duration poll_timeout,
                     std::string ca_file, bool tls_verify, store::Db& db,
                     std::shared_ptr<spdlog::logger> log, std::string source_id)
    : http_(http),
      settings_(std::move(settings)),
      poll_timeout_(poll_timeout),
      // A call that hangs fails on its own, a little before the Poller's poll timeout, so the
      // log names the API that hung.
      call_timeout_(poll_timeout * 9 / 10),
      ca_file_(std::move(ca_file)),
      tls_verify_(tls_verify),
      db_(db),
      log_(std::move(log)),
      source_id_(std::move(source_id)) {}

std::string IopClient::Where(std::string_view api) const {
  return fmt::format("POST {}/sync?method={}", settings_.endpoint, PercentEncode(api));
}

core::Result<void> IopClient::LoadTokens() {
  if (tokens_) return {};
  auto stored = store::CursorStore(db_).Get(source_id_ + std::string(kTokensSuffix));
  if (!stored) return stored.error().Context("seller tokens");
  std::optional<TokenPair> kept;
  if (*stored) kept = DecodeStored(**stored);
  tokens_ = Choose(kept, settings_.access_token.Reveal(), settings_.refresh_token.Reveal());
  if (kept && kept->origin == tokens_->origin) {
    log_->debug("source={} using the seller tokens refreshed last time (kept in the store)",
                source_id_);
  } else if (kept) {
    log_->info("source={} the config holds new seller tokens: they replace the stored ones",
               source_id_);
  }
  return {};
}

void IopClient::WarnIfAuthorizationEnds(core::Timestamp now) {
  if (!tokens_ || !tokens_->refresh_expires_at) return;
  core::Timestamp ends = *tokens_->refresh_expires_at;
  if (ends - now >= kAuthorizationWarning || warned_for_ == ends) return;
  warned_for_ = ends;
  log_->warn("source={} the seller's authorization of the app ends {} ({}): {}", source_id_,
             core::FormatRfc3339(ends),
             ends > now
                 ? "in " + core::FormatDuration(std::chrono::floor<std::chrono::hours>(ends - now))
                 : std::string("already"),
             kReauthorize);
}

asio::awaitable<core::Result<void>> IopClient::RefreshOnce(std::uint64_t generation,
                                                           core::Timestamp now) {
  // A refused refresh token stays refused: the seller has to authorize again, which changes
  // the config and so makes a new client. Until then no call asks AliExpress again.
  if (rejected_) co_return *rejected_;
  const std::uint64_t attempts = refresh_attempts_;
  while (refreshing_) co_await Sleep(std::chrono::milliseconds(20));
  if (generation_ != generation) co_return core::Result<void>();  // refreshed meanwhile
  // A refresh ran (and failed) while this call waited: its answer is this call's too.
  if (refresh_attempts_ != attempts && last_refresh_error_) co_return *last_refresh_error_;
  refreshing_ = true;
  ++refresh_attempts_;
  auto result = co_await Refresh(now);
  refreshing_ = false;
  if (!result) {
    last_refresh_error_ = result.error();
    if (result.error().reason == core::ErrorReason::kCredentialsRejected)
      rejected_ = result.error();
  }
  co_return result;
}

net::HttpRequest IopClient::FormPost(const std::string& url, const Params& params) const {
  net::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded;charset=utf-8"},
                     {"Accept", "application/json"}};
  request.body = FormBody(params);
  request.timeout = call_timeout_;
  request.ca_file = ca_file_;
  request.verify_tls = tls_verify_;
  return request;
}

asio::awaitable<core::Result<void>> IopClient::Refresh(core::Timestamp now) {
  const std::string url = settings_.endpoint + "/rest" + std::string(kRefreshPath);
  const std::string where = "POST " + url;
  Params params = RefreshParams(settings_, tokens_->refresh_token, WallMillis());
  auto sign = Sign(settings_.app_secret.Reveal(), kRefreshPath, params);
  if (!sign) co_return sign.error().Context(where);
  params["sign"] = *sign;

  net::HttpRequest request = FormPost(url, params);
  request.max_response_bytes = 1 << 20;
  auto response = co_await http_.Send(std::move(request));
  if (!response) co_return response.error().Context("token refresh");

  auto answer = ParseAnswer(response->body, where);
  const long status = response->status;
  auto rejected = [&](std::string detail) {
    core::Error e = core::Error::Permanent(
        fmt::format("{}: AliExpress refused the token refresh{}{} (credentials rejected: the "
                    "refresh token expired or was revoked; {})",
                    where, detail.empty() ? "" : ": ", detail, kReauthorize));
    e.http_status = static_cast<int>(status);
    return std::move(e).WithReason(core::ErrorReason::kCredentialsRejected);
  };
  if (answer && answer->refusal) {
    switch (Classify(*answer->refusal)) {
      case Refusal::kFlowControl:
      case Refusal::kSignature:
      case Refusal::kAppKey:
      case Refusal::kIpWhitelist:
      case Refusal::kService: {
        core::Error e = ToError(*answer->refusal, where);
        e.http_status = static_cast<int>(status);
        co_return e;
      }
      case Refusal::kSession:
      case Refusal::kOther:
        co_return rejected(Describe(*answer->refusal));
    }
  }
  if (status / 100 != 2) {
    if (status == 400 || AuthRefused(status)) co_return rejected(fmt::format("HTTP {}", status));
    co_return HttpStatusError("POST", url, status, response->Header("retry-after"), "", now);
  }
  if (!answer) co_return answer.error();
  auto pair = ParseRefreshAnswer(answer->response, *tokens_, now);
  if (!pair) co_return pair.error().Context(where);
  tokens_ = std::move(*pair);
  ++generation_;
  if (auto saved = store::CursorStore(db_).Put(source_id_ + std::string(kTokensSuffix),
                                               EncodeStored(*tokens_), now);
      !saved) {
    // The pair still works for this process; a restart would start from the config's.
    log_->error("source={} could not keep the refreshed seller tokens: {}", source_id_,
                saved.error().message);
  }
  log_->info("source={} seller access token refreshed (valid until {}; authorization until {})",
             source_id_,
             tokens_->access_expires_at ? core::FormatRfc3339(*tokens_->access_expires_at)
                                        : std::string("not said"),
             tokens_->refresh_expires_at ? core::FormatRfc3339(*tokens_->refresh_expires_at)
                                         : std::string("not said"));
  WarnIfAuthorizationEnds(now);
  co_return core::Result<void>();
}

asio::awaitable<core::Result<json::object>> IopClient::Call(std::string api, Params business,
                                                            SteadyTime deadline,
                                                            core::Timestamp now) {
  if (auto loaded = LoadTokens(); !loaded) co_return loaded.error();
  WarnIfAuthorizationEnds(now);
  const std::string url = settings_.endpoint + "/sync?method=" + PercentEncode(api);
  const std::string where = "POST " + url;
  bool refreshed = false;
  if (tokens_->access_expires_at && now + kRefreshAhead >= *tokens_->access_expires_at) {
    auto renewed = co_await RefreshOnce(generation_, now);
    if (!renewed) co_return renewed.error();
    refreshed = true;
  }
  for (int bans = 0;;) {
    const std::uint64_t generation = generation_;
    Params params = SyncParams(settings_, api, tokens_->access_token, WallMillis(), business);
    auto sign = Sign(settings_.app_secret.Reveal(), "", params);
    if (!sign) co_return sign.error().Context(where);
    params["sign"] = *sign;

    auto response = co_await http_.Send(FormPost(url, params));
    if (!response) co_return response.error();
    const long status = response->status;
    auto answer = ParseAnswer(response->body, where);
    if (status / 100 != 2 && (!answer || !answer->refusal)) {
      co_return HttpStatusError("POST", url, status, response->Header("retry-after"), "", now);
    }
    if (!answer) co_return answer.error();
    if (!answer->refusal) co_return std::move(answer->response);

    const GatewayError& refusal = *answer->refusal;
    switch (Classify(refusal)) {
      case Refusal::kSession:
        if (refreshed) break;
        refreshed = true;
        log_->info("source={} {}: session refused ({}); refreshing the seller token", source_id_,
                   where, Describe(refusal));
        if (auto renewed = co_await RefreshOnce(generation, now); !renewed) {
          co_return renewed.error();
        }
        continue;
      case Refusal::kFlowControl: {
        auto ban = BanDuration(refusal);
        if (!ban || *ban > kMaxInlineBan || bans >= kMaxInlineBans) break;
        core::Duration wait = *ban + std::chrono::seconds(1);
        if (std::chrono::steady_clock::now() + wait > deadline) break;
        ++bans;
        log_->info("source={} {}: flow control ({}); waiting {} before asking again", source_id_,
                   where, Describe(refusal), core::FormatDuration(wait));
        co_await Sleep(wait);
        continue;
      }
      default:
        break;
    }
    core::Error error = ToError(refusal, where);
    error.http_status = static_cast<int>(status);
    co_return error;
  }
}

}  // namespace sellerwatch::sources::aliexpress
