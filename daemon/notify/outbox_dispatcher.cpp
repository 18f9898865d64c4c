#include "notify/outbox_dispatcher.hpp"

#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>
#include <set>

#include "notify/meta_alert.hpp"

// GCC 12 inlines Asio's coroutine-frame allocator (aligned_alloc) into SendLeg and then
// misreads its matching deallocation as a mismatch: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace sellerwatch::notify {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kBatch = 200;
constexpr auto kIdleWake = std::chrono::minutes(1);  // also notices legs queued by other processes

// A failed store write: on a full disk the store has said so once already.
spdlog::level::level_enum LevelOf(const core::Error& e) {
  return core::IsStoreFull(e) ? spdlog::level::debug : spdlog::level::err;
}

// The meta-alert that tells the other receivers a notification was lost to one of them, in
// each language they read (`why` is the channel's own error text, in English).
core::Alert DeliveryFailedAlert(const store::OutboxLeg& leg, const std::string& why,
                                const std::string& fallback,
                                std::span<const i18n::Translator> languages, core::Timestamp now) {
  core::Labels labels = {{"metric", "sellerwatch.delivery"}, {"receiver", leg.receiver}};
  std::set<std::string> accounts;
  for (const auto& alert : leg.notification.alerts) accounts.insert(alert.Label("account"));
  if (accounts.size() == 1 && !accounts.begin()->empty()) labels["account"] = *accounts.begin();
  const auto alerts = static_cast<long long>(leg.notification.alerts.size());
  auto words = [&](const i18n::Translator& tr) {
    std::string summary = tr.TrN(
        "sellerwatch could not deliver a notification ({0} alert) to receiver '{1}' and "
        "gave up: {2}.",
        "sellerwatch could not deliver a notification ({0} alerts) to receiver '{1}' and "
        "gave up: {2}.",
        alerts, leg.receiver, why);
    if (!fallback.empty()) {
      // TRANSLATORS: continues the sentence before ({0}) with the receiver that got it instead.
      summary = tr.Tr("{} It was sent to '{}' instead.", summary, fallback);
    }
    return core::MetaAlertText{
        std::move(summary),
        tr.Tr("Check receiver '{}' (URL, credentials, server); `sellerwatch explain` shows the "
              "outbox entry.",
              leg.receiver)};
  };
  return core::MakeMetaAlert("delivery_failed", core::Severity::kCritical, std::move(labels), words,
                             languages, now);
}

// Commits each message of a split notification as it arrives, before the next is sent: neither
// a retry nor a restart sends it again (a crash repeats at most the one in flight).
std::function<void(const PartsProgress&)> SavePartsHook(store::Db& db, std::int64_t id,
                                                        std::shared_ptr<spdlog::logger> log) {
  return [&db, id, log = std::move(log)](const PartsProgress& parts) {
    if (auto r = store::OutboxStore(db).SaveParts(id, parts.delivered, parts.digest); !r)
      log->error("outbox leg {}: {}", id, r.error().message);
  };
}

}  // namespace

struct OutboxDispatcher::Impl {
  asio::io_context& io;
  Channels channels;
  asio::steady_timer timer;
  std::set<std::string, std::less<>> busy;        // receivers with a send in flight
  std::vector<asio::steady_timer*> lane_waiters;  // SendDirect calls waiting for a receiver
  std::mt19937_64 rng{std::random_device{}()};
  // By leg id: outcomes of sends the store could not record (disk full), written before
  // anything new starts. The leg stays `sending` in the store meanwhile, so it is not re-sent.
  std::map<std::int64_t, Record> kept;

  Impl(asio::io_context& i, Channels c) : io(i), channels(std::move(c)), timer(i) {}

  // A receiver's place in flight, given back when the send ends — or when its coroutine frame
  // is destroyed unfinished, also after the dispatcher is gone.
  struct Lane {
    std::weak_ptr<Impl> impl;
    std::string receiver;
    ~Lane() {
      if (auto i = impl.lock()) i->Release(receiver);
    }
  };
  // A direct send waiting for a receiver, unlisted however its frame ends.
  struct Waiter {
    std::weak_ptr<Impl> impl;
    asio::steady_timer* timer;
    ~Waiter() {
      if (auto i = impl.lock()) std::erase(i->lane_waiters, timer);
    }
  };

  // A receiver's send finished: the dispatcher and any direct send waiting look again.
  void Release(const std::string& receiver) {
    busy.erase(receiver);
    timer.cancel();
    for (auto* waiter : lane_waiters) waiter->cancel();
  }
};

OutboxDispatcher::OutboxDispatcher(asio::io_context& io,
                                   std::shared_ptr<const config::Config> config, store::Db& db,
                                   Channels channels, const core::Clock& clock,
                                   std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_shared<Impl>(io, std::move(channels))),
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

void OutboxDispatcher::Reconfigure(std::shared_ptr<const config::Config> config,
                                   Channels channels) {
  config_ = std::move(config);
  impl_->channels = std::move(channels);
  Wake();
}

std::size_t OutboxDispatcher::unrecorded() const { return impl_->kept.size(); }

core::Result<void> OutboxDispatcher::StartDue() {
  // Disk full: nothing before the store's next try, and the outcomes of sends already made are
  // written before anything new goes out.
  if (!db_.write_health().MayTry(std::chrono::steady_clock::now()) || !WriteKept()) return {};
  auto due = store::OutboxStore(db_).Due(clock_.Now(), kBatch);
  if (!due) return due.error();
  for (auto& leg : *due) {
    if (impl_->busy.contains(leg.receiver) || impl_->kept.contains(leg.id)) continue;
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
    if (const store::WriteHealth& health = db_.write_health(); health.full()) {
      // A due leg that could not be marked stays due: look again at the store's next try,
      // not before (sooner would be a busy loop).
      auto until_try = health.next_try() - std::chrono::steady_clock::now();
      wait = std::max<std::chrono::steady_clock::duration>(
          impl_->kept.empty() ? std::max<std::chrono::steady_clock::duration>(wait, until_try)
                              : until_try,
          std::chrono::milliseconds(10));
    } else if (!impl_->kept.empty()) {
      wait = std::min<std::chrono::steady_clock::duration>(wait, std::chrono::seconds(1));
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

asio::awaitable<std::size_t> OutboxDispatcher::Drain(
    std::chrono::steady_clock::time_point deadline) {
  while (true) {
    if (auto r = StartDue(); !r) log_->error("outbox: {}", r.error().message);
    if (impl_->busy.empty() || std::chrono::steady_clock::now() >= deadline) break;
    impl_->timer.expires_at(deadline);
    boost::system::error_code ec;  // cancelled: a send finished
    co_await impl_->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  if (!impl_->kept.empty()) {
    log_->warn(
        "the outcome of {} send(s) could not be stored (disk full): those notifications are "
        "sent again at the next start",
        impl_->kept.size());
  }
  co_return impl_->busy.size();
}

asio::awaitable<void> OutboxDispatcher::SendLeg(store::OutboxLeg leg) {
  store::OutboxStore outbox(db_);
  const Impl::Lane lane{impl_, leg.receiver};

  core::Timestamp now = clock_.Now();
  // Held for the whole send: a reload may replace both meanwhile.
  std::shared_ptr<const config::Config> config = config_;
  const config::ReceiverConfig* receiver = config->FindReceiver(leg.receiver);
  auto found = impl_->channels.find(leg.receiver);
  std::shared_ptr<Channel> channel = found != impl_->channels.end() ? found->second : nullptr;
  if (!receiver || !channel) {
    if (auto r = outbox.MarkFailed(leg.id, now, "receiver is no longer configured"); !r)
      log_->log(LevelOf(r.error()), "outbox leg {}: {}", leg.id, r.error().message);
    co_return;
  }
  if (auto r = outbox.MarkSending(leg.id, now); !r) {
    // Not sent; the leg stays due (on a full disk, until the store's next try).
    log_->log(LevelOf(r.error()), "outbox leg {}: {}", leg.id, r.error().message);
    co_return;
  }
  ++leg.attempts;
  // Named, not a temporary: GCC 12 mishandles temporaries inside co_await expressions.
  const LegContext context{leg.key,
                           leg.attempts,
                           now,
                           {leg.parts_delivered, leg.parts_digest},
                           SavePartsHook(db_, leg.id, log_)};
  SendOutcome outcome = co_await channel->Send(leg.notification, context);
  CountPosts(leg.receiver, outcome);
  now = clock_.Now();
  // Each outcome is written (Keep) before it is logged, as a reader of the log expects.
  switch (outcome.kind) {
    case SendOutcome::Kind::kDelivered:
      ++counters_.delivered;
      Keep(leg.id,
           [this, id = leg.id, now] { return store::OutboxStore(db_).MarkDelivered(id, now); });
      log_->info("receiver={} delivered {} ({} alerts, attempt {})", leg.receiver, leg.key,
                 leg.notification.alerts.size(), leg.attempts);
      break;
    case SendOutcome::Kind::kRetry:
      if (GivesUp(leg.created_at, now, receiver->retry_horizon)) {
        Keep(leg.id,
             Fail(leg,
                  fmt::format("still failing after {} attempts over {} ({})", leg.attempts,
                              core::FormatDuration(receiver->retry_horizon), outcome.detail),
                  now));
      } else {
        ++counters_.retried;
        double jitter = std::uniform_real_distribution<double>(0, 1)(impl_->rng);
        auto next = NextAttemptAt(leg.attempts, now, outcome.retry_after, jitter);
        Keep(leg.id, [this, id = leg.id, next, detail = outcome.detail] {
          return store::OutboxStore(db_).Reschedule(id, next, detail);
        });
        log_->warn("receiver={} {} not delivered ({}); retry at {}", leg.receiver, leg.key,
                   outcome.detail, core::FormatRfc3339(next));
      }
      break;
    case SendOutcome::Kind::kPermanent:
      Keep(leg.id, Fail(leg, outcome.detail, now));
      break;
  }
}

void OutboxDispatcher::Keep(std::int64_t leg_id, Record record) {
  auto written = record();
  if (written) return;
  if (core::IsStoreFull(written.error())) {
    // Sent, but the store cannot say so yet: remembered, and written once it can be.
    log_->debug("outbox leg {}: outcome kept until the store takes writes: {}", leg_id,
                written.error().message);
    impl_->kept.insert_or_assign(leg_id, std::move(record));
    return;
  }
  log_->error("outbox leg {}: {}", leg_id, written.error().message);
}

bool OutboxDispatcher::WriteKept() {
  auto& kept = impl_->kept;
  for (auto it = kept.begin(); it != kept.end(); it = kept.erase(it)) {
    auto written = it->second();
    if (!written && core::IsStoreFull(written.error())) return false;  // at the next try
    if (!written) {
      log_->error("outbox leg {}: {}", it->first, written.error().message);
    } else {
      log_->debug("outbox leg {}: outcome stored now that the store takes writes", it->first);
    }
  }
  return true;
}

void OutboxDispatcher::CountPosts(const std::string& receiver, const SendOutcome& outcome) {
  for (const auto& post : outcome.posts) {
    auto& counts = counters_.peer_posts[{receiver, post.url}];
    ++(post.ok ? counts.ok : counts.errors);
  }
}

asio::awaitable<std::optional<SendOutcome>> OutboxDispatcher::SendDirect(std::string receiver,
                                                                         MakeNotification make) {
  // Wait for the receiver's send in flight: its legs and this send go out one at a time, in
  // the order they were decided.
  while (impl_->busy.contains(receiver)) {
    asio::steady_timer waiter(impl_->io, asio::steady_timer::time_point::max());
    impl_->lane_waiters.push_back(&waiter);
    {
      const Impl::Waiter listed{impl_, &waiter};
      boost::system::error_code ec;  // cancelled: a send finished
      co_await waiter.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (auto cs = co_await asio::this_coro::cancellation_state;
        cs.cancelled() != asio::cancellation_type::none) {
      co_return std::nullopt;
    }
  }
  auto found = impl_->channels.find(receiver);
  if (found == impl_->channels.end()) co_return std::nullopt;
  std::shared_ptr<Channel> channel = found->second;  // a reload may replace it meanwhile
  core::Timestamp now = clock_.Now();
  auto notification = make(now);
  if (!notification) co_return std::nullopt;
  impl_->busy.insert(receiver);
  const Impl::Lane lane{impl_, receiver};
  const LegContext context{"resend", 1, now};
  SendOutcome outcome = co_await channel->Send(*notification, context);
  CountPosts(receiver, outcome);
  co_return outcome;
}

OutboxDispatcher::Record OutboxDispatcher::Fail(const store::OutboxLeg& leg, const std::string& why,
                                                core::Timestamp now) {
  ++counters_.failed;
  const config::ReceiverConfig* receiver = config_->FindReceiver(leg.receiver);
  std::string fallback = receiver && receiver->fallback != leg.receiver && !leg.fallback_of
                             ? receiver->fallback
                             : std::string();
  log_->error("receiver={} {} failed for good: {}{}", leg.receiver, leg.key, why,
              fallback.empty() ? "" : fmt::format("; handing it to '{}'", fallback));
  return [this, leg, why, fallback, now] { return WriteFailure(leg, why, fallback, now); };
}

core::Result<void> OutboxDispatcher::WriteFailure(const store::OutboxLeg& leg,
                                                  const std::string& why,
                                                  const std::string& fallback,
                                                  core::Timestamp now) {
  store::OutboxStore outbox(db_);
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  if (auto r = outbox.MarkFailed(leg.id, now, why); !r) return r.error();
  if (!fallback.empty()) {
    store::OutboxLeg extra;
    extra.key = leg.key + "-fb";
    extra.receiver = fallback;
    extra.notification = leg.notification;
    extra.notification.receiver = fallback;
    extra.created_at = now;
    extra.next_attempt_at = now;
    extra.fallback_of = leg.id;
    if (auto r = outbox.Enqueue(extra); !r) return r.error();
  }
  // A failed meta-alert does not beget another one: that way lies a storm.
  bool is_meta = !leg.notification.alerts.empty() &&
                 leg.notification.alerts.front().Label("rule") == "delivery_failed";
  if (!is_meta) {
    core::Alert meta = DeliveryFailedAlert(leg, why, fallback, config_->Languages(), now);
    if (auto r = QueueMetaAlert(db_, *config_, meta, leg.key + "-df", now, leg.receiver); !r)
      return r.error();
  }
  return tx->Commit();
}

}  // namespace sellerwatch::notify
