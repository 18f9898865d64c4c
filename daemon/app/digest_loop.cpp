#include "app/digest_loop.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/digest_input.hpp"
#include "core/sha256.hpp"
#include "digest/render.hpp"
#include "digest/schedule.hpp"
#include "store/alert_history_store.hpp"
#include "store/digest_store.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {
namespace {

// Alert history is kept as long as events are: longer than any look-back of the digest.
constexpr core::Duration kAlertHistoryRetention = 90 * core::kDay;
// Wake at least this often, so a changed wall clock is noticed.
constexpr core::Duration kMaxSleep = std::chrono::hours(1);

}  // namespace

const i18n::Translator& ReceiverLanguage(const config::Config& config,
                                         const std::string& receiver) {
  const config::ReceiverConfig* found = config.FindReceiver(receiver);
  return found ? found->language : config.daemon.language;
}

core::Result<core::Notification> MakeDigestNotification(const config::Config& config, store::Db& db,
                                                        const std::string& receiver,
                                                        core::Timestamp now,
                                                        const std::string& only_account) {
  const i18n::Translator& language = ReceiverLanguage(config, receiver);
  auto input = LoadDigestInput(config, db, now, receiver, only_account, language);
  if (!input) return input.error().Context("digest for " + receiver);
  return MakeDigestNotification(*input, now, language);
}

core::Notification MakeDigestNotification(const digest::DigestInput& input, core::Timestamp now,
                                          const i18n::Translator& language) {
  const digest::Digest built = digest::BuildDigest(input, now, language);
  core::Notification n;
  n.receiver = input.receiver;
  n.group_key = "digest/" + input.receiver;
  n.created_at = now;
  n.digest = digest::RenderDigest(built);
  return n;
}

bool SendsWeeklyDigest(const config::Config& config) { return !config.shard.sharded(); }

core::Result<void> EnqueueDigest(store::Db& db, const core::Notification& n,
                                 std::optional<core::Timestamp> slot, core::Timestamp now) {
  store::OutboxLeg leg;
  leg.key = "digest-" + core::Sha256Hex(n.receiver + "|" +
                                        std::to_string(core::ToUnixMillis(slot.value_or(now))))
                            .substr(0, 32);
  leg.receiver = n.receiver;
  leg.notification = n;
  leg.created_at = now;
  leg.next_attempt_at = now;
  auto tx = store::Transaction::Begin(db);
  if (!tx) return tx.error();
  if (auto r = store::OutboxStore(db).Enqueue(leg); !r) return r.error();
  if (slot) {
    if (auto r = store::DigestStore(db).MarkSent(n.receiver, *slot, now); !r) return r.error();
  }
  return tx->Commit();
}

DigestLoop::DigestLoop(std::shared_ptr<const config::Config> config, store::Db& db,
                       const core::Clock& clock, std::shared_ptr<spdlog::logger> log,
                       std::function<void()> queued)
    : config_(std::move(config)),
      db_(db),
      clock_(clock),
      log_(std::move(log)),
      queued_(std::move(queued)) {}

core::Timestamp DigestLoop::SendDue(core::Timestamp now) {
  core::Timestamp next = now + kMaxSleep;
  if (!config_->digest) return next;
  if (!SendsWeeklyDigest(*config_)) {  // a shard: nothing to send, the history still ages out
    PruneAlertHistory(now);
    return next;
  }
  const config::DigestConfig& schedule = *config_->digest;
  bool any = false;
  for (const auto& receiver : schedule.receivers) {
    auto last = store::DigestStore(db_).LastSlot(receiver);
    if (!last) {
      log_->error("digest for {}: {}", receiver, last.error().message);
      continue;
    }
    auto decision = digest::Due(schedule, *last, now);
    next = std::min(next, decision.next_check);
    if (!decision.send_slot) continue;
    auto n = MakeDigestNotification(*config_, db_, receiver, now);
    core::Result<void> queued =
        n ? EnqueueDigest(db_, *n, decision.send_slot, now) : core::Result<void>(n.error());
    if (!queued) {
      // A full disk was reported once by the store.
      log_->log(core::IsStoreFull(queued.error()) ? spdlog::level::debug : spdlog::level::err,
                "digest for {}: {} (next try in {} min)", receiver, queued.error().message,
                kMaxSleep / std::chrono::minutes(1));
      continue;
    }
    any = true;
    log_->info("digest for {} (slot {}) → outbox: {}", receiver,
               core::FormatRfc3339(*decision.send_slot), n->digest->subject);
  }
  if (any) {
    PruneAlertHistory(now);
    queued_();
  }
  return next;
}

void DigestLoop::PruneAlertHistory(core::Timestamp now) {
  if (auto r = store::AlertHistoryStore(db_).Prune(now - kAlertHistoryRetention); !r) {
    log_->log(core::IsStoreFull(r.error()) ? spdlog::level::debug : spdlog::level::err,
              "retention: alert history: {}", r.error().message);
  }
}

boost::asio::awaitable<void> DigestLoop::Run() {
  if (config_->digest && !SendsWeeklyDigest(*config_)) {  // said once per (re)start
    log_->info(
        "weekly digest: not sent by this instance (shard {}, which sees only its own accounts); "
        "run `sellerwatch digest --export` on every shard and `sellerwatch digest --merge "
        "FILE… --send` on one instance (README: Digest across shards)",
        config_->shard.Label());
  }
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  wake_ = [&timer] { timer.cancel(); };
  struct Forget {
    std::function<void()>& wake;
    ~Forget() { wake = nullptr; }
  } forget{wake_};
  while (true) {
    const core::Timestamp now = clock_.Now();
    const core::Timestamp next = SendDue(now);
    auto wait = std::clamp<core::Duration>(next - now, std::chrono::seconds(1), kMaxSleep);
    timer.expires_after(wait);
    boost::system::error_code ec;  // cancelled = woken
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (auto cs = co_await boost::asio::this_coro::cancellation_state;
        cs.cancelled() != boost::asio::cancellation_type::none) {
      co_return;
    }
  }
}

void DigestLoop::Reconfigure(std::shared_ptr<const config::Config> config) {
  config_ = std::move(config);
}

void DigestLoop::Wake() {
  if (wake_) wake_();
}

}  // namespace sellerwatch::app
