#include "store/notify_group_store.hpp"

namespace sellerwatch::store {

Result<std::vector<StoredGroup>> NotifyGroupStore::LoadAll() {
  auto stmt = db_.Cached(
      "SELECT group_key, receiver, state, next_due FROM notify_groups ORDER BY group_key");
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  std::vector<StoredGroup> out;
  while (true) {
    auto row = s.Step();
    if (!row) return row.error().Context("read notification groups");
    if (!*row) break;
    StoredGroup g{s.Text(0), s.Text(1), s.Text(2), std::nullopt};
    if (auto v = s.OptionalInt(3)) g.next_due = core::FromUnixMillis(*v);
    out.push_back(std::move(g));
  }
  s.Reset();
  return out;
}

Result<void> NotifyGroupStore::Save(const StoredGroup& g) {
  auto stmt = db_.Cached(
      "INSERT INTO notify_groups(group_key, receiver, state, next_due) VALUES(?1, ?2, ?3, ?4) "
      "ON CONFLICT(group_key) DO UPDATE SET receiver = excluded.receiver, "
      "state = excluded.state, next_due = excluded.next_due");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, g.key).Bind(2, g.receiver).Bind(3, g.state);
  (*stmt)->Bind(
      4, g.next_due ? std::optional<std::int64_t>(core::ToUnixMillis(*g.next_due)) : std::nullopt);
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("save notification group " + g.key);
  return {};
}

Result<void> NotifyGroupStore::Delete(const std::string& key) {
  auto stmt = db_.Cached("DELETE FROM notify_groups WHERE group_key = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, key);
  return (*stmt)->Run();
}

}  // namespace sellerwatch::store
