#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "sources/aliexpress/settings.hpp"
#include "sources/aliexpress/signing.hpp"
#include "sources/aliexpress/tokens.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::net {
class HttpClient;
struct HttpRequest;
}  // namespace sellerwatch::net

namespace sellerwatch::sources::aliexpress {

// A ban this short is waited out inside the call (AliExpress bans for a second or two when
// calls come too fast); a longer one fails the poll, carrying the wait for the Poller.
inline constexpr core::Duration kMaxInlineBan = std::chrono::seconds(5);
inline constexpr int kMaxInlineBans = 3;
// A refreshed access token is renewed this long before it expires (sources.md §1.3).
inline constexpr core::Duration kRefreshAhead = std::chrono::minutes(30);
// The seller is warned in the log when the authorization ends sooner than this.
inline constexpr core::Duration kAuthorizationWarning = 7 * core::kDay;

// The business form of one sync call: every parameter, system and business, signed; all of
// it goes in the form body (the URL carries only `method`, so a token never reaches a log line
// that names the URL).
Params SyncParams(const Settings& settings, std::string_view api, const std::string& session,
                  std::int64_t timestamp_ms, Params business);
// The form of `/auth/token/refresh` (path-style: the path is signed too).
Params RefreshParams(const Settings& settings, const std::string& refresh_token,
                     std::int64_t timestamp_ms);
// key=value&… with every key and value percent-encoded.
std::string FormBody(const Params& params);

// Calls the IOP gateway for one source; its streams share it, and with it one seller token:
//   POST {endpoint}/sync?method=<api> with the signed form (SyncParams), the answer unwrapped
//   (envelope.hpp). A refusal of the session refreshes the token pair once
//   (POST {endpoint}/rest/auth/token/refresh) and asks again; a second refusal, or a refused
//   refresh, is "credentials rejected" (and a refused refresh token is not offered again: the
//   seller's new authorization comes with a new config, hence a new client). Calls waiting on
//   a refresh another call started share its outcome. The newest pair is kept in the store under
//   "<source id>#tokens" (tokens.hpp). A short flow-control ban is waited out; other refusals
//   become errors naming the API (envelope.hpp ToError).
class IopClient {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  IopClient(net::HttpClient& http, Settings settings, core::Duration poll_timeout,
            std::string ca_file, bool tls_verify, store::Db& db,
            std::shared_ptr<spdlog::logger> log, std::string source_id);

  const Settings& settings() const { return settings_; }
  const std::string& source_id() const { return source_id_; }
  spdlog::logger& log() const { return *log_; }
  core::Duration poll_timeout() const { return poll_timeout_; }
  // "POST {endpoint}/sync?method=<api>", for messages.
  std::string Where(std::string_view api) const;

  // The response object of `api` called with `business` parameters. Waits (flow control) stop
  // before `deadline`.
  boost::asio::awaitable<core::Result<boost::json::object>> Call(std::string api, Params business,
                                                                 SteadyTime deadline,
                                                                 core::Timestamp now);

 private:
  core::Result<void> LoadTokens();
  // Refreshes the pair unless another call already did since `generation`.
  boost::asio::awaitable<core::Result<void>> RefreshOnce(std::uint64_t generation,
                                                         core::Timestamp now);
  boost::asio::awaitable<core::Result<void>> Refresh(core::Timestamp now);
  void WarnIfAuthorizationEnds(core::Timestamp now);
  // A POST of `params` as a form, with this source's timeout and TLS settings.
  net::HttpRequest FormPost(const std::string& url, const Params& params) const;

  net::HttpClient& http_;
  Settings settings_;
  core::Duration poll_timeout_;
  core::Duration call_timeout_;
  std::string ca_file_;
  bool tls_verify_;
  store::Db& db_;
  std::shared_ptr<spdlog::logger> log_;
  std::string source_id_;

  std::optional<TokenPair> tokens_;  // loaded on first use
  std::uint64_t generation_ = 0;     // bumped by every successful refresh
  bool refreshing_ = false;
  std::uint64_t refresh_attempts_ = 0;
  std::optional<core::Error> last_refresh_error_;
  std::optional<core::Error> rejected_;        // the refresh token was refused
  std::optional<core::Timestamp> warned_for_;  // the authorization end last warned about
};

}  // namespace sellerwatch::sources::aliexpress
