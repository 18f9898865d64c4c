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

constexpr const char* kUpsertSql =
    "INSERT INTO events(account, type, id, ref_at, updated_at, order_id, payload) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(account, type, id) DO UPDATE SET ref_at = excluded.ref_at, "
    "updated_at = excluded.updated_at, order_id = excluded.order_id, "
    "payload = excluded.payload "
    "WHERE excluded.updated_at > events.updated_at OR "
    "(excluded.updated_at = events.updated_at AND excluded.payload <> events.payload)";

void BindUpsert(Statement& stmt, const core::ParsedEvent& pe) {
  const core::Event& e = pe.event;
  stmt.Bind(1, core::AccountOf(e))
      .Bind(2, core::Name(core::TypeOf(e)))
      .Bind(3, core::IdOf(e))
      .Bind(4, core::ToUnixMillis(RefTime(e)))
      .Bind(5, core::ToUnixMillis(core::UpdatedAtOf(e)))
      .Bind(6, OrderIdOf(e))
      .Bind(7, pe.payload);
}

std::string Describe(const core::Event& e) {
  return fmt::format("{} {}/{}", core::Name(core::TypeOf(e)), core::AccountOf(e), core::IdOf(e));
}

// A stored payload back into its event. Only this program writes payloads, so an unreadable one
// is damage, not bad input.
Result<core::Event> ParseStored(const std::string& payload, const std::string& what) {
  auto parsed = core::DecodeEvent(payload);
  if (!parsed) {
    return core::Error::Internal(
        fmt::format("stored {} is unreadable: {}", what, parsed.error().message));
  }
  return std::move(*parsed);
}

}  // namespace

Result<UpsertCounts> EventStore::Upsert(std::span<const core::ParsedEvent> events) {
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
        .Bind(7, pe.payload);
    if (auto r = (*stmt)->Run(); !r) {
      return r.error().Context(fmt::format("store {} {}/{}", core::Name(core::TypeOf(e)),
                                           core::AccountOf(e), core::IdOf(e)));
    }
    if (db_.Changes() > 0) {
      ++counts.applied;
    } else {
      ++counts.ignored;
    }
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

Result<std::vector<AppliedChange>> EventStore::UpsertReturningChanges(
    std::span<const core::ParsedEvent> events) {
  auto select =
      db_.Cached("SELECT payload FROM events WHERE account = ?1 AND type = ?2 AND id = ?3");
  if (!select) return select.error();
  auto upsert = db_.Cached(kUpsertSql);
  if (!upsert) return upsert.error();
  std::vector<AppliedChange> changes;
  std::optional<std::string> stored;
  for (const auto& pe : events) {
    const core::Event& e = pe.event;
    (*select)
        ->Bind(1, core::AccountOf(e))
        .Bind(2, core::Name(core::TypeOf(e)))
        .Bind(3, core::IdOf(e));
    auto row = (*select)->Step();
    if (!row) return row.error().Context("read stored " + Describe(e));
    stored.reset();
    if (*row) stored = (*select)->Text(0);
    (*select)->Reset();

    BindUpsert(**upsert, pe);
    if (auto r = (*upsert)->Run(); !r) return r.error().Context("store " + Describe(e));
    if (db_.Changes() == 0) continue;  // an equal or newer version is stored
    AppliedChange change{std::nullopt, e};
    if (stored) {
      auto before = ParseStored(*stored, Describe(e));
      if (!before) return before.error();
      change.before = std::move(*before);
    }
    changes.push_back(std::move(change));
  }
  return changes;
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
    auto event = ParseStored((*stmt)->Text(2),
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
