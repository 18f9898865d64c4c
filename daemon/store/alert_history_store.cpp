#include "store/alert_history_store.hpp"

namespace sellerwatch::store {

Result<void> AlertHistoryStore::Record(const AlertHistoryEntry& e) {
  auto stmt = db_.Cached(
      "INSERT INTO alert_history(account, rule, metric, state, severity, at, value) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return stmt.error();
  (*stmt)
      ->Bind(1, e.account)
      .Bind(2, e.rule)
      .Bind(3, e.metric)
      .Bind(4, core::Name(e.state))
      .Bind(5, core::Name(e.severity))
      .Bind(6, core::ToUnixMillis(e.at))
      .Bind(7, e.value);
  if (auto r = (*stmt)->Run(); !r) {
    return r.error().Context("record alert history of " + e.account + "/" + e.rule);
  }
  return {};
}

Result<std::vector<AlertHistoryEntry>> AlertHistoryStore::Since(const std::string& account,
                                                                core::Timestamp since) {
  auto stmt = db_.Cached(
      "SELECT account, rule, metric, state, severity, at, value FROM alert_history "
      "WHERE account = ?1 AND at >= ?2 ORDER BY at, id");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, account).Bind(2, core::ToUnixMillis(since));
  std::vector<AlertHistoryEntry> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return row.error().Context("load alert history of " + account);
    if (!*row) break;
    const Statement& s = **stmt;
    AlertHistoryEntry e;
    e.account = s.Text(0);
    e.rule = s.Text(1);
    e.metric = s.Text(2);
    e.state = core::ParseAlertState(s.Text(3)).value_or(core::AlertState::kFiring);
    e.severity = core::ParseSeverity(s.Text(4)).value_or(core::Severity::kWarning);
    e.at = core::FromUnixMillis(s.Int(5));
    if (!s.IsNull(6)) e.value = s.Double(6);
    out.push_back(std::move(e));
  }
  (*stmt)->Reset();
  return out;
}

Result<std::int64_t> AlertHistoryStore::Prune(core::Timestamp before) {
  auto stmt = db_.Cached("DELETE FROM alert_history WHERE at < ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, core::ToUnixMillis(before));
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("prune alert history");
  return db_.Changes();
}

Result<void> AlertHistoryStore::ShiftOpen(core::Duration jump) {
  auto stmt = db_.Cached(
      "UPDATE alert_history SET at = at + ?1 WHERE state = 'firing' AND id IN "
      "(SELECT max(id) FROM alert_history GROUP BY account, rule)");
  if (!stmt) return stmt.error();
  return (*stmt)->Bind(1, static_cast<std::int64_t>(jump.count())).Run();
}

}  // namespace sellerwatch::store
