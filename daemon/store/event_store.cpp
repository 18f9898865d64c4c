#include "store/event_store.hpp"

#include <fmt/format.h>

namespace sellerwatch::store {
namespace {

core::Timestamp RefTime(const core::Event& e) {
  return std::visit(
      [](const auto& v) -> core::Timestamp {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, core::Order>) {
          return v.purchased_at;
        } else if constexpr (std::is_same_v<T, core::Claim>) {
          return v.opened_at;
        } else if constexpr (std::is_same_v<T, core::PlatformValue>) {
          return v.reported_at;
        } else {
          return v.received_at;
        }
      },
      e);
}

std::optional<std::string> OrderIdOf(const core::Event& e) {
  return std::visit(
      [](const auto& v) -> std::optional<std::string> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, core::Order> || std::is_same_v<T, core::PlatformValue>) {
          return std::nullopt;
        } else {
          if (v.order_id.empty()) return std::nullopt;
          return v.order_id;
        }
      },
      e);
}

// `seq` numbers the version for the change feed (event_feed.hpp); the triggers of schema 5 record
// each insert and update in event_changes.
constexpr const char* kUpsertSql =
    "INSERT INTO events(account, type, id, ref_at, updated_at, order_id, payload, seq) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT(account, type, id) DO UPDATE SET ref_at = excluded.ref_at, "
    "updated_at = excluded.updated_at, order_id = excluded.order_id, "
    "payload = excluded.payload, seq = excluded.seq "
    "WHERE excluded.updated_at > events.updated_at OR "
    "(excluded.updated_at = events.updated_at AND excluded.payload <> events.payload)";

std::string Describe(const core::Event& e) {
  return fmt::format("{} {}/{}", core::Name(core::TypeOf(e)), core::AccountOf(e), core::IdOf(e));
}

}  // namespace

Result<core::Event> DecodeStored(const std::string& payload, const std::string& what) {
  auto parsed = core::DecodeEvent(payload);
  if (!parsed) {
    return core::Error::Internal(
        fmt::format("stored {} is unreadable: {}", what, parsed.error().message));
  }
  return std::move(*parsed);
}

Result<UpsertCounts> EventStore::Upsert(std::span<const core::ParsedEvent> events) {
  // The feed needs the numbers allocated under the write lock: begin one when the caller has
  // not (autocommit would let another writer take the same numbers).
  std::optional<Transaction> own;
  if (db_.InAutocommit()) {
    auto tx = Transaction::Begin(db_);
    if (!tx) return tx.error();
    own.emplace(std::move(*tx));
  }
  auto read_seq = db_.Cached("SELECT value FROM store_counters WHERE name = 'event_seq'");
  if (!read_seq) return read_seq.error();
  auto row = (*read_seq)->Step();
  if (!row || !*row) return core::Error::Internal("store: the event_seq counter is missing");
  std::int64_t seq = (*read_seq)->Int(0);
  (*read_seq)->Reset();

  auto stmt = db_.Cached(kUpsertSql);
  if (!stmt) return stmt.error();
  UpsertCounts counts;
  for (const auto& pe : events) {
    const core::Event& e = pe.event;
    (*stmt)
        ->Bind(1, core::AccountOf(e))
        .Bind(2, core::Name(core::TypeOf(e)))
        .Bind(3, core::IdOf(e))
        .Bind(4, core::ToUnixMillis(RefTime(e)))
        .Bind(5, core::ToUnixMillis(core::UpdatedAtOf(e)))
        .Bind(6, OrderIdOf(e))
        .Bind(7, pe.payload)
        .Bind(8, seq + 1);
    if (auto r = (*stmt)->Run(); !r) return r.error().Context("store " + Describe(e));
    if (db_.Changes() > 0) {
      ++counts.applied;
      ++seq;
    } else {
      ++counts.ignored;
    }
  }
  auto write_seq = db_.Cached("UPDATE store_counters SET value = ?1 WHERE name = 'event_seq'");
  if (!write_seq) return write_seq.error();
  if (auto r = (*write_seq)->Bind(1, seq).Run(); !r) return r.error().Context("event_seq");
  if (own) {
    if (auto r = own->Commit(); !r) return r.error();
  }
  return counts;
}

Result<UpsertCounts> EventStore::UpsertAtomically(std::span<const core::ParsedEvent> events) {
  auto tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  auto counts = Upsert(events);
  if (!counts) return counts.error();
  if (auto r = tx->Commit(); !r) return r.error();
  return counts;
}

Result<std::optional<core::Timestamp>> EventStore::OrderPurchasedAt(const std::string& account,
                                                                    const std::string& id) {
  auto stmt =
      db_.Cached("SELECT ref_at FROM events WHERE account = ?1 AND type = 'order' AND id = ?2");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, account).Bind(2, id);
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("find order " + account + "/" + id);
  std::optional<core::Timestamp> purchased;
  if (*row) purchased = core::FromUnixMillis((*stmt)->Int(0));
  (*stmt)->Reset();
  return purchased;
}

Result<std::vector<core::Event>> EventStore::Load(const std::string& account,
                                                  std::optional<core::Timestamp> known_at) {
  auto stmt = db_.Cached(
      "SELECT type, id, payload FROM events WHERE account = ?1 AND updated_at <= ?2 "
      "ORDER BY type, ref_at, id");
  if (!stmt) return stmt.error();
  (*stmt)
      ->Bind(1, account)
      .Bind(2, known_at ? core::ToUnixMillis(*known_at) : std::numeric_limits<std::int64_t>::max());
  std::vector<core::Event> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return row.error().Context("load events of " + account);
    if (!*row) break;
    // Only this program writes payloads, so an unreadable one is damage, not bad input.
    auto event = DecodeStored((*stmt)->Text(2),
                              fmt::format("{} {}/{}", (*stmt)->Text(0), account, (*stmt)->Text(1)));
    if (!event) return event.error();
    out.push_back(std::move(*event));
  }
  (*stmt)->Reset();
  return out;
}

Result<std::int64_t> EventStore::Count(const std::string& account) {
  auto stmt = db_.Cached("SELECT COUNT(*) FROM events WHERE account = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, account);
  auto row = (*stmt)->Step();
  if (!row) return row.error();
  std::int64_t n = (*stmt)->Int(0);
  (*stmt)->Reset();
  return n;
}

Result<std::int64_t> EventStore::Prune(core::Timestamp before) {
  auto stmt = db_.Cached("DELETE FROM events WHERE ref_at < ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, core::ToUnixMillis(before));
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("prune events");
  return db_.Changes();
}

}  // namespace sellerwatch::store
