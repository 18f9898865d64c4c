#include "app/app.hpp"

#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <vector>

#include "app/digest_input.hpp"
#include "app/digest_loop.hpp"
#include "app/engine_follower.hpp"
#include "app/evaluator.hpp"
#include "app/http_endpoint.hpp"
#include "app/reload_plan.hpp"
#include "app/retention.hpp"
#include "app/scheduler.hpp"
#include "app/source_supervisor.hpp"
#include "app/store_writes.hpp"
#include "app/systemd_notify.hpp"
#include "app/task_group.hpp"
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
#include "store/alert_history_store.hpp"
#include "store/alert_state_store.hpp"
#include "store/engine_snapshot_store.hpp"
#include "store/event_feed.hpp"
#include "store/event_store.hpp"
#include "store/ingest_ledger.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"
#include "store/silence_store.hpp"

namespace sellerwatch::app {
namespace asio = boost::asio;

// An account's engine snapshot is saved at most this often (and at a clean stop), at most
// kSnapshotsPerEvaluation per evaluation.
constexpr core::Duration kSnapshotEvery = std::chrono::hours(1);
constexpr std::size_t kSnapshotsPerEvaluation = 200;

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
  TaskGroup tasks{io, log};
  std::unique_ptr<net::HttpServer> http_server;  // /healthz /readyz /metrics /api/v1/status
  std::unique_ptr<store::Db> db;
  std::unique_ptr<store::IngestLedger> ledger;
  std::unique_ptr<metrics::MetricsEngine> engine;
  std::unique_ptr<EngineFollower> follower;  // the engine's view of the store's change feed
  std::unique_ptr<Retention> retention;
  std::unique_ptr<notify::Notifier> notifier;
  std::unique_ptr<notify::OutboxDispatcher> dispatcher;
  std::unique_ptr<Evaluator> evaluator;
  std::unique_ptr<SourceSupervisor> sources;
  std::optional<TaskGroup::TaskId> heartbeat_task;
  std::optional<TaskGroup::TaskId> digest_task;  // the weekly digest, when configured
  std::shared_ptr<DigestLoop> digest_loop;       // digest_task's
  std::uint64_t reloads = 0;
  std::uint64_t reload_failures = 0;
  std::uint64_t evaluations = 0;  // for /metrics

  std::optional<GroupFlushLoop> groups;  // `run` only
  // Resetting `curl` closes pooled connections and aborts transfers in flight (their senders
  // finish with an error), so io.run() can return.
  std::optional<net::CurlMulti> curl;
  std::optional<net::HttpClient> http;
  std::optional<net::ImapClient> imap;
  std::optional<net::SmtpClient> smtp;
  std::optional<asio::signal_set> signals;
  bool evaluate_after_feed = false;  // an evaluation waits for the feed slices to finish
  bool feed_slices_posted = false;
  SystemdNotify systemd;
  bool evaluation_queued = false;

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

  core::Result<SourceSupervisor::Pollers> MakePollers(const config::AccountConfig& account,
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
    return SourceSupervisor::Pollers(std::make_move_iterator(made->begin()),
                                     std::make_move_iterator(made->end()));
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
      if (tasks.stopping()) return;
      if (CatchUp(false) && std::exchange(evaluate_after_feed, false)) Evaluate();
    });
    return false;
  }

  // While the store refuses writes (disk full), each writer waits for the store's next try
  // instead of failing again at once: a few attempts a minute, not a busy loop.
  bool StoreMayTry() const { return db->write_health().MayTry(std::chrono::steady_clock::now()); }

  // When the group loop should look again: when the next group is due, but while the store
  // refuses writes not before its next try (a group that could not be flushed stays due).
  std::optional<core::Timestamp> GroupsDue() {
    auto due = notifier->NextDue();
    const store::WriteHealth& health = db->write_health();
    if (!due || !health.full()) return due;
    auto wait =
        std::chrono::ceil<core::Duration>(health.next_try() - std::chrono::steady_clock::now());
    return std::max(*due, clock.Now() + wait);
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
    if (!StoreMayTry()) return;  // a snapshot not saved now is saved at a later evaluation
    if (auto saved = follower->SaveSnapshots(limit, min_age, now); !saved) {
      LogFailure("engine snapshots", saved.error());
    }
    if (auto trimmed = follower->TrimFeed(50'000); !trimmed) {
      LogFailure("change feed", trimmed.error());
    }
  }

  // A step of the wall clock, at a point where no transaction is open: stored timers move with
  // it, in one transaction, and time follows the wall clock again.
  void TakeClockJump() {
    auto jump = clock.TakeJump();
    if (!jump) return;
    auto shifted = [&]() -> core::Result<void> {
      auto tx = store::Transaction::Begin(*db);
      if (!tx) return tx.error();
      if (auto r = store::AlertStateStore(*db).ShiftTimes(*jump); !r) return r;
      if (auto r = store::AlertHistoryStore(*db).ShiftOpen(*jump); !r) return r;
      if (auto r = store::OutboxStore(*db).ShiftUnfinished(*jump); !r) return r;
      if (auto r = notifier->ShiftTimes(*jump); !r) return r;
      return tx->Commit();
    }();
    const bool forward = *jump > core::Duration::zero();
    // Rounded: the jump is measured against elapsed time, a few milliseconds off.
    const std::string by =
        core::FormatDuration(std::chrono::round<std::chrono::seconds>(forward ? *jump : -*jump));
    if (!shifted) {
      log->error("the wall clock jumped {} by {}, and moving the alert timers failed: {}",
                 forward ? "forward" : "back", by, shifted.error().message);
      (void)notifier->Reload();
      return;  // the timers stay as they were; time in alerts is off by the jump
    }
    log->warn(
        "the wall clock jumped {} by {} without that time passing: pending `for` timers, "
        "notification groups and delivery retries moved with it",
        forward ? "forward" : "back", by);
    dispatcher->Wake();
    if (groups) groups->Rearm();
    // The digest loop sleeps up to an hour towards its next slot: a jump past it sends now.
    if (digest_loop) digest_loop->Wake();
  }

  // A refused write on a full disk was logged once by the store's listener: debug here.
  void LogFailure(std::string_view what, const core::Error& e) {
    log->log(core::IsStoreFull(e) ? spdlog::level::debug : spdlog::level::err, "{}: {}", what,
             e.message);
  }

  void Evaluate() {
    if (!StoreMayTry()) return;  // disk full: the next evaluation after the store's next try
    if (!CatchUp(true)) return;  // evaluates after the last slice
    TakeClockJump();
    core::Timestamp now = clock.Now();
    retention->PruneIfDue(now);
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
    return fmt::format("{} accounts, {} alerts firing, {} sources down, {} notifications queued",
                       config->accounts.size(), firing ? *firing : -1, sources->down(),
                       outbox ? outbox->pending + outbox->sending : -1);
  }

  // Due notification groups → outbox; then the dispatcher and the group loop look again.
  void FlushGroups(core::Timestamp now) {
    if (StoreMayTry()) {
      auto flushed = notifier->FlushDue(now);
      if (!flushed) {
        LogFailure("notification groups", flushed.error());
      } else if (flushed->notifications > 0) {
        dispatcher->Wake();
      }
    }
    if (groups) groups->Rearm();
  }

  // Many polls finishing together cause one evaluation, not one each.
  void QueueEvaluation() {
    if (evaluation_queued || tasks.stopping()) return;
    evaluation_queued = true;
    asio::post(io, [this] {
      evaluation_queued = false;
      if (!tasks.stopping()) Evaluate();
    });
  }

  void Stop() {
    if (tasks.stopping()) return;
    systemd.Stopping();
    log->info(
        "stopping: sources first, then a final evaluation and the deliveries due (for at "
        "most {})",
        core::FormatDuration(config->daemon.shutdown_timeout));
    tasks.StopAll();
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
      // `failed` is the config checker's own text, in English.
      auto words = [&](const i18n::Translator& tr) {
        return core::MetaAlertText{
            tr.Tr("sellerwatch could not reload {}: {}. It keeps running with the previous "
                  "config.",
                  config->path, *failed),
            tr.Tr("Run `sellerwatch check-config -c {}` to see every problem, fix them, and "
                  "reload again.",
                  config->path)};
      };
      auto alert =
          core::MakeMetaAlert("config_reload_failed", core::Severity::kWarning,
                              {{"metric", "sellerwatch.config"}}, words, config->Languages(), now);
      auto key = fmt::format("config_reload_failed-{}", now.time_since_epoch().count());
      if (auto r = notify::QueueMetaAlert(*db, *config, alert, key, now); !r) {
        log->error("config_reload_failed alert: {}", r.error().message);
      }
      dispatcher->Wake();
    }
    systemd.Ready(Summary());
  }

  // Applies the re-read config (ReloadPlan); returns why it could not, or nullopt when it did.
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
    for (const auto& warning : KeepStartupKeys(*config, *next)) log->warn("reload: {}", warning);
    const ReloadPlan plan = PlanReload(*config, *next);

    // Build everything that can fail before changing anything.
    auto built = sources->BuildChanged(*next, plan.sources);
    if (!built) return built.error().message;
    if (auto r = notifier->Reconfigure(next, now); !r) return r.error().message;

    // The point of no return: swap.
    config = next;
    evaluator->Reconfigure(config);
    dispatcher->Reconfigure(config, MakeChannels(*config));
    sources->Apply(plan.sources, std::move(*built));
    follower->Forget(plan.removed_accounts);
    if (auto r = follower->Follow(plan.added_accounts); !r) {
      log->error("load metrics of added accounts: {}", r.error().message);
    }
    if (plan.log_level_changed) logs.SetLevel(config->daemon.log_level);
    if (plan.heartbeat_changed) {
      if (heartbeat_task) tasks.Stop(*heartbeat_task);
      heartbeat_task.reset();
      StartHeartbeat();
    }
    ReconfigureDigest(plan.digest_changed);
    if (auto retired = evaluator->RetireRemoved(now); !retired) {
      log->error("resolve alerts of removed rules: {}", retired.error().message);
    }
    ++reloads;
    log->info("reloaded: {} accounts, {} sources, {} receivers, {} routes", config->accounts.size(),
              sources->size(), config->receivers.size(), config->routes.size());
    QueueEvaluation();
    return std::nullopt;
  }

  void StartDigest() {
    if (!config->digest) return;
    digest_loop = std::make_shared<DigestLoop>(config, *db, clock, logs.Get("digest"),
                                               [this] { dispatcher->Wake(); });
    digest_task = tasks.Spawn("digest", digest_loop->Run(), digest_loop);
  }

  // A reload leaves the digest loop running with the new config; it starts or stops with the
  // `digest:` section and looks again when that changed (the store says what was sent, so
  // nothing is sent twice).
  void ReconfigureDigest(bool digest_changed) {
    if (!config->digest) {
      if (digest_task) tasks.Stop(*digest_task);
      digest_task.reset();
      digest_loop.reset();
    } else if (!digest_loop) {
      StartDigest();
    } else {
      digest_loop->Reconfigure(config);
      if (digest_changed) digest_loop->Wake();
    }
  }

  void StartHeartbeat() {
    if (const auto& hb = config->daemon.heartbeat; hb && !hb->url.empty()) {
      heartbeat_task = tasks.Spawn("heartbeat", HeartbeatLoop(*http, *hb, log));
    }
  }

  // SIGINT/SIGTERM stop gracefully, a second one exits at once; SIGHUP reloads the config.
  void WaitForSignal() {
    signals->async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;   // cancelled by Stop(): the loop may finish
      WaitForSignal();  // first: Stop() may finish (and cancel the wait) before it returns
      if (sig == SIGHUP) {
        if (!tasks.stopping()) Reload();
      } else if (tasks.stopping()) {
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
  impl->db->OnWriteHealth(
      [log = logs.Get("store")](store::WriteHealth::Notice notice, const store::Db& db) {
        LogWriteHealth(*log, notice, db, std::chrono::steady_clock::now());
      });
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
  impl->retention = std::make_unique<Retention>(*impl->db, *impl->engine, logs.Get("app"));
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
  Impl& s = *impl;
  s.sources = std::make_unique<SourceSupervisor>(
      s.tasks, clock,
      [&s](const config::AccountConfig& account, const config::SourceConfig& source) {
        return s.MakePollers(account, source);
      },
      [&s] { s.QueueEvaluation(); }, s.log);
  if (auto r = s.sources->Build(*config); !r) return r.error();
  return std::unique_ptr<App>(new App(std::move(impl)));
}

int App::Run() {
  Impl& s = *impl_;
  s.log->info("sellerwatch {} started: {} accounts, {} sources, state in {}", SELLERWATCH_VERSION,
              s.config->accounts.size(), s.sources->size(), s.config->daemon.state_dir);
  // Before the endpoint logs that it listens: from then on a SIGHUP or SIGTERM is handled
  // (once io.run() runs), never the default action that kills the process.
  s.signals.emplace(s.io, SIGINT, SIGTERM, SIGHUP);
  s.WaitForSignal();
  auto http = StartHttpEndpoint(
      s.io, s.config->daemon,
      {[&s] {
         std::vector<SourceSnapshot> sources;
         for (const auto* poller : s.sources->pollers()) sources.push_back(SnapshotOf(*poller));
         return CollectRuntimeSnapshot(
             std::move(sources), s.dispatcher->counters(),
             {.evaluations = s.evaluations,
              .reload_failures = s.reload_failures,
              .engine_changes_applied = s.follower->counters().changes_applied,
              .engine_loads_from_events = s.follower->counters().loads_from_events,
              .engine_loads_from_snapshots = s.follower->counters().loads_from_snapshots,
              .reloads = s.reloads,
              .tasks = s.tasks.running()},
             *s.db, s.clock.Now(), s.config->shard);
       },
       [&s](const std::string& account) {
         return BuildLiveStatusReport(*s.config, *s.db, *s.engine, s.clock.Now(), account);
       },
       [&s](const std::string& account) -> core::Result<digest::AccountInput> {
         auto input = LoadDigestInput(*s.config, *s.db, s.clock.Now(), "", account);
         if (!input) return input.error();
         return std::move(input->accounts.at(0));
       },
       [&s] { return store::SilenceStore(*s.db).List(s.clock.Now()); },
       [&s] { return s.config->daemon.language; }},
      s.log);
  if (!http) {
    s.log->critical("{}", http.error().message);
    return 1;
  }
  s.http_server = std::move(*http);
  s.sources->Start();
  s.tasks.Spawn("evaluation loop",
                EvaluationLoop([&s] { return s.config->daemon.evaluation_interval; },
                               [&s] { s.Evaluate(); }));
  s.groups.emplace(
      s.io, s.clock, [&s] { return s.GroupsDue(); },
      [&s](core::Timestamp now) { s.FlushGroups(now); });
  s.tasks.Spawn("notification groups", s.groups->Run());
  s.tasks.Spawn("delivery", s.dispatcher->Run());
  s.tasks.Spawn("alertmanager re-sends",
                notify::AlertmanagerResender::Loop(s.config, *s.db, *s.dispatcher, s.clock,
                                                   s.logs.Get("alertmanager")));
  s.StartDigest();
  if (auto every = SystemdNotify::WatchdogInterval()) {
    s.tasks.Spawn("watchdog", WatchdogLoop(s.systemd, *every));
  }
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
        for (auto* poller : s.sources->pollers()) {
          auto r = co_await poller->RunOnce(s.clock.Now());
          if (!r) ++failed;
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
