#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iostream>

#include "app/digest_loop.hpp"
#include "app/logs.hpp"
#include "cli/config_loading.hpp"
#include "config/shard_filter.hpp"
#include "core/clock.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "net/smtp_client.hpp"
#include "notify/channel_factory.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::cli {
namespace {

int Fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "sellerwatch digest: " << message << "\n";
  return code;
}

// Queues the digest for every digest receiver (not marked as a scheduled slot) and delivers
// what is due through the outbox, as `poll --once` does; what fails stays queued for the daemon.
int Send(std::shared_ptr<const config::Config> config, store::Db& db, const GlobalOptions& global) {
  core::SystemClock clock;
  const auto now = clock.Now();
  for (const auto& receiver : config->digest->receivers) {
    auto n = app::MakeDigestNotification(*config, db, receiver, now);
    if (!n) return Fail(n.error().message);
    if (auto r = app::EnqueueDigest(db, *n, std::nullopt, now); !r) {
      return Fail(r.error().message);
    }
  }
  app::Logs logs(LogLevel(global, *config), *app::ParseLogFormat(global.log_format));
  boost::asio::io_context io;
  std::optional<net::CurlMulti> curl(std::in_place, io);
  net::HttpClient http(*curl);
  net::SmtpClient smtp(*curl);
  notify::Channels channels;
  for (const auto& receiver : config->receivers) {
    channels.emplace(receiver.name, notify::MakeChannel(receiver, std::cout, http, smtp));
  }
  notify::OutboxDispatcher dispatcher(io, config, db, std::move(channels), clock,
                                      logs.Get("delivery"));
  if (auto r = dispatcher.Recover(); !r) return Fail(r.error().message);
  boost::asio::co_spawn(io, dispatcher.DrainOnce(), [&curl](std::exception_ptr e) {
    curl.reset();  // pooled connections would keep io.run() going
    if (e) std::rethrow_exception(e);
  });
  io.run();
  const auto& counters = dispatcher.counters();
  if (counters.failed > 0 || counters.retried > 0) {
    return Fail(fmt::format("{} delivered, {} to be retried by the daemon, {} failed",
                            counters.delivered, counters.retried, counters.failed));
  }
  std::cerr << fmt::format("sellerwatch digest: sent to {} receiver(s)\n",
                           config->digest->receivers.size());
  return kExitOk;
}

}  // namespace

int DigestCommand(const GlobalOptions& global, const DigestOptions& options) {
  if (options.preview.empty() && !options.text && !options.send) {
    return Fail("say what to do: --preview FILE, --text or --send", kExitUsage);
  }
  if (options.send && !options.account.empty()) {
    return Fail("--account is for --preview and --text; --send sends every account", kExitUsage);
  }
  auto whole =
      LoadWholeConfigOrReport(global, options.send ? Secrets::kRequired : Secrets::kOptional);
  if (!whole) return kExitConfig;
  auto config = ForShard(whole, global);
  if (global.shard && !options.account.empty()) {
    auto elsewhere = config::OwnedElsewhere(*whole, *global.shard, options.account);
    if (!elsewhere.empty()) return Fail(elsewhere, kExitUsage);
  }
  if (options.send && (!config->digest || config->digest->receivers.empty())) {
    return Fail("no digest receivers in " + config->path + " (add a `digest:` section)",
                kExitConfig);
  }
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) return Fail(db.error().message);

  if (!options.preview.empty() || options.text) {
    const std::string receiver = config->digest && !config->digest->receivers.empty()
                                     ? config->digest->receivers.front()
                                     : "preview";
    auto n = app::MakeDigestNotification(*config, **db, receiver, core::SystemClock().Now(),
                                         options.account);
    if (!n) {
      return Fail(n.error().message,
                  n.error().kind == core::ErrorKind::kData ? kExitUsage : kExitFailure);
    }
    if (!options.preview.empty()) {
      std::ofstream out(options.preview, std::ios::binary | std::ios::trunc);
      out << n->digest->html;
      out.close();
      if (!out) return Fail("cannot write " + options.preview);
      std::cerr << "sellerwatch digest: wrote " << options.preview << "\n";
    }
    if (options.text) std::cout << n->digest->text;
  }
  if (options.send) return Send(config, **db, global);
  return kExitOk;
}

}  // namespace sellerwatch::cli
