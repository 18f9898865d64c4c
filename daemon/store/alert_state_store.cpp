#include "store/alert_state_store.hpp"

namespace sellerwatch::store {
namespace {

// Flap history as unix milliseconds separated by commas: short, and readable in sqlite3.
std::string EncodeTimes(const std::vector<core::Timestamp>& times) {
  std::string out;
  for (auto t : times) {
    if (!out.empty()) out += ',';
    out += std::to_string(core::ToUnixMillis(t));
  }
  return out;
}

std::vector<core::Timestamp> DecodeTimes(const std::string& text) {
  std::vector<core::Timestamp> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(core::FromUnixMillis(std::stoll(text.substr(pos, end - pos))));
    pos = end + 1;
  }
  return out;
}

}  // namespace

Result<std::vector<AlertStateRecord>> AlertStateStore::Load(const std::string& account) {
  // Two statements, not `?1 = '' OR account = ?1`: SQLite cannot use the primary key for that
  // OR, and the evaluator loads every account once per cycle (a full scan each: quadratic).
  constexpr const char* kColumns =
      "SELECT account, rule, state, severity, since, active_since, value, updated_at, "
      "clear_since, transitions, flapping FROM alert_state ";
  auto stmt = account.empty()
                  ? db_.Cached(std::string(kColumns) + "ORDER BY account, rule")
                  : db_.Cached(std::string(kColumns) + "WHERE account = ?1 ORDER BY rule");
  if (!stmt) return stmt.error();
  if (!account.empty()) (*stmt)->Bind(1, account);
  std::vector<AlertStateRecord> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return row.error().Context("load alert state");
    if (!*row) break;
    Statement& s = **stmt;
    AlertStateRecord r;
    r.account = s.Text(0);
    r.rule = s.Text(1);
    r.state = core::ParseAlertState(s.Text(2)).value_or(core::AlertState::kInactive);
    r.severity = core::ParseSeverity(s.Text(3)).value_or(core::Severity::kWarning);
    r.since = core::FromUnixMillis(s.Int(4));
    if (auto v = s.OptionalInt(5)) r.active_since = core::FromUnixMillis(*v);
    if (!s.IsNull(6)) r.value = s.Double(6);
    r.updated_at = core::FromUnixMillis(s.Int(7));
    if (auto v = s.OptionalInt(8)) r.clear_since = core::FromUnixMillis(*v);
    r.transitions = DecodeTimes(s.Text(9));
    r.flapping = s.Int(10) != 0;
    out.push_back(std::move(r));
  }
  (*stmt)->Reset();
  return out;
}

Result<std::int64_t> AlertStateStore::CountFiring() {
  auto stmt = db_.Cached("SELECT count(*) FROM alert_state WHERE state = 'firing' OR flapping");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("count firing alerts");
  std::int64_t n = (*stmt)->Int(0);
  (*stmt)->Reset();
  return n;
}

Result<void> AlertStateStore::Save(const AlertStateRecord& r) {
  auto stmt = db_.Cached(
      "INSERT INTO alert_state(account, rule, state, severity, since, active_since, value, "
      "updated_at, clear_since, transitions, flapping) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
      "ON CONFLICT(account, rule) DO UPDATE SET state = excluded.state, "
      "severity = excluded.severity, since = excluded.since, "
      "active_since = excluded.active_since, value = excluded.value, "
      "updated_at = excluded.updated_at, clear_since = excluded.clear_since, "
      "transitions = excluded.transitions, flapping = excluded.flapping");
  if (!stmt) return stmt.error();
  auto millis = [](const std::optional<core::Timestamp>& t) {
    return t ? std::optional<std::int64_t>(core::ToUnixMillis(*t)) : std::nullopt;
  };
  (*stmt)
      ->Bind(1, r.account)
      .Bind(2, r.rule)
      .Bind(3, core::Name(r.state))
      .Bind(4, core::Name(r.severity))
      .Bind(5, core::ToUnixMillis(r.since))
      .Bind(6, millis(r.active_since))
      .Bind(7, r.value)
      .Bind(8, core::ToUnixMillis(r.updated_at))
      .Bind(9, millis(r.clear_since))
      .Bind(10, EncodeTimes(r.transitions))
      .Bind(11, r.flapping ? 1 : 0);
  if (auto res = (*stmt)->Run(); !res) {
    return res.error().Context("save alert state " + r.account + "/" + r.rule);
  }
  return {};
}

Result<void> AlertStateStore::ShiftTimes(core::Duration jump) {
  auto records = Load();
  if (!records) return records.error();
  for (auto& r : *records) {
    r.since += jump;
    r.updated_at += jump;
    if (r.active_since) *r.active_since += jump;
    if (r.clear_since) *r.clear_since += jump;
    for (auto& t : r.transitions) t += jump;
    if (auto saved = Save(r); !saved) return saved.error();
  }
  return {};
}

}  // namespace sellerwatch::store
