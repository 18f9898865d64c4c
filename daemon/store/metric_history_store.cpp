#include "store/metric_history_store.hpp"

#include <sqlite3.h>

namespace sellerwatch::store {

std::int64_t MetricHistoryStore::DayOf(core::Timestamp t) {
  return std::chrono::floor<std::chrono::days>(t).time_since_epoch().count();
}

Result<void> MetricHistoryStore::Save(const std::string& account, std::int64_t day,
                                      std::span<const core::MetricValue> values) {
  if (sqlite3_get_autocommit(db_.handle()) == 0) return SaveRows(account, day, values);
  auto tx = Transaction::Begin(db_);
  if (!tx) return tx.error();
  if (auto r = SaveRows(account, day, values); !r) return r.error();
  return tx->Commit();
}

Result<void> MetricHistoryStore::SaveRows(const std::string& account, std::int64_t day,
                                          std::span<const core::MetricValue> values) {
  auto stmt = db_.Cached(
      "INSERT INTO metric_history(account, metric, day, value, numerator, denominator) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT(account, metric, day) DO UPDATE SET value = excluded.value, "
      "numerator = excluded.numerator, denominator = excluded.denominator");
  if (!stmt) return stmt.error();
  for (const auto& v : values) {
    (*stmt)
        ->Bind(1, account)
        .Bind(2, v.info.name)
        .Bind(3, day)
        .Bind(4, v.value)
        .Bind(5, v.numerator)
        .Bind(6, v.denominator);
    if (auto r = (*stmt)->Run(); !r) {
      return r.error().Context("save " + std::string(v.info.name) + " of " + account);
    }
  }
  return {};
}

Result<std::vector<MetricHistoryPoint>> MetricHistoryStore::Load(const std::string& account,
                                                                 std::string_view metric,
                                                                 std::int64_t from_day,
                                                                 std::int64_t to_day) {
  auto stmt = db_.Cached(
      "SELECT day, value, numerator, denominator FROM metric_history "
      "WHERE account = ?1 AND metric = ?2 AND day BETWEEN ?3 AND ?4 ORDER BY day");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, account).Bind(2, metric).Bind(3, from_day).Bind(4, to_day);
  std::vector<MetricHistoryPoint> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return row.error().Context("load history of " + std::string(metric));
    if (!*row) break;
    MetricHistoryPoint p;
    p.day = (*stmt)->Int(0);
    if (!(*stmt)->IsNull(1)) p.value = (*stmt)->Double(1);
    if (!(*stmt)->IsNull(2)) p.numerator = (*stmt)->Double(2);
    p.denominator = (*stmt)->Double(3);
    out.push_back(p);
  }
  (*stmt)->Reset();
  return out;
}

Result<std::int64_t> MetricHistoryStore::Prune(std::int64_t before_day) {
  auto stmt = db_.Cached("DELETE FROM metric_history WHERE day < ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, before_day);
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("prune metric history");
  return db_.Changes();
}

}  // namespace sellerwatch::store
