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

#include "app/evaluator.hpp"
#include "app/http_endpoint.hpp"
#include "app/systemd_notify.hpp"
#include "metrics/metrics_engine.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "net/smtp_client.hpp"
#include "notify/channel_factory.hpp"
#include "notify/notifier.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "sources/poller.hpp"
#include "sources/source_factory.hpp"
#include "store/alert_state_store.hpp"
#include "store/event_store.hpp"
#include "store/ingest_ledger.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {
namespace asio = boost::asio;

// Delivered and failed notifications are kept this long, for troubleshooting.
constexpr core::Duration kOutboxRetention = 30 * core::kDay;

struct App::Impl {
  std::shared_ptr<const config::Config> config;
  const core::Clock& clock;
  std::shared_ptr<spdlog::logger> log;
  // Before everything that owns timers or sockets (the dispatcher, the clients), so it is
  // destroyed after them. io.run() returns only once no task is left, so no coroutine frame
  // outlives the objects it points to.
  asio::io_context io;
  std::unique_ptr<net::HttpServer> http_server;  // /healthz /readyz /metrics /api/v1/status
  RuntimeCounters counters;                      // for /metrics
  std::unique_ptr<store::Db> db;
  std::unique_ptr<store::IngestLedger> ledger;
  std::unique_ptr<metrics::MetricsEngine> engine;
  std::unique_ptr<notify::Notifier> notifier;
  std::unique_ptr<notify::OutboxDispatcher> dispatcher;
  std::unique_ptr<Evaluator> evaluator;
  std::vector<std::unique_ptr<sources::Poller>> pollers;

  std::optional<asio::steady_timer> group_timer;  // next notification group flush
  // Resetting `curl` closes pooled connections and aborts transfers in flight (their senders
  // finish with an error), so io.run() can return.
  std::optional<net::CurlMulti> curl;
  std::optional<net::HttpClient> http;
  std::optional<net::SmtpClient> smtp;
  std::vector<std::unique_ptr<asio::cancellation_signal>> stops;
  std::optional<asio::signal_set> signals;
  std::optional<core::Timestamp> last_prune;
  std::int64_t data_version = 0;  // of the store, to notice writers other than this daemon
  SystemdNotify systemd;
  bool evaluation_queued = false;
  bool stopping = false;

  Impl(std::shared_ptr<const config::Config> c, const core::Clock& k,
       std::shared_ptr<spdlog::logger> l)
      : config(std::move(c)), clock(k), log(std::move(l)) {}

  // Builds the metrics engine from every stored event of every account.
  core::Result<void> LoadEngine() {
    auto started = std::chrono::steady_clock::now();
    // Read first: a write that lands while we load is then seen as a change next time.
    auto version = db->DataVersion();
    if (!version) return version.error();
    data_version = *version;
    std::size_t total = 0;
    store::EventStore events(*db);
    for (const auto& account : config->accounts) {
      auto loaded = events.Load(account.id);
      if (!loaded) return loaded.error().Context("load events of " + account.id);
      engine->LoadAccount(account.id, *loaded);
      total += loaded->size();
    }
    log->info("metrics loaded: {} events of {} accounts in {} ms", total, config->accounts.size(),
              std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count());
    return {};
  }

  // `sellerwatch import` (or anyone) writing the store behind the daemon's back: the engine
  // only hears about this daemon's own writes, so it reloads.
  void ReloadIfChangedOutside() {
    auto version = db->DataVersion();
    if (!version || *version == data_version) return;
    log->info("store changed outside the daemon (an import?): reloading metrics");
    if (auto r = LoadEngine(); !r) log->error("reload metrics: {}", r.error().message);
  }

  void Evaluate() {
    core::Timestamp now = clock.Now();
    ReloadIfChangedOutside();
    PruneIfDue(now);
    auto stats = evaluator->RunOnce(now);
    ++counters.evaluations;
    log->debug("evaluated {} rules of {} accounts: {} transitions", stats.rules, stats.accounts,
               stats.transitions);
    FlushGroups(now);
    systemd.Status(Summary());
  }

  // One line for `systemctl status`.
  std::string Summary() {
    auto firing = store::AlertStateStore(*db).CountFiring();
    auto outbox = store::OutboxStore(*db).Counts();
    return fmt::format("{} accounts, {} alerts firing, {} notifications queued",
                       config->accounts.size(), firing ? *firing : -1,
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
      next += config->daemon.evaluation_interval;
      auto now = std::chrono::steady_clock::now();
      while (next <= now) next += config->daemon.evaluation_interval;
    }
  }

  // Spawns a long-running task that stops when its signal is emitted. A task that dies of
  // anything but that is logged loudly: a silently dead poller is a blind monitor.
  template <class Task>
  void Spawn(std::string what, Task task) {
    auto& signal = *stops.emplace_back(std::make_unique<asio::cancellation_signal>());
    asio::co_spawn(io, std::move(task),
                   asio::bind_cancellation_slot(
                       signal.slot(), [this, what = std::move(what)](std::exception_ptr e) {
                         if (!e || stopping) return;
                         try {
                           std::rethrow_exception(e);
                         } catch (const std::exception& ex) {
                           log->critical("{} stopped unexpectedly: {}", what, ex.what());
                         }
                       }));
  }

  void Stop() {
    if (stopping) return;
    stopping = true;
    systemd.Stopping();
    log->info("stopping: sources first, then a final evaluation");
    for (auto& s : stops) s->emit(asio::cancellation_type::terminal);
    if (http_server) http_server->Stop();
    asio::post(io, [this] {
      Evaluate();  // what it queues stays in the outbox for the next start
      curl.reset();
      log->info("stopped");
      if (signals) signals->cancel();
    });
  }

  // SIGINT/SIGTERM stop gracefully, a second one exits at once; SIGHUP is acknowledged.
  void WaitForSignal() {
    signals->async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;  // cancelled by Stop(): the loop may finish
      if (sig == SIGHUP) {
        log->warn("SIGHUP: live reload is not available yet; restart to apply config changes");
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
      WaitForSignal();
    });
  }
};

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
App::~App() = default;

core::Result<std::unique_ptr<App>> App::Create(std::shared_ptr<const config::Config> config,
                                               const Logs& logs, std::ostream& console,
                                               const core::Clock& clock) {
  auto impl = std::make_unique<Impl>(config, clock, logs.Get("app"));
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) return db.error().Context("store");
  impl->db = std::move(*db);
  impl->ledger = std::make_unique<store::IngestLedger>(*impl->db);
  auto notifier = notify::Notifier::Create(config, *impl->db, logs.Get("notify"));
  if (!notifier) return notifier.error();
  impl->notifier = std::move(*notifier);
  impl->curl.emplace(impl->io);
  impl->http.emplace(*impl->curl);
  impl->smtp.emplace(*impl->curl);
  std::map<std::string, std::unique_ptr<notify::Channel>, std::less<>> channels;
  for (const auto& receiver : config->receivers) {
    channels.emplace(receiver.name,
                     notify::MakeChannel(receiver, console, *impl->http, *impl->smtp));
  }
  impl->dispatcher = std::make_unique<notify::OutboxDispatcher>(
      impl->io, config, *impl->db, std::move(channels), clock, logs.Get("delivery"));
  if (auto r = impl->dispatcher->Recover(); !r) return r.error().Context("outbox");
  store::Db& db_ref = *impl->db;
  impl->engine = std::make_unique<metrics::MetricsEngine>(
      [&db_ref](const std::string& account, const std::string& id) {
        auto purchased = store::EventStore(db_ref).OrderPurchasedAt(account, id);
        return purchased ? *purchased : std::nullopt;
      });
  if (auto r = impl->LoadEngine(); !r) return r.error().Context("store");
  impl->evaluator = std::make_unique<Evaluator>(config, *impl->db, *impl->engine, *impl->notifier,
                                                logs.Get("rules"));
  auto apply = [engine = impl->engine.get()](const std::vector<store::AppliedChange>& changes) {
    for (const auto& c : changes) engine->Apply(c.before, c.after);
  };
  for (const auto& account : config->accounts) {
    for (const auto& source : account.sources) {
      auto made = sources::MakeSource(account, source, *impl->ledger);
      if (!made) return made.error();
      impl->pollers.push_back(std::make_unique<sources::Poller>(sources::SourceId(account, source),
                                                                std::move(*made), *impl->db,
                                                                logs.Get("source"), apply));
    }
  }
  return std::unique_ptr<App>(new App(std::move(impl)));
}

int App::Run() {
  Impl& s = *impl_;
  s.log->info("sellerwatch {} started: {} accounts, {} sources, state in {}", SELLERWATCH_VERSION,
              s.config->accounts.size(), s.pollers.size(), s.config->daemon.state_dir);
  auto http = StartHttpEndpoint(
      s.io, s.config->daemon,
      {[&s] {
         return CollectRuntimeSnapshot(s.pollers, s.dispatcher->counters(), s.counters, *s.db,
                                       s.clock.Now());
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
  for (auto& poller : s.pollers) {
    sources::Poller* p = poller.get();
    s.Spawn("source " + p->id(), p->Run(s.clock, [&s] { s.QueueEvaluation(); }));
  }
  s.Spawn("evaluation loop", s.EvaluationLoop());
  s.group_timer.emplace(s.io);
  s.Spawn("notification groups", s.GroupLoop());
  s.Spawn("delivery", s.dispatcher->Run());
  if (auto every = SystemdNotify::WatchdogInterval()) s.Spawn("watchdog", s.WatchdogLoop(*every));
  if (const auto& hb = s.config->daemon.heartbeat; hb && !hb->url.empty()) {
    s.Spawn("heartbeat", s.HeartbeatLoop(*hb));
  }
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
        for (auto& p : s.pollers) {
          auto r = co_await p->RunOnce(s.clock.Now());
          if (!r) ++failed;
        }
      },
      [&](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  s.io.run();
  s.Evaluate();
  asio::co_spawn(s.io, s.dispatcher->DrainOnce(), [&s](std::exception_ptr e) {
    s.curl.reset();  // pooled connections would keep io.run() going
    if (e) std::rethrow_exception(e);
  });
  s.io.restart();
  s.io.run();
  return failed ? 1 : 0;
}

}  // namespace sellerwatch::app
