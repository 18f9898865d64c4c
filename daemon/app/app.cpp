#include "app/app.hpp"

#include <fmt/format.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <vector>

#include "app/digest_loop.hpp"
#include "app/engine_follower.hpp"
#include "app/evaluator.hpp"
#include "app/http_endpoint.hpp"
#include "app/systemd_notify.hpp"
#include "metrics/metrics_engine.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "net/imap_client.hpp"
#include "net/smtp_client.hpp"
#include "notify/alertmanager_resender.hpp"
#include "notify/channel_factory.hpp"
#include "notify/meta_alert.hpp"
#include "notify/notifier.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "sources/poller.hpp"
#include "sources/source_factory.hpp"
#include "store/alert_state_store.hpp"
#include "store/engine_snapshot_store.hpp"
#include "store/event_feed.hpp"
#include "store/event_store.hpp"
#include "store/ingest_ledger.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {
namespace asio = boost::asio;

// Delivered and failed notifications are kept this long, for troubleshooting.
constexpr core::Duration kOutboxRetention = 30 * core::kDay;
// An account's engine snapshot is saved at most this often (and at a clean stop), at most
// kSnapshotsPerEvaluation per evaluation.
constexpr core::Duration kSnapshotEvery = std::chrono::hours(1);
constexpr std::size_t kSnapshotsPerEvaluation = 200;

// Everything but where it was written: a source whose settings did not change keeps running.
struct App::Impl {
  std::shared_ptr<const config::Config> config;
  const core::Clock& clock;
  Logs& logs;
  std::ostream& console;
  App::ConfigReader reread;
  std::shared_ptr<spdlog::logger> log;
  // Before everything that owns timers or sockets (the dispatcher, the clients), so it is
  // destroyed after them. io.run() returns only once no task is left, so no coroutine frame
  // outlives the objects it points to.
  asio::io_context io;
  std::unique_ptr<net::HttpServer> http_server;  // /healthz /readyz /metrics /api/v1/status
  std::unique_ptr<store::Db> db;
  std::unique_ptr<store::IngestLedger> ledger;
  std::unique_ptr<metrics::MetricsEngine> engine;
  std::unique_ptr<EngineFollower> follower;  // the engine's view of the store's change feed
  std::unique_ptr<notify::Notifier> notifier;
  std::unique_ptr<notify::OutboxDispatcher> dispatcher;
  std::unique_ptr<Evaluator> evaluator;
  // A running source (one poller per stream): what it was built from, so a reload can tell
  // whether it changed.
  struct SourceTask {
    std::string marketplace;
    config::SourceConfig settings;
    std::vector<std::shared_ptr<sources::Poller>> pollers;
    std::vector<asio::cancellation_signal*> stops;  // set once running
  };
  std::map<std::string, SourceTask> sources;  // by SourceId
  asio::cancellation_signal* heartbeat_stop = nullptr;
  std::uint64_t reload_failures = 0;
  std::uint64_t evaluations = 0;                     // for /metrics
  asio::cancellation_signal* digest_stop = nullptr;  // the weekly digest, when configured

  std::optional<asio::steady_timer> group_timer;  // next notification group flush
  // Resetting `curl` closes pooled connections and aborts transfers in flight (their senders
  // finish with an error), so io.run() can return.
  std::optional<net::CurlMulti> curl;
  std::optional<net::HttpClient> http;
  std::optional<net::ImapClient> imap;
  std::optional<net::SmtpClient> smtp;
  std::vector<std::unique_ptr<asio::cancellation_signal>> stops;
  std::optional<asio::signal_set> signals;
  std::optional<core::Timestamp> last_prune;
  bool evaluate_after_feed = false;  // an evaluation waits for the feed slices to finish
  bool feed_slices_posted = false;
  SystemdNotify systemd;
  bool evaluation_queued = false;
  bool stopping = false;

  Impl(std::shared_ptr<const config::Config> c, const core::Clock& k, Logs& g, std::ostream& o,
       App::ConfigReader r)
      : config(std::move(c)),
        clock(k),
        logs(g),
        console(o),
        reread(std::move(r)),
        log(logs.Get("app")) {}

  notify::Channels MakeChannels(const config::Config& c) {
    notify::Channels channels;
    for (const auto& receiver : c.receivers) {
      channels.emplace(receiver.name, notify::MakeChannel(receiver, console, *http, *smtp));
    }
    return channels;
  }

  core::Result<SourceTask> MakeSourceTask(const config::AccountConfig& account,
                                          const config::SourceConfig& source) {
    sources::SourceDeps deps{
        *db,
        *ledger,
        *http,
        *imap,
        logs.Get("source"),
        [this](const core::Alert& alert, const std::string& key, core::Timestamp now) {
          // The config of now: routes may have changed since the source started.
          auto queued = notify::QueueMetaAlert(*db, *config, alert, key, now);
          if (queued) dispatcher->Wake();
          return queued;
        }};
    auto made = sources::MakePollers(account, source, deps);
    if (!made) return made.error();
    SourceTask task{account.marketplace, source, {}, {}};
    for (auto& p : *made) task.pollers.push_back(std::move(p));
    return task;
  }

  void StartSource(SourceTask& task) {
    for (const auto& poller : task.pollers) {
      task.stops.push_back(&Spawn("source " + poller->id(),
                                  poller->Run(clock, [this] { QueueEvaluation(); }), poller));
    }
  }

  static std::vector<std::string> AccountIds(const config::Config& c) {
    std::vector<std::string> ids;
    for (const auto& account : c.accounts) ids.push_back(account.id);
    return ids;
  }

  // Applies the change feed (this daemon's writes and anyone else's) one slice at a time. True
  // when the engine is up to date; otherwise the next slice is posted and, if `then_evaluate`,
  // the evaluation runs once the last slice is applied.
  bool CatchUp(bool then_evaluate) {
    evaluate_after_feed = evaluate_after_feed || then_evaluate;
    if (feed_slices_posted) return false;  // the posted slices carry on
    auto done = follower->CatchUp(kFeedSlice);
    if (!done) {
      log->error("change feed: {}", done.error().message);
      evaluate_after_feed = false;
      return true;  // evaluate what the engine has; the next evaluation tries again
    }
    if (*done) {
      evaluate_after_feed = false;
      return true;
    }
    feed_slices_posted = true;
    asio::post(io, [this] {
      feed_slices_posted = false;
      if (stopping) return;
      if (CatchUp(false) && std::exchange(evaluate_after_feed, false)) Evaluate();
    });
    return false;
  }

  // Shutdown and `poll --once`: the whole feed now.
  void CatchUpNow() {
    while (true) {
      auto done = follower->CatchUp(kFeedSlice);
      if (!done) log->error("change feed: {}", done.error().message);
      if (!done || *done) return;
    }
  }

  void SaveSnapshots(core::Timestamp now, std::size_t limit, core::Duration min_age) {
    if (auto saved = follower->SaveSnapshots(limit, min_age, now); !saved) {
      log->error("engine snapshots: {}", saved.error().message);
    }
    if (auto trimmed = follower->TrimFeed(50'000); !trimmed) {
      log->error("change feed: {}", trimmed.error().message);
    }
  }

  void Evaluate() {
    if (!CatchUp(true)) return;  // evaluates after the last slice
    core::Timestamp now = clock.Now();
    PruneIfDue(now);
    auto stats = evaluator->RunOnce(now);
    ++evaluations;
    log->debug("evaluated {} rules of {} accounts: {} transitions", stats.rules, stats.accounts,
               stats.transitions);
    FlushGroups(now);
    SaveSnapshots(now, kSnapshotsPerEvaluation, kSnapshotEvery);
    systemd.Status(Summary());
  }

  // One line for `systemctl status`.
  std::string Summary() {
    auto firing = store::AlertStateStore(*db).CountFiring();
    auto outbox = store::OutboxStore(*db).Counts();
    std::size_t down = 0;
    for (const auto& [id, task] : sources) {
      for (const auto& poller : task.pollers) down += poller->down();
    }
    return fmt::format("{} accounts, {} alerts firing, {} sources down, {} notifications queued",
                       config->accounts.size(), firing ? *firing : -1, down,
                       outbox ? outbox->pending + outbox->sending : -1);
  }

  // Dead-man switch: an external monitor expects this GET every `every`; when sellerwatch is
  // dead (or its loop stuck), the pings stop and that monitor raises the alarm.
  asio::awaitable<void> HeartbeatLoop(config::HeartbeatConfig heartbeat) {
    asio::steady_timer timer(io);
    auto next = std::chrono::steady_clock::now();
    while (true) {
      net::HttpRequest ping;
      ping.url = heartbeat.url.Reveal();
      ping.timeout = std::min<core::Duration>(heartbeat.every, std::chrono::seconds(30));
      ping.max_response_bytes = 64 * 1024;
      auto answer = co_await http->Send(std::move(ping));
      if (!answer) {
        log->warn("heartbeat failed: {}",
                  net::RedactUrl(answer.error().message, heartbeat.url.Reveal()));
      } else if (answer->status / 100 != 2) {
        log->warn("heartbeat answered HTTP {}", answer->status);
      }
      next += heartbeat.every;
      timer.expires_at(next);
      co_await timer.async_wait(asio::use_awaitable);
    }
  }

  // Pings come from the io loop itself: a stuck loop stops them and systemd restarts us.
  asio::awaitable<void> WatchdogLoop(std::chrono::microseconds every) {
    asio::steady_timer timer(io);
    while (true) {
      systemd.WatchdogPing();
      timer.expires_after(every);
      co_await timer.async_wait(asio::use_awaitable);
    }
  }

  // Due notification groups → outbox; then the dispatcher and the group timer look again.
  void FlushGroups(core::Timestamp now) {
    auto flushed = notifier->FlushDue(now);
    if (!flushed) {
      log->error("notification groups: {}", flushed.error().message);
    } else if (flushed->notifications > 0) {
      dispatcher->Wake();
    }
    if (group_timer) group_timer->cancel();
  }

  asio::awaitable<void> GroupLoop() {
    while (true) {
      auto wait = std::chrono::steady_clock::duration(std::chrono::minutes(1));
      if (auto due = notifier->NextDue()) {
        auto until =
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(*due - clock.Now());
        wait = std::clamp(until, std::chrono::steady_clock::duration::zero(), wait);
      }
      group_timer->expires_after(wait);
      boost::system::error_code ec;  // cancelled: re-arm for the new next due time
      co_await group_timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (stopping) co_return;
      if (!ec) FlushGroups(clock.Now());
    }
  }

  // Retention: once an hour, drop events no window can reach any more.
  void PruneIfDue(core::Timestamp now) {
    if (last_prune && now - *last_prune < std::chrono::hours(1)) return;
    last_prune = now;
    engine->Prune(now);
    if (auto r = store::OutboxStore(*db).Prune(now - kOutboxRetention); !r) {
      log->error("retention: outbox: {}", r.error().message);
    }
    auto dropped = store::EventStore(*db).Prune(now - store::kEventRetention);
    if (!dropped) {
      log->error("retention: {}", dropped.error().message);
    } else if (*dropped > 0) {
      log->info("retention: dropped {} events older than {} days", *dropped,
                store::kEventRetention / core::kDay);
    }
  }

  // Many polls finishing together cause one evaluation, not one each.
  void QueueEvaluation() {
    if (evaluation_queued || stopping) return;
    evaluation_queued = true;
    asio::post(io, [this] {
      evaluation_queued = false;
      if (!stopping) Evaluate();
    });
  }

  asio::awaitable<void> EvaluationLoop() {
    asio::steady_timer timer(io);
    auto next = std::chrono::steady_clock::now() + config->daemon.evaluation_interval;
    while (true) {
      timer.expires_at(next);
      co_await timer.async_wait(asio::use_awaitable);
      Evaluate();
      const auto every = config->daemon.evaluation_interval;  // a reload may change it
      next += every;
      auto now = std::chrono::steady_clock::now();
      while (next <= now) next += every;
    }
  }

  // Spawns a long-running task that stops when its signal is emitted. A task that dies of
  // anything but that is logged loudly: a silently dead poller is a blind monitor.
  // `keep_alive` lives until the task has finished (a source removed by a reload).
  template <class Task>
  asio::cancellation_signal& Spawn(std::string what, Task task,
                                   std::shared_ptr<void> keep_alive = {}) {
    auto& signal = *stops.emplace_back(std::make_unique<asio::cancellation_signal>());
    asio::co_spawn(io, std::move(task),
                   asio::bind_cancellation_slot(
                       signal.slot(), [this, what = std::move(what),
                                       keep_alive = std::move(keep_alive)](std::exception_ptr e) {
                         if (!e || stopping) return;
                         try {
                           std::rethrow_exception(e);
                         } catch (const std::exception& ex) {
                           log->critical("{} stopped unexpectedly: {}", what, ex.what());
                         }
                       }));
    return signal;
  }

  void Stop() {
    if (stopping) return;
    stopping = true;
    systemd.Stopping();
    log->info(
        "stopping: sources first, then a final evaluation and the deliveries due (for at "
        "most {})",
        core::FormatDuration(config->daemon.shutdown_timeout));
    for (auto& s : stops) s->emit(asio::cancellation_type::terminal);
    if (http_server) http_server->Stop();
    asio::co_spawn(io, Finish(), [this](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log->critical("shutdown: {}", ex.what());
      }
    });
  }

  asio::awaitable<void> Finish() {
    CatchUpNow();
    Evaluate();
    SaveSnapshots(clock.Now(), SIZE_MAX, core::Duration::zero());
    auto deadline = std::chrono::steady_clock::now() + config->daemon.shutdown_timeout;
    std::size_t left = co_await dispatcher->Drain(deadline);
    if (left > 0) {
      log->warn(
          "shutdown_timeout passed with {} notification(s) still being sent: they are "
          "sent again at the next start",
          left);
    }
    curl.reset();  // aborts what is left and closes pooled connections, so io.run() returns
    log->info("stopped");
    if (signals) signals->cancel();
  }

  // SIGHUP: the new config is read and checked completely before anything changes; a bad one
  // leaves the running config alone and says so to the operator and the receivers.
  void Reload() {
    systemd.Reloading();
    core::Timestamp now = clock.Now();
    log->info("SIGHUP: reloading {}", config->path);
    if (auto failed = TryReload(now)) {
      ++reload_failures;
      log->error("reload failed, the running config stays: {}", *failed);
      auto alert = core::MakeMetaAlert(
          "config_reload_failed", core::Severity::kWarning, {{"metric", "sellerwatch.config"}},
          fmt::format("sellerwatch could not reload {}: {}. It keeps running with the previous "
                      "config.",
                      config->path, *failed),
          fmt::format("Run `sellerwatch check-config -c {}` to see every problem, fix them, and "
                      "reload again.",
                      config->path),
          now);
      auto key = fmt::format("config_reload_failed-{}", now.time_since_epoch().count());
      if (auto r = notify::QueueMetaAlert(*db, *config, alert, key, now); !r) {
        log->error("config_reload_failed alert: {}", r.error().message);
      }
      dispatcher->Wake();
    }
    systemd.Ready(Summary());
  }

  // Applies the re-read config; returns why it could not, or nullopt when it did.
  std::optional<std::string> TryReload(core::Timestamp now) {
    if (!reread) return "this process cannot re-read its config";
    auto loaded = reread();
    std::size_t errors = 0;
    for (const auto& d : loaded.diagnostics) {
      if (d.warning) {
        log->warn("reload: {}", d.Format());
      } else {
        ++errors;
        log->error("reload: {}", d.Format());
      }
    }
    if (!loaded.ok()) {
      return fmt::format("{} problem{} in the new config", errors, errors == 1 ? "" : "s");
    }
    auto next = std::make_shared<config::Config>(*loaded.config);
    // These are bound at start-up: the store is open, the socket is bound.
    if (next->daemon.state_dir != config->daemon.state_dir) {
      log->warn("reload: daemon.state_dir changed; that takes a restart (still using {})",
                config->daemon.state_dir);
      next->daemon.state_dir = config->daemon.state_dir;
    }
    if (next->daemon.listen != config->daemon.listen) {
      log->warn("reload: daemon.listen changed; that takes a restart (still on {})",
                config->daemon.listen);
      next->daemon.listen = config->daemon.listen;
    }
    if (next->daemon.listen_token != config->daemon.listen_token) {
      log->warn("reload: daemon.listen_token changed; that takes a restart (the old one stays)");
      next->daemon.listen_token = config->daemon.listen_token;
    }

    // Build everything that can fail before changing anything.
    std::map<std::string, SourceTask> kept, added;
    for (const auto& account : next->accounts) {
      for (const auto& source : account.sources) {
        auto id = sources::SourceId(account, source);
        auto running = sources.find(id);
        if (running != sources.end() && running->second.marketplace == account.marketplace &&
            running->second.settings == source) {
          kept.emplace(id, std::move(running->second));
          sources.erase(running);
          continue;
        }
        auto task = MakeSourceTask(account, source);
        if (!task) {
          sources.merge(kept);  // give back what was taken out
          return task.error().message;
        }
        added.emplace(id, std::move(*task));
      }
    }
    if (auto r = notifier->Reconfigure(next, now); !r) {
      sources.merge(kept);
      return r.error().message;
    }

    // The point of no return: swap.
    std::shared_ptr<const config::Config> previous = config;
    config = next;
    evaluator->Reconfigure(config);
    dispatcher->Reconfigure(config, MakeChannels(*config));
    for (auto& [id, task] : sources) {  // removed or changed
      log->info("source={} removed or changed: stopping it", id);
      for (auto* stop : task.stops) stop->emit(asio::cancellation_type::terminal);
    }
    sources = std::move(kept);
    for (auto& [id, task] : added) {
      log->info("source={} added or changed: starting it", id);
      StartSource(task);
      sources.insert_or_assign(id, std::move(task));
    }
    std::vector<std::string> added_accounts, removed_accounts;
    for (const auto& account : config->accounts) {
      if (!previous->FindAccount(account.id)) added_accounts.push_back(account.id);
    }
    for (const auto& account : previous->accounts) {
      if (!config->FindAccount(account.id)) removed_accounts.push_back(account.id);
    }
    follower->Forget(removed_accounts);
    if (auto r = follower->Follow(added_accounts); !r) {
      log->error("load metrics of added accounts: {}", r.error().message);
    }
    if (config->daemon.log_level != previous->daemon.log_level) {
      logs.SetLevel(config->daemon.log_level);
    }
    if (config->daemon.heartbeat != previous->daemon.heartbeat) {
      if (heartbeat_stop) heartbeat_stop->emit(asio::cancellation_type::terminal);
      heartbeat_stop = nullptr;
      StartHeartbeat();
    }
    if (digest_stop) digest_stop->emit(asio::cancellation_type::terminal);
    digest_stop = nullptr;
    StartDigest();
    if (auto retired = evaluator->RetireRemoved(now); !retired) {
      log->error("resolve alerts of removed rules: {}", retired.error().message);
    }
    log->info("reloaded: {} accounts, {} sources, {} receivers, {} routes", config->accounts.size(),
              sources.size(), config->receivers.size(), config->routes.size());
    QueueEvaluation();
    return std::nullopt;
  }

  // The digest loop works from one config; a reload starts a new one (the store says what was
  // sent, so nothing is sent twice).
  void StartDigest() {
    if (!config->digest) return;
    auto loop = std::make_shared<DigestLoop>(config, *db, clock, logs.Get("digest"),
                                             [this] { dispatcher->Wake(); });
    digest_stop = &Spawn("digest", loop->Run(), loop);
  }

  void StartHeartbeat() {
    if (const auto& hb = config->daemon.heartbeat; hb && !hb->url.empty()) {
      heartbeat_stop = &Spawn("heartbeat", HeartbeatLoop(*hb));
    }
  }

  // SIGINT/SIGTERM stop gracefully, a second one exits at once; SIGHUP reloads the config.
  void WaitForSignal() {
    signals->async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;   // cancelled by Stop(): the loop may finish
      WaitForSignal();  // first: Stop() may finish (and cancel the wait) before it returns
      if (sig == SIGHUP) {
        if (!stopping) Reload();
      } else if (stopping) {
        // At once, without unwinding the tasks still running: the store is crash-safe and
        // the outbox re-sends what was in flight.
        log->warn("second stop signal: exiting now");
        log->flush();
        std::_Exit(1);
      } else {
        log->info("received {}", sig == SIGTERM ? "SIGTERM" : "SIGINT");
        Stop();
      }
    });
  }
};

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
App::~App() = default;

core::Result<std::unique_ptr<App>> App::Create(std::shared_ptr<const config::Config> config,
                                               Logs& logs, std::ostream& console,
                                               const core::Clock& clock, ConfigReader reread) {
  auto impl = std::make_unique<Impl>(config, clock, logs, console, std::move(reread));
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) return db.error().Context("store");
  impl->db = std::move(*db);
  impl->ledger = std::make_unique<store::IngestLedger>(*impl->db);
  auto notifier = notify::Notifier::Create(config, *impl->db, logs.Get("notify"));
  if (!notifier) return notifier.error();
  impl->notifier = std::move(*notifier);
  impl->curl.emplace(impl->io);
  impl->http.emplace(*impl->curl);
  impl->imap.emplace(*impl->curl);
  impl->smtp.emplace(*impl->curl);
  impl->dispatcher = std::make_unique<notify::OutboxDispatcher>(
      impl->io, config, *impl->db, impl->MakeChannels(*config), clock, logs.Get("delivery"));
  if (auto r = impl->dispatcher->Recover(); !r) return r.error().Context("outbox");
  store::Db& db_ref = *impl->db;
  impl->engine = std::make_unique<metrics::MetricsEngine>(
      [&db_ref](const std::string& account, const std::string& id) {
        auto purchased = store::EventStore(db_ref).OrderPurchasedAt(account, id);
        return purchased ? *purchased : std::nullopt;
      });
  auto feed = store::EventFeed::Open(*impl->db);
  if (!feed) return feed.error().Context("store");
  impl->follower =
      std::make_unique<EngineFollower>(*impl->db, std::move(*feed), *impl->engine, logs.Get("app"));
  if (auto r = impl->follower->Follow(Impl::AccountIds(*config)); !r) {
    return r.error().Context("store");
  }
  if (auto r = store::EngineSnapshotStore(*impl->db).DeleteOthers(Impl::AccountIds(*config)); !r) {
    return r.error().Context("store");
  }
  impl->evaluator = std::make_unique<Evaluator>(config, *impl->db, *impl->engine, *impl->notifier,
                                                logs.Get("rules"));
  if (auto r = impl->evaluator->RetireRemoved(clock.Now()); !r) {
    return r.error().Context("resolve alerts of removed rules");
  }
  for (const auto& account : config->accounts) {
    for (const auto& source : account.sources) {
      auto task = impl->MakeSourceTask(account, source);
      if (!task) return task.error();
      impl->sources.emplace(sources::SourceId(account, source), std::move(*task));
    }
  }
  return std::unique_ptr<App>(new App(std::move(impl)));
}

int App::Run() {
  Impl& s = *impl_;
  s.log->info("sellerwatch {} started: {} accounts, {} sources, state in {}", SELLERWATCH_VERSION,
              s.config->accounts.size(), s.sources.size(), s.config->daemon.state_dir);
  auto http = StartHttpEndpoint(
      s.io, s.config->daemon,
      {[&s] {
         std::vector<SourceSnapshot> sources;
         for (const auto& [id, task] : s.sources) {
           for (const auto& poller : task.pollers) sources.push_back(SnapshotOf(*poller));
         }
         return CollectRuntimeSnapshot(
             std::move(sources), s.dispatcher->counters(),
             {s.evaluations, s.reload_failures, s.follower->counters().changes_applied,
              s.follower->counters().loads_from_events,
              s.follower->counters().loads_from_snapshots},
             *s.db, s.clock.Now(), s.config->shard);
       },
       [&s](const std::string& account) {
         return BuildLiveStatusReport(*s.config, *s.db, *s.engine, s.clock.Now(), account);
       }},
      s.log);
  if (!http) {
    s.log->critical("{}", http.error().message);
    return 1;
  }
  s.http_server = std::move(*http);
  s.signals.emplace(s.io, SIGINT, SIGTERM, SIGHUP);
  s.WaitForSignal();
  for (auto& [id, task] : s.sources) s.StartSource(task);
  s.Spawn("evaluation loop", s.EvaluationLoop());
  s.group_timer.emplace(s.io);
  s.Spawn("notification groups", s.GroupLoop());
  s.Spawn("delivery", s.dispatcher->Run());
  s.Spawn("alertmanager re-sends",
          notify::AlertmanagerResender::Loop(s.config, *s.db, *s.dispatcher, s.clock,
                                             s.logs.Get("alertmanager")));
  s.StartDigest();
  if (auto every = SystemdNotify::WatchdogInterval()) s.Spawn("watchdog", s.WatchdogLoop(*every));
  s.StartHeartbeat();
  s.systemd.Ready(s.Summary());
  s.io.run();  // returns once Stop() has cancelled every task and the signal wait
  return 0;
}

int App::PollOnce() {
  Impl& s = *impl_;
  int failed = 0;
  asio::co_spawn(
      s.io,
      [&]() -> asio::awaitable<void> {
        for (auto& [id, task] : s.sources) {
          for (auto& poller : task.pollers) {
            auto r = co_await poller->RunOnce(s.clock.Now());
            if (!r) ++failed;
          }
        }
      },
      [&](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  s.io.run();
  s.CatchUpNow();
  s.Evaluate();
  s.SaveSnapshots(s.clock.Now(), SIZE_MAX, core::Duration::zero());
  asio::co_spawn(s.io, s.dispatcher->DrainOnce(), [&s](std::exception_ptr e) {
    s.curl.reset();  // pooled connections would keep io.run() going
    if (e) std::rethrow_exception(e);
  });
  s.io.restart();
  s.io.run();
  return failed ? 1 : 0;
}

}  // namespace sellerwatch::app
