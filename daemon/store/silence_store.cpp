#include "store/silence_store.hpp"

#include <boost/json.hpp>

namespace sellerwatch::store {
namespace json = boost::json;

Result<void> SilenceStore::Add(const core::Silence& s) {
  auto stmt = db_.Cached(
      "INSERT INTO silences(id, matchers, starts_at, ends_at, created_by, comment, created_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return stmt.error();
  json::object matchers;
  for (const auto& [k, v] : s.matchers) matchers[k] = v;
  (*stmt)
      ->Bind(1, s.id)
      .Bind(2, json::serialize(matchers))
      .Bind(3, core::ToUnixMillis(s.starts_at))
      .Bind(4, core::ToUnixMillis(s.ends_at))
      .Bind(5, s.created_by)
      .Bind(6, s.comment)
      .Bind(7, core::ToUnixMillis(s.starts_at));
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("add silence " + s.id);
  return {};
}

Result<std::vector<core::Silence>> SilenceStore::List(core::Timestamp now, bool include_expired) {
  auto stmt = db_.Cached(
      "SELECT id, matchers, starts_at, ends_at, created_by, comment, created_at FROM silences "
      "WHERE ?2 OR ends_at > ?1 ORDER BY ends_at, id");
  if (!stmt) return stmt.error();
  Statement& st = **stmt;
  st.Bind(1, core::ToUnixMillis(now)).Bind(2, include_expired ? 1 : 0);
  std::vector<core::Silence> out;
  while (true) {
    auto row = st.Step();
    if (!row) return row.error().Context("read silences");
    if (!*row) break;
    core::Silence s;
    s.id = st.Text(0);
    boost::system::error_code ec;
    auto matchers = json::parse(st.Text(1), ec);
    if (!ec && matchers.is_object()) {
      for (const auto& [k, v] : matchers.get_object()) {
        if (v.is_string()) s.matchers.emplace(std::string(k), std::string(v.get_string()));
      }
    }
    s.starts_at = core::FromUnixMillis(st.Int(2));
    s.ends_at = core::FromUnixMillis(st.Int(3));
    s.created_by = st.Text(4);
    s.comment = st.Text(5);
    out.push_back(std::move(s));
  }
  st.Reset();
  return out;
}

Result<bool> SilenceStore::Expire(const std::string& id, core::Timestamp now) {
  auto stmt = db_.Cached("UPDATE silences SET ends_at = ?2 WHERE id = ?1 AND ends_at > ?2");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, core::ToUnixMillis(now));
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("expire silence " + id);
  return db_.Changes() > 0;
}

}  // namespace sellerwatch::store
