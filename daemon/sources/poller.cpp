#include "sources/poller.hpp"

#include <fmt/format.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <random>

#include "i18n/languages.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/ingest_ledger.hpp"

namespace sellerwatch::sources {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kOutageSuffix = "#outage";

}  // namespace

Poller::Poller(std::string id, std::unique_ptr<Source> source, store::Db& db,
               std::shared_ptr<spdlog::logger> log, PollerOptions options)
    : id_(std::move(id)),
      source_(std::move(source)),
      db_(db),
      log_(std::move(log)),
      options_(std::move(options)) {}

core::Result<PollOutcome> Poller::Store(const SourceBatch& batch, core::Timestamp now) {
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  auto counts = store::EventStore(db_).Upsert(batch.events);
  if (!counts) return counts.error();
  if (batch.cursor) {
    if (auto r = store::CursorStore(db_).Put(id_, *batch.cursor, now); !r) return r.error();
  }
  store::IngestLedger ledger(db_);
  for (const auto& f : batch.files) {
    if (auto r = ledger.Record(id_, f.content_hash, f.entry, now); !r) return r.error();
  }
  if (auto r = tx->Commit(); !r) return r.error();
  return PollOutcome{counts->applied, counts->ignored, batch.rejected.size()};
}

asio::awaitable<core::Result<SourceBatch>> Poller::PollWithTimeout(
    std::optional<std::string> cursor, core::Timestamp now) {
  if (options_.timeout <= core::Duration::zero()) {
    co_return co_await source_->Poll(std::move(cursor), now);
  }
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, options_.timeout);
  auto poll = source_->Poll(std::move(cursor), now);
  auto expiry = timer.async_wait(asio::use_awaitable);
  auto result = co_await (std::move(poll) || std::move(expiry));
  if (result.index() == 0) co_return std::move(std::get<0>(result));
  co_return core::Error::Transient(fmt::format("no complete answer within the poll timeout of {}",
                                               core::FormatDuration(options_.timeout)));
}

asio::awaitable<core::Result<PollOutcome>> Poller::RunOnce(core::Timestamp now) {
  ++polls_;
  auto fail = [this, now](const core::Error& e) {
    ++failures_;
    if (core::IsStoreFull(e)) {
      // The source answered; the store could not keep it (disk full, said once by the store).
      // Not the source's outage, and no backoff of its own: Run() waits for the store's next
      // try. The cursor did not move, so the next poll reads the same again.
      log_->debug("source={} poll not stored: {}", id_, e.message);
      return e;
    }
    ++consecutive_failures_;
    retry_after_ = e.retry_after;
    last_error_ = e.message;
    last_error_at_ = now;
    last_error_reason_ = e.reason;
    log_->error("source={} poll failed: {}", id_, e.message);
    NoteFailure(now);
    return e;
  };
  poll_again_in_.reset();
  auto cursor = store::CursorStore(db_).Get(id_);
  if (!cursor) co_return fail(cursor.error());
  auto batch = co_await PollWithTimeout(*cursor, now);
  if (!batch) co_return fail(batch.error());
  for (const auto& why : batch->rejected) log_->error("source={} {}", id_, why);
  auto outcome = Store(*batch, now);
  if (!outcome) co_return fail(outcome.error().Context("store"));
  consecutive_failures_ = 0;
  retry_after_.reset();
  poll_again_in_ = batch->poll_again_in;
  last_success_ = now;
  NoteSuccess(now);
  log_->debug("source={} poll: {} new or changed, {} already known, {} refused", id_,
              outcome->applied, outcome->ignored, outcome->rejected);
  co_return *outcome;
}

core::Result<void> Poller::LoadOutage() {
  if (outage_loaded_) return {};
  auto stored = store::CursorStore(db_).Get(id_ + std::string(kOutageSuffix));
  if (!stored) return stored.error();
  outage_loaded_ = true;
  outage_.reset();
  if (!*stored) return {};
  boost::system::error_code ec;
  json::value v = json::parse(**stored, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  const json::value* since = o ? o->if_contains("since") : nullptr;
  const json::value* alerted = o ? o->if_contains("alerted") : nullptr;
  if (since == nullptr || !since->is_int64()) return {};  // unreadable: a fresh start
  outage_ = Outage{core::FromUnixMillis(since->as_int64()),
                   alerted != nullptr && alerted->is_bool() && alerted->as_bool()};
  return {};
}

core::Result<void> Poller::SaveOutage(const Outage& outage, core::Timestamp now) {
  json::object o;
  o["since"] = core::ToUnixMillis(outage.since);
  o["alerted"] = outage.alerted;
  return store::CursorStore(db_).Put(id_ + std::string(kOutageSuffix), json::serialize(o), now);
}

core::Result<void> Poller::QueueSourceAlert(bool resolved, const Outage& outage,
                                            core::Timestamp now) {
  core::Labels labels = options_.labels;
  labels["metric"] = "sellerwatch.source";
  labels["source"] = id_;
  bool credentials = last_error_reason_ == core::ErrorReason::kCredentialsRejected;
  std::string since = core::FormatRfc3339(outage.since);
  auto words = [&](const i18n::Translator& tr) -> core::MetaAlertText {
    if (resolved) {
      return {tr.Tr("sellerwatch reads source '{}' again (it had failed since {}).", id_, since),
              ""};
    }
    if (credentials) {
      return {tr.Tr("sellerwatch cannot read source '{}': the marketplace rejected its "
                    "credentials (failing since {}): {}",
                    id_, since, last_error_),
              tr.Tr("Renew the source's credentials as its error says (re-authorize the app for "
                    "this seller, or issue a new token or client secret); alerts for this "
                    "account are blind until then.")};
    }
    return {tr.Tr("sellerwatch has not been able to read source '{}' since {}: {}", id_, since,
                  last_error_),
            tr.Tr("Check the source's endpoint, network and the marketplace's status; "
                  "`sellerwatch run` logs every failed poll with the endpoint and error.")};
  };
  // The poller has no config to ask which languages its receivers read: it writes every
  // language there is a catalog for (a meta alert is rare; unread ones cost nothing).
  std::vector<i18n::Translator> languages;
  for (const auto& language : i18n::AvailableLanguages())
    languages.push_back(i18n::MakeTranslator(language));
  core::Alert alert = core::MakeMetaAlert("source_down", core::Severity::kCritical,
                                          std::move(labels), words, languages, outage.since);
  if (resolved) {
    alert.state = core::AlertState::kResolved;
    alert.ends_at = now;
  }
  std::string key = fmt::format("source_down-{}-{}{}", id_, core::ToUnixMillis(outage.since),
                                resolved ? "-resolved" : "");
  return options_.queue_meta_alert(alert, key, now);
}

void Poller::NoteFailure(core::Timestamp now) {
  if (auto r = LoadOutage(); !r) {
    log_->error("source={} outage record: {}", id_, r.error().message);
    return;
  }
  bool started = !outage_;
  if (started) outage_ = Outage{now, false};
  bool due = options_.queue_meta_alert && options_.stale_after > core::Duration::zero() &&
             !outage_->alerted && now - outage_->since >= options_.stale_after;
  if (!started && !due) return;
  Outage next = *outage_;
  next.alerted = next.alerted || due;
  auto tx = store::Transaction::Begin(db_);
  core::Result<void> saved = tx ? SaveOutage(next, now) : core::Result<void>(tx.error());
  if (saved && due) saved = QueueSourceAlert(false, next, now);
  if (saved) saved = tx->Commit();
  if (!saved) {
    log_->log(core::IsStoreFull(saved.error()) ? spdlog::level::debug : spdlog::level::err,
              "source={} outage record: {}", id_, saved.error().message);
    return;
  }
  outage_ = next;
  if (due) {
    log_->error("source={} down since {}: source_down raised", id_,
                core::FormatRfc3339(next.since));
  }
}

void Poller::NoteSuccess(core::Timestamp now) {
  if (auto r = LoadOutage(); !r) {
    log_->error("source={} outage record: {}", id_, r.error().message);
    return;
  }
  if (!outage_) return;
  auto tx = store::Transaction::Begin(db_);
  core::Result<void> done = tx ? store::CursorStore(db_).Delete(id_ + std::string(kOutageSuffix))
                               : core::Result<void>(tx.error());
  if (done && outage_->alerted && options_.queue_meta_alert)
    done = QueueSourceAlert(true, *outage_, now);
  if (done) done = tx->Commit();
  if (!done) {
    log_->log(core::IsStoreFull(done.error()) ? spdlog::level::debug : spdlog::level::err,
              "source={} outage record: {}", id_, done.error().message);
    return;
  }
  if (outage_->alerted) {
    log_->info("source={} recovered (down since {})", id_, core::FormatRfc3339(outage_->since));
  }
  outage_.reset();
}

asio::awaitable<void> Poller::Run(const core::Clock& clock, std::function<void()> on_data) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  const auto interval = source_->Interval();
  // Start-up jitter, up to a tenth of the interval (at most 10 s), so sources don't all fire
  // in the same instant.
  std::minstd_rand rng(static_cast<unsigned>(std::hash<std::string>{}(id_)));
  auto jitter = std::chrono::milliseconds(
      rng() % static_cast<unsigned>(std::min<std::int64_t>(interval.count() / 10, 10'000) + 1));
  auto next = std::chrono::steady_clock::now() + jitter;
  while (true) {
    timer.expires_at(next);
    co_await timer.async_wait(asio::use_awaitable);
    // While the store refuses writes (disk full) a poll could not keep what it reads: wait for
    // the store's next try instead of asking the marketplace again.
    if (const store::WriteHealth& store = db_.write_health();
        !store.MayTry(std::chrono::steady_clock::now())) {
      next = store.next_try();
      continue;
    }
    auto result = co_await RunOnce(clock.Now());
    if (result && result->applied > 0 && on_data) on_data();
    auto now = std::chrono::steady_clock::now();
    if (consecutive_failures_ > 0) {
      if (retry_after_ && *retry_after_ > core::Duration::zero()) {
        next = now + *retry_after_;  // the server said when (Retry-After)
      } else {
        // Back off (also after a 429 without Retry-After, as SP-API sends them): double the
        // wait per consecutive failure, capped at an hour.
        auto backoff = interval * (1LL << std::min(consecutive_failures_ - 1, 6));
        next = now + std::min<std::chrono::steady_clock::duration>(backoff, std::chrono::hours(1));
      }
    } else {
      next += interval;  // fixed rate from the intended time; skip ticks missed by overrun
      while (next <= now) next += interval;
      if (poll_again_in_) next = std::min(next, now + *poll_again_in_);
    }
  }
}

}  // namespace sellerwatch::sources
