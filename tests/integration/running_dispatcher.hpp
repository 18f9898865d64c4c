// A store, a config, the real channels and a running OutboxDispatcher on its own io_context
// with the real clock: the delivery tests' harness. Destroyed = stopped; the tests wait for a
// send to finish before that.
#pragma once

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "app/logs.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "net/smtp_client.hpp"
#include "store/outbox_store.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::notify {
class OutboxDispatcher;
}

namespace sellerwatch::testing {

class RunningDispatcher {
 public:
  // `config_yaml` is a whole config; the store is opened (or created) in `state_dir`. A config
  // that does not load fails the test and leaves the harness without a dispatcher.
  RunningDispatcher(const std::string& config_yaml, const std::string& state_dir);
  ~RunningDispatcher();

  const config::Config& config() const { return *config_; }
  core::Timestamp Now() const { return clock_.Now(); }
  // Queues `leg` and wakes the dispatcher; the leg's id, 0 when it could not be queued.
  std::int64_t Enqueue(const store::OutboxLeg& leg);
  std::optional<store::OutboxLeg> Find(std::int64_t id);
  store::OutboxLeg Leg(std::int64_t id) { return Find(id).value(); }
  bool Until(const std::function<bool()>& done, std::chrono::milliseconds limit);
  bool UntilStatus(std::int64_t id, store::LegStatus status, std::chrono::milliseconds limit);

 private:
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<store::Db> db_;
  boost::asio::io_context io_;
  net::CurlMulti curl_{io_};
  net::HttpClient http_{curl_};
  net::SmtpClient smtp_{curl_};
  core::SystemClock clock_;
  std::ostringstream console_;
  app::Logs logs_{"off"};
  std::unique_ptr<notify::OutboxDispatcher> dispatcher_;
  boost::asio::cancellation_signal stop_;
  bool stopped_ = false;
};

}  // namespace sellerwatch::testing
