#include "store/outbox_store.hpp"

#include <sqlite3.h>

#include <functional>

#include "core/alert_json.hpp"
#include "core/enum_table.hpp"

namespace sellerwatch::store {
namespace {

constexpr core::EnumTable<LegStatus, 4> kStatuses{{
    {LegStatus::kPending, "pending"},
    {LegStatus::kSending, "sending"},
    {LegStatus::kDelivered, "delivered"},
    {LegStatus::kFailed, "failed"},
}};

constexpr const char* kColumns =
    "SELECT id, leg_key, receiver, payload, created_at, attempts, next_attempt_at, status, "
    "last_error, finished_at, fallback_of, parts_delivered, parts_digest FROM outbox ";

}  // namespace

std::string_view Name(LegStatus s) { return core::NameIn(kStatuses, s); }

Result<std::optional<std::int64_t>> OutboxStore::Enqueue(const OutboxLeg& leg) {
  auto stmt = db_.Cached(
      "INSERT INTO outbox(leg_key, receiver, group_key, payload, created_at, attempts, "
      "next_attempt_at, status, last_error, fallback_of) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(leg_key) DO NOTHING");
  if (!stmt) return stmt.error();
  (*stmt)
      ->Bind(1, leg.key)
      .Bind(2, leg.receiver)
      .Bind(3, leg.notification.group_key)
      .Bind(4, core::EncodeNotification(leg.notification))
      .Bind(5, core::ToUnixMillis(leg.created_at))
      .Bind(6, leg.attempts)
      .Bind(7, core::ToUnixMillis(leg.next_attempt_at))
      .Bind(8, Name(leg.status))
      .Bind(9, leg.last_error)
      .Bind(10, leg.fallback_of);
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("queue notification");
  if (db_.Changes() == 0) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

Result<std::vector<OutboxLeg>> OutboxStore::Query(const std::string& sql_tail,
                                                  const std::function<void(Statement&)>& bind) {
  auto stmt = db_.Cached(kColumns + sql_tail);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  bind(s);
  std::vector<OutboxLeg> out;
  while (true) {
    auto row = s.Step();
    if (!row) return row.error().Context("read outbox");
    if (!*row) break;
    OutboxLeg leg;
    leg.id = s.Int(0);
    leg.key = s.Text(1);
    leg.receiver = s.Text(2);
    auto n = core::DecodeNotification(s.Text(3));
    if (!n) {
      s.Reset();
      return n.error().Context("outbox leg " + std::to_string(leg.id));
    }
    leg.notification = std::move(*n);
    leg.created_at = core::FromUnixMillis(s.Int(4));
    leg.attempts = static_cast<int>(s.Int(5));
    leg.next_attempt_at = core::FromUnixMillis(s.Int(6));
    leg.status = core::ParseIn(kStatuses, s.Text(7)).value_or(LegStatus::kPending);
    leg.last_error = s.Text(8);
    if (auto v = s.OptionalInt(9)) leg.finished_at = core::FromUnixMillis(*v);
    leg.fallback_of = s.OptionalInt(10);
    leg.parts_delivered = static_cast<int>(s.Int(11));
    leg.parts_digest = s.Text(12);
    out.push_back(std::move(leg));
  }
  s.Reset();
  return out;
}

Result<std::vector<OutboxLeg>> OutboxStore::Due(core::Timestamp now, std::size_t limit) {
  return Query(
      "WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id "
      "LIMIT ?2",
      [&](Statement& s) {
        s.Bind(1, core::ToUnixMillis(now)).Bind(2, static_cast<std::int64_t>(limit));
      });
}

Result<std::vector<OutboxLeg>> OutboxStore::QueuedSince(const std::string& receiver,
                                                        core::Timestamp since) {
  return Query("WHERE receiver = ?1 AND created_at >= ?2 ORDER BY id",
               [&](Statement& s) { s.Bind(1, receiver).Bind(2, core::ToUnixMillis(since)); });
}

Result<std::vector<OutboxLeg>> OutboxStore::OfGroup(const std::string& group_key,
                                                    std::size_t limit) {
  return Query("WHERE group_key = ?1 ORDER BY id DESC LIMIT ?2", [&](Statement& s) {
    s.Bind(1, group_key).Bind(2, static_cast<std::int64_t>(limit));
  });
}

Result<std::optional<OutboxLeg>> OutboxStore::Find(std::int64_t id) {
  auto legs = Query("WHERE id = ?1", [&](Statement& s) { s.Bind(1, id); });
  if (!legs) return legs.error();
  if (legs->empty()) return std::optional<OutboxLeg>();
  return std::optional<OutboxLeg>(std::move(legs->front()));
}

Result<std::optional<core::Timestamp>> OutboxStore::NextDue() {
  auto stmt = db_.Cached("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read outbox");
  auto v = (*stmt)->OptionalInt(0);
  (*stmt)->Reset();
  if (!v) return std::optional<core::Timestamp>();
  return std::optional<core::Timestamp>(core::FromUnixMillis(*v));
}

Result<void> OutboxStore::MarkSending(std::int64_t id, core::Timestamp) {
  auto stmt =
      db_.Cached("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, id);
  return (*stmt)->Run();
}

Result<void> OutboxStore::MarkDelivered(std::int64_t id, core::Timestamp now) {
  auto stmt = db_.Cached(
      "UPDATE outbox SET status = 'delivered', finished_at = ?2, last_error = '' WHERE id = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, core::ToUnixMillis(now));
  return (*stmt)->Run();
}

Result<void> OutboxStore::Reschedule(std::int64_t id, core::Timestamp next_attempt_at,
                                     const std::string& error) {
  auto stmt = db_.Cached(
      "UPDATE outbox SET status = 'pending', next_attempt_at = ?2, last_error = ?3 WHERE id = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, core::ToUnixMillis(next_attempt_at)).Bind(3, error);
  return (*stmt)->Run();
}

Result<void> OutboxStore::MarkFailed(std::int64_t id, core::Timestamp now,
                                     const std::string& error) {
  auto stmt = db_.Cached(
      "UPDATE outbox SET status = 'failed', finished_at = ?2, last_error = ?3 WHERE id = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, core::ToUnixMillis(now)).Bind(3, error);
  return (*stmt)->Run();
}

Result<void> OutboxStore::SaveParts(std::int64_t id, int delivered, const std::string& digest) {
  auto stmt = db_.Cached("UPDATE outbox SET parts_delivered = ?2, parts_digest = ?3 WHERE id = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, delivered).Bind(3, digest);
  return (*stmt)->Run();
}

Result<std::int64_t> OutboxStore::RecoverInFlight(core::Timestamp now) {
  auto stmt = db_.Cached(
      "UPDATE outbox SET status = 'pending', next_attempt_at = ?1, "
      "last_error = 'interrupted while sending (daemon stopped); sending again' "
      "WHERE status = 'sending'");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, core::ToUnixMillis(now));
  if (auto r = (*stmt)->Run(); !r) return r.error();
  return db_.Changes();
}

Result<OutboxCounts> OutboxStore::Counts() {
  auto stmt = db_.Cached("SELECT status, count(*) FROM outbox GROUP BY status");
  if (!stmt) return stmt.error();
  OutboxCounts c;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return row.error().Context("count outbox");
    if (!*row) break;
    auto status = core::ParseIn(kStatuses, (*stmt)->Text(0));
    std::int64_t n = (*stmt)->Int(1);
    if (!status) continue;
    switch (*status) {
      case LegStatus::kPending:
        c.pending = n;
        break;
      case LegStatus::kSending:
        c.sending = n;
        break;
      case LegStatus::kDelivered:
        c.delivered = n;
        break;
      case LegStatus::kFailed:
        c.failed = n;
        break;
    }
  }
  (*stmt)->Reset();
  return c;
}

Result<std::int64_t> OutboxStore::Prune(core::Timestamp before) {
  auto stmt =
      db_.Cached("DELETE FROM outbox WHERE status IN ('delivered', 'failed') AND finished_at < ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, core::ToUnixMillis(before));
  if (auto r = (*stmt)->Run(); !r) return r.error();
  return db_.Changes();
}

Result<void> OutboxStore::ShiftUnfinished(core::Duration jump) {
  auto stmt = db_.Cached(
      "UPDATE outbox SET next_attempt_at = next_attempt_at + ?1, created_at = created_at + ?1 "
      "WHERE status IN ('pending', 'sending')");
  if (!stmt) return stmt.error();
  return (*stmt)->Bind(1, static_cast<std::int64_t>(jump.count())).Run();
}

}  // namespace sellerwatch::store
