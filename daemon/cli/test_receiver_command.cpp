#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <iostream>
#include <random>

#include "cli/config_loading.hpp"
#include "core/clock.hpp"
#include "i18n/translator.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "net/smtp_client.hpp"
#include "notify/channel_factory.hpp"

namespace sellerwatch::cli {
namespace {

// The test alert in English (what webhook and Alertmanager JSON carry) and, for a receiver
// that reads another language, in that language too, as the alert builder writes alerts.
core::Notification TestNotification(const std::string& receiver, const i18n::Translator& tr,
                                    core::Timestamp now) {
  core::Alert a;
  a.labels = {{"account", "sellerwatch-test"},
              {"rule", "test_notification"},
              {"metric", "sellerwatch.test"},
              {"severity", "warning"}};
  auto words = [&](const i18n::Translator& t) {
    return core::Labels{
        {"title", t.Tr("Test notification")},
        {"summary", t.Tr("Test notification from sellerwatch: receiver '{}' works.", receiver)},
        {"hint", t.Tr("Nothing to do: `sellerwatch test-receiver {}` sent this.", receiver)}};
  };
  a.annotations = words(i18n::Translator());
  if (!tr.IsEnglish()) a.localized[tr.Language()] = words(tr);
  a.state = core::AlertState::kFiring;
  a.severity = core::Severity::kWarning;
  a.starts_at = now;
  return {receiver, "test/" + receiver, now, {a}};
}

}  // namespace

// Sends one test notification straight through the receiver's channel (no outbox, no retry)
// and reports what the receiver answered.
int TestReceiverCommand(const GlobalOptions& global, const std::string& name) {
  auto config = LoadConfigOrReport(global, Secrets::kRequired);
  if (!config) return kExitConfig;
  const config::ReceiverConfig* receiver = config->FindReceiver(name);
  if (!receiver) {
    std::cerr << fmt::format("sellerwatch test-receiver: no receiver '{}' in {}\n", name,
                             config->path);
    return kExitUsage;
  }
  boost::asio::io_context io;
  std::optional<net::CurlMulti> curl(std::in_place, io);
  net::HttpClient http(*curl);
  net::SmtpClient smtp(*curl);
  auto channel = notify::MakeChannel(*receiver, std::cout, http, smtp);
  auto now = core::SystemClock().Now();
  const notify::LegContext leg{fmt::format("sw-test-{:016x}", std::random_device{}()), 1, now};
  const core::Notification notification = TestNotification(name, receiver->language, now);
  std::optional<notify::SendOutcome> outcome;
  boost::asio::co_spawn(io, channel->Send(notification, leg),
                        [&](std::exception_ptr e, notify::SendOutcome o) {
                          curl.reset();  // pooled connections would keep io.run() going
                          if (e) std::rethrow_exception(e);
                          outcome = std::move(o);
                        });
  io.run();
  if (outcome && outcome->kind == notify::SendOutcome::Kind::kDelivered) {
    std::cout << fmt::format("receiver '{}': delivered\n", name);
    return kExitOk;
  }
  std::cerr << fmt::format("receiver '{}': not delivered ({}): {}\n", name,
                           outcome && outcome->kind == notify::SendOutcome::Kind::kRetry
                               ? "the daemon would retry"
                               : "permanent",
                           outcome ? outcome->detail : "no outcome");
  return kExitFailure;
}

}  // namespace sellerwatch::cli
