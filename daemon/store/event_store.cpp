#include "store/event_store.hpp"

#include <fmt/format.h>

#include <array>
#include <unordered_map>

#include "store/event_feed.hpp"

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

// Rows per statement when a batch is written: one statement of many rows costs far less than
// as many statements of one (each run of a statement the feed trigger fires from opens a statement
// journal). A smaller rest goes by halves, so at most seven statements of each kind are cached.
constexpr std::size_t kRowsPerStatement = 64;
constexpr std::size_t kStatementSizes = 7;  // 64, 32, ..., 1

// A statement's SQL with `row` repeated for each size the batching uses: 64, 32, ..., 1 rows.
using SqlBySize = std::array<std::string, kStatementSizes>;
SqlBySize BySize(std::string_view head, std::string_view row, std::string_view tail) {
  SqlBySize out;
  for (std::size_t k = 0; k < kStatementSizes; ++k) {
    std::string& sql = out[k];
    sql = head;
    for (std::size_t i = 0; i < (kRowsPerStatement >> k); ++i) {
      if (i) sql += ',';
      sql += row;
    }
    sql += tail;
  }
  return out;
}

// The stored version of each event of a chunk; column4 is its position in the chunk.
const SqlBySize& LookupSql() {
  static const SqlBySize sql =
      BySize("SELECT v.column4, e.updated_at, e.payload FROM (VALUES ", "(?,?,?,?)",
             ") v CROSS JOIN events e "
             "ON e.account = v.column1 AND e.type = v.column2 AND e.id = v.column3");
  return sql;
}

// Writes versions already known to supersede what is stored. `seq` numbers the version for the
// change feed (event_feed.hpp); the feed triggers record each insert and update in
// event_changes.
const SqlBySize& WriteSql() {
  static const SqlBySize sql = BySize(
      "INSERT INTO events(account, type, id, ref_at, updated_at, order_id, payload, seq) VALUES ",
      "(?,?,?,?,?,?,?,?)",
      " ON CONFLICT(account, type, id) DO UPDATE SET ref_at = excluded.ref_at, "
      "updated_at = excluded.updated_at, order_id = excluded.order_id, "
      "payload = excluded.payload, seq = excluded.seq");
  return sql;
}

// Runs `run(first, count, sql)` over [0, n) in pieces of the sizes the SQL exists for.
template <class Run>
Result<void> InPieces(std::size_t n, const SqlBySize& sql, Run run) {
  std::size_t at = 0;
  for (std::size_t k = 0; k < kStatementSizes; ++k) {
    const std::size_t size = kRowsPerStatement >> k;
    for (; n - at >= size; at += size) {
      if (auto r = run(at, size, sql[k]); !r) return r.error();
    }
  }
  return {};
}

struct Key {
  std::string_view account, type, id;
  bool operator==(const Key&) const = default;
};
struct KeyHash {
  std::size_t operator()(const Key& k) const {
    std::hash<std::string_view> h;
    return h(k.id) ^ (h(k.account) * 31) ^ (h(k.type) * 131);
  }
};
struct Version {
  std::int64_t updated_at;
  std::string_view payload;
};

// The upsert rule (DESIGN.md §1.3): a later updated_at wins; at the same time a different payload
// is a correction.
bool Supersedes(std::int64_t updated_at, std::string_view payload, const Version& stored) {
  return updated_at > stored.updated_at ||
         (updated_at == stored.updated_at && payload != stored.payload);
}

std::string Describe(const core::Event& e) {
  return fmt::format("{} {}/{}", core::Name(core::TypeOf(e)), core::AccountOf(e), core::IdOf(e));
}

}  // namespace

Result<core::Event> DecodeStored(std::string_view payload, std::string_view type,
                                 std::string_view account, std::string_view id,
                                 std::string_view role) {
  auto parsed = core::DecodeEvent(payload);
  if (!parsed) {
    return core::Error::Internal(fmt::format("stored {}{} {}/{} is unreadable: {}", role, type,
                                             account, id, parsed.error().message));
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
  auto seq = LastEventSeq(db_);
  if (!seq) return seq.error();
  UpsertCounts counts;
  for (std::size_t at = 0; at < events.size(); at += kRowsPerStatement) {
    auto chunk = events.subspan(at, std::min(kRowsPerStatement, events.size() - at));
    auto applied = WriteChunk(chunk, *seq);
    if (!applied) return applied.error();
    counts.applied += *applied;
    counts.ignored += chunk.size() - *applied;
  }
  auto write_seq = db_.Cached("UPDATE store_counters SET value = ?1 WHERE name = 'event_seq'");
  if (!write_seq) return write_seq.error();
  if (auto r = (*write_seq)->Bind(1, *seq).Run(); !r) return r.error().Context("event_seq");
  if (own) {
    if (auto r = own->Commit(); !r) return r.error();
  }
  return counts;
}

// Reads what is stored for the chunk's events, decides which versions supersede it (the rule is
// applied here rather than in SQL, so that only applied versions take a change number while many
// rows still go in one statement), then writes those.
Result<std::size_t> EventStore::WriteChunk(std::span<const core::ParsedEvent> chunk,
                                           std::int64_t& seq) {
  auto key = [&chunk](std::size_t i) {
    const core::Event& e = chunk[i].event;
    return Key{core::AccountOf(e), core::Name(core::TypeOf(e)), core::IdOf(e)};
  };
  std::vector<std::optional<std::int64_t>> stored_at(chunk.size());
  std::vector<std::string> stored_payload(chunk.size());
  auto read = [&](std::size_t first, std::size_t count, const std::string& sql) -> Result<void> {
    auto stmt = db_.Cached(sql);
    if (!stmt) return stmt.error();
    for (std::size_t i = 0; i < count; ++i) {
      const Key k = key(first + i);
      const int p = static_cast<int>(i) * 4;
      (*stmt)->Bind(p + 1, k.account).Bind(p + 2, k.type).Bind(p + 3, k.id);
      (*stmt)->Bind(p + 4, static_cast<std::int64_t>(first + i));
    }
    while (true) {
      auto row = (*stmt)->Step();
      if (!row) return row.error().Context("read stored versions");
      if (!*row) break;
      const auto i = static_cast<std::size_t>((*stmt)->Int(0));
      stored_at[i] = (*stmt)->Int(1);
      stored_payload[i] = (*stmt)->Text(2);
    }
    (*stmt)->Reset();
    return {};
  };
  if (auto r = InPieces(chunk.size(), LookupSql(), read); !r) return r.error();

  std::unordered_map<Key, Version, KeyHash> latest;  // an event may come twice in a chunk
  latest.reserve(chunk.size());
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    if (stored_at[i]) latest.emplace(key(i), Version{*stored_at[i], stored_payload[i]});
  }
  std::vector<std::size_t> apply;
  apply.reserve(chunk.size());
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    const std::int64_t updated_at = core::ToUnixMillis(core::UpdatedAtOf(chunk[i].event));
    auto [it, fresh] = latest.try_emplace(key(i), Version{updated_at, chunk[i].payload});
    if (fresh) {
      apply.push_back(i);
    } else if (Supersedes(updated_at, chunk[i].payload, it->second)) {
      it->second = Version{updated_at, chunk[i].payload};
      apply.push_back(i);
    }
  }

  auto write = [&](std::size_t first, std::size_t count, const std::string& sql) -> Result<void> {
    auto stmt = db_.Cached(sql);
    if (!stmt) return stmt.error();
    for (std::size_t i = 0; i < count; ++i) {
      const core::ParsedEvent& pe = chunk[apply[first + i]];
      const core::Event& e = pe.event;
      const int p = static_cast<int>(i) * 8;
      (*stmt)
          ->Bind(p + 1, core::AccountOf(e))
          .Bind(p + 2, core::Name(core::TypeOf(e)))
          .Bind(p + 3, core::IdOf(e))
          .Bind(p + 4, core::ToUnixMillis(RefTime(e)))
          .Bind(p + 5, core::ToUnixMillis(core::UpdatedAtOf(e)))
          .Bind(p + 6, OrderIdOf(e))
          .Bind(p + 7, pe.payload)
          .Bind(p + 8, ++seq);
    }
    auto what = [&] { return Describe(chunk[apply[first]].event); };
    if (auto r = (*stmt)->Run(); !r) {
      return r.error().Context(count == 1 ? "store " + what()
                                          : fmt::format("store {} events from {}", count, what()));
    }
    if (db_.Changes() != static_cast<std::int64_t>(count)) {
      return core::Error::Internal(
          fmt::format("store: {} of {} versions from {} written", db_.Changes(), count, what()));
    }
    return {};
  };
  if (auto r = InPieces(apply.size(), WriteSql(), write); !r) return r.error();
  return apply.size();
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
    auto event = DecodeStored((*stmt)->TextView(2), (*stmt)->TextView(0), account,
                              (*stmt)->TextView(1));
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
