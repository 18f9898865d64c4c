#include "notify/outbox_dispatcher.hpp"

#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>
#include <set>

#include "notify/router.hpp"

namespace sellerwatch::notify {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kBatch = 200;
constexpr auto kIdleWake = std::chrono::minutes(1);  // also notices legs queued by other processes

// The meta-alert that tells the other receivers a notification was lost to one of them.
core::Alert DeliveryFailedAlert(const store::OutboxLeg& leg, const std::string& why,
                                const std::string& fallback, core::Timestamp now) {
  core::Alert a;
  a.labels = {{"rule", "delivery_failed"},
              {"metric", "sellerwatch.delivery"},
              {"severity", "critical"},
              {"receiver", leg.receiver}};
  std::set<std::string> accounts;
  for (const auto& alert : leg.notification.alerts) accounts.insert(alert.Label("account"));
  if (accounts.size() == 1 && !accounts.begin()->empty()) a.labels["account"] = *accounts.begin();
  a.annotations["summary"] = fmt::format(
      "sellerwatch could not deliver a notification ({} alert{}) to receiver '{}' and gave up: "
      "{}.{}",
      leg.notification.alerts.size(), leg.notification.alerts.size() == 1 ? "" : "s", leg.receiver,
      why, fallback.empty() ? "" : fmt::format(" It was sent to '{}' instead.", fallback));
  a.annotations["hint"] = fmt::format(
      "Check receiver '{}' (URL, credentials, server); `sellerwatch explain` shows the outbox "
      "entry.",
      leg.receiver);
  a.state = core::AlertState::kFiring;
  a.severity = core::Severity::kCritical;
  a.starts_at = now;
  return a;
}

}  // namespace

struct OutboxDispatcher::Impl {
  asio::io_context& io;
  std::map<std::string, std::unique_ptr<Channel>, std::less<>> channels;
  asio::steady_timer timer;
  std::set<std::string, std::less<>> busy;  // receivers with a send in flight
  std::mt19937_64 rng{std::random_device{}()};

  Impl(asio::io_context& i, std::map<std::string, std::unique_ptr<Channel>, std::less<>> c)
      : io(i), channels(std::move(c)), timer(i) {}
};

OutboxDispatcher::OutboxDispatcher(
    asio::io_context& io, std::shared_ptr<const config::Config> config, store::Db& db,
    std::map<std::string, std::unique_ptr<Channel>, std::less<>> channels, const core::Clock& clock,
    std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<Impl>(io, std::move(channels))),
      config_(std::move(config)),
      db_(db),
      clock_(clock),
      log_(std::move(log)) {}

OutboxDispatcher::~OutboxDispatcher() = default;

core::Result<void> OutboxDispatcher::Recover() {
  auto n = store::OutboxStore(db_).RecoverInFlight(clock_.Now());
  if (!n) return n.error();
  if (*n > 0) {
    log_->warn("{} notification(s) were being sent when sellerwatch stopped; sending again", *n);
  }
  return {};
}

void OutboxDispatcher::Wake() { impl_->timer.cancel(); }

core::Result<void> OutboxDispatcher::StartDue() {
  auto due = store::OutboxStore(db_).Due(clock_.Now(), kBatch);
  if (!due) return due.error();
  for (auto& leg : *due) {
    if (impl_->busy.contains(leg.receiver)) continue;
    impl_->busy.insert(leg.receiver);
    asio::co_spawn(impl_->io, SendLeg(std::move(leg)), [this](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log_->critical("delivery task failed: {}", ex.what());
      }
    });
  }
  return {};
}

asio::awaitable<void> OutboxDispatcher::Run() {
  while (true) {
    if (auto r = StartDue(); !r) log_->error("outbox: {}", r.error().message);
    auto next = store::OutboxStore(db_).NextDue();
    auto wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(kIdleWake);
    if (next && *next) {
      auto until = **next - clock_.Now();
      wait = std::clamp(std::chrono::duration_cast<std::chrono::steady_clock::duration>(until),
                        std::chrono::steady_clock::duration(std::chrono::milliseconds(10)), wait);
    }
    impl_->timer.expires_after(wait);
    boost::system::error_code ec;  // cancelled = woken
    co_await impl_->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (auto cs = co_await asio::this_coro::cancellation_state;
        cs.cancelled() != asio::cancellation_type::none) {
      co_return;
    }
  }
}

asio::awaitable<void> OutboxDispatcher::DrainOnce() {
  auto due = store::OutboxStore(db_).Due(clock_.Now(), kBatch);
  if (!due) {
    log_->error("outbox: {}", due.error().message);
    co_return;
  }
  for (auto& leg : *due) {
    impl_->busy.insert(leg.receiver);
    co_await SendLeg(std::move(leg));
  }
}

asio::awaitable<void> OutboxDispatcher::SendLeg(store::OutboxLeg leg) {
  store::OutboxStore outbox(db_);
  struct Release {
    OutboxDispatcher* self;
    std::string receiver;
    ~Release() {
      self->impl_->busy.erase(receiver);
      self->Wake();
    }
  } release{this, leg.receiver};

  core::Timestamp now = clock_.Now();
  const config::ReceiverConfig* receiver = config_->FindReceiver(leg.receiver);
  auto channel = impl_->channels.find(leg.receiver);
  if (!receiver || channel == impl_->channels.end()) {
    if (auto r = outbox.MarkFailed(leg.id, now, "receiver is no longer configured"); !r)
      log_->error("outbox leg {}: {}", leg.id, r.error().message);
    co_return;
  }
  if (auto r = outbox.MarkSending(leg.id, now); !r) {
    log_->error("outbox leg {}: {}", leg.id, r.error().message);
    co_return;
  }
  ++leg.attempts;
  // Named, not a temporary: GCC 12 mishandles temporaries inside co_await expressions.
  const LegContext context{leg.key, leg.attempts, now};
  SendOutcome outcome = co_await channel->second->Send(leg.notification, context);
  now = clock_.Now();
  core::Result<void> saved;
  switch (outcome.kind) {
    case SendOutcome::Kind::kDelivered:
      ++counters_.delivered;
      saved = outbox.MarkDelivered(leg.id, now);
      log_->info("receiver={} delivered {} ({} alerts, attempt {})", leg.receiver, leg.key,
                 leg.notification.alerts.size(), leg.attempts);
      break;
    case SendOutcome::Kind::kRetry:
      if (GivesUp(leg.created_at, now, receiver->retry_horizon)) {
        saved = Fail(leg,
                     fmt::format("still failing after {} attempts over {} ({})", leg.attempts,
                                 core::FormatDuration(receiver->retry_horizon), outcome.detail),
                     now);
      } else {
        ++counters_.retried;
        double jitter = std::uniform_real_distribution<double>(0, 1)(impl_->rng);
        auto next = NextAttemptAt(leg.attempts, now, outcome.retry_after, jitter);
        saved = outbox.Reschedule(leg.id, next, outcome.detail);
        log_->warn("receiver={} {} not delivered ({}); retry at {}", leg.receiver, leg.key,
                   outcome.detail, core::FormatRfc3339(next));
      }
      break;
    case SendOutcome::Kind::kPermanent:
      saved = Fail(leg, outcome.detail, now);
      break;
  }
  if (!saved) log_->error("outbox leg {}: {}", leg.id, saved.error().message);
}

core::Result<void> OutboxDispatcher::Fail(const store::OutboxLeg& leg, const std::string& why,
                                          core::Timestamp now) {
  ++counters_.failed;
  const config::ReceiverConfig* receiver = config_->FindReceiver(leg.receiver);
  std::string fallback = receiver && receiver->fallback != leg.receiver && !leg.fallback_of
                             ? receiver->fallback
                             : std::string();
  log_->error("receiver={} {} failed for good: {}{}", leg.receiver, leg.key, why,
              fallback.empty() ? "" : fmt::format("; handing it to '{}'", fallback));
  store::OutboxStore outbox(db_);
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  if (auto r = outbox.MarkFailed(leg.id, now, why); !r) return r.error();
  auto queue = [&](const std::string& to, core::Notification n, std::string key,
                   std::optional<std::int64_t> fallback_of) -> core::Result<void> {
    store::OutboxLeg extra;
    extra.key = std::move(key);
    extra.receiver = to;
    n.receiver = to;
    extra.notification = std::move(n);
    extra.created_at = now;
    extra.next_attempt_at = now;
    extra.fallback_of = fallback_of;
    auto q = outbox.Enqueue(extra);
    if (!q) return q.error();
    return {};
  };
  if (!fallback.empty()) {
    if (auto r = queue(fallback, leg.notification, leg.key + "-fb", leg.id); !r) return r.error();
  }
  // A failed meta-alert does not beget another one: that way lies a storm.
  bool is_meta = !leg.notification.alerts.empty() &&
                 leg.notification.alerts.front().Label("rule") == "delivery_failed";
  if (!is_meta) {
    core::Alert meta = DeliveryFailedAlert(leg, why, fallback, now);
    auto targets = RouteReceivers(meta.labels, config_->routes);
    std::erase(targets, leg.receiver);
    if (targets.empty()) {
      for (const auto& r : config_->receivers)
        if (r.name != leg.receiver) targets.push_back(r.name);
    }
    for (const auto& to : targets) {
      core::Notification n{to, "meta/delivery_failed/" + leg.receiver, now, {meta}};
      if (auto r = queue(to, std::move(n), leg.key + "-df-" + to, std::nullopt); !r)
        return r.error();
    }
  }
  return tx->Commit();
}

}  // namespace sellerwatch::notify
