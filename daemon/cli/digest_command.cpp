#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iostream>

#include "app/digest_export.hpp"
#include "app/digest_loop.hpp"
#include "app/logs.hpp"
#include "cli/config_loading.hpp"
#include "config/shard_filter.hpp"
#include "core/clock.hpp"
#include "core/shard.hpp"
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

// Delivers what is due through the outbox, as `poll --once` does; what fails stays queued
// for the daemon. `receivers`: how many digests were queued, for the closing line.
int Deliver(std::shared_ptr<const config::Config> config, store::Db& db,
            const GlobalOptions& global, std::size_t receivers) {
  core::SystemClock clock;
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
  std::cerr << fmt::format("sellerwatch digest: sent to {} receiver(s)\n", receivers);
  return kExitOk;
}

// Queues the digest for every digest receiver (not marked as a scheduled slot) and delivers it.
int Send(std::shared_ptr<const config::Config> config, store::Db& db, const GlobalOptions& global) {
  const auto now = core::SystemClock().Now();
  for (const auto& receiver : config->digest->receivers) {
    auto n = app::MakeDigestNotification(*config, db, receiver, now);
    if (!n) return Fail(n.error().message);
    if (auto r = app::EnqueueDigest(db, *n, std::nullopt, now); !r) {
      return Fail(r.error().message);
    }
  }
  return Deliver(config, db, global, config->digest->receivers.size());
}

// --preview FILE and --text of a rendered digest.
int Show(const core::Notification& n, const DigestOptions& options) {
  if (!options.preview.empty()) {
    std::ofstream out(options.preview, std::ios::binary | std::ios::trunc);
    out << n.digest->html;
    out.close();
    if (!out) return Fail("cannot write " + options.preview);
    std::cerr << "sellerwatch digest: wrote " << options.preview << "\n";
  }
  if (options.text) std::cout << n.digest->text;
  return kExitOk;
}

// The receiver a preview is rendered for (in its language): the first digest receiver, else
// "preview" (in daemon.language).
std::string PreviewReceiver(const config::Config& config) {
  return config.digest && !config.digest->receivers.empty() ? config.digest->receivers.front()
                                                            : "preview";
}

// --export FILE: this shard's accounts, atomically written.
int Export(const config::Config& config, store::Db& db, const std::string& file) {
  auto e = app::BuildDigestExport(config, db, core::SystemClock().Now());
  if (!e) return Fail(e.error().message);
  if (auto r = app::WriteDigestExport(file, *e); !r) return Fail(r.error().message);
  std::cerr << fmt::format(
      "sellerwatch digest: wrote {} (shard {}, {} account(s), {})\n", file, e->shard.Label(),
      e->accounts.size(),
      e->slot ? "digest of " + core::FormatRfc3339(*e->slot) : std::string("no digest schedule"));
  return kExitOk;
}

// --merge FILE…: one digest from every shard's export; refuses an incomplete or mismatched set.
int Merge(std::shared_ptr<const config::Config> config, store::Db& db, const GlobalOptions& global,
          const DigestOptions& options) {
  std::vector<digest::NamedExport> exports;
  for (const auto& file : options.merge) {
    auto e = app::ReadDigestExport(file);
    if (!e) {
      return Fail(e.error().message,
                  e.error().kind == core::ErrorKind::kData ? kExitData : kExitNoInput);
    }
    exports.push_back(std::move(*e));
  }
  auto sha = app::ConfigSha256(*config);
  if (!sha) return Fail(sha.error().message, kExitConfig);
  auto merged = digest::MergeExports(exports, *config, *sha);
  if (!merged) return Fail("refusing to merge: " + merged.error().message, kExitData);
  if (!options.preview.empty() || options.text) {
    const std::string timezone =
        config->digest ? config->digest->timezone : config->daemon.timezone;
    const std::string receiver = PreviewReceiver(*config);
    auto n = app::MakeDigestNotification(merged->For(receiver, timezone), merged->built_at,
                                         app::ReceiverLanguage(*config, receiver));
    if (int rc = Show(n, options); rc != kExitOk) return rc;
  }
  if (!options.send) return kExitOk;
  auto queued = app::QueueMergedDigest(*config, db, *merged, core::SystemClock().Now());
  if (!queued) {
    return Fail(queued.error().message,
                queued.error().kind == core::ErrorKind::kData ? kExitData : kExitFailure);
  }
  for (const auto& receiver : queued->already_sent) {
    std::cerr << fmt::format(
        "sellerwatch digest: {} already has the digest of {}; not sent again\n", receiver,
        core::FormatRfc3339(*merged->slot));
  }
  if (queued->queued.empty()) return kExitOk;
  return Deliver(config, db, global, queued->queued.size());
}

}  // namespace

int DigestCommand(const GlobalOptions& global, const DigestOptions& options) {
  const bool show = !options.preview.empty() || options.text;
  if (!options.export_file.empty()) {
    if (show || options.send || !options.merge.empty() || !options.account.empty()) {
      return Fail("--export writes this shard's part for `--merge`; use it alone", kExitUsage);
    }
  } else if (!show && !options.send) {
    return Fail("say what to do: --preview FILE, --text, --send or --export FILE", kExitUsage);
  }
  if (!options.merge.empty() && !options.account.empty()) {
    return Fail("--account is not for --merge: the merged digest has every account", kExitUsage);
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

  if (!options.export_file.empty()) return Export(*config, **db, options.export_file);
  // The merge covers every shard: it checks the exports against the whole config, whatever
  // --shard or $SELLERWATCH_SHARD this instance runs with.
  if (!options.merge.empty()) return Merge(whole, **db, global, options);
  if (show) {
    auto n = app::MakeDigestNotification(*config, **db, PreviewReceiver(*config),
                                         core::SystemClock().Now(), options.account);
    if (!n) {
      return Fail(n.error().message,
                  n.error().kind == core::ErrorKind::kData ? kExitUsage : kExitFailure);
    }
    if (int rc = Show(*n, options); rc != kExitOk) return rc;
  }
  if (options.send) return Send(config, **db, global);
  return kExitOk;
}

}  // namespace sellerwatch::cli
